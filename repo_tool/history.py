"""A document's history: its log, any old version's bytes, and restoring one.

Restoring never loses anything: unrecorded changes on disk are first recorded as a version of
their own, then the old bytes are written back (temp file, fsync, rename) and recorded as a new
version whose note names the version it came from.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from repo_tool.errors import Conflict, NotFound
from repo_tool.models import Actor, Document, Event, Version
from repo_tool.repository import Repository
from repo_tool.scan import Scanner


@dataclass(frozen=True)
class History:
    """Everything the catalog knows of one document."""

    document: Document
    versions: list[Version]
    events: list[Event]


@dataclass(frozen=True)
class Restored:
    """The result of a restore: the new version, and the version it copies."""

    version: Version
    source: Version
    recorded_first: Version | None  # unrecorded changes that were saved as a version first


def history(repo: Repository, given: str | Path) -> History:
    """The versions and events of the document at a path."""
    document = repo.document(given)
    return History(document, repo.catalog.versions(document.id), repo.catalog.events(document.id))


def write_version(repo: Repository, version: Version, out: BinaryIO) -> None:
    """Copy a version's stored bytes to an open binary stream."""
    try:
        with repo.objects.open(version.sha256) as blob:
            shutil.copyfileobj(blob, out, 1 << 20)
    except FileNotFoundError:
        raise NotFound(f"the bytes of '{version.path}' version {version.number} are missing "
                       "from .repo/objects; run `repo-tool verify`") from None


def save_version(repo: Repository, version: Version, dest: Path, overwrite: bool = False) -> None:
    """Write a version's bytes to a new file (never over an existing one unless asked)."""
    if dest.exists() and not overwrite:
        raise Conflict(f"{dest} already exists; choose another file or pass --force")
    _replace_with_version(repo, version, dest, dest.with_name(f".{dest.name}.{os.getpid()}.part"))


def _replace_with_version(repo: Repository, version: Version, dest: Path, tmp: Path) -> None:
    """Write a version's bytes to `tmp`, make them durable, then rename over `dest`."""
    try:
        with tmp.open("wb") as out:
            write_version(repo, version, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)


def restore(repo: Repository, given: str | Path, number: int, actor: Actor) -> Restored:
    """Write version `number` back to the document's path as its newest version."""
    document = repo.document(given)
    source = repo.version(document, number)
    with repo.writing("restore", actor) as session:
        before = Scanner(session, repo.config).run_paths([document.path])
        recorded_first = None
        if before.versions:
            recorded_first = session.catalog.version(document.id, before.versions[-1][1])
        latest = session.catalog.versions(document.id)[-1]
        disk = repo.root / document.path
        if latest.sha256 == source.sha256 and disk.is_file():
            raise Conflict(f"'{document.path}' already holds the bytes of version {number} "
                           f"(it is version {latest.number}); nothing to restore")
        disk.parent.mkdir(parents=True, exist_ok=True)
        _replace_with_version(repo, source, disk,
                              disk.with_name(f".~repo-tool-restore-{os.getpid()}.part"))
        scanner = Scanner(session, repo.config, note=f"restored from version {number}")
        result = scanner.run_paths([document.path])
        if result.versions:
            new = session.catalog.version(document.id, result.versions[-1][1])
        elif result.reappeared:
            new = latest  # a deleted file brought back with the bytes it last had
        else:
            reason = result.skipped[0].reason if result.skipped else "it did not change"
            raise Conflict(f"'{document.path}' was written back but could not be recorded: "
                           f"{reason}; run `repo-tool scan`")
        assert new is not None
        with session.catalog.transaction():
            session.audit("restore", {"path": document.path, "from_version": number})
        repo.catch_up(session)
    return Restored(new, source, recorded_first)
