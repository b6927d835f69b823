"""Scan: walk -> classify -> diff against the catalog -> record versions.

One code path for `scan`, `import`, `restore` and `watch`. The fast path trusts a file whose size
and mtime match what the last scan saw; anything else is hashed while its bytes are copied into
the object store, so a first scan reads each file once.

Mass-disappearance guard: when one pass finds more than half of a unit's present documents (and
at least `MASS_MINIMUM`) gone at once, a share has most likely gone offline or a unit folder was
moved away, so they are marked `missing`, not `deleted`. They keep their last-seen size and
mtime, and come back as present without being read again (and without a new version) when the
same files return. Only `confirm_deletions` (`repo-tool scan --confirm-deletions`) turns missing
documents whose files are still gone into deletions.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from repo_tool.config import Config
from repo_tool.ingest.tree import FileEntry, Place, Rules, Skipped, stat_paths, walk
from repo_tool.models import KIND_FOLDERS, Actor
from repo_tool.repository import Repository
from repo_tool.store import FileChanged
from repo_tool.store.catalog import SeenState
from repo_tool.store.session import Progress, WriteSession, now

if TYPE_CHECKING:
    from repo_tool.ocr import OcrReport

# A file modified this close to the scan may change again within the file system's timestamp
# resolution without its mtime moving; such files are re-hashed on the next scan.
_RACY_NS = 2_000_000_000

MASS_MINIMUM = 5
"""At least this many documents of one unit must vanish at once for the guard to hold them."""


@dataclass
class ScanResult:
    """What a scan recorded and what it could not."""

    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    moved: list[tuple[str, str]] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    reappeared: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    versions: list[tuple[str, int]] = field(default_factory=list)
    no_text: list[tuple[str, str, str]] = field(default_factory=list)  # (path, status, reason)
    missing: list[str] = field(default_factory=list)   # marked missing by the guard, this pass
    warnings: list[str] = field(default_factory=list)  # for people: what the guard held back
    still_missing: int = 0    # documents missing before this full scan and still not back
    deferred: list[str] = field(default_factory=list)  # modified too recently; not read yet
    retry: list[str] = field(default_factory=list)     # changed or vanished while being read
    ocr: OcrReport | None = None  # what OCR did after the scan; None when it was not run

    @property
    def recorded_anything(self) -> bool:
        return bool(self.versions or self.moved or self.deleted or self.reappeared
                    or self.missing)

    @property
    def name_only(self) -> tuple[tuple[str, int], ...]:
        """(format, count) of the files read this scan that search finds by name only."""
        from repo_tool.extract import name_only_by_format

        return name_only_by_format((path, status) for path, status, _ in self.no_text)

    def counts(self) -> dict[str, int]:
        return {"new": len(self.new), "changed": len(self.changed), "moved": len(self.moved),
                "deleted": len(self.deleted), "missing": len(self.missing),
                "reappeared": len(self.reappeared), "unchanged": self.unchanged,
                "skipped": len(self.skipped)}


class Scanner:
    """Records what is on disk; `run` scans everything, `run_paths` just the given paths."""

    def __init__(self, session: WriteSession, config: Config, note: str | None = None, *,
                 confirm_deletions: bool = False) -> None:
        self.session = session
        self.catalog = session.catalog
        self.rules = Rules(config)
        self.note = note
        self.confirm_deletions = confirm_deletions
        self.result = ScanResult()

    def run(self, on_progress: Progress | None = None, *, held: Collection[str] = (),
            settle_ns: int = 0) -> ScanResult:
        """Scan policies/ and records/ whole: new, changed, moved and deleted files.

        `held` paths (a watcher is still waiting for them to settle) are neither read nor taken
        as gone; files modified less than `settle_ns` ago are not read either, and are listed in
        `result.deferred` for the caller to record once they have settled.
        """
        found = walk(self.session.root, self.rules, self.catalog.stat_cache())
        self.result.skipped += found.skipped
        self.result.unchanged += found.unchanged
        to_read = found.to_read
        if held or settle_ns:
            recent = time.time_ns() - settle_ns
            to_read = []
            for entry in found.to_read:
                if entry.path in held:
                    continue
                if entry.mtime_ns > recent:
                    self.result.deferred.append(entry.path)
                else:
                    to_read.append(entry)
        unreadable = tuple(s.path + "/" for s in found.skipped if s.reason.startswith("folder"))
        known = self.catalog.present_paths()
        missing = self.catalog.missing_paths()
        if self.confirm_deletions:
            known |= missing
        gone = sorted(path for path in known - found.on_disk
                      if not path.startswith(unreadable) and path not in held)
        self._record(to_read, gone, on_progress)
        if not self.confirm_deletions:
            self.result.still_missing = len(missing - found.on_disk)
        return self.result

    def run_paths(self, relpaths: Iterable[str], on_progress: Progress | None = None
                  ) -> ScanResult:
        """Scan only these repository-relative paths (used by import, restore and watch)."""
        found, skipped, gone = stat_paths(self.session.root, self.rules, relpaths)
        self.result.skipped += skipped
        present = self.catalog.present_paths()
        self._record(found, [path for path in gone if path in present], on_progress)
        return self.result

    def _record(self, found: list[FileEntry], gone: list[str],
                on_progress: Progress | None) -> None:
        to_read: list[tuple[FileEntry, Place, SeenState | None]] = []
        returned: list[SeenState] = []
        for entry in found:
            state = self.catalog.seen_state(entry.path)
            if state is not None and (state.seen_size, state.seen_mtime_ns) == (entry.size,
                                                                                entry.mtime_ns):
                if state.status == "present":
                    self.result.unchanged += 1
                    continue
                if state.status == "missing":
                    returned.append(state)  # the very file the guard held: no need to read it
                    continue
            place = self.rules.place(entry.path)
            if isinstance(place, str):
                self.result.skipped.append(Skipped(entry.path, place))
            else:
                to_read.append((entry, place, state))
        vanished: dict[str, list[SeenState]] = defaultdict(list)
        for path in gone:
            gone_state = self.catalog.seen_state(path)
            if gone_state is not None and gone_state.sha256 is not None:
                vanished[gone_state.sha256].append(gone_state)
        present_by_unit = self.catalog.present_by_unit() if gone else {}
        racy_after = time.time_ns() - _RACY_NS
        with self.session.batches() as tick:
            for state in returned:
                self._mark_back(state)
                tick()
            for done, (entry, place, state) in enumerate(to_read, start=1):
                if on_progress:
                    on_progress(done, len(to_read), entry.path)
                self._record_file(entry, place, state, vanished, racy_after)
                tick()
            held = self._mass_disappearance(vanished, present_by_unit)
            for candidates in vanished.values():
                for gone_state in candidates:
                    if gone_state.path in held:
                        self._mark_missing(gone_state)
                    else:
                        self._mark_deleted(gone_state)
                    tick()
        self.result.deleted.sort()
        self.result.missing.sort()

    def _mass_disappearance(self, vanished: dict[str, list[SeenState]],
                            present_by_unit: dict[str, int]) -> set[str]:
        """The gone paths to mark missing rather than deleted, with a warning per unit."""
        if self.confirm_deletions:
            return set()
        # policies/ and records/ are the tool's own folders: one of them gone means a share
        # went away, however few documents it held.
        absent = tuple(f"{top}/" for top in KIND_FOLDERS
                       if not (self.session.root / top).is_dir())
        by_unit: dict[str, list[str]] = defaultdict(list)
        for candidates in vanished.values():
            for state in candidates:
                if state.status == "present":
                    by_unit[unit_of(state.path)].append(state.path)
        held: set[str] = set()
        for unit, paths in sorted(by_unit.items()):
            present = present_by_unit.get(unit, 0)
            if (len(paths) >= MASS_MINIMUM and 2 * len(paths) > present) or (
                    absent and any(path.startswith(absent) for path in paths)):
                held.update(paths)
                self.result.warnings.append(
                    f"{len(paths)} of the {present} documents of unit '{unit}' vanished at once "
                    "(a share offline, or a unit folder moved away?); they are marked missing, "
                    "not deleted, and come back as they were when the files return. If they "
                    "were removed on purpose, run `repo-tool scan --confirm-deletions`")
        return held

    def _record_file(self, entry: FileEntry, place: Place, state: SeenState | None,
                     vanished: dict[str, list[SeenState]], racy_after: int) -> None:
        try:
            sha256, size = self.session.objects.add_file(entry.disk, entry.size, entry.mtime_ns)
        except FileChanged as exc:
            self.result.skipped.append(Skipped(entry.path, exc.reason))
            self.result.retry.append(entry.path)
            return
        at = now()
        if state is None:
            document_id = self._new_or_moved(entry, place, sha256, vanished, at)
            if document_id is None:
                return
            previous_sha = sha256
        else:
            document_id = state.document_id
            previous_sha = state.sha256 or ""
            if state.status != "present":
                self.catalog.set_status(document_id, "present")
                self.catalog.add_event(document_id, at, "reappeared", {},
                                       self.session.operation)
                self.result.reappeared.append(entry.path)
            if sha256 != previous_sha:
                self._add_version(document_id, entry, sha256, size, at)
                self.result.changed.append(entry.path)
            elif state.status == "present":
                self.result.unchanged += 1  # touched, or re-checked after a racy mtime
        seen_mtime = entry.mtime_ns if entry.mtime_ns < racy_after else None
        self.catalog.set_seen(document_id, size, seen_mtime)

    def _new_or_moved(self, entry: FileEntry, place: Place, sha256: str,
                      vanished: dict[str, list[SeenState]], at: str) -> int | None:
        """A path the catalog has never seen: a move of a vanished file, or a new document."""
        name = entry.path.rsplit("/", 1)[-1]
        candidates = vanished.get(sha256, [])
        old = next((s for s in candidates if s.path.rsplit("/", 1)[-1] == name), None)
        old = old or (candidates[0] if candidates else None)
        if old is None:
            # A case-only rename that also changed the bytes keeps its history too.
            folded = entry.path.casefold()
            old = next((s for group in vanished.values() for s in group
                        if s.path.casefold() == folded), None)
        if old is not None:
            vanished[old.sha256 or ""].remove(old)
            self.catalog.set_place(old.document_id, entry.path, place.unit, place.kind)
            self.catalog.set_sqs(old.document_id, "path", place.sqs)
            self.catalog.add_event(old.document_id, at, "moved",
                                   {"from": old.path, "to": entry.path}, self.session.operation)
            self.result.moved.append((old.path, entry.path))
            if old.sha256 != sha256:
                self._add_version(old.document_id, entry, sha256, entry.size, at)
                self.result.changed.append(entry.path)
            return old.document_id
        document_id = self.catalog.add_document(entry.path, place.unit, place.kind, at)
        self.catalog.set_sqs(document_id, "path", place.sqs)
        self._add_version(document_id, entry, sha256, entry.size, at)
        self.result.new.append(entry.path)
        return document_id

    def _add_version(self, document_id: int, entry: FileEntry, sha256: str, size: int,
                     at: str) -> None:
        number = self.catalog.add_version(document_id, sha256, size, entry.mtime_ns, at,
                                          self.session.command, self.note, self.session.operation)
        self.result.versions.append((entry.path, number))

    def _mark_deleted(self, state: SeenState) -> None:
        self.catalog.set_status(state.document_id, "deleted")
        self.catalog.set_seen(state.document_id, None, None)
        detail = {"confirmed": True} if state.status == "missing" else {}
        self.catalog.add_event(state.document_id, now(), "deleted", detail,
                               self.session.operation)
        self.result.deleted.append(state.path)

    def _mark_missing(self, state: SeenState) -> None:
        # The last-seen size and mtime stay: the same file coming back is trusted without a read.
        self.catalog.set_status(state.document_id, "missing")
        self.catalog.add_event(state.document_id, now(), "missing", {}, self.session.operation)
        self.result.missing.append(state.path)

    def _mark_back(self, state: SeenState) -> None:
        self.catalog.set_status(state.document_id, "present")
        self.catalog.add_event(state.document_id, now(), "reappeared", {},
                               self.session.operation)
        self.result.reappeared.append(state.path)


def unit_of(relpath: str) -> str:
    """The unit folder a document path names (`records/<unit>/...`)."""
    parts = relpath.split("/", 2)
    return parts[1] if len(parts) > 2 else ""


def scan(repo: Repository, actor: Actor, on_progress: Progress | None = None, *,
         confirm_deletions: bool = False, ocr: bool = True) -> ScanResult:
    """Record every new, changed, moved and deleted file, then bring search up to date.

    With `confirm_deletions`, documents held as missing whose files are still gone are recorded
    as deleted, and no disappearance is held back as missing. Everything is recorded and indexed
    first (by name and extracted text); then, unless `ocr` is false or repo.yaml switches it
    off, scanned pages are read by OCR and their text joins the index.
    """
    with repo.writing("scan", actor) as session:
        scanner = Scanner(session, repo.config, confirm_deletions=confirm_deletions)
        result = scanner.run(on_progress)
        if result.recorded_anything:
            with session.catalog.transaction():
                detail: dict[str, object] = dict(result.counts())
                if confirm_deletions:
                    detail["confirm_deletions"] = True
                session.audit("scan", detail)
        repo.catch_up(session, result, on_progress)
        if ocr and repo.config.ocr_enabled:
            result.ocr = repo.run_ocr(session, on_progress)
    return result
