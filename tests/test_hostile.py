"""Hostile and unlucky input: nothing escapes the repository, and nothing ends in a traceback.

Each case builds its own trap (a folder swapped for a link to the outside, a file name in Big5
bytes, ...) and checks what a user sees: one `error:` line and exit 2 for a refused command,
one line per skipped file and exit 3 for a scan, and the outside world left untouched.
"""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

import pytest

from repo_tool.ingest import scan
from repo_tool.repository import Repository
from tests.conftest import ACTOR, PROJECT, Cli, run_tool, wait_for, write
from tests.test_watch import watching

POLICY_FOLDER = "policies/ycc/SQS-14 私隱及保密"


def swap_for_link(folder: Path, outside: Path) -> None:
    """Replace `folder` with a link to a copy of it outside the repository."""
    shutil.copytree(folder, outside)
    shutil.rmtree(folder)
    os.symlink(outside, folder)


def refused(result_output: str, exit_code: int) -> str:
    """The one error line of a refused command (and no traceback)."""
    lines = [line for line in result_output.splitlines() if line.strip()]
    assert exit_code == 2, result_output
    assert "Traceback" not in result_output
    errors = [line for line in lines if line.startswith("error:")]
    assert len(errors) == 1, result_output
    return errors[0]


def test_restore_through_a_linked_folder_is_refused(repo: Repository, cli: Cli,
                                                    tmp_path: Path) -> None:
    write(repo.root / "records/ycc/d/p.txt", "first")
    scan(repo, ACTOR)
    write(repo.root / "records/ycc/d/p.txt", "second")
    scan(repo, ACTOR)
    outside = tmp_path / "outside"
    swap_for_link(repo.root / "records/ycc/d", outside)
    write(outside / "p.txt", "someone else's file")
    result = cli("restore", "records/ycc/d/p.txt", "--version", "1")
    line = refused(result.output, result.exit_code)
    assert "'records/ycc/d' is a symbolic link" in line
    assert (outside / "p.txt").read_text(encoding="utf-8") == "someone else's file"
    document = repo.catalog.document("records/ycc/d/p.txt")
    assert document is not None and len(repo.catalog.versions(document.id)) == 2


def test_import_into_a_linked_sqs_folder_is_refused(repo: Repository, cli: Cli,
                                                    tmp_path: Path) -> None:
    target = repo.root / "records/ycc/SQS-03 運作及活動記錄"
    write(target / "old.txt", "old")
    outside = tmp_path / "outside"
    swap_for_link(target, outside)
    source = write(tmp_path / "new minutes.txt", "minutes")
    result = cli("import", str(source), "--unit", "ycc", "--sqs", "3")
    line = refused(result.output, result.exit_code)
    assert "is a symbolic link" in line
    assert sorted(p.name for p in outside.iterdir()) == ["old.txt"]


def test_approving_a_policy_whose_folder_became_a_link_is_refused(
        repo: Repository, cli: Cli, tmp_path: Path) -> None:
    write(repo.root / POLICY_FOLDER / "私隱政策.txt", "v1")
    scan(repo, ACTOR)
    swap_for_link(repo.root / POLICY_FOLDER, tmp_path / "outside")
    write(tmp_path / "outside" / "私隱政策.txt", "changed outside")
    result = cli("approve", f"{POLICY_FOLDER}/私隱政策.txt", "--by", "Head", "--role", "CE",
                 "--effective", "2025-04-01", "--date", "2025-03-01")
    line = refused(result.output, result.exit_code)
    assert f"'{POLICY_FOLDER}' is a symbolic link" in line
    assert repo.catalog.db.execute("SELECT COUNT(*) FROM approvals").fetchone()[0] == 0
    assert repo.catalog.db.execute("SELECT COUNT(*) FROM versions").fetchone()[0] == 1


def test_reviewing_policies_behind_a_link_is_refused(repo: Repository, cli: Cli,
                                                     tmp_path: Path) -> None:
    write(repo.root / POLICY_FOLDER / "私隱政策.txt", "v1")
    scan(repo, ACTOR)
    swap_for_link(repo.root / POLICY_FOLDER, tmp_path / "outside")
    write(tmp_path / "outside" / "私隱政策.txt", "changed outside")
    result = cli("review", "record", "--unit", "ycc", "--sqs", "14", "--by", "Head",
                 "--date", "2025-03-01", "--outcome", "no-change")
    line = refused(result.output, result.exit_code)
    assert "is a symbolic link" in line
    assert repo.catalog.db.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 0
    assert repo.catalog.db.execute("SELECT COUNT(*) FROM versions").fetchone()[0] == 1


def test_a_linked_records_folder_is_reported_not_silently_ignored(
        repo: Repository, cli: Cli, tmp_path: Path) -> None:
    write(repo.root / "records/ycc/a.txt", "a")
    swap_for_link(repo.root / "records", tmp_path / "outside")
    result = cli("scan")
    assert result.exit_code == 3, result.output
    assert "records: is a symbolic link" in result.output
    assert repo.catalog.db.execute("SELECT COUNT(*) FROM versions").fetchone()[0] == 0


@pytest.mark.skipif(os.uname().sysname == "Darwin", reason="macOS refuses non-UTF-8 names")
def test_a_file_name_in_big5_bytes_is_skipped_and_everything_else_recorded(
        repo: Repository, cli: Cli) -> None:
    folder = os.fsencode(repo.root / "records/ycc")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, b"\xa4\xa4.txt"), "wb") as handle:  # 中 in Big5
        handle.write(b"x")
    os.makedirs(os.path.join(folder, b"\xa6W"), exist_ok=True)  # a folder named in Big5
    with open(os.path.join(folder, b"\xa6W", b"inside.txt"), "wb") as handle:
        handle.write(b"y")
    write(repo.root / "records/ycc/good.txt", "good")
    result = cli("scan")
    assert result.exit_code == 3, result.output
    assert "Traceback" not in result.output
    skipped = [line for line in result.output.splitlines() if "not valid UTF-8" in line]
    assert len(skipped) == 2, result.output
    assert any("records/ycc/\\xa4\\xa4.txt" in line for line in skipped)
    assert any("records/ycc/\\xa6W" in line for line in skipped)
    paths = [row[0] for row in repo.catalog.db.execute("SELECT path FROM documents")]
    assert paths == ["records/ycc/good.txt"]


@pytest.mark.skipif(os.uname().sysname == "Darwin", reason="macOS refuses non-UTF-8 names")
def test_watch_skips_a_big5_name_and_keeps_recording(repo: Repository) -> None:
    folder = os.fsencode(repo.root / "records/ycc")
    os.makedirs(folder, exist_ok=True)
    with watching(repo) as watched:
        with open(os.path.join(folder, b"\xa4\xa4.txt"), "wb") as handle:
            handle.write(b"x")
        write(repo.root / "records/ycc/good.txt", "good")
        wait_for(lambda: bool(watched.of("records/ycc/good.txt")), "the good file to be recorded")
        wait_for(lambda: any("not valid UTF-8" in n.message for n in watched.notices),
                 "the Big5 name to be reported")
    skipped = [n for n in watched.notices if "not valid UTF-8" in n.message]
    assert [n.path for n in skipped] == ["records/ycc/\\xa4\\xa4.txt"]


# -- stored bytes that no longer match their hash are never handed out ------------------------

DAMAGED = "records/ycc/SQS-03 運作及活動記錄/minutes.txt"


def damage_version_1(repo: Repository) -> str:
    """Record two versions of one record, then flip a byte of version 1's stored object."""
    write(repo.root / DAMAGED, "會議記錄 version one")
    scan(repo, ACTOR)
    write(repo.root / DAMAGED, "會議記錄 version two")
    scan(repo, ACTOR)
    document = repo.catalog.document(DAMAGED)
    assert document is not None
    sha256 = repo.catalog.versions(document.id)[0].sha256
    blob = repo.objects.path_for(sha256)
    blob.chmod(0o600)
    data = bytearray(blob.read_bytes())
    data[0] ^= 0xFF
    blob.write_bytes(bytes(data))
    return sha256


def test_show_refuses_damaged_bytes_naming_path_and_version(repo: Repository, cli: Cli,
                                                            tmp_path: Path) -> None:
    damage_version_1(repo)
    out = tmp_path / "copy.txt"
    result = cli("show", DAMAGED, "--version", "1", "-o", str(out))
    assert result.exit_code == 1, result.output
    assert f"'{DAMAGED}' version 1" in result.output and "repo-tool verify" in result.output
    assert not out.exists()
    assert cli("show", DAMAGED, "--version", "2", "-o", str(out)).exit_code == 0


def test_restore_refuses_damaged_bytes_and_leaves_the_file(repo: Repository, cli: Cli) -> None:
    damage_version_1(repo)
    result = cli("restore", DAMAGED, "--version", "1")
    assert result.exit_code == 1, result.output
    assert f"'{DAMAGED}' version 1" in result.output
    assert (repo.root / DAMAGED).read_text(encoding="utf-8") == "會議記錄 version two"


def test_verify_names_the_path_and_version_of_a_damaged_object(repo: Repository,
                                                               cli: Cli) -> None:
    sha256 = damage_version_1(repo)
    result = cli("verify")
    assert result.exit_code == 1
    assert f"{DAMAGED} v1" in result.output
    assert sha256[:12] in result.output


def test_pack_refuses_damaged_evidence_and_leaves_no_zip(repo: Repository, cli: Cli,
                                                         tmp_path: Path) -> None:
    damage_version_1(repo)
    write(repo.root / DAMAGED, "會議記錄 version one")  # the damaged bytes are current again
    scan(repo, ACTOR)
    out = tmp_path / "pack.zip"
    result = cli("pack", "--unit", "ycc", "--sqs", "3", "--out", str(out))
    assert result.exit_code == 1, result.output
    assert f"'{DAMAGED}' version" in result.output
    assert not out.exists()
    assert list(tmp_path.glob(".pack.zip.*")) == []


# -- bad input is one line, never a traceback --------------------------------------------------

def one_error_line(output: str) -> str:
    assert "Traceback" not in output, output
    errors = [line for line in output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, output
    return errors[0]


DEEP = "a: " + "[" * 600 + "]" * 600 + "\n"


@pytest.mark.parametrize(("name", "command"), [
    ("repo.yaml", ("status",)),
    ("records/ycc/staff.yaml", ("roster", "check", "--unit", "ycc")),
    ("records/ycc/standards.yaml", ("stats", "show", "--unit", "ycc", "--year", "2025")),
])
def test_yaml_nested_hundreds_deep_is_one_line(repo: Repository, cli: Cli, name: str,
                                               command: tuple[str, ...]) -> None:
    path = repo.root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if name == "repo.yaml":
        path.write_text(path.read_text(encoding="utf-8") + DEEP, encoding="utf-8")
    else:
        path.write_text(DEEP, encoding="utf-8")
    result = cli(*command)
    assert result.exit_code != 0
    line = one_error_line(result.output)
    assert PurePosixPath(name).name in line and "nested too deeply" in line


def test_a_csv_field_over_128_kb_is_one_line(repo: Repository, cli: Cli, tmp_path: Path) -> None:
    huge = "\"" + "x" * 200_000 + "\""
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(f"unit,standard,period,value,note\nycc,OS1,2025-26-Q1,90,{huge}\n",
                     encoding="utf-8")
    result = cli("stats", "import", str(sheet), "--unit", "ycc")
    assert result.exit_code == 2, result.output
    line = one_error_line(result.output)
    assert "sheet.csv" in line and "128 KB" in line
    write(repo.root / "records/ycc/staff.csv", f"id,name_zh,post\ns1,陳大文,{huge}\n")
    result = cli("roster", "check", "--unit", "ycc")
    assert result.exit_code != 0
    line = one_error_line(result.output)
    assert "staff.csv" in line and "128 KB" in line


def test_a_unit_code_with_a_path_in_it_is_refused_as_input(repo: Repository, cli: Cli) -> None:
    result = cli("status", "--unit", "../x")
    assert result.exit_code == 2, result.output
    line = one_error_line(result.output)
    assert "'../x' is not a unit code" in line and "unit add" not in line


@pytest.mark.parametrize("level", [".nan", ".inf", "-.inf", "1.0e+308"])
def test_a_level_that_is_not_a_real_figure_is_refused(repo: Repository, cli: Cli,
                                                      level: str) -> None:
    write(repo.root / "records/ycc/standards.yaml",
          "standards:\n  - code: OS1\n    name_zh: 出席人次\n    name_en: Attendances\n"
          f"    level: {level}\n    measure: 人次\n")
    result = cli("stats", "show", "--unit", "ycc", "--year", "2025")
    assert result.exit_code != 0
    line = one_error_line(result.output)
    assert "standards.yaml:5" in line and "level" in line


def test_a_figure_of_1e308_is_refused(repo: Repository, cli: Cli) -> None:
    write(repo.root / "records/ycc/standards.yaml",
          "standards:\n  - code: OS1\n    name_zh: 出席率\n    name_en: Attendance\n"
          "    level: 90\n    measure: \"%\"\n")
    result = cli("stats", "record", "--unit", "ycc", "--standard", "OS1", "--period",
                 "2025-26-Q1", "--value", "1e308", "--as-of", "2025-08-01")
    assert result.exit_code == 2, result.output
    assert "'1e308' is not a figure" in one_error_line(result.output)


# -- a full disk or a file-size limit: the right advice, never a traceback ---------------------

@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A repository on a 3 MB file system that is then filled to the last byte."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root (CI runs as root)")
    mount = tmp_path / "tiny"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)], check=True)
    try:
        root = mount / "repo"
        run_tool("init", str(root), "--name-zh", "測試", "--name-en", "Test")
        run_tool("unit", "add", "ycc", "--name-zh", "青", "--name-en", "Youth", "--repo", str(root))
        write(root / "records/ycc/a.txt", "hello 私隱")
        assert run_tool("scan", "--repo", str(root)).returncode == 0
        with (mount / "filler").open("wb") as filler, contextlib.suppress(OSError):
            while True:
                filler.write(b"\0" * 65536)
                filler.flush()
        yield root
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_is_named_and_the_catalog_is_not_called_damaged(full_disk: Path) -> None:
    for command in (("status",), ("search", "私隱"), ("verify",)):
        done = run_tool(*command, "--repo", str(full_disk))
        output = done.stdout + done.stderr
        assert "Traceback" not in output, output
        assert "restore it from a backup" not in output, output
        if done.returncode != 0:
            assert "no space left" in one_error_line(output)


def test_recording_on_a_full_disk_is_one_line(full_disk: Path) -> None:
    (full_disk / "records/ycc/b.txt").write_bytes(b"")  # an empty file fits
    done = run_tool("scan", "--repo", str(full_disk))
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "no space left" in one_error_line(output)


def test_a_file_size_limit_is_one_line(repo: Repository, tmp_path: Path) -> None:
    write(repo.root / "records/ycc/big.bin", os.urandom(400_000))

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))

    done = subprocess.run([sys.executable, "-m", "repo_tool", "scan", "--repo", str(repo.root)],
                          capture_output=True, text=True, preexec_fn=limited, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(PROJECT)})
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "file size limit" in one_error_line(output)


# -- a local template cannot exhaust the machine -----------------------------------------------

@pytest.mark.parametrize(("body", "said"), [
    ("{% for i in range(100000) %}{% for j in range(100000) %}xxxxxxxxxxxxxxxx"
     "{% endfor %}{% endfor %}", "more memory than a form may use"),
    ("{{ 'x' * 2000000000 }}", "more memory than a form may use"),
    ("{% include 'other.docx' %}", "cannot be used"),
    ("{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(0) }}", "calls itself without end"),
    ("{{ lipsum(100000000) }}", "'lipsum' is undefined"),
])
def test_a_template_that_would_exhaust_the_machine_is_one_line(repo: Repository, cli: Cli,
                                                               body: str, said: str) -> None:
    from docx import Document

    local = Document()
    local.add_paragraph(body)
    (repo.root / "templates").mkdir(exist_ok=True)
    local.save(str(repo.root / "templates" / "cctv-notice.docx"))
    result = cli("generate", "cctv-notice", "--unit", "ycc", "--format", "docx")
    assert result.exit_code != 0
    line = one_error_line(result.output)
    assert "cctv-notice.docx" in line and said in line


# -- the search index: damage is found, and the advice given works -----------------------------

def test_index_that_is_a_plain_file_gets_advice_that_works(repo: Repository, cli: Cli) -> None:
    write(repo.root / "records/ycc/a.txt", "私隱政策")
    scan(repo, ACTOR)
    shutil.rmtree(repo.root / "index")
    (repo.root / "index").write_text("not an index", encoding="utf-8")
    for command in (("search", "私隱"), ("reindex",)):
        result = cli(*command)
        assert result.exit_code != 0
        assert "'index' is a file" in one_error_line(result.output)
    (repo.root / "index").unlink()  # doing what the line says
    assert cli("reindex").exit_code == 0
    assert "records/ycc/a.txt" in cli("search", "私隱").output


def test_a_flipped_byte_in_the_index_is_found_by_verify(repo: Repository, cli: Cli) -> None:
    if repo.index.engine_name != "tantivy":
        pytest.skip("only Tantivy keeps checksums")
    for number in range(30):
        write(repo.root / f"records/ycc/f{number}.txt", f"文件 {number} 私隱政策 complaints")
    scan(repo, ACTOR)
    assert cli("verify").exit_code == 0
    positions = max((repo.root / "index/tantivy").glob("*.pos"), key=lambda p: p.stat().st_size)
    data = bytearray(positions.read_bytes())
    data[len(data) // 3] ^= 0xFF
    positions.write_bytes(bytes(data))
    result = cli("verify")
    assert result.exit_code == 1
    assert f"index/tantivy/{positions.name} failed Tantivy's own checksum" in result.output
    assert cli("reindex").exit_code == 0
    assert cli("verify").exit_code == 0


def test_serve_on_a_port_in_use_is_one_line(repo: Repository) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run_tool("serve", "--repo", str(repo.root), "--port", str(port), timeout=60)
    output = done.stdout + done.stderr
    assert done.returncode == 2, output
    assert f"cannot listen on 127.0.0.1 port {port}" in one_error_line(output)


def test_guessing_the_serve_password_is_slowed_after_a_few_failures(tmp_path: Path) -> None:
    import base64

    from tests.serving import demo_repository, running_server

    root = demo_repository(tmp_path / "demo")

    def login(password: str) -> dict[str, str]:
        token = base64.b64encode(f"admin:{password}".encode()).decode()
        return {"Authorization": f"Basic {token}"}

    with running_server(root, "--host", "0.0.0.0",
                        env={"REPO_TOOL_PASSWORD": "correct horse"}) as server:
        assert server.get("/").status == 401  # a browser's first request: not a failure
        assert server.get("/unit/ycc", login("correct horse")).status == 200
        for attempt in range(5):  # a person mistyping: answered normally
            assert server.get("/", login(f"wrong {attempt}")).status == 401
        refused = server.get("/", login("wrong again"))
        assert refused.status == 429
        assert int(refused.headers["Retry-After"]) > 0
        assert "登入失敗次數太多" in refused.text
        assert server.get("/", login("correct horse")).status == 429  # not even checked


# -- evidence never leaves unaudited ------------------------------------------------------------

def test_pack_while_another_writer_holds_the_lock_leaves_no_zip(repo: Repository, cli: Cli,
                                                                tmp_path: Path) -> None:
    from repo_tool.models import Actor

    write(repo.root / "records/ycc/SQS-03 運作及活動記錄/minutes.txt", "會議記錄")
    scan(repo, ACTOR)
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "pack.zip"
    with repo.writing("watch", Actor("tester", "Watcher")):
        result = cli("pack", "--unit", "ycc", "--sqs", "3", "--out", str(out))
    assert result.exit_code == 1, result.output
    assert "`watch`" in one_error_line(result.output)
    assert list(folder.iterdir()) == []
    done = cli("pack", "--unit", "ycc", "--sqs", "3", "--out", str(out))
    assert done.exit_code == 0, done.output
    assert out.is_file()


def test_a_killed_packs_part_file_is_removed_by_the_next_pack(repo: Repository, cli: Cli,
                                                              tmp_path: Path) -> None:
    write(repo.root / "records/ycc/SQS-03 運作及活動記錄/minutes.txt", "會議記錄")
    scan(repo, ACTOR)
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    dead_pid = int(gone.stdout)  # that process has ended: its part file is an orphan
    orphan = write(tmp_path / f".pack.zip.{dead_pid}.part", "half a zip")
    alive = write(tmp_path / f".pack.zip.{os.getppid()}.part", "another pack at work")
    assert cli("pack", "--unit", "ycc", "--sqs", "3", "--out",
               str(tmp_path / "pack.zip")).exit_code == 0
    assert not orphan.exists()
    assert alive.exists()  # a running pack's file is not touched


def test_read_only_serve_deletes_each_download_after_sending_it(tmp_path: Path) -> None:
    from tests.serving import demo_repository, running_server

    root = demo_repository(tmp_path / "demo")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    with running_server(root, env={"TMPDIR": str(scratch)}) as server:
        token = server.token()
        notice = server.post("/generate/cctv-notice", {"unit": "ycc", "format": "docx",
                                                      "lang": "both", "token": token})
        assert notice.status == 200
        pack = server.post("/generate/pack", {"unit": "ycc", "sqs": "14", "token": token})
        assert pack.status == 200 and pack.body[:2] == b"PK"

        def left() -> list[str]:
            return sorted(p.name for p in scratch.iterdir() if p.name.startswith("repo-tool"))

        wait_for(lambda: left() == [], "the downloads to be deleted after sending")


# -- what is printed cannot be forged ----------------------------------------------------------

FORGING_NAMES = ["報告\rOK.txt", "鈴\x07.txt", "兩行\n假的.txt", "invoice\u202etxt.exe"]


def test_names_with_control_or_bidi_characters_are_printed_escaped(repo: Repository, cli: Cli,
                                                                   tmp_path: Path) -> None:
    folder = repo.root / "records/ycc/SQS-03 運作及活動記錄"
    for number, name in enumerate(FORGING_NAMES):
        write(folder / name, f"投訴記錄 complaint {number}")
    assert cli("scan").exit_code == 0
    outputs = {
        "log": cli("log").output,
        "log PATH": cli("log", f"records/ycc/SQS-03 運作及活動記錄/{FORGING_NAMES[3]}").output,
        "search": cli("search", "投訴記錄", "--limit", "10").output,
        "changes": cli("changes", "--unit", "ycc", "--since", "2020-01-01").output,
    }
    pack = cli("pack", "--unit", "ycc", "--sqs", "3", "--out", str(tmp_path / "p.zip"))
    outputs["pack"] = pack.output
    for what, output in outputs.items():
        assert not any(c in output for c in "\r\x07\u202e"), what
        assert all(line.isprintable() for line in output.splitlines()), what
    assert "報告\\rOK.txt" in outputs["search"] and "invoice\\u202etxt.exe" in outputs["log"]
    assert "兩行\\n假的.txt" in outputs["changes"]
    assert "invoice\\u202etxt.exe: its name holds control or bidirectional" in outputs["pack"]


def test_pack_check_warns_of_entries_unsafe_to_extract(tmp_path: Path, cli: Cli) -> None:
    import zipfile

    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as archive:
        for name in ("/etc/cron.d/x", "../outside.txt", "SQS-03/../../up.txt", "C:/win.ini",
                     "ok\u202etxt.exe", "SQS-03/fine.txt"):
            archive.writestr(name, "x")
        archive.writestr("SHA256SUMS", "")
        archive.writestr("MANIFEST.csv", "path_in_pack,sha256\n")
    result = cli("pack", "--check", str(bad))
    assert result.exit_code == 1
    unsafe = [line for line in result.output.splitlines() if "unsafe to extract" in line]
    assert [line.split(":")[0] for line in unsafe] == [
        "../outside.txt", "/etc/cron.d/x", "C", "SQS-03/../../up.txt", "ok\\u202etxt.exe"]
    assert "fine.txt: unsafe" not in result.output


def test_web_pages_show_a_bidi_override_escaped(tmp_path: Path) -> None:
    from urllib.parse import quote

    from tests.serving import demo_repository, running_server

    root = demo_repository(tmp_path / "demo")
    write(root / "records/ycc/SQS-14 私隱和保密/invoice\u202etxt.exe", "閉路電視 CCTV log")
    assert run_tool("scan", "--repo", str(root)).returncode == 0
    with running_server(root) as server:
        page = server.get("/search?q=" + quote("invoice"))
        assert page.status == 200
        assert "\u202e" not in page.text
        assert "invoice\\u202etxt.exe" in page.text


def test_the_same_bytes_saved_under_an_unreadable_name_are_still_read_as_text(
        repo: Repository, cli: Cli) -> None:
    """Text is kept once per blob: a copy saved as `.exe` must not leave the `.txt` unread."""
    folder = repo.root / "records/ycc/SQS-15 申訴"
    write(folder / "a-copy.exe", "投訴記錄 complaint")
    write(folder / "complaints.txt", "投訴記錄 complaint")
    assert cli("scan").exit_code == 0
    found = cli("search", "投訴記錄").output
    assert "complaints.txt" in found and "a-copy.exe" in found


def test_downloads_of_odd_but_legal_names_work(tmp_path: Path) -> None:
    from urllib.parse import quote

    from tests.serving import demo_repository, running_server

    root = demo_repository(tmp_path / "demo")
    folder = "records/ycc/SQS-14 私隱和保密"
    write(root / folder / "兩行\n記錄.txt", "line one")
    write(root / folder / "a\\b.txt", "back slash")
    assert run_tool("scan", "--repo", str(root)).returncode == 0
    with running_server(root) as server:
        for name, body in (("兩行\n記錄.txt", b"line one"), ("a\\b.txt", b"back slash")):
            reply = server.get(f"/download?path={quote(folder + '/' + name)}&version=1")
            assert reply.status == 200, reply.text[:300]
            assert reply.body == body
        refused = server.get("/download?path=" + quote("records\\..\\repo.yaml") + "&version=1")
        assert refused.status == 400


# -- the acceptance run: the whole corpus and a folder of hostile names in one scan ------------

def test_a_scan_of_the_corpus_and_hostile_names_skips_each_with_one_line(
        repo: Repository, corpus: Path, tmp_path: Path) -> None:
    shutil.copytree(corpus, repo.root / "records/ycc/SQS-03 運作及活動記錄/corpus")
    hostile = repo.root / "records/home/hostile"
    hostile.mkdir(parents=True)
    outside = write(tmp_path / "outside" / "secret.txt", "not ours")
    os.symlink(outside, hostile / "link.txt")
    os.symlink(outside.parent, hostile / "linked folder")
    os.mkfifo(hostile / "pipe.docx")
    with open(os.path.join(os.fsencode(hostile), b"\xa4\xa4.txt"), "wb") as handle:
        handle.write(b"x")
    for number, name in enumerate(FORGING_NAMES):
        write(hostile / name, f"forged {number}")
    done = run_tool("scan", "--repo", str(repo.root), timeout=600)
    output = done.stdout + done.stderr
    assert done.returncode == 3, output[-2000:]
    assert "Traceback" not in output
    skipped = [line for line in output.splitlines() if line.startswith("skipped")]
    assert sorted(line.split(":")[0] for line in skipped) == [
        "skipped  records/home/hostile/\\xa4\\xa4.txt", "skipped  records/home/hostile/link.txt",
        "skipped  records/home/hostile/linked folder", "skipped  records/home/hostile/pipe.docx"]
    assert all(line.isprintable() for line in output.splitlines())
    recorded = repo.catalog.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    assert recorded == sum(1 for p in corpus.rglob("*") if p.is_file()) + len(FORGING_NAMES)


def test_a_damaged_index_says_so_in_one_line_without_rusts_panic_message(
        repo: Repository, tmp_path: Path) -> None:
    if repo.index.engine_name != "tantivy":
        pytest.skip("the panic is Tantivy's")
    for number in range(30):
        write(repo.root / f"records/ycc/f{number}.txt", f"文件 {number} 私隱政策 hello world")
    scan(repo, ACTOR)
    good = tmp_path / "good-index"
    shutil.copytree(repo.root / "index", good)
    damaged_runs = 0
    for fast in sorted((good / "tantivy").glob("*.fast")):
        for position in (60, 90, 120, 150):
            shutil.rmtree(repo.root / "index")
            shutil.copytree(good, repo.root / "index")
            target = repo.root / "index" / "tantivy" / fast.name
            data = bytearray(target.read_bytes())
            if position >= len(data) - 90:  # leave the footer alone
                continue
            data[position] ^= 0xFF
            target.write_bytes(bytes(data))
            done = run_tool("search", "私隱政策", "--repo", str(repo.root))
            assert "panicked" not in done.stderr, done.stderr
            assert "Traceback" not in done.stderr, done.stderr
            if done.returncode != 0:
                assert "is damaged; run `repo-tool reindex`" in one_error_line(done.stderr)
                damaged_runs += 1
    assert damaged_runs >= 1  # at least one flip made Tantivy give up (and panic, before)


@contextlib.contextmanager
def immutable(*paths: Path) -> Iterator[None]:
    """Make paths read-only even for root (chattr +i), as a stale or foreign file would be."""
    if os.geteuid() != 0:
        pytest.skip("chattr +i needs root (CI runs as root)")
    subprocess.run(["chattr", "+i", *map(str, paths)], check=True)
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", *map(str, paths)], check=True)


def test_a_read_only_objects_folder_is_one_line(repo: Repository) -> None:
    write(repo.root / "records/ycc/a.txt", "a")
    scan(repo, ACTOR)
    write(repo.root / "records/ycc/b.txt", "b")
    folders = [p for p in (repo.state / "objects").rglob("*") if p.is_dir()]
    with immutable(repo.state / "objects", *folders):
        done = run_tool("scan", "--repo", str(repo.root))
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "permission denied" in one_error_line(output)


def test_a_stale_read_only_shm_file_leaves_reading_alone(repo: Repository) -> None:
    write(repo.root / "records/ycc/a.txt", "私隱")
    scan(repo, ACTOR)
    repo.close()
    shm = repo.state / "catalog.sqlite-shm"
    shm.touch()
    with immutable(shm):
        searched = run_tool("search", "私隱", "--repo", str(repo.root))
        assert searched.returncode == 0, searched.stderr
        assert "records/ycc/a.txt" in searched.stdout
        write(repo.root / "records/ycc/b.txt", "b")
        done = run_tool("scan", "--repo", str(repo.root))
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "the catalog cannot be written" in one_error_line(output)
