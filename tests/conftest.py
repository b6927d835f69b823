"""Fixtures: a fresh repository in tmp_path, the shared corpus, and a CLI bound to the repo.

The shared corpus lives outside the project (`../shared/corpus`, or wherever
`REPO_TOOL_CORPUS` says): tests that need it skip with one reason when it is not there, and
nothing reads it while tests are collected. With `REPO_TOOL_STRICT=1` (CI) a skip fails the run.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings

from repo_tool.cli import cli as cli_group
from repo_tool.models import Actor
from repo_tool.repository import Repository

if TYPE_CHECKING:
    from flask import Flask
    from flask.testing import FlaskClient

# Speed is measured in benchmarks/, never in tests: no per-example deadline (the first example
# of an OpenCC test pays for building the conversion table, which is not a failure).
settings.register_profile("repo-tool", deadline=None)
settings.load_profile("repo-tool")

PROJECT = Path(__file__).resolve().parent.parent
ACTOR = Actor(user="tester", by="Test Officer")


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Repository]:
    """A fresh repository with the head office and two units, `ycc` and `home`."""
    root = tmp_path / "repo"
    repository = Repository.init(root, "明德社會服務協會", "Ming Tak Social Service Association")
    repository.add_unit("ycc", "明德青少年綜合服務中心", "Ming Tak Youth Centre", "2345 6789",
                        ACTOR)
    repository.add_unit("home", "明德兒童之家", "Ming Tak Children's Home", None, ACTOR)
    yield repository
    repository.close()


# -- the shared corpus ----------------------------------------------------------------------

def corpus_path() -> Path:
    """Where the shared corpus should be: `REPO_TOOL_CORPUS` (a relative path counts from the
    project root), else `../shared/corpus` next to the project."""
    configured = os.environ.get("REPO_TOOL_CORPUS")
    return (PROJECT / configured).resolve() if configured else PROJECT.parent / "shared" / "corpus"


def corpus_absent() -> str | None:
    """Why the corpus tests cannot run (the one skip reason they all give), or None."""
    where = corpus_path()
    if (where / "MANIFEST.tsv").is_file():
        return None
    return f"the shared corpus is not at {where} (set REPO_TOOL_CORPUS)"


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The shared corpus of real documents, read in place; the test skips when it is absent."""
    reason = corpus_absent()
    if reason is not None:
        pytest.skip(reason)
    return corpus_path()


@dataclass(frozen=True)
class ManifestRow:
    """One line of the corpus's MANIFEST.tsv."""

    relpath: str
    expect_phrase: str
    notes: str


def manifest_rows(corpus: Path) -> list[ManifestRow]:
    """Every file the corpus manifest describes, in its order."""
    with (corpus / "MANIFEST.tsv").open(encoding="utf-8", newline="") as handle:
        return [ManifestRow(row["relpath"], row["expect_phrase"], row["notes"])
                for row in csv.DictReader(handle, delimiter="\t")]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test taking `manifest_phrase` runs once per manifest row with a phrase to find; without
    the corpus it is one item, skipped by the `corpus` fixture: collection never needs it."""
    if "manifest_phrase" not in metafunc.fixturenames:
        return
    rows = [row for row in manifest_rows(corpus_path()) if row.expect_phrase] \
        if corpus_absent() is None else []
    metafunc.parametrize("manifest_phrase", rows or [None], indirect=True,
                         ids=[row.relpath for row in rows] or ["no-corpus"])


@pytest.fixture
def manifest_phrase(request: pytest.FixtureRequest, corpus: Path) -> ManifestRow:
    """One manifest row with a phrase to find (the rows come from pytest_generate_tests)."""
    row: ManifestRow = request.param
    return row


def _one_corpus_line(report: pytest.TestReport) -> None:
    """Every corpus skip at the place that decides it, so `-ra` sums them up in one line."""
    if report.skipped and isinstance(report.longrepr, tuple) \
            and report.longrepr[2].endswith("(set REPO_TOOL_CORPUS)"):
        report.longrepr = (__file__, corpus_absent.__code__.co_firstlineno, report.longrepr[2])


# -- strict mode: nothing may skip in CI --------------------------------------------------------

STRICT = "REPO_TOOL_STRICT"


def _strict_failure(report: pytest.TestReport | pytest.CollectReport) -> None:
    """With REPO_TOOL_STRICT=1, turn a skip into a failure that names the skip's reason."""
    if os.environ.get(STRICT) != "1" or not report.skipped or hasattr(report, "wasxfail"):
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    reason = reason.removeprefix("Skipped: ")
    report.outcome = "failed"
    report.longrepr = f"skipped, and {STRICT}=1 allows no skips: {reason}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]
                              ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    _one_corpus_line(report)
    _strict_failure(report)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector
                               ) -> Generator[None, pytest.CollectReport, pytest.CollectReport]:
    report = yield  # a whole module skipped (pytest.importorskip, allow_module_level)
    _strict_failure(report)
    return report


# -- the CLI ----------------------------------------------------------------------------------

@dataclass
class Cli:
    """Runs `repo-tool` in-process against one repository."""

    root: Path

    def __call__(self, *args: str) -> Result:
        return CliRunner().invoke(cli_group, [*args, "--repo", str(self.root)],
                                  catch_exceptions=False)


@pytest.fixture
def cli(repo: Repository) -> Cli:
    return Cli(repo.root)


def run_tool(*args: str, cwd: Path | None = None, timeout: float = 120
             ) -> subprocess.CompletedProcess[str]:
    """`python -m repo_tool ...` in a child process, as a user would run it."""
    return subprocess.run([sys.executable, "-m", "repo_tool", *args], cwd=cwd, text=True,
                          capture_output=True, timeout=timeout,
                          env={**os.environ, "PYTHONPATH": str(PROJECT)})


def write(path: Path, content: bytes | str) -> Path:
    """Create a file (and its folders) with this content."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def rewind_catalog(path: Path, version: int) -> list[str]:
    """Make a catalog look as an older repo-tool left it: undo every migration after `version`
    (drop the tables they created and the columns they added). Returns the tables dropped."""
    import re
    import sqlite3

    from repo_tool.store.schema import MIGRATIONS

    later = MIGRATIONS[version:]
    tables = [t for script in later for t in re.findall(r"CREATE TABLE (?:IF NOT EXISTS )?(\w+)",
                                                        script)]
    columns = [c for script in later
               for c in re.findall(r"ALTER TABLE (\w+) ADD COLUMN (\w+)", script)]
    triggers = [t for script in later for t in re.findall(r"CREATE TRIGGER (\w+)", script)]
    db = sqlite3.connect(path)
    try:
        for trigger in triggers:
            db.execute(f"DROP TRIGGER {trigger}")
        for table in reversed(tables):
            db.execute(f"DROP TABLE {table}")
        for table, column in reversed(columns):
            if table not in tables:
                db.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        db.execute(f"PRAGMA user_version = {version}")
        db.commit()
    finally:
        db.close()
    return tables


def bump_mtime(path: Path, seconds: int = -10) -> None:
    """Move a file's mtime so the fast path cannot mistake an edit for no change."""
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + seconds * 1_000_000_000))


def wait_for(condition: Callable[[], bool], what: str, seconds: float = 60) -> None:
    """Poll `condition` until it holds; fail naming `what` after `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {seconds} s waiting for {what}")
        time.sleep(0.01)


def child_pids() -> set[int]:
    """Live (not yet reaped) children of this process, where /proc tells."""
    me = str(os.getpid())
    found = set()
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = entry.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[1] == me:
            found.add(int(entry.parent.name))
    return found


def _command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return "?"


@pytest.fixture(autouse=True)
def nothing_left_behind() -> Iterator[None]:
    """Every test ends with the threads and child processes it started with: observers,
    extraction workers and subprocesses are all stopped and reaped."""
    threads = set(threading.enumerate())
    children = child_pids() if Path("/proc").is_dir() else set()
    yield
    assert set(threading.enumerate()) - threads == set()
    if Path("/proc").is_dir():
        deadline = time.monotonic() + 5  # a child that was told to stop may take a moment
        while (left := _ours(child_pids() - children)) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert {pid: _command_line(pid) for pid in left} == {}


def _ours(pids: set[int]) -> set[int]:
    """Leave out multiprocessing's resource tracker: it starts with the first worker process
    and lives as long as Python does, by design."""
    return {pid for pid in pids if "multiprocessing.resource_tracker" not in _command_line(pid)}


@pytest.fixture
def client(app: Flask) -> Iterator[FlaskClient]:
    """A test client of the Flask app that the web test module's own `app` fixture makes."""
    with app.test_client() as test_client:
        yield test_client
