"""Running a repository on a server (issue 19): backup, systemd units, network shares."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from repo_tool.ingest import scan
from repo_tool.repository import Repository
from repo_tool.store.placement import filesystem_type, network_share_problem
from tests.conftest import ACTOR, Cli, run_tool, write
from tests.test_watch import watch_process

POLICY = "policies/ycc/SQS-14 私隱和保密/私隱政策.txt"


def verify(root: Path) -> subprocess.CompletedProcess[str]:
    return run_tool("verify", "--repo", str(root), timeout=300)


def test_a_backup_is_a_repository_that_verifies_and_is_audited(repo: Repository, cli: Cli,
                                                              tmp_path: Path) -> None:
    write(repo.root / POLICY, "私隱政策 第一版")
    write(repo.root / "records/ycc/SQS-14/查閱紀錄.txt", "查閱紀錄")
    scan(repo, ACTOR)
    write(repo.root / POLICY, "私隱政策 第二版 revised")
    scan(repo, ACTOR)
    done = cli("backup", str(tmp_path / "copy"), "--by", "何總幹事", "--json")
    assert done.exit_code == 0, done.output
    report = json.loads(done.output)
    assert (report["documents"], report["blobs"]) == (2, 3)
    copy = tmp_path / "copy"
    assert (copy / POLICY).read_text(encoding="utf-8") == "私隱政策 第二版 revised"
    checked = verify(copy)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.splitlines()[-1].endswith(": ok")
    # every version travels, not only the current one
    first = tmp_path / "v1.txt"
    shown = run_tool("show", POLICY, "--version", "1", "-o", str(first), "--repo", str(copy))
    assert shown.returncode == 0, shown.stderr
    assert first.read_text(encoding="utf-8") == "私隱政策 第一版"
    entry = [e for e in repo.catalog.audit_entries() if e.action == "backup"][-1]
    assert entry.by == "何總幹事" and entry.detail["dest"] == str(copy)
    assert entry.detail["documents"] == 2
    # the copy searches once its index is rebuilt
    assert run_tool("reindex", "--repo", str(copy)).returncode == 0
    found = run_tool("search", "revised", "--repo", str(copy))
    assert POLICY in found.stdout


@pytest.mark.parametrize("where, message", [
    ("inside", "is inside the repository"),
    ("taken", "already exists and is not an empty folder"),
    ("nowhere", "does not exist; create it first"),
])
def test_a_backup_never_overwrites_and_never_lands_in_the_repository(
        repo: Repository, cli: Cli, tmp_path: Path, where: str, message: str) -> None:
    dest = {"inside": repo.root / "records/ycc/backup",
            "taken": tmp_path / "taken",
            "nowhere": tmp_path / "no/such/folder"}[where]
    if where == "taken":
        write(dest / "keep.txt", "mine")
    done = cli("backup", str(dest))
    assert done.exit_code != 0 and message in done.output, done.output
    assert len(done.output.strip().splitlines()) == 1
    if where == "taken":
        assert (dest / "keep.txt").read_text() == "mine"
    assert not [e for e in repo.catalog.audit_entries() if e.action == "backup"]


def test_a_backup_taken_while_watch_records_saves_verifies(repo: Repository,
                                                            tmp_path: Path) -> None:
    paths = [f"records/ycc/SQS-03/當值紀錄 {n:03d}.txt" for n in range(150)]
    stop = threading.Event()

    def keep_saving() -> None:
        for n, relpath in enumerate(paths):
            if stop.is_set():
                return
            write(repo.root / relpath, f"當值 {n} " * 50)

    with watch_process(repo.root, tmp_path / "watch.out"):
        saver = threading.Thread(target=keep_saving)
        saver.start()
        try:
            done = run_tool("backup", str(tmp_path / "copy"), "--repo", str(repo.root),
                            "--json", timeout=300)
        finally:
            stop.set()
            saver.join()
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    checked = verify(tmp_path / "copy")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    copied = [p for p in paths if (tmp_path / "copy" / p).exists()]
    assert len(copied) == report["documents"]


def test_the_systemd_units_verify(repo: Repository, cli: Cli, tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    assert analyze, "systemd-analyze is missing; scripts/system-deps.sh installs systemd"
    for what in ("watch", "serve"):
        done = cli("service", "systemd", what)
        assert done.exit_code == 0, done.output
        unit = tmp_path / f"repo-tool-{what}.service"
        unit.write_text(done.output, encoding="utf-8")
        assert "ExecStart=" in done.output and f"-m repo_tool {what} --repo {repo.root}" \
            in done.output
        assert f"ReadWritePaths={repo.root}" in done.output and "KillSignal=SIGINT" in done.output
        checked = subprocess.run([analyze, "verify", str(unit)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
    assert "--host 127.0.0.1 --port 8000" in cli("service", "systemd", "serve").output
    bad = cli("service", "systemd", "watch", "--user", "no-such-user-here")
    assert bad.exit_code == 1 and "there is no account 'no-such-user-here'" in bad.output


def test_a_repository_path_with_spaces_gets_no_unit(tmp_path: Path) -> None:
    root = tmp_path / "my repo"
    Repository.init(root, "機構", "Agency").close()
    done = Cli(root)("service", "systemd", "watch")
    assert done.exit_code == 2 and "holds spaces" in done.output


MOUNTS = """\
22 27 0:21 / /proc rw,relatime - proc proc rw
27 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw
40 27 0:50 / /mnt/nas rw,relatime - cifs //nas/share rw,vers=3.0
41 27 0:51 / /srv/with\\040space rw,relatime - nfs4 server:/x rw
"""


def test_network_shares_are_recognised_from_the_mount_table() -> None:
    assert filesystem_type(Path("/srv/repo"), MOUNTS) == "ext4"
    assert filesystem_type(Path("/mnt/nas/agency"), MOUNTS) == "cifs"
    assert filesystem_type(Path("/mnt/nasty"), MOUNTS) == "ext4"
    assert filesystem_type(Path("/srv/with space/repo"), MOUNTS) == "nfs4"
    problem = network_share_problem(Path("/mnt/nas/agency"), MOUNTS)
    assert problem is not None and "network share (cifs)" in problem and "WAL" in problem
    assert network_share_problem(Path("/srv/repo"), MOUNTS) is None


def test_this_machines_test_folder_is_a_local_disk(repo: Repository) -> None:
    # the real mount table: the tests' own repositories must not be refused
    repo.check_local_disk()
    assert network_share_problem(repo.root) is None
