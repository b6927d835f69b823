"""Readiness for a visit: the 16 SQSs of each unit, with documents, reviews and gaps.

A row's state is one of:
- **no evidence**: the unit has no current document filed under the SQS, or has never recorded
  a review of it (an assessor asks for both the policy and the record of its review);
- **overdue**, **due soon**, **ok**: the review cycle's verdict (see `repo_tool.domain.due`).
Gaps name what is missing or needs attention: no policy, no records, never reviewed, a policy
changed since its review with no amendment recorded.
An SQS a unit has no policy of its own under counts the head office's policies and reviews
(repo_tool.domain.head_office); the row names them in `head_office`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from repo_tool.domain.due import DEFAULT_HORIZON, Duration
from repo_tool.domain.head_office import HEAD_OFFICE
from repo_tool.domain.isa import alerts as isa_alerts
from repo_tool.domain.performance import alerts
from repo_tool.domain.pledges import pledge_flags
from repo_tool.domain.policies import load_states, policy_counts
from repo_tool.domain.retention import alerts as retention_alerts
from repo_tool.domain.reviews import Due, DueLabel, due
from repo_tool.extract import NAME_ONLY, name_only_by_format
from repo_tool.models import mtime_day
from repo_tool.repository import Repository
from repo_tool.sqs import standard
from repo_tool.store.review_log import CurrentDocument, SqsTally

State = Literal["ok", "due soon", "overdue", "no evidence"]
STATES: tuple[State, ...] = ("ok", "due soon", "overdue", "no evidence")
_STATE_OF: dict[DueLabel, State] = {"ok": "ok", "due soon": "due soon", "overdue": "overdue",
                                    "never reviewed": "no evidence"}


@dataclass(frozen=True)
class SqsStatus:
    """One SQS of one unit."""

    unit: str
    sqs: int
    name_zh: str
    name_en: str
    documents: int  # current documents filed under the SQS (policies and records)
    policies: int
    last_change: date | None  # the newest modification among those documents
    last_review: date | None
    next_due: date | None
    state: State
    gaps: tuple[str, ...]
    head_office: tuple[str, ...] = ()  # head-office policies credited to the unit (paths)
    reviewed_by_head_office: bool = False  # the last review was the head office's

    @property
    def met(self) -> bool:
        """The one rule for 符合 met (status, the SAR, the pack cover): the review is current
        and nothing is missing or changed since, i.e. no gaps at all."""
        return self.state in ("ok", "due soon") and not self.gaps


@dataclass(frozen=True)
class UnitStatus:
    """The 16 rows of one unit and their tally."""

    unit: str
    name_zh: str
    name_en: str
    rows: tuple[SqsStatus, ...]
    alerts: tuple[str, ...] = ()  # standards and the SAR, the ISA, pledges (domain.pledges)
    policy_states: tuple[tuple[str, int], ...] = ()  # under approval: ("in force", 3), ...
    name_only: tuple[tuple[str, int], ...] = ()  # (".dwg", 2): files search finds by name only

    @property
    def counts(self) -> dict[State, int]:
        tally = Counter(row.state for row in self.rows)
        return {state: tally.get(state, 0) for state in STATES}

    @property
    def changed(self) -> int:
        """How many SQSs have a policy changed since its review with no amendment recorded."""
        return sum(1 for row in self.rows if any(g.startswith("changed") for g in row.gaps))


def _row(item: Due, tally: SqsTally | None, credited: list[CurrentDocument]) -> SqsStatus:
    """One row from the unit's own documents under the SQS (counted) and the head office's
    policies credited to it."""
    documents = (tally.documents if tally else 0) + len(credited)
    policies = (tally.policies if tally else 0) + len(credited)
    gaps: list[str] = []
    if not documents:
        gaps.append("no documents")
    else:
        if not policies:
            gaps.append("no policy")
        if policies == documents:
            gaps.append("no records")
    if item.last_review is None:
        gaps.append("never reviewed")
    elif item.state == "overdue":
        gaps.append(f"review overdue since {item.due}")
    gaps += [f"changed since review: {path}" for path in item.changed_since_review]
    gaps += list(item.approval_alerts)
    state = _STATE_OF[item.state] if documents else "no evidence"
    newest = [d.mtime_ns for d in credited] + ([tally.newest_mtime_ns] if tally else [])
    name = standard(item.sqs)
    return SqsStatus(unit=item.unit, sqs=item.sqs, name_zh=name.name_zh, name_en=name.name_en,
                     documents=documents, policies=policies,
                     last_change=mtime_day(max(newest)) if newest else None,
                     last_review=item.last_review, next_due=item.due, state=state,
                     gaps=tuple(gaps), head_office=item.head_office,
                     reviewed_by_head_office=item.reviewed_by_head_office)


def readiness(repo: Repository, unit: str | None = None, today: date | None = None,
              horizon: Duration = DEFAULT_HORIZON) -> list[UnitStatus]:
    """Every unit (or one) with its 16 rows, without alerts: the overview uses it as it is;
    `status` adds each unit's alerts.

    Each unit's SQS tallies and policies come from its kept summary (store/unit_summaries.py;
    read live when the unit changed since), the files found by name only from the few texts
    with such a status: the cost grows with the units and their policies, not with every
    record."""
    log = repo.catalog.review_log
    units = [repo.config.unit(unit)] if unit else list(repo.config.units)
    summaries = repo.catalog.summaries.read([u.code for u in units] + [HEAD_OFFICE]).values()
    policies = [d for summary in summaries for d in summary.policies]
    items = due(repo, unit, today, horizon, present=policies)
    by_path = {d.path: d for d in policies}
    tallies = {(t.unit, t.sqs): t for summary in summaries for t in summary.tallies}
    by_unit: dict[str, list[Due]] = defaultdict(list)
    for item in items:
        by_unit[item.unit].append(item)
    name_only: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for code, path, found in log.name_only(NAME_ONLY, unit):
        name_only[code].append((path, found))
    return [UnitStatus(registered.code, registered.name_zh, registered.name_en,
                       tuple(_row(item, tallies.get((item.unit, item.sqs)),
                                  [by_path[p] for p in item.head_office if p in by_path])
                             for item in by_unit[registered.code]),
                       name_only=name_only_by_format(name_only[registered.code]))
            for registered in units]


def status(repo: Repository, unit: str | None = None, today: date | None = None,
           horizon: Duration = DEFAULT_HORIZON, *, retention: bool = True) -> list[UnitStatus]:
    """Every unit (or one) with its 16 rows and its alerts (without the retention alert when
    not `retention`: the unit page counts what is overdue for disposal itself)."""
    on = today or date.today()
    states = load_states(repo, today)
    return [replace(found, alerts=alerts(repo, found.unit, on) + isa_alerts(repo, found.unit, on)
                    + pledge_flags(repo, found.unit, on)
                    + (retention_alerts(repo, found.unit, on) if retention else ()),
                    policy_states=policy_counts(repo, found.unit, today, states=states))
            for found in readiness(repo, unit, today, horizon)]
