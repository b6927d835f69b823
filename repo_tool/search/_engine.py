"""The engine interface, the rows that cross it, and opening an engine's index folder.

An index folder holds one engine's files and a small marker, `repo-tool-index.json`, naming the
engine and the versions of its schema and of the analyzer. An index whose marker does not match
this program is refused (its tokens or fields would not match the queries), and so is one whose
files cannot be read: either way the caller is told, in one line, to run `repo-tool reindex`.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from repo_tool.errors import Conflict, InvalidInput
from repo_tool.search._analyzer import ANALYZER_VERSION
from repo_tool.search._errors import IndexUnusable
from repo_tool.search._query import Query

ENGINES = ("tantivy", "whoosh")
DEFAULT_ENGINE = "tantivy"
MARKER = "repo-tool-index.json"


@dataclass(frozen=True)
class IndexDoc:
    """One version of a document, as the index receives it."""

    key: int  # the version's id (unique)
    document_id: int
    path: str  # repository-relative, e.g. "policies/ycc/SQS-14 私隱和保密/私隱政策.docx"
    unit: str
    kind: str  # "policy" | "record"
    sqs: tuple[int, ...]
    modified: int  # unix seconds (the version's file mtime)
    current: bool  # the document's latest version, and still on disk
    text: str  # extracted text ("" when none)


@dataclass(frozen=True)
class Filters:
    """What a hit must also be; empty tuples and None mean "any"."""

    units: tuple[str, ...] = ()
    sqs: tuple[int, ...] = ()  # any of these
    kind: str | None = None
    since: int | None = None  # modified >= since
    all_versions: bool = False  # False: only current versions
    leave_out: tuple[int, ...] = ()  # document ids never to match (the generated papers)


@dataclass(frozen=True)
class EngineHit:
    """A matching version: its key, relevance and file time."""

    key: int
    score: float
    modified: int


class Engine(Protocol):
    """A search index. Changes are seen by searches (here and in other processes) only after
    `commit`; `close` discards what was not committed. One writer at a time per index."""

    name: str

    def add(self, doc: IndexDoc) -> None:
        """Add a version (delete its key first when replacing it)."""

    def delete(self, key: int) -> None:
        """Remove a version, whether committed or added earlier in this batch."""

    def commit(self) -> None:
        """Make every change so far durable and visible."""

    def search(self, query: Query, filters: Filters, limit: int) -> list[EngineHit]:
        """The best `limit` hits, by relevance, then most recent first."""

    def count(self, query: Query, filters: Filters) -> int:
        """How many versions match."""

    def close(self) -> None:
        """Release the index (and the writer lock, if taken)."""


def _marker(name: str, schema: int) -> dict[str, object]:
    return {"engine": name, "schema": schema, "analyzer": ANALYZER_VERSION}


def _schema_version(name: str) -> int:
    if name == "tantivy":
        from repo_tool.search import _tantivy

        return _tantivy.SCHEMA_VERSION
    from repo_tool.search import _whoosh

    return _whoosh.SCHEMA_VERSION


def _prepare_new(name: str, folder: Path) -> None:
    """An empty folder with this engine's marker; an old index of ours there is replaced."""
    if folder.exists():
        if not folder.is_dir():
            raise Conflict(f"{folder} is a file, not a folder for the search index")
        if any(folder.iterdir()):
            if not (folder / MARKER).exists():
                raise Conflict(f"{folder} is not empty and holds no search index; move its "
                               "files away or choose another folder")
            import shutil  # a new index only

            shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    # The marker goes first: a crash while creating leaves a marked folder that the next
    # create replaces and that open reports as damaged.
    tmp = folder / f".{MARKER}.tmp"
    tmp.write_text(json.dumps(_marker(name, _schema_version(name))), encoding="utf-8")
    os.replace(tmp, folder / MARKER)


def _check_existing(name: str, folder: Path) -> None:
    if not folder.is_dir():
        raise IndexUnusable.missing(folder)
    try:
        found = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IndexUnusable.missing(folder) from None
    except (OSError, ValueError) as exc:
        raise IndexUnusable.damaged(folder) from exc
    if not isinstance(found, dict):
        raise IndexUnusable.damaged(folder)
    if found != _marker(name, _schema_version(name)):
        raise IndexUnusable.incompatible(folder)


def open_engine(name: str, folder: Path, *, create: bool) -> Engine:
    """Open the index in `folder`, or with create=True make a new, empty one there.

    Raises IndexUnusable (one line, saying to run `repo-tool reindex`) when the index is
    missing, from another version, or damaged.
    """
    if name not in ENGINES:
        raise InvalidInput(f"unknown search engine '{name}'; use one of: {', '.join(ENGINES)}")
    if create:
        _prepare_new(name, folder)
    else:
        _check_existing(name, folder)
    if name == "tantivy":
        from repo_tool.search._tantivy import TantivyEngine

        return TantivyEngine(folder, create=create)
    from repo_tool.search._whoosh import WhooshEngine

    return WhooshEngine(folder, create=create)
