"""The SQS 2 due-date engine: pure date arithmetic over the review cycle in repo.yaml.

The words, for a cycle of `years`, `start_month`, `deadline_month` and `effective_month`:

- The **window** of review year Y runs from the 1st of `start_month` in Y to the last day of
  `deadline_month` (in Y when `deadline_month` >= `start_month`, else in Y + 1); what it
  decides is **effective** from the 1st of `effective_month` after that deadline. With the
  HKCSS defaults (seed 001), the window of 2023 is 2023-12-01 to 2024-03-31, effective
  2024-04-01, and is called "2023-24".
- A review dated D belongs to the **cycle** `cycle_of(D)`: the latest Y whose window opened on
  or before D. A review finished late (April to November) still counts for the cycle it was
  late for; one done before a window opens counts for the cycle before, so a review never
  pushes the next one later than the cycle's rhythm allows.
- The next review of that SQS is due by the deadline of cycle `cycle_of(D) + years`.
- **Overdue** after that deadline; **due soon** once its window opens within the horizon
  (`--within`, 90 days by default), which includes a window that is open now; else **ok**.

Nothing here reads the catalog or the clock: callers pass `today`.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from repo_tool.config import ReviewCycle
from repo_tool.errors import InvalidInput

DueState = Literal["overdue", "due soon", "ok"]

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DURATION = re.compile(r"^\s*(\d{1,4})\s*([dwmy])\s*$", re.IGNORECASE)
_UNIT_WORDS = {"d": "day", "w": "week", "m": "month", "y": "year"}


@dataclass(frozen=True)
class Window:
    """The review window of one cycle: when it opens, its deadline, when it takes effect."""

    cycle: int
    start: date
    deadline: date
    effective: date

    @property
    def label(self) -> str:
        """`2023-24` for a window that crosses the new year, else `2023`."""
        if self.deadline.year == self.start.year:
            return str(self.cycle)
        return f"{self.cycle}-{self.deadline.year % 100:02d}"

    @property
    def period(self) -> str:
        """`2023-12-01 – 2024-03-31`."""
        return f"{self.start.isoformat()} – {self.deadline.isoformat()}"


@dataclass(frozen=True)
class Duration:
    """A horizon such as `90d`, `6w`, `3m` or `1y`; months and years are calendar ones."""

    amount: int
    unit: Literal["d", "w", "m", "y"]

    def after(self, day: date) -> date:
        """The day this long after `day` (31 January + 1m is the last day of February)."""
        if self.unit == "d":
            return day + timedelta(days=self.amount)
        if self.unit == "w":
            return day + timedelta(weeks=self.amount)
        months = self.amount * (12 if self.unit == "y" else 1)
        return add_months(day, months)

    def __str__(self) -> str:
        return f"{self.amount}{self.unit}"

    @property
    def words(self) -> str:
        """`90 days`, `1 month`."""
        word = _UNIT_WORDS[self.unit]
        return f"{self.amount} {word}{'' if self.amount == 1 else 's'}"


DEFAULT_HORIZON = Duration(90, "d")


def parse_duration(text: str) -> Duration:
    """`90d`, `6w`, `3m` or `1y` from the command line."""
    match = _DURATION.match(text)
    if not match:
        raise InvalidInput(f"'{text}' is not a duration; write a number and d, w, m or y, "
                           "e.g. 90d, 6w, 3m or 1y")
    unit = match.group(2).lower()
    assert unit in ("d", "w", "m", "y")
    return Duration(int(match.group(1)), unit)  # type: ignore[arg-type]


def last_day(year: int, month: int) -> date:
    """The last day of a month (29 February in leap years)."""
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def window(cycle: ReviewCycle, year: int) -> Window:
    """The window of the review year that opens in `year`."""
    start = date(year, cycle.start_month, 1)
    deadline_year = year if cycle.deadline_month >= cycle.start_month else year + 1
    deadline = last_day(deadline_year, cycle.deadline_month)
    effective_year = (deadline.year if cycle.effective_month > deadline.month
                      else deadline.year + 1)
    return Window(year, start, deadline, date(effective_year, cycle.effective_month, 1))


def cycle_of(cycle: ReviewCycle, day: date) -> int:
    """The review year a review dated `day` belongs to: the latest window opened by then."""
    return day.year if day.month >= cycle.start_month else day.year - 1


def next_window(cycle: ReviewCycle, last_review: date) -> Window:
    """The window by whose deadline the review after one dated `last_review` is due."""
    return window(cycle, cycle_of(cycle, last_review) + cycle.years)


def first_window_ending_on_or_after(cycle: ReviewCycle, day: date) -> Window:
    """The earliest window whose deadline is not before `day` (for SQSs never reviewed)."""
    candidate = window(cycle, cycle_of(cycle, day))
    while candidate.deadline < day:
        candidate = window(cycle, candidate.cycle + 1)
    return candidate


def due_state(next_review: Window, today: date, horizon: Duration = DEFAULT_HORIZON
              ) -> DueState:
    """Overdue after the deadline; due soon once the window opens within the horizon."""
    if today > next_review.deadline:
        return "overdue"
    if next_review.start <= horizon.after(today):
        return "due soon"
    return "ok"
