"""A unit's year against its standards (for `stats show` and the SAR), and `status` alerts.

Alerts, for units with a standards file, as of a day:
- the SAR of the year just ended is due within `sar.warn_days` (default 30) of its deadline
  (`sar.deadline`, default 15 May);
- a standard of the current year is at risk (trending below its level) or already not met;
- a period of the current or the previous year has ended with no figure entered;
- a statistics return is overdue (its period ended more than `sar.returns_grace_days` ago and
  it is not submitted), or was submitted and revised since (see performance._returns);
- an improvement plan item is past its deadline and not done.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from repo_tool.config import SarSettings, Unit
from repo_tool.domain.performance._assess import Assessment, assess_all
from repo_tool.domain.performance._periods import year_end, year_label, year_of, year_start
from repo_tool.domain.performance._returns import ReturnDue, returns_due
from repo_tool.domain.performance._standards import Standards, has_standards, load_standards
from repo_tool.errors import RepoError
from repo_tool.repository import Repository
from repo_tool.store.performance import FigureRow, PlanItem


@dataclass(frozen=True)
class YearReport:
    """Every standard of a unit in one financial year, with the plan items that concern it."""

    unit: str
    name_zh: str
    name_en: str
    year: int
    as_of: date
    standards_path: str
    assessments: tuple[Assessment, ...]
    plans: tuple[PlanItem, ...]  # items still open, or done on or after the year began

    @property
    def label(self) -> str:
        return year_label(self.year)

    def plans_for(self, code: str) -> list[PlanItem]:
        return [p for p in self.plans if p.standard == code]


def year_report(repo: Repository, unit: str, year: int | None = None,
                today: date | None = None) -> YearReport:
    """The unit's standards judged for `year` (default: the current financial year)."""
    registered = repo.config.unit(unit)
    on = today or date.today()
    log = repo.catalog.performance
    return build_report(registered, load_standards(repo.root, unit), log.figures(unit),
                        log.plans(unit), year_of(on) if year is None else year, on)


def build_report(registered: Unit, standards: Standards, figures: list[FigureRow],
                 plans: list[PlanItem], year: int, on: date) -> YearReport:
    """The one rule of a year's report, from rows already read (pure: `year_report` reads
    one unit's rows, the overview every unit's at once)."""
    found = assess_all(standards, figures, year, on)
    codes = {s.code for s in standards.standards} | {f"SQS{n}" for n in range(1, 17)}
    start = year_start(year)
    relevant = tuple(p for p in plans if p.standard in codes
                     and (p.done_on is None or p.done_on >= start))
    return YearReport(registered.code, registered.name_zh, registered.name_en, year, on,
                      standards.path, tuple(found), relevant)


def sar_deadline(settings: SarSettings, year: int) -> date:
    """The SAR deadline of a financial year: the first `MM-DD` after the year ends."""
    end = year_end(year)
    day = date(end.year, settings.deadline_month, settings.deadline_day)
    return day if day > end else date(end.year + 1, settings.deadline_month,
                                      settings.deadline_day)


def next_sar(settings: SarSettings, today: date) -> tuple[int, date]:
    """The SAR due next as of `today`: the year just ended until its deadline has passed,
    then the current year's; (the financial year, its deadline)."""
    previous = year_of(today) - 1
    due = sar_deadline(settings, previous)
    return (previous, due) if due >= today else (previous + 1,
                                                 sar_deadline(settings, previous + 1))


def alerts(repo: Repository, unit: str, today: date) -> tuple[str, ...]:
    """One line per thing needing attention (see the module notes); none without standards."""
    if not has_standards(repo.root, unit):
        return ()
    try:
        current = year_report(repo, unit, year_of(today), today)
        previous = year_report(repo, unit, year_of(today) - 1, today)
    except RepoError as exc:
        return (f"performance standards cannot be read: {exc.message}",)
    out: list[str] = []
    due = sar_deadline(repo.config.sar, previous.year)
    days = (due - today).days
    if 0 <= days <= repo.config.sar.warn_days:
        out.append(f"SAR {previous.label} due {due.isoformat()} (in {days} days): "
                   f"`repo-tool generate sar --unit {unit} --year {previous.year}`")
    for found in current.assessments:
        if found.verdict in ("at risk", "not met"):
            out.append(f"{found.standard.code} in {current.label}: {found.explain()}")
    for report in (previous, current):
        for found in report.assessments:
            for period in found.missing:
                out.append(f"{found.standard.code}: no figure for {period.label}; enter it "
                           f"with `repo-tool stats record --unit {unit} --standard "
                           f"{found.standard.code} --period {period.code} --value ...`")
    out += [_return_alert(due) for due in returns_due(repo, unit, today) if due.state != "due"]
    for plan in current.plans:
        if plan.overdue(today):
            out.append(f"improvement plan #{plan.id} ({plan.standard}) overdue since "
                       f"{plan.due.isoformat()}: {plan.action}")
    return tuple(out)


def _return_alert(due: ReturnDue) -> str:
    submit = f"`repo-tool stats submit --unit {due.unit} --period {due.period.code} --by ...`"
    if due.latest is None:
        return (f"statistics return {due.period.label} not submitted; it was due by "
                f"{due.due_on.isoformat()}: {submit}")
    return (f"statistics return {due.period.label} revised since submission (revision "
            f"{due.latest.revision}, {due.latest.submitted_at[:10]}): "
            f"{'; '.join(due.changes)}; submit it again with {submit}")
