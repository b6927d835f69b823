"""A document's history: its log, and any old version's bytes (restoring one is in ingest)."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from repo_tool.errors import Conflict
from repo_tool.models import Document, Event, Version
from repo_tool.repository import Repository


@dataclass(frozen=True)
class History:
    """Everything the catalog knows of one document."""

    document: Document
    versions: list[Version]
    events: list[Event]


def history(repo: Repository, given: str | Path) -> History:
    """The versions and events of the document at a path."""
    document = repo.document(given)
    return History(document, repo.catalog.versions(document.id), repo.catalog.events(document.id))


def write_version(repo: Repository, version: Version, out: BinaryIO) -> None:
    """Copy a version's stored bytes to an open binary stream."""
    with repo.open_version(version) as blob:
        shutil.copyfileobj(blob, out, 1 << 20)


def save_version(repo: Repository, version: Version, dest: Path, overwrite: bool = False) -> None:
    """Write a version's bytes to a new file (never over an existing one unless asked)."""
    if dest.exists() and not overwrite:
        raise Conflict(f"{dest} already exists; choose another file or pass --force")
    replace_with_version(repo, version, dest, dest.with_name(f".{dest.name}.{os.getpid()}.part"))


def replace_with_version(repo: Repository, version: Version, dest: Path, tmp: Path) -> None:
    """Write a version's bytes to `tmp`, make them durable, then rename over `dest`."""
    try:
        with tmp.open("wb") as out:
            write_version(repo, version, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
