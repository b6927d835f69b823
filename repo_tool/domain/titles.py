"""What lists and pages call a document: its title (from its core properties or first heading,
see extract/_title.py), else its file name; the path is shown beneath it."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath

from repo_tool.models import Document
from repo_tool.repository import Repository


def file_name(path: str) -> str:
    """The last part of a catalog path."""
    return PurePosixPath(path).name


def titles(repo: Repository, documents: Iterable[Document]) -> dict[str, str]:
    """path -> the title of each document's latest version, else its file name."""
    wanted = list(documents)
    found = repo.catalog.texts.titles([d.id for d in wanted])
    return {d.path: found.get(d.id) or file_name(d.path) for d in wanted}


def titles_of_paths(repo: Repository, paths: Iterable[str]) -> dict[str, str]:
    """path -> title for catalog paths (a path the catalog does not hold: its file name)."""
    wanted = list(dict.fromkeys(paths))
    known = [d for d in (repo.catalog.document(p) for p in wanted) if d is not None]
    shown = titles(repo, known)
    return {p: shown.get(p) or file_name(p) for p in wanted}
