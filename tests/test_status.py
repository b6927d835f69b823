"""Readiness per SQS: documents, last change, last review, next due, state and gaps."""

from __future__ import annotations

import json
from datetime import date

from click.testing import CliRunner

from repo_tool.cli import cli as cli_group
from repo_tool.domain.reviews import record_review
from repo_tool.domain.status import status
from repo_tool.ingest import scan
from repo_tool.repository import Repository
from tests.conftest import ACTOR, Cli, bump_mtime, write


def build(repo: Repository) -> None:
    write(repo.root / "policies/ycc/SQS-14 私隱和保密/私隱政策.txt", "私隱政策 第一版")
    write(repo.root / "records/ycc/SQS-14 私隱和保密/查閱紀錄.txt", "查閱紀錄")
    write(repo.root / "policies/ycc/SQS-15 申訴/投訴程序.txt", "投訴程序")
    write(repo.root / "policies/ycc/SQS-02/檢討程序.txt", "檢討程序")
    write(repo.root / "records/ycc/SQS-04/架構圖.txt", "架構圖")
    scan(repo, ACTOR)
    for sqs, day in ((14, date(2024, 2, 20)), (15, date(2021, 3, 25)), (2, date(2024, 2, 20))):
        record_review(repo, unit="ycc", sqs=sqs, reviewed_on=day, reviewer="陳美玲",
                      outcome="no-change", actor=ACTOR)
    changed = repo.root / "policies/ycc/SQS-02/檢討程序.txt"
    changed.write_text("檢討程序 第二版", encoding="utf-8")
    bump_mtime(changed)
    scan(repo, ACTOR)


def test_one_row_per_standard_with_its_state_and_gaps(repo: Repository) -> None:
    build(repo)
    (ycc,) = status(repo, "ycc", today=date(2026, 6, 1))
    assert [row.sqs for row in ycc.rows] == list(range(1, 17))
    rows = {row.sqs: row for row in ycc.rows}
    assert (rows[14].name_zh, rows[14].name_en) == ("私隱和保密", "Privacy and confidentiality")
    assert (rows[14].documents, rows[14].policies, rows[14].state) == (2, 1, "ok")
    assert (rows[14].last_review, rows[14].next_due, rows[14].gaps) == (
        date(2024, 2, 20), date(2027, 3, 31), ())
    # The day the newest SQS-14 file was saved, read from the files (not the clock, which may
    # have passed midnight since).
    saved = [repo.root / "policies/ycc/SQS-14 私隱和保密/私隱政策.txt",
             repo.root / "records/ycc/SQS-14 私隱和保密/查閱紀錄.txt"]
    assert rows[14].last_change == max(date.fromtimestamp(p.stat().st_mtime) for p in saved)
    assert (rows[15].state, rows[15].gaps) == ("overdue",
                                               ("no records", "review overdue since 2024-03-31"))
    assert rows[2].state == "ok"
    assert rows[2].gaps == ("no records", "changed since review: policies/ycc/SQS-02/檢討程序.txt")
    assert (rows[4].state, rows[4].gaps) == ("no evidence", ("no policy", "never reviewed"))
    assert (rows[1].state, rows[1].documents, rows[1].last_change, rows[1].gaps) == (
        "no evidence", 0, None, ("no documents", "never reviewed"))
    assert ycc.counts == {"ok": 2, "due soon": 0, "overdue": 1, "no evidence": 13}
    assert ycc.changed == 1


def test_status_of_every_unit_and_its_summary_line(repo: Repository, cli: Cli) -> None:
    build(repo)
    result = cli("status", "--as-of", "2026-12-01")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "ycc: 0 ok, 2 due soon, 1 overdue, 13 no evidence; 1 with a policy changed since its " \
           "review" in lines
    assert "agency: 0 ok, 0 due soon, 0 overdue, 16 no evidence" in lines
    assert "home: 0 ok, 0 due soon, 0 overdue, 16 no evidence" in lines
    ycc = lines[lines.index(next(line for line in lines if line.startswith("ycc  "))):]
    row = next(line for line in ycc if line.startswith(" 14  私隱和保密"))
    assert "2024-02-20  2027-03-31  due soon" in row
    assert "\x1b[" not in result.output  # plain when not on a terminal


def test_status_is_coloured_on_a_terminal(repo: Repository) -> None:
    build(repo)
    result = CliRunner().invoke(cli_group, ["status", "--unit", "ycc", "--repo",
                                            str(repo.root)], color=True)
    assert "\x1b[31m\x1b[1moverdue" in result.output


def test_status_json(repo: Repository, cli: Cli) -> None:
    build(repo)
    data = json.loads(cli("status", "--unit", "ycc", "--json", "--as-of", "2026-06-01").output)
    assert [u["unit"] for u in data] == ["ycc"]
    assert data[0]["counts"] == {"ok": 2, "due soon": 0, "overdue": 1, "no evidence": 13}
    row = data[0]["rows"][13]
    assert (row["sqs"], row["state"], row["last_review"], row["next_due"], row["documents"]) == (
        14, "ok", "2024-02-20", "2027-03-31", 2)


def test_a_fresh_unit_has_no_evidence_anywhere(repo: Repository) -> None:
    (home,) = status(repo, "home")
    assert {row.state for row in home.rows} == {"no evidence"}
    assert home.counts["no evidence"] == 16


def _counted(repo: Repository, unit: str) -> dict[int, tuple[int, int, date | None]]:
    (found,) = status(repo, unit, today=date(2026, 6, 1))
    return {row.sqs: (row.documents, row.policies, row.last_change) for row in found.rows
            if row.documents}


def test_counts_follow_tags_deletions_and_new_versions(repo: Repository) -> None:
    # status counts each SQS's documents in the catalog (no longer one by one): a tag replaces
    # the SQSs read from the path, a deleted file leaves the count, a new version moves the
    # last change
    build(repo)
    assert {sqs: counted[:2] for sqs, counted in _counted(repo, "ycc").items()} == {
        2: (1, 1), 4: (1, 0), 14: (2, 1), 15: (1, 1)}
    repo.tag("records/ycc/SQS-14 私隱和保密/查閱紀錄.txt", (9, 13), ACTOR)
    assert {sqs: counted[:2] for sqs, counted in _counted(repo, "ycc").items()} == {
        2: (1, 1), 4: (1, 0), 9: (1, 0), 13: (1, 0), 14: (1, 1), 15: (1, 1)}
    (repo.root / "records/ycc/SQS-04/架構圖.txt").unlink()
    later = write(repo.root / "policies/ycc/SQS-15 申訴/投訴程序.txt", "投訴程序 第二版")
    bump_mtime(later, seconds=400 * 86_400)
    scan(repo, ACTOR)
    counted = _counted(repo, "ycc")
    assert 4 not in counted
    assert counted[15] == (1, 1, date.fromtimestamp(later.stat().st_mtime))


def test_files_found_by_name_only_are_counted_by_format(repo: Repository) -> None:
    write(repo.root / "records/ycc/SQS-09/平面圖.dwg", b"AC1032" + bytes(range(256)) * 4)
    write(repo.root / "records/ycc/SQS-09/舊圖.DWG", b"AC1027" + bytes(range(256)) * 4)
    write(repo.root / "records/home/SQS-09/損壞.docx", b"PK\x03\x04 not a zip")
    write(repo.root / "records/ycc/SQS-09/巡查.txt", "巡查紀錄")
    scan(repo, ACTOR)
    found = {u.unit: u.name_only for u in status(repo)}
    assert found["ycc"] == ((".dwg", 2),)
    assert found["home"] == ((".docx", 1),)
    assert found["agency"] == ()
