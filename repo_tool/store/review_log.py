"""Catalog queries for the SQS 2 logs: reviews (form 2.01) and amendments (form 2.02).

Each review is tied to the versions it reviewed and each amendment to the versions it
introduced, through link tables, so a row always names the exact bytes it was about even after
the document changes again. Dates are stored as ISO `YYYY-MM-DD` text.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from repo_tool.models import Kind
from repo_tool.store.document_sqs import sqs_of

Outcome = Literal["no-change", "amended"]
Basis = Literal["document", "sqs", "none"]
OUTCOMES: tuple[Outcome, ...] = ("no-change", "amended")


@dataclass(frozen=True)
class LinkedVersion:
    """A version a review or amendment is tied to, with its document's path now."""

    version_id: int
    document_id: int
    path: str
    number: int

    @property
    def label(self) -> str:
        return f"{self.path} v{self.number}"


@dataclass(frozen=True)
class Review:
    """One review of one SQS's policies in one unit (a row of form 2.01)."""

    id: int
    unit: str
    sqs: int
    reviewed_on: date
    reviewer: str
    outcome: Outcome
    note: str | None
    basis: Basis  # the versions came from --document, from the unit's SQS policies, or none
    versions: tuple[LinkedVersion, ...]
    recorded_at: str
    recorded_by: str


@dataclass(frozen=True)
class Amendment:
    """One amendment between full reviews (a row of form 2.02)."""

    id: int
    unit: str
    sqs: int
    clause: str
    reason: str
    new_content: str
    updated_on: date
    released_on: date
    next_review: date | None
    responsible: str
    versions: tuple[LinkedVersion, ...]  # the new versions it introduced, when recorded
    recorded_at: str
    recorded_by: str


@dataclass(frozen=True)
class CurrentDocument:
    """A present document with its SQS numbers and its latest version."""

    document_id: int
    path: str
    unit: str
    kind: Kind
    sqs: tuple[int, ...]
    version_id: int
    number: int
    mtime_ns: int
    recorded_at: str


@dataclass(frozen=True)
class SqsTally:
    """The present documents of one unit filed under one SQS, counted by the catalog."""

    unit: str
    sqs: int
    documents: int
    policies: int
    newest_mtime_ns: int  # the latest version's modification time, newest of them


# A present document `d` and its latest version `v`.
_LATEST = """d.status = 'present'
    AND v.number = (SELECT MAX(number) FROM versions w WHERE w.document_id = d.id)"""


@dataclass(frozen=True)
class Filters:
    """Which rows of a log to list; None means any."""

    unit: str | None = None
    sqs: int | None = None
    since: date | None = None
    until: date | None = None


class ReviewLog:
    """The review and amendment tables of one catalog connection."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    # -- writing (inside the caller's transaction) ------------------------------------------

    def add_review(self, unit: str, sqs: int, reviewed_on: date, reviewer: str,
                   outcome: Outcome, note: str | None, basis: Basis, version_ids: Iterable[int],
                   recorded_at: str, recorded_by: str) -> int:
        cursor = self.db.execute(
            "INSERT INTO reviews (unit, sqs, reviewed_on, reviewer, outcome, note, basis, "
            "recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (unit, sqs, reviewed_on.isoformat(), reviewer, outcome, note, basis, recorded_at,
             recorded_by))
        assert cursor.lastrowid is not None
        self.db.executemany("INSERT INTO review_versions (review_id, version_id) VALUES (?, ?)",
                            [(cursor.lastrowid, v) for v in sorted(set(version_ids))])
        return cursor.lastrowid

    def add_amendment(self, unit: str, sqs: int, clause: str, reason: str, new_content: str,
                      updated_on: date, released_on: date, next_review: date | None,
                      responsible: str, version_ids: Iterable[int], recorded_at: str,
                      recorded_by: str) -> int:
        cursor = self.db.execute(
            "INSERT INTO amendments (unit, sqs, clause, reason, new_content, updated_on, "
            "released_on, next_review, responsible, recorded_at, recorded_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (unit, sqs, clause, reason, new_content, updated_on.isoformat(),
             released_on.isoformat(), next_review.isoformat() if next_review else None,
             responsible, recorded_at, recorded_by))
        assert cursor.lastrowid is not None
        self.db.executemany(
            "INSERT INTO amendment_versions (amendment_id, version_id) VALUES (?, ?)",
            [(cursor.lastrowid, v) for v in sorted(set(version_ids))])
        return cursor.lastrowid

    # -- reading ----------------------------------------------------------------------------

    @staticmethod
    def _where(filters: Filters, day_column: str) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if filters.unit is not None:
            clauses.append("unit = ?")
            params.append(filters.unit)
        if filters.sqs is not None:
            clauses.append("sqs = ?")
            params.append(filters.sqs)
        if filters.since is not None:
            clauses.append(f"{day_column} >= ?")
            params.append(filters.since.isoformat())
        if filters.until is not None:
            clauses.append(f"{day_column} <= ?")
            params.append(filters.until.isoformat())
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def _links(self, table: str, key: str) -> dict[int, tuple[LinkedVersion, ...]]:
        # table and key are constants of this module, never user input
        rows = self.db.execute(
            f"SELECT l.{key}, v.id, v.document_id, d.path, v.number FROM {table} l "
            "JOIN versions v ON v.id = l.version_id JOIN documents d ON d.id = v.document_id "
            "ORDER BY d.path, v.number")
        links: dict[int, list[LinkedVersion]] = defaultdict(list)
        for owner, *version in rows:
            links[owner].append(LinkedVersion(*version))
        return {owner: tuple(found) for owner, found in links.items()}

    def reviews(self, filters: Filters | None = None) -> list[Review]:
        """Reviews matching the filters, oldest first (by review date, then as recorded)."""
        where, params = self._where(filters or Filters(), "reviewed_on")
        rows = self.db.execute(
            "SELECT id, unit, sqs, reviewed_on, reviewer, outcome, note, basis, recorded_at, "
            f"recorded_by FROM reviews{where} ORDER BY reviewed_on, id", params).fetchall()
        links = self._links("review_versions", "review_id") if rows else {}
        return [Review(id=row[0], unit=row[1], sqs=row[2], reviewed_on=date.fromisoformat(row[3]),
                       reviewer=row[4], outcome=row[5], note=row[6], basis=row[7],
                       versions=links.get(row[0], ()), recorded_at=row[8], recorded_by=row[9])
                for row in rows]

    def amendments(self, filters: Filters | None = None) -> list[Amendment]:
        """Amendments matching the filters (by date updated), oldest first."""
        where, params = self._where(filters or Filters(), "updated_on")
        rows = self.db.execute(
            "SELECT id, unit, sqs, clause, reason, new_content, updated_on, released_on, "
            f"next_review, responsible, recorded_at, recorded_by FROM amendments{where} "
            "ORDER BY updated_on, id", params).fetchall()
        links = self._links("amendment_versions", "amendment_id") if rows else {}
        return [Amendment(id=row[0], unit=row[1], sqs=row[2], clause=row[3], reason=row[4],
                          new_content=row[5], updated_on=date.fromisoformat(row[6]),
                          released_on=date.fromisoformat(row[7]),
                          next_review=date.fromisoformat(row[8]) if row[8] else None,
                          responsible=row[9], versions=links.get(row[0], ()),
                          recorded_at=row[10], recorded_by=row[11])
                for row in rows]

    def current_documents(self, unit: str | None = None,
                          document_ids: Iterable[int] | None = None,
                          kind: Kind | None = None) -> list[CurrentDocument]:
        """Present documents (of one unit, or all; of one kind, or both) with their SQS
        numbers and latest version, in path order.

        With `document_ids`, just those documents (whichever unit). Tagged SQS numbers replace
        those read from the path, as everywhere else.
        """
        query = """
            SELECT d.id, d.path, d.unit, d.kind, v.id, v.number, v.mtime_ns, v.recorded_at,
                   (SELECT group_concat(sqs) FROM document_sqs s
                     WHERE s.document_id = d.id AND s.source = 'tag'),
                   (SELECT group_concat(sqs) FROM document_sqs s
                     WHERE s.document_id = d.id AND s.source = 'path')
            FROM documents d JOIN versions v ON v.document_id = d.id WHERE """ + _LATEST
        params: list[Any] = []
        if document_ids is not None:
            wanted = sorted(set(document_ids))
            query += f" AND d.id IN ({','.join('?' * len(wanted))})"
            params += wanted
        if unit is not None:
            query += " AND d.unit = ?"
            params.append(unit)
        if kind is not None:
            query += " AND d.kind = ?"
            params.append(kind)
        rows = self.db.execute(query + " ORDER BY d.path", params)
        return [CurrentDocument(row[0], row[1], row[2], row[3], sqs_of(row[8], row[9]), row[4],
                                row[5], row[6], row[7]) for row in rows]

    def sqs_tallies(self, unit: str | None = None) -> list[SqsTally]:
        """Per unit and SQS, its present documents counted in the catalog, without reading
        them one by one (`status` and the overview at a million documents)."""
        query = """
            SELECT d.unit, s.sqs, count(*), sum(d.kind = 'policy'), max(v.mtime_ns)
            FROM documents d JOIN versions v ON v.document_id = d.id
            JOIN document_sqs s ON s.document_id = d.id
            WHERE (s.source = 'tag' OR NOT EXISTS (SELECT 1 FROM document_sqs g
                                                    WHERE g.document_id = d.id
                                                      AND g.source = 'tag'))
              AND """ + _LATEST
        params = [] if unit is None else [unit]
        if unit is not None:
            query += " AND d.unit = ?"
        rows = self.db.execute(query + " GROUP BY d.unit, s.sqs ORDER BY d.unit, s.sqs", params)
        return [SqsTally(*row) for row in rows]

    def name_only(self, statuses: Iterable[str], unit: str | None = None
                  ) -> list[tuple[str, str, str]]:
        """(unit, path, status) of the present documents whose latest version's text has one
        of `statuses`, in path order; read from the few such texts, not from every document."""
        wanted = sorted(set(statuses))
        query = f"""
            SELECT d.unit, d.path, t.status FROM texts t
            JOIN versions v ON v.sha256 = t.sha256 JOIN documents d ON d.id = v.document_id
            WHERE t.status IN ({','.join('?' * len(wanted))}) AND {_LATEST}"""
        params: list[Any] = list(wanted)
        if unit is not None:
            query += " AND d.unit = ?"
            params.append(unit)
        return [(row[0], row[1], row[2])
                for row in self.db.execute(query + " ORDER BY d.path", params)]
