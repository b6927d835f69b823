"""Reporting years and periods: the Hong Kong financial year, April to March.

SWD's Funding and Service Agreements, the SPMS statistics and the Self Assessment Report all
count in financial years (seed 000 speaks of "2022-23年度"): the year **2025-26** runs from
1 April 2025 to 31 March 2026 and its SAR is due by mid-May 2026. A year is named by the
calendar year it starts in (`--year 2025` or `--year 2025-26`). Its periods are:

- quarters `2025-26-Q1` Apr-Jun 2025, `Q2` Jul-Sep 2025, `Q3` Oct-Dec 2025, `Q4` Jan-Mar 2026;
- halves `2025-26-H1` Apr-Sep 2025, `H2` Oct 2025-Mar 2026;
- the whole year `2025-26`.

The short forms `2025-Q1` and `2025-H1` mean the same (the year starting in 2025), never a
calendar quarter; every command echoes the months so a slip shows at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from repo_tool.errors import InvalidInput

Frequency = Literal["quarterly", "half-yearly", "yearly"]
FREQUENCIES: tuple[Frequency, ...] = ("quarterly", "half-yearly", "yearly")
FIRST_MONTH = 4  # the financial year starts on 1 April
_PARTS: dict[Frequency, tuple[str, ...]] = {"quarterly": ("Q1", "Q2", "Q3", "Q4"),
                                            "half-yearly": ("H1", "H2"), "yearly": ("Y",)}
_MONTHS = 12
_PERIOD = re.compile(r"^(\d{4})(?:[-/](\d{2}))?(?:[- ]?([QqHh])([1-4]))?$")
_YEAR = re.compile(r"^(\d{4})(?:[-/](\d{2}))?$")
_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def year_label(year: int) -> str:
    """`2025` -> `2025-26`."""
    return f"{year}-{(year + 1) % 100:02d}"


def year_of(day: date) -> int:
    """The financial year a day falls in (named by its starting calendar year)."""
    return day.year if day.month >= FIRST_MONTH else day.year - 1


def year_start(year: int) -> date:
    return date(year, FIRST_MONTH, 1)


def year_end(year: int) -> date:
    return year_start(year + 1) - timedelta(days=1)


def _add_months(year: int, months: int) -> date:
    index = FIRST_MONTH - 1 + months
    return date(year + index // _MONTHS, index % _MONTHS + 1, 1)


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period of a financial year."""

    year: int
    index: int  # 0-based position within the year
    frequency: Frequency

    @property
    def part(self) -> str:
        return _PARTS[self.frequency][self.index]

    @property
    def code(self) -> str:
        """`2025-26-Q1`, `2025-26-H2`, `2025-26` (how the catalog stores it)."""
        label = year_label(self.year)
        return label if self.frequency == "yearly" else f"{label}-{self.part}"

    @property
    def short(self) -> str:
        """`Q1`, `H2` or the year, for columns inside one year."""
        return year_label(self.year) if self.frequency == "yearly" else self.part

    @property
    def start(self) -> date:
        return _add_months(self.year, self.index * _months(self.frequency))

    @property
    def end(self) -> date:
        return _add_months(self.year, (self.index + 1) * _months(self.frequency)) \
            - timedelta(days=1)

    @property
    def months(self) -> str:
        """`Apr-Jun 2025`, `Oct 2025-Mar 2026`."""
        start, end = self.start, self.end
        if start.year == end.year:
            return f"{_ABBR[start.month - 1]}-{_ABBR[end.month - 1]} {end.year}"
        return f"{_ABBR[start.month - 1]} {start.year}-{_ABBR[end.month - 1]} {end.year}"

    @property
    def label(self) -> str:
        """`2025-26-Q1 (Apr-Jun 2025)`."""
        return f"{self.code} ({self.months})"


def _months(frequency: Frequency) -> int:
    return _MONTHS // len(_PARTS[frequency])


def periods_of(year: int, frequency: Frequency) -> tuple[Period, ...]:
    """Every period of a financial year at this frequency, in order."""
    return tuple(Period(year, i, frequency) for i in range(len(_PARTS[frequency])))


def _check_second(year: int, second: str | None, given: str) -> None:
    if second is not None and int(second) != (year + 1) % 100:
        raise InvalidInput(f"'{given}' is not a financial year: {year} is followed by "
                           f"{(year + 1) % 100:02d} ({year_label(year)})")


def parse_year(text: str) -> int:
    """`2025` or `2025-26` -> 2025 (the financial year 1 April 2025 - 31 March 2026)."""
    given = text.strip()
    match = _YEAR.match(given)
    if not match or not 1950 <= int(match.group(1)) <= 2200:
        raise InvalidInput(f"'{text}' is not a financial year; write 2025 or 2025-26 (1 April "
                           "2025 to 31 March 2026)")
    year = int(match.group(1))
    _check_second(year, match.group(2), given)
    return year


def parse_period(text: str) -> Period:
    """`2025-26-Q1`, `2025-Q1`, `2025-26-H2`, `2025-26` -> a Period (see the module notes)."""
    given = text.strip()
    match = _PERIOD.match(given)
    if not match or not 1950 <= int(match.group(1)) <= 2200:
        raise InvalidInput(f"'{text}' is not a period; write 2025-26-Q1 (Apr-Jun 2025), "
                           "2025-26-H2 (Oct 2025-Mar 2026) or 2025-26 (the whole year)")
    year = int(match.group(1))
    _check_second(year, match.group(2), given)
    letter, number = match.group(3), match.group(4)
    if letter is None:
        return Period(year, 0, "yearly")
    if letter.upper() == "H" and number not in ("1", "2"):
        raise InvalidInput(f"'{text}' is not a period: a year has two halves, H1 and H2")
    frequency: Frequency = "quarterly" if letter.upper() == "Q" else "half-yearly"
    return Period(year, int(number) - 1, frequency)
