"""The stability tracker: a watched path is recorded only once it has settled.

Every file-system event that names a path touches it here. The path is ready once its size,
mtime, inode and type have not changed for the quiet period and it can be opened for reading
(Windows refuses to open a file that Word or a copy still holds); a path that has vanished is
ready after the same quiet period, so a deletion is recorded too. Bursts of events on one path
only restart its quiet period, so they collapse into one recording.

The two sides of a rename are held as one group and released together, so the scanner sees the
vanished path and the new one in the same pass and records a move (or, for an atomic save, a new
version of the original path).
"""

from __future__ import annotations

import itertools
import os
import stat
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from repo_tool.store.objects import FileChanged, open_regular_file

Identity = tuple[int, int, int, int] | None
"""(mode, size, mtime_ns, inode) of a path, or None when nothing is there."""

MAX_OPEN_ATTEMPTS = 5
"""A file that stays unreadable this many quiet periods is handed on, for the scanner to report."""


@dataclass
class _Pending:
    identity: Identity
    changed_at: float   # clock time of the last event or observed change
    group: int
    attempts: int = 0


class StabilityTracker:
    """Paths waiting to settle; `touch` from any thread, `take_ready` from the recording one."""

    def __init__(self, root: Path, quiet_seconds: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.root = root
        self.quiet = quiet_seconds
        self.clock = clock
        self._lock = threading.Lock()
        self._paths: dict[str, _Pending] = {}
        self._groups: dict[int, set[str]] = {}
        self._ids = itertools.count()

    def __len__(self) -> int:
        with self._lock:
            return len(self._paths)

    def paths(self) -> set[str]:
        """The paths still settling."""
        with self._lock:
            return set(self._paths)

    def touch(self, *relpaths: str) -> bool:
        """An event named these paths (both sides of a rename): restart their quiet period.

        Returns True if nothing was pending before, i.e. a new earliest deadline may exist.
        """
        identities = [(relpath, self._identity(relpath)) for relpath in relpaths]
        at = self.clock()
        with self._lock:
            was_empty = not self._paths
            members: set[str] = set()
            for relpath, _ in identities:
                known = self._paths.get(relpath)
                if known is not None:
                    members |= self._groups.pop(known.group, set())
            group = next(self._ids)
            for relpath, identity in identities:
                self._paths[relpath] = _Pending(identity, at, group)
                members.add(relpath)
            for member in members:
                self._paths[member].group = group
            self._groups[group] = members
        return was_empty

    def touch_each(self, relpaths: Iterable[str]) -> None:
        """Track each of these paths on its own (found by a scan, not named by one event)."""
        for relpath in relpaths:
            self.touch(relpath)

    def next_due(self) -> float | None:
        """The clock time at which the earliest group may be ready, or None if none waits."""
        with self._lock:
            if not self._groups:
                return None
            return min(self._due(members) for members in self._groups.values())

    def take_ready(self) -> list[str]:
        """The paths of every group that has settled, no longer tracked from now on."""
        now = self.clock()
        with self._lock:
            candidates = [(group, [(m, self._paths[m]) for m in sorted(members)])
                          for group, members in self._groups.items()
                          if self._due(members) <= now]
        ready: list[str] = []
        for group, entries in candidates:
            # Check every member (each check may push its own deadline back).
            settled = [self._settled(relpath, entry, now) for relpath, entry in entries]
            if not all(settled):
                continue
            with self._lock:
                # An event that arrived meanwhile replaced an entry: that group waits again.
                if (self._groups.get(group) == {m for m, _ in entries}
                        and all(self._paths.get(m) is entry for m, entry in entries)):
                    del self._groups[group]
                    for relpath, _ in entries:
                        del self._paths[relpath]
                    ready += [relpath for relpath, _ in entries]
        return sorted(ready)

    def _due(self, members: set[str]) -> float:
        return max(self._paths[m].changed_at for m in members) + self.quiet

    def _settled(self, relpath: str, entry: _Pending, now: float) -> bool:
        identity = self._identity(relpath)
        if identity != entry.identity:
            entry.identity, entry.changed_at, entry.attempts = identity, now, 0
            return False
        if identity is None or not stat.S_ISREG(identity[0]):
            return True  # gone (a deletion), or not a file: the scanner says what it is
        if self._readable(relpath):
            return True
        entry.attempts += 1
        if entry.attempts >= MAX_OPEN_ATTEMPTS:
            return True  # the scanner reports why it cannot be read
        entry.changed_at = now
        return False

    def _identity(self, relpath: str) -> Identity:
        try:
            info = os.lstat(self.root / relpath)
        except OSError:
            return None
        return (info.st_mode, info.st_size, info.st_mtime_ns, info.st_ino)

    def _readable(self, relpath: str) -> bool:
        try:
            os.close(open_regular_file(self.root / relpath))
        except FileChanged:
            return False
        return True
