"""ExtractorPool: extraction of untrusted files in long-lived child processes.

Each worker is a "spawn" process (the same on Linux, macOS and Windows, and safe beside threads)
that lowers its own address-space limit (RLIMIT_AS, where the platform has it) and then serves
(path, name) requests over a pipe, so a file costs a pipe round trip, not a process start. The
parent waits on the pipes and the process sentinels with a timeout taken from the earliest
deadline; nothing sleeps. A worker past its time limit is killed and replaced ("timeout"); one
that dies (a crash in a native library, the memory limit) is replaced and its file reported
"failed" with how it died. Leaving the `with` block stops every worker.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import TracebackType
from typing import Self, TypeVar, cast

from repo_tool.extract._types import Extraction, failure

K = TypeVar("K")
_STOP_SECONDS = 5.0
POOL = "pool"
READY = "ready"


@dataclass
class _Job:
    key: object
    name: str
    deadline: float


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    job: _Job | None = None
    ready: bool = False  # it has said READY: imports done, limits set


class ExtractorPool:
    """Runs `extract_file` in `workers` child processes, each file with a time limit and each
    process with a memory limit.

    `timeout` (seconds per file) may be changed between calls to `map`; `memory_mb` applies to
    workers started after a change.
    """

    def __init__(self, workers: int = 2, timeout: float = 60.0, memory_mb: int = 1024) -> None:
        if workers < 1:
            raise ValueError("an ExtractorPool needs at least one worker")
        self.workers = workers
        self.timeout = timeout
        self.memory_mb = memory_mb
        self._context = multiprocessing.get_context("spawn")
        self._slots: list[_Worker | None] = [None] * workers

    def __enter__(self) -> Self:
        for index in range(self.workers):
            self._slots[index] = self._start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    @property
    def worker_pids(self) -> list[int]:
        """The process ids of the running workers (for diagnostics)."""
        return [worker.process.pid for worker in self._slots
                if worker is not None and worker.process.pid is not None]

    def close(self) -> None:
        """Stop every worker: ask politely, then kill what has not exited."""
        for worker in self._slots:
            if worker is not None and worker.job is None:
                with contextlib.suppress(OSError):  # already gone: nothing to ask
                    worker.conn.send(None)
        deadline = time.monotonic() + _STOP_SECONDS
        for index, worker in enumerate(self._slots):
            if worker is not None:
                if worker.job is None:
                    worker.process.join(max(0.0, deadline - time.monotonic()))
                self._stop(worker)
                self._slots[index] = None

    def map(self, items: Iterable[tuple[K, Path, str]]) -> Iterator[tuple[K, Extraction]]:
        """(key, Extraction) for each (key, path, name), in the order they finish.

        Items are drawn from `items` only as workers free up, so a long iterable streams. One
        map at a time per pool; leaving the loop early stops the files still being read.
        """
        pending = iter(items)
        more = True
        try:
            while True:
                for index, slot in enumerate(self._slots):
                    if more and (slot is None or slot.job is None):  # a busy one is waited on
                        item = next(pending, None)
                        if item is None:
                            more = False
                        else:
                            self._dispatch(index, item)
                busy = [worker for worker in self._slots if worker is not None and worker.job]
                if not busy:
                    return
                yield from self._collect(busy)
        finally:
            for index, worker in enumerate(self._slots):
                if worker is not None and worker.job is not None:
                    self._stop(worker)  # the caller stopped reading: drop unfinished work
                    self._slots[index] = None

    def _collect(self, busy: list[_Worker]) -> Iterator[tuple[K, Extraction]]:
        """Wait until a busy worker answers, dies or runs out of time; yield what happened."""
        assert all(worker.job is not None for worker in busy)
        earliest = min(worker.job.deadline for worker in busy if worker.job)
        waitables: list[Connection | int] = [worker.conn for worker in busy]
        waitables += [worker.process.sentinel for worker in busy]
        ready = set(wait(waitables, max(0.0, earliest - time.monotonic())))
        now = time.monotonic()
        for index, worker in enumerate(self._slots):
            job = worker.job if worker is not None else None
            if worker is None or job is None:
                continue
            result: Extraction | None = None
            exited = worker.process.sentinel in ready
            if worker.conn in ready or exited:
                result, gone = self._receive(worker, exited)
                if result is None and gone:
                    result = failure("failed", self._death(worker), POOL)
                    self._replace(index)
            if result is None and now >= job.deadline:
                result = failure("timeout", f"reading took longer than the {self.timeout:g} s "
                                            f"limit; the reader was stopped", POOL)
                self._replace(index)
            if result is not None:
                worker.job = None
                yield cast(K, job.key), result

    @staticmethod
    def _receive(worker: _Worker, exited: bool) -> tuple[Extraction | None, bool]:
        """The worker's answer if it has sent one, and whether it is gone.

        `exited` says its sentinel fired: it is gone even if the pipe's end-of-file and the
        exit status are not visible yet (the kernel closes a dying process's fds one by one).
        """
        try:
            while worker.conn.poll():
                answer = worker.conn.recv()
                if answer == READY:
                    worker.ready = True
                elif isinstance(answer, Extraction):
                    return answer, False
        except (EOFError, OSError):
            return None, True
        return None, exited or not worker.process.is_alive()

    def _death(self, worker: _Worker) -> str:
        """How a busy worker died, for the file's reason.

        RuntimeError if it exited by itself before it was ready: that is no file's fault but a
        pool that cannot start (an unguarded script re-run by "spawn", too little memory).
        """
        worker.process.join(_STOP_SECONDS)
        code = worker.process.exitcode
        if code is not None and code < 0:
            try:
                how = f"was killed by {signal.Signals(-code).name}"
            except ValueError:
                how = f"was killed by signal {-code}"
        elif not worker.ready:
            raise RuntimeError(
                f"the text extraction worker exited with code {code} while starting; a script "
                f"that uses ExtractorPool must start it under `if __name__ == \"__main__\":`, "
                f"and the {self.memory_mb} MB memory limit must leave room to start Python")
        else:
            how = f"exited with code {code}"
        return (f"the reader process {how} while reading this file (a crash in the format's "
                f"library, or the {self.memory_mb} MB memory limit)")

    def _worker(self, index: int) -> _Worker:
        worker = self._slots[index]
        if worker is None or not worker.process.is_alive():
            if worker is not None:
                self._stop(worker)
            worker = self._slots[index] = self._start()
        return worker

    def _dispatch(self, index: int, item: tuple[K, Path, str]) -> None:
        key, path, name = item
        for _attempt in range(2):
            worker = self._worker(index)
            try:
                worker.conn.send((str(path), name))
            except OSError:  # it died while idle: start another and send again
                self._replace(index)
                continue
            worker.job = _Job(key, name, time.monotonic() + self.timeout)
            return
        raise RuntimeError("the extraction worker could not be started")

    def _replace(self, index: int) -> None:
        worker = self._slots[index]
        if worker is not None:
            self._stop(worker)
        self._slots[index] = None

    def _start(self) -> _Worker:
        ours, theirs = self._context.Pipe(duplex=True)
        process = self._context.Process(target=_serve, args=(theirs, self.memory_mb),
                                        name="repo-tool-extract", daemon=True)
        process.start()
        theirs.close()  # so that the worker's death reads as end-of-file here
        return _Worker(process, ours)

    @staticmethod
    def _stop(worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(_STOP_SECONDS)
        worker.conn.close()
        worker.process.close()


def limit_memory(memory_mb: int) -> None:
    """Cap this process's address space, where the platform can (not on Windows)."""
    try:
        import resource
    except ImportError:
        return
    if not hasattr(resource, "RLIMIT_AS"):
        return
    limit = memory_mb * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    with contextlib.suppress(ValueError, OSError):  # macOS refuses some values; the time
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))  # limit still holds there


def _serve(conn: Connection, memory_mb: int) -> None:
    """A worker's life: read requests until told to stop or the parent goes away."""
    from repo_tool.extract._dispatch import extract_file

    if hasattr(signal, "SIGINT"):  # Ctrl-C is the parent's to handle; it stops the workers
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    limit_memory(memory_mb)
    try:
        conn.send(READY)
    except (OSError, ValueError):  # the parent is gone already: nothing to say, no traceback
        return
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if request is None:
            return
        path, name = request
        result = extract_file(Path(path), name)
        if result.status == "failed" and "out of memory" in (result.reason or ""):
            result = failure("failed", f"ran out of memory (limit {memory_mb} MB) while "
                                       f"reading the file", result.extractor)
        try:
            conn.send(result)
        except (OSError, ValueError):
            return
