"""Scan: walk -> classify -> diff against the catalog -> record versions.

One code path for `scan`, `import`, `restore` and (later) `watch`. The fast path trusts a file
whose size and mtime match what the last scan saw; anything else is hashed while its bytes are
copied into the object store, so a first scan reads each file once.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from repo_tool.config import Config
from repo_tool.ocr import OcrReport
from repo_tool.session import Progress, WriteSession, now
from repo_tool.store import FileChanged
from repo_tool.store.catalog import SeenState
from repo_tool.tree import FileEntry, Place, Rules, Skipped, stat_paths, walk

# A file modified this close to the scan may change again within the file system's timestamp
# resolution without its mtime moving; such files are re-hashed on the next scan.
_RACY_NS = 2_000_000_000


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
    index_warning: str | None = None
    ocr: OcrReport | None = None  # what OCR did after the scan; None when it was not run

    @property
    def recorded_anything(self) -> bool:
        return bool(self.versions or self.moved or self.deleted or self.reappeared)

    def counts(self) -> dict[str, int]:
        return {"new": len(self.new), "changed": len(self.changed), "moved": len(self.moved),
                "deleted": len(self.deleted), "reappeared": len(self.reappeared),
                "unchanged": self.unchanged, "skipped": len(self.skipped)}


class Scanner:
    """Records what is on disk; `run` scans everything, `run_paths` just the given paths."""

    def __init__(self, session: WriteSession, config: Config, note: str | None = None) -> None:
        self.session = session
        self.catalog = session.catalog
        self.rules = Rules(config)
        self.note = note
        self.result = ScanResult()

    def run(self, on_progress: Progress | None = None) -> ScanResult:
        """Scan policies/ and records/ whole: new, changed, moved and deleted files."""
        found = walk(self.session.root, self.rules, self.catalog.stat_cache())
        self.result.skipped += found.skipped
        self.result.unchanged += found.unchanged
        unreadable = tuple(s.path + "/" for s in found.skipped if s.reason.startswith("folder"))
        gone = sorted(path for path in self.catalog.present_paths() - found.on_disk
                      if not path.startswith(unreadable))
        self._record(found.to_read, gone, on_progress)
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
        for entry in found:
            state = self.catalog.seen_state(entry.path)
            if (state is not None and state.status == "present"
                    and (state.seen_size, state.seen_mtime_ns) == (entry.size, entry.mtime_ns)):
                self.result.unchanged += 1
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
        racy_after = time.time_ns() - _RACY_NS
        with self.session.batches() as tick:
            for done, (entry, place, state) in enumerate(to_read, start=1):
                if on_progress:
                    on_progress(done, len(to_read), entry.path)
                self._record_file(entry, place, state, vanished, racy_after)
                tick()
            for candidates in vanished.values():
                for gone_state in candidates:
                    self._mark_deleted(gone_state)
                    tick()
        self.result.deleted.sort()

    def _record_file(self, entry: FileEntry, place: Place, state: SeenState | None,
                     vanished: dict[str, list[SeenState]], racy_after: int) -> None:
        try:
            sha256, size = self.session.objects.add_file(entry.disk, entry.size, entry.mtime_ns)
        except FileChanged as exc:
            self.result.skipped.append(Skipped(entry.path, exc.reason))
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
        self.catalog.add_event(state.document_id, now(), "deleted", {}, self.session.operation)
        self.result.deleted.append(state.path)
