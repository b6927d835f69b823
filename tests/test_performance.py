"""Performance standards: financial-year periods, the standards file, met / at risk / not met.

Every expected figure is worked by hand in the comment beside it.
"""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from repo_tool.config import SarSettings, parse_config
from repo_tool.domain.performance import (
    FREQUENCIES,
    Figure,
    Standard,
    add_plan,
    alerts,
    assess,
    finish_plan,
    import_figures,
    parse_period,
    parse_standards,
    parse_year,
    periods_of,
    plans,
    record_figure,
    sar_deadline,
    year_end,
    year_of,
    year_report,
    year_start,
)
from repo_tool.errors import ConfigError, Conflict, InvalidInput, NotFound
from repo_tool.repository import Repository
from tests.conftest import ACTOR, write

STANDARDS = """\
standards:
  - code: ESR1
    name_zh: 每天24小時照顧
    name_en: 24-hour care
  - code: ESR2
    name_zh: 註冊社會工作者
    name_en: A registered social worker
    frequency: quarterly
  - code: OS1
    name_zh: 一年內的平均入住率
    name_en: Average occupancy rate in a year
    level: 90
    measure: "%"
  - code: OS2
    name_zh: 一年內完成定期個案覆檢的比率
    name_en: Periodic case reviews completed
    level: 85
    measure: "%"
  - code: OS3
    name_zh: 一年內完成個人計劃的比率
    name_en: Individual plans completed
    level: 90
    measure: "%"
    frequency: half-yearly
  - code: OS4
    name_zh: 小組節數
    name_en: Group sessions held
    level: 120
    measure: sessions
    aggregate: sum
  - code: OS5
    name_zh: 平均輪候日數
    name_en: Average waiting days
    level: 10
    measure: days
    direction: at most
    frequency: half-yearly
  - code: OC1
    name_zh: 家長滿意的比率
    name_en: Parents satisfied
    level: 80
    measure: "%"
    aggregate: latest
    frequency: yearly
"""


def standards() -> dict[str, Standard]:
    parsed = parse_standards(STANDARDS, "records/home/standards.yaml", "home")
    return {s.code: s for s in parsed.standards}


def figures(standard: Standard, year: int, values: list[float]) -> tuple[Figure, ...]:
    periods = periods_of(year, standard.frequency)
    return tuple(Figure(p, v, None, "", 1) for p, v in zip(periods, values, strict=False))


@pytest.fixture
def home(repo: Repository) -> Repository:
    write(repo.root / "records/home/standards.yaml", STANDARDS)
    return repo


# -- periods ----------------------------------------------------------------------------------


def test_a_year_runs_april_to_march_and_short_periods_mean_the_same() -> None:
    q1 = parse_period("2025-Q1")
    assert q1 == parse_period("2025-26-Q1") == parse_period("2025-26 q1")
    assert (q1.code, q1.start, q1.end, q1.months) == (
        "2025-26-Q1", date(2025, 4, 1), date(2025, 6, 30), "Apr-Jun 2025")
    q4 = parse_period("2025-26-Q4")
    assert (q4.start, q4.end, q4.label) == (date(2026, 1, 1), date(2026, 3, 31),
                                            "2025-26-Q4 (Jan-Mar 2026)")
    h2 = parse_period("2025-26-H2")
    assert (h2.start, h2.end, h2.months) == (date(2025, 10, 1), date(2026, 3, 31),
                                             "Oct 2025-Mar 2026")
    whole = parse_period("2025-26")
    assert (whole.frequency, whole.start, whole.end) == ("yearly", date(2025, 4, 1),
                                                         date(2026, 3, 31))
    assert (year_of(date(2026, 3, 31)), year_of(date(2026, 4, 1))) == (2025, 2026)
    assert parse_year("2025") == parse_year("2025-26") == 2025


@given(st.integers(1950, 2199), st.sampled_from(FREQUENCIES))
def test_periods_tile_the_year_and_read_back_from_their_codes(year: int, frequency: str) -> None:
    periods = periods_of(year, frequency)  # type: ignore[arg-type]
    assert periods[0].start == year_start(year) == date(year, 4, 1)
    assert periods[-1].end == year_end(year) == date(year + 1, 3, 31)
    for before, after in pairwise(periods):
        assert (after.start - before.end).days == 1
    for period in periods:
        assert parse_period(period.code) == period
        assert year_of(period.start) == year_of(period.end) == year


@pytest.mark.parametrize(("text", "message"), [
    ("2025-27-Q1", "is not a financial year: 2025 is followed by 26"),
    ("2025-H3", "a year has two halves"),
    ("2025-Q5", "is not a period"),
    ("Q1 2025", "is not a period"),
])
def test_a_bad_period_is_one_clear_line(text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_period(text)


def test_the_sar_deadline_follows_the_year_and_the_setting() -> None:
    assert sar_deadline(SarSettings(), 2025) == date(2026, 5, 15)
    # a deadline written as 03-31 cannot be before the year ends on 31 March: the next one
    assert sar_deadline(SarSettings(3, 31, 30), 2025) == date(2027, 3, 31)
    config = parse_config("organisation: {name_zh: 甲, name_en: A}\nsar:\n  deadline: '06-30'\n"
                          "  warn_days: 10\n", Path("repo.yaml"))
    assert config.sar == SarSettings(6, 30, 10)
    with pytest.raises(ConfigError, match=r"^repo.yaml:3: sar.deadline: '02-30' is not a day"):
        parse_config("organisation: {name_zh: 甲, name_en: A}\nsar:\n  deadline: '02-30'\n",
                     Path("repo.yaml"))
    with pytest.raises(ConfigError, match=r"^repo.yaml:2: sar.due: unknown key"):
        parse_config("organisation: {name_zh: 甲, name_en: A}\nsar: {due: '05-15'}\n",
                     Path("repo.yaml"))


# -- the standards file -------------------------------------------------------------------------


def test_the_standards_file_reads_levels_defaults_and_sqs_links() -> None:
    found = standards()
    assert list(found) == ["ESR1", "ESR2", "OS1", "OS2", "OS3", "OS4", "OS5", "OC1"]
    os1 = found["OS1"]
    assert (os1.kind, os1.level, os1.aggregate, os1.direction, os1.frequency) == (
        "output", 90.0, "average", "at least", "quarterly")
    assert (os1.level_text, found["OS5"].level_text, found["OC1"].kind) == (
        "≥ 90%", "≤ 10 days", "outcome")
    assert (found["ESR1"].level, found["ESR1"].frequency) == (None, "yearly")


@pytest.mark.parametrize(("change", "message"), [
    (("    level: 90\n    measure: \"%\"\n  - code: OS2", "    measure: \"%\"\n  - code: OS2"),
     r"^records/home/standards.yaml:9: standards\[2\].level: missing required key"),
    (("  - code: ESR1\n", "  - code: ESR1\n    level: 1\n"),
     r"^records/home/standards.yaml:3: standards\[0\].level: an ESR is met or not met"),
    (("code: OS2", "code: OS1"),
     r"^records/home/standards.yaml:14: standards\[3\].code: 'OS1' is already the code of the "
     r"standard on line 9"),
    (("code: OC1", "code: XY1"), r":38: standards\[7\].code: 'XY1' is not a standard code"),
    (("aggregate: sum", "aggregate: median"),
     r":30: standards\[5\].aggregate: 'median' is not one of average, sum, latest"),
    (("frequency: yearly", "frequency: monthly"), r":44: standards\[7\].frequency: 'monthly'"),
    (("    level: 85\n", "    level: 85\n    target: 85\n"),
     r":18: standards\[3\].target: unknown key"),
    (("  - code: OS1\n", "  - code: OS1\n    kind: outcome\n"),
     r":10: standards\[2\].kind: 'outcome' does not match the code OS1"),
    (("level: 120", "level: lots"), r":28: standards\[5\].level: expected a number such as 90"),
])
def test_each_mistake_in_the_standards_file_is_one_line(change: tuple[str, str],
                                                        message: str) -> None:
    text = STANDARDS.replace(*change)
    assert text != STANDARDS
    with pytest.raises(ConfigError, match=message) as caught:
        parse_standards(text, "records/home/standards.yaml", "home")
    assert "\n" not in caught.value.message


# -- met / at risk / not met, worked by hand ------------------------------------------------


def test_met_on_the_years_average_although_two_quarters_fell_below() -> None:
    os1 = standards()["OS1"]
    # (92 + 88 + 89 + 93) / 4 = 362 / 4 = 90.5 >= 90; Q2 88 and Q3 89 are below 90
    found = assess(os1, 2025, figures(os1, 2025, [92, 88, 89, 93]), date(2026, 5, 1))
    assert (found.verdict, found.actual, found.complete) == ("met", 90.5, True)
    assert [p.short for p in found.below] == ["Q2", "Q3"]
    assert found.met_on_year_only and not found.needs_plan
    assert found.explain() == ("met on the year's average only (90.5% against ≥ 90%; Q2, Q3 "
                               "below)")


def test_not_met_when_the_years_average_is_below_the_level() -> None:
    os2 = standards()["OS2"]
    # (80 + 82 + 84 + 83) / 4 = 329 / 4 = 82.25 < 85
    found = assess(os2, 2025, figures(os2, 2025, [80, 82, 84, 83]), date(2026, 5, 1))
    assert (found.verdict, found.actual) == ("not met", 82.25)
    assert found.needs_plan and not found.missing


def test_at_risk_when_the_latest_quarter_is_below_though_the_average_is_not() -> None:
    os1 = standards()["OS1"]
    # 20 Nov 2025: Q1 and Q2 have ended. (95 + 86) / 2 = 90.5 >= 90, but Q2 86 < 90
    found = assess(os1, 2025, figures(os1, 2025, [95, 86]), date(2025, 11, 20))
    assert (found.verdict, found.actual, found.complete) == ("at risk", 90.5, False)
    # (92 + 91) / 2 = 91.5 and Q2 91 >= 90: on track
    steady = assess(os1, 2025, figures(os1, 2025, [92, 91]), date(2025, 11, 20))
    assert (steady.verdict, steady.actual) == ("on track", 91.5)


def test_a_sum_is_at_risk_when_its_projection_misses_and_a_quarter_is_missing() -> None:
    os4 = standards()["OS4"]
    # 20 Jan 2026: Q1-Q3 have ended, Q3 not entered. Total 25 + 30 = 55; projected over four
    # quarters 55 * 4 / 2 = 110 < 120; per-quarter target 120 / 4 = 30: Q1 25 below, Q2 30 not
    found = assess(os4, 2025, figures(os4, 2025, [25, 30]), date(2026, 1, 20))
    assert (found.verdict, found.actual, found.projected) == ("at risk", 55, 110)
    assert [p.code for p in found.missing] == ["2025-26-Q3"]
    assert [p.short for p in found.below] == ["Q1"]
    assert found.target == 30


def test_at_most_a_level_and_a_year_over_with_a_period_missing() -> None:
    os5 = standards()["OS5"]
    # at most 10 days: (8 + 12) / 2 = 10 <= 10 met; (8 + 13) / 2 = 10.5 > 10 not met
    assert assess(os5, 2025, figures(os5, 2025, [8, 12]), date(2026, 4, 1)).verdict == "met"
    assert assess(os5, 2025, figures(os5, 2025, [8, 13]), date(2026, 4, 1)).verdict == "not met"
    os1 = standards()["OS1"]
    # the year is over with Q4 never entered: (92 + 88 + 89) / 3 = 89.67 < 90, not met
    late = assess(os1, 2025, figures(os1, 2025, [92, 88, 89]), date(2026, 5, 1))
    assert late.verdict == "not met" and round(late.actual or 0, 2) == 89.67
    assert [p.code for p in late.missing] == ["2025-26-Q4"]


def test_an_esr_not_met_in_one_quarter_is_not_met_for_the_year_at_once() -> None:
    esr2 = standards()["ESR2"]
    found = assess(esr2, 2025, figures(esr2, 2025, [1, 0]), date(2025, 10, 5))
    assert (found.verdict, [p.short for p in found.below]) == ("not met", ["Q2"])
    fine = assess(esr2, 2025, figures(esr2, 2025, [1, 1]), date(2025, 10, 5))
    assert fine.verdict == "on track"
    oc1 = standards()["OC1"]
    assert assess(oc1, 2025, figures(oc1, 2025, [78]), date(2026, 4, 2)).verdict == "not met"


# -- recording, importing, plans, alerts (real catalog) -------------------------------------


def test_entering_a_period_again_keeps_the_old_figure_as_history(home: Repository) -> None:
    first = record_figure(home, unit="home", standard="os1", period="2025-Q1", value="91%",
                          actor=ACTOR, today=date(2025, 7, 10))
    again = record_figure(home, unit="home", standard="OS1", period="2025-26-Q1", value="92",
                          note="corrected after audit", actor=ACTOR, today=date(2025, 7, 11))
    assert (first.value, first.replaces, again.value, again.replaces) == (91, None, 92, 91)
    rows = home.catalog.performance.figures("home", "OS1")
    assert [(r.period, r.value) for r in rows] == [("2025-26-Q1", 91), ("2025-26-Q1", 92)]
    report = year_report(home, "home", 2025, date(2025, 7, 11))
    os1 = next(a for a in report.assessments if a.standard.code == "OS1")
    assert [(f.value, f.entries) for f in os1.figures] == [(92, 2)]
    actions = [e.action for e in list(home.catalog.audit_entries())]
    assert actions.count("stats record") == 2


@pytest.mark.parametrize(("args", "error", "message"), [
    (("OS1", "2025-26-H1", "90"), InvalidInput, "OS1 is reported quarterly"),
    (("OS1", "2025-26-Q3", "90"), InvalidInput, "has not begun"),
    (("OS1", "2025-26-Q1", "ninety"), InvalidInput, "'ninety' is not a number"),
    (("OS1", "2025-26-Q1", "-3"), InvalidInput, "a number from 0 to"),
    (("ESR1", "2025-26", "maybe"), InvalidInput, "give met or not-met"),
    (("OS9", "2025-26-Q1", "90"), NotFound, "has no standard 'OS9'"),
])
def test_a_bad_figure_is_refused_before_anything_is_written(
        home: Repository, args: tuple[str, str, str], error: type[Exception],
        message: str) -> None:
    code, period, value = args
    with pytest.raises(error, match=message):
        record_figure(home, unit="home", standard=code, period=period, value=value,
                      actor=ACTOR, today=date(2025, 8, 1))
    assert home.catalog.performance.figures("home") == []


def test_an_import_with_bad_lines_names_each_and_writes_nothing(home: Repository,
                                                                tmp_path: Path) -> None:
    csv = write(tmp_path / "figures.csv", "unit,standard,period,value,note\n"
                "home,OS1,2025-26-Q1,92,\n"
                "home,OS1,2025-26-Q2,eighty,\n"
                "home,OS7,2025-26-Q1,80,\n"
                "home,OS1,2025-26-Q1,93,twice\n"
                "home,OC1,2025-26,78,survey of 24 parents\n")
    with pytest.raises(InvalidInput) as caught:
        import_figures(home, csv, actor=ACTOR, today=date(2026, 4, 20))
    assert caught.value.message.splitlines()[1:] == [
        "figures.csv:3: value: 'eighty' is not a number",
        "figures.csv:4: standard: unit 'home' has no standard 'OS7' in "
        "records/home/standards.yaml (it has ESR1, ESR2, OS1, OS2, OS3, OS4, OS5, OC1)",
        "figures.csv:5: period: OS1 2025-26-Q1 is already on line 2 of this file"]
    assert home.catalog.performance.figures("home") == []
    good = write(tmp_path / "good.csv", "standard,period,value,note\nOS1,2025-Q1,92,\n"
                 "OC1,2025-26,78,survey of 24 parents\n")
    entries = import_figures(home, good, unit="home", actor=ACTOR, today=date(2026, 4, 20))
    assert [(e.standard.code, e.period.code, e.value) for e in entries] == [
        ("OS1", "2025-26-Q1", 92), ("OC1", "2025-26", 78)]
    assert list(home.catalog.audit_entries())[-1].action == "stats import"


def test_a_plan_item_is_overdue_after_its_deadline_until_done(home: Repository) -> None:
    item = add_plan(home, unit="home", standard="os2", action="每月檢視個案覆檢進度",
                    method="督導會議逐個檢視", due=date(2025, 10, 31), owner="陳主任",
                    benefit="覆檢率回升至85%", actor=ACTOR)
    later = add_plan(home, unit="home", standard="SQS 14", action="更新私隱政策",
                     method="職員會議", due=date(2026, 1, 31), owner="李社工",
                     benefit="符合SQS 14", actor=ACTOR)
    assert (item.standard, later.standard) == ("OS2", "SQS14")
    assert [p.id for p in plans(home, "home", overdue_on=date(2025, 11, 20))] == [item.id]
    assert plans(home, "home", overdue_on=date(2025, 10, 31)) == []  # due that day: not yet
    done = finish_plan(home, item.id, actor=ACTOR, on=date(2025, 11, 25),
                       today=date(2025, 11, 25))
    assert done.done_on == date(2025, 11, 25)
    assert plans(home, "home", overdue_on=date(2025, 12, 1)) == []
    with pytest.raises(Conflict, match="already marked done on 2025-11-25"):
        finish_plan(home, item.id, actor=ACTOR, today=date(2025, 12, 1))
    with pytest.raises(NotFound, match="no standard 'OS8'"):
        add_plan(home, unit="home", standard="OS8", action="a", method="m",
                 due=date(2026, 1, 1), owner="o", benefit="b", actor=ACTOR)
    assert [e.action for e in list(home.catalog.audit_entries())][-3:] == ["plan add", "plan add",
                                                             "plan done"]


def test_status_alerts_the_deadline_a_standard_at_risk_a_missing_period_and_a_late_plan(
        home: Repository) -> None:
    today = date(2026, 4, 20)
    for code, period, value in [("OS1", "2025-26-Q1", "92"), ("OS1", "2025-26-Q2", "88"),
                                ("OS1", "2025-26-Q3", "89"), ("OS1", "2025-26-Q4", "93")]:
        record_figure(home, unit="home", standard=code, period=period, value=value,
                      actor=ACTOR, today=today)
    item = add_plan(home, unit="home", standard="OS2", action="覆檢", method="m",
                    due=date(2026, 3, 31), owner="o", benefit="b", actor=ACTOR)
    found = alerts(home, "home", today)
    assert found[0] == ("SAR 2025-26 due 2026-05-15 (in 25 days): `repo-tool generate sar "
                        "--unit home --year 2025`")
    missing = [a for a in found if "no figure for" in a]
    # every period of 2025-26 except OS1's four: ESR1 1, ESR2 4, OS2 4, OS3 2, OS4 4, OS5 2,
    # OC1 1 = 18; nothing of 2026-27 has ended on 20 April 2026
    assert len(missing) == 18
    assert any(a.startswith("OS2: no figure for 2025-26-Q4 (Jan-Mar 2026)") for a in missing)
    assert found[-1] == f"improvement plan #{item.id} (OS2) overdue since 2026-03-31: 覆檢"
    assert not any("SAR" in a for a in alerts(home, "home", date(2026, 4, 14)))  # 31 days
    assert not any("SAR" in a for a in alerts(home, "home", date(2026, 5, 16)))
    # in the new year, a first quarter below the level is trending below it
    record_figure(home, unit="home", standard="OS1", period="2026-27-Q1", value="85",
                  actor=ACTOR, today=date(2026, 7, 10))
    risk = [a for a in alerts(home, "home", date(2026, 7, 10)) if a.startswith("OS1 ")]
    assert risk == ["OS1 in 2026-27: at risk: year's average so far 85% against ≥ 90%; "
                    "Q1 was 85%"]
    assert alerts(home, "ycc", today) == ()  # no standards file, no alerts


def test_a_broken_standards_file_is_an_alert_not_a_crash(home: Repository) -> None:
    write(home.root / "records/home/standards.yaml", "standards:\n  - code: OS1\n")
    assert alerts(home, "home", date(2026, 4, 20)) == (
        "performance standards cannot be read: records/home/standards.yaml:2: "
        "standards[0].name_zh: missing required key",)
