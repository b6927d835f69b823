"""Start-up benchmark: how long a whole `repo-tool` process takes, against `python -c pass`.

A person at a terminal waits for the whole process, not for the library call, so each figure is
the median wall time of running the installed `repo-tool` command (a fresh interpreter each
time), beside the median of `python -c pass` measured in the same run, on the same machine:

- `--version` and `--help`: nothing to read; only the command line itself loads (target 2.5x);
- `search 私隱` on a repository of at least 20,000 generated documents (target 4x): search
  _bench's zh/en text documents, as serve_bench writes them, so that the search reads text and
  makes snippets as it does on a real repository;
- `status` of every unit of that repository (target 5x).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from tempfile import TemporaryDirectory

from benchmarks.common import Options, Row, ratio, say
from benchmarks.serve_bench import build

SEARCH_DOCUMENTS = 20_000
RUNS = 15
TARGETS = {"--version": 2.5, "--help": 2.5, "search": 4.0, "status": 5.0}


def median_seconds(command: Sequence[str]) -> float:
    """The median wall time of running `command` RUNS times, after one warm-up run.

    Byte-code caching is on whatever the calling environment says (PYTHONDONTWRITEBYTECODE
    would make every run compile every module, which no installed copy does): the warm-up
    writes the caches, as `pip install` does."""
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    times = []
    for attempt in range(RUNS + 1):
        started = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=True, env=environment)
        if attempt:
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def _repository(root: Path, files: int, seed: int) -> None:
    say(f"startup: writing and scanning a {files:,}-document repository")
    build(root, files, seed)


def run(options: Options) -> list[Row]:
    tool = str(Path(sys.executable).with_name("repo-tool"))
    files = SEARCH_DOCUMENTS if options.files >= SEARCH_DOCUMENTS // 2 else options.files
    with TemporaryDirectory(prefix="repo-tool-startup-") as folder:
        root = Path(folder) / "repo"
        _repository(root, files, options.seed)
        say("startup: timing the processes")
        baseline = median_seconds([sys.executable, "-c", "pass"])
        measured = {
            "--version": median_seconds([tool, "--version"]),
            "--help": median_seconds([tool, "--help"]),
            "search": median_seconds([tool, "search", "私隱", "--repo", str(root)]),
            "status": median_seconds([tool, "status", "--repo", str(root)]),
        }
    rows = []
    for name, seconds in measured.items():
        what = {"--version": "`repo-tool --version`, whole process",
                "--help": "`repo-tool --help`, whole process",
                "search": f"`repo-tool search 私隱`, {files:,} documents, whole process",
                "status": f"`repo-tool status`, {files:,} documents, whole process"}[name]
        rows.append(Row(what, f"{seconds * 1000:.0f} ms", f"{baseline * 1000:.0f} ms "
                        "(`python -c pass`)", ratio(seconds, baseline),
                        f"<= {TARGETS[name]:.1f}x", seconds <= TARGETS[name] * baseline))
    return rows
