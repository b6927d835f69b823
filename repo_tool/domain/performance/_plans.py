"""Improvement plans: what a unit will do about a standard not met (or at risk).

Each item follows the shape of an action plan (seed 003): the action, the method, the deadline,
the person responsible and the expected benefit. An item not done by its deadline is overdue.
Items are never deleted; `done` records the day it was completed. An item answers an ESR, OS or
OC of the unit's standards file, or an SQS not met (`SQS14`).
"""

from __future__ import annotations

import re
from datetime import date

from repo_tool.domain.performance._standards import load_standards
from repo_tool.errors import Conflict, InvalidInput, NotFound
from repo_tool.models import Actor
from repo_tool.repository import Repository
from repo_tool.sqs import standard as sqs_standard
from repo_tool.store.performance import PlanItem
from repo_tool.store.session import now


def _text(value: str | None, what: str) -> str:
    if value is None or not value.strip():
        raise InvalidInput(f"{what} is empty; say it in a few words")
    return value.strip()


_SQS_CODE = re.compile(r"^SQS[ -]?(\d{1,2})$", re.IGNORECASE)


def plan_code(repo: Repository, unit: str, given: str) -> str:
    """`OS2` (checked against the standards file) or `SQS14` (checked against the 16)."""
    match = _SQS_CODE.match(given.strip())
    if match:
        return f"SQS{sqs_standard(int(match.group(1))).number}"
    return load_standards(repo.root, unit).get(given).code


def add_plan(repo: Repository, *, unit: str, standard: str, action: str, method: str,
             due: date, owner: str, benefit: str, actor: Actor) -> PlanItem:
    """Add an improvement plan item for one standard of a unit."""
    repo.config.unit(unit)
    code = plan_code(repo, unit, standard)
    fields = {"action": _text(action, "the action (--action)"),
              "method": _text(method, "the method (--method)"),
              "owner": _text(owner, "the person responsible (--owner)"),
              "benefit": _text(benefit, "the expected benefit (--benefit)")}
    with repo.writing("plan add", actor) as session, session.catalog.transaction():
        plan_id = session.catalog.performance.add_plan(
            unit, code, fields["action"], fields["method"], due, fields["owner"],
            fields["benefit"], now(), actor.user)
        session.audit("plan add", {"plan": plan_id, "unit": unit, "standard": code,
                                   "due": due.isoformat(), **fields})
    found = repo.catalog.performance.plan(plan_id)
    assert found is not None
    return found


def plans(repo: Repository, unit: str | None = None, *, overdue_on: date | None = None
          ) -> list[PlanItem]:
    """Plan items of one unit (or all), by unit and deadline; only overdue ones if asked."""
    if unit is not None:
        repo.config.unit(unit)
    found = repo.catalog.performance.plans(unit)
    if overdue_on is not None:
        found = [p for p in found if p.overdue(overdue_on)]
    return found


def finish_plan(repo: Repository, plan_id: int, *, actor: Actor, on: date | None = None,
                note: str | None = None, today: date | None = None) -> PlanItem:
    """Record that a plan item was done (on `on`, default today)."""
    existing = repo.catalog.performance.plan(plan_id)
    if existing is None:
        raise NotFound(f"there is no plan item #{plan_id}; see `repo-tool plan list`")
    if existing.done_on is not None:
        raise Conflict(f"plan item #{plan_id} was already marked done on "
                       f"{existing.done_on.isoformat()}")
    day = on or today or date.today()
    if day > (today or date.today()):
        raise InvalidInput(f"the date done {day.isoformat()} is in the future; mark it done "
                           "once it is")
    with repo.writing("plan done", actor) as session, session.catalog.transaction():
        session.catalog.performance.mark_done(plan_id, day,
                                              note.strip() if note else None, now())
        session.audit("plan done", {"plan": plan_id, "unit": existing.unit,
                                    "standard": existing.standard, "done": day.isoformat()})
    found = repo.catalog.performance.plan(plan_id)
    assert found is not None
    return found
