"""Entering statistics: one figure from the command line, or many from a CSV file.

The same commands enter a performance pledge's results: a code `PL1`.. is checked against the
unit's pledges (domain/pledges) instead of its standards file.

Every figure is checked against the unit's standards file (the code exists, the period has the
standard's frequency and has begun, the value is a number, or met / not met for an ESR) before
anything is written; an import writes all its rows in one transaction or none of them, and each
bad line is reported as `figures.csv:7: value: 'abc' is not a number`.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from repo_tool.domain.csv_text import ADVICE, check_csv, decode_csv
from repo_tool.domain.performance._periods import Period, parse_period
from repo_tool.domain.performance._standards import MAX_FIGURE, Standard, Standards, load_standards
from repo_tool.errors import InvalidInput, RepoError
from repo_tool.models import Actor
from repo_tool.repository import Repository
from repo_tool.store.session import now

_MET = {"met", "yes", "y", "1", "符合", "true"}
_NOT_MET = {"not met", "not-met", "no", "n", "0", "未符合", "false"}
_COLUMNS = ("unit", "standard", "period", "value", "note")
_MAX_ERRORS = 20


@dataclass(frozen=True)
class Entry:
    """A checked figure, ready to be written."""

    unit: str
    standard: Standard
    period: Period
    value: float
    note: str | None
    replaces: float | None  # the figure it supersedes, if the period had one


def parse_value(standard: Standard, text: str) -> float:
    """`92.5`, `92.5%`, or for an ESR `met` / `not met` (1 / 0)."""
    given = text.strip()
    if standard.is_esr:
        if given.lower() in _MET:
            return 1.0
        if given.lower() in _NOT_MET:
            return 0.0
        raise InvalidInput(f"'{text}' is not a judgement; {standard.code} is an ESR: give "
                           "met or not-met")
    number = given[:-1].strip() if given.endswith("%") else given
    try:
        value = float(number.replace(",", ""))
    except ValueError:
        raise InvalidInput(f"'{text}' is not a number") from None
    if not math.isfinite(value) or value < 0 or value > MAX_FIGURE:
        raise InvalidInput(f"'{text}' is not a figure; give a number from 0 to {MAX_FIGURE:,.0f}")
    return value


def codes_for(root: Path, unit: str, code: str) -> Standards:
    """Where a code's figures are checked: the unit's pledges for `PL1`.. (its own
    pledges.yaml, else the head office's), else its standards.yaml."""
    if code.strip().upper().startswith("PL"):
        from repo_tool.domain.pledges import load_pledges  # pledges build on this package

        return load_pledges(root, unit).standards
    return load_standards(root, unit)


def check_period(standard: Standard, text: str, today: date) -> Period:
    period = parse_period(text)
    if period.frequency != standard.frequency:
        example = {"quarterly": "2025-26-Q1", "half-yearly": "2025-26-H1",
                   "yearly": "2025-26"}[standard.frequency]
        raise InvalidInput(f"{standard.code} is reported {standard.frequency}; give a period "
                           f"such as {example}, not '{text}'")
    if period.start > today:
        raise InvalidInput(f"{period.label} has not begun (today is {today.isoformat()}); "
                           "enter its figure once there is one")
    return period


def _entry(repo: Repository, standards: Standards, code: str, period_text: str,
           value_text: str, note: str | None, today: date) -> Entry:
    standard = standards.get(code)
    period = check_period(standard, period_text, today)
    value = parse_value(standard, value_text)
    current = repo.catalog.performance.current_figures(standards.unit)
    old = current.get((standard.code, period.code))
    return Entry(standards.unit, standard, period, value,
                 note.strip() if note and note.strip() else None, old.value if old else None)


def _write(repo: Repository, command: str, entries: list[Entry], actor: Actor,
           source: str | None = None) -> None:
    with repo.writing(command, actor) as session:
        log = session.catalog.performance
        at = now()
        with session.catalog.transaction():
            for e in entries:
                log.add_figure(e.unit, e.standard.code, e.period.code, e.value, e.note, at,
                               actor.user, actor.by)
            detail: dict[str, object] = {"figures": [
                f"{e.unit} {e.standard.code} {e.period.code} = {e.value:g}"
                + (f" (was {e.replaces:g})" if e.replaces is not None else "")
                for e in entries[:50]], "count": len(entries)}
            if source:
                detail["file"] = source
            session.audit(command, detail)


def record_figure(repo: Repository, *, unit: str, standard: str, period: str, value: str,
                  actor: Actor, note: str | None = None, today: date | None = None) -> Entry:
    """Enter one figure (a new entry; an earlier one for the period stays as history)."""
    repo.config.unit(unit)
    entry = _entry(repo, codes_for(repo.root, unit, standard), standard, period, value, note,
                   today or date.today())
    _write(repo, "stats record", [entry], actor)
    return entry


def import_figures(repo: Repository, path: Path, *, actor: Actor, unit: str | None = None,
                   today: date | None = None) -> list[Entry]:
    """Enter every row of a CSV file (columns unit, standard, period, value, note), or none."""
    on = today or date.today()
    try:
        text = decode_csv(path.read_bytes())
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot be read ({exc.strerror})") from None
    if text is None:
        raise InvalidInput(f"{path.name}: {ADVICE}")
    check_csv(text, path.name)
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    reader.fieldnames = header
    needed = ["standard", "period", "value"] + ([] if unit else ["unit"])
    absent = [c for c in needed if c not in header]
    unknown = [c for c in header if c not in _COLUMNS]
    if absent or unknown:
        raise InvalidInput(f"{path.name}:1: the header needs {', '.join(needed)} (and may have "
                           f"note); " + (f"missing {', '.join(absent)}" if absent else
                                          f"unknown column {', '.join(unknown)}"))
    if unit:
        repo.config.unit(unit)
    entries: list[Entry] = []
    errors: list[str] = []
    seen: dict[tuple[str, str, str], int] = {}
    loaded: dict[tuple[str, bool], Standards] = {}
    for row in reader:
        line = reader.line_num
        field = "unit"
        try:
            code = (row.get("unit") or "").strip() or unit or ""
            if unit and code != unit:
                raise InvalidInput(f"'{code}' is not the unit given with --unit ({unit})")
            given = row.get("standard") or ""
            which = (code, given.strip().upper().startswith("PL"))
            if which not in loaded:
                repo.config.unit(code)
                loaded[which] = codes_for(repo.root, code, given)
            field = "standard"
            standard = loaded[which].get(given)
            field = "period"
            period = check_period(standard, row.get("period") or "", on)
            key = (code, standard.code, period.code)
            if key in seen:
                raise InvalidInput(f"{standard.code} {period.code} is already on line "
                                   f"{seen[key]} of this file")
            seen[key] = line
            field = "value"
            entries.append(_entry(repo, loaded[which], standard.code, period.code,
                                  row.get("value") or "", row.get("note"), on))
        except RepoError as exc:
            errors.append(f"{path.name}:{line}: {field}: {exc.message}")
            if len(errors) >= _MAX_ERRORS:
                break
    if errors:
        raise InvalidInput("nothing imported; fix these lines and import again:\n"
                           + "\n".join(errors))
    if not entries:
        raise InvalidInput(f"{path.name}: no rows under the header; nothing to import")
    _write(repo, "stats import", entries, actor, path.name)
    return entries


def describe(entry: Entry) -> str:
    """`home OS1 2025-26-Q1 (Apr-Jun 2025): 92% (was 91%)`."""
    text = f"{entry.unit} {entry.standard.code} {entry.period.label}: " \
           f"{entry.standard.amount(entry.value)}"
    if entry.replaces is not None:
        text += f" (replaces {entry.standard.amount(entry.replaces)}, kept as history)"
    return text
