"""The audit log and verify: tampering with the catalog, blobs or files is found and named."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from repo_tool.ingest import scan
from repo_tool.repository import Repository
from repo_tool.repository.verify import verify
from tests.conftest import ACTOR, Cli, bump_mtime, write

DOC = "policies/ycc/SQS-02 檢討及修訂政策和程序/review.docx"


def some_history(repo: Repository) -> Path:
    path = write(repo.root / DOC, "v1")
    scan(repo, ACTOR)
    path.write_text("v2", encoding="utf-8")
    bump_mtime(path, -60)  # in the past, so the scan trusts its mtime from now on
    scan(repo, ACTOR)
    repo.tag(DOC, (2, 6), ACTOR)
    return path


def edit_catalog(repo: Repository, sql: str, *params: object) -> None:
    repo.close()
    db = sqlite3.connect(repo.state / "catalog.sqlite")
    with db:
        db.execute(sql, params)
    db.close()


def test_every_change_is_audited_with_who_and_which_versions(repo: Repository,
                                                             cli: Cli) -> None:
    some_history(repo)
    data = json.loads(cli("audit", "--json").output)
    assert [e["action"] for e in data] == ["unit add", "unit add", "scan", "scan", "tag"]
    first_scan = data[2]
    assert (first_scan["user"], first_scan["by"]) == ("tester", "Test Officer")
    assert first_scan["detail"]["versions"] == [f"{DOC} v1"]
    assert data[4]["detail"]["sqs"] == [2, 6]


def test_by_option_is_recorded(repo: Repository, cli: Cli) -> None:
    write(repo.root / DOC, "x")
    assert cli("scan", "--by", "陳主任").exit_code == 0
    assert json.loads(cli("audit", "--json").output)[-1]["by"] == "陳主任"


def test_clean_repository_verifies(repo: Repository, cli: Cli) -> None:
    some_history(repo)
    result = cli("verify")
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("audit entries: ok")


def test_editing_an_audit_entry_by_hand_is_named_by_verify(repo: Repository, cli: Cli) -> None:
    some_history(repo)
    edit_catalog(repo, "UPDATE audit SET by_name = 'someone else' WHERE id = 3")
    result = cli("verify")
    assert result.exit_code == 1
    assert "PROBLEM  audit entry 3 (scan," in result.output
    assert "was changed after it was written" in result.output


def test_deleting_an_audit_entry_is_named_by_verify(repo: Repository) -> None:
    some_history(repo)
    edit_catalog(repo, "DELETE FROM audit WHERE id = 2")
    assert verify(Repository.open(repo.root)).problems == [
        "audit entry 2 is missing (the next one is 3)"]


def test_changing_a_recorded_version_by_hand_is_found(repo: Repository) -> None:
    some_history(repo)
    edit_catalog(repo, "UPDATE versions SET sha256 = ? WHERE number = 1", "0" * 64)
    problems = verify(Repository.open(repo.root)).problems
    assert f"{DOC} v1: the stored bytes (blob {'0' * 12}…) are missing from .repo/objects" \
        in problems
    assert any(p.startswith("audit entry 3 (scan,") and "versions it recorded" in p
               for p in problems)


def test_altered_blob_is_found(repo: Repository) -> None:
    some_history(repo)
    version = repo.version(repo.document(DOC), 1)
    blob = repo.objects.path_for(version.sha256)
    blob.chmod(0o600)
    blob.write_bytes(b"bit rot")
    problems = verify(repo).problems
    assert len(problems) == 1
    assert problems[0].startswith(f"{DOC} v1: the stored bytes (blob {version.sha256[:12]}…) "
                                  "were altered")


def test_file_altered_without_its_mtime_changing_is_a_problem(repo: Repository) -> None:
    path = some_history(repo)
    info = path.stat()
    path.write_text("v9", encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    report = verify(repo)
    assert len(report.problems) == 1 and "altered on disk?" in report.problems[0]


def test_unscanned_edits_are_pending_not_problems(repo: Repository, cli: Cli) -> None:
    path = some_history(repo)
    path.write_text("v3", encoding="utf-8")
    bump_mtime(path, 20)
    result = cli("verify")
    assert result.exit_code == 0
    assert f"pending  {DOC}: changed since the last scan (run `repo-tool scan`)" in result.output


def test_verify_json_reports_counts(repo: Repository, cli: Cli) -> None:
    some_history(repo)
    data = json.loads(cli("verify", "--json").output)
    assert (data["ok"], data["blobs"], data["documents"], data["audit_entries"]) == (
        True, 2, 1, 5)


@pytest.mark.parametrize(("cut", "said"), [
    ("DELETE FROM audit", "PROBLEM  the audit log was cut: operation 1 (scan"),
    ("DELETE FROM audit WHERE id >= 4", "PROBLEM  the audit log was cut: entry 5"),
])
def test_cutting_the_audit_log_is_found(repo: Repository, cli: Cli, cut: str, said: str) -> None:
    some_history(repo)
    edit_catalog(repo, cut)
    result = cli("verify")
    assert result.exit_code == 1, result.output
    assert said in result.output


def test_the_audit_head_is_kept_outside_the_catalog(repo: Repository, cli: Cli) -> None:
    some_history(repo)
    entries = json.loads(cli("audit", "--json").output)
    head = (repo.state / "audit-head").read_text(encoding="ascii").splitlines()
    assert head[-1].split()[:2] == [str(entries[-1]["id"]), entries[-1]["hash"]]
    result = cli("verify")
    assert result.exit_code == 0, result.output
    assert f"audit head: entry {entries[-1]['id']} {entries[-1]['hash'][:16]}" in result.output


def test_removing_the_audit_head_file_is_found(repo: Repository, cli: Cli) -> None:
    some_history(repo)
    (repo.state / "audit-head").unlink()
    result = cli("verify")
    assert result.exit_code == 1, result.output
    assert ".repo/audit-head is missing" in result.output
