"""Staff read-and-understood records: who has acknowledged the version of a policy in force.

The staff of a unit are the `staff:` list of its roster (`records/<unit>/staff.yaml`, the file
the org chart is drawn from). An acknowledgement ties a staff id to one version of a policy of
the unit or of the head office (`agency`); the report compares the roster with the
acknowledgements of the version in force, so a new version in force starts a fresh list of who
must still sign. Acknowledgements are only ever added (recording one twice keeps the first).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from repo_tool.domain.csv_text import ADVICE, check_csv, decode_csv
from repo_tool.domain.policies import document_states, load_states
from repo_tool.domain.roster import StaffMember, load_roster
from repo_tool.errors import ConfigError, InvalidInput, NotFound
from repo_tool.humanize import parse_day
from repo_tool.models import Actor, Document, Version
from repo_tool.repository import Repository
from repo_tool.store.lifecycle_log import Acknowledgement
from repo_tool.store.session import now

CSV_COLUMNS = ("staff", "document", "version", "date")


def staff_of(repo: Repository, unit: str) -> tuple[StaffMember, ...]:
    """The people of the unit's roster; NotFound when it lists none."""
    repo.config.unit(unit)
    roster = load_roster(repo.root, unit)
    if not roster.staff:
        raise NotFound(f"{roster.path} lists no staff; add a `staff:` list to "
                       f"records/{unit}/staff.yaml (id, name and post of each person, see "
                       "README 'Policy lifecycle')")
    return roster.staff


def _policy_of_unit(repo: Repository, unit: str, given: str | Path) -> Document:
    document = repo.document(given)
    if document.kind != "policy":
        raise InvalidInput(f"'{document.path}' is a record; staff acknowledge policies")
    if document.unit not in (unit, "agency"):
        raise InvalidInput(f"'{document.path}' is a policy of unit '{document.unit}', not of "
                           f"'{unit}' or the head office")
    return document


def version_for(repo: Repository, document: Document, number: int | None,
                today: date) -> Version:
    """The version given, else the one in force on `today` (an error when there is none)."""
    if number is not None:
        return repo.version(document, number)
    states = document_states(repo, document, today)
    in_force = [n for n, s in states.items() if s.state == "in force"]
    if not in_force:
        raise InvalidInput(f"'{document.path}' has no version in force on {today}; approve "
                           "one with `repo-tool approve`, or give --version N")
    return repo.version(document, in_force[0])


@dataclass(frozen=True)
class AckRow:
    """One acknowledgement to record."""

    staff_id: str
    document: Document
    version: Version
    day: date


def _check(repo: Repository, unit: str, staff: dict[str, StaffMember], staff_id: str,
           given: str, number: int | None, day: date, today: date) -> AckRow:
    staff_id = staff_id.strip()
    if staff_id not in staff:
        raise InvalidInput(f"staff id '{staff_id}' is not in the staff list of "
                           f"records/{unit}/staff.yaml")
    if day > today:
        raise InvalidInput(f"the date {day} is in the future (today is {today})")
    document = _policy_of_unit(repo, unit, given)
    return AckRow(staff_id, document, version_for(repo, document, number, today), day)


def _write(repo: Repository, unit: str, rows: list[AckRow], source: str, actor: Actor,
           command: str) -> int:
    with repo.writing(command, actor) as session, session.catalog.transaction():
        added = session.catalog.lifecycle.add_acks(
            unit, [(r.staff_id, r.version.id, r.day) for r in rows], source, now(),
            actor.user)
        session.audit(command, {
            "unit": unit, "source": source, "rows": len(rows), "new": added,
            "versions": sorted({f"{r.document.path} v{r.version.number}" for r in rows})})
    return added


def record_ack(repo: Repository, *, unit: str, staff_id: str, document: str | Path,
               day: date, actor: Actor, number: int | None = None,
               today: date | None = None) -> tuple[Acknowledgement, bool]:
    """Record one acknowledgement; returns it and whether it is new."""
    on = today or date.today()
    staff = {s.id: s for s in staff_of(repo, unit)}
    row = _check(repo, unit, staff, staff_id, str(document), number, day, on)
    added = _write(repo, unit, [row], "command", actor, "ack record")
    found = repo.catalog.lifecycle.ack(unit, row.staff_id, row.version.id)
    assert found is not None
    return found, added == 1


def record_acks(repo: Repository, *, unit: str, staff_ids: list[str], document: str | Path,
                day: date, actor: Actor, number: int | None = None,
                today: date | None = None) -> tuple[int, int]:
    """Record that several staff read one policy (the people ticked on the web page): every
    one or, if any id is wrong, none. Returns (new, already recorded)."""
    on = today or date.today()
    staff = {s.id: s for s in staff_of(repo, unit)}
    if not [s for s in staff_ids if s.strip()]:
        raise InvalidInput("no staff id given; give the staff who signed")
    rows = [_check(repo, unit, staff, staff_id, str(document), number, day, on)
            for staff_id in dict.fromkeys(s.strip() for s in staff_ids if s.strip())]
    added = _write(repo, unit, rows, "command", actor, "ack record")
    return added, len(rows) - added


def import_acks(repo: Repository, *, unit: str, source: Path, actor: Actor,
                document: str | None = None, day: date | None = None,
                today: date | None = None) -> tuple[int, int]:
    """Record the rows of a CSV (a signed attendance sheet): all of them or, if any row is
    wrong, none, with every wrong row named. Returns (new, already recorded)."""
    on = today or date.today()
    staff = {s.id: s for s in staff_of(repo, unit)}
    try:
        raw = source.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read {source}: {exc.strerror}") from None
    text = decode_csv(raw)
    if text is None:
        raise InvalidInput(f"{source.name}: {ADVICE}")
    check_csv(text, source.name)
    reader = csv.DictReader(io.StringIO(text))
    header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    unknown = [name for name in header if name not in CSV_COLUMNS]
    if not header or unknown or "staff" not in header:
        got = ", ".join(header) or "none"
        raise InvalidInput(f"{source.name}:1: the header must name the columns staff, and "
                           f"optionally document, version, date (got {got})")
    if "document" not in header and document is None:
        raise InvalidInput(f"{source.name}: no document column; give --document PATH")
    if "date" not in header and day is None:
        raise InvalidInput(f"{source.name}: no date column; give --date DATE")
    reader.fieldnames = header
    rows: list[AckRow] = []
    errors: list[str] = []
    for record in reader:
        line = reader.line_num
        cells = {k: (v or "").strip() for k, v in record.items() if k is not None}
        if not any(cells.values()):
            continue
        try:
            number = int(cells["version"]) if cells.get("version") else None
            when = parse_day(cells["date"], "date") if cells.get("date") else day
            path = cells.get("document") or document
            if not cells.get("staff"):
                raise InvalidInput("the staff id is empty")
            if when is None or path is None:
                raise InvalidInput("the date or document is empty")
            rows.append(_check(repo, unit, staff, cells["staff"], path, number, when, on))
        except ValueError:
            errors.append(f"line {line}: version '{cells.get('version')}' is not a number")
        except (InvalidInput, NotFound, ConfigError) as exc:
            errors.append(f"line {line}: {exc.message}")
    if errors:
        raise InvalidInput(f"{source.name}: {len(errors)} row(s) are wrong, nothing was "
                           "recorded:\n  " + "\n  ".join(errors))
    if not rows:
        raise InvalidInput(f"{source.name}: no rows to record")
    added = _write(repo, unit, rows, f"csv {source.name}", actor, "ack import")
    return added, len(rows) - added


@dataclass(frozen=True)
class StaffAck:
    """One person on the list of a report, with their acknowledgement if any."""

    staff_id: str
    name: str
    post: str | None
    acknowledged_on: date | None


@dataclass(frozen=True)
class AckReport:
    """Who has and has not acknowledged the version of one policy in force."""

    unit: str
    path: str
    version: int
    effective_on: date | None
    approver: str | None
    acknowledged: list[StaffAck] = field(default_factory=list)
    missing: list[StaffAck] = field(default_factory=list)


def _post_title(repo: Repository, unit: str) -> dict[str, str]:
    roster = load_roster(repo.root, unit)
    return {p.id: p.post_zh or p.post_en or p.id for p in roster.posts}


def ack_report(repo: Repository, unit: str, document: str | Path | None = None,
               today: date | None = None) -> list[AckReport]:
    """For each policy in force of the unit and the head office (or the one given): the staff
    who have acknowledged that version, and those who have not."""
    on = today or date.today()
    people = staff_of(repo, unit)
    titles = _post_title(repo, unit)
    states = load_states(repo, on)
    if document is not None:
        documents = [_policy_of_unit(repo, unit, document)]
    else:
        documents = [d for d in repo.catalog.documents()
                     if d.kind == "policy" and d.unit in (unit, "agency")]
    reports = []
    for doc in documents:
        by_number = states.of(doc.id, list(range(1, doc.versions + 1)))
        current = [s for s in by_number.values() if s.state == "in force"]
        if not current:
            if document is not None:
                raise InvalidInput(f"'{doc.path}' has no version in force on {on}")
            continue
        version = repo.version(doc, current[0].number)
        acked = {a.staff_id: a for a in repo.catalog.lifecycle.acks(unit, [version.id])}
        report = AckReport(unit, doc.path, version.number, current[0].effective_on,
                           current[0].approval.approver if current[0].approval else None)
        for person in people:
            got = acked.get(person.id)
            row = StaffAck(person.id, person.name, titles.get(person.post or "", person.post),
                           got.acknowledged_on if got else None)
            (report.acknowledged if got else report.missing).append(row)
        reports.append(report)
    return reports
