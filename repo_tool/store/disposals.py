"""Catalog queries for retention: the versions rules are judged against, and the tombstones of
disposed versions (see docs/retention.md).

A tombstone keeps what the version was (path, number, sha256, size, date) and why and when it
went (rule, dates, approver); the `versions` row stays, so the audit chain's digests still hold.
Text is forgotten in the tombstone's own transaction, for blobs no kept version shares; the
bytes and the index entry go after the commit, and `finished_at` says that has been done.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from repo_tool.store.document_sqs import sqs_of

NOT_DISPOSED = "NOT EXISTS (SELECT 1 FROM disposals x WHERE x.version_id = v.id)"
"""SQL: version `v` has no tombstone (the other queries of the catalog use it)."""


@dataclass(frozen=True)
class Candidate:
    """A kept version and what a retention rule needs to know of its document."""

    version_id: int
    document_id: int
    path: str
    unit: str
    kind: str
    status: str
    sqs: tuple[int, ...]
    number: int
    latest: int
    sha256: str
    size: int
    mtime_ns: int
    recorded_at: str
    deleted_at: str | None  # when the document was last marked deleted (if it is)

    @property
    def on_disk(self) -> bool:
        """The document's current version while its file is (or may be) on disk: the user's."""
        return self.number == self.latest and self.status != "deleted"


@dataclass(frozen=True)
class Disposal:
    """The tombstone of one disposed version."""

    id: int
    version_id: int
    document_id: int
    path: str
    number: int
    sha256: str
    size: int
    recorded_at: str
    unit: str
    rule: str
    period: str
    counted_from: str
    start_on: str
    expired_on: str
    disposed_on: str
    approved_by: str
    disposed_by: str
    at: str
    finished_at: str | None


_CANDIDATES = f"""
    SELECT v.id, d.id, d.path, d.unit, d.kind, d.status,
           (SELECT group_concat(sqs) FROM document_sqs s
             WHERE s.document_id = d.id AND s.source = 'tag'),
           (SELECT group_concat(sqs) FROM document_sqs s
             WHERE s.document_id = d.id AND s.source = 'path'),
           v.number, (SELECT MAX(number) FROM versions w WHERE w.document_id = d.id),
           v.sha256, v.size, v.mtime_ns, v.recorded_at,
           (SELECT MAX(e.at) FROM events e WHERE e.document_id = d.id AND e.kind = 'deleted')
    FROM versions v JOIN documents d ON d.id = v.document_id
    WHERE {NOT_DISPOSED}"""

_DISPOSAL = """
    SELECT id, version_id, document_id, path, number, sha256, size, recorded_at, unit, rule,
           period, counted_from, start_on, expired_on, disposed_on, approved_by, disposed_by,
           at, finished_at FROM disposals"""


class DisposalLog:
    """Retention queries on the catalog's connection."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def candidates(self, unit: str | None = None) -> list[Candidate]:
        """Every version not disposed of (of one unit, or all), by path and number."""
        if unit is None:
            rows = self.db.execute(_CANDIDATES + " ORDER BY d.path, v.number")
        else:
            rows = self.db.execute(_CANDIDATES + " AND d.unit = ? ORDER BY d.path, v.number",
                                   (unit,))
        return [Candidate(row[0], row[1], row[2], row[3], row[4], row[5],
                          sqs_of(row[6], row[7]), *row[8:]) for row in rows]

    def add(self, candidate: Candidate, rule: str, period: str, counted_from: str,
            start_on: str, expired_on: str, disposed_on: str, approved_by: str,
            disposed_by: str, at: str, operation_id: int) -> None:
        """A version's tombstone (inside the caller's transaction)."""
        self.db.execute(
            "INSERT INTO disposals (version_id, document_id, path, number, sha256, size, "
            "recorded_at, unit, rule, period, counted_from, start_on, expired_on, disposed_on, "
            "approved_by, disposed_by, at, operation_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (candidate.version_id, candidate.document_id, candidate.path, candidate.number,
             candidate.sha256, candidate.size, candidate.recorded_at, candidate.unit, rule,
             period, counted_from, start_on, expired_on, disposed_on, approved_by, disposed_by,
             at, operation_id))

    def of_version(self, version_id: int) -> Disposal | None:
        row = self.db.execute(_DISPOSAL + " WHERE version_id = ?", (version_id,)).fetchone()
        return Disposal(*row) if row else None

    def of_document(self, document_id: int) -> dict[int, Disposal]:
        """version number -> tombstone, for one document."""
        rows = self.db.execute(_DISPOSAL + " WHERE document_id = ?", (document_id,))
        return {row[4]: Disposal(*row) for row in rows}

    def of_unit(self, unit: str, since: str | None = None) -> list[Disposal]:
        """The unit's tombstones (disposed on or after `since`), oldest first."""
        rows = self.db.execute(_DISPOSAL + " WHERE unit = ? AND disposed_on >= ? "
                               "ORDER BY disposed_on, id", (unit, since or ""))
        return [Disposal(*row) for row in rows]

    def count(self) -> int:
        """How many versions have been disposed of."""
        return int(self.db.execute("SELECT COUNT(*) FROM disposals").fetchone()[0])

    def unfinished(self) -> list[Disposal]:
        """Tombstones whose bytes or index entry may still be there (a crash came between)."""
        try:
            rows = self.db.execute(_DISPOSAL + " WHERE finished_at IS NULL ORDER BY id")
            return [Disposal(*row) for row in rows]
        except sqlite3.OperationalError:
            return []  # a reader of a catalog older than the table

    def finish(self, ids: list[int], at: str) -> None:
        self.db.executemany("UPDATE disposals SET finished_at = ? WHERE id = ?",
                            [(at, disposal_id) for disposal_id in ids])

    def still_shared(self, sha256: str) -> bool:
        """Whether a version not disposed of holds these bytes (then they stay)."""
        row = self.db.execute(f"SELECT 1 FROM versions v WHERE v.sha256 = ? AND {NOT_DISPOSED} "
                              "LIMIT 1", (sha256,)).fetchone()
        return row is not None

    def forget_text(self, sha256: str) -> None:
        """Remove a disposed blob's extracted and OCR text (when no kept version shares it)."""
        self.db.execute("DELETE FROM texts WHERE sha256 = ?", (sha256,))
        self.db.execute("DELETE FROM ocr_texts WHERE sha256 = ?", (sha256,))

    def gone_blobs(self) -> list[tuple[str, str]]:
        """(sha256, `path vN`) of finished disposals whose bytes no kept version shares."""
        rows = self.db.execute(
            "SELECT p.sha256, MIN(p.path || ' v' || p.number) FROM disposals p "
            "WHERE p.finished_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM versions v "
            f"WHERE v.sha256 = p.sha256 AND {NOT_DISPOSED}) GROUP BY p.sha256")
        return [(row[0], row[1]) for row in rows]
