"""Catalog queries for statistics returns submitted to SWD's SPMIS (migration 10).

A submission is never changed: submitting a unit's return for a period again (after a figure
changed) adds the next revision, and every revision stays in the log. `content` is the return's
figures as canonical JSON (see performance._returns), kept so that a later change can be named.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class Submission:
    """One submission of a unit's statistics return for a period."""

    id: int
    unit: str
    period: str
    revision: int
    path: str  # the file kept as a version in the repository
    version: int
    sha256: str  # of the file's bytes
    content: str
    content_sha256: str
    submitted_at: str
    submitted_by: str  # the operating-system user
    by_name: str | None  # the name given with --by


_COLUMNS = ("id, unit, period, revision, path, version, sha256, content, content_sha256, "
            "submitted_at, submitted_by, by_name")


class ReturnLog:
    """Statistics return submissions in the catalog."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def add_submission(self, unit: str, period: str, revision: int, path: str, version: int,
                       sha256: str, content: str, content_sha256: str, at: str, user: str,
                       by: str | None) -> int:
        cursor = self.db.execute(
            "INSERT INTO return_submissions (unit, period, revision, path, version, sha256, "
            "content, content_sha256, submitted_at, submitted_by, by_name) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (unit, period, revision, path, version, sha256, content, content_sha256, at, user,
             by))
        return int(cursor.lastrowid or 0)

    def submissions(self, unit: str) -> list[Submission]:
        """Every submission of a unit, oldest first."""
        rows = self.db.execute(f"SELECT {_COLUMNS} FROM return_submissions WHERE unit = ? "
                               "ORDER BY id", (unit,))
        return [Submission(*row) for row in rows]

    def submissions_by_unit(self) -> dict[str, list[Submission]]:
        """Every unit's submissions, oldest first, in one query (the head office's view)."""
        out: dict[str, list[Submission]] = {}
        for row in self.db.execute(f"SELECT {_COLUMNS} FROM return_submissions ORDER BY id"):
            found = Submission(*row)
            out.setdefault(found.unit, []).append(found)
        return out
