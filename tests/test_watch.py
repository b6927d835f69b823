"""`watch`: a real watchdog observer on a real temporary folder records each save once, never
a half-written file, a lock file or a false deletion; it stops cleanly and leaves nothing behind.

Waits poll with a deadline (`wait_for`); the only sleeps pace the writes being simulated.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from repo_tool.ingest import scan
from repo_tool.ingest.stability import StabilityTracker
from repo_tool.ingest.watch import Change, Notice, Watcher
from repo_tool.repository import Repository
from tests.conftest import ACTOR, PROJECT, bump_mtime, run_tool, wait_for, write

QUIET = 0.3
POLICY = "policies/ycc/SQS-14 私隱和保密/私隱政策.docx"


@dataclass
class Watched:
    """A watcher running in a thread, and what it has reported so far."""

    watcher: Watcher
    changes: list[Change] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)

    def of(self, path: str) -> list[Change]:
        return [change for change in self.changes if change.path == path]


@contextmanager
def watching(repo: Repository, **options: float | bool) -> Iterator[Watched]:
    """Run a Watcher on `repo` in a thread until the block ends, then stop and join it."""
    watched = Watched(Watcher(repo, ACTOR, quiet_seconds=float(options.pop("quiet", QUIET)),
                              **options))  # type: ignore[arg-type]
    stop = threading.Event()
    errors: list[BaseException] = []

    def target() -> None:
        try:
            watched.watcher.run(stop, watched.changes.append, watched.notices.append)
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=target, name="watch under test")
    thread.start()
    try:
        wait_for(lambda: started(watched) or not thread.is_alive(), "the watcher to start")
        yield watched
    finally:
        stop.set()
        thread.join(30)
    assert not thread.is_alive(), "the watcher did not stop"
    if errors:
        raise errors[0]
    assert not (repo.state / "lock").exists()


def started(watched: Watched) -> bool:
    return any(notice.message.startswith("watching") for notice in watched.notices)


def versions_of(repo: Repository, relpath: str) -> list[bytes]:
    document = repo.catalog.document(relpath)
    if document is None:
        return []
    out = []
    for version in repo.catalog.versions(document.id):
        with repo.objects.open(version.sha256) as blob:
            out.append(blob.read())
    return out


def status_of(repo: Repository, relpath: str) -> str | None:
    document = repo.catalog.document(relpath)
    return document.status if document else None


def barrier(repo: Repository, name: str = "barrier") -> None:
    """Write a file and wait for it: every event before it has then been dealt with too."""
    relpath = f"records/home/{name} {time.monotonic_ns()}.txt"
    write(repo.root / relpath, name)
    wait_for(lambda: status_of(repo, relpath) == "present", f"{relpath} to be recorded")


# -- the tracker on its own ---------------------------------------------------------------------

class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_tracker_holds_a_path_until_it_has_been_quiet_and_collapses_bursts(
        tmp_path: Path) -> None:
    clock = FakeClock()
    tracker = StabilityTracker(tmp_path, 2.0, clock)
    file = write(tmp_path / "records/ycc/a.txt", "a")
    for _ in range(20):
        tracker.touch("records/ycc/a.txt")
        clock.now += 0.5
    assert tracker.take_ready() == []
    clock.now += 1.6
    assert tracker.take_ready() == ["records/ycc/a.txt"]
    assert tracker.take_ready() == [] and len(tracker) == 0
    tracker.touch("records/ycc/a.txt")
    clock.now += 2.1
    file.write_text("grew without an event", encoding="utf-8")
    assert tracker.take_ready() == []  # its size changed: another quiet period
    clock.now += 2.1
    assert tracker.take_ready() == ["records/ycc/a.txt"]


def test_tracker_releases_both_sides_of_a_rename_together(tmp_path: Path) -> None:
    clock = FakeClock()
    tracker = StabilityTracker(tmp_path, 2.0, clock)
    write(tmp_path / "records/ycc/new.txt", "renamed")
    tracker.touch("records/ycc/old.txt", "records/ycc/new.txt")
    clock.now += 1.0
    tracker.touch("records/ycc/new.txt")  # written to again after the rename
    clock.now += 1.5
    assert tracker.take_ready() == []
    assert tracker.next_due() == pytest.approx(clock.now + 0.5)
    clock.now += 0.5
    assert tracker.take_ready() == ["records/ycc/new.txt", "records/ycc/old.txt"]


def test_tracker_waits_while_a_file_cannot_be_opened(tmp_path: Path) -> None:
    clock = FakeClock()
    tracker = StabilityTracker(tmp_path, 1.0, clock)
    os.mkfifo(tmp_path / "fifo")  # stands for a file another program holds exclusively
    tracker._readable = lambda relpath: False  # type: ignore[method-assign]
    write(tmp_path / "locked.docx", "x")
    tracker.touch("locked.docx")
    for _ in range(4):
        clock.now += 1.0
        assert tracker.take_ready() == []
    clock.now += 1.0
    assert tracker.take_ready() == ["locked.docx"]  # handed on, for the scanner to report


# -- a real observer ----------------------------------------------------------------------------

def test_slow_copy_of_a_large_file_is_one_version_recorded_after_the_copy_ends(
        repo: Repository, tmp_path: Path) -> None:
    source = tmp_path / "scan of signed minutes.pdf"
    source.write_bytes(os.urandom(50 * 1024 * 1024))
    relpath = "records/ycc/SQS-03/scan of signed minutes.pdf"
    target = repo.root / relpath
    target.parent.mkdir(parents=True)
    with watching(repo, quiet=0.5) as watched, source.open("rb") as src, target.open("wb") as out:
        while chunk := src.read(1024 * 1024):
            out.write(chunk)
            out.flush()
            assert repo.catalog.document(relpath) is None, "recorded before the copy ended"
            time.sleep(0.05)  # a slow share: 1 MB every 50 ms
        out.close()
        wait_for(lambda: status_of(repo, relpath) == "present", "the copy to be recorded")
        barrier(repo)
    versions = versions_of(repo, relpath)
    assert len(versions) == 1
    assert hashlib.sha256(versions[0]).digest() == hashlib.sha256(source.read_bytes()).digest()
    assert [(c.what, c.version) for c in watched.of(relpath)] == [("new", 1)]


def test_word_style_save_is_one_new_version_and_no_temp_file_is_recorded(
        repo: Repository) -> None:
    path = write(repo.root / POLICY, "first draft")
    scan(repo, ACTOR)
    folder = path.parent
    with watching(repo) as watched:
        lock = write(folder / "~$私隱政策.docx", "owner: 陳主任")
        temp = folder / "~WRD0001.tmp"
        with temp.open("wb") as out:
            for part in range(5):
                out.write(f"second draft, part {part}\n".encode())
                out.flush()
        os.rename(path, folder / "~WRL0001.tmp")   # the original kept as a backup
        os.rename(temp, path)                      # the new bytes take its name
        os.unlink(folder / "~WRL0001.tmp")
        lock.unlink()
        wait_for(lambda: len(versions_of(repo, POLICY)) == 2, "the save to be recorded")
        barrier(repo)
    assert versions_of(repo, POLICY) == [b"first draft", b"".join(
        f"second draft, part {part}\n".encode() for part in range(5))]
    paths = [document.path for document in repo.catalog.documents()]
    assert not [p for p in paths if "~" in p or p.endswith(".tmp")]
    assert [(c.what, c.version) for c in watched.of(POLICY)] == [("changed", 2)]
    assert status_of(repo, POLICY) == "present"


def test_a_thousand_files_dropped_at_once_are_all_recorded_once(repo: Repository) -> None:
    paths = [f"records/ycc/SQS-{n % 16 + 1:02d}/記錄 {n:04d}.txt" for n in range(1000)]
    with watching(repo) as watched:
        for n, relpath in enumerate(paths):
            write(repo.root / relpath, f"record {n}")
        wait_for(lambda: len(watched.changes) >= 1000, "1,000 files to be recorded")
        barrier(repo)
    assert sorted(c.path for c in watched.changes if c.what == "new") == sorted(
        [*paths, *(c.path for c in watched.changes if "barrier" in c.path)])
    assert {c.what for c in watched.changes} == {"new"}
    assert all(repo.catalog.document(p).versions == 1 for p in paths)  # type: ignore[union-attr]


def test_changes_made_while_not_watching_are_recorded_by_the_start_up_reconcile(
        repo: Repository) -> None:
    edited = write(repo.root / "records/ycc/minutes.txt", "v1")
    removed = write(repo.root / "records/ycc/old.txt", "old")
    write(repo.root / "policies/ycc/keep.txt", "kept")
    with watching(repo) as watched:
        wait_for(lambda: status_of(repo, "records/ycc/old.txt") == "present", "the first files")
    edited.write_text("v2", encoding="utf-8")
    bump_mtime(edited)
    removed.unlink()
    added = write(repo.root / "records/ycc/new.txt", "new")
    bump_mtime(added)
    with watching(repo) as watched:
        pass  # started means the start-up reconcile is done
    assert versions_of(repo, "records/ycc/minutes.txt") == [b"v1", b"v2"]
    assert status_of(repo, "records/ycc/old.txt") == "deleted"
    assert status_of(repo, "records/ycc/new.txt") == "present"
    assert sorted((c.what, c.path) for c in watched.changes) == [
        ("changed", "records/ycc/minutes.txt"), ("deleted", "records/ycc/old.txt"),
        ("new", "records/ycc/new.txt")]
    entry = [e for e in repo.catalog.audit_entries() if e.action == "watch"][-1]
    assert entry.detail["trigger"] == "start"


@pytest.mark.parametrize("away", ["outside the repository", "renamed in place"])
def test_a_unit_folder_moved_away_and_back_is_missing_then_present_never_deleted(
        repo: Repository, tmp_path: Path, away: str) -> None:
    paths = [f"records/ycc/SQS-{n + 1:02d}/register {n}.txt" for n in range(8)]
    for n, relpath in enumerate(paths):
        write(repo.root / relpath, f"register {n}")
    scan(repo, ACTOR)
    elsewhere = tmp_path / "usb" if away.startswith("outside") else repo.root / "records/ycc-old"
    with watching(repo) as watched:
        shutil.move(repo.root / "records/ycc", elsewhere)
        wait_for(lambda: all(status_of(repo, p) == "missing" for p in paths), "missing")
        shutil.move(elsewhere, repo.root / "records/ycc")
        wait_for(lambda: all(status_of(repo, p) == "present" for p in paths), "back")
        barrier(repo)
    assert all(len(versions_of(repo, p)) == 1 for p in paths)
    whats = sorted({c.what for c in watched.changes if c.path in paths})
    assert whats == ["back", "missing"]
    assert any(n.level == "warning" and "vanished at once" in n.message for n in watched.notices)
    assert repo.catalog.document("records/ycc-old/SQS-01/register 0.txt") is None


def test_a_file_replaced_fifty_times_in_a_second_gets_no_invented_version(
        repo: Repository) -> None:
    path = write(repo.root / POLICY, "edit 0")
    scan(repo, ACTOR)
    written = [b"edit 0"]
    with watching(repo) as watched:
        for n in range(1, 51):
            content = f"edit {n} ".encode() * n
            temp = write(path.with_name(f"~WRD{n:04d}.tmp"), content)
            os.replace(temp, path)
            written.append(content)
            time.sleep(0.02)
        wait_for(lambda: versions_of(repo, POLICY)[-1] == written[-1], "the last edit")
        barrier(repo)
    versions = versions_of(repo, POLICY)
    assert 2 <= len(versions) <= 4, f"{len(versions)} versions for one burst of saves"
    assert all(version in written for version in versions)
    assert versions[-1] == written[-1]
    assert len(watched.of(POLICY)) == len(versions) - 1


@pytest.mark.parametrize("folder", ["records/ycc/SQS-05", "records"])
def test_a_folder_deleted_and_recreated_keeps_working(repo: Repository, folder: str) -> None:
    write(repo.root / "records/ycc/SQS-05/before.txt", "before")
    scan(repo, ACTOR)
    with watching(repo) as watched:
        shutil.rmtree(repo.root / folder)
        wait_for(lambda: status_of(repo, "records/ycc/SQS-05/before.txt") in ("deleted",
                                                                               "missing"),
                 "the deletion")
        write(repo.root / "records/ycc/SQS-05/after.txt", "after")
        wait_for(lambda: status_of(repo, "records/ycc/SQS-05/after.txt") == "present",
                 "a file in the recreated folder")
        write(repo.root / "records/ycc/SQS-05/after.txt", "after, edited")
        wait_for(lambda: len(versions_of(repo, "records/ycc/SQS-05/after.txt")) == 2,
                 "an edit in the recreated folder")
    expected = "missing" if folder == "records" else "deleted"
    assert status_of(repo, "records/ycc/SQS-05/before.txt") == expected
    assert ("new", "records/ycc/SQS-05/after.txt") in [(c.what, c.path) for c in watched.changes]


def test_after_record_runs_after_the_start_up_reconcile_and_each_recorded_batch(
        repo: Repository) -> None:
    calls: list[list[str]] = []

    class Hooked(Watcher):
        def after_record(self, session: object, result: object) -> None:
            calls.append([path for path, _ in result.versions])  # type: ignore[attr-defined]

    hooked = Hooked(repo, ACTOR, quiet_seconds=QUIET)
    stop = threading.Event()
    thread = threading.Thread(target=hooked.run, args=(stop,))
    thread.start()
    try:
        wait_for(lambda: calls == [[]], "the start-up reconcile's call")
        write(repo.root / POLICY, "saved")
        wait_for(lambda: calls == [[], [POLICY]], "the call after the save")
    finally:
        stop.set()
        thread.join(30)


def test_polling_observer_records_a_save(repo: Repository) -> None:
    with watching(repo, polling=True, poll_seconds=0.2) as watched:
        write(repo.root / POLICY, "saved on a share")
        wait_for(lambda: status_of(repo, POLICY) == "present", "the polled save")
    assert [c.what for c in watched.of(POLICY)] == ["new"]


def test_dropped_events_reported_by_the_observer_call_for_a_full_reconcile(
        repo: Repository, monkeypatch: pytest.MonkeyPatch) -> None:
    lost = "records/ycc/saved while events were lost.txt"
    with watching(repo, quiet=0.2) as watched:
        # The operating system drops the save's events: only a full reconcile can find it.
        monkeypatch.setattr(watched.watcher, "_on_event", lambda event: None)
        bump_mtime(write(repo.root / lost, "nobody was told"))  # settled: no deferral
        logging.getLogger("watchdog.observers.inotify_c").warning(
            "Inotify queue overflowed; filesystem events were lost")
        wait_for(lambda: status_of(repo, lost) == "present", "the reconcile to record the save")
    assert [(c.what, c.path) for c in watched.changes] == [("new", lost)]
    assert any(n.message == "file watching: Inotify queue overflowed; filesystem events were "
               "lost" for n in watched.notices)
    entry = [e for e in repo.catalog.audit_entries() if e.action == "watch"][-1]
    assert entry.detail["trigger"] == "the operating system dropped file events"


# -- the command, in a process of its own ----------------------------------------------------------

@contextmanager
def watch_process(root: Path, out: Path, *args: str) -> Iterator[subprocess.Popen[bytes]]:
    """`python -m repo_tool watch` with its output in a file; killed if a test leaves it."""
    with out.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "repo_tool", "watch", "--quiet-seconds", str(QUIET),
             "--repo", str(root), *args], stdout=sink, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONPATH": str(PROJECT)})
    try:
        wait_for(lambda: "watching for changes" in out.read_text("utf-8")
                 or process.poll() is not None, "watch to start")
        assert process.poll() is None, out.read_text("utf-8")
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(30)


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM])
def test_watch_process_stops_cleanly_on_a_signal_lets_scan_in_and_keeps_a_second_out(
        repo: Repository, tmp_path: Path, number: int) -> None:
    out = tmp_path / "watch.out"
    with watch_process(repo.root, out) as process:
        write(repo.root / POLICY, "saved")
        wait_for(lambda: POLICY in out.read_text("utf-8"), "the change line")
        # watch holds the writer lock for a pass only: another writer takes its turn between
        scan = run_tool("scan", "--repo", str(repo.root), timeout=30)
        assert scan.returncode == 0, scan.stderr
        assert scan.stdout == "0 new, 0 changed, 1 unchanged\n"
        second = run_tool("watch", "--repo", str(repo.root), timeout=30)
        assert second.returncode == 1
        assert f"`watch` (pid {process.pid} on " in second.stderr
        process.send_signal(number)
        assert process.wait(30) in (0, 130)
    text = out.read_text("utf-8")
    line = next(line for line in text.splitlines() if POLICY in line)
    assert line.split()[2:] == ["ycc", "new", "v1", *POLICY.split()]
    assert "stopped; 1 change(s) recorded" in text and "Traceback" not in text
    assert not (repo.state / "lock").exists() and not (repo.state / "watch.lock").exists()
    assert run_tool("scan", "--repo", str(repo.root), timeout=30).returncode == 0


def test_watch_killed_with_sigkill_is_reconciled_on_the_next_start_and_verifies_clean(
        repo: Repository, tmp_path: Path) -> None:
    paths = [f"records/ycc/SQS-07/form {n:03d}.txt" for n in range(300)]
    with watch_process(repo.root, tmp_path / "first.out", "--json") as process:
        for n, relpath in enumerate(paths):
            write(repo.root / relpath, f"form {n}")
        wait_for(lambda: status_of(repo, paths[0]) == "present", "the first form recorded")
        process.send_signal(signal.SIGKILL)
        process.wait(30)
    assert (repo.state / "lock").exists()
    edited = write(repo.root / paths[0], "form 0, edited while nobody watched")
    bump_mtime(edited)
    out = tmp_path / "second.out"
    with watch_process(repo.root, out, "--json") as process:
        wait_for(lambda: all(status_of(repo, p) == "present" for p in paths), "all forms")
        wait_for(lambda: versions_of(repo, paths[0])[-1] == edited.read_bytes(), "the edit")
        process.send_signal(signal.SIGINT)
        assert process.wait(30) in (0, 130)
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert all({"at", "what"} <= set(line) for line in lines)
    # The first form was recorded before the kill and edited after it; every other one is
    # recorded once, by whichever run saw it, with the bytes it was written with.
    assert versions_of(repo, paths[0]) == [b"form 0", edited.read_bytes()]
    assert {p: versions_of(repo, p) for p in paths[1:]} == {
        p: [f"form {n}".encode()] for n, p in enumerate(paths) if n > 0}
    verify = run_tool("verify", "--repo", str(repo.root), timeout=60)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "audit entries: ok" in verify.stdout and "PROBLEM" not in verify.stdout
