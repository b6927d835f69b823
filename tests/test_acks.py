"""Staff acknowledgements: the roster's staff list, recording and importing, and the report of
who has not yet signed for the version in force."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from repo_tool.domain.roster import parse_roster_yaml
from repo_tool.errors import ConfigError
from repo_tool.repository import Repository
from tests.conftest import Cli, write

POLICY = "policies/ycc/SQS-14 私隱和保密/私隱政策.txt"
ROSTER = """\
posts:
  - id: head
    post_zh: 中心主任
    subvented: 1
  - id: sw
    post_zh: 社會工作員
    reports_to: head
    subvented: 2
staff:
  - id: S001
    name: 陳小明
    post: head
  - id: S002
    name: 李美玲
    post: sw
  - id: 3
    name: 黃志強
    post: sw
"""


@pytest.fixture
def unit(repo: Repository, cli: Cli) -> Repository:
    """ycc with three staff and the privacy policy v1 in force from 2024-04-01."""
    write(repo.root / "records/ycc/staff.yaml", ROSTER)
    write(repo.root / POLICY, "私隱政策 第一版")
    assert cli("scan").exit_code == 0
    assert cli("approve", POLICY, "--by", "陳大文", "--role", "總幹事", "--effective",
               "2024-04-01", "--date", "2024-03-20").exit_code == 0
    return repo


def report(cli: Cli, day: str) -> tuple[int, list[str], list[str]]:
    result = cli("ack", "report", "--unit", "ycc", "--document", POLICY, "--json", "--as-of",
                 day)
    assert result.exit_code == 0, result.output
    (found,) = json.loads(result.output)
    return (found["version"], [p["staff_id"] for p in found["acknowledged"]],
            [p["staff_id"] for p in found["missing"]])


def test_the_roster_staff_list_is_optional_and_checked() -> None:
    roster = parse_roster_yaml(ROSTER, "records/ycc/staff.yaml")
    assert [(s.id, s.name, s.post) for s in roster.staff] == [
        ("S001", "陳小明", "head"), ("S002", "李美玲", "sw"), ("3", "黃志強", "sw")]
    posts_only = ROSTER.split("staff:")[0]
    assert parse_roster_yaml(posts_only, "staff.yaml").staff == ()
    with pytest.raises(ConfigError, match=r"staff.yaml:18: staff\[2\].post: 'cook' is not"):
        parse_roster_yaml(ROSTER.replace("post: sw\n", "post: cook\n", 2).replace(
            "post: cook\n", "post: sw\n", 1), "staff.yaml")
    with pytest.raises(ConfigError, match=r"staff.yaml:16: staff\[2\].id: 'S001' is already"):
        parse_roster_yaml(ROSTER.replace("id: 3", "id: S001"), "staff.yaml")


def test_the_report_lists_exactly_who_has_not_signed(unit: Repository, cli: Cli) -> None:
    assert report(cli, "2024-04-05") == (1, [], ["S001", "S002", "3"])
    done = cli("ack", "record", "--unit", "ycc", "--staff", "S002", "--document", POLICY,
               "--date", "2024-04-03", "--as-of", "2024-04-05")
    assert done.exit_code == 0, done.output
    assert report(cli, "2024-04-05") == (1, ["S002"], ["S001", "3"])
    again = cli("ack", "record", "--unit", "ycc", "--staff", "S002", "--document", POLICY,
                "--date", "2024-04-04", "--as-of", "2024-04-05")
    assert "already recorded (signed 2024-04-03)" in again.output
    text = cli("ack", "report", "--unit", "ycc", "--as-of", "2024-04-05").output
    assert "1 of 3 acknowledged" in text and "missing  S001" in text


def test_a_new_version_in_force_resets_who_must_sign(unit: Repository, cli: Cli) -> None:
    for staff in ("S001", "S002", "3"):
        cli("ack", "record", "--unit", "ycc", "--staff", staff, "--document", POLICY,
            "--date", "2024-04-03")
    write(unit.root / POLICY, "私隱政策 第二版")
    cli("scan")
    cli("approve", POLICY, "--by", "陳大文", "--role", "總幹事", "--effective", "2025-04-01",
        "--date", "2025-03-01", "--as-of", "2025-03-01")
    # S001 reads v2 before it takes effect
    cli("ack", "record", "--unit", "ycc", "--staff", "S001", "--document", POLICY,
        "--version", "2", "--date", "2025-03-10", "--as-of", "2025-03-10")
    assert report(cli, "2025-03-31") == (1, ["S001", "S002", "3"], [])
    assert report(cli, "2025-04-01") == (2, ["S001"], ["S002", "3"])


def test_an_attendance_sheet_is_imported_whole_or_not_at_all(unit: Repository, cli: Cli,
                                                           tmp_path: Path) -> None:
    sheet = write(tmp_path / "attendance.csv",
                  f"staff,document,date\nS001,{POLICY},2024-04-10\n"
                  f"S999,{POLICY},2024-04-10\n3,{POLICY},2024-02-30\n")
    bad = cli("ack", "import", str(sheet), "--unit", "ycc")
    assert bad.exit_code == 2
    assert "2 row(s) are wrong, nothing was recorded" in bad.output
    assert "line 3: staff id 'S999' is not in the staff list" in bad.output
    assert "line 4: '2024-02-30' is not a valid date" in bad.output
    assert report(cli, "2024-04-20") == (1, [], ["S001", "S002", "3"])
    good = write(tmp_path / "signed.csv", "\ufeffstaff\nS001\n3\n")
    done = cli("ack", "import", str(good), "--unit", "ycc", "--document", POLICY, "--date",
               "2024-04-10", "--by", "文書 Clerk")
    assert done.exit_code == 0, done.output
    assert "recorded 2 acknowledgement(s)" in done.output
    assert report(cli, "2024-04-20") == (1, ["S001", "3"], ["S002"])
    entry = list(unit.catalog.audit_entries())[-1]
    assert (entry.action, entry.by, entry.detail["new"]) == ("ack import", "文書 Clerk", 2)


def test_acks_need_staff_a_policy_of_the_unit_and_a_version_in_force(
        repo: Repository, cli: Cli) -> None:
    write(repo.root / "records/ycc/staff.yaml", ROSTER.split("staff:")[0])
    write(repo.root / POLICY, "私隱政策")
    write(repo.root / "policies/home/SQS-14/私隱.txt", "私隱")
    cli("scan")
    no_staff = cli("ack", "report", "--unit", "ycc")
    assert no_staff.exit_code == 1 and "lists no staff" in no_staff.output
    write(repo.root / "records/ycc/staff.yaml", ROSTER)
    draft = cli("ack", "record", "--unit", "ycc", "--staff", "S001", "--document", POLICY,
                "--date", "2024-04-03")
    assert draft.exit_code == 2 and "has no version in force" in draft.output
    other = cli("ack", "record", "--unit", "ycc", "--staff", "S001", "--document",
                "policies/home/SQS-14/私隱.txt", "--version", "1", "--date", "2024-04-03")
    assert other.exit_code == 2 and "of unit 'home'" in other.output
