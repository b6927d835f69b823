"""backup: a consistent copy of a repository, taken while `watch` and `serve` keep running.

The catalog is copied with SQLite's online backup API, which reads one consistent snapshot even
while another process commits. Everything else is taken from that snapshot, never from the live
folder: the blobs its versions name (objects are immutable and are stored before the catalog
refers to them, so each is there; each is checked against its sha256 on the way), the audit
head as of the snapshot's last entry, and the working files rebuilt from each present document's
latest version with the size and modification time the catalog last saw. The result is itself
a repository: `repo-tool verify --repo DEST` checks it, and it serves, searches (after
`repo-tool reindex`) and restores like the original. Nothing outside the repository (the
search index, derived and rebuilt by reindex) is copied.

The copy is written to `DEST.part-PID` and renamed into place when complete, then the backup is
audited in the original repository; a backup that could not be audited is deleted.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from repo_tool.config import CONFIG_NAME
from repo_tool.errors import Conflict, Damaged, InvalidInput, Locked
from repo_tool.models import Actor
from repo_tool.repository._handle import STATE_DIR, Repository
from repo_tool.store import Catalog, ObjectStore
from repo_tool.store.catalog import append_head
from repo_tool.store.objects import fsync_dir, make_private_dir
from repo_tool.store.session import Progress

_CHUNK = 1 << 20
LOCK_WAIT = 60.0  # seconds a backup waits to write its audit entry


@dataclass(frozen=True)
class BackupReport:
    """What a backup holds: the snapshot's audit head, blobs and documents."""

    dest: Path
    blobs: int
    documents: int
    audit_entries: int
    size: int  # bytes of blobs copied


def _check_dest(repo: Repository, dest: Path) -> Path:
    dest = dest.expanduser().absolute()
    root = repo.root.resolve()
    resolved = dest.resolve()
    if resolved == root or root in resolved.parents:
        raise InvalidInput(f"{dest} is inside the repository, where the next scan would record "
                           "the backup as documents; give a folder elsewhere (another disk)")
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise Conflict(f"{dest} already exists and is not an empty folder; a backup never "
                       "overwrites: give a new folder name")
    if not dest.parent.is_dir():
        raise InvalidInput(f"the folder {dest.parent} does not exist; create it first")
    return dest


def _snapshot(source: Path, target: Path) -> None:
    """Copy the catalog as one consistent snapshot (SQLite's online backup API)."""
    reader = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True, timeout=30)
    writer = sqlite3.connect(target)
    try:
        reader.backup(writer)  # all pages in one step: one read transaction, one snapshot
        writer.execute("PRAGMA journal_mode = WAL")
    finally:
        writer.close()
        reader.close()
    target.chmod(0o600)


def _copy_blob(source: ObjectStore, dest: ObjectStore, sha256: str) -> int:
    with source.open(sha256) as stream:  # checks the bytes against sha256 as they are read
        got, size = dest.add_stream(stream)
    if got != sha256:
        raise Damaged(f"blob {sha256[:12]}… changed while it was copied; run `repo-tool verify`")
    return size


def _write_file(objects: ObjectStore, sha256: str, target: Path, mtime_ns: int | None) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with objects.open(sha256) as stream, target.open("wb") as out:
        shutil.copyfileobj(stream, out, _CHUNK)
        out.flush()
        os.fsync(out.fileno())
    if mtime_ns is not None:
        os.utime(target, ns=(mtime_ns, mtime_ns))


def backup(repo: Repository, dest: Path, actor: Actor,
           on_progress: Progress | None = None) -> BackupReport:
    """Copy the repository to the new folder `dest` (see the module's description)."""
    dest = _check_dest(repo, dest)
    work = dest.with_name(f"{dest.name}.part-{os.getpid()}")
    if work.exists():
        shutil.rmtree(work)
    state = work / STATE_DIR
    try:
        make_private_dir(state)
        (work / "index").mkdir()
        shutil.copy2(repo.root / CONFIG_NAME, work / CONFIG_NAME)
        _snapshot(repo.state / "catalog.sqlite", state / "catalog.sqlite")
        snapshot = Catalog(state / "catalog.sqlite", write=False)
        try:
            objects = ObjectStore(state / "objects")
            objects.create()
            blobs = list(snapshot.blob_references())
            latest = [(v, seen) for v, status, _size, seen in snapshot.latest_versions()
                      if status == "present"]
            total = len(blobs) + len(latest)
            size = 0
            for done, (sha256, _recorded) in enumerate(blobs, start=1):
                size += _copy_blob(repo.objects, objects, sha256)
                if on_progress:
                    on_progress(done, total, f"blob {sha256[:12]}")
            objects.flush()
            for done, (version, seen_mtime) in enumerate(latest, start=len(blobs) + 1):
                _write_file(objects, version.sha256, work / version.path,
                            seen_mtime if seen_mtime is not None else version.mtime_ns)
                if on_progress:
                    on_progress(done, total, version.path)
            head = snapshot.db.execute(
                "SELECT id, hash, at FROM audit ORDER BY id DESC LIMIT 1").fetchone()
            entries = snapshot.db.execute("SELECT COUNT(*) FROM audit").fetchone()[0]
        finally:
            snapshot.close()
        if head is not None:
            append_head(state / "audit-head", head[0], head[1], head[2])
        fsync_dir(state)
        if dest.exists():
            _into_empty(work, dest)
        else:
            os.replace(work, dest)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    report = BackupReport(dest, len(blobs), len(latest), entries, size)
    try:
        _audit(repo, report, actor)
    except BaseException:  # a copy of the evidence never leaves without its audit entry
        shutil.rmtree(dest, ignore_errors=True)
        raise
    return report


def _audit(repo: Repository, report: BackupReport, actor: Actor) -> None:
    """The backup's audit entry, waiting a while for a writer's pass (watch) to end."""
    give_up = time.monotonic() + LOCK_WAIT
    while True:
        try:
            with repo.writing("backup", actor) as session, session.catalog.transaction():
                session.audit("backup", {"dest": str(report.dest), "blobs": report.blobs,
                                         "documents": report.documents, "bytes": report.size,
                                         "audit_entries": report.audit_entries})
            return
        except Locked:
            if time.monotonic() >= give_up:
                raise
            time.sleep(0.2)  # a pass of watch takes moments; not a test's synchronisation


def _into_empty(work: Path, dest: Path) -> None:
    """Move the finished copy into an existing empty folder (a mount point, say)."""
    for child in work.iterdir():
        os.replace(child, dest / child.name)
    work.rmdir()
