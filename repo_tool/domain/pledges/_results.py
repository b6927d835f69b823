"""Pledge results, judged like OS figures, and the flags `status` shows for pledges.

A result is a figure in the catalog under the pledge's code (`stats record --standard PL1`),
one per period at the pledge's frequency. The latest period with a result is the one a notice
publishes; it is judged with the statistics' own `assess()`: the period is **met** when it
reaches the pledge's level, else **not met**.

Flags, one line each, as of a day:
- the pledges were last reviewed (`reviewed:`) more than a year ago;
- a period of this or last financial year ended more than a month ago (the end of the month
  after it) with no result entered, counting from when the pledges were in force (their review
  date, or the first result if earlier): the results were not published on schedule (one line
  per pledge, naming the periods);
- the latest result did not meet the pledge.
The head office's own pledges (unit `agency`) are only flagged for their review: results are
entered by the units they apply to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from repo_tool.domain.head_office import HEAD_OFFICE
from repo_tool.domain.performance import (
    Figure,
    Period,
    assess,
    parse_period,
    periods_of,
    year_of,
)
from repo_tool.domain.pledges._file import (
    FREQUENCY_NAMES,
    Pledge,
    Pledges,
    find_pledges,
    load_pledges,
)
from repo_tool.errors import RepoError
from repo_tool.repository import Repository
from repo_tool.store.performance import FigureRow

VERDICT_ZH = {"met": "達標", "not met": "未達標", "no result": "未有成果"}


def publish_by(period: Period) -> date:
    """The last day to publish a period's result: the end of the month after it ends."""
    first = period.end + timedelta(days=1)
    after = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return after - timedelta(days=1)


def period_zh(period: Period) -> str:
    """`2026-27年度第2季（2026年7月至9月）`."""
    start, end = period.start, period.end
    months = f"{start.year}年{start.month}月至{end.month}月" if start.year == end.year \
        else f"{start.year}年{start.month}月至{end.year}年{end.month}月"
    label = {"quarterly": f"第{period.index + 1}季", "half-yearly":
             ("上半年度", "下半年度")[period.index % 2], "yearly": ""}[period.frequency]
    return f"{period.year}-{(period.year + 1) % 100:02d}年度{label}（{months}）"


@dataclass(frozen=True)
class PledgeResult:
    """One pledge with its latest result and the periods whose results are overdue."""

    pledge: Pledge
    latest: Figure | None
    missing: tuple[Period, ...]  # ended over a month ago, no result

    @property
    def verdict(self) -> str:
        """`met`, `not met` or `no result` (for the latest period with a result)."""
        if self.latest is None:
            return "no result"
        standard = self.pledge.standard
        found = assess(standard, self.latest.period.year, (self.latest,), self.latest.period.end)
        return "not met" if self.latest.period in found.below else "met"

    @property
    def verdict_text(self) -> str:
        """`達標 met`, `未達標 not met` or `未有成果 no result`."""
        return f"{VERDICT_ZH[self.verdict]} {self.verdict}"

    @property
    def amount(self) -> str:
        return self.pledge.standard.amount(self.latest.value) if self.latest else ""


@dataclass(frozen=True)
class PledgeReport:
    """The pledges that apply to a unit, each with its latest result, as of a day."""

    unit: str
    name_zh: str
    name_en: str
    as_of: date
    pledges: Pledges
    results: tuple[PledgeResult, ...]


def _latest(pledge: Pledge, rows: list[FigureRow], today: date) -> Figure | None:
    current: dict[Period, tuple[FigureRow, int]] = {}
    for row in rows:  # oldest first: the newest entry of a period wins
        if row.standard != pledge.code:
            continue
        try:
            period = parse_period(row.period)
        except RepoError:
            continue
        if period.frequency == pledge.frequency and period.start <= today:
            entries = current[period][1] + 1 if period in current else 1
            current[period] = (row, entries)
    if not current:
        return None
    period = max(current)
    row, entries = current[period]
    return Figure(period, row.value, row.note, row.recorded_at, entries)


def _missing(pledge: Pledge, rows: list[FigureRow], today: date, reviewed: date
             ) -> tuple[Period, ...]:
    """Periods whose result is overdue: ended over a month ago with no result, counting from
    when the pledges were in force (the earlier of their review date and the first result), so
    a unit new to the tool is not asked for the years before it made its pledges."""
    entered = {row.period for row in rows if row.standard == pledge.code}
    starts = [parse_period(code).start for code in entered if _is_period(code)]
    since = min([reviewed, *starts])
    year = year_of(today)
    return tuple(p for y in (year - 1, year)
                 for p in periods_of(y, pledge.frequency)  # type: ignore[arg-type]
                 if publish_by(p) < today and p.end >= since and p.code not in entered)


def _is_period(code: str) -> bool:
    try:
        parse_period(code)
    except RepoError:
        return False
    return True


def pledge_report(repo: Repository, unit: str, today: date | None = None) -> PledgeReport:
    """The unit's pledges (its own or the head office's) with their latest results."""
    registered = repo.config.unit(unit)
    on = today or date.today()
    pledges = load_pledges(repo.root, unit)
    rows = repo.catalog.performance.figures(unit)
    results = tuple(PledgeResult(p, _latest(p, rows, on),
                                 _missing(p, rows, on, pledges.reviewed)
                                 if unit != HEAD_OFFICE else ())
                    for p in pledges.pledges)
    return PledgeReport(unit, registered.name_zh, registered.name_en, on, pledges, results)


def _one_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def pledge_flags(repo: Repository, unit: str, today: date) -> tuple[str, ...]:
    """One line per pledge matter needing attention (see the module notes); none without
    pledges."""
    try:
        if find_pledges(repo.root, unit) is None:
            return ()
        report = pledge_report(repo, unit, today)
    except RepoError as exc:
        return (f"pledges cannot be read: {exc.message}",)
    pledges = report.pledges
    whose = "head-office pledges" if pledges.from_head_office else "pledges"
    out: list[str] = []
    if _one_year_after(pledges.reviewed) < today:
        out.append(f"{whose} ({pledges.path}) last reviewed {pledges.reviewed.isoformat()}, "
                   "over a year ago: review them and update `reviewed:`")
    for result in report.results:
        code = result.pledge.code
        if result.missing:
            last = result.missing[-1]
            periods = ", ".join(p.code for p in result.missing)
            out.append(f"pledge {code}: results not published on schedule, none for {periods} "
                       f"(the last due by {publish_by(last).isoformat()}); enter each with "
                       f"`repo-tool stats record --unit {unit} --standard {code} --period "
                       f"{last.code} --value ...`")
        if result.verdict == "not met" and result.latest is not None:
            out.append(f"pledge {code} not met in {result.latest.period.label}: "
                       f"{result.amount} against {result.pledge.standard.level_text}"
                       + (f" ({whose})" if pledges.from_head_office else ""))
    return tuple(out)


def report_json(report: PledgeReport, flags: tuple[str, ...]) -> dict[str, Any]:
    """`pledge list --json`."""
    pledges = report.pledges
    return {
        "unit": report.unit, "name_zh": report.name_zh, "name_en": report.name_en,
        "as_of": report.as_of.isoformat(), "file": pledges.path,
        "head_office": pledges.from_head_office, "reviewed": pledges.reviewed.isoformat(),
        "pledges": [{
            "code": r.pledge.code, "target_zh": r.pledge.target_zh,
            "target_en": r.pledge.target_en, "level": r.pledge.level,
            "measure": r.pledge.measure, "direction": r.pledge.direction,
            "frequency": r.pledge.frequency, "published": list(r.pledge.published),
            "monitoring": {"by_zh": r.pledge.monitoring.by_zh,
                           "by_en": r.pledge.monitoring.by_en,
                           "how_zh": r.pledge.monitoring.how_zh,
                           "how_en": r.pledge.monitoring.how_en,
                           "survey": r.pledge.monitoring.survey},
            "latest": None if r.latest is None else {
                "period": r.latest.period.code, "value": r.latest.value,
                "note": r.latest.note},
            "verdict": r.verdict, "missing": [p.code for p in r.missing]}
            for r in report.results],
        "flags": list(flags)}


def frequency_text(pledge: Pledge) -> str:
    zh, en = FREQUENCY_NAMES[pledge.frequency]
    return f"{zh} {en}"
