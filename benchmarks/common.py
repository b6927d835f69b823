"""What every benchmark shares: its options, its result rows, and the table they print as.

`Row` is the one result type: every benchmark returns a list of them, `render` prints them on
stdout and `benchmarks.results` writes them to RESULTS.md.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

HEADERS = ("metric", "repo-tool", "baseline", "ratio", "target", "result")


@dataclass(frozen=True)
class Options:
    """What `python -m benchmarks` was asked for."""

    files: int
    seed: int


@dataclass(frozen=True)
class Row:
    """One line of the table: a figure, its baseline from the same run, and its target."""

    metric: str
    measured: str
    baseline: str = "-"
    ratio: str = "-"
    target: str = "-"
    passed: bool | None = None  # None: a figure shown for context, with no target

    @property
    def result(self) -> str:
        if self.passed is None:
            return "-"
        return "PASS" if self.passed else "FAIL"

    def cells(self) -> tuple[str, ...]:
        return (self.metric, self.measured, self.baseline, self.ratio, self.target, self.result)


Benchmark = Callable[[Options], list[Row]]
"""A benchmark takes the options and returns its rows; it may report stages through `say`."""


def ratio(measured: float, baseline: float) -> str:
    """repo-tool's figure over the baseline's: for times, 2.00x is twice as slow."""
    if baseline <= 0:
        return "-"
    return f"{measured / baseline:.2f}x"


def percentile(values: Sequence[float], fraction: float) -> float:
    """The value at `fraction` (0.5: the median, 0.95: p95) of `values`, by nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def percentile_ms(values: Sequence[float], fraction: float) -> float:
    """`percentile` of values in seconds, in milliseconds."""
    return percentile(values, fraction) * 1000


def render(rows: Sequence[Row]) -> str:
    """The rows as a plain-text table with aligned columns."""
    lines = [HEADERS, *(row.cells() for row in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(HEADERS))]
    text = [" | ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True))
            .rstrip() for line in lines]
    text.insert(1, "-+-".join("-" * width for width in widths))
    return "\n".join(text)


def say(message: str) -> None:
    """A progress line on stderr, so stdout holds only the report."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def peak_rss_bytes() -> int | None:
    """This process's peak resident set size so far, or None where the OS does not say.

    On Linux, the kernel's high-water mark of this process's memory (`VmHWM`): getrusage's
    `ru_maxrss` carries a started child's parent's peak across fork and exec, so a phase run
    in a child from a parent holding 1.4 GB reported 1.4 GB however little it used."""
    if sys.platform == "win32":
        return None
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # Linux reports KiB


def sync_disks() -> None:
    """Flush dirty pages, so write-back of one stage does not land in the next one's timing."""
    if hasattr(os, "sync"):
        os.sync()


def stop_child(child: subprocess.Popen[bytes], seconds: float = 30.0) -> None:
    """Stop a `serve` or `watch` child as a person does, with Ctrl-C (SIGINT); kill it if it
    has not stopped after `seconds`, so a benchmark never leaves a process behind."""
    if child.poll() is not None:
        return
    child.send_signal(signal.SIGINT)
    try:
        child.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        say(f"pid {child.pid} did not stop on SIGINT within {seconds:.0f} s; killing it")
        child.kill()
        child.wait()
