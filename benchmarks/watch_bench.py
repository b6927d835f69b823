"""Watch benchmark: how soon a save is searchable, how soon a burst is recorded, and what an
idle watch costs.

On the generated corpus (recorded once by a first scan), with the command's default quiet period:
- save -> found by search: a real `repo-tool watch` process watches the repository while this
  process makes SEARCH_SAVES Word saves, one after another, each a real .docx (python-docx)
  holding a word no other file has, written to a temporary file and renamed over a document. A
  save counts as done when `repo_tool.domain.searching.search(repo, word, ...)`, polled every
  POLL_SECONDS from the end of the rename, returns that document; the time is from the end of
  the rename to the end of that search. Baseline, same run and tree, once the watch has
  stopped: the same kind of save followed by what a person would do by hand, one `scan` and the
  same search (library calls: no interpreter start-up). The quiet period is the floor; the
  target is to be found within 1 s after it;
- burst: in a Watcher running in a thread of this process, SAVES saves one every SAVE_GAP
  seconds, each timed from the end of the rename to the watcher reporting the new version
  (its text extracted and the index committed first);
- idle CPU: this process's CPU time over IDLE_SECONDS while nothing changes, against a bare
  watchdog observer (no-op handler) on the same folders for the same time; the same for
  `--polling`, shown for context (polling re-reads every folder each second by design).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory

from docx import Document
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from benchmarks import corpus
from benchmarks.common import Options, Row, percentile, ratio, say, stop_child
from repo_tool.domain.searching import search
from repo_tool.ingest import scan
from repo_tool.ingest.watch import Change, Notice, Watcher
from repo_tool.models import KIND_FOLDERS, Actor
from repo_tool.repository import Repository, current_actor
from repo_tool.search import Filters

QUIET_SECONDS = 2.0         # the command's default
OVER_QUIET_SECONDS = 1.0    # target: recorded within this long after the quiet period
IDLE_CPU_SHARE = 0.01       # target: an idle watch uses under 1% of one CPU
IDLE_SECONDS = 20.0
CONTEXT_SECONDS = 10.0      # the baselines and the polling figure
SAVES = 200
SAVE_GAP = 0.1
SEARCH_SAVES = 30           # saves timed to "found by search", and as many for the baseline
POLL_SECONDS = 0.05         # between two searches while waiting for a save to be found
FOUND_WITHIN = 120.0        # a save not found by then is a failure, not a slow figure
_PROJECT = Path(__file__).resolve().parent.parent


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


def save_like_word(disk: Path, data: bytes, n: int) -> float:
    """Write `data` to a temporary file and rename it over `disk`; when the save ended."""
    temp = disk.with_name(f"~WRD{n:04d}.tmp")
    with temp.open("wb") as out:
        out.write(data)
    os.replace(temp, disk)
    return time.monotonic()


def marker(n: int) -> str:
    """A word of letters only, found in save `n`'s document and in no other file."""
    letters = ""
    for _ in range(4):
        n, digit = divmod(n, 26)
        letters += chr(ord("a") + digit)
    return f"benchsave{letters}"


def word_document(word: str) -> bytes:
    """A small real .docx, in the mix of Chinese and English the repositories hold."""
    document = Document()
    document.add_heading("私隱及保密政策 Privacy and confidentiality policy", level=1)
    document.add_paragraph("所有個人資料均按《個人資料（私隱）條例》妥善保存，只供授權職員查閱。")
    document.add_paragraph(f"Reviewed at the staff meeting; reference {word}.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def found(repo: Repository, word: str, relpath: str) -> bool:
    """Whether a search for `word` returns the document at `relpath`."""
    return any(hit.path == relpath for hit in search(repo, word, Filters(), 5).hits)


def until_found(repo: Repository, word: str, relpath: str, saved: float) -> float:
    """Search for `word` until it finds `relpath`; seconds from `saved` to the finding search's
    end."""
    while not found(repo, word, relpath):
        if time.monotonic() - saved > FOUND_WITHIN:
            raise RuntimeError(f"{relpath} was not found by a search for {word!r} within "
                               f"{FOUND_WITHIN:.0f} s of its save")
        time.sleep(POLL_SECONDS)
    return time.monotonic() - saved


@contextmanager
def watch_process(root: Path, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """`repo-tool watch` on `root` in a child process, from its start-up reconcile's end to a
    Ctrl-C."""
    with log.open("w") as sink:
        child = subprocess.Popen(
            [sys.executable, "-m", "repo_tool", "watch", "--repo", str(root), "--json",
             "--quiet-seconds", f"{QUIET_SECONDS:g}"],
            stdout=sink, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONPATH": str(_PROJECT)})
    try:
        deadline = time.monotonic() + 600
        while not _watching(log):
            if child.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"`repo-tool watch` did not start: {log.read_text()}")
            time.sleep(0.05)
        yield child
    finally:
        stop_child(child)


def _watching(log: Path) -> bool:
    for line in log.read_text(encoding="utf-8").splitlines():
        if line.startswith("{") and json.loads(line).get("message", "").startswith("watching"):
            return True
    return False


def measure_found(root: Path, paths: list[str], log: Path) -> tuple[list[float], list[float]]:
    """Seconds from each save to a search finding it: under `repo-tool watch`, then by hand
    (one scan and the search) with no watch running."""
    repo = Repository.open(root)
    actor = current_actor("benchmark")
    try:
        watched = []
        with watch_process(root, log):
            for n, relpath in enumerate(paths):
                word = marker(n)
                saved = save_like_word(root / relpath, word_document(word), n)
                watched.append(until_found(repo, word, relpath, saved))
        by_hand = []
        for n, relpath in enumerate(paths, start=len(paths)):
            word = marker(n)
            saved = save_like_word(root / relpath, word_document(word), n)
            by_hand.append(_scan_and_search(repo, actor, word, relpath, saved))
    finally:
        repo.close()
    return watched, by_hand


def _scan_and_search(repo: Repository, actor: Actor, word: str, relpath: str,
                     saved: float) -> float:
    scan(repo, actor)
    if not found(repo, word, relpath):
        raise RuntimeError(f"a scan right after the save did not make {word!r} searchable")
    return time.monotonic() - saved


def measure_latency(root: Path, running: Running, paths: list[str]) -> list[float]:
    """Seconds from the end of each save to its version being reported."""
    ended = {}
    for n, relpath in enumerate(paths):
        disk = root / relpath
        data = disk.read_bytes() + f"\nedited in the watch benchmark, save {n}\n".encode()
        ended[relpath] = save_like_word(disk, data, n)
        time.sleep(SAVE_GAP)
    deadline = time.monotonic() + QUIET_SECONDS + 60
    while len(running.recorded) < len(paths) and time.monotonic() < deadline:
        time.sleep(0.05)
    missed = [p for p in paths if p not in running.recorded]
    if missed:
        raise RuntimeError(f"{len(missed)} saves were never recorded, e.g. {missed[0]}")
    return [running.recorded[p] - ended[p] for p in paths]


def run(options: Options) -> list[Row]:
    """Build the corpus, record it, then measure saves found by search, an idle watch and a
    burst of saves."""
    with TemporaryDirectory(prefix="repo-tool-watch-bench-") as tmp:
        root = Path(tmp) / "repo"
        say(f"watch: generating {options.files:,} files (seed {options.seed})")
        built = corpus.build(root, options.files, options.seed)
        repo = Repository.open(root)
        say("watch: first scan (untimed)")
        scan(repo, current_actor("benchmark"))
        everything = [d.path for d in repo.catalog.documents()]
        paths = everything[:: max(1, built.files // SAVES)][:SAVES]
        words = [p for p in everything if p.endswith(".docx") and p not in set(paths)]
        words = words[:: max(1, len(words) // SEARCH_SAVES)][:SEARCH_SAVES]
        repo.close()
        say(f"watch: `repo-tool watch`, {len(words)} saves each waited for by search, then as "
            "many by hand (scan + search)")
        watched, by_hand = measure_found(root, words, Path(tmp) / "watch.log")
        repo = Repository.open(root)
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
    return (_found_rows(watched, by_hand)
            + _rows(built.files, idle, bare, polling, bare_polling, latencies, startup))


def _found_rows(watched: list[float], by_hand: list[float]) -> list[Row]:
    limit = QUIET_SECONDS + OVER_QUIET_SECONDS
    target = f"<= {limit:.1f} s (quiet {QUIET_SECONDS:g} s + {OVER_QUIET_SECONDS:g} s)"
    label = "save -> found by search, `repo-tool watch` running"
    rows = []
    for name, fraction in (("median", 0.5), ("p95", 0.95)):
        ours, hand = percentile(watched, fraction), percentile(by_hand, fraction)
        rows.append(Row(f"{label}, {name} of {len(watched)} (s)", f"{ours:.3f}",
                        f"{hand:.3f} scan + search by hand", ratio(ours, hand), target,
                        ours <= limit))
    rows.append(Row(f"{label}, worst (s)", f"{max(watched):.3f}",
                    f"{max(by_hand):.3f} scan + search by hand", ratio(max(watched),
                                                                       max(by_hand))))
    return rows


def _rows(files: int, idle: float, bare: float, polling: float, bare_polling: float,
          latencies: list[float], startup: float) -> list[Row]:
    median, p95 = percentile(latencies, 0.5), percentile(latencies, 0.95)
    limit = QUIET_SECONDS + OVER_QUIET_SECONDS
    quiet = f"{QUIET_SECONDS:.2f} quiet period"
    return [
        Row(f"burst of {len(latencies)} saves {SAVE_GAP:g} s apart -> version recorded, median "
            "(s)", f"{median:.3f}", quiet, ratio(median, QUIET_SECONDS), f"<= {limit:.1f} s",
            median <= limit),
        Row(f"burst of {len(latencies)} saves -> version recorded, p95 (s)", f"{p95:.3f}", quiet,
            ratio(p95, QUIET_SECONDS), f"<= {limit:.1f} s", p95 <= limit),
        Row(f"burst of {len(latencies)} saves -> version recorded, worst (s)",
            f"{max(latencies):.3f}", quiet, ratio(max(latencies), QUIET_SECONDS)),
        Row(f"idle watch CPU, {files:,} files (% of a CPU)", f"{idle * 100:.3f}%",
            f"{bare * 100:.3f}% bare observer", ratio(idle, bare),
            f"< {IDLE_CPU_SHARE * 100:.0f}%", idle < IDLE_CPU_SHARE),
        Row("idle watch --polling CPU, 1 s polls (% of a CPU)", f"{polling * 100:.2f}%",
            f"{bare_polling * 100:.2f}% bare polling", ratio(polling, bare_polling)),
        Row(f"watch start-up: observer + reconcile, {files:,} files (s)", f"{startup:.2f}"),
    ]
