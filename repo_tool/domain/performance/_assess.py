"""How a unit stands against each standard in a financial year: met, at risk, not met.

The year's figure (`actual`) is made from the periods entered so far, as the standard says:
the average of the periods, their sum, or the latest. The per-period target is the agreed
level (for `sum`, the level divided by the number of periods). Then, as of `today`:

- **met** / **not met**: the year is complete (every period entered, or the year is over) and
  the year's figure reaches the level, or does not. A standard can be met on the year's average
  while some quarters fell below (`below` lists them): SWD judges the year's figure.
- **at risk**: periods remain, and either the projected year figure misses the level (the
  figure so far; for `sum`, the total so far scaled to the whole year) or the latest period
  missed its per-period target.
- **on track**: periods remain and neither of those holds.
- **no figures**: nothing entered for the year yet.

An ESR is judged per period as met or not met; one period not met makes the year not met at
once. A period that has ended with no figure is **missing** (a statistics return not entered).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from repo_tool.domain.performance._periods import Period, parse_period, periods_of, year_end
from repo_tool.domain.performance._standards import Standard, Standards
from repo_tool.store.performance import FigureRow

Verdict = Literal["met", "not met", "at risk", "on track", "no figures"]
VERDICT_ZH: dict[Verdict, str] = {"met": "符合", "not met": "未符合", "at risk": "有未達標風險",
                                  "on track": "進度正常", "no figures": "未有數字"}


@dataclass(frozen=True)
class Figure:
    """The figure that counts for one period, and how many times it was entered."""

    period: Period
    value: float
    note: str | None
    recorded_at: str
    entries: int


@dataclass(frozen=True)
class Assessment:
    """One standard of one unit in one financial year, as of a day."""

    standard: Standard
    year: int
    as_of: date
    figures: tuple[Figure, ...]  # in period order, only the periods entered
    periods: tuple[Period, ...]  # every period of the year
    missing: tuple[Period, ...]  # ended, and no figure entered
    below: tuple[Period, ...]  # entered, and missing the per-period target
    actual: float | None  # the year's figure so far
    projected: float | None  # the whole year's figure if things go on as so far
    complete: bool
    verdict: Verdict

    @property
    def target(self) -> float | None:
        """The per-period target (the level, or the level's share of the year for `sum`)."""
        level = self.standard.level
        if level is None:
            return 1.0
        return level / len(self.periods) if self.standard.aggregate == "sum" else level

    @property
    def met_on_year_only(self) -> bool:
        """Met on the year's figure although some periods were below their target."""
        return self.verdict == "met" and bool(self.below)

    @property
    def needs_plan(self) -> bool:
        return self.verdict in ("not met", "at risk")

    def explain(self) -> str:
        """One line: the verdict and why, e.g. `met on the year's average (Q2, Q3 below)`."""
        s = self.standard
        if self.verdict == "no figures":
            return "no figures entered yet"
        if s.is_esr:
            shorts = ", ".join(p.short for p in self.below)
            if self.below:
                return f"not met in {shorts}"
            return "met in every period" if self.complete else "met in every period so far"
        how = {"average": "average", "sum": "total", "latest": "latest figure"}[s.aggregate]
        so_far = "" if self.complete else " so far"
        text = f"{self.verdict}: year's {how}{so_far} {s.amount(self.actual or 0)} against " \
               f"{s.level_text}"
        if self.verdict == "met" and self.below:
            text = f"met on the year's {how} only ({s.amount(self.actual or 0)} against " \
                   f"{s.level_text}; {', '.join(p.short for p in self.below)} below)"
        elif self.verdict == "at risk":
            if self.projected is not None and self.projected != self.actual:
                text += f"; projected {s.amount(self.projected)}"
            latest = self.figures[-1]
            if latest.period in self.below:
                text += f"; {latest.period.short} was {s.amount(latest.value)}"
        return text


def _current(standard: Standard, year: int, rows: dict[tuple[str, str], FigureRow],
             history: dict[tuple[str, str], int]) -> tuple[Figure, ...]:
    out = []
    for period in periods_of(year, standard.frequency):
        row = rows.get((standard.code, period.code))
        if row is not None:
            out.append(Figure(parse_period(row.period), row.value, row.note, row.recorded_at,
                              history.get((standard.code, period.code), 1)))
    return tuple(out)


def assess(standard: Standard, year: int, figures: tuple[Figure, ...], today: date
           ) -> Assessment:
    """Judge one standard for one year from its figures (pure; see the module notes)."""
    periods = periods_of(year, standard.frequency)
    entered = {f.period for f in figures}
    missing = tuple(p for p in periods if p.end < today and p not in entered)
    complete = len(figures) == len(periods) or today > year_end(year)
    target = standard.level / len(periods) if standard.level is not None and \
        standard.aggregate == "sum" else standard.level
    if standard.is_esr:
        below = tuple(f.period for f in figures if f.value < 1)
    else:
        below = tuple(f.period for f in figures if not standard.meets(f.value, target or 0))
    if not figures:
        return Assessment(standard, year, today, figures, periods, missing, below, None, None,
                          complete, "no figures")
    values = [f.value for f in figures]
    verdict: Verdict
    if standard.is_esr:
        actual = 0.0 if below else 1.0
        projected = actual
        verdict = "not met" if below else ("met" if complete else "on track")
    else:
        level = standard.level or 0.0
        if standard.aggregate == "average":
            actual = sum(values) / len(values)
            projected = actual
        elif standard.aggregate == "sum":
            actual = sum(values)
            projected = actual * len(periods) / len(values)
        else:
            actual = projected = values[-1]
        if complete:
            verdict = "met" if standard.meets(actual, level) else "not met"
        elif not standard.meets(projected, level) or figures[-1].period in below:
            verdict = "at risk"
        else:
            verdict = "on track"
    return Assessment(standard, year, today, figures, periods, missing, below, actual,
                      projected, complete, verdict)


def assess_all(standards: Standards, rows: list[FigureRow], year: int, today: date
               ) -> list[Assessment]:
    """Every standard of a unit for one year, in file order, from the catalog's figure rows."""
    current: dict[tuple[str, str], FigureRow] = {}
    history: dict[tuple[str, str], int] = {}
    for row in rows:  # oldest first: the newest entry of each period wins
        current[(row.standard, row.period)] = row
        history[(row.standard, row.period)] = history.get((row.standard, row.period), 0) + 1
    return [assess(s, year, _current(s, year, current, history), today)
            for s in standards.standards]
