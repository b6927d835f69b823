"""Which SQS 2 review cycles exist: the ones with reviews recorded, and the one open now.

Form 2.01 is made for one cycle (named by the year its window opens, as `generate form-2.01
--cycle` takes it). A person choosing the cycle wants the cycles that have reviews, newest
first, and, for a unit, the latest one it has reviews in; a unit with none yet gets the cycle
open now (or last opened), whose form is the blank checklist taken to the review meeting.
A review belongs to the cycle `domain.due.cycle_of` gives, as on form 2.01 itself. The
reviews a unit has include the head office's of the SQSs it has no policy of its own under
(repo_tool.domain.head_office).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from repo_tool.domain.due import Window, cycle_of, first_window_ending_on_or_after, window
from repo_tool.domain.head_office import HEAD_OFFICE, credit, policies_by_sqs
from repo_tool.domain.reviews import Filters, Review, reviews
from repo_tool.repository import Repository
from repo_tool.sqs import NUMBERS
from repo_tool.store.review_log import CurrentDocument


def policies_of(repo: Repository, unit: str) -> tuple[dict[int, list[CurrentDocument]],
                                                        set[int]]:
    """SQS -> the current policies the unit's SQS stands on (its own, else the head
    office's), and the SQSs that stand on the head office's."""
    log = repo.catalog.review_log
    present = log.current_documents(unit)
    if unit != HEAD_OFFICE:
        present += log.current_documents(HEAD_OFFICE)
    by_sqs = policies_by_sqs(present)
    filed: dict[int, list[CurrentDocument]] = {}
    credited: set[int] = set()
    for number in NUMBERS:
        found = credit(unit, number, by_sqs)
        filed[number] = list(found.policies)
        if found.from_head_office:
            credited.add(number)
    return filed, credited


def counted_reviews(repo: Repository, unit: str, credited: set[int],
                    since: date | None = None, until: date | None = None) -> list[Review]:
    """The unit's reviews, and the head office's of the SQSs credited to it, oldest first."""
    found = reviews(repo, Filters(unit=unit, since=since, until=until))
    if credited:
        found += [r for r in reviews(repo, Filters(unit=HEAD_OFFICE, since=since, until=until))
                  if r.sqs in credited]
    return sorted(found, key=lambda r: (r.reviewed_on, r.id))


def next_to_review(repo: Repository, today: date | None = None) -> Window:
    """The window open on `today`, or the next to open: the blank checklist's cycle."""
    return first_window_ending_on_or_after(repo.config.review_cycle, today or date.today())


def default_cycle(repo: Repository, unit: str, today: date | None = None) -> int:
    """The cycle form 2.01 is of when none is given: the latest with a review counted for the
    unit, else the window open on `today` or the next to open (its blank checklist)."""
    rhythm = repo.config.review_cycle
    found = counted_reviews(repo, unit, policies_of(repo, unit)[1])
    if found:
        return max(cycle_of(rhythm, r.reviewed_on) for r in found)
    return next_to_review(repo, today).cycle


@dataclass(frozen=True)
class ReviewCycles:
    """The cycles to offer for form 2.01, newest first, and each unit's default."""

    current: Window  # the cycle whose window opened last (it may be open now)
    listed: tuple[Window, ...]  # the current one and every cycle with reviews, newest first
    reviewed: dict[str, tuple[int, ...]]  # unit code -> the cycles it has reviews in, newest first

    def default_for(self, unit: str) -> Window:
        """The latest cycle the unit has reviews in, else the current one."""
        years = self.reviewed.get(unit)
        if not years:
            return self.current
        return next(w for w in self.listed if w.cycle == years[0])


def review_cycles(repo: Repository, today: date | None = None) -> ReviewCycles:
    """The cycles of the review log, newest first, with the current cycle among them."""
    rhythm = repo.config.review_cycle
    current = next_to_review(repo, today)
    by_unit: dict[str, set[int]] = defaultdict(set)
    for unit in repo.config.units:
        credited = policies_of(repo, unit.code)[1]
        for review in counted_reviews(repo, unit.code, credited):
            by_unit[unit.code].add(cycle_of(rhythm, review.reviewed_on))
    years = {current.cycle}.union(*by_unit.values())
    return ReviewCycles(
        current=current,
        listed=tuple(window(rhythm, year) for year in sorted(years, reverse=True)),
        reviewed={unit: tuple(sorted(found, reverse=True)) for unit, found in by_unit.items()})
