"""Catalog queries for extracted text and for the search index's view of each version.

Text is stored once per blob (by sha256), zlib-compressed, so `reindex` never re-parses a file.
`versions.index_current` says what the search index holds for a version: NULL, not indexed;
1, indexed as its document's current version; 0, indexed as an older one. A version whose
wanted state differs is work for the next index catch-up, so the index heals after any crash.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from repo_tool.store.disposals import NOT_DISPOSED
from repo_tool.store.document_sqs import sqs_of


@dataclass(frozen=True)
class StoredText:
    """The extraction result kept for one blob."""

    sha256: str
    status: str
    reason: str | None
    extractor: str
    extractor_version: int
    pages: int | None
    text: str
    scanned: bool = False  # OCR has pages to read: none or only some have a text layer
    title: str | None = None  # the document's title, if extraction found one


@dataclass(frozen=True)
class IndexWork:
    """A version whose place in the search index is not what it should be."""

    version_id: int
    document_id: int
    path: str
    unit: str
    kind: str
    sqs: tuple[int, ...]
    mtime_ns: int
    sha256: str
    indexed: int | None   # what the index holds now (NULL, 0, 1)
    want_current: bool


# The versions `v` (of documents `d`) whose blob has no text of extractor version `?`.
_MISSING = f"""
    FROM versions v JOIN documents d ON d.id = v.document_id
    WHERE NOT EXISTS (SELECT 1 FROM texts t WHERE t.sha256 = v.sha256
                      AND t.extractor_version >= ?) AND {NOT_DISPOSED}"""


class Texts:
    """Text and index-state queries on the catalog's connection."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def missing(self, extractor_version: int, after: str = "", limit: int = -1
                ) -> list[tuple[str, list[str]]]:
        """(sha256, every path it was saved under) of blobs with no text of this extractor,
        in sha256 order: `limit` of them (all with -1) after the sha256 `after`, so that a
        first scan of a million files reads its work a page at a time."""
        # NOT EXISTS per version (a primary-key probe) rather than a LEFT JOIN of everything:
        # 9 ms instead of 30-45 ms at 10,000 versions, and every scan asks this.
        rows = self.db.execute(
            f"SELECT v.sha256, json_group_array(DISTINCT d.path) {_MISSING} AND v.sha256 > ? "
            "GROUP BY v.sha256 ORDER BY v.sha256 LIMIT ?",
            (extractor_version, after, limit))
        return [(row[0], sorted(json.loads(row[1]))) for row in rows]

    def missing_count(self, extractor_version: int) -> int:
        """How many blobs `missing` would list."""
        return int(self.db.execute(f"SELECT COUNT(DISTINCT v.sha256) {_MISSING}",
                                   (extractor_version,)).fetchone()[0])

    def put(self, sha256: str, status: str, reason: str | None, extractor: str,
            extractor_version: int, pages: int | None, text: str, at: str, *,
            scanned: bool = False, title: str | None = None) -> None:
        """Store (or replace) a blob's extraction; its versions are re-indexed."""
        body = zlib.compress(text.encode("utf-8"), 6)
        self.db.execute(
            "INSERT OR REPLACE INTO texts (sha256, status, reason, extractor, extractor_version, "
            "pages, chars, body, extracted_at, scanned, title) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (sha256, status, reason, extractor, extractor_version, pages, len(text), body, at,
             int(scanned), title))
        self.db.execute("UPDATE versions SET index_current = NULL WHERE sha256 = ?", (sha256,))
        self.unsynced()

    def get(self, sha256: str) -> StoredText | None:
        row = self.db.execute(
            "SELECT sha256, status, reason, extractor, extractor_version, pages, body, scanned, "
            "title FROM texts WHERE sha256 = ?", (sha256,)).fetchone()
        if row is None:
            return None
        return StoredText(sha256=row[0], status=row[1], reason=row[2], extractor=row[3],
                          extractor_version=row[4], pages=row[5],
                          text=zlib.decompress(row[6]).decode("utf-8"), scanned=bool(row[7]),
                          title=row[8])

    def titles(self, document_ids: list[int]) -> dict[int, str]:
        """document id -> the title extraction found in its latest version (none: left out)."""
        found: dict[int, str] = {}
        for start in range(0, len(document_ids), 500):  # under SQLite's bound-variable limit
            chunk = document_ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                "SELECT v.document_id, t.title FROM versions v JOIN texts t ON t.sha256 = v.sha256 "
                f"WHERE v.document_id IN ({marks}) AND t.title IS NOT NULL AND t.title != '' "
                "AND v.number = (SELECT MAX(number) FROM versions w "
                "WHERE w.document_id = v.document_id)", chunk)
            found.update((row[0], row[1]) for row in rows)
        return found

    def problems(self) -> Iterator[tuple[str, str, str | None]]:
        """(path, status, reason) of each present document whose latest version has no text."""
        yield from self.db.execute(
            "SELECT d.path, t.status, t.reason FROM documents d "
            "JOIN versions v ON v.document_id = d.id AND v.number = "
            "  (SELECT MAX(number) FROM versions w WHERE w.document_id = d.id) "
            "JOIN texts t ON t.sha256 = v.sha256 "
            "WHERE d.status = 'present' AND t.status != 'ok' ORDER BY d.path")

    # -- the search index's view ---------------------------------------------------------

    _WORK = f"""
        SELECT * FROM (
          SELECT v.id, v.document_id, d.path, d.unit, d.kind,
                 (SELECT group_concat(sqs) FROM document_sqs s
                   WHERE s.document_id = d.id AND s.source = 'tag'),
                 (SELECT group_concat(sqs) FROM document_sqs s
                   WHERE s.document_id = d.id AND s.source = 'path'),
                 v.mtime_ns, v.sha256, v.index_current,
                 (d.status = 'present' AND v.number = (SELECT MAX(number) FROM versions w
                   WHERE w.document_id = v.document_id)) AS want
          FROM versions v JOIN documents d ON d.id = v.document_id
          WHERE EXISTS (SELECT 1 FROM texts t WHERE t.sha256 = v.sha256)
            AND {NOT_DISPOSED})
        WHERE index_current IS NULL OR index_current != want"""

    def index_work(self, after: int = 0, limit: int = -1) -> list[IndexWork]:
        """The versions the index must (re)receive, oldest first: those after version id
        `after`, at most `limit` (-1: all). A rebuild reads them a page at a time, so that a
        million versions are never in memory at once."""
        rows = self.db.execute(
            f"SELECT * FROM ({self._WORK}) WHERE id > ? ORDER BY 1 LIMIT ?", (after, limit))
        return [IndexWork(row[0], row[1], row[2], row[3], row[4],
                          sqs_of(row[5], row[6]),
                          row[7], row[8], row[9], bool(row[10])) for row in rows]

    def pending_index(self) -> int:
        """How many versions the index does not hold as it should (extracted ones only)."""
        return int(self.db.execute(f"SELECT COUNT(*) FROM ({self._WORK})").fetchone()[0])

    def not_extracted(self) -> int:
        """How many versions still wait for text extraction."""
        return int(self.db.execute(
            "SELECT COUNT(*) FROM versions v WHERE NOT EXISTS "
            f"(SELECT 1 FROM texts t WHERE t.sha256 = v.sha256) AND {NOT_DISPOSED}"
        ).fetchone()[0])

    def set_indexed(self, rows: list[tuple[int, int]]) -> None:
        """Record (version id, current flag) pairs as held by the index."""
        self.db.executemany("UPDATE versions SET index_current = ? WHERE id = ?",
                            [(current, version_id) for version_id, current in rows])

    def forget_index(self, document_id: int | None = None) -> None:
        """Mark one document's versions (or all) as not indexed, e.g. after a move or a rebuild."""
        if document_id is None:
            self.db.execute("UPDATE versions SET index_current = NULL")
        else:
            self.db.execute("UPDATE versions SET index_current = NULL WHERE document_id = ?",
                            (document_id,))
        self.unsynced()

    # The index is "synced" when a writer's catch-up left nothing to extract or index. Readers
    # ask this on every search (for the "not in the index yet" warning), and counting the work
    # costs two scans of every version (~44 ms at 20,000 documents); the mark makes it two
    # primary-key lookups. It names the newest version and event then: a new version, a
    # deletion, a move, a tag or a file coming back all add one of those. Every other change
    # that gives the index work (`put` here, `forget_index`, an OCR result) removes the mark.

    def _signature(self) -> str:
        row = self.db.execute("SELECT (SELECT MAX(id) FROM versions), "
                              "(SELECT MAX(id) FROM events)").fetchone()
        return f"{row[0]}:{row[1]}"

    def mark_synced(self, extractor_version: int) -> None:
        """Record that nothing waits for extraction or indexing (writers, after a catch-up)."""
        self.set_meta("index_synced", f"{self._signature()}:{extractor_version}")

    def is_synced(self, extractor_version: int) -> bool:
        """Whether the mark stands: nothing changed since a catch-up by this extractor."""
        return self.meta("index_synced") == f"{self._signature()}:{extractor_version}"

    def unsynced(self) -> None:
        self.db.execute("DELETE FROM meta WHERE key = 'index_synced'")

    def lagging(self) -> int:
        """How many versions wait for extraction or indexing (0 at once when marked synced)."""
        mark = self.meta("index_synced")
        if mark is not None and mark.rsplit(":", 1)[0] == self._signature():
            return 0
        return self.pending_index() + self.not_extracted()

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))
