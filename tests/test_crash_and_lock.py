"""Crash safety and the single writer: killed scans recover, a second writer is told who holds
the lock, and readers never wait."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from repo_tool.ingest import scan
from repo_tool.repository import Repository
from repo_tool.repository.verify import verify
from tests.conftest import ACTOR, PROJECT, Cli, run_tool, wait_for, write

FILES = 3000

HOLD_LOCK = """
import sys
from pathlib import Path
from repo_tool.models import Actor
from repo_tool.repository import Repository
repo = Repository.open(Path(sys.argv[1]))
with repo.writing("scan", Actor("other-user")) as session:
    session.catalog.db.execute("BEGIN IMMEDIATE")
    session.catalog.add_document("records/ycc/uncommitted.docx", "ycc", "record", "now")
    print("held", flush=True)
    sys.stdin.readline()
    session.catalog.db.execute("ROLLBACK")
"""


def make_tree(root: Path, count: int = FILES) -> None:
    rng = random.Random(20261123)
    for index in range(count):
        unit = ("ycc", "home")[index % 2]
        folder = root / "records" / unit / f"SQS-{index % 16 + 1:02d}" / f"batch {index // 250}"
        write(folder / f"記錄 {index:05d}.docx", rng.randbytes(rng.randint(200, 6000)))


def catalog_count(root: Path, table: str) -> int:
    db = sqlite3.connect(f"file:{root / '.repo' / 'catalog.sqlite'}?mode=ro", uri=True)
    try:
        return int(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
    except sqlite3.OperationalError:
        return 0
    finally:
        db.close()


def end_state(root: Path) -> set[tuple[str, int, str, str]]:
    db = sqlite3.connect(root / ".repo" / "catalog.sqlite")
    rows = db.execute("SELECT d.path, v.number, v.sha256, d.status FROM versions v "
                      "JOIN documents d ON d.id = v.document_id").fetchall()
    db.close()
    return {(row[0], row[1], row[2], row[3]) for row in rows}


def start_tool(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "repo_tool", *args], text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(PROJECT)})


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[tuple[str, int, str,
                                                                                   str]]]:
    """A tree of a few thousand files and the end state of one uninterrupted scan of it."""
    base = tmp_path_factory.mktemp("reference")
    repo = Repository.init(base / "repo", "明德", "Ming Tak")
    repo.add_unit("ycc", "青少年中心", "Youth Centre", None, ACTOR)
    repo.add_unit("home", "兒童之家", "Children's Home", None, ACTOR)
    make_tree(repo.root)
    pristine = base / "pristine"
    shutil.copytree(repo.root, pristine, symlinks=True)
    done = run_tool("scan", "--repo", str(repo.root))
    assert done.returncode == 0, done.stderr
    return pristine, end_state(repo.root)


@pytest.mark.slow
@pytest.mark.parametrize("kill_at", [0, 1, 1200, 2400])
def test_scan_killed_at_any_point_leaves_a_sound_repository_that_the_next_scan_completes(
        reference: tuple[Path, set[tuple[str, int, str, str]]], tmp_path: Path,
        kill_at: int) -> None:
    pristine, expected = reference
    root = tmp_path / "repo"
    shutil.copytree(pristine, root, symlinks=True)
    scan = start_tool("scan", "--repo", str(root))
    if kill_at == 0:
        wait_for(lambda: (root / ".repo" / "lock").exists(), "the scan to take the lock")
    else:
        wait_for(lambda: catalog_count(root, "versions") >= kill_at or scan.poll() is not None,
                 f"{kill_at} versions to be committed")
    assert scan.poll() is None, "the scan finished before it could be killed"
    scan.send_signal(signal.SIGKILL)
    scan.wait()

    repo = Repository.open(root)
    report = verify(repo)
    assert report.problems == []
    repo.close()

    finish = run_tool("scan", "--repo", str(root))
    assert finish.returncode == 0, finish.stderr
    assert end_state(root) == expected
    repo = Repository.open(root)
    assert verify(repo).ok
    assert list((root / ".repo" / "objects" / "tmp").iterdir()) == []
    actions = [entry.action for entry in repo.catalog.audit_entries()]
    if kill_at > 0:
        assert "scan (interrupted)" in actions
    assert actions[-1] == "scan"


def test_second_writer_is_told_who_holds_the_lock_and_readers_do_not_wait(
        repo: Repository, cli: Cli) -> None:
    write(repo.root / "records/ycc/minutes.docx", "minutes")
    scan(repo, ACTOR)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(repo.root)], text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              env={**os.environ, "PYTHONPATH": str(PROJECT)})
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        second = run_tool("scan", "--repo", str(repo.root), timeout=20)
        assert second.returncode == 1
        assert second.stderr.startswith("error: another repo-tool is changing this repository: "
                                        f"`scan` (pid {holder.pid} on ")
        assert "wait for it to finish" in second.stderr
        reader = run_tool("log", "--repo", str(repo.root), timeout=20)
        assert reader.returncode == 0 and "records/ycc/minutes.docx" in reader.stdout
        assert "uncommitted" not in reader.stdout
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=20)
    assert cli("scan").exit_code == 0


def test_lock_of_a_dead_process_is_taken_over(repo: Repository, cli: Cli) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(repo.root)], text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              env={**os.environ, "PYTHONPATH": str(PROJECT)})
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    holder.kill()
    holder.wait()
    holder.stdout.close()
    assert holder.stdin is not None
    holder.stdin.close()
    assert (repo.state / "lock").exists()
    write(repo.root / "records/ycc/after.docx", "after")
    result = cli("scan")
    assert result.exit_code == 0, result.output
    assert not (repo.state / "lock").exists()
    assert repo.catalog.document("records/ycc/uncommitted.docx") is None
