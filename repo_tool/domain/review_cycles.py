"""Which SQS 2 review cycles exist: the ones with reviews recorded, and the one open now.

Form 2.01 is made for one cycle (named by the year its window opens, as `generate form-2.01
--cycle` takes it). A person choosing the cycle wants the cycles that have reviews, newest
first, and, for a unit, the latest one it has reviews in; a unit with none yet gets the cycle
open now (or last opened), whose form is the blank checklist taken to the review meeting.
A review belongs to the cycle `domain.due.cycle_of` gives, as on form 2.01 itself.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from repo_tool.domain.due import Window, cycle_of, window
from repo_tool.domain.reviews import Filters, reviews
from repo_tool.repository import Repository


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
    current = window(rhythm, cycle_of(rhythm, today or date.today()))
    by_unit: dict[str, set[int]] = defaultdict(set)
    for review in reviews(repo, Filters()):
        by_unit[review.unit].add(cycle_of(rhythm, review.reviewed_on))
    years = {current.cycle}.union(*by_unit.values())
    return ReviewCycles(
        current=current,
        listed=tuple(window(rhythm, year) for year in sorted(years, reverse=True)),
        reviewed={unit: tuple(sorted(found, reverse=True)) for unit, found in by_unit.items()})
