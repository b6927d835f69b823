"""Head-office policies credited to units (issue 18, item 2).

A unit with no SQS 2 policy of its own stands on the head office's (`policies/agency/SQS-02 …`)
and on the head office's reviews of it, in status, review due, the SAR, form 2.01, the pack and
the web; a unit's own policy takes precedence.
"""

from __future__ import annotations

import json
import zipfile
from datetime import date
from functools import partial
from pathlib import Path

import pytest
from docx import Document

from repo_tool.domain.reviews import due, record_review
from repo_tool.domain.status import SqsStatus, status
from repo_tool.ingest import scan
from repo_tool.repository import Repository
from tests.conftest import ACTOR, PROJECT, Cli, bump_mtime, write

AGENCY_POLICY = "policies/agency/SQS-02 檢討及修訂政策和程序/檢討政策.txt"
OWN_POLICY = "policies/ycc/SQS-02/中心檢討程序.txt"
TODAY = date(2025, 6, 1)


@pytest.fixture
def credited(repo: Repository) -> Repository:
    """The head office's SQS 2 policy, reviewed by the head office on 2025-01-15; ycc has its own
    SQS 2 policy (never reviewed), home has none but keeps a record under SQS 2."""
    write(repo.root / AGENCY_POLICY, "檢討政策 每三年全面檢討")
    write(repo.root / OWN_POLICY, "中心檢討程序")
    write(repo.root / "records/home/SQS-02/檢討會議紀錄.txt", "會議紀錄")
    scan(repo, ACTOR)
    record_review(repo, unit="agency", sqs=2, reviewed_on=date(2025, 1, 15), reviewer="何總幹事",
                  outcome="no-change", actor=ACTOR, today=TODAY)
    return repo


def rows(repo: Repository, unit: str) -> dict[int, SqsStatus]:
    (found,) = status(repo, unit, today=TODAY)
    return {row.sqs: row for row in found.rows}


def test_a_unit_without_its_own_policy_stands_on_the_head_offices(credited: Repository) -> None:
    home = rows(credited, "home")[2]
    assert home.policies == 1 and home.documents == 2
    assert home.head_office == (AGENCY_POLICY,)
    assert home.last_review == date(2025, 1, 15)
    assert home.reviewed_by_head_office
    assert home.gaps == () and home.met


def test_a_units_own_policy_takes_precedence(credited: Repository) -> None:
    ycc = rows(credited, "ycc")[2]
    assert ycc.head_office == () and not ycc.reviewed_by_head_office
    assert ycc.policies == 1 and ycc.last_review is None
    assert ycc.state == "no evidence"


def test_a_change_to_the_head_office_policy_after_its_review_shows_in_the_unit(
        credited: Repository) -> None:
    policy = credited.root / AGENCY_POLICY
    policy.write_text("檢討政策 第二版", encoding="utf-8")
    bump_mtime(policy)
    scan(credited, ACTOR)
    home = rows(credited, "home")[2]
    assert home.gaps == (f"changed since review: {AGENCY_POLICY}",)
    assert not home.met
    item = next(i for i in due(credited, "home", TODAY) if i.sqs == 2)
    assert item.changed_since_review == (AGENCY_POLICY,)


def test_status_and_review_due_say_head_office(credited: Repository, cli: Cli) -> None:
    shown = cli("status", "--unit", "home", "--as-of", TODAY.isoformat())
    assert shown.exit_code == 0, shown.output
    row = next(line for line in shown.output.splitlines() if line.startswith("  2  "))
    assert "2025-01-15" in row and "no policy" not in row
    assert "head-office policy 檢討政策.txt; head-office review" in row
    data = json.loads(cli("status", "--unit", "home", "--as-of", TODAY.isoformat(),
                          "--json").output)
    sqs2 = data[0]["rows"][1]
    assert (sqs2["head_office"], sqs2["reviewed_by_head_office"], sqs2["met"]) == (
        [AGENCY_POLICY], True, True)
    listed = cli("review", "due", "--unit", "home", "--all", "--as-of", TODAY.isoformat())
    assert listed.exit_code == 0, listed.output
    assert "last review 2025-01-15 (2024-25 cycle) by the head office" in listed.output


def test_the_sar_credits_and_marks_the_head_office(credited: Repository, cli: Cli,
                                                   tmp_path: Path) -> None:
    standards = (PROJECT / "records/home/standards.yaml").read_text(encoding="utf-8")
    write(credited.root / "records/home/standards.yaml", standards)
    made = cli("generate", "sar", "--unit", "home", "--year", "2024", "--as-of",
               TODAY.isoformat(), "--out", str(tmp_path))
    assert made.exit_code == 0, made.output
    (sar,) = tmp_path.glob("*.docx")
    table = next(t for t in Document(str(sar)).tables
                 if t.rows[0].cells[0].text == "SQS")
    cells = [c.text for c in table.rows[2].cells]  # SQS 2
    assert cells[0] == "2" and cells[2] == "1" and cells[4] == "符合 met"
    assert "總辦事處政策 head-office policy: 檢討政策.txt" in cells[5]
    assert "總辦事處檢討 reviewed by the head office" in cells[5]


def test_the_pack_holds_the_head_office_policy_marked(credited: Repository, cli: Cli,
                                                      tmp_path: Path) -> None:
    made = cli("pack", "--unit", "home", "--sqs", "2", "--out", str(tmp_path / "home.zip"))
    assert made.exit_code == 0, made.output
    with zipfile.ZipFile(tmp_path / "home.zip") as archive:
        names = [n for n in archive.namelist() if n.startswith("SQS-02")]
    assert any(n.endswith("/總辦事處 head office - 檢討政策.txt")
               for n in names), names
    assert any(n.endswith("/檢討會議紀錄.txt") for n in names), names
    made = cli("pack", "--unit", "ycc", "--sqs", "2", "--out", str(tmp_path / "ycc.zip"))
    with zipfile.ZipFile(tmp_path / "ycc.zip") as archive:
        assert not [n for n in archive.namelist() if "head office" in n]


def test_the_unit_page_marks_the_head_office_policy_and_review(credited: Repository) -> None:
    from tests.serving import running_server

    with running_server(credited.root) as server:
        for lang, policy, review in (("zh", "總辦事處政策", "總辦事處檢討"),
                                     ("en", "head-office policy", "head-office review")):
            reply = server.get(f"/unit/home?lang={lang}")
            assert reply.status == 200
            table = reply.text.split('<table id="readiness">')[1].split("</table>")[0]
            row_2 = table.split("<tr class=")[2]
            assert policy in row_2 and review in row_2 and "2025-01-15" in row_2
            ycc = server.get(f"/unit/ycc?lang={lang}").text
            assert policy not in ycc.split('<table id="readiness">')[1].split("</table>")[0]


def test_form_201_lists_the_head_office_policy_and_review(credited: Repository, cli: Cli,
                                                          tmp_path: Path) -> None:
    made = cli("generate", "form-2.01", "--unit", "home", "--cycle", "2024", "--out",
               str(tmp_path))
    assert made.exit_code == 0, made.output
    (form,) = tmp_path.glob("*.docx")
    table = Document(str(form)).tables[0]
    row = next(r for r in table.rows if r.cells[0].text.split()[:1] == ["2"])
    text = " | ".join(c.text for c in row.cells)
    assert "檢討政策\u00a0(v1)\u00a0（總辦事處 head office）" in text
    assert "何總幹事" in text and "2025-01-15" in text
    assert "何總幹事\n（總辦事處 head office）" in text
    (tmp_path / "ycc").mkdir()
    ycc = cli("generate", "form-2.01", "--unit", "ycc", "--cycle", "2024", "--out",
              str(tmp_path / "ycc"))
    assert ycc.exit_code == 0, ycc.output
    (other,) = (tmp_path / "ycc").glob("*.docx")
    table = Document(str(other)).tables[0]
    row = next(r for r in table.rows if r.cells[0].text.split()[:1] == ["2"])
    text = " | ".join(c.text for c in row.cells)
    assert "中心檢討程序" in text and "head office" not in text and "何總幹事" not in text


def _same(day: date) -> date:
    return day


def test_the_unit_page_judges_the_cycle_on_the_servers_clock(credited: Repository) -> None:
    # The page read its readiness on the system's date and its retention count on the
    # server's: one clock now, the server's (a fixed date in tests and demos).
    from repo_tool.web._app import Settings, create_app

    for day, state in ((date(2025, 6, 1), "ok"), (date(2031, 6, 1), "overdue")):
        client = create_app(Settings(root=credited.root, today=partial(_same, day))).test_client()
        html = client.get("/unit/home?lang=en").get_data(as_text=True)
        table = html.split('<table id="readiness">')[1].split("</table>")[0]
        row_2 = table.split("<tr class=")[2]
        assert row_2.startswith(f'"state-{state}"'), row_2[:40]
