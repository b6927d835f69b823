"""The SQS 2 commands: one line per mistake, --json on listings, what each prints."""

from __future__ import annotations

import json

import pytest

from repo_tool.repository import Repository
from tests.conftest import Cli, bump_mtime, write

POLICY = "policies/ycc/SQS-14 私隱和保密/私隱政策.txt"


@pytest.fixture
def reviewed(repo: Repository, cli: Cli) -> Cli:
    write(repo.root / POLICY, "私隱政策 第一版")
    write(repo.root / "policies/home/SQS-15 申訴/投訴程序.txt", "投訴程序")
    assert cli("scan").exit_code == 0
    done = cli("review", "record", "--unit", "ycc", "--sqs", "14", "--by", "陳美玲", "--date",
               "2024-02-20", "--outcome", "no-change", "--note", "全面檢討")
    assert done.exit_code == 0, done.output
    assert cli("review", "record", "--unit", "home", "--sqs", "15", "--by", "周麗華", "--date",
               "2021-03-25", "--outcome", "no-change").exit_code == 0
    return cli


def test_review_record_says_what_was_reviewed_and_when_the_next_is_due(
        repo: Repository, cli: Cli) -> None:
    write(repo.root / POLICY, "私隱政策 第一版")
    cli("scan")
    result = cli("review", "record", "--unit", "ycc", "--sqs", "14", "--by", "陳美玲", "--date",
                 "2024-02-20", "--outcome", "amended")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "recorded review #1: ycc SQS 14 私隱和保密, 2024-02-20 by 陳美玲 (amended)",
        f"  reviewed (every current policy of the SQS): {POLICY} v1",
        "  next review due by 2027-03-31 (2026-27 cycle, window opens 2026-12-01)"]


@pytest.mark.parametrize(("args", "code", "message"), [
    (["review", "record", "--unit", "u9", "--sqs", "2", "--by", "x", "--date", "2024-01-01",
      "--outcome", "no-change"], 1, "error: unit 'u9' is not in repo.yaml (units: agency, ycc, "
     "home); add it with `repo-tool unit add u9 --name-zh ... --name-en ...`"),
    (["review", "record", "--unit", "ycc", "--sqs", "17", "--by", "x", "--date", "2024-01-01",
      "--outcome", "no-change"], 2, "error: SQS 17 does not exist; the standards are numbered "
     "1 to 16"),
    (["review", "record", "--unit", "ycc", "--sqs", "two", "--by", "x", "--date", "2024-01-01",
      "--outcome", "no-change"], 2, "error: 'two' is not an SQS number (1 to 16)"),
    (["review", "record", "--unit", "ycc", "--sqs", "2", "--by", "x", "--date", "2024-02-30",
      "--outcome", "no-change"], 2, "error: '2024-02-30' is not a valid review date; write it "
     "as YYYY-MM-DD, e.g. 2024-03-28"),
    (["review", "due", "--within", "soon"], 2, "error: 'soon' is not a duration; write a number "
     "and d, w, m or y, e.g. 90d, 6w, 3m or 1y"),
    (["review", "due", "--unit", "u9"], 1, "error: unit 'u9' is not in repo.yaml (units: "
     "agency, ycc, home); add it with `repo-tool unit add u9 --name-zh ... --name-en ...`"),
    (["review", "list", "--from", "yesterday"], 2, "error: 'yesterday' is not a valid --from "
     "date; write it as YYYY-MM-DD, e.g. 2024-03-28"),
    (["status", "--unit", "u9"], 1, "error: unit 'u9' is not in repo.yaml (units: agency, ycc, "
     "home); add it with `repo-tool unit add u9 --name-zh ... --name-en ...`"),
    (["generate", "form-2.01", "--unit", "ycc", "--cycle", "23"], 2, "error: --cycle 23 is not "
     "a review year; give the year the review window opens, e.g. --cycle 2023 for 2023-24"),
    (["generate", "form-2.02", "--unit", "ycc"], 1, "error: unit 'ycc' has no amendments "
     "recorded; record them with `repo-tool amend --unit ycc --sqs N ...`"),
    (["amend", "--unit", "ycc", "--sqs", "14", "--clause", "3.7", "--reason", "r",
      "--new-content", "c", "--updated", "2025-02-01", "--released", "2025-01-01", "--by", "x"],
     2, "error: the release date 2025-01-01 is before the date updated 2025-02-01; an "
     "amendment is released after it is written"),
])
def test_mistakes_are_one_line(cli: Cli, args: list[str], code: int, message: str) -> None:
    result = cli(*args)
    assert (result.exit_code, result.output) == (code, message + "\n")


def test_review_list_and_its_json(reviewed: Cli) -> None:
    lines = reviewed("review", "list").output.splitlines()
    assert lines[0].startswith("#2    2021-03-25  home     SQS 15 申訴")
    assert lines[1].endswith(f"by 陳美玲; {POLICY} v1  (全面檢討)")
    data = json.loads(reviewed("review", "list", "--unit", "ycc", "--json").output)
    assert [(r["id"], r["sqs"], r["reviewed_on"], r["reviewer"], r["basis"]) for r in data] == [
        (1, 14, "2024-02-20", "陳美玲", "sqs")]
    assert data[0]["versions"][0]["path"] == POLICY
    assert json.loads(reviewed("review", "list", "--sqs", "3", "--json").output) == []
    assert reviewed("review", "list", "--sqs", "3").output.startswith("no reviews recorded")


def test_amend_then_list_the_amendments(repo: Repository, reviewed: Cli) -> None:
    path = repo.root / POLICY
    path.write_text("私隱政策 第二版 3.7 閉路電視", encoding="utf-8")
    bump_mtime(path)
    result = reviewed("amend", "--unit", "ycc", "--sqs", "14", "--clause", "3.7", "--reason",
                      "安裝閉路電視", "--new-content", "錄像只作管理用途", "--updated",
                      "2025-01-20", "--released", "2025-02-01", "--by", "陳美玲")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "recorded amendment #1: ycc SQS 14 私隱和保密, clause 3.7, updated 2025-01-20, released "
        "2025-02-01, next review 2027-03-31", f"  new version: {POLICY} v2"]
    data = json.loads(reviewed("review", "list", "--amendments", "--json").output)
    assert [(a["clause"], a["next_review"], a["versions"][0]["number"]) for a in data] == [
        ("3.7", "2027-03-31", 2)]
    assert "clause 3.7; released 2025-02-01" in reviewed("review", "list", "--amendments").output


def test_review_due_lists_what_needs_attention(repo: Repository, reviewed: Cli) -> None:
    lines = reviewed("review", "due", "--as-of", "2026-11-23").output.splitlines()
    assert lines[0].startswith("overdue   home     SQS 15 申訴")
    assert "due 2024-03-31 (967 days ago); last review 2021-03-25 (2020-21 cycle)" in lines[0]
    assert lines[1].startswith("due soon  ycc      SQS 14 私隱和保密")
    assert "due 2027-03-31 (in 128 days; window opens 2026-12-01)" in lines[1]
    assert lines[2:] == ["never     agency   SQS 1-16: no review recorded",
                         "never     ycc      SQS 1-13, 15-16: no review recorded",
                         "never     home     SQS 1-14, 16: no review recorded"]
    path = repo.root / POLICY
    path.write_text("私隱政策 第二版", encoding="utf-8")
    bump_mtime(path)
    reviewed("scan")
    lines = reviewed("review", "due", "--unit", "ycc", "--as-of", "2025-06-01").output.splitlines()
    assert lines[0].startswith("ok        ycc      SQS 14 私隱和保密            due 2027-03-31")
    assert lines[1] == (f"changed   ycc      SQS 14 私隱和保密            {POLICY} changed after "
                        "the review of 2024-02-20 and no amendment records it")


def test_review_due_json_and_within(reviewed: Cli) -> None:
    soon = json.loads(reviewed("review", "due", "--unit", "ycc", "--json", "--as-of",
                               "2026-06-01", "--within", "6m").output)
    assert [(d["sqs"], d["state"], d["due"]) for d in soon if d["state"] != "never reviewed"] \
        == [(14, "due soon", "2027-03-31")]
    later = json.loads(reviewed("review", "due", "--unit", "ycc", "--json", "--as-of",
                                "2026-06-01").output)
    assert [d["sqs"] for d in later] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16]
    everything = json.loads(reviewed("review", "due", "--unit", "ycc", "--json", "--all").output)
    assert len(everything) == 16


def test_generate_forms_from_the_command_line(reviewed: Cli, repo: Repository) -> None:
    result = reviewed("generate", "form-2.01", "--unit", "ycc", "--cycle", "2023", "--head",
                      "何家明", "--signed", "2024-03-28", "--by", "陳美玲")
    assert result.output == ("wrote records/ycc/generated/SQS-02 form-2.01 2023-24.docx "
                             "(version 1)\n")
    data = json.loads(reviewed("generate", "form-2.01", "--unit", "ycc", "--cycle", "2023",
                               "--json").output)
    assert data == [{"path": str(repo.root / "records/ycc/generated/SQS-02 form-2.01 "
                                 "2023-24.docx"),
                     "recorded_as": "records/ycc/generated/SQS-02 form-2.01 2023-24.docx",
                     "version": 2, "format": "docx"}]
    bad = reviewed("generate", "form-2.01", "--unit", "ycc", "--cycle", "2023", "--signed",
                   "28/3/2024")
    assert bad.output == ("error: '28/3/2024' is not a valid --signed date; write it as "
                          "YYYY-MM-DD, e.g. 2024-03-28\n")
