"""Years of not meeting, and the audit's `status` alerts.

Seed 000: standards not met for several years running are closely monitored. A standard (ESR,
OS or OC) is not met in a year when its year is judged `not met`; an SQS when that year's
internal service audit judged at least one of its criteria not met. Two or more consecutive
years, ending with the year asked about, make it **persistently not met — close monitoring**.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass
from datetime import date

from repo_tool.domain.isa._audit import REPORT_STEM, report_state
from repo_tool.domain.performance import (
    Assessment,
    has_standards,
    year_label,
    year_of,
    year_report,
)
from repo_tool.errors import RepoError
from repo_tool.repository import Repository

FLAG = "persistently not met — close monitoring"
FLAG_ZH = "持續未符合 — 密切監察"
_MAX_YEARS = 10


@dataclass(frozen=True)
class Persistent:
    """A standard or SQS not met in consecutive years up to and including `years[-1]`."""

    code: str  # OS1, ESR2, SQS14
    years: tuple[int, ...]

    @property
    def text(self) -> str:
        """`OS1: persistently not met — close monitoring (not met in 2024-25, 2025-26)`."""
        return f"{self.code}: {FLAG} (not met in {', '.join(year_label(y) for y in self.years)})"


def not_met_codes(assessments: Iterable[Assessment], isa_sqs: Iterable[int]) -> set[str]:
    """What was not met in a year: the standards judged `not met`, and each SQS the year's
    audit judged not met in some criterion (the one rule; pure)."""
    return {a.standard.code for a in assessments if a.verdict == "not met"} | {
        f"SQS{n}" for n in isa_sqs}


def _not_met(repo: Repository, unit: str, year: int, today: date) -> set[str]:
    assessments: tuple[Assessment, ...] = ()
    if has_standards(repo.root, unit):
        with suppress(RepoError):  # a broken standards file is its own alert
            assessments = year_report(repo, unit, year, today).assessments
    row = repo.catalog.isa.audit(unit, year)
    findings = repo.catalog.isa.findings(row.id) if row is not None else []
    return not_met_codes(assessments, (f.sqs for f in findings if f.result == "not-met"))


def persistent(repo: Repository, unit: str, year: int, today: date | None = None
               ) -> tuple[Persistent, ...]:
    """What has not been met in `year` and the year before it (and maybe longer)."""
    on = today or date.today()
    return runs(year, lambda back: _not_met(repo, unit, back, on))


def runs(year: int, not_met: Callable[[int], set[str]]) -> tuple[Persistent, ...]:
    """The rule of years running: codes not met in `year` and the year before it (and maybe
    longer), given what was not met in any year (`not_met(year)`, read as needed)."""
    found_runs: dict[str, list[int]] = {code: [year] for code in not_met(year)}
    back = year - 1
    while found_runs and year - back < _MAX_YEARS:
        earlier = not_met(back)
        extended = [code for code, years in found_runs.items() if years[0] == back + 1
                    and code in earlier]
        if not extended:
            break
        for code in extended:
            found_runs[code].insert(0, back)
        back -= 1
    found = [Persistent(code, tuple(years)) for code, years in found_runs.items()
             if len(years) >= 2]
    return tuple(sorted(found, key=lambda p: (p.code.startswith("SQS"), p.code)))


def alerts(repo: Repository, unit: str, today: date) -> tuple[str, ...]:
    """The audit report of the year just ended not approved (for a unit with standards or an
    audit that year); anything persistently not met this year or last."""
    out: list[str] = []
    previous = year_of(today) - 1
    if has_standards(repo.root, unit) or repo.catalog.isa.audit(unit, previous) is not None:
        state = report_state(repo, unit, previous)
        if state is None or not state.approved:
            made = f"{state.path} v{state.version} is not approved; record the approvals " \
                   f"with `repo-tool approve '{state.path}' ...`" if state else \
                   f"make it with `repo-tool generate isa-report --unit {unit} --year " \
                   f"{previous}`"
            out.append(f"no approved internal service audit report ({REPORT_STEM}) for "
                       f"{year_label(previous)}: {made}")
    seen: set[str] = set()
    for year in (year_of(today), previous):
        for found in persistent(repo, unit, year, today):
            if found.code not in seen:
                seen.add(found.code)
                out.append(found.text)
    return tuple(out)
