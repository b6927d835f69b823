"""The command line: one error line per expected failure, exit codes, JSON for scripts."""

from __future__ import annotations

import json
from pathlib import Path

from repo_tool.ingest import scan
from repo_tool.repository import Repository
from tests.conftest import ACTOR, Cli, rewind_catalog, run_tool, write


def test_python_dash_m_runs_the_tool() -> None:
    done = run_tool("--version")
    assert done.returncode == 0 and done.stdout.startswith("repo-tool, version ")


def test_init_creates_a_private_store_and_refuses_to_run_twice(tmp_path: Path) -> None:
    target = tmp_path / "新機構"
    done = run_tool("init", str(target), "--name-zh", "新機構", "--name-en", "New Agency")
    assert done.returncode == 0, done.stderr
    assert (target / ".repo" / "catalog.sqlite").is_file()
    assert (target / "policies" / "agency").is_dir()
    assert (target / ".repo").stat().st_mode & 0o777 == 0o700
    again = run_tool("init", str(target), "--name-zh", "新機構", "--name-en", "New Agency")
    assert again.returncode == 1
    assert again.stderr == (f"error: {target / 'repo.yaml'} already exists; this is a "
                            "repository already\n")


def test_unit_list_json(repo: Repository, cli: Cli) -> None:
    write(repo.root / "records/ycc/a.docx", "a")
    scan(repo, ACTOR)
    data = json.loads(cli("unit", "list", "--json").output)
    assert [(u["code"], u["documents"], u["versions"]) for u in data] == [
        ("agency", 0, 0), ("ycc", 1, 1), ("home", 0, 0)]
    assert data[1]["phone"] == "2345 6789"


def test_scan_with_skipped_files_exits_3_and_lists_each(repo: Repository, cli: Cli) -> None:
    write(repo.root / "records/ycc/ok.docx", "ok")
    write(repo.root / "records/nowhere/lost.docx", "?")
    result = cli("scan")
    assert result.exit_code == 3
    lines = result.output.splitlines()
    assert lines[0].startswith("skipped  records/nowhere/lost.docx: is in folder 'nowhere'")
    assert "1 new, 0 changed, 0 unchanged, 1 skipped" in lines


def test_scan_json_lists_what_happened(repo: Repository, cli: Cli) -> None:
    write(repo.root / "records/ycc/ok.docx", "ok")
    data = json.loads(cli("scan", "--json").output)
    assert (data["new"], data["new_files"], data["skipped_files"]) == (
        1, ["records/ycc/ok.docx"], [])


def test_bad_sqs_number_is_a_usage_error(repo: Repository, cli: Cli) -> None:
    write(repo.root / "records/ycc/ok.docx", "ok")
    cli("scan")
    result = cli("tag", "records/ycc/ok.docx", "--sqs", "17")
    assert result.exit_code == 2
    assert result.output == "error: SQS 17 does not exist; the standards are numbered 1 to 16\n"
    assert cli("tag", "records/ycc/ok.docx").exit_code == 2


def test_tag_overrides_the_path_and_clear_goes_back(repo: Repository, cli: Cli) -> None:
    write(repo.root / "records/ycc/SQS-15 申訴/register.docx", "r")
    cli("scan")
    path = "records/ycc/SQS-15 申訴/register.docx"
    assert cli("tag", path, "--sqs", "15", "--sqs", "6,3").output == (
        f"{path}: SQS 3 運作及活動記錄 Operational and activity records, "
        "SQS 6 計劃、評估及收集意見 Planning, evaluation and feedback, "
        "SQS 15 申訴 Complaints (from tag)\n")
    assert repo.document(path).sqs == (3, 6, 15)
    cli("tag", path, "--clear")
    assert repo.document(path).sqs == (15,) and repo.document(path).sqs_source == "path"


def test_unknown_path_is_one_line(repo: Repository, cli: Cli) -> None:
    result = cli("log", "policies/ycc/nothing.docx")
    assert result.exit_code == 1
    assert result.output == ("error: 'policies/ycc/nothing.docx' is not in the catalog; check the "
                             "path with `repo-tool log`, or record it with `repo-tool scan`\n")


def test_path_outside_the_repository_is_refused(repo: Repository, cli: Cli) -> None:
    result = cli("show", "../../etc/passwd")
    assert result.exit_code == 2 and "is outside the repository" in result.output


def test_damaged_catalog_is_one_line_not_a_traceback(repo: Repository) -> None:
    repo.close()
    catalog = repo.state / "catalog.sqlite"
    for leftover in repo.state.glob("catalog.sqlite-*"):
        leftover.unlink()
    catalog.write_bytes(b"this is not a database" * 100)
    done = run_tool("log", "--repo", str(repo.root))
    assert done.returncode == 1
    assert done.stderr.startswith(f"error: the catalog {catalog} cannot be read")
    assert "Traceback" not in done.stderr


def test_missing_repository_folder_is_one_line(tmp_path: Path) -> None:
    done = run_tool("log", "--repo", str(tmp_path / "nowhere"))
    assert (done.returncode, done.stderr) == (1, f"error: {tmp_path / 'nowhere'} does not "
                                                 "exist\n")


def test_a_reader_upgrades_a_catalog_from_an_older_repo_tool(repo: Repository, cli: Cli) -> None:
    write(repo.root / "records/ycc/a.docx", "a")
    scan(repo, ACTOR)
    repo.close()
    # a catalog from before the review log (migration 3) and everything after it
    dropped = rewind_catalog(repo.state / "catalog.sqlite", 2)
    assert {"reviews", "amendments"} <= set(dropped)
    result = cli("log", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)[0]["path"] == "records/ycc/a.docx"
