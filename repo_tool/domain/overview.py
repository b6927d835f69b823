"""The head office's view of every unit (issue 22): one row per unit, with the figures of the
per-unit commands.

Each figure is the one its own command shows, by the same rule, but read from the catalog once
for all units instead of unit by unit (200 units in well under a second):

- SQS readiness: the counts of `status` (ok, due soon, overdue, no evidence), from
  `status.readiness` over every unit at once;
- reviews overdue: the SQSs whose review is past its deadline (`review due`);
- standards met, at risk, not met (the current financial year, as `stats show`), and
  persistently not met (`stats show`'s `persistently_not_met`, the rule of
  `isa.runs` over the same verdicts and the audits' findings);
- plan items overdue (`plan list --overdue`);
- the last visit on or before the day (`visit list`, where `changes` starts);
- the SAR due next and the days left (`next_sar`), for units with a standards file;
- statistics returns not submitted: the periods ended whose return is `due` or `overdue` in
  `stats returns` (a return revised since its submission is not counted here; `status` says so);
- pledges flagged: the lines `pledge list` and `status` show for the unit's pledges.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from repo_tool.domain.changes import last_visit
from repo_tool.domain.isa import not_met_codes, runs
from repo_tool.domain.performance import (
    Assessment,
    Standards,
    assess_all,
    build_report,
    due_from,
    has_standards,
    load_standards,
    next_sar,
    year_of,
)
from repo_tool.domain.pledges import pledge_flags
from repo_tool.domain.status import UnitStatus, readiness
from repo_tool.errors import InvalidInput, RepoError
from repo_tool.repository import Repository
from repo_tool.store.lifecycle_log import Visit
from repo_tool.store.performance import FigureRow, PlanItem


@dataclass(frozen=True)
class UnitOverview:
    """One unit's row of the head office's view."""

    unit: str
    name_zh: str
    name_en: str
    sqs_ok: int
    sqs_due_soon: int
    sqs_overdue: int
    sqs_no_evidence: int
    reviews_overdue: int
    standards: int  # in the unit's standards file (0: none, or it cannot be read)
    standards_met: int
    standards_at_risk: int
    standards_not_met: int
    persistently_not_met: int
    returns_not_submitted: int
    plans_overdue: int
    pledges_flagged: int
    last_visit: date | None
    last_visit_type: str | None
    sar_year: int | None  # the financial year of the SAR due next (units with standards)
    sar_deadline: date | None
    sar_days: int | None
    standards_problem: str | None = None  # why the standards file cannot be read

    @property
    def attention(self) -> int:
        """How many things need attention: what is overdue, not met, at risk or flagged."""
        return (self.sqs_overdue + self.sqs_no_evidence + self.reviews_overdue
                + self.standards_at_risk + self.standards_not_met + self.returns_not_submitted
                + self.plans_overdue + self.pledges_flagged + bool(self.standards_problem))

    @property
    def overdue(self) -> bool:
        """Something is past its deadline: an SQS review, a plan item or a return."""
        return bool(self.sqs_overdue or self.reviews_overdue or self.plans_overdue
                    or self.returns_not_submitted)


# Columns one may sort by, and whether the worst comes first when sorted descending: counts of
# problems sort most first; the last visit oldest (never) first; the SAR soonest first.
COLUMNS: tuple[str, ...] = (
    "unit", "sqs_ok", "sqs_due_soon", "sqs_overdue", "sqs_no_evidence", "reviews_overdue",
    "standards_met", "standards_at_risk", "standards_not_met", "persistently_not_met",
    "returns_not_submitted", "plans_overdue", "pledges_flagged", "last_visit", "sar_days",
    "attention")
FILTERS: tuple[str, ...] = ("all", "attention", "overdue")


def _sort_key(column: str) -> Callable[[UnitOverview], tuple[int, object]]:
    if column == "unit":
        return lambda row: (0, row.unit)
    if column == "last_visit":  # never visited first, then the longest ago
        return lambda row: (0, "") if row.last_visit is None else (1, row.last_visit.isoformat())
    if column == "sar_days":  # soonest first, units without a SAR last
        return lambda row: (1, 0) if row.sar_days is None else (0, row.sar_days)
    return lambda row: (0, -int(getattr(row, column)))  # most first


def sort_rows(rows: Iterable[UnitOverview], column: str = "unit", reverse: bool = False
              ) -> list[UnitOverview]:
    """The rows by a column (see COLUMNS): worst first, or the other way with `reverse`;
    ties in unit order."""
    if column not in COLUMNS:
        raise InvalidInput(f"cannot sort by '{column}'; use one of {', '.join(COLUMNS)}")
    ordered = sorted(rows, key=lambda row: row.unit)
    return sorted(ordered, key=_sort_key(column), reverse=reverse)


def filter_rows(rows: Iterable[UnitOverview], which: str = "all") -> list[UnitOverview]:
    """`all`, `attention` (something needs attention) or `overdue` (something is late)."""
    if which not in FILTERS:
        raise InvalidInput(f"'{which}' is not a filter; use one of {', '.join(FILTERS)}")
    if which == "attention":
        return [row for row in rows if row.attention]
    if which == "overdue":
        return [row for row in rows if row.overdue]
    return list(rows)


@dataclass(frozen=True)
class _Performance:
    standards: int = 0
    verdicts: tuple[str, ...] = ()
    persistent: int = 0
    problem: str | None = None
    returns_not_submitted: int = 0  # periods ended whose return is due or overdue


class _Catalog:
    """Every unit's figures, plan items and audit findings, each read in one query."""

    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        self.figures = repo.catalog.performance.figures_by_unit()
        self.plans: dict[str, list[PlanItem]] = {}
        for plan in repo.catalog.performance.plans(None):
            self.plans.setdefault(plan.unit, []).append(plan)
        self.isa_not_met = repo.catalog.isa.not_met_sqs()
        self.submissions = repo.catalog.returns.submissions_by_unit()
        self.grace = timedelta(days=repo.config.sar.returns_grace_days)
        self.visits: dict[str, list[Visit]] = {}
        for visit in repo.catalog.lifecycle.visits(None):  # oldest first
            self.visits.setdefault(visit.unit, []).append(visit)

    def performance(self, unit: str, today: date) -> _Performance:
        """The current year's verdicts and what is persistently not met (as `stats show`)."""
        year = year_of(today)
        rows: list[FigureRow] = self.figures.get(unit, [])
        standards: Standards | None = None
        problem = None
        if has_standards(self.repo.root, unit):
            try:
                standards = load_standards(self.repo.root, unit)
            except RepoError as error:
                problem = error.message

        def not_met(back: int) -> set[str]:
            assessments: list[Assessment] = (assess_all(standards, rows, back, today)
                                             if standards is not None else [])
            return not_met_codes(assessments, self.isa_not_met.get((unit, back), ()))

        flagged = runs(year, not_met)
        if standards is None:
            return _Performance(persistent=len(flagged), problem=problem)
        registered = self.repo.config.unit(unit)
        report = build_report(registered, standards, rows, self.plans.get(unit, []), year, today)
        current: dict[tuple[str, str], FigureRow] = {}
        for row in rows:  # oldest first: the newest entry of a period counts
            current[(row.standard, row.period)] = row
        returns = due_from(registered, standards, current, self.submissions.get(unit, []),
                           self.grace, today)
        return _Performance(len(report.assessments),
                            tuple(a.verdict for a in report.assessments), len(flagged),
                            returns_not_submitted=sum(1 for r in returns
                                                      if r.state in ("due", "overdue")))


def _row(found: UnitStatus, perf: _Performance, catalog: _Catalog, today: date) -> UnitOverview:
    counts = found.counts
    visit = last_visit(catalog.visits.get(found.unit, []), today)
    sar = next_sar(catalog.repo.config.sar, today) if perf.standards or perf.problem else None
    return UnitOverview(
        unit=found.unit, name_zh=found.name_zh, name_en=found.name_en,
        sqs_ok=counts["ok"], sqs_due_soon=counts["due soon"], sqs_overdue=counts["overdue"],
        sqs_no_evidence=counts["no evidence"],
        reviews_overdue=sum(1 for r in found.rows if r.next_due is not None
                            and r.next_due < today),
        standards=perf.standards, standards_met=perf.verdicts.count("met"),
        standards_at_risk=perf.verdicts.count("at risk"),
        standards_not_met=perf.verdicts.count("not met"),
        persistently_not_met=perf.persistent, returns_not_submitted=perf.returns_not_submitted,
        plans_overdue=sum(1 for p in catalog.plans.get(found.unit, []) if p.overdue(today)),
        pledges_flagged=len(pledge_flags(catalog.repo, found.unit, today)),
        last_visit=visit.visited_on if visit else None, last_visit_type=visit.type if visit
        else None,
        sar_year=sar[0] if sar else None, sar_deadline=sar[1] if sar else None,
        sar_days=(sar[1] - today).days if sar else None, standards_problem=perf.problem)


def overview(repo: Repository, today: date | None = None, units: Iterable[str] | None = None
             ) -> list[UnitOverview]:
    """One row per unit (or per unit of `units`, in repo.yaml's order) as of `today`."""
    on = today or date.today()
    wanted = None if units is None else {repo.config.unit(code).code for code in units}
    found = [u for u in readiness(repo, None, on) if wanted is None or u.unit in wanted]
    catalog = _Catalog(repo)
    return [_row(u, catalog.performance(u.unit, on), catalog, on) for u in found]
