"""Strict mode (`REPO_TOOL_STRICT=1`, set by CI): a skipped test fails the run and says why;
without it a skip is only a skip. Each case is a real pytest run on a tiny test file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT

# The tiny run gets our hooks and nothing else from tests/conftest.py.
CONFTEST = "from tests.conftest import pytest_make_collect_report, pytest_runtest_makereport\n"

ONE_SKIPS = '''
import pytest

def test_passes():
    pass

def test_skips():
    pytest.skip("the scanner is not plugged in")

@pytest.mark.skipif(True, reason="Tesseract is not installed")
def test_skipped_by_a_mark():
    pass

@pytest.mark.xfail(reason="a known bug", strict=True)
def test_expected_to_fail():
    assert False
'''

MODULE_SKIPS = '''
import pytest

pytest.skip("this whole file needs LibreOffice", allow_module_level=True)

def test_never_runs():
    pass
'''


def run_pytest(folder: Path, body: str, strict: bool) -> subprocess.CompletedProcess[str]:
    """pytest on one generated test file, in a folder of its own, strict or not."""
    (folder / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    (folder / "test_tiny.py").write_text(body, encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key != "REPO_TOOL_STRICT"}
    if strict:
        env["REPO_TOOL_STRICT"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-ra", "-p", "no:cacheprovider", "--rootdir",
         str(folder), str(folder / "test_tiny.py")], cwd=folder, text=True, capture_output=True,
        timeout=120, env={**env, "PYTHONPATH": str(PROJECT)})


def summary(done: subprocess.CompletedProcess[str]) -> str:
    return done.stdout.strip().splitlines()[-1]


def test_without_strict_mode_a_skip_is_only_a_skip(tmp_path: Path) -> None:
    done = run_pytest(tmp_path, ONE_SKIPS, strict=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert " 1 passed, 2 skipped, 1 xfailed in " in summary(done)


def test_in_strict_mode_each_skip_fails_the_run_naming_its_reason(tmp_path: Path) -> None:
    done = run_pytest(tmp_path, ONE_SKIPS, strict=True)
    assert done.returncode == pytest.ExitCode.TESTS_FAILED, done.stdout + done.stderr
    assert " 1 failed, 1 passed, 1 xfailed, 1 error in " in summary(done)
    assert "skipped, and REPO_TOOL_STRICT=1 allows no skips: the scanner is not plugged in" \
        in done.stdout
    assert "skipped, and REPO_TOOL_STRICT=1 allows no skips: Tesseract is not installed" \
        in done.stdout
    assert "SKIPPED" not in done.stdout


def test_in_strict_mode_a_skipped_module_fails_the_run(tmp_path: Path) -> None:
    assert run_pytest(tmp_path, MODULE_SKIPS, strict=False).returncode \
        == pytest.ExitCode.NO_TESTS_COLLECTED  # skipped, nothing ran
    done = run_pytest(tmp_path, MODULE_SKIPS, strict=True)
    assert done.returncode == pytest.ExitCode.INTERRUPTED, done.stdout + done.stderr
    assert "skipped, and REPO_TOOL_STRICT=1 allows no skips: this whole file needs LibreOffice" \
        in done.stdout
