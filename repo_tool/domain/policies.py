"""Approving and withdrawing policies, and the state of each version on a day.

`approve` and `withdraw` add rows (never change them) through a write session, with an event on
the document and an entry in the audit log; the state of every version then follows from those
rows and the day asked about (`domain.lifecycle`). Only policies have a lifecycle: a record
is evidence of something that happened and is never approved, in force or superseded. The one
record `approve` takes is the internal service audit report (`records/<unit>/generated/ISA
2025-26.docx`), which seed 000 has the agency head and the chairperson approve: its approvals
are kept in the same table, but it gets no state and does not put the unit under approval.

Deleting a policy's file is not withdrawing it: the lifecycle is the agency's decision, the
file is housekeeping. A deleted policy keeps its state (its approved bytes stay in .repo/), and
`status` points out a policy still in force whose file is gone. Withdrawing is `withdraw`.

A unit is **under approval** once any of its policies has an approval recorded; from then on
searches of that unit show the version of each policy in force (drafts on request), and a draft
left unapproved past its cycle's effective date is flagged. Units that never recorded an
approval work as before.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from repo_tool.domain.lifecycle import (
    VersionState,
    approval_overdue,
    version_states,
)
from repo_tool.errors import Conflict, InvalidInput
from repo_tool.models import Actor, Approval, Document, Withdrawal, mtime_day
from repo_tool.repository import Repository
from repo_tool.store.session import WriteSession, now


@dataclass(frozen=True)
class PolicyStates:
    """All approvals and withdrawals of a catalog, grouped by document, for a given day."""

    approvals: dict[int, list[Approval]]
    withdrawals: dict[int, list[Withdrawal]]
    approved_units: frozenset[str]
    today: date

    def of(self, document_id: int, numbers: list[int]) -> dict[int, VersionState]:
        """The state of each version number of one document."""
        return version_states(numbers, self.approvals.get(document_id, []),
                              self.withdrawals.get(document_id, []), self.today)

    def state(self, document_id: int, number: int) -> VersionState:
        if document_id not in self.approvals and document_id not in self.withdrawals:
            return VersionState(number, "draft", None, None, None, None)  # the common case
        return self.of(document_id, [number])[number]


def load_states(repo: Repository, today: date | None = None) -> PolicyStates:
    """Every approval and withdrawal, ready to tell any version's state on `today`."""
    log = repo.catalog.lifecycle
    approvals: dict[int, list[Approval]] = defaultdict(list)
    for approval in log.approvals():
        approvals[approval.document_id].append(approval)
    withdrawals: dict[int, list[Withdrawal]] = defaultdict(list)
    for withdrawal in log.withdrawals():
        withdrawals[withdrawal.document_id].append(withdrawal)
    return PolicyStates(dict(approvals), dict(withdrawals), frozenset(log.approved_units()),
                        today or date.today())


def document_states(repo: Repository, document: Document, today: date | None = None
                    ) -> dict[int, VersionState]:
    """Each version's state (empty for a record: records have no lifecycle)."""
    if document.kind != "policy":
        return {}
    log = repo.catalog.lifecycle
    return version_states(list(range(1, document.versions + 1)), log.approvals(document.id),
                          log.withdrawals(document.id), today or date.today())


def _policy(repo: Repository, given: str | Path, verb: str) -> Document:
    document = repo.document(given)
    if verb == "approved" and _audit_report(document):
        return document  # the internal service audit report is approved like a policy
    if document.kind != "policy":
        raise InvalidInput(f"'{document.path}' is a record, not a policy; only policies "
                           f"(under policies/) are {verb}")
    return document


def _audit_report(document: Document) -> bool:
    """An internal service audit report generated in the unit's records (`ISA 2025-26.docx`):
    the agency head and the chairperson approve it (seed 000), so `approve` takes it."""
    folder, _, name = document.path.rpartition("/")
    return document.kind == "record" and folder == f"records/{document.unit}/generated" \
        and re.fullmatch(r"ISA \d{4}-\d{2}\.(docx|pdf)", name) is not None


def _text(value: str | None, what: str) -> str:
    if value is None or not value.strip():
        raise InvalidInput(f"{what} is empty; give it")
    return value.strip()


def _record_edits(repo: Repository, session: WriteSession, document: Document) -> None:
    """Record an unscanned edit first, so an approval is tied to the bytes on disk."""
    if document.status != "present":
        return
    from repo_tool.ingest.scanner import Scanner  # approving only: a search never scans

    result = Scanner(session, repo.config).run_paths([document.path])
    if result.recorded_anything:
        with session.catalog.transaction():
            session.audit("scan", result.counts())
        repo.catch_up(session, result)


def approve(repo: Repository, given: str | Path, *, approver: str, role: str,
            effective_on: date, actor: Actor, number: int | None = None,
            approved_on: date | None = None, note: str | None = None,
            today: date | None = None) -> tuple[Approval, VersionState]:
    """Record the agency head's approval of a version (default: the latest), effective from a
    date; returns the approval and the version's state on `today`."""
    on = today or date.today()
    approved_on = approved_on or on
    approver, role = _text(approver, "--by (the approver)"), _text(role, "--role")
    if approved_on > on:
        raise InvalidInput(f"the approval date {approved_on} is in the future (today is {on}); "
                           "record an approval once it is given")
    document = _policy(repo, given, "approved")
    if document.status != "present":
        raise Conflict(f"'{document.path}' is {document.status}; bring it back with "
                       "`repo-tool restore` before approving it")
    with repo.writing("approve", actor) as session:
        _record_edits(repo, session, document)
        document = session.catalog.document_by_id(document.id)
        version = repo.version(document, number)
        log = session.catalog.lifecycle
        earlier = log.approvals(document.id)
        if earlier:
            last = max(earlier, key=lambda a: (a.number, a.effective_on))
            if version.number < last.number:
                raise Conflict(f"version {last.number} of '{document.path}' is already "
                               f"approved; to go back to version {version.number}, "
                               f"`repo-tool restore` it and approve the restored version")
            if effective_on < last.effective_on:
                raise InvalidInput(f"the effective date {effective_on} is before "
                                   f"{last.effective_on}, when the approval of version "
                                   f"{last.number} takes effect; give a later date")
        with session.catalog.transaction():
            approval_id = log.add_approval(document.id, version.id, approver, role, approved_on,
                                           effective_on, note, now(), actor.user)
            detail = {"path": document.path, "version": version.number, "approver": approver,
                      "role": role, "approved_on": approved_on.isoformat(),
                      "effective_on": effective_on.isoformat(), "note": note}
            session.catalog.add_event(document.id, now(), "approved", detail, session.operation)
            session.audit("approve", {"approval": approval_id, **detail})
    approval = next(a for a in repo.catalog.lifecycle.approvals(document.id)
                    if a.id == approval_id)
    log = repo.catalog.lifecycle
    states = version_states(list(range(1, document.versions + 1)), log.approvals(document.id),
                            log.withdrawals(document.id), on)  # an audit report's too
    return approval, states[version.number]


def withdraw(repo: Repository, given: str | Path, *, by: str, role: str, effective_on: date,
             note: str, actor: Actor, decided_on: date | None = None,
             today: date | None = None) -> Withdrawal:
    """Record that a policy stops applying from a date (its versions are kept)."""
    on = today or date.today()
    decided_on = decided_on or on
    by, role = _text(by, "--by"), role.strip()
    note = _text(note, "--note (why it is withdrawn)")
    if decided_on > on:
        raise InvalidInput(f"the decision date {decided_on} is in the future (today is {on})")
    document = _policy(repo, given, "withdrawn")
    log = repo.catalog.lifecycle
    approvals = log.approvals(document.id)
    if not approvals:
        raise Conflict(f"'{document.path}' was never approved, so there is nothing in force "
                       "to withdraw; a draft that is not wanted can simply be deleted")
    latest = max(approvals, key=lambda a: a.effective_on)
    if effective_on < latest.effective_on:
        raise InvalidInput(f"the withdrawal date {effective_on} is before {latest.effective_on}, "
                           f"when the approval of version {latest.number} takes effect")
    states = document_states(repo, document, effective_on)
    if not any(s.state in ("in force", "approved") for s in states.values()):
        raise Conflict(f"'{document.path}' is already withdrawn on {effective_on}")
    with repo.writing("withdraw", actor) as session, session.catalog.transaction():
        withdrawal_id = session.catalog.lifecycle.add_withdrawal(
            document.id, by, role, decided_on, effective_on, note, now(), actor.user)
        detail = {"path": document.path, "by": by, "role": role,
                  "decided_on": decided_on.isoformat(),
                  "effective_on": effective_on.isoformat(), "note": note}
        session.catalog.add_event(document.id, now(), "withdrawn", detail, session.operation)
        session.audit("withdraw", {"withdrawal": withdrawal_id, **detail})
    return next(w for w in repo.catalog.lifecycle.withdrawals(document.id)
                if w.id == withdrawal_id)


@dataclass(frozen=True)
class PolicyAlert:
    """Something about a policy's lifecycle that needs attention."""

    unit: str
    sqs: tuple[int, ...]
    path: str
    problem: str


def alerts(repo: Repository, unit: str | None = None, today: date | None = None
           ) -> list[PolicyAlert]:
    """Policies of units under approval whose latest version stayed a draft past the cycle's
    effective date, and policies still in force whose file was deleted.

    A draft is dated by its file's modification time (as `status` dates changes): saved on
    2025-02-10, it should be approved by the next 1 April (the cycle's effective month).
    """
    states = load_states(repo, today)
    month = repo.config.review_cycle.effective_month
    found = []
    units = sorted(states.approved_units if unit is None else states.approved_units & {unit})
    for document in (d for code in units for d in repo.catalog.documents(code, kind="policy")):
        versions = repo.catalog.versions(document.id)
        numbers = [v.number for v in versions]
        by_number = states.of(document.id, numbers)
        latest = versions[-1]
        if document.status == "present":
            late = approval_overdue(by_number[latest.number], mtime_day(latest.mtime_ns),
                                    month, states.today)
            if late is not None:
                found.append(PolicyAlert(document.unit, document.sqs, document.path,
                                         f"v{latest.number} is a draft: not approved by its "
                                         f"effective date {late}"))
        elif any(s.state == "in force" for s in by_number.values()):
            found.append(PolicyAlert(document.unit, document.sqs, document.path,
                                     f"in force but its file is {document.status}; withdraw "
                                     "it (`repo-tool withdraw`) or restore the file"))
    return found


def policy_state(by_number: dict[int, VersionState]) -> str:
    """One word for a policy: in force (some version is), else approved (one takes effect
    later), else withdrawn, else draft."""
    found = {s.state for s in by_number.values()}
    for state in ("in force", "approved", "withdrawn"):
        if state in found:
            return state
    return "draft"


def policy_counts(repo: Repository, unit: str, today: date | None = None, *,
                  states: PolicyStates | None = None) -> tuple[tuple[str, int], ...]:
    """How many present policies of a unit under approval are in force, approved, withdrawn or
    draft; empty for a unit that never recorded an approval. `states`: load_states(repo, today)
    when the caller asks for several units."""
    if states is None:
        states = load_states(repo, today)
    if unit not in states.approved_units:
        return ()
    counts = dict.fromkeys(("in force", "approved", "withdrawn", "draft"), 0)
    for document in repo.catalog.documents(unit, kind="policy"):
        if document.status == "present":
            numbers = list(range(1, document.versions + 1))
            counts[policy_state(states.of(document.id, numbers))] += 1
    return tuple((state, count) for state, count in counts.items() if count)
