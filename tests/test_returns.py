"""Statistics returns for SWD's SPMIS: what a return covers, its checks, the CSV and .xlsx read
back, submissions and revisions, and the `status` alerts for returns due."""

from __future__ import annotations

import csv
import hashlib
import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from repo_tool.config import parse_config
from repo_tool.domain.performance import (
    RETURN_COLUMNS,
    alerts,
    build_return,
    make_return,
    parse_period,
    parse_standards,
    record_figure,
    returns_due,
    submit_return,
)
from repo_tool.domain.performance._returns import covered, is_far
from repo_tool.errors import ConfigError, Conflict, InvalidInput
from repo_tool.models import is_generated
from repo_tool.repository import Repository
from tests.conftest import ACTOR, Cli, rewind_catalog, write

STANDARDS = """\
standards:
  - code: ESR1
    name_zh: 每天24小時照顧
    name_en: 24-hour care
  - code: OS1
    name_zh: 一年內的平均入住率
    name_en: Average occupancy rate in a year
    level: 90
    measure: "%"
  - code: OS2
    name_zh: 小組節數
    name_en: Group sessions held
    level: 120
    measure: sessions
    aggregate: sum
  - code: OC1
    name_zh: 家長滿意的比率
    name_en: Parents satisfied
    level: 80
    measure: "%"
    frequency: half-yearly
"""
ON = date(2026, 1, 20)  # 2025-26-Q3 (Oct-Dec 2025) has ended; its return is due by 30 January
RETURN_FILE = "records/home/generated/統計報表 returns/2025-26-Q3 return.csv"


def enter(repo: Repository, rows: list[tuple[str, str, str]], note: str | None = None,
          on: date = ON) -> None:
    for code, period, value in rows:
        record_figure(repo, unit="home", standard=code, period=period, value=value,
                      note=note, actor=ACTOR, today=on)


@pytest.fixture
def home(repo: Repository) -> Repository:
    """Unit `home` with the standards above and a normal history for OS1 and OS2."""
    write(repo.root / "records/home/standards.yaml", STANDARDS)
    enter(repo, [("OS1", "2025-26-Q1", "92"), ("OS1", "2025-26-Q2", "85"),
                 ("OS2", "2025-26-Q1", "30"), ("OS2", "2025-26-Q2", "28"),
                 ("OC1", "2025-26-H1", "82")])
    return repo


def q3_figures(repo: Repository) -> None:
    enter(repo, [("OS1", "2025-26-Q3", "90.5"), ("OS2", "2025-26-Q3", "31")])


def test_a_return_covers_each_standard_whose_own_period_ends_within_it() -> None:
    standards = parse_standards(STANDARDS, "records/home/standards.yaml", "home")

    def rows(period: str) -> list[str]:
        return [f"{s.code} {p.code}" for s, p in covered(standards, parse_period(period))]

    # quarterly standards in every quarter; the half-yearly OC1 in Q2 and Q4; the yearly ESR1
    # only in Q4, H2 and the whole year; a half year lists each of its quarters
    assert rows("2025-26-Q1") == ["OS1 2025-26-Q1", "OS2 2025-26-Q1"]
    assert rows("2025-26-Q2") == ["OS1 2025-26-Q2", "OS2 2025-26-Q2", "OC1 2025-26-H1"]
    assert rows("2025-26-Q4") == ["ESR1 2025-26", "OS1 2025-26-Q4", "OS2 2025-26-Q4",
                                  "OC1 2025-26-H2"]
    assert rows("2025-26-H1") == ["OS1 2025-26-Q1", "OS1 2025-26-Q2", "OS2 2025-26-Q1",
                                  "OS2 2025-26-Q2", "OC1 2025-26-H1"]
    assert len(rows("2025-26")) == 1 + 4 + 4 + 2


def test_far_means_more_than_half_the_median_away_with_two_previous_figures() -> None:
    assert not is_far(10, [90])  # one previous figure: nothing to judge against
    assert is_far(44.9, [85, 90, 92]) and not is_far(45, [85, 90, 92])  # median 90
    assert is_far(135.1, [85, 90, 92]) and not is_far(135, [85, 90, 92])
    assert is_far(1, [0, 0]) and not is_far(0, [0, 0])


def test_a_return_with_a_missing_figure_is_refused_naming_the_standard(
        home: Repository, tmp_path: Path, cli: Cli) -> None:
    enter(home, [("OS1", "2025-26-Q3", "90")])
    with pytest.raises(InvalidInput) as caught:
        make_return(home, "home", "2025-26-Q3", out=tmp_path, today=ON)
    assert caught.value.message.splitlines()[1:] == [
        "OS2 has no figure for 2025-26-Q3; enter it with `repo-tool stats record --unit home "
        "--standard OS2 --period 2025-26-Q3 --value ...`"]
    assert not list(tmp_path.glob("*return*"))  # nothing written
    refused = cli("stats", "submit", "--unit", "home", "--period", "2025-26-Q3", "--as-of",
                  "2026-01-20")
    assert refused.exit_code == 2
    assert refused.output.splitlines() == [
        "error: the return of home for 2025-26-Q3 (Oct-Dec 2025) was not written; fix these "
        "first:", caught.value.message.splitlines()[1]]
    assert not (home.root / RETURN_FILE).exists() and returns_due(home, "home", ON)


def test_a_percentage_over_100_is_refused(home: Repository, tmp_path: Path) -> None:
    enter(home, [("OS1", "2025-26-Q3", "190"), ("OS2", "2025-26-Q3", "31")])
    with pytest.raises(InvalidInput) as caught:
        make_return(home, "home", "2025-26-Q3", out=tmp_path, today=ON)
    assert "OS1 2025-26-Q3 is 190%, but a percentage is from 0 to 100; enter the right figure " \
           "with `repo-tool stats record --unit home --standard OS1 --period 2025-26-Q3 " \
           "--value ...`" in caught.value.message
    assert not list(tmp_path.glob("*return*"))


def test_a_far_figure_needs_a_note_and_with_one_is_accepted(home: Repository,
                                                            tmp_path: Path) -> None:
    # OS1 before: 92 and 85 (median 88.5); 40 is 48.5 away, more than half of 88.5
    enter(home, [("OS1", "2025-26-Q3", "40"), ("OS2", "2025-26-Q3", "31")])
    with pytest.raises(InvalidInput) as caught:
        make_return(home, "home", "2025-26-Q3", out=tmp_path, today=ON)
    assert caught.value.message.splitlines()[1:] == [
        "OS1 2025-26-Q3 is 40%, far from the usual 85–92%: add a note saying why with "
        "`repo-tool stats record --unit home --standard OS1 --period 2025-26-Q3 --value 40 "
        "--note ...`"]
    enter(home, [("OS1", "2025-26-Q3", "40")], note="翻新工程，暫停收新個案 renovation")
    made = make_return(home, "home", "2025-26-Q3", out=tmp_path, today=ON)
    assert made.path == tmp_path / "home 2025-26-Q3 return.csv"
    assert made.stats_return.problems == ()


def test_every_failure_is_listed_at_once(home: Repository, tmp_path: Path) -> None:
    enter(home, [("OS1", "2025-26-Q3", "140")])
    found = build_return(home, "home", "2025-26-Q3", today=ON)
    assert [p.split(" ", 2)[:2] for p in found.problems] == [["OS1", "2025-26-Q3"],
                                                              ["OS2", "has"]]


def test_the_csv_reads_back_with_every_standard_and_figure(home: Repository,
                                                           tmp_path: Path) -> None:
    enter(home, [("OS1", "2025-26-Q3", "90.5"), ("OS2", "2025-26-Q3", "31"),
                 ("OS1", "2025-26-Q4", "91"), ("OS2", "2025-26-Q4", "33"),
                 ("OC1", "2025-26-H2", "85")], on=date(2026, 4, 2))
    enter(home, [("ESR1", "2025-26", "met")], note="全年有人當值 staffed all year",
          on=date(2026, 4, 2))
    out = tmp_path / "q4.csv"
    make_return(home, "home", "2025-26-Q4", out=out, today=date(2026, 4, 2))
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    rows = list(csv.DictReader(data.decode("utf-8-sig").splitlines()))
    assert list(rows[0]) == list(RETURN_COLUMNS)
    assert [(r["standard"], r["period"], r["figure"]) for r in rows] == [
        ("ESR1", "2025-26", "met"), ("OS1", "2025-26-Q4", "91"), ("OS2", "2025-26-Q4", "33"),
        ("OC1", "2025-26-H2", "85")]
    esr, os1 = rows[0], rows[1]
    assert (esr["unit"], esr["unit_name_zh"], esr["unit_name_en"], esr["return_period"]) == (
        "home", "明德兒童之家", "Ming Tak Children's Home", "2025-26-Q4")
    assert (esr["kind"], esr["level"], esr["note"]) == ("esr", "", "全年有人當值 staffed all year")
    assert (os1["kind"], os1["name_zh"], os1["name_en"], os1["measure"], os1["level"]) == (
        "output", "一年內的平均入住率", "Average occupancy rate in a year", "%", "90")


def test_the_xlsx_reads_back_with_numbers_as_numbers(home: Repository, tmp_path: Path) -> None:
    q3_figures(home)
    out = tmp_path / "return.xlsx"
    made = make_return(home, "home", "2025-26-Q3", out=out, today=ON)
    assert made.format == "xlsx"  # from the suffix of -o
    sheet = load_workbook(out).active
    assert sheet is not None and sheet.title == "2025-26-Q3"
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == RETURN_COLUMNS
    assert [(r[5], r[4], r[9], r[11]) for r in rows[1:]] == [
        ("OS1", "2025-26-Q3", 90.5, 90), ("OS2", "2025-26-Q3", 31, 120)]
    assert rows[1][1] == "明德兒童之家" and rows[1][7] == "一年內的平均入住率"
    with pytest.raises(InvalidInput, match=r"ends in \.xlsx but the format is csv"):
        make_return(home, "home", "2025-26-Q3", out=out, fmt="csv", force=True, today=ON)
    with pytest.raises(Conflict, match="exists; add --force"):
        make_return(home, "home", "2025-26-Q3", out=out, today=ON)


def test_a_period_not_ended_or_with_nothing_due_is_refused(home: Repository,
                                                           tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match=r"2025-26-Q4 \(Jan-Mar 2026\) has not ended "
                                           r"\(today is 2026-01-20\); its return can be made "
                                           "from 2026-04-01"):
        build_return(home, "home", "2025-26-Q4", today=ON)
    write(home.root / "records/home/standards.yaml",
          "standards:\n  - {code: OC1, name_zh: 滿意, name_en: Satisfied, level: 80, "
          "frequency: half-yearly}\n")
    with pytest.raises(InvalidInput, match="no standard of unit 'home' is reported in "
                                           r"2025-26-Q3 \(Oct-Dec 2025\): its returns are "
                                           "half-yearly"):
        build_return(home, "home", "2025-26-Q3", today=ON)


def test_submit_then_change_a_figure_then_a_revised_return(home: Repository, cli: Cli) -> None:
    q3_figures(home)
    first = submit_return(home, "home", "2025-26-Q3", actor=ACTOR, today=ON)
    assert (first.revision, first.path, first.version) == (1, RETURN_FILE, 1)
    assert is_generated(RETURN_FILE)  # the tool's own paper: out of search and `changes`
    kept = home.root / RETURN_FILE
    assert first.sha256 == hashlib.sha256(kept.read_bytes()).hexdigest()
    assert build_return(home, "home", "2025-26-Q3", today=ON).state == "submitted"
    with pytest.raises(Conflict, match="no figure has changed since; nothing to submit"):
        submit_return(home, "home", "2025-26-Q3", actor=ACTOR, today=ON)
    enter(home, [("OS2", "2025-26-Q3", "31")])  # the same figure again is no change
    assert build_return(home, "home", "2025-26-Q3", today=ON).state == "submitted"

    enter(home, [("OS2", "2025-26-Q3", "34")])
    revised = build_return(home, "home", "2025-26-Q3", today=ON)
    assert revised.state == "revised since submission"
    assert revised.changes() == ("OS2 2025-26-Q3: 31 sessions → 34 sessions",)
    shown = cli("stats", "return", "--unit", "home", "--period", "2025-26-Q3", "--as-of",
                "2026-01-20", "-o", str(home.root.parent), "--json")
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.output)["state"] == "revised since submission"
    assert any("revised since submission (revision 1" in a
               for a in alerts(home, "home", ON))

    done = cli("stats", "submit", "--unit", "home", "--period", "2025-26-Q3", "--by", "陳主任",
               "--as-of", "2026-01-20")
    assert done.exit_code == 0, done.output
    assert "2025-26-Q3 revision 2" in done.output and f"{RETURN_FILE} v2" in done.output
    listed = json.loads(cli("stats", "returns", "--unit", "home", "--as-of", "2026-01-20",
                            "--json").output)
    assert [(s["revision"], s["version"], s["by"]) for s in listed["submissions"]] == [
        (1, 1, "Test Officer"), (2, 2, "陳主任")]
    assert "2025-26-Q3" not in [d["period"] for d in listed["due"]]
    audit = [e for e in json.loads(cli("audit", "--json").output)
             if e["action"] == "stats submit"]
    assert [(e["detail"]["revision"], e["detail"]["file"]) for e in audit] == [
        (1, f"{RETURN_FILE} v1"), (2, f"{RETURN_FILE} v2")]
    assert audit[1]["detail"]["changes"] == ["OS2 2025-26-Q3: 31 sessions → 34 sessions"]
    history = json.loads(cli("log", RETURN_FILE, "--json").output)
    assert [v["number"] for v in history["versions"]] == [1, 2]
    with (home.root / RETURN_FILE).open(encoding="utf-8-sig") as handle:
        assert [r["figure"] for r in csv.DictReader(handle)] == ["90.5", "34"]
    old = cli("show", RETURN_FILE, "--version", "1", "-o", "-").stdout_bytes
    assert b"OS2,output" in old and b",31," in old


def test_a_hand_edit_to_the_kept_return_is_recorded_before_the_next_revision(
        home: Repository, cli: Cli) -> None:
    q3_figures(home)
    submit_return(home, "home", "2025-26-Q3", actor=ACTOR, today=ON)
    kept = home.root / RETURN_FILE
    kept.write_bytes(kept.read_bytes() + b"edited by hand\r\n")
    enter(home, [("OS1", "2025-26-Q3", "91")])
    second = submit_return(home, "home", "2025-26-Q3", actor=ACTOR, today=ON)
    assert second.version == 3  # v2 is the hand edit, kept
    history = json.loads(cli("log", RETURN_FILE, "--json").output)
    assert len(history["versions"]) == 3


def test_status_alerts_for_a_return_due_and_not_submitted(home: Repository, cli: Cli) -> None:
    q3_figures(home)
    # Q1 and Q2 ended long ago, Q3 on 31 December: within the 30 days' grace on 20 January
    due = {d.period.code: d.state for d in returns_due(home, "home", ON)}
    assert due == {"2025-26-Q1": "overdue", "2025-26-Q2": "overdue", "2025-26-Q3": "due"}
    found = [a for a in alerts(home, "home", ON) if a.startswith("statistics return")]
    assert found == [
        "statistics return 2025-26-Q1 (Apr-Jun 2025) not submitted; it was due by 2025-07-30: "
        "`repo-tool stats submit --unit home --period 2025-26-Q1 --by ...`",
        "statistics return 2025-26-Q2 (Jul-Sep 2025) not submitted; it was due by 2025-10-30: "
        "`repo-tool stats submit --unit home --period 2025-26-Q2 --by ...`"]
    assert any("2025-26-Q3" in a for a in alerts(home, "home", date(2026, 1, 31)))
    status = json.loads(cli("status", "--unit", "home", "--as-of", "2026-01-31",
                            "--json").output)
    assert "statistics return 2025-26-Q3 (Oct-Dec 2025) not submitted" in json.dumps(
        status, ensure_ascii=False)
    submit_return(home, "home", "2025-26-Q3", actor=ACTOR, today=ON)
    assert not any("2025-26-Q3" in a for a in alerts(home, "home", date(2026, 1, 31)))
    assert alerts(home, "ycc", ON) == ()  # no standards file, no returns


def test_the_grace_is_set_in_repo_yaml(home: Repository) -> None:
    config = home.root / "repo.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "sar:\n  returns_grace_days: 10\n",
                      encoding="utf-8")
    reopened = Repository.open(home.root)
    try:
        q3_figures(reopened)
        assert {d.period.code: d.state for d in returns_due(reopened, "home", ON)}[
            "2025-26-Q3"] == "overdue"  # 31 December + 10 days = 10 January
    finally:
        reopened.close()
    with pytest.raises(ConfigError, match=r"repo.yaml:3: sar.returns_grace_days"):
        parse_config("organisation: {name_zh: 甲, name_en: A}\nsar:\n  returns_grace_days: "
                     "-1\n", Path("repo.yaml"))


def test_returns_are_due_from_the_first_period_with_a_figure(repo: Repository) -> None:
    write(repo.root / "records/home/standards.yaml", STANDARDS)
    assert returns_due(repo, "home", ON) == ()  # no figures yet: nothing asked of the past
    enter(repo, [("OS1", "2025-26-Q2", "90")])
    assert [d.period.code for d in returns_due(repo, "home", ON)] == ["2025-26-Q2",
                                                                      "2025-26-Q3"]


def test_pledge_results_do_not_make_returns_due(repo: Repository) -> None:
    """Pledge results share the figures table; an early one asks for no earlier return."""
    write(repo.root / "records/home/standards.yaml", STANDARDS)
    write(repo.root / "records/home/pledges.yaml",
          "reviewed: 2025-03-01\npledges:\n  - code: PL1\n"
          "    target_zh: 95%的查詢於3個工作天內回覆\n"
          "    target_en: 95% of enquiries answered within 3 working days\n    level: 95\n"
          "    measure: \"%\"\n    frequency: quarterly\n    published: [notice board]\n"
          "    monitoring:\n      by_zh: 中心主任\n      by_en: The centre-in-charge\n"
          "      how_zh: 每月覆核查詢紀錄冊\n      how_en: checks the enquiry log every month\n")
    enter(repo, [("PL1", "2025-26-Q1", "96")])
    assert returns_due(repo, "home", ON) == ()
    enter(repo, [("OS1", "2025-26-Q2", "90")])
    assert [d.period.code for d in returns_due(repo, "home", ON)] == ["2025-26-Q2",
                                                                      "2025-26-Q3"]


def test_an_older_catalog_gains_the_submissions_table(home: Repository) -> None:
    home.close()
    dropped = rewind_catalog(home.state / "catalog.sqlite", 9)
    assert dropped[:2] == ["return_submissions", "disposals"]
    reopened = Repository.open(home.root)
    try:
        assert reopened.catalog.returns.submissions("home") == []
        q3_figures(reopened)
        assert submit_return(reopened, "home", "2025-26-Q3", actor=ACTOR, today=ON).revision == 1
    finally:
        reopened.close()
