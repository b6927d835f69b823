"""Which version of each document goes into a pack: the one current at the pack's date.

A date is compared with the UTC date a version was recorded: a version recorded on or before the
as-of date counts; a document counts if it existed by then and was not deleted on or before it
(a later `reappeared` undoes a deletion). Documents keep their current path and SQS numbers.
An SQS the unit has no policy of its own under at that date takes the head office's policies
(repo_tool.domain.head_office), marked as such.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from repo_tool.domain.head_office import HEAD_OFFICE
from repo_tool.domain.status import SqsStatus, status
from repo_tool.models import Document, Version
from repo_tool.repository import Repository
from repo_tool.sqs import Standard, standard


@dataclass(frozen=True)
class Packed:
    """One document's version chosen for the pack, under one SQS."""

    sqs: int
    document: Document
    version: Version
    head_office: bool = False  # a head-office policy credited to the unit


@dataclass(frozen=True)
class ReadinessRow:
    """One line of the cover's table: an SQS and what the pack holds for it."""

    sqs: Standard
    documents: int
    latest_change: str  # the UTC date of the newest packed version, '' when none
    last_review: str  # YYYY-MM-DD from the review log, "" when never reviewed
    met: bool = False  # by the one rule `status` and the SAR use (SqsStatus.met)


def _deleted_by(repo: Repository, document: Document, day: str) -> bool:
    deleted = False
    for event in repo.catalog.events(document.id):
        if event.at[:10] > day:
            break
        if event.kind == "deleted":
            deleted = True
        elif event.kind == "reappeared":
            deleted = False
    return deleted


def version_at(repo: Repository, document: Document, as_of: date | None) -> Version | None:
    """The document's version current at `as_of` (None: today), or None if it had none."""
    if as_of is None:
        if document.status == "deleted":
            return None
        versions = repo.catalog.versions(document.id)
        return versions[-1] if versions else None
    day = as_of.isoformat()
    chosen = None
    for version in repo.catalog.versions(document.id):
        if version.recorded_at[:10] <= day:
            chosen = version
    if chosen is None or _deleted_by(repo, document, day):
        return None
    return chosen


def select(repo: Repository, unit: str, as_of: date | None,
           numbers: tuple[int, ...]) -> list[Packed]:
    """Every (SQS, document, version) of the unit for the given SQS numbers, by SQS then path,
    with the head office's policies under each SQS the unit has no policy of its own under."""
    repo.config.unit(unit)
    wanted = set(numbers)
    chosen: list[Packed] = []
    for document in repo.catalog.documents(unit):
        tags = [n for n in document.sqs if n in wanted]
        if not tags:
            continue
        version = version_at(repo, document, as_of)
        if version is None:
            continue
        chosen.extend(Packed(n, document, version) for n in tags)
    if unit != HEAD_OFFICE:
        own = {p.sqs for p in chosen if p.document.kind == "policy"}
        for document in repo.catalog.documents(HEAD_OFFICE):
            tags = [n for n in document.sqs if n in wanted and n not in own]
            if document.kind != "policy" or not tags:
                continue
            version = version_at(repo, document, as_of)
            if version is not None:
                chosen.extend(Packed(n, document, version, head_office=True) for n in tags)
    chosen.sort(key=lambda p: (p.sqs, p.document.path))
    return chosen


def standing(repo: Repository, unit: str, as_of: date | None) -> dict[int, SqsStatus]:
    """SQS number -> its row in `status` on `as_of` (last review, and met by the one rule)."""
    return {row.sqs: row for found in status(repo, unit, today=as_of) for row in found.rows}


def last_reviews(standing: dict[int, SqsStatus]) -> dict[int, str]:
    """SQS number -> the date of its last review (YYYY-MM-DD) as the review log has it."""
    return {number: row.last_review.isoformat() for number, row in standing.items()
            if row.last_review is not None}


def rows_for(packed: list[Packed], numbers: tuple[int, ...],
             standing: dict[int, SqsStatus]) -> list[ReadinessRow]:
    """The cover's table from a selection: one row per SQS asked for, empty ones included."""
    reviews = last_reviews(standing)
    rows = []
    for number in numbers:
        mine = [p for p in packed if p.sqs == number]
        latest = max((p.version.recorded_at[:10] for p in mine), default="")
        row = standing.get(number)
        rows.append(ReadinessRow(standard(number), len(mine), latest, reviews.get(number, ""),
                                 row is not None and row.met))
    return rows


def readiness_rows(repo: Repository, unit: str, as_of: date | None,
                   numbers: tuple[int, ...] = tuple(range(1, 17))) -> list[ReadinessRow]:
    """Per SQS: number, bilingual name, documents packed, latest change and last review."""
    return rows_for(select(repo, unit, as_of, numbers), numbers, standing(repo, unit, as_of))
