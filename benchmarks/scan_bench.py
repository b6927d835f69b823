"""Scan benchmark: first scan and no-change rescan of a generated corpus, against plain Python.

Baselines, measured in the same run on the same tree:
- first scan: os.walk + read + sha256 of every file (the least any scan must do), and the same
  plus a copy of each file fsynced to disk (what a durable content store must do at least);
- rescan: a recursive os.scandir with entry.stat() of every file (the least a rescan must do).
The page cache cannot be dropped without root, so every figure is warm-cache: the corpus was
just written, and this machine's memory holds it whole.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import TypeVar

from benchmarks import corpus
from benchmarks.common import Options, Row, peak_rss_bytes, ratio, say, sync_disks
from repo_tool.ingest import scan
from repo_tool.models import KIND_FOLDERS, Actor
from repo_tool.repository import Repository, current_actor

FIRST_SCAN_FILES_PER_S = 100.0
RESCAN_SECONDS = 2.0
RESCAN_OVER_BASELINE = 2.0
PEAK_MEMORY_BYTES = 500 * 1024 * 1024
RESCAN_REPEATS = 7

_CHUNK = 1 << 20
_MB = 1024 * 1024

T = TypeVar("T")


@dataclass(frozen=True)
class Timing:
    """Wall and CPU seconds of one measured call."""

    wall: float
    cpu: float


def timed(work: Callable[[], T]) -> tuple[T, Timing]:
    """Run `work` once: what it returned, and how long it took."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return result, Timing(time.perf_counter() - wall, time.process_time() - cpu)


def document_folders(root: Path) -> list[Path]:
    """The folders a scan walks (policies/ and records/)."""
    return [root / top for top in KIND_FOLDERS]


def hash_every_file(root: Path) -> int:
    """Baseline: os.walk, read and sha256 every file; returns the bytes read."""
    total = 0
    for top in document_folders(root):
        for folder, _, names in os.walk(top):
            for name in names:
                digest = hashlib.sha256()
                with open(os.path.join(folder, name), "rb") as source:
                    while chunk := source.read(_CHUNK):
                        digest.update(chunk)
                        total += len(chunk)
    return total


def copy_every_file(root: Path, into: Path) -> int:
    """Baseline: as `hash_every_file`, also writing each file's bytes to `into` and fsyncing."""
    total = count = 0
    into.mkdir()
    for top in document_folders(root):
        for folder, _, names in os.walk(top):
            for name in names:
                digest = hashlib.sha256()
                count += 1
                with open(os.path.join(folder, name), "rb") as source, \
                        open(into / str(count), "wb") as out:
                    while chunk := source.read(_CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                        total += len(chunk)
                    out.flush()
                    os.fsync(out.fileno())
    return total


def stat_every_file(root: Path) -> int:
    """Baseline: a recursive os.scandir with entry.stat() of every file; returns the count."""
    count = 0
    stack = document_folders(root)
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(Path(entry.path))
                else:
                    entry.stat(follow_symlinks=False)
                    count += 1
    return count


def run(options: Options) -> list[Row]:
    """Generate the corpus in a temporary folder, then measure scan and rescan against baselines."""
    with TemporaryDirectory(prefix="repo-tool-bench-") as tmp:
        root = Path(tmp) / "repo"
        say(f"scan: generating {options.files:,} files (seed {options.seed}) in {root}")
        built = corpus.build(root, options.files, options.seed,
                             lambda done, total: say(f"scan: generated {done:,}/{total:,}"))
        sync_disks()
        say(f"scan: {built.files:,} files, {built.bytes / _MB:,.1f} MB; baseline read+sha256")
        _, hashing = timed(lambda: hash_every_file(root))
        say("scan: baseline read+sha256+copy+fsync")
        _, copying = timed(lambda: copy_every_file(root, Path(tmp) / "copy"))
        shutil.rmtree(Path(tmp) / "copy")
        sync_disks()
        rows = _first_and_rescans(root, built, hashing, copying)
        say("scan: cleaning up")
    return rows


def _first_and_rescans(root: Path, built: corpus.Corpus, hashing: Timing, copying: Timing
                       ) -> list[Row]:
    repo = Repository.open(root)
    actor = current_actor("benchmark")
    rss_before = peak_rss_bytes()
    say("scan: first scan")
    first, scanning = timed(lambda: scan(repo, actor))
    if len(first.new) != built.files:
        raise RuntimeError(f"the first scan found {first.counts()}, not {built.files} new files")
    say(f"scan: {RESCAN_REPEATS} no-change rescans, each after a plain scandir walk")
    rescans: list[float] = []
    walks: list[float] = []
    for _ in range(RESCAN_REPEATS):
        count, walking = timed(lambda: stat_every_file(root))
        if count != built.files:
            raise RuntimeError(f"the scandir baseline found {count} files, not {built.files}")
        walks.append(walking.wall)
        rescans.append(timed(lambda: _rescan_unchanged(repo, actor, built.files))[1].wall)
    rss_after = peak_rss_bytes()
    say("scan: one more rescan under tracemalloc (untimed)")
    tracemalloc.start()
    _rescan_unchanged(repo, actor, built.files)
    _, rescan_heap = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    repo.close()
    return _rows(built, hashing, copying, scanning, statistics.median(rescans),
                 statistics.median(walks), rss_before, rss_after, rescan_heap)


def _rescan_unchanged(repo: Repository, actor: Actor, files: int) -> None:
    result = scan(repo, actor)
    if result.unchanged != files or result.recorded_anything:
        raise RuntimeError(f"a no-change rescan found {result.counts()}, not {files} unchanged")


def _rows(built: corpus.Corpus, hashing: Timing, copying: Timing, scanning: Timing,
          rescan: float, walk: float, rss_before: int | None, rss_after: int | None,
          rescan_heap: int) -> list[Row]:
    files, mb = built.files, built.bytes / _MB
    rows = [
        Row(f"first scan, {files:,} files (files/s)", f"{files / scanning.wall:,.0f}",
            f"{files / hashing.wall:,.0f} read+sha256", ratio(scanning.wall, hashing.wall),
            f">= {FIRST_SCAN_FILES_PER_S:.0f} files/s",
            files / scanning.wall >= FIRST_SCAN_FILES_PER_S),
        Row("first scan vs durable copy (files/s)", f"{files / scanning.wall:,.0f}",
            f"{files / copying.wall:,.0f} +copy+fsync", ratio(scanning.wall, copying.wall)),
        Row(f"first scan, {mb:,.0f} MB (MB/s)", f"{mb / scanning.wall:,.1f}",
            f"{mb / hashing.wall:,.1f} read+sha256", ratio(scanning.wall, hashing.wall)),
        Row("first scan wall / CPU (s)", f"{scanning.wall:.1f} / {scanning.cpu:.1f}",
            f"{copying.wall:.1f} / {copying.cpu:.1f} +copy+fsync"),
        Row(f"no-change rescan (s, median of {RESCAN_REPEATS})", f"{rescan:.3f}",
            f"{walk:.3f} scandir+stat", ratio(rescan, walk), f"< {RESCAN_SECONDS:.0f} s",
            rescan < RESCAN_SECONDS),
        Row("no-change rescan / baseline", f"{rescan / walk:.2f}x" if walk else "-",
            "1.00x scandir+stat", ratio(rescan, walk), f"<= {RESCAN_OVER_BASELINE:.0f}x",
            walk > 0 and rescan / walk <= RESCAN_OVER_BASELINE),
        Row("rescan Python heap peak (tracemalloc)", f"{rescan_heap / _MB:,.1f} MB"),
    ]
    if rss_after is not None and rss_before is not None:
        rows.append(Row("peak memory, whole run (RSS)", f"{rss_after / _MB:,.0f} MB",
                        f"{rss_before / _MB:,.0f} MB before scan",
                        ratio(rss_after, rss_before), f"< {PEAK_MEMORY_BYTES // _MB} MB",
                        rss_after < PEAK_MEMORY_BYTES))
    return rows
