"""verify: every blob against its sha256, the catalog's integrity, the audit chain, and the files
on disk against their latest version.

Problems (exit 1) are damage: a blob missing or altered, SQLite reporting corruption, a broken
audit link, a file whose bytes changed while its size and mtime stayed the same. Pending changes
(a file edited or removed since the last scan) are listed but are not damage: `scan` records them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from repo_tool.errors import Locked
from repo_tool.repository import Repository, current_actor
from repo_tool.store.catalog import read_head
from repo_tool.store.objects import FileChanged, hash_file
from repo_tool.store.session import Progress, versions_digest

_SHOWN = 5  # unaudited operations named one by one before the rest are counted


@dataclass
class VerifyReport:
    """What verify checked and found."""

    blobs: int = 0
    documents: int = 0
    audit_entries: int = 0
    problems: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    head: tuple[int, str] | None = None  # the audit chain's last (id, hash), when it checks out
    disposed: int = 0  # versions disposed of under a retention rule (tombstones, no bytes)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(repo: Repository, on_progress: Progress | None = None) -> VerifyReport:
    """Check the whole repository; reading only, no lock needed."""
    report = VerifyReport()
    catalog = repo.catalog
    _finish_disposals(repo, report)
    report.problems += [f"catalog: {problem}" for problem in catalog.integrity_problems()]
    blobs = list(catalog.blob_references())
    latest = list(catalog.latest_versions())
    total = len(blobs) + len(latest)
    for done, (sha256, size) in enumerate(blobs, start=1):
        if on_progress:
            on_progress(done, total, f"blob {sha256[:12]}")
        actual = repo.objects.hash_of(sha256)
        if actual is None:
            problem = "are missing from .repo/objects"
        elif actual != sha256:
            problem = f"were altered: they now hash to {actual[:12]}…"
        elif repo.objects.path_for(sha256).stat().st_size != size:
            problem = "have the wrong size"
        else:
            problem = None
        if problem is not None:
            report.problems.append(f"{', '.join(catalog.versions_of_blob(sha256))}: the stored "
                                   f"bytes (blob {sha256[:12]}…) {problem}")
        report.blobs += 1
    for done, (version, status, seen_size, seen_mtime) in enumerate(latest, start=len(blobs) + 1):
        if on_progress:
            on_progress(done, total, version.path)
        report.documents += 1
        if status != "present":
            continue
        disk = repo.root / version.path
        try:
            info = os.lstat(disk)
        except FileNotFoundError:
            report.pending.append(f"{version.path}: gone from disk (run `repo-tool scan`)")
            continue
        stat_changed = (info.st_size, info.st_mtime_ns) != (seen_size, seen_mtime)
        if stat_changed and (seen_mtime is not None or info.st_size != seen_size):
            report.pending.append(f"{version.path}: changed since the last scan "
                                  "(run `repo-tool scan`)")
            continue
        try:
            actual = hash_file(disk)
        except FileChanged as exc:
            report.pending.append(f"{version.path}: {exc.reason}")
            continue
        if actual != version.sha256:
            if seen_mtime is None:
                report.pending.append(f"{version.path}: changed since the last scan "
                                      "(run `repo-tool scan`)")
            else:
                report.problems.append(
                    f"{version.path}: its bytes differ from version {version.number} although "
                    "its size and modification time did not change (altered on disk?); "
                    f"`repo-tool show '{version.path}' -o FILE` gets the recorded bytes back")
    _check_disposed(repo, report)
    _check_audit(repo, report)
    damaged = repo.index.damage()
    if damaged:
        report.problems.append(f"the search index is damaged: {', '.join(damaged[:3])} failed "
                               "Tantivy's own checksum; run `repo-tool reindex` to rebuild it "
                               "from the catalog")
    return report


def _finish_disposals(repo: Repository, report: VerifyReport) -> None:
    """Finish a disposal a crash cut short (its tombstones are committed; the bytes may not
    be gone yet): opening a write session does it, when no other writer holds the lock."""
    unfinished = repo.catalog.disposals.unfinished()
    if not unfinished:
        return
    try:
        with repo.writing("verify", current_actor()):
            pass
    except Locked:
        report.pending.append(f"{len(unfinished)} disposed version(s) still to be removed from "
                              ".repo/objects and the index; the next command that changes the "
                              "repository finishes it (another one is running now)")


def _check_disposed(repo: Repository, report: VerifyReport) -> None:
    """Tombstones are accepted: their bytes must be gone, unless a kept version shares them."""
    report.disposed = repo.catalog.disposals.count()
    for sha256, named in repo.catalog.disposals.gone_blobs():
        if repo.objects.has(sha256):
            report.problems.append(f"{named}: disposed of, but its bytes (blob {sha256[:12]}…) "
                                   "are back in .repo/objects (restored from an older backup?); "
                                   f"delete {repo.objects.path_for(sha256)}")


def _check_audit(repo: Repository, report: VerifyReport) -> None:
    catalog = repo.catalog
    broken = catalog.audit_chain_break()
    if broken:
        report.problems.append(broken)
    head = read_head(catalog.head_path)
    if head is not None:
        entry_id, digest = head
        kept = catalog.audit_hash_of(entry_id)
        if kept is None:
            report.problems.append(f"the audit log was cut: entry {entry_id}, the last one "
                                   ".repo/audit-head records, is not in the catalog")
        elif kept != digest:
            report.problems.append(f"the audit log was rewritten: entry {entry_id} no longer "
                                   "has the hash .repo/audit-head records")
        else:
            report.head = (entry_id, digest)
    elif catalog.audit_head_kept():
        report.problems.append(".repo/audit-head is missing: the audit chain's head was kept "
                               "there; restore it from a backup")
    named: set[object] = set()  # the operations the audit entries speak for
    for entry in catalog.audit_entries():
        report.audit_entries += 1
        operation = entry.detail.get("operation")
        named.add(operation)
        expected = entry.detail.get("versions_digest")
        if isinstance(operation, int) and isinstance(expected, str):
            recorded = catalog.operation_versions(operation)
            if versions_digest(recorded) != expected:
                report.problems.append(
                    f"audit entry {entry.id} ({entry.action}, {entry.at}) no longer matches the "
                    "versions it recorded: the catalog's versions were changed by hand")
    unaudited = [op for op in catalog.finished_operations() if op[0] not in named]
    for unaudited_id, command, started in unaudited[:_SHOWN]:
        report.problems.append(f"the audit log was cut: operation {unaudited_id} ({command}, "
                               f"started {started}) recorded versions but has no audit entry")
    if len(unaudited) > _SHOWN:
        report.problems.append(f"the audit log was cut: {len(unaudited) - _SHOWN} more "
                               "operations have no audit entry")
