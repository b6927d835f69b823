"""Catalog queries for the policy lifecycle: approvals, withdrawals, acknowledgements, visits.

Dates are ISO `YYYY-MM-DD` text. Rows are only ever added; states are derived from them (see
`repo_tool.domain.lifecycle`), so nothing an approval or withdrawal said is ever overwritten.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from repo_tool.models import Approval, Withdrawal

VISIT_TYPES = ("review", "surprise", "new-service", "risk-based")


@dataclass(frozen=True)
class Acknowledgement:
    """A staff member's signed 'read and understood' of one version of a policy."""

    id: int
    unit: str
    staff_id: str
    document_id: int
    path: str
    version_id: int
    number: int
    acknowledged_on: date
    source: str
    recorded_at: str
    recorded_by: str


@dataclass(frozen=True)
class Visit:
    """An assessment visit to a unit."""

    id: int
    unit: str
    visited_on: date
    type: str
    note: str | None
    recorded_at: str
    recorded_by: str


def _day(value: str) -> date:
    return date.fromisoformat(value)


class LifecycleLog:
    """The lifecycle tables of one catalog connection."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    # -- approvals and withdrawals ----------------------------------------------------------

    _APPROVAL = """
        SELECT a.id, a.document_id, a.version_id, v.number, a.approver, a.role, a.approved_on,
               a.effective_on, a.note, a.recorded_at, a.recorded_by
        FROM approvals a JOIN versions v ON v.id = a.version_id"""

    @staticmethod
    def _approval(row: tuple[Any, ...]) -> Approval:
        return Approval(row[0], row[1], row[2], row[3], row[4], row[5], _day(row[6]),
                        _day(row[7]), row[8], row[9], row[10])

    def add_approval(self, document_id: int, version_id: int, approver: str, role: str,
                     approved_on: date, effective_on: date, note: str | None,
                     recorded_at: str, recorded_by: str) -> int:
        cursor = self.db.execute(
            "INSERT INTO approvals (document_id, version_id, approver, role, approved_on, "
            "effective_on, note, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (document_id, version_id, approver, role, approved_on.isoformat(),
             effective_on.isoformat(), note, recorded_at, recorded_by))
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def approvals(self, document_id: int | None = None) -> list[Approval]:
        """Approvals (of one document, or all), oldest record first."""
        if document_id is None:
            rows = self.db.execute(self._APPROVAL + " ORDER BY a.id")
        else:
            rows = self.db.execute(self._APPROVAL + " WHERE a.document_id = ? ORDER BY a.id",
                                   (document_id,))
        return [self._approval(row) for row in rows]

    _WITHDRAWAL = """
        SELECT id, document_id, withdrawn_by, role, decided_on, effective_on, note,
               recorded_at, recorded_by FROM withdrawals"""

    @staticmethod
    def _withdrawal(row: tuple[Any, ...]) -> Withdrawal:
        return Withdrawal(row[0], row[1], row[2], row[3], _day(row[4]), _day(row[5]), row[6],
                          row[7], row[8])

    def add_withdrawal(self, document_id: int, withdrawn_by: str, role: str, decided_on: date,
                       effective_on: date, note: str, recorded_at: str,
                       recorded_by: str) -> int:
        cursor = self.db.execute(
            "INSERT INTO withdrawals (document_id, withdrawn_by, role, decided_on, "
            "effective_on, note, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (document_id, withdrawn_by, role, decided_on.isoformat(), effective_on.isoformat(),
             note, recorded_at, recorded_by))
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def withdrawals(self, document_id: int | None = None) -> list[Withdrawal]:
        """Withdrawals (of one document, or all), oldest record first."""
        if document_id is None:
            rows = self.db.execute(self._WITHDRAWAL + " ORDER BY id")
        else:
            rows = self.db.execute(self._WITHDRAWAL + " WHERE document_id = ? ORDER BY id",
                                   (document_id,))
        return [self._withdrawal(row) for row in rows]

    def approved_units(self) -> set[str]:
        """Units with at least one approval of one of their policies (an approved audit
        report, a record, does not put the unit's policies under the lifecycle)."""
        return {row[0] for row in self.db.execute(
            "SELECT DISTINCT d.unit FROM approvals a JOIN documents d ON d.id = a.document_id "
            "WHERE d.kind = 'policy'")}

    def version_facts(self, version_ids: Iterable[int]
                      ) -> dict[int, tuple[int, int, str, str, str, int]]:
        """version id -> (document id, number, kind, unit, status, the document's last number),
        in a few queries however many versions a search matched."""
        wanted = sorted(set(version_ids))
        facts: dict[int, tuple[int, int, str, str, str, int]] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                "SELECT v.id, v.document_id, v.number, d.kind, d.unit, d.status, "
                "(SELECT MAX(number) FROM versions w WHERE w.document_id = v.document_id) "
                f"FROM versions v JOIN documents d ON d.id = v.document_id WHERE v.id IN ({marks})",
                chunk)
            facts |= {row[0]: (row[1], row[2], row[3], row[4], row[5], row[6]) for row in rows}
        return facts

    # -- acknowledgements -------------------------------------------------------------------

    _ACK = """
        SELECT k.id, k.unit, k.staff_id, v.document_id, d.path, k.version_id, v.number,
               k.acknowledged_on, k.source, k.recorded_at, k.recorded_by
        FROM acknowledgements k JOIN versions v ON v.id = k.version_id
        JOIN documents d ON d.id = v.document_id"""

    def ack(self, unit: str, staff_id: str, version_id: int) -> Acknowledgement | None:
        row = self.db.execute(self._ACK + " WHERE k.unit = ? AND k.staff_id = ? AND "
                              "k.version_id = ?", (unit, staff_id, version_id)).fetchone()
        return self._ack(row) if row else None

    @staticmethod
    def _ack(row: tuple[Any, ...]) -> Acknowledgement:
        return Acknowledgement(row[0], row[1], row[2], row[3], row[4], row[5], row[6],
                               _day(row[7]), row[8], row[9], row[10])

    def add_acks(self, unit: str, rows: Iterable[tuple[str, int, date]], source: str,
                 recorded_at: str, recorded_by: str) -> int:
        """Record (staff id, version id, date) rows; ones already recorded are left as they
        are. Returns how many were new."""
        before = self.db.total_changes
        self.db.executemany(
            "INSERT OR IGNORE INTO acknowledgements (unit, staff_id, version_id, "
            "acknowledged_on, source, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(unit, staff, version, day.isoformat(), source, recorded_at, recorded_by)
             for staff, version, day in rows])
        return self.db.total_changes - before

    def acks(self, unit: str, version_ids: Iterable[int] | None = None) -> list[Acknowledgement]:
        """A unit's acknowledgements (of some versions, or all), by date."""
        if version_ids is None:
            rows = self.db.execute(self._ACK + " WHERE k.unit = ? ORDER BY k.acknowledged_on, "
                                   "k.id", (unit,))
        else:
            wanted = sorted(set(version_ids))
            marks = ",".join("?" * len(wanted))
            rows = self.db.execute(self._ACK + f" WHERE k.unit = ? AND k.version_id IN ({marks})"
                                   " ORDER BY k.acknowledged_on, k.id", (unit, *wanted))
        return [self._ack(row) for row in rows]

    # -- visits -----------------------------------------------------------------------------

    def add_visit(self, unit: str, visited_on: date, kind: str, note: str | None,
                  recorded_at: str, recorded_by: str) -> int:
        cursor = self.db.execute(
            "INSERT INTO visits (unit, visited_on, type, note, recorded_at, recorded_by) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (unit, visited_on.isoformat(), kind, note, recorded_at, recorded_by))
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def visits(self, unit: str | None = None) -> list[Visit]:
        """Visits (to one unit, or all), oldest first."""
        query = ("SELECT id, unit, visited_on, type, note, recorded_at, recorded_by FROM visits"
                 + (" WHERE unit = ?" if unit else "") + " ORDER BY visited_on, id")
        rows = self.db.execute(query, (unit,) if unit else ())
        return [Visit(row[0], row[1], _day(row[2]), row[3], row[4], row[5], row[6])
                for row in rows]
