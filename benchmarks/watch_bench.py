"""Watch benchmark: how soon a save is recorded, and what an idle watch costs.

On the generated corpus (recorded once by a first scan), a Watcher runs in a thread of this
process with the default quiet period:
- idle CPU: this process's CPU time over IDLE_SECONDS while nothing changes, against a bare
  watchdog observer (no-op handler) on the same folders for the same time; the same for
  `--polling`, shown for context (polling re-reads every folder each second by design);
- latency: SAVES Word-style saves (temporary file written, renamed over a document), one every
  SAVE_GAP seconds, each timed from the end of the rename to the watcher reporting the new
  version. The quiet period is the floor; the target is to record within 1 s after it.
The watcher reports a change only after `after_record` has extracted its text and committed the
search index, so "recorded" here is also "searchable" (by name on this corpus, whose files are
random bytes under Office names; by content for real documents, which extraction adds to).
"""

from __future__ import annotations

import os
import statistics
import threading
import time
from collections.abc import Callable
from pathlib import Path
from tempfile import TemporaryDirectory

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from benchmarks import corpus
from benchmarks.common import Options, Row, ratio, say
from repo_tool.ingest import scan
from repo_tool.ingest.watch import Change, Notice, Watcher
from repo_tool.models import KIND_FOLDERS
from repo_tool.repository import Repository, current_actor

QUIET_SECONDS = 2.0         # the command's default
OVER_QUIET_SECONDS = 1.0    # target: recorded within this long after the quiet period
IDLE_CPU_SHARE = 0.01       # target: an idle watch uses under 1% of one CPU
IDLE_SECONDS = 20.0
CONTEXT_SECONDS = 10.0      # the baselines and the polling figure
SAVES = 200
SAVE_GAP = 0.1


class _Ignore(FileSystemEventHandler):
    def dispatch(self, event: FileSystemEvent) -> None:
        pass


def cpu_share(seconds: float) -> float:
    """This process's CPU seconds per wall second over the next `seconds`."""
    wall, cpu = time.perf_counter(), time.process_time()
    time.sleep(seconds)
    return (time.process_time() - cpu) / (time.perf_counter() - wall)


def bare_observer_share(root: Path, make: Callable[[], BaseObserver], seconds: float) -> float:
    """Baseline: a watchdog observer with a handler that does nothing, on the same folders."""
    observer = make()
    for top in KIND_FOLDERS:
        observer.schedule(_Ignore(), str(root / top), recursive=True)
    observer.start()
    try:
        time.sleep(1.0)  # let it settle (the polling observer takes its first snapshot)
        return cpu_share(seconds)
    finally:
        observer.stop()
        observer.join()


class Running:
    """A Watcher in a thread, timing when each path's new version is reported."""

    def __init__(self, repo: Repository, polling: bool) -> None:
        self.watcher = Watcher(repo, current_actor("benchmark"), quiet_seconds=QUIET_SECONDS,
                               polling=polling)
        self.recorded: dict[str, float] = {}
        self.started = threading.Event()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="watch benchmark")
        self.startup = 0.0

    def _run(self) -> None:
        self.watcher.run(self.stop, self._change, self._notice)

    def _change(self, change: Change) -> None:
        if change.what == "changed":
            self.recorded[change.path] = time.monotonic()

    def _notice(self, notice: Notice) -> None:
        if notice.message.startswith("watching"):
            self.started.set()

    def __enter__(self) -> Running:
        begun = time.perf_counter()
        self.thread.start()
        if not self.started.wait(600):
            raise RuntimeError("the watcher did not start")
        self.startup = time.perf_counter() - begun
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()


def save_like_word(disk: Path, n: int) -> float:
    """Write new bytes to a temporary file and rename it over `disk`; when the save ended."""
    data = disk.read_bytes() + f"\nedited in the watch benchmark, save {n}\n".encode()
    temp = disk.with_name(f"~WRD{n:04d}.tmp")
    with temp.open("wb") as out:
        out.write(data)
    os.replace(temp, disk)
    return time.monotonic()


def measure_latency(root: Path, running: Running, paths: list[str]) -> list[float]:
    """Seconds from the end of each save to its version being reported."""
    ended = {}
    for n, relpath in enumerate(paths):
        ended[relpath] = save_like_word(root / relpath, n)
        time.sleep(SAVE_GAP)
    deadline = time.monotonic() + QUIET_SECONDS + 60
    while len(running.recorded) < len(paths) and time.monotonic() < deadline:
        time.sleep(0.05)
    missed = [p for p in paths if p not in running.recorded]
    if missed:
        raise RuntimeError(f"{len(missed)} saves were never recorded, e.g. {missed[0]}")
    return [running.recorded[p] - ended[p] for p in paths]


def run(options: Options) -> list[Row]:
    """Build the corpus, record it, then measure an idle watch and a series of saves."""
    with TemporaryDirectory(prefix="repo-tool-watch-bench-") as tmp:
        root = Path(tmp) / "repo"
        say(f"watch: generating {options.files:,} files (seed {options.seed})")
        built = corpus.build(root, options.files, options.seed)
        repo = Repository.open(root)
        say("watch: first scan (untimed)")
        scan(repo, current_actor("benchmark"))
        paths = [d.path for d in repo.catalog.documents()][:: max(1, built.files // SAVES)]
        paths = paths[:SAVES]
        say(f"watch: bare observer, idle {CONTEXT_SECONDS:.0f} s")
        bare = bare_observer_share(root, Observer, CONTEXT_SECONDS)
        with Running(repo, polling=False) as running:
            say(f"watch: idle watch, {IDLE_SECONDS:.0f} s")
            idle = cpu_share(IDLE_SECONDS)
            say(f"watch: {len(paths)} saves, one every {SAVE_GAP} s")
            latencies = measure_latency(root, running, paths)
        startup = running.startup
        say(f"watch: bare polling observer and idle watch --polling, {CONTEXT_SECONDS:.0f} s "
            "each")
        bare_polling = bare_observer_share(root, PollingObserver, CONTEXT_SECONDS)
        with Running(repo, polling=True):
            polling = cpu_share(CONTEXT_SECONDS)
        repo.close()
        say("watch: cleaning up")
    return _rows(built.files, idle, bare, polling, bare_polling, latencies, startup)


def _rows(files: int, idle: float, bare: float, polling: float, bare_polling: float,
          latencies: list[float], startup: float) -> list[Row]:
    median = statistics.median(latencies)
    p95 = statistics.quantiles(latencies, n=20)[18] if len(latencies) >= 20 else max(latencies)
    limit = QUIET_SECONDS + OVER_QUIET_SECONDS
    quiet = f"{QUIET_SECONDS:.2f} quiet period"
    return [
        Row(f"save -> version recorded, median of {len(latencies)} (s)", f"{median:.3f}", quiet,
            ratio(median, QUIET_SECONDS), f"<= {limit:.1f} s", median <= limit),
        Row(f"save -> version recorded, p95 of {len(latencies)} (s)", f"{p95:.3f}", quiet,
            ratio(p95, QUIET_SECONDS), f"<= {limit:.1f} s", p95 <= limit),
        Row("save -> version recorded, worst (s)", f"{max(latencies):.3f}", quiet,
            ratio(max(latencies), QUIET_SECONDS)),
        Row("save -> searchable (s)", "= recorded", "index commits before the report", "-",
            "<= quiet period + 1 s"),
        Row(f"idle watch CPU, {files:,} files (% of a CPU)", f"{idle * 100:.3f}%",
            f"{bare * 100:.3f}% bare observer", ratio(idle, bare),
            f"< {IDLE_CPU_SHARE * 100:.0f}%", idle < IDLE_CPU_SHARE),
        Row("idle watch --polling CPU, 1 s polls (% of a CPU)", f"{polling * 100:.2f}%",
            f"{bare_polling * 100:.2f}% bare polling", ratio(polling, bare_polling)),
        Row(f"watch start-up: observer + reconcile, {files:,} files (s)", f"{startup:.2f}"),
    ]
