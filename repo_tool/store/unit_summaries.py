"""What `status` and the overview read of each unit, kept between writes.

For each unit: its SQS tallies (documents, policies, newest change per SQS) and its present
policies with their latest version, the two things `readiness` needs that grow with the unit's
documents. Catalog triggers (migration 14) count every change to a unit's documents, versions
and SQS numbers in `unit_changes`, whichever code makes it; a summary is current while it was
made at the unit's present count. A reader uses the current summaries and reads the other units
from the documents themselves (it never writes); a writer brings the stale ones up to date as
its session ends (`refresh`), so the next reader finds them current.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from repo_tool.store.review_log import CurrentDocument, ReviewLog, SqsTally


@dataclass(frozen=True)
class UnitSummary:
    """One unit's SQS tallies and present policies, as the live queries give them."""

    tallies: tuple[SqsTally, ...]
    policies: tuple[CurrentDocument, ...]


class UnitSummaries:
    """The `unit_summaries` table over a catalog connection."""

    def __init__(self, db: sqlite3.Connection, log: ReviewLog) -> None:
        self.db = db
        self.log = log

    def read(self, units: Iterable[str]) -> dict[str, UnitSummary]:
        """The summary of each of `units`: the kept one when current, else read live."""
        wanted = sorted(set(units))
        marks = ",".join("?" * len(wanted))
        rows = self.db.execute(
            f"SELECT c.unit, c.generation, s.generation, s.tallies, s.policies "
            f"FROM unit_changes c LEFT JOIN unit_summaries s ON s.unit = c.unit "
            f"WHERE c.unit IN ({marks})", wanted).fetchall()
        found = {unit: UnitSummary((), ()) for unit in wanted}  # never had a document
        for unit, generation, made_at, tallies, policies in rows:
            found[unit] = (_decoded(unit, tallies, policies) if made_at == generation
                           else self._live(unit))
        return found

    def stale(self) -> list[str]:
        """The units whose kept summary is missing or older than their last change."""
        return [row[0] for row in self.db.execute(
            "SELECT c.unit FROM unit_changes c LEFT JOIN unit_summaries s ON s.unit = c.unit "
            "WHERE s.generation IS NOT c.generation ORDER BY c.unit")]

    def refresh(self) -> int:
        """Bring every stale summary up to date (a writer, inside its lock); returns how many.

        Each unit is read and kept in one transaction, at the count it was read at."""
        done = 0
        for unit in self.stale():
            self.db.execute("BEGIN IMMEDIATE")
            try:
                (generation,) = self.db.execute(
                    "SELECT generation FROM unit_changes WHERE unit = ?", (unit,)).fetchone()
                summary = self._live(unit)
                self.db.execute(
                    "INSERT INTO unit_summaries (unit, generation, tallies, policies) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT (unit) DO UPDATE SET "
                    "generation = excluded.generation, tallies = excluded.tallies, "
                    "policies = excluded.policies",
                    (unit, generation, *_encoded(summary)))
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")
            done += 1
        return done

    def _live(self, unit: str) -> UnitSummary:
        return UnitSummary(tuple(self.log.sqs_tallies(unit)),
                           tuple(self.log.current_documents(unit, kind="policy")))


def _encoded(summary: UnitSummary) -> tuple[str, str]:
    tallies = [(t.sqs, t.documents, t.policies, t.newest_mtime_ns) for t in summary.tallies]
    policies = [(d.document_id, d.path, d.unit, d.kind, d.sqs, d.version_id, d.number,
                 d.mtime_ns, d.recorded_at) for d in summary.policies]
    return (json.dumps(tallies, separators=(",", ":")),
            json.dumps(policies, ensure_ascii=False, separators=(",", ":")))


def _decoded(unit: str, tallies: str, policies: str) -> UnitSummary:
    return UnitSummary(
        tuple(SqsTally(unit, *row) for row in json.loads(tallies)),
        tuple(CurrentDocument(d, path, u, kind, tuple(sqs), v, n, m, at)
              for d, path, u, kind, sqs, v, n, m, at in json.loads(policies)))
