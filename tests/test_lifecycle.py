"""The policy lifecycle: states worked by hand from approvals, withdrawals and the day asked,
then one policy walked through draft, approved, in force and superseded on a real catalog."""

from __future__ import annotations

import json
import os
from datetime import date, datetime
from pathlib import Path

from repo_tool.domain.lifecycle import (
    approval_overdue,
    in_force,
    next_effective_day,
    version_states,
)
from repo_tool.models import Approval, Withdrawal
from repo_tool.repository import Repository
from tests.conftest import Cli, write

D = date.fromisoformat


def approval(number: int, effective: str, recorded: str = "2024-01-01T00:00:00") -> Approval:
    return Approval(number, 1, 100 + number, number, "陳大文", "總幹事", D(effective[:10]),
                    D(effective), None, recorded, "tester")


def withdrawal(effective: str, recorded: str = "2024-01-02T00:00:00") -> Withdrawal:
    return Withdrawal(1, 1, "陳大文", "總幹事", D(effective), D(effective), "merged", recorded,
                      "tester")


def states_on(day: str, approvals: list[Approval], withdrawals: list[Withdrawal] | None = None,
              numbers: tuple[int, ...] = (1, 2, 3)) -> dict[int, str]:
    found = version_states(list(numbers), approvals, withdrawals or [], D(day))
    return {n: found[n].label for n in numbers}


# -- pure states ------------------------------------------------------------------------------

APPROVALS = [approval(1, "2024-04-01"), approval(2, "2025-04-01")]


def test_a_version_no_approval_names_is_a_draft() -> None:
    assert states_on("2030-01-01", []) == {1: "draft", 2: "draft", 3: "draft"}


def test_approved_before_its_effective_date_then_in_force_from_it() -> None:
    assert states_on("2024-03-31", APPROVALS) == {
        1: "approved, effective 2024-04-01", 2: "approved, effective 2025-04-01", 3: "draft"}
    assert states_on("2024-04-01", APPROVALS) == {
        1: "in force since 2024-04-01", 2: "approved, effective 2025-04-01", 3: "draft"}
    assert states_on("2025-03-31", APPROVALS)[1] == "in force since 2024-04-01"


def test_a_later_approved_version_supersedes_on_its_effective_date() -> None:
    assert states_on("2025-04-01", APPROVALS) == {
        1: "superseded by v2 on 2025-04-01", 2: "in force since 2025-04-01", 3: "draft"}
    assert in_force(APPROVALS, [], D("2025-04-01")) == APPROVALS[1]
    assert in_force(APPROVALS, [], D("2024-03-31")) is None


def test_withdrawal_ends_the_version_in_force_and_a_new_approval_brings_it_back() -> None:
    gone = [withdrawal("2026-01-01")]
    assert states_on("2025-12-31", APPROVALS, gone)[2] == "in force since 2025-04-01"
    assert states_on("2026-01-01", APPROVALS, gone) == {
        1: "superseded by v2 on 2025-04-01", 2: "withdrawn on 2026-01-01", 3: "draft"}
    back = [*APPROVALS, approval(3, "2026-06-01", "2026-05-01T00:00:00")]
    assert states_on("2026-06-01", back, gone) == {
        1: "superseded by v2 on 2025-04-01", 2: "withdrawn on 2026-01-01",
        3: "in force since 2026-06-01"}


def test_on_one_day_the_later_record_wins() -> None:
    same_day = [approval(1, "2024-04-01", "2024-03-01T00:00:00"),
                approval(2, "2024-04-01", "2024-03-02T00:00:00")]
    assert states_on("2024-04-01", same_day, numbers=(1, 2)) == {
        1: "superseded by v2 on 2024-04-01", 2: "in force since 2024-04-01"}


def test_the_cycle_effective_day_after_a_draft_is_the_next_first_of_the_month() -> None:
    assert next_effective_day(D("2025-02-10"), 4) == D("2025-04-01")
    assert next_effective_day(D("2025-04-01"), 4) == D("2026-04-01")
    assert next_effective_day(D("2025-12-31"), 4) == D("2026-04-01")
    draft = version_states([2], [], [], D("2025-04-02"))[2]
    assert approval_overdue(draft, D("2025-02-10"), 4, D("2025-03-31")) is None
    assert approval_overdue(draft, D("2025-02-10"), 4, D("2025-04-01")) == D("2025-04-01")
    approved = version_states([1], APPROVALS, [], D("2025-04-02"))[1]
    assert approval_overdue(approved, D("2025-02-10"), 4, D("2025-04-02")) is None


# -- one policy walked through its life -------------------------------------------------------

POLICY = "policies/ycc/SQS-14 私隱和保密/私隱政策.txt"


def save(repo: Repository, text: str, day: str) -> Path:
    """Write the policy with a modification time at noon on `day`."""
    path = write(repo.root / POLICY, text)
    stamp = datetime.fromisoformat(f"{day}T12:00:00").timestamp()
    os.utime(path, (stamp, stamp))
    return path


def found(cli: Cli, *args: str) -> list[tuple[str, int, str | None]]:
    result = cli("search", "私隱政策", "--json", *args)
    assert result.exit_code == 0, result.output
    return [(hit["path"], hit["version"], hit["state"]) for hit in json.loads(result.stdout)]


def log_states(cli: Cli, day: str) -> list[str | None]:
    result = cli("log", POLICY, "--json", "--as-of", day)
    return [v["state"] for v in json.loads(result.output)["versions"]]


def status_gaps(cli: Cli, day: str) -> str:
    result = cli("status", "--unit", "ycc", "--as-of", day, "--json")
    rows = json.loads(result.output)[0]["rows"]
    return "; ".join(rows[13]["gaps"])  # SQS 14


def policy_states(cli: Cli, day: str) -> list[list[object]]:
    result = cli("status", "--unit", "ycc", "--as-of", day, "--json")
    return list(json.loads(result.output)[0]["policy_states"])


def changes(cli: Cli, *args: str) -> list[tuple[str, str, int | None, int | None]]:
    result = cli("changes", "--unit", "ycc", "--json", *args)
    assert result.exit_code == 0, result.output
    return [(c["day"], c["kind"], c["version"], c["previous"])
            for c in json.loads(result.output)["changes"]]


def test_a_policy_walks_from_draft_to_superseded(repo: Repository, cli: Cli) -> None:
    save(repo, "私隱政策 第一版：個人資料只作服務用途。", "2024-01-15")
    assert cli("scan").exit_code == 0

    # draft: nothing approved anywhere, so search works as it always did
    assert log_states(cli, "2024-02-01") == ["draft"]
    assert found(cli) == [(POLICY, 1, "draft")]
    assert found(cli, "--state", "in-force") == []
    assert found(cli, "--state", "draft") == [(POLICY, 1, "draft")]
    assert "draft" not in status_gaps(cli, "2024-04-02")  # no unit under approval yet
    assert policy_states(cli, "2024-02-01") == []
    assert changes(cli, "--since", "2024-01-01", "--as-of", "2024-02-01") == [
        ("2024-01-15", "added", 1, None)]

    # approved on 2024-03-20, effective 2024-04-01
    done = cli("approve", POLICY, "--by", "陳大文", "--role", "總幹事 Chief Executive",
               "--effective", "2024-04-01", "--date", "2024-03-20", "--as-of", "2024-03-20")
    assert done.exit_code == 0, done.output
    assert "approved, effective 2024-04-01" in done.output
    assert log_states(cli, "2024-03-25") == ["approved"]
    assert policy_states(cli, "2024-03-25") == [["approved", 1]]
    assert found(cli, "--as-of", "2024-03-25") == [(POLICY, 1, "approved")]  # hides nothing
    assert found(cli, "--as-of", "2024-03-25", "--state", "in-force") == []
    assert found(cli, "--as-of", "2024-03-25", "--state", "approved") == [
        (POLICY, 1, "approved")]
    assert found(cli, "--as-of", "2024-03-25", "--state", "any") == [(POLICY, 1, "approved")]
    assert changes(cli, "--since", "2024-03-01", "--as-of", "2024-03-25") == [
        ("2024-03-20", "approved", 1, None)]

    # in force from 2024-04-01
    assert log_states(cli, "2024-04-01") == ["in force"]
    assert policy_states(cli, "2024-04-01") == [["in force", 1]]
    assert "; policies: 1 in force" in cli("status", "--unit", "ycc", "--as-of",
                                           "2024-04-01").output
    assert found(cli, "--as-of", "2024-04-01") == [(POLICY, 1, "in force")]
    assert found(cli, "--as-of", "2024-04-01", "--state", "in-force") == [
        (POLICY, 1, "in force")]

    # revised on 2025-02-10: v1 stays in force, v2 is a draft until approved
    save(repo, "私隱政策 第二版：個人資料只作服務用途，保存七年。", "2025-02-10")
    assert cli("scan").exit_code == 0
    assert log_states(cli, "2025-02-11") == ["in force", "draft"]
    assert found(cli, "--as-of", "2025-02-11") == [(POLICY, 2, "draft")]  # the current one
    assert found(cli, "--as-of", "2025-02-11", "--state", "in-force") == [
        (POLICY, 1, "in force")]
    assert found(cli, "--as-of", "2025-02-11", "--state", "draft") == [(POLICY, 2, "draft")]
    assert "not approved" not in status_gaps(cli, "2025-03-31")
    assert status_gaps(cli, "2025-04-02").endswith(
        f"{POLICY}: v2 is a draft: not approved by its effective date 2025-04-01")
    due = cli("review", "due", "--unit", "ycc", "--as-of", "2025-04-02")
    assert f"{POLICY}: v2 is a draft: not approved by its effective date 2025-04-01" in \
        due.output

    # v2 approved on 2025-03-01, effective 2025-04-01; v1 superseded that day
    done = cli("approve", POLICY, "--by", "陳大文", "--role", "總幹事", "--effective",
               "2025-04-01", "--date", "2025-03-01", "--as-of", "2025-03-01")
    assert done.exit_code == 0, done.output
    assert log_states(cli, "2025-03-31") == ["in force", "approved"]
    assert found(cli, "--as-of", "2025-03-31", "--state", "in-force") == [
        (POLICY, 1, "in force")]
    assert log_states(cli, "2025-04-01") == ["superseded", "in force"]
    assert policy_states(cli, "2025-04-01") == [["in force", 1]]
    assert found(cli, "--as-of", "2025-04-01", "--state", "in-force") == [
        (POLICY, 2, "in force")]
    assert found(cli, "--as-of", "2025-04-01", "--state", "superseded") == [
        (POLICY, 1, "superseded")]
    assert "not approved" not in status_gaps(cli, "2025-04-02")
    history = cli("log", POLICY, "--as-of", "2025-04-01").output
    assert "[superseded by v2 on 2025-04-01]" in history
    assert "[in force since 2025-04-01]" in history

    # what changed since the visit of 2025-01-20
    assert cli("visit", "record", "--unit", "ycc", "--date", "2025-01-20", "--type",
               "review", "--as-of", "2025-01-20").exit_code == 0
    expected = [("2025-02-10", "revised", 2, 1), ("2025-03-01", "approved", 2, 1)]
    assert changes(cli, "--as-of", "2025-04-30") == expected
    assert changes(cli, "--since", "2025-01-20", "--as-of", "2025-04-30") == expected
    report = json.loads(cli("changes", "--unit", "ycc", "--json", "--as-of",
                            "2025-04-30").output)
    assert report["visit"]["type"] == "review"
    approved = report["changes"][1]
    assert (approved["approver"], approved["role"], approved["effective_on"]) == (
        "陳大文", "總幹事", "2025-04-01")
    assert approved["diff"] == {"path": POLICY, "old": 1, "new": 2}
    assert approved["diff_command"] == f"repo-tool diff '{POLICY}' 1 2"
    diff = cli("diff", POLICY, "1", "2")
    assert "+ 私隱政策 第二版：個人資料只作服務用途，保存七年。" in diff.output


def test_approve_is_audited_with_the_approver(repo: Repository, cli: Cli) -> None:
    save(repo, "私隱政策", "2024-01-15")
    cli("scan")
    assert cli("approve", POLICY, "--by", "陳大文", "--role", "總幹事", "--effective",
               "2024-04-01", "--date", "2024-03-20").exit_code == 0
    entry = list(repo.catalog.audit_entries())[-1]
    assert (entry.action, entry.by) == ("approve", "陳大文")
    assert entry.detail["version"] == 1 and entry.detail["effective_on"] == "2024-04-01"
    assert "audit entries: ok" in cli("verify").output


def test_only_policies_are_approved_and_never_backwards(repo: Repository, cli: Cli) -> None:
    write(repo.root / "records/ycc/SQS-14/minutes.txt", "會議紀錄")
    save(repo, "v1", "2024-01-15")
    cli("scan")
    record = cli("approve", "records/ycc/SQS-14/minutes.txt", "--by", "A", "--role", "B",
                 "--effective", "2024-04-01")
    assert record.exit_code == 2
    assert "is a record, not a policy" in record.output
    save(repo, "v2", "2024-02-15")
    cli("scan")
    assert cli("approve", POLICY, "--by", "A", "--role", "B", "--effective",
               "2024-04-01").exit_code == 0
    older = cli("approve", POLICY, "--version", "1", "--by", "A", "--role", "B",
                "--effective", "2024-05-01")
    assert older.exit_code == 1 and "restore" in older.output
    earlier = cli("approve", POLICY, "--by", "A", "--role", "B", "--effective", "2024-03-01")
    assert earlier.exit_code == 2 and "is before 2024-04-01" in earlier.output
    future = cli("approve", POLICY, "--by", "A", "--role", "B", "--effective", "2024-04-01",
                 "--date", "2999-01-01")
    assert future.exit_code == 2 and "in the future" in future.output
    bad_day = cli("approve", POLICY, "--by", "A", "--role", "B", "--effective", "2024-13-01")
    assert bad_day.exit_code == 2 and "error: '2024-13-01' is not a valid" in bad_day.output


def test_withdrawn_is_a_decision_and_deleting_the_file_is_not(repo: Repository,
                                                             cli: Cli) -> None:
    save(repo, "私隱政策", "2024-01-15")
    cli("scan")
    never = cli("withdraw", POLICY, "--by", "A", "--role", "B", "--effective", "2024-05-01",
                "--note", "merged")
    assert never.exit_code == 1 and "never approved" in never.output
    cli("approve", POLICY, "--by", "陳大文", "--role", "總幹事", "--effective", "2024-04-01",
        "--date", "2024-03-20")
    (repo.root / POLICY).unlink()
    cli("scan")
    assert log_states(cli, "2024-06-01") == ["in force"]
    assert "in force but its file is deleted" in status_gaps(cli, "2024-06-01")
    assert found(cli, "--as-of", "2024-06-01", "--state", "in-force") == [
        (POLICY, 1, "in force")]
    done = cli("withdraw", POLICY, "--by", "陳大文", "--effective", "2024-07-01", "--date",
               "2024-06-20", "--note", "併入新私隱政策", "--as-of", "2024-06-20")
    assert done.exit_code == 0, done.output
    assert "withdrawn by 陳大文, effective 2024-07-01: 併入新私隱政策" in cli("log", POLICY).output
    assert log_states(cli, "2024-06-30") == ["in force"]
    assert log_states(cli, "2024-07-01") == ["withdrawn"]
    assert found(cli, "--as-of", "2024-07-01", "--state", "withdrawn") == [
        (POLICY, 1, "withdrawn")]
    assert "in force but" not in status_gaps(cli, "2024-07-01")
    assert [c[1] for c in changes(cli, "--since", "2024-06-01", "--as-of", "2024-07-31")
            if c[1] == "withdrawn"] == ["withdrawn"]
    again = cli("withdraw", POLICY, "--by", "A", "--role", "B", "--effective", "2024-08-01",
                "--note", "again")
    assert again.exit_code == 1 and "already withdrawn" in again.output


def test_changes_without_a_visit_asks_for_one(cli: Cli) -> None:
    result = cli("changes", "--unit", "ycc")
    assert result.exit_code == 1
    assert "no visit recorded" in result.output and "--since" in result.output
    future = cli("visit", "record", "--unit", "ycc", "--date", "2999-01-01", "--type",
                 "surprise")
    assert future.exit_code == 2
    assert cli("visit", "record", "--unit", "ycc", "--date", "2024-05-02", "--type",
               "surprise", "--note", "突擊探訪").exit_code == 0
    listed = json.loads(cli("visit", "list", "--json").output)
    assert [(v["unit"], v["visited_on"], v["type"]) for v in listed] == [
        ("ycc", "2024-05-02", "surprise")]


def test_approving_one_policy_hides_no_other_document_from_search(repo: Repository,
                                                                  cli: Cli) -> None:
    write(repo.root / "records/ycc/SQS-14/私隱政策培訓紀錄.txt", "私隱政策 培訓紀錄")
    fire = write(repo.root / "policies/ycc/SQS-03/消防程序.txt", "私隱政策 消防程序 疏散")
    save(repo, "私隱政策 第一版", "2024-01-15")
    cli("scan")
    cli("approve", POLICY, "--by", "A", "--role", "B", "--effective", "2999-01-01")
    fire_path = fire.relative_to(repo.root).as_posix()
    assert sorted(found(cli)) == sorted([
        ("records/ycc/SQS-14/私隱政策培訓紀錄.txt", 1, None), (POLICY, 1, "approved"),
        (fire_path, 1, "draft")])
    assert found(cli, "--state", "approved") == [(POLICY, 1, "approved")]
    narrowed = cli("search", "私隱政策", "--state", "approved")
    assert "2 more document(s) match but are not approved" in narrowed.output
    assert "search without --state to see them" in narrowed.output
    assert fire_path in cli("search", "消防").output  # the never-approved fire procedure


def test_changes_lists_a_policy_moved_since_the_visit(repo: Repository, cli: Cli) -> None:
    save(repo, "私隱政策 第一版。", "2024-01-15")
    assert cli("scan").exit_code == 0
    assert cli("visit", "record", "--unit", "ycc", "--date", "2024-05-02", "--type",
               "review").exit_code == 0
    old = repo.root / POLICY
    new = old.with_name("私隱及保密政策.txt")
    old.rename(new)
    before = date.today()
    assert cli("scan").exit_code == 0
    after = date.today()  # the same day unless the scan ran across midnight
    moved = [c for c in json.loads(cli("changes", "--unit", "ycc", "--json", "--as-of",
                                       after.isoformat()).output)["changes"]
             if c["kind"] == "moved"]
    assert [(c["path"], c["note"]) for c in moved] == [
        ("policies/ycc/SQS-14 私隱和保密/私隱及保密政策.txt", f"moved from {POLICY}")]
    assert moved[0]["day"] in {before.isoformat(), after.isoformat()}  # the day of the scan
    assert f"(moved from {POLICY})" in cli("changes", "--unit", "ycc").output
