"""The SQS 2 logs: recording reviews and amendments, listing them, and what is due.

A review is tied to the versions it reviewed: the latest version of `--document PATH`, or of
every current policy the unit files under that SQS (the review records which). An amendment is
tied to the new versions it introduced: a policy version recorded since the last review that
neither that review nor an earlier amendment claims. Both first record any unscanned edit of
the documents concerned, so they are tied to the bytes on disk, and both append an audit entry.

`due` applies the engine in `domain.due` to the last review of each SQS per unit, and flags
a policy whose current version was neither reviewed nor introduced by a recorded amendment.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from repo_tool.config import ReviewCycle
from repo_tool.domain.due import (
    DEFAULT_HORIZON,
    Duration,
    Window,
    due_state,
    first_window_ending_on_or_after,
    next_window,
    window,
)
from repo_tool.domain.head_office import (
    HEAD_OFFICE,
    amendments_counted,
    credit,
    policies_by_sqs,
    reviews_counted,
)
from repo_tool.errors import Conflict, InvalidInput
from repo_tool.models import Actor, Document
from repo_tool.repository import Repository
from repo_tool.sqs import NUMBERS, standard
from repo_tool.store.review_log import (
    OUTCOMES,
    Amendment,
    Basis,
    CurrentDocument,
    Filters,
    LinkedVersion,
    Outcome,
    Review,
)
from repo_tool.store.session import WriteSession, now

if TYPE_CHECKING:
    from repo_tool.ingest.scanner import ScanResult

__all__ = ["Amendment", "Due", "DueLabel", "Filters", "LinkedVersion", "Review", "amendments",
           "assess", "due", "next_review_after", "record_amendment", "record_review", "reviews"]

DueLabel = Literal["overdue", "due soon", "ok", "never reviewed"]


@dataclass(frozen=True)
class Due:
    """Where one SQS of one unit stands in the review cycle."""

    unit: str
    sqs: int
    state: DueLabel
    last_review: date | None
    review_id: int | None
    cycle: str | None  # the cycle the last review counted for, e.g. "2023-24"
    next_cycle: str | None
    window_start: date | None  # when the next review's window opens
    due: date | None  # its deadline
    days_left: int | None  # negative once overdue
    changed_since_review: tuple[str, ...]  # policies changed with no review or amendment
    amended_since_review: int
    # policies (`path: problem`) left a draft past their effective date, or in force with the
    # file deleted (see repo_tool.domain.policies.alerts)
    approval_alerts: tuple[str, ...] = ()
    # the head office's policies this SQS stands on, when the unit has none of its own
    # (repo_tool.domain.head_office), and whether the last review was the head office's
    head_office: tuple[str, ...] = ()
    reviewed_by_head_office: bool = False

    @property
    def needs_attention(self) -> bool:
        """Overdue, due soon, never reviewed, changed since its review, or an approval alert."""
        return self.state != "ok" or bool(self.changed_since_review) or \
            bool(self.approval_alerts)


# -- checking what was given ----------------------------------------------------------------


def _text(value: str | None, what: str) -> str:
    if value is None or not value.strip():
        raise InvalidInput(f"{what} is empty; say it in a few words")
    return value.strip()


def _not_future(day: date, what: str, today: date) -> None:
    if day > today:
        raise InvalidInput(f"the {what} {day.isoformat()} is in the future (today is "
                           f"{today.isoformat()}); record it once it has happened")


def _check_unit_and_sqs(repo: Repository, unit: str, sqs: int) -> None:
    repo.config.unit(unit)
    standard(sqs)


def _document_for(repo: Repository, unit: str, given: str | Path) -> Document:
    document = repo.document(given)
    if document.unit not in (unit, "agency"):
        raise InvalidInput(f"'{document.path}' belongs to unit '{document.unit}', not '{unit}' "
                           "(a unit may review its own documents and the head office's)")
    if document.status != "present":
        raise Conflict(f"'{document.path}' is {document.status}; bring it back with "
                       "`repo-tool restore` before recording a review or amendment of it")
    return document


# -- recording ------------------------------------------------------------------------------


def _subjects(repo: Repository, session: WriteSession, unit: str, sqs: int,
              document: Document | None) -> tuple[Basis, list[CurrentDocument], ScanResult]:
    """The documents a review or amendment is about, after recording unscanned edits of them."""
    log = session.catalog.review_log
    if document is not None:
        basis: Basis = "document"
        paths = [document.path]
    else:
        paths = [d.path for d in log.current_documents(unit)
                 if d.kind == "policy" and sqs in d.sqs]
        basis = "sqs" if paths else "none"
    for path in paths:
        repo.disk_path(path)  # a policy folder swapped for a link is not read through
    from repo_tool.ingest.scanner import Scanner, ScanResult  # writers only, not `status`

    scanned = Scanner(session, repo.config).run_paths(paths) if paths else ScanResult()
    ids = [found.id for found in (session.catalog.document(p) for p in paths) if found]
    current = log.current_documents(document_ids=ids) if ids else []
    if document is not None and not current:
        raise Conflict(f"'{document.path}' is no longer on disk (now marked deleted); bring it "
                       "back with `repo-tool restore` first")
    return basis, current, scanned


def _latest(found: list[Review]) -> Review | None:
    return max(found, key=lambda r: (r.reviewed_on, r.id)) if found else None


def record_review(repo: Repository, *, unit: str, sqs: int, reviewed_on: date, reviewer: str,
                  outcome: str, actor: Actor, note: str | None = None,
                  document: str | Path | None = None, today: date | None = None) -> Review:
    """Record that `reviewer` reviewed SQS `sqs` of `unit` on `reviewed_on`."""
    _check_unit_and_sqs(repo, unit, sqs)
    if outcome not in OUTCOMES:
        raise InvalidInput(f"'{outcome}' is not an outcome; use {' or '.join(OUTCOMES)}")
    reviewer = _text(reviewer, "the reviewer's name (--by)")
    _not_future(reviewed_on, "review date", today or date.today())
    target = _document_for(repo, unit, document) if document is not None else None
    with repo.writing("review record", actor) as session:
        basis, current, scanned = _subjects(repo, session, unit, sqs, target)
        log = session.catalog.review_log
        with session.catalog.transaction():
            review_id = log.add_review(unit, sqs, reviewed_on, reviewer, _outcome(outcome),
                                       note.strip() if note and note.strip() else None, basis,
                                       [d.version_id for d in current], now(), actor.user)
            session.audit("review record", {
                "review": review_id, "unit": unit, "sqs": sqs, "date": reviewed_on.isoformat(),
                "reviewer": reviewer, "outcome": outcome, "basis": basis,
                "reviewed": [f"{d.path} v{d.number}" for d in current]})
        if scanned.recorded_anything:
            repo.catch_up(session, scanned)
    return next(r for r in repo.catalog.review_log.reviews(Filters(unit=unit, sqs=sqs))
                if r.id == review_id)


def _outcome(text: str) -> Outcome:
    return "amended" if text == "amended" else "no-change"


def next_review_after(cycle: ReviewCycle, last: Review | None, released_on: date) -> date:
    """The review date an amendment's row shows: the next review's deadline.

    For an SQS never reviewed, the first deadline on or after the amendment's release.
    """
    if last is not None:
        return next_window(cycle, last.reviewed_on).deadline
    return first_window_ending_on_or_after(cycle, released_on).deadline


def record_amendment(repo: Repository, *, unit: str, sqs: int, clause: str, reason: str,
                     new_content: str, updated_on: date, released_on: date, responsible: str,
                     actor: Actor, document: str | Path | None = None,
                     next_review: date | None = None, today: date | None = None) -> Amendment:
    """Record an amendment of SQS `sqs`'s policy in `unit` (a row of form 2.02)."""
    _check_unit_and_sqs(repo, unit, sqs)
    clause = _text(clause, "the clause amended (--clause)")
    reason = _text(reason, "the reason (--reason)")
    new_content = _text(new_content, "the new content (--new-content)")
    responsible = _text(responsible, "the responsible staff member's name (--by)")
    _not_future(updated_on, "date updated", today or date.today())
    if released_on < updated_on:
        raise InvalidInput(f"the release date {released_on.isoformat()} is before the date "
                           f"updated {updated_on.isoformat()}; an amendment is released after "
                           "it is written")
    target = _document_for(repo, unit, document) if document is not None else None
    with repo.writing("amend", actor) as session:
        _, current, scanned = _subjects(repo, session, unit, sqs, target)
        log = session.catalog.review_log
        last = _latest(log.reviews(Filters(unit=unit, sqs=sqs)))
        claimed = {v.version_id for v in last.versions} if last else set()
        claimed |= {v.version_id for a in log.amendments(Filters(unit=unit, sqs=sqs))
                    for v in a.versions}
        new = [d for d in current if d.version_id not in claimed
               and (last is None or d.recorded_at > last.recorded_at)]
        when = next_review or next_review_after(repo.config.review_cycle, last, released_on)
        with session.catalog.transaction():
            amendment_id = log.add_amendment(unit, sqs, clause, reason, new_content, updated_on,
                                             released_on, when, responsible,
                                             [d.version_id for d in new], now(), actor.user)
            session.audit("amend", {
                "amendment": amendment_id, "unit": unit, "sqs": sqs, "clause": clause,
                "updated": updated_on.isoformat(), "released": released_on.isoformat(),
                "next_review": when.isoformat(), "responsible": responsible,
                "new_versions": [f"{d.path} v{d.number}" for d in new]})
        if scanned.recorded_anything:
            repo.catch_up(session, scanned)
    return next(a for a in repo.catalog.review_log.amendments(Filters(unit=unit, sqs=sqs))
                if a.id == amendment_id)


# -- reading --------------------------------------------------------------------------------


def _check_filters(repo: Repository, filters: Filters) -> None:
    if filters.unit is not None:
        repo.config.unit(filters.unit)
    if filters.sqs is not None:
        standard(filters.sqs)
    if filters.since and filters.until and filters.since > filters.until:
        raise InvalidInput(f"--from {filters.since} is after --to {filters.until}")


def reviews(repo: Repository, filters: Filters | None = None) -> list[Review]:
    """The review log, oldest first."""
    filters = filters or Filters()
    _check_filters(repo, filters)
    return repo.catalog.review_log.reviews(filters)


def amendments(repo: Repository, filters: Filters | None = None) -> list[Amendment]:
    """The amendment log, oldest first."""
    filters = filters or Filters()
    _check_filters(repo, filters)
    return repo.catalog.review_log.amendments(filters)


def due(repo: Repository, unit: str | None = None, today: date | None = None,
        horizon: Duration = DEFAULT_HORIZON, *,
        present: Sequence[CurrentDocument] | None = None) -> list[Due]:
    """Where every SQS of every unit (or of one) stands, in unit then SQS order.

    An SQS a unit has no policy of its own under stands on the head office's policies and
    reviews (repo_tool.domain.head_office). `present`: the present documents of the unit and
    the head office (of every unit without `unit`), when the caller has read them already.
    """
    codes = [repo.config.unit(unit).code] if unit else [u.code for u in repo.config.units]
    scopes = [unit] if unit is None or unit == HEAD_OFFICE else [unit, HEAD_OFFICE]
    log = repo.catalog.review_log
    by_key: dict[tuple[str, int], list[Review]] = defaultdict(list)
    amended: dict[tuple[str, int], list[Amendment]] = defaultdict(list)
    if present is None:
        present = [d for scope in scopes for d in log.current_documents(scope)]
    documents = {d.document_id: d for d in present}
    for scope in scopes:
        for review in log.reviews(Filters(unit=scope)):
            by_key[(review.unit, review.sqs)].append(review)
        for amendment in log.amendments(Filters(unit=scope)):
            amended[(amendment.unit, amendment.sqs)].append(amendment)
    reviewed_ids = {v.document_id for found in by_key.values() for r in found
                    for v in r.versions} - documents.keys()
    if reviewed_ids:  # documents a unit reviewed that are filed elsewhere
        documents |= {d.document_id: d
                      for d in log.current_documents(document_ids=reviewed_ids)}
    policies = policies_by_sqs(documents.values())
    on = today or date.today()
    found = []
    for code in codes:
        for sqs in sorted(NUMBERS):
            credited = credit(code, sqs, policies)
            counted = reviews_counted(credited, by_key[(code, sqs)], by_key[(HEAD_OFFICE, sqs)])
            last = _latest(counted)
            item = assess(repo.config.review_cycle, code, sqs, last,
                          amendments_counted(credited, amended[(code, sqs)],
                                             amended[(HEAD_OFFICE, sqs)]),
                          list(credited.policies), documents, on, horizon)
            found.append(replace(item, head_office=credited.head_office_paths,
                                 reviewed_by_head_office=last is not None and last.unit != code))
    return _with_alerts(repo, found, unit, on)


def _with_alerts(repo: Repository, items: list[Due], unit: str | None, today: date) -> list[Due]:
    from repo_tool.domain.policies import alerts

    found: dict[tuple[str, int], list[str]] = defaultdict(list)
    for alert in alerts(repo, unit, today):
        for number in alert.sqs:
            found[(alert.unit, number)].append(f"{alert.path}: {alert.problem}")
    return [replace(i, approval_alerts=tuple(found[(i.unit, i.sqs)]))
            if (i.unit, i.sqs) in found else i for i in items]


def assess(cycle: ReviewCycle, unit: str, sqs: int, last: Review | None,
           amendments_of_sqs: list[Amendment], policies: list[CurrentDocument],
           documents: dict[int, CurrentDocument], today: date, horizon: Duration) -> Due:
    """One SQS of one unit: its last review, when the next is due, and unrecorded changes."""
    if last is None:
        return Due(unit, sqs, "never reviewed", None, None, None, None, None, None, None, (),
                   len(amendments_of_sqs))
    following: Window = next_window(cycle, last.reviewed_on)
    covered = {v.version_id for v in last.versions}
    covered |= {v.version_id for a in amendments_of_sqs for v in a.versions}
    checked = {d.document_id: d for d in policies}
    checked |= {v.document_id: documents[v.document_id] for v in last.versions
                if v.document_id in documents}
    # Changed since the review: a later version of a document the review or an amendment saw,
    # or a document recorded after the review was entered. One that was on file then, under
    # another SQS, and is only tagged into this one has not changed (its bytes are the same).
    seen = {v.document_id for v in last.versions}
    seen |= {v.document_id for a in amendments_of_sqs for v in a.versions}
    changed = tuple(sorted(d.path for d in checked.values() if d.version_id not in covered
                           and (d.document_id in seen or d.recorded_at > last.recorded_at)))
    since = sum(1 for a in amendments_of_sqs if a.updated_on >= last.reviewed_on)
    return Due(unit=unit, sqs=sqs, state=due_state(following, today, horizon),
               last_review=last.reviewed_on, review_id=last.id,
               cycle=window(cycle, following.cycle - cycle.years).label,
               next_cycle=following.label, window_start=following.start, due=following.deadline,
               days_left=(following.deadline - today).days, changed_since_review=changed,
               amended_since_review=since)
