"""Statistics returns for SWD's SPMIS: what a return covers, its checks, and what is due.

**What a return covers.** A unit's return for a period (`2025-26-Q3`, `2025-26-H1`, `2025-26`)
lists every standard whose own reporting period ends within the return's period, one row per
such standard period: a quarterly standard in every quarter's return, a half-yearly one in the
Q2 and Q4 returns (its H1 and H2) and the H1 and H2 returns, a yearly one (an ESR, by default)
in the Q4, H2 and whole-year returns. A half-year's or year's return lists each quarter of a
quarterly standard. A unit's returns come at the pace of its most frequent standard:
quarterly when it has a quarterly standard, else half-yearly, else yearly.

**Checks**, all listed at once and nothing written when any fails, each naming the standard:
- every standard period the return covers has a figure;
- a percentage (`measure: "%"`) is from 0 to 100;
- a figure far from the unit's history has a note saying why. Far means more than half the
  median away from the median of the standard's figures for its previous periods (the last 8
  at most, across years), judged only when there are at least 2 of them: with 85, 90 and 92
  before, anything below 45 or above 135 needs a note (after a median of 0, any other figure).

**Due.** A period's return is due once the period has ended and overdue `sar.returns_grace_days`
(repo.yaml, default 30) days after; `returns_due` looks at the periods of the current and the
previous financial year, from the first period the unit entered a figure for (so a unit that
starts keeping its statistics here is not asked for returns of the years before). A submitted
return is **revised since submission** when a figure or note it holds has changed since
(re-entering the same figure is not a change).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from repo_tool.config import Unit
from repo_tool.domain.performance._periods import (
    Frequency,
    Period,
    parse_period,
    periods_of,
    year_of,
)
from repo_tool.domain.performance._standards import (
    Standard,
    Standards,
    has_standards,
    load_standards,
)
from repo_tool.errors import InvalidInput
from repo_tool.repository import Repository
from repo_tool.store.performance import FigureRow
from repo_tool.store.returns_log import Submission

ReturnState = Literal["not submitted", "submitted", "revised since submission"]
DueState = Literal["due", "overdue", "revised"]
HISTORY = 8  # previous periods looked at, at most
MIN_HISTORY = 2  # fewer previous figures than this: no figure is judged far
FAR = 0.5  # more than this share of the median away from it is far


def number_text(value: float) -> str:
    """`92`, `92.5`: a figure as the return file writes it (no exponent, no trailing zeros)."""
    return f"{value:.6f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class ReturnRow:
    """One standard's figure for one of its periods, as the return lists it."""

    standard: Standard
    period: Period
    value: float | None  # None: no figure entered
    note: str | None

    @property
    def figure(self) -> str:
        """`92.5`, or `met` / `not met` for an ESR; empty when there is no figure."""
        if self.value is None:
            return ""
        if self.standard.is_esr:
            return "met" if self.value >= 1 else "not met"
        return number_text(self.value)


@dataclass(frozen=True)
class StatsReturn:
    """A unit's statistics return for a period, checked, with its earlier submissions."""

    unit: Unit
    period: Period
    as_of: date
    standards_path: str
    rows: tuple[ReturnRow, ...]
    problems: tuple[str, ...]  # one line per failed check; empty when it may be written
    submissions: tuple[Submission, ...]  # of this period, oldest first

    @property
    def content(self) -> str:
        """The figures and notes as canonical JSON: what a submission remembers."""
        return json.dumps([[r.standard.code, r.period.code, r.value, r.note] for r in self.rows],
                          ensure_ascii=False, separators=(",", ":"))

    @property
    def digest(self) -> str:
        import hashlib  # OpenSSL's, ~3 ms to load: only when a return is made

        return hashlib.sha256(self.content.encode("utf-8")).hexdigest()

    @property
    def latest(self) -> Submission | None:
        return self.submissions[-1] if self.submissions else None

    @property
    def state(self) -> ReturnState:
        if self.latest is None:
            return "not submitted"
        return "submitted" if self.latest.content_sha256 == self.digest \
            else "revised since submission"

    def changes(self) -> tuple[str, ...]:
        """What differs from the latest submission: `OS1 2025-26-Q3: 92% → 90%`."""
        if self.latest is None:
            return ()
        old = {(code, period): (value, note)
               for code, period, value, note in json.loads(self.latest.content)}
        out: list[str] = []
        for row in self.rows:
            key = (row.standard.code, row.period.code)
            name = f"{row.standard.code} {row.period.code}"
            if key not in old:
                out.append(f"{name}: added")
                continue
            value, note = old.pop(key)
            if value != row.value:
                out.append(f"{name}: {_amount(row.standard, value)} → "
                           f"{_amount(row.standard, row.value)}")
            elif note != row.note:
                out.append(f"{name}: note changed")
        out += [f"{code} {period}: no longer in the return" for code, period in old]
        return tuple(out)


def _amount(standard: Standard, value: float | None) -> str:
    return "no figure" if value is None else standard.amount(value)


@dataclass(frozen=True)
class ReturnDue:
    """A period whose return is not submitted yet, or was revised since it was submitted."""

    unit: str
    period: Period
    due_on: date  # the period's end plus the grace
    state: DueState
    latest: Submission | None  # the last submission, for a revised return
    changes: tuple[str, ...]  # for a revised return: what changed

    @property
    def overdue(self) -> bool:
        return self.state == "overdue"


def return_frequency(standards: Standards) -> Frequency:
    """The pace of a unit's returns: that of its most frequent standard."""
    given = {s.frequency for s in standards.standards}
    for frequency in ("quarterly", "half-yearly"):
        if frequency in given:
            return frequency
    return "yearly"


def covered(standards: Standards, period: Period) -> list[tuple[Standard, Period]]:
    """Each standard period that ends within `period`, in file order (see the module notes)."""
    out = []
    for standard in standards.standards:
        for own in periods_of(period.year, standard.frequency):
            if period.start <= own.end <= period.end:
                out.append((standard, own))
    return out


def _previous(standard: Standard, period: Period, current: dict[tuple[str, str], FigureRow]
              ) -> list[float]:
    """The standard's figures for its periods before `period`, the last HISTORY of them."""
    earlier = []
    for (code, text), row in current.items():
        if code != standard.code:
            continue
        other = parse_period(text)
        if other.frequency == standard.frequency and other < period:
            earlier.append((other, row.value))
    return [value for _, value in sorted(earlier)[-HISTORY:]]


def is_far(value: float, previous: list[float]) -> bool:
    """More than FAR of the median away from the median of `previous` (see the notes)."""
    if len(previous) < MIN_HISTORY:
        return False
    from statistics import median  # with fractions and decimal, ~4 ms: only here

    middle = median(previous)
    return abs(value - middle) > FAR * middle


def _problems(unit: str, rows: list[ReturnRow], current: dict[tuple[str, str], FigureRow]
              ) -> list[str]:
    out = []
    for row in rows:
        s, p = row.standard, row.period
        command = f"`repo-tool stats record --unit {unit} --standard {s.code} --period {p.code}"
        if row.value is None:
            out.append(f"{s.code} has no figure for {p.code}; enter it with {command} "
                       "--value ...`")
        elif s.is_esr:
            continue
        elif s.measure == "%" and row.value > 100:
            out.append(f"{s.code} {p.code} is {s.amount(row.value)}, but a percentage is from "
                       f"0 to 100; enter the right figure with {command} --value ...`")
        elif not row.note and is_far(row.value, previous := _previous(s, p, current)):
            out.append(f"{s.code} {p.code} is {s.amount(row.value)}, far from the usual "
                       f"{number_text(min(previous))}–{s.amount(max(previous))}: add a note "
                       f"saying why with {command} --value {number_text(row.value)} "
                       "--note ...`")
    return out


def assemble(unit: Unit, standards: Standards, period: Period, today: date,
             current: dict[tuple[str, str], FigureRow], submissions: list[Submission]
             ) -> StatsReturn:
    """The return from what is already loaded (pure; `build_return` loads it)."""
    rows = []
    for standard, own in covered(standards, period):
        figure = current.get((standard.code, own.code))
        rows.append(ReturnRow(standard, own, figure.value if figure else None,
                              figure.note if figure else None))
    return StatsReturn(unit, period, today, standards.path, tuple(rows),
                       tuple(_problems(unit.code, rows, current)),
                       tuple(s for s in submissions if s.period == period.code))


def build_return(repo: Repository, unit: str, period: str | Period,
                 today: date | None = None) -> StatsReturn:
    """The unit's return for a period that has ended, with the result of its checks."""
    registered = repo.config.unit(unit)
    on = today or date.today()
    chosen = parse_period(period) if isinstance(period, str) else period
    if chosen.end >= on:
        raise InvalidInput(f"{chosen.label} has not ended (today is {on.isoformat()}); its "
                           f"return can be made from {(chosen.end + timedelta(days=1))}")
    standards = load_standards(repo.root, unit)
    if not covered(standards, chosen):
        raise InvalidInput(f"no standard of unit '{unit}' is reported in {chosen.label}: its "
                           f"returns are {return_frequency(standards)} (see {standards.path})")
    return assemble(registered, standards, chosen, on,
                    repo.catalog.performance.current_figures(unit),
                    repo.catalog.returns.submissions(unit))


def returns_due(repo: Repository, unit: str, today: date | None = None) -> tuple[ReturnDue, ...]:
    """Periods of this and last financial year that have ended whose return is not submitted
    (`due`, or `overdue` past the grace), or was revised since (`revised`); none for a unit
    without a standards file."""
    registered = repo.config.unit(unit)
    if not has_standards(repo.root, unit):
        return ()
    return due_from(registered, load_standards(repo.root, unit),
                    repo.catalog.performance.current_figures(unit),
                    repo.catalog.returns.submissions(unit),
                    timedelta(days=repo.config.sar.returns_grace_days), today or date.today())


def due_from(registered: Unit, standards: Standards, current: dict[tuple[str, str], FigureRow],
             submissions: list[Submission], grace: timedelta, on: date
             ) -> tuple[ReturnDue, ...]:
    """`returns_due` from what is already loaded (pure; the overview reads it for every unit
    at once)."""
    unit = registered.code
    frequency = return_frequency(standards)
    codes = {s.code for s in standards.standards}  # pledge results share the figures table
    entered = [parse_period(text).start for code, text in current if code in codes]
    if not entered:
        return ()
    first = min(entered)
    out = []
    for year in (year_of(on) - 1, year_of(on)):
        for period in periods_of(year, frequency):
            if period.end >= on or period.end < first:
                continue
            found = assemble(registered, standards, period, on, current, submissions)
            due_on = period.end + grace
            if found.latest is None:
                out.append(ReturnDue(unit, period, due_on, "overdue" if on > due_on else "due",
                                     None, ()))
            elif found.state == "revised since submission":
                out.append(ReturnDue(unit, period, due_on, "revised", found.latest,
                                     found.changes()))
    return tuple(out)
