"""`repo-tool watch`: record each save as it happens, through the same scanner as `scan`.

watchdog's observer (native events, or polling where native events do not arrive, as on many
network shares) reports changes under policies/ and records/. The stability tracker holds each
path until it has settled, then `Scanner.run_paths` records the settled paths in a write session
that holds the repository's writer lock for that pass only, so other writers (`scan`, the web's
forms, `backup`'s audit entry) take their turn between passes; when another writer holds the
lock, the pass waits and is tried again. `.repo/watch.lock`, held all the while, keeps a second
watcher out. A full `Scanner.run` (a reconcile) runs at
start, every `reconcile_minutes`, after folder events (a folder created, deleted or renamed),
when a watched folder is replaced, and when the operating system reports dropped events; it
leaves files that are still settling to the tracker. Each recorded batch is one operation with
its own audit entry, action "watch".

When nothing is settling, the OCR queue is worked through one file at a time (see `_ocr_step`).

Nothing here prints: changes and notices go to callbacks, called from the thread that runs
`Watcher.run`, only after what they report is committed.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from functools import partial
from typing import Literal

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileAttribEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserver

from repo_tool.errors import InvalidInput, Locked, Unsupported
from repo_tool.ingest.scanner import Scanner, ScanResult, unit_of
from repo_tool.ingest.stability import StabilityTracker
from repo_tool.ingest.tree import Rules, nfc
from repo_tool.models import KIND_FOLDERS, Actor
from repo_tool.ocr import OcrJob, OcrResult, engine_problem, languages_key, store
from repo_tool.repository import Repository
from repo_tool.store import Catalog
from repo_tool.store.lock import WriterLock
from repo_tool.store.session import WriteSession, now

# Opened and closed-without-writing events are left out: the scanner's own reads cause them.
_EVENTS: list[type[FileSystemEvent]] = [
    FileCreatedEvent, FileModifiedEvent, FileClosedEvent, FileAttribEvent, FileDeletedEvent,
    FileMovedEvent, DirCreatedEvent, DirDeletedEvent, DirMovedEvent]
_IDLE_WAIT = 0.25        # the longest the loop sleeps, so a stop is noticed promptly
_FOLDER_CHECK = 1.0      # how often the watched folders are checked for being replaced
_GATHER = 0.1            # paths coming due this close together are recorded in one pass,
_GATHER_AT_MOST = 0.5    # for this long at most, so steady saves elsewhere add little latency
WATCH_LOCK = "watch.lock"  # under .repo/: one watcher per repository

What = Literal["new", "changed", "moved", "deleted", "missing", "back"]


@dataclass(frozen=True)
class Change:
    """One change to a document that the watcher recorded."""

    at: str               # UTC, ISO 8601, as the catalog stores times
    what: What
    path: str
    unit: str
    version: int | None   # the document's latest version number after the change
    moved_from: str | None = None


@dataclass(frozen=True)
class Notice:
    """Something for the person watching: a warning, a file not recorded, or a state change."""

    at: str
    level: Literal["info", "warning", "skipped"]
    message: str
    path: str | None = None


class _Stopped(Exception):
    """The stop event was set while a pass was recording."""


class Watcher:
    """Keeps one repository's catalog current with its folders until told to stop."""

    def __init__(self, repo: Repository, actor: Actor, *, quiet_seconds: float = 2.0,
                 reconcile_minutes: float = 10.0, polling: bool = False,
                 poll_seconds: float = 1.0) -> None:
        for name, value in (("--quiet-seconds", quiet_seconds),
                            ("--reconcile-minutes", reconcile_minutes),
                            ("--poll-seconds", poll_seconds)):
            if not value > 0:
                raise InvalidInput(f"{name} must be more than 0 (it is {value})")
        self.repo = repo
        self.actor = actor
        self.quiet = quiet_seconds
        self.reconcile_seconds = reconcile_minutes * 60
        self.polling = polling
        self.poll_seconds = poll_seconds
        self.rules = Rules(repo.config)
        self.tracker = StabilityTracker(repo.root, quiet_seconds)
        self._prefix = str(repo.root) + os.sep
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._full_scan_at: float | None = None
        self._full_scan_reason = ""
        self._next_reconcile = 0.0
        self._folders_checked = 0.0
        self._watches: dict[str, tuple[ObservedWatch, tuple[int, int]]] = {}
        self._notices: deque[Notice] = deque()
        self._reported_skips: dict[str, str] = {}
        self._ocr_job: tuple[OcrJob, str, str] | None = None  # (job, sha256, path)
        self._ocr_done: tuple[str, str, OcrResult] | None = None  # read, not yet stored
        self._waiting = False  # another writer holds the lock (told once per wait)
        self._ocr_look = True  # whether to look at the OCR queue when next idle
        self._ocr_problem_told = False
        self._on_change: Callable[[Change], None] = lambda change: None
        self._on_notice: Callable[[Notice], None] = lambda notice: None

    # -- running ----------------------------------------------------------------------------

    def run(self, stop: threading.Event | None = None,
            on_change: Callable[[Change], None] | None = None,
            on_notice: Callable[[Notice], None] | None = None) -> None:
        """Watch until `stop` is set (or Ctrl-C); holds `.repo/watch.lock` all the while and
        the writer lock for each pass.

        On stop the batch in progress is rolled back (what earlier batches committed stays, with
        its audit entry), the observer's threads are joined and the lock is released.
        """
        self.repo.check_local_disk()
        self._stop = stop or threading.Event()
        self._on_change = on_change or self._on_change
        self._on_notice = on_notice or self._on_notice
        observer = PollingObserver(timeout=self.poll_seconds) if self.polling else Observer()
        log = _WatchdogLog(self)
        logging.getLogger("watchdog").addHandler(log)
        try:
            with WriterLock(self.repo.state / WATCH_LOCK, "watch"):
                observer.start()
                try:
                    with self.repo.writing("watch", self.actor) as session:
                        self._check_folders(observer, starting=True)
                        self._guarded(session, lambda: self._full_pass(session, "start"))
                    self._notice("info", "watching for changes; the start-up reconcile is done")
                    self._loop(observer)
                except _Stopped:
                    pass
                finally:
                    if self._ocr_job is not None:
                        self._ocr_job[0].cancel()  # its file stays in the queue
                        self._ocr_job = None
                    observer.stop()
                    observer.join()
                    self._flush_notices()
        finally:
            logging.getLogger("watchdog").removeHandler(log)

    @staticmethod
    def _guarded(session: WriteSession, work: Callable[[], None]) -> None:
        try:
            work()
        except _Stopped:
            session.abandon()  # what earlier batches committed keeps its audit entry
            raise

    def _in_session(self, work: Callable[[WriteSession], None]) -> bool:
        """Run one pass holding the writer lock for the pass only; False (and a notice, once)
        when another writer holds it, so the caller tries the pass again later."""
        entered = False
        try:
            with self.repo.writing("watch", self.actor) as session:
                entered = True
                self._guarded(session, lambda: work(session))
        except Locked as exc:
            if entered:
                raise
            if not self._waiting:
                self._waiting = True
                self._notice("info", f"waiting for another writer: {exc.message}")
            return False
        self._waiting = False
        return True

    def after_record(self, session: WriteSession, result: ScanResult) -> None:
        """Bring text extraction and the search index up to date, so a save is searchable."""
        self.repo.catch_up(session, result)

    def _loop(self, observer: BaseObserver) -> None:
        while not self._stop.is_set():
            self._flush_notices()
            moment = time.monotonic()
            if moment >= self._folders_checked + _FOLDER_CHECK:
                self._check_folders(observer)
            if self._full_scan_at is not None and moment >= self._full_scan_at:
                reason = self._full_scan_reason
                if not self._in_session(partial(self._full_pass, reason=reason)):
                    self._full_scan_at = time.monotonic() + self.quiet
            elif moment >= self._next_reconcile:
                if not self._in_session(lambda s: self._full_pass(s, "reconcile")):
                    self._next_reconcile = time.monotonic() + self.quiet
            else:
                ready = self.tracker.take_ready()
                if ready:
                    paths = ready + self._rest_of_burst()
                    if not self._in_session(partial(self._paths_pass, paths=paths)):
                        self.tracker.touch(*paths)  # tried again after another quiet period
                else:
                    self._ocr_step()
            self._sleep()

    def _rest_of_burst(self) -> list[str]:
        """Paths coming due moments after the first ones: the same burst, recorded in the same
        pass (a unit folder renamed arrives as one event per file; recorded one by one, the
        guard would see each vanish alone and record deletions)."""
        gathered: list[str] = []
        give_up = time.monotonic() + min(self.quiet, _GATHER_AT_MOST)
        while not self._stop.is_set() and time.monotonic() < give_up:
            due = self.tracker.next_due()
            if due is None or due - time.monotonic() > _GATHER:
                break
            self._stop.wait(max(0.0, due - time.monotonic()))
            gathered += self.tracker.take_ready()
        return gathered

    def _sleep(self) -> None:
        deadlines = [self._next_reconcile, self._folders_checked + _FOLDER_CHECK]
        due = self.tracker.next_due()
        if due is not None:
            deadlines.append(due)
        if self._full_scan_at is not None:
            deadlines.append(self._full_scan_at)
        timeout = min(deadlines) - time.monotonic()
        if timeout > 0:
            self._wake.wait(min(timeout, _IDLE_WAIT))
        self._wake.clear()

    def _progress(self, done: int, total: int, item: str) -> None:
        if self._stop.is_set():
            raise _Stopped

    # -- recording --------------------------------------------------------------------------

    def _paths_pass(self, session: WriteSession, paths: list[str]) -> None:
        result = Scanner(session, self.repo.config).run_paths(paths, self._progress)
        self._after_pass(session, result, "events")

    def _full_pass(self, session: WriteSession, reason: str) -> None:
        self._full_scan_at = None
        self.tracker.take_ready()  # settled paths (and the rest of their burst): this pass
        self._rest_of_burst()      # records them
        result = Scanner(session, self.repo.config).run(
            self._progress, held=self.tracker.paths(), settle_ns=int(self.quiet * 1e9))
        self.tracker.touch_each(result.deferred)
        self._next_reconcile = time.monotonic() + self.reconcile_seconds
        self._after_pass(session, result, reason)
        if reason == "start" and result.still_missing:
            self._notice("warning", f"{result.still_missing} document(s) are still missing "
                         "since an earlier scan; if they were removed on purpose, stop watching "
                         "and run `repo-tool scan --confirm-deletions`")

    def _ocr_step(self) -> None:
        """Work through the OCR queue while idle: one file at a time, in a child process that
        runs while saves go on being recorded; its text is committed and indexed when done."""
        key = languages_key(self.repo.config.ocr_languages)
        if self._ocr_job is not None:
            job, sha256, path = self._ocr_job
            result = job.poll()
            if result is None:
                return
            self._ocr_job = None
            self._ocr_done = (sha256, path, result)
        if self._ocr_done is not None:
            if self._in_session(lambda s: self._ocr_store(s, key)):
                self._ocr_look = True
            return
        if not self._ocr_look or self.tracker.next_due() is not None \
                or not self.repo.config.ocr_enabled:
            return
        if self._in_session(lambda s: self._ocr_start(s, key)):
            self._ocr_look = False

    def _ocr_store(self, session: WriteSession, key: str) -> None:
        assert self._ocr_done is not None
        sha256, path, result = self._ocr_done
        store(session, sha256, key, result)
        self._ocr_done = None
        self.repo.catch_up(session, None)
        if result.status == "failed":
            self._notice("warning", f"OCR failed: {result.reason}", path)
        else:
            self._notice("info", f"OCR read {result.pages} page(s)"
                         + (f" ({result.reason})" if result.reason else ""), path)

    def _ocr_start(self, session: WriteSession, key: str) -> None:
        queue = session.catalog.ocr.queue(key)
        if not queue:
            return
        problem = engine_problem(self.repo.config.ocr_languages)
        if problem:
            if not self._ocr_problem_told:
                self._ocr_problem_told = True
                self._notice("warning", f"{len(queue)} file(s) wait for OCR; {problem}")
            return
        sha256, path = queue[0]
        self._ocr_job = (OcrJob(str(session.objects.path_for(sha256)), key), sha256, path)

    def _after_pass(self, session: WriteSession, result: ScanResult, trigger: str) -> None:
        if result.recorded_anything or trigger == "start":
            self._ocr_look = True
        self.tracker.touch_each(result.retry)  # changed while being read: wait for it again
        if result.recorded_anything:
            with session.catalog.transaction():
                session.audit("watch", {**result.counts(), "trigger": trigger})
        if result.recorded_anything or trigger == "start":
            self.after_record(session, result)
        for change in changes_in(result, session.catalog):
            self._reported_skips.pop(change.path, None)
            self._on_change(change)
        for warning in result.warnings:
            self._notice("warning", warning)
        retry = set(result.retry)
        for skipped in result.skipped:
            if skipped.path not in retry and self._reported_skips.get(skipped.path) != \
                    skipped.reason:
                self._reported_skips[skipped.path] = skipped.reason
                self._notice("skipped", skipped.reason, skipped.path)

    # -- events (called on the observer's thread) --------------------------------------------

    def _on_event(self, event: FileSystemEvent) -> None:
        if event.is_directory:
            self.request_full_scan("folders changed")
            return
        paths = [event.src_path]
        if isinstance(event, FileMovedEvent) and event.dest_path:
            paths.append(event.dest_path)
        relevant = [relpath for relpath in map(self._relpath, paths)
                    if relpath is not None and not self.rules.ignored_path(relpath)]
        if relevant and self.tracker.touch(*relevant):
            self._wake.set()

    def _relpath(self, path: bytes | str) -> str | None:
        text = os.fsdecode(path)
        if not text.startswith(self._prefix):
            return None
        relpath = nfc(text[len(self._prefix):].replace(os.sep, "/"))
        return relpath if relpath.split("/", 1)[0] in KIND_FOLDERS else None

    def request_full_scan(self, reason: str) -> None:
        """Reconcile the whole tree after one quiet period (any thread may ask)."""
        if self._full_scan_at is None:
            self._full_scan_reason = reason
            self._full_scan_at = time.monotonic() + self.quiet
            self._wake.set()

    def _check_folders(self, observer: BaseObserver, starting: bool = False) -> None:
        """Watch policies/ and records/ anew when one was deleted, replaced or came back."""
        self._folders_checked = time.monotonic()
        for top in KIND_FOLDERS:
            folder = self.repo.root / top
            try:
                info = os.lstat(folder)
                identity = (info.st_dev, info.st_ino) if os.path.isdir(folder) \
                    and not os.path.islink(folder) else None
            except OSError:
                identity = None
            current = self._watches.get(top)
            # The emitter stops when its folder is deleted; a folder made anew can get the very
            # same inode number, so the identity alone does not tell.
            if current is not None and current[1] == identity and any(
                    emitter.watch == current[0] and emitter.is_alive()
                    for emitter in observer.emitters):
                continue
            if current is not None:
                with suppress(KeyError):
                    observer.unschedule(current[0])
                del self._watches[top]
                self.request_full_scan(f"{top}/ was replaced")
            if identity is None:
                if current is not None or starting:
                    self._notice("warning", f"{top}/ is not there; watching for it to come back")
                continue
            try:
                watch = observer.schedule(_Events(self), str(folder), recursive=True,
                                          event_filter=_EVENTS)
            except OSError as exc:
                if starting:
                    raise Unsupported(f"cannot watch {folder} ({exc.strerror or exc}); on Linux "
                                      "raise fs.inotify.max_user_watches, or use --polling") \
                        from None
                self._notice("warning", f"cannot watch {top}/ ({exc}); the reconcile scans "
                             "still catch its changes")
                continue
            self._watches[top] = (watch, identity)
            if not starting:
                # Files made before this watch began sent no event to anyone.
                self._notice("info", f"{top}/ is back; watching it again")
                self.request_full_scan(f"{top}/ is back")

    # -- notices ----------------------------------------------------------------------------

    def _notice(self, level: Literal["info", "warning", "skipped"], message: str,
                path: str | None = None) -> None:
        self._notices.append(Notice(now(), level, message, path))  # deque: any thread

    def _flush_notices(self) -> None:
        while self._notices:
            self._on_notice(self._notices.popleft())


def changes_in(result: ScanResult, catalog: Catalog) -> list[Change]:
    """One Change per document a scan pass recorded something for."""
    at = now()
    numbers = dict(result.versions)

    def version(path: str) -> int | None:
        if path in numbers:
            return numbers[path]
        document = catalog.document(path)
        return document.versions if document else None

    changes = [Change(at, "moved", new, unit_of(new), version(new), old)
               for old, new in result.moved]
    changes += [Change(at, "back", path, unit_of(path), version(path))
                for path in result.reappeared]
    done = {change.path for change in changes}
    changes += [Change(at, "new", path, unit_of(path), version(path)) for path in result.new]
    changes += [Change(at, "changed", path, unit_of(path), version(path))
                for path in result.changed if path not in done]
    changes += [Change(at, "missing", path, unit_of(path), version(path))
                for path in result.missing]
    changes += [Change(at, "deleted", path, unit_of(path), version(path))
                for path in result.deleted]
    return changes


class _Events(FileSystemEventHandler):
    """Hands every event to the watcher (on the observer's dispatch thread)."""

    def __init__(self, watcher: Watcher) -> None:
        self.watcher = watcher

    def dispatch(self, event: FileSystemEvent) -> None:
        self.watcher._on_event(event)


class _WatchdogLog(logging.Handler):
    """watchdog's own warnings become notices; a queue overflow calls for a reconcile."""

    def __init__(self, watcher: Watcher) -> None:
        super().__init__(logging.WARNING)
        self.watcher = watcher

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if "overflow" in message.lower():
            self.watcher.request_full_scan("the operating system dropped file events")
        self.watcher._notice("warning", f"file watching: {message}")
