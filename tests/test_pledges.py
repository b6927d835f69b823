"""Performance pledges: the file, results entered as figures and judged, flags in `status`,
and the head office's pledges credited to a unit without its own."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from repo_tool.config import parse_config
from repo_tool.domain.performance import import_figures, parse_period, record_figure
from repo_tool.domain.pledges import (
    parse_pledges,
    pledge_flags,
    pledge_report,
    publish_by,
)
from repo_tool.domain.status import status
from repo_tool.errors import ConfigError, InvalidInput, NotFound
from repo_tool.repository import Repository
from tests.conftest import ACTOR, Cli

TODAY = date(2026, 11, 20)
PLEDGES = """\
reviewed: 2026-03-20
pledges:
  - code: PL1
    target_zh: 95%的查詢於3個工作天內回覆
    target_en: 95% of enquiries answered within 3 working days
    level: 95
    measure: "%"
    frequency: quarterly
    published: [notice board, website]
    monitoring:
      by_zh: 中心主任
      by_en: The centre-in-charge
      how_zh: 每月覆核查詢紀錄
      how_en: checks the enquiry log every month
  - code: PL2
    target_zh: 85%的參加者對活動表示滿意
    target_en: 85% of participants satisfied with the programmes
    level: 85
    measure: "%"
    frequency: half-yearly
    published: [website]
    monitoring:
      by_zh: 社工
      by_en: The social workers
      how_zh: 於活動後派發問卷
      how_en: hand out a questionnaire after each programme
      survey: true
"""


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def ycc(repo: Repository) -> Repository:
    write(repo.root / "records/ycc/pledges.yaml", PLEDGES)
    return repo


def test_the_pledges_file_reads_targets_monitoring_and_publication() -> None:
    found = parse_pledges(PLEDGES, "records/ycc/pledges.yaml", "ycc")
    assert found.reviewed == date(2026, 3, 20) and not found.from_head_office
    first, second = found.pledges
    assert (first.code, first.level, first.measure, first.direction, first.frequency) == (
        "PL1", 95.0, "%", "at least", "quarterly")
    assert first.published_zh == "每季於通告板、網頁公布"
    assert first.published_en == "published quarterly: notice board, website"
    assert second.monitoring.text_zh == "社工於活動後派發問卷（顧客意見調查）"
    assert second.monitoring.text_en.endswith("after each programme (customer survey)")
    standard = first.standard
    assert (standard.kind, standard.level_text, standard.frequency) == ("pledge", "≥ 95%",
                                                                         "quarterly")


@pytest.mark.parametrize(("change", "message"), [
    (("reviewed: 2026-03-20", "reviewed: last spring"),
     ":1: reviewed: expected a date such as 2026-03-20"),
    (("code: PL1", "code: P1"), ":3: pledges[0].code: 'P1' is not a pledge code; use PL1"),
    (("code: PL2", "code: PL1"), ":15: pledges[1].code: 'PL1' is already the code of the "
                                 "pledge on line 3"),
    (("level: 95", "level: 95%"), ":6: pledges[0].level: expected a number such as 95"),
    (("level: 85", "level: 185"), ":18: pledges[1].level: a percentage is from 0 to 100"),
    (("frequency: quarterly", "frequency: monthly"),
     ":8: pledges[0].frequency: 'monthly' is not one of quarterly, half-yearly, yearly"),
    (("[notice board, website]", "[notice board, fridge door]"),
     ":9: pledges[0].published[1]: 'fridge door' is not one of notice board, website"),
    (("      by_en: The centre-in-charge\n", ""),
     ":11: pledges[0].monitoring.by_en: missing required key"),
    (("survey: true", "survey: sometimes"),
     ":27: pledges[1].monitoring.survey: expected true or false"),
    (("    target_zh: 95%", "    targets_zh: 95%"),
     ":4: pledges[0].targets_zh: unknown key; expected one of code, target_zh"),
])
def test_each_mistake_in_the_pledges_file_is_one_line(change: tuple[str, str],
                                                      message: str) -> None:
    text = PLEDGES.replace(*change, 1)
    with pytest.raises(ConfigError) as caught:
        parse_pledges(text, "records/ycc/pledges.yaml", "ycc")
    assert caught.value.message.startswith("records/ycc/pledges.yaml" + message)
    assert "\n" not in caught.value.message


def test_the_notice_channels_in_repo_yaml_are_checked(tmp_path: Path) -> None:
    text = ("organisation: {name_zh: 甲, name_en: A}\nunits:\n  - code: ycc\n    name_zh: 乙\n"
            "    name_en: B\n    email: ycc@example.org.hk\n    complaints: 致函總幹事\n")
    unit = parse_config(text, tmp_path / "repo.yaml").unit("ycc")
    assert (unit.email, unit.complaints) == ("ycc@example.org.hk", "致函總幹事")
    with pytest.raises(ConfigError, match=r"^repo.yaml:6: units\[0\].email: 'ycc at "
                                          "example' is not an email address"):
        parse_config(text.replace("ycc@example.org.hk", "ycc at example"),
                     tmp_path / "repo.yaml")


def test_results_are_entered_as_figures_and_judged_met_or_not(ycc: Repository) -> None:
    for period, value in [("2026-27-Q1", "96"), ("2026-27-Q2", "93.5%")]:
        record_figure(ycc, unit="ycc", standard="pl1", period=period, value=value,
                      actor=ACTOR, today=TODAY)
    [first, second] = pledge_report(ycc, "ycc", TODAY).results
    assert first.latest is not None and first.latest.period.code == "2026-27-Q2"
    assert (first.amount, first.verdict, first.verdict_text) == ("93.5%", "not met",
                                                                 "未達標 not met")
    assert (second.latest, second.verdict) == (None, "no result")
    # entered again: the new figure counts, the old one stays as history
    record_figure(ycc, unit="ycc", standard="PL1", period="2026-27-Q2", value="97",
                  note="corrected count", actor=ACTOR, today=TODAY)
    first = pledge_report(ycc, "ycc", TODAY).results[0]
    assert first.latest is not None and (first.amount, first.verdict) == ("97%", "met")
    assert first.latest.entries == 2
    # the statistics' own checks: the pledge's frequency, a period begun, a known code
    with pytest.raises(InvalidInput, match="PL2 is reported half-yearly; give a period such "
                                           "as 2025-26-H1, not '2026-27-Q1'"):
        record_figure(ycc, unit="ycc", standard="PL2", period="2026-27-Q1", value="90",
                      actor=ACTOR, today=TODAY)
    with pytest.raises(InvalidInput, match="has not begun"):
        record_figure(ycc, unit="ycc", standard="PL1", period="2026-27-Q4", value="90",
                      actor=ACTOR, today=TODAY)
    with pytest.raises(NotFound, match=r"unit 'ycc' has no standard 'PL9' in "
                                       r"records/ycc/pledges.yaml \(it has PL1, PL2\)"):
        record_figure(ycc, unit="ycc", standard="PL9", period="2026-27-Q1", value="90",
                      actor=ACTOR, today=TODAY)


def test_an_import_takes_pledge_results_all_or_nothing(ycc: Repository,
                                                       tmp_path: Path) -> None:
    csv = tmp_path / "results.csv"
    csv.write_text("standard,period,value,note\nPL1,2026-27-Q1,96,\nPL2,2026-27-H1,abc,\n"
                   "PL7,2026-27-Q1,90,\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        import_figures(ycc, csv, unit="ycc", actor=ACTOR, today=TODAY)
    assert caught.value.message.splitlines()[1:] == [
        "results.csv:3: value: 'abc' is not a number",
        "results.csv:4: standard: unit 'ycc' has no standard 'PL7' in records/ycc/pledges.yaml "
        "(it has PL1, PL2)"]
    assert ycc.catalog.performance.figures("ycc") == []
    csv.write_text("standard,period,value,note\nPL1,2026-27-Q1,96,\nPL2,2026-27-H1,88,survey "
                   "of 120\n", encoding="utf-8")
    assert len(import_figures(ycc, csv, unit="ycc", actor=ACTOR, today=TODAY)) == 2
    assert [r.verdict for r in pledge_report(ycc, "ycc", TODAY).results] == ["met", "met"]


def test_results_are_due_by_the_end_of_the_month_after_the_period() -> None:
    assert publish_by(parse_period("2026-27-Q1")) == date(2026, 7, 31)
    assert publish_by(parse_period("2026-27-Q3")) == date(2027, 1, 31)
    assert publish_by(parse_period("2025-26-H2")) == date(2026, 4, 30)


def test_status_flags_an_unreviewed_file_results_not_published_and_a_pledge_not_met(
        ycc: Repository) -> None:
    write(ycc.root / "records/ycc/pledges.yaml",
          PLEDGES.replace("reviewed: 2026-03-20", "reviewed: 2025-10-01"))
    for period, value in [("2025-26-Q1", "96"), ("2025-26-Q2", "97"), ("2025-26-Q3", "95"),
                          ("2025-26-Q4", "96"), ("2026-27-Q2", "91")]:
        record_figure(ycc, unit="ycc", standard="PL1", period=period, value=value,
                      actor=ACTOR, today=TODAY)
    record_figure(ycc, unit="ycc", standard="PL2", period="2025-26-H1", value="90",
                  actor=ACTOR, today=TODAY)
    flags = pledge_flags(ycc, "ycc", TODAY)
    assert flags == (
        "pledges (records/ycc/pledges.yaml) last reviewed 2025-10-01, over a year ago: review "
        "them and update `reviewed:`",
        "pledge PL1: results not published on schedule, none for 2026-27-Q1 (the last due by "
        "2026-07-31); enter each with `repo-tool stats record --unit ycc --standard PL1 "
        "--period 2026-27-Q1 --value ...`",
        "pledge PL1 not met in 2026-27-Q2 (Jul-Sep 2026): 91% against ≥ 95%",
        "pledge PL2: results not published on schedule, none for 2025-26-H2, 2026-27-H1 (the "
        "last due by 2026-10-31); enter each with `repo-tool stats record --unit ycc "
        "--standard PL2 --period 2026-27-H1 --value ...`")
    [unit] = status(ycc, "ycc", TODAY)
    assert set(flags) <= set(unit.alerts)
    # a month's grace: on 31 October the half-year to September is not late yet
    assert not any("2026-27-H1" in f for f in pledge_flags(ycc, "ycc", date(2026, 10, 31)))
    # reviewed within the year: no review flag
    assert not any("reviewed" in f for f in pledge_flags(ycc, "ycc", date(2026, 9, 30)))
    assert pledge_flags(ycc, "home", TODAY) == ()  # no pledges anywhere for home


def test_results_are_asked_for_only_since_the_pledges_were_in_force(ycc: Repository) -> None:
    """Pledges first reviewed (made) in March 2026: the periods before are not late."""
    flags = pledge_flags(ycc, "ycc", TODAY)  # reviewed: 2026-03-20, no results at all
    late = [f for f in flags if "not published" in f and f.startswith("pledge PL1:")]
    assert late == ["pledge PL1: results not published on schedule, none for 2025-26-Q4, "
                    "2026-27-Q1, 2026-27-Q2 (the last due by 2026-10-31); enter each with "
                    "`repo-tool stats record --unit ycc --standard PL1 --period 2026-27-Q2 "
                    "--value ...`"]
    record_figure(ycc, unit="ycc", standard="PL1", period="2025-26-Q2", value="96",
                  actor=ACTOR, today=TODAY)  # a result before the review: in force since
    late = [f for f in pledge_flags(ycc, "ycc", TODAY) if f.startswith("pledge PL1:")]
    assert "none for 2025-26-Q3, 2025-26-Q4, 2026-27-Q1, 2026-27-Q2" in late[0]


def test_a_broken_pledges_file_is_a_flag_not_a_crash(ycc: Repository) -> None:
    write(ycc.root / "records/ycc/pledges.yaml", PLEDGES.replace("level: 95", "level: lots"))
    assert pledge_flags(ycc, "ycc", TODAY) == (
        "pledges cannot be read: records/ycc/pledges.yaml:6: pledges[0].level: expected a "
        "number such as 95 (put the % in `measure`)",)


def test_the_head_office_pledges_are_credited_to_a_unit_without_its_own(
        ycc: Repository, cli: Cli) -> None:
    write(ycc.root / "records/agency/pledges.yaml",
          PLEDGES.replace("reviewed: 2026-03-20", "reviewed: 2025-06-01"))
    home = pledge_report(ycc, "home", TODAY)
    assert home.pledges.from_head_office and home.pledges.path == "records/agency/pledges.yaml"
    assert not pledge_report(ycc, "ycc", TODAY).pledges.from_head_office  # its own file wins
    # the home's results are its own, checked against the head office's pledges
    record_figure(ycc, unit="home", standard="PL1", period="2026-27-Q2", value="80",
                  actor=ACTOR, today=TODAY)
    flags = pledge_flags(ycc, "home", TODAY)
    assert flags[0].startswith("head-office pledges (records/agency/pledges.yaml) last "
                               "reviewed 2025-06-01")
    assert "pledge PL1 not met in 2026-27-Q2 (Jul-Sep 2026): 80% against ≥ 95% (head-office "\
           "pledges)" in flags
    # the head office itself is flagged for its review only: units enter the results
    assert pledge_flags(ycc, "agency", TODAY) == (
        "pledges (records/agency/pledges.yaml) last reviewed 2025-06-01, over a year ago: "
        "review them and update `reviewed:`",)
    listed = cli("pledge", "list", "--unit", "home", "--as-of", TODAY.isoformat())
    assert listed.exit_code == 0
    assert listed.stdout.splitlines()[0] == (
        "明德兒童之家 Ming Tak Children's Home (home): 2 pledges from "
        "records/agency/pledges.yaml (總辦事處服務承諾 head-office pledges), last reviewed "
        "2025-06-01")
    assert "latest 2026-27-Q2 (Jul-Sep 2026): 80% against ≥ 95%, not met" in listed.stdout
    shown = json.loads(cli("pledge", "list", "--unit", "home", "--as-of", "2026-11-20",
                           "--json").stdout)
    assert (shown["head_office"], shown["file"], shown["reviewed"]) == (
        True, "records/agency/pledges.yaml", "2025-06-01")
    assert shown["pledges"][0]["latest"] == {"period": "2026-27-Q2", "value": 80.0,
                                             "note": None}
    assert [p["verdict"] for p in shown["pledges"]] == ["not met", "no result"]
    assert shown["flags"] == list(flags)


def test_a_unit_with_no_pledges_anywhere_is_told_where_to_write_them(repo: Repository,
                                                                     cli: Cli) -> None:
    done = cli("pledge", "list", "--unit", "home")
    assert done.exit_code != 0
    assert done.stderr.startswith("error: unit 'home' has no records/home/pledges.yaml and the "
                                  "head office has no records/agency/pledges.yaml")
