"""Head-office policies credited to units: the agency's policy stands in for a unit's own.

A policy filed under `policies/agency/SQS-NN …` applies to every unit. For each SQS a unit has
no current policy of its own under, the head office's current policies under that SQS are
credited to the unit: they count as its policies in `status`, `review due`, form 2.01, the SAR
and the pack, and the head office's reviews and amendments of that SQS count as the unit's
(the latest review wins, whoever recorded it). A unit's own policy takes precedence: once it
files one, only its own policies and reviews count for that SQS.

Everything here is pure: callers pass the current documents, reviews and amendments they read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from repo_tool.store.review_log import Amendment, CurrentDocument, Review

HEAD_OFFICE = "agency"
HEAD_OFFICE_ZH = "總辦事處"
MARK = "總辦事處 head office"  # how papers mark a credited policy or review


@dataclass(frozen=True)
class Credit:
    """What one SQS of one unit stands on: its own policies, or the head office's."""

    unit: str
    sqs: int
    policies: tuple[CurrentDocument, ...]
    from_head_office: bool  # True when `policies` are the agency's, credited to the unit

    @property
    def head_office_paths(self) -> tuple[str, ...]:
        return tuple(d.path for d in self.policies) if self.from_head_office else ()


def policies_by_sqs(documents: Iterable[CurrentDocument]) -> dict[tuple[str, int],
                                                                   list[CurrentDocument]]:
    """(unit, SQS) -> the current policies filed under it."""
    found: dict[tuple[str, int], list[CurrentDocument]] = defaultdict(list)
    for document in documents:
        if document.kind == "policy":
            for number in document.sqs:
                found[(document.unit, number)].append(document)
    return found


def credit(unit: str, sqs: int,
           policies: dict[tuple[str, int], list[CurrentDocument]]) -> Credit:
    """The policies SQS `sqs` of `unit` stands on (see the module's rule)."""
    own = policies.get((unit, sqs), [])
    if own or unit == HEAD_OFFICE:
        return Credit(unit, sqs, tuple(own), False)
    agency = policies.get((HEAD_OFFICE, sqs), [])
    return Credit(unit, sqs, tuple(agency), bool(agency))


def reviews_counted(credited: Credit, own: list[Review], agency: list[Review]) -> list[Review]:
    """The reviews that count for one SQS of a unit: the head office's too when credited."""
    return own + agency if credited.from_head_office else own


def amendments_counted(credited: Credit, own: list[Amendment],
                       agency: list[Amendment]) -> list[Amendment]:
    """The amendments that count for one SQS of a unit: the head office's too when credited."""
    return own + agency if credited.from_head_office else own


def paper_notes(head_office: tuple[str, ...], reviewed_by_head_office: bool) -> tuple[str, ...]:
    """What the papers (SAR, form 2.01) say about a credited SQS, in both languages."""
    notes = [f"總辦事處政策 head-office policy: {path.rsplit('/', 1)[-1]}" for path in head_office]
    if reviewed_by_head_office:
        notes.append("總辦事處檢討 reviewed by the head office")
    return tuple(notes)
