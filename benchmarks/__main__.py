"""`python -m benchmarks [NAME ...]`: run the benchmarks, print one table, write RESULTS.md.

Benchmarks report, they do not gate: the exit status is 0 even when a target is missed, and
the table says FAIL on that line.
"""

from __future__ import annotations

import argparse
import shlex
import signal
import sys
import time
import traceback
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import (
    extract_bench,
    ocr_bench,
    overview_bench,
    preview_bench,
    results,
    scale_bench,
    scan_bench,
    search_bench,
    serve_bench,
    startup_bench,
    watch_bench,
)
from benchmarks.common import Benchmark, Options, Row, render, say

# Every benchmark by name, run in this order; a new one adds its `run` here.
BENCHMARKS: dict[str, Benchmark] = {
    "scan": scan_bench.run,
    "extract": extract_bench.run,
    "search": search_bench.run,
    "watch": watch_bench.run,
    "serve": serve_bench.run,
    "ocr": ocr_bench.run,
    "preview": preview_bench.run,
    "startup": startup_bench.run,
    "overview": overview_bench.run,
}

DEFAULT_FILES = 10_000
QUICK_FILES = 1_000
DEFAULT_SEED = 20240601


def parse(argv: Sequence[str] | None) -> tuple[Options, list[str], Path | None]:
    """The options, the benchmarks to run (in BENCHMARKS order), and where to write results."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks",
                                     description="Measure repo-tool against plain baselines.")
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help=f"benchmarks to run, of {', '.join(BENCHMARKS)} (default: all)")
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--files", type=int, default=DEFAULT_FILES, metavar="N",
                      help=f"documents in the generated corpus (default {DEFAULT_FILES:,})")
    size.add_argument("--quick", action="store_const", const=QUICK_FILES, dest="files",
                      help=f"a {QUICK_FILES:,}-file corpus, for a quick look")
    size.add_argument("--scale", type=int, nargs="?", const=scale_bench.DEFAULT_DOCS,
                      metavar="N", help="instead of the benchmarks, how far one machine goes: "
                      f"N documents (default {scale_bench.DEFAULT_DOCS:,}), about an hour; "
                      "writes benchmarks/RESULTS-scale.md")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help=f"corpus seed; the same seed gives the same bytes (default "
                             f"{DEFAULT_SEED})")
    parser.add_argument("--results", type=Path, default=results.RESULTS, metavar="PATH",
                        help="where to write the results as Markdown (default "
                             "benchmarks/RESULTS.md)")
    parser.add_argument("--no-results", action="store_const", const=None, dest="results",
                        help="print the table only")
    args = parser.parse_args(argv)
    if args.scale is not None:
        if args.names:
            parser.error("--scale runs on its own; leave out the benchmark names")
        if args.results == results.RESULTS:
            args.results = results.SCALE_RESULTS
        return Options(files=args.scale, seed=args.seed), ["scale"], args.results
    if args.files < 1:
        parser.error("--files must be at least 1")
    unknown = [name for name in args.names if name not in BENCHMARKS]
    if unknown:
        parser.error(f"no benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
    names = [name for name in BENCHMARKS if not args.names or name in args.names]
    return Options(files=args.files, seed=args.seed), names, args.results


# Not part of `make bench` (an hour, ~25 GB): `python -m benchmarks --scale [N]`.
SCALE: dict[str, Benchmark] = {"scale": scale_bench.run}


def run_one(name: str, options: Options) -> list[Row]:
    """One benchmark's rows; a crash is one failed row (traceback on stderr), so that a run of
    half an hour keeps the other benchmarks' figures."""
    try:
        return {**BENCHMARKS, **SCALE}[name](options)
    except Exception as error:  # a benchmark's bug is reported, not allowed to sink the run
        traceback.print_exc()
        say(f"{name}: crashed; going on with the next benchmark")
        return [Row(f"{name}: the benchmark crashed (traceback on stderr)",
                    f"{type(error).__name__}: {error}", passed=False)]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks, print the table and write the results; always 0, since a missed
    target is a finding."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    options, names, path = parse(arguments)
    started, clock = datetime.now(UTC), time.perf_counter()
    load_at_start = results.load_average()
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        # Started in the background by a shell without job control: the `serve` and `watch`
        # children would inherit the ignored Ctrl-C and never stop the way a person stops them.
        signal.signal(signal.SIGINT, signal.default_int_handler)
    sections: list[tuple[str, list[Row]]] = []
    for name in names:
        sections.append((name, run_one(name, options)))
    rows = [row for _, section in sections for row in section]
    run = results.Run(
        command=" ".join(["python -m benchmarks", shlex.join(arguments)]).strip(),
        options=options,
        started=started, seconds=time.perf_counter() - clock, load_at_start=load_at_start,
        load_at_end=results.load_average(), ran=tuple(names),
        left_out=() if names == ["scale"] else
        tuple(name for name in BENCHMARKS if name not in names))
    print(f"repo-tool benchmarks, {started:%Y-%m-%d %H:%M} UTC; {options.files:,} files, "
          f"seed {options.seed}; warm page cache")
    print(render(rows))
    failed = [row.metric for row in rows if row.passed is False]
    print(f"FAIL: {len(failed)} target(s) missed: {'; '.join(failed)}" if failed
          else "all targets met")
    if path is not None:
        results.write(path, results.markdown(run, sections, results.machine()))
        say(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
