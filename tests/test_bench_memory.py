"""The benchmarks' peak memory is the measured process's own (benchmarks/common.py): a phase
run in a child process must not report the memory its parent held when it started it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from benchmarks.common import peak_rss_bytes
from tests.conftest import PROJECT

MB = 1024 * 1024


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the carried-over peak is "
                    "Linux's getrusage behaviour")
def test_a_child_reports_its_own_peak_not_its_parents() -> None:
    held = bytearray(400 * MB)
    for i in range(0, len(held), 4096):  # touched, so resident
        held[i] = 1
    mine = peak_rss_bytes()
    assert mine is not None and mine >= 400 * MB
    done = subprocess.run(
        [sys.executable, "-c", "from benchmarks.common import peak_rss_bytes\n"
                               "print(peak_rss_bytes())"],
        capture_output=True, text=True, check=True, cwd=PROJECT, timeout=60)
    child = int(done.stdout)
    assert child < 150 * MB, f"the child reported {child // MB} MB"
    del held
