"""`python -m benchmarks`: run every benchmark in turn and print one table.

Benchmarks report, they do not gate: the exit status is 0 even when a target is missed, and
the table says FAIL on that line.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Sequence

from benchmarks import (
    extract_bench,
    ocr_bench,
    scan_bench,
    search_bench,
    serve_bench,
    watch_bench,
)
from benchmarks.common import Benchmark, Options, Row, render

# Every benchmark, run in this order; a new one adds its `run` here.
BENCHMARKS: list[Benchmark] = [scan_bench.run, extract_bench.run, search_bench.run,
                               watch_bench.run, serve_bench.run, ocr_bench.run]

DEFAULT_FILES = 10_000
QUICK_FILES = 1_000
DEFAULT_SEED = 20240601


def parse(argv: Sequence[str] | None) -> Options:
    """The options from the command line."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks",
                                     description="Measure repo-tool against plain baselines.")
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--files", type=int, default=DEFAULT_FILES, metavar="N",
                      help=f"documents in the generated corpus (default {DEFAULT_FILES:,})")
    size.add_argument("--quick", action="store_const", const=QUICK_FILES, dest="files",
                      help=f"a {QUICK_FILES:,}-file corpus, for a quick look")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help=f"corpus seed; the same seed gives the same bytes (default "
                             f"{DEFAULT_SEED})")
    args = parser.parse_args(argv)
    if args.files < 1:
        parser.error("--files must be at least 1")
    return Options(files=args.files, seed=args.seed)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks and print the table; always 0, since a missed target is a finding."""
    options = parse(argv)
    rows: list[Row] = []
    for benchmark in BENCHMARKS:
        rows += benchmark(options)
    print(f"repo-tool benchmarks, {time.strftime('%Y-%m-%d %H:%M')}: Python "
          f"{platform.python_version()}, {platform.system()} {platform.machine()}, "
          f"{os.cpu_count()} CPUs; {options.files:,} files, seed {options.seed}; warm page cache")
    print(render(rows))
    failed = [row.metric for row in rows if row.passed is False]
    print(f"FAIL: {len(failed)} target(s) missed: {'; '.join(failed)}" if failed
          else "all targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
