"""Catalog queries for internal service audits (ISA): audits, findings, evidence, plan links.

One audit per unit and financial year. A criterion judged again adds a finding row; the newest
row of an audit and criterion is the one that counts, the older ones remain as its history.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class AuditRow:
    """One unit's internal service audit of one financial year."""

    id: int
    unit: str
    year: int
    auditor: str
    started_on: date
    checklist: str  # the checklist files it was started with, as "path (sha256 …)"
    recorded_at: str
    recorded_by: str


@dataclass(frozen=True)
class Evidence:
    """A document version a finding cites."""

    version_id: int
    path: str
    number: int

    @property
    def label(self) -> str:
        return f"{self.path} v{self.number}"


@dataclass(frozen=True)
class FindingRow:
    """One judgement of one criterion, with the versions it cites."""

    id: int
    audit_id: int
    criterion: str
    sqs: int
    result: str  # met | partly | not-met | n/a
    observation: str | None
    recommendation: str | None
    found_on: date
    recorded_at: str
    recorded_by: str
    evidence: tuple[Evidence, ...]


_AUDIT = "id, unit, year, auditor, started_on, checklist, recorded_at, recorded_by"
_FINDING = ("id, audit_id, criterion, sqs, result, observation, recommendation, found_on, "
            "recorded_at, recorded_by")


def _audit(row: tuple[object, ...]) -> AuditRow:
    values = list(row)
    values[4] = date.fromisoformat(str(values[4]))
    return AuditRow(*values)  # type: ignore[arg-type]


class IsaLog:
    """Audits, findings, evidence and plan links in the catalog."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def add_audit(self, unit: str, year: int, auditor: str, started_on: date, checklist: str,
                  at: str, user: str) -> int:
        cursor = self.db.execute(
            "INSERT INTO isa_audits (unit, year, auditor, started_on, checklist, recorded_at, "
            "recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (unit, year, auditor, started_on.isoformat(), checklist, at, user))
        return int(cursor.lastrowid or 0)

    def audit(self, unit: str, year: int) -> AuditRow | None:
        row = self.db.execute(f"SELECT {_AUDIT} FROM isa_audits WHERE unit = ? AND year = ?",
                              (unit, year)).fetchone()
        return _audit(row) if row else None

    def audits(self, unit: str | None = None) -> list[AuditRow]:
        """Audits of one unit (or all), by unit and year."""
        sql = f"SELECT {_AUDIT} FROM isa_audits"
        params: list[object] = []
        if unit is not None:
            sql += " WHERE unit = ?"
            params.append(unit)
        return [_audit(row) for row in self.db.execute(sql + " ORDER BY unit, year", params)]

    def not_met_sqs(self) -> dict[tuple[str, int], set[int]]:
        """(unit, year) -> the SQSs with a criterion whose newest finding is not met, for every
        audit in one query (the overview; `findings` gives one audit's in full)."""
        out: dict[tuple[str, int], set[int]] = {}
        rows = self.db.execute(
            "SELECT a.unit, a.year, f.sqs FROM isa_findings f "
            "JOIN isa_audits a ON a.id = f.audit_id "
            "WHERE f.id IN (SELECT MAX(id) FROM isa_findings GROUP BY audit_id, criterion) "
            "AND f.result = 'not-met'")
        for unit, year, sqs in rows:
            out.setdefault((str(unit), int(year)), set()).add(int(sqs))
        return out

    def add_finding(self, audit_id: int, criterion: str, sqs: int, result: str,
                    observation: str | None, recommendation: str | None, found_on: date,
                    evidence: list[int], at: str, user: str) -> int:
        cursor = self.db.execute(
            "INSERT INTO isa_findings (audit_id, criterion, sqs, result, observation, "
            "recommendation, found_on, recorded_at, recorded_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (audit_id, criterion, sqs, result, observation, recommendation,
             found_on.isoformat(), at, user))
        finding_id = int(cursor.lastrowid or 0)
        self.db.executemany("INSERT OR IGNORE INTO isa_evidence (finding_id, version_id) "
                            "VALUES (?, ?)", [(finding_id, v) for v in evidence])
        return finding_id

    def _evidence(self, finding_ids: list[int]) -> dict[int, list[Evidence]]:
        out: dict[int, list[Evidence]] = {i: [] for i in finding_ids}
        for start in range(0, len(finding_ids), 500):
            chunk = finding_ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                "SELECT e.finding_id, v.id, d.path, v.number FROM isa_evidence e "
                "JOIN versions v ON v.id = e.version_id JOIN documents d ON d.id = v.document_id "
                f"WHERE e.finding_id IN ({marks}) ORDER BY d.path, v.number", chunk)
            for finding_id, version_id, path, number in rows:
                out[finding_id].append(Evidence(version_id, path, number))
        return out

    def findings(self, audit_id: int, *, history: bool = False) -> list[FindingRow]:
        """The audit's findings: the newest per criterion (every row with `history`)."""
        rows = list(self.db.execute(f"SELECT {_FINDING} FROM isa_findings WHERE audit_id = ? "
                                    "ORDER BY id", (audit_id,)))
        if not history:
            newest: dict[str, tuple[object, ...]] = {}
            for row in rows:
                newest[str(row[2])] = row
            rows = list(newest.values())
        evidence = self._evidence([int(str(row[0])) for row in rows])
        out = []
        for row in rows:
            values = list(row)
            values[7] = date.fromisoformat(str(values[7]))
            values.append(tuple(evidence[int(str(row[0]))]))
            out.append(FindingRow(*values))
        return out

    def link_plan(self, plan_id: int, audit_id: int, criterion: str) -> None:
        self.db.execute("INSERT INTO isa_plan_items (plan_id, audit_id, criterion) "
                        "VALUES (?, ?, ?)", (plan_id, audit_id, criterion))

    def plan_links(self, audit_id: int) -> dict[int, str]:
        """plan item id -> the criterion it was raised for."""
        return {int(plan_id): str(criterion) for plan_id, criterion in self.db.execute(
            "SELECT plan_id, criterion FROM isa_plan_items WHERE audit_id = ? ORDER BY plan_id",
            (audit_id,))}
