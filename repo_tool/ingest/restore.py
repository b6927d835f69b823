"""Restoring an old version: it comes back as the newest version, and nothing is lost.

Unrecorded changes on disk are first recorded as a version of their own, then the old bytes are
written back (temp file, fsync, rename) and recorded as a new version whose note names the
version it came from.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from repo_tool.errors import Conflict
from repo_tool.ingest.scanner import Scanner
from repo_tool.models import Actor, Version
from repo_tool.repository import Repository
from repo_tool.repository.history import replace_with_version


@dataclass(frozen=True)
class Restored:
    """The result of a restore: the new version, and the version it copies."""

    version: Version
    source: Version
    recorded_first: Version | None  # unrecorded changes that were saved as a version first


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
        replace_with_version(repo, source, disk,
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
