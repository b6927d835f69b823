"""A disposal killed at any point (SIGKILL, a real child process) leaves every version either
fully kept or fully tombstoned, and the next writer or `verify` finishes the removal."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from repo_tool.repository import Repository
from repo_tool.repository.verify import verify
from tests.conftest import ACTOR, PROJECT, run_tool, wait_for, write

FILES = 600
RULE = ("retention:\n  rules:\n    - name: cases-1y\n      period: 1y\n"
        "      path: \"records/ycc/cases/*\"\n")


def catalog_rows(root: Path, query: str) -> list[tuple[object, ...]]:
    db = sqlite3.connect(f"file:{root / '.repo' / 'catalog.sqlite'}?mode=ro", uri=True)
    try:
        return db.execute(query).fetchall()
    except sqlite3.OperationalError:
        return []  # the catalog is being created or migrated
    finally:
        db.close()


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A repository whose FILES case files each have an expired first version, and its plan."""
    base = tmp_path_factory.mktemp("retention-crash")
    repo = Repository.init(base / "repo", "明德", "Ming Tak")
    repo.add_unit("ycc", "青少年中心", "Youth Centre", None, ACTOR)
    (repo.root / "repo.yaml").write_text((repo.root / "repo.yaml").read_text(encoding="utf-8")
                                         + RULE, encoding="utf-8")
    old = datetime(2020, 1, 1).timestamp()
    for index in range(FILES):
        target = write(repo.root / "records/ycc/cases" / f"case {index:04d}.txt",
                       f"個案 {index} first statement word{index}x")
        os.utime(target, (old, old))
    assert run_tool("scan", "--repo", str(repo.root)).returncode == 0
    for index in range(FILES):
        write(repo.root / "records/ycc/cases" / f"case {index:04d}.txt", f"個案 {index} closed")
    assert run_tool("scan", "--repo", str(repo.root)).returncode == 0
    plan = base / "plan.json"
    done = run_tool("retention", "plan", "--repo", str(repo.root), "--as-of", "2026-03-01",
                    "-o", str(plan))
    assert done.returncode == 0, done.stderr
    return repo.root, plan


def states(root: Path) -> dict[tuple[str, int], str]:
    """Each version: `kept` (bytes and text there), `tombstone` or `tombstone, bytes left`."""
    rows = catalog_rows(root, """
        SELECT d.path, v.number, v.sha256,
               EXISTS (SELECT 1 FROM disposals x WHERE x.version_id = v.id),
               EXISTS (SELECT 1 FROM texts t WHERE t.sha256 = v.sha256)
        FROM versions v JOIN documents d ON d.id = v.document_id""")
    found = {}
    for path, number, sha256, disposed, text in rows:
        blob = (root / ".repo" / "objects" / str(sha256)[:2] / str(sha256)[2:]).is_file()
        if not disposed:
            assert blob and text, f"{path} v{number} is kept but lost its bytes or text"
            found[(str(path), int(str(number)))] = "kept"
        else:
            assert not text, f"{path} v{number} is tombstoned but its text is still there"
            found[(str(path), int(str(number)))] = "tombstone" + (", bytes left" if blob else "")
    return found


@pytest.mark.slow
@pytest.mark.parametrize("kill_at", ["started", "tombstones"])
def test_a_disposal_killed_at_any_point_is_all_or_nothing_per_version_and_is_finished(
        prepared: tuple[Path, Path], tmp_path: Path, kill_at: str) -> None:
    pristine, plan = prepared
    root = tmp_path / "repo"
    shutil.copytree(pristine, root, symlinks=True)
    apply = subprocess.Popen(
        [sys.executable, "-m", "repo_tool", "retention", "apply", "--repo", str(root),
         "--plan", str(plan), "--by", "陳主任", "--approved-by", "何家明", "--as-of",
         "2026-03-01"], text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(PROJECT)})
    if kill_at == "started":
        wait_for(lambda: (root / ".repo" / "lock").exists() or apply.poll() is not None,
                 "the disposal to take the lock")
    else:
        wait_for(lambda: bool(catalog_rows(root, "SELECT 1 FROM disposals LIMIT 1"))
                 or apply.poll() is not None, "the tombstones to be committed")
    assert apply.poll() is None, "the disposal finished before it could be killed"
    apply.send_signal(signal.SIGKILL)
    apply.communicate()

    found = states(root)
    first = {key: state for key, state in found.items() if key[1] == 1}
    if kill_at == "started":
        assert set(first.values()) == {"kept"}
    else:  # the tombstones are one transaction: all of them, whatever the bytes' progress
        assert {state.split(",")[0] for state in first.values()} == {"tombstone"}
    assert {state for key, state in found.items() if key[1] == 2} == {"kept"}

    repo = Repository.open(root)
    report = verify(repo)  # finishes a half-done removal, then checks
    assert report.problems == []
    repo.close()
    if kill_at == "started":
        done = run_tool("retention", "apply", "--repo", str(root), "--plan", str(plan), "--by",
                        "陳主任", "--approved-by", "何家明", "--as-of", "2026-03-01")
        assert done.returncode == 0, done.stderr
    assert {state for key, state in states(root).items() if key[1] == 1} == {"tombstone"}
    repo = Repository.open(root)
    assert verify(repo).ok
    assert "no documents match" in run_tool("search", "word7x", "--all-versions", "--repo",
                                            str(root)).stdout
    actions = [entry.action for entry in repo.catalog.audit_entries()]
    assert actions.count("retention apply") == 1
    repo.close()
