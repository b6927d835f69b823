"""Catalog queries for OCR: the text read from scanned pages, per blob, and the queue.

The table is created by the writer with `CREATE TABLE IF NOT EXISTS` (not a numbered migration,
so it cannot clash with other schema work); a reader of a catalog that never had a writer since
sees no OCR text. The queue is not a separate list that could lose entries: it is every blob
whose extraction found no text and that has no OCR row for the configured languages yet. A row
is written only when a blob's OCR is finished, in one transaction, so a SIGKILL at any moment
leaves the blob in the queue and the next run does it again.
"""

from __future__ import annotations

import sqlite3
import zlib
from dataclasses import dataclass

_TABLE = """
CREATE TABLE IF NOT EXISTS ocr_texts (
    sha256 TEXT PRIMARY KEY,
    status TEXT NOT NULL,          -- ok, empty (no text found), failed
    reason TEXT,                   -- why it failed, or which pages failed
    engine TEXT NOT NULL,
    languages TEXT NOT NULL,       -- e.g. chi_tra+eng; other languages re-queue the blob
    pages INTEGER NOT NULL,
    chars INTEGER NOT NULL,
    body BLOB NOT NULL,
    done_at TEXT NOT NULL
)"""

# Blobs whose extractor found no text layer (scanned PDFs and pictures) or found it on some
# pages only (a PDF of typed pages with signed pages scanned in): `texts.scanned`.
_QUEUE = """
    SELECT t.sha256, MIN(d.path) FROM texts t
    JOIN versions v ON v.sha256 = t.sha256 JOIN documents d ON d.id = v.document_id
    WHERE t.scanned = 1 AND NOT EXISTS (SELECT 1 FROM disposals x WHERE x.version_id = v.id)
      AND NOT EXISTS (SELECT 1 FROM ocr_texts o WHERE o.sha256 = t.sha256 AND o.languages = ?)
    GROUP BY t.sha256"""


def languages_key(languages: tuple[str, ...]) -> str:
    """The languages as Tesseract takes them, e.g. chi_tra+eng: the key of a text read with
    them (and of the queue waiting for them)."""
    return "+".join(languages)


@dataclass(frozen=True)
class OcrText:
    """The OCR result kept for one blob."""

    sha256: str
    status: str
    reason: str | None
    languages: str
    pages: int
    text: str


class OcrTexts:
    """OCR queries on the catalog's connection."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def ensure(self) -> None:
        """Create the table if this catalog has none yet (writers only)."""
        self.db.execute(_TABLE)

    def queue(self, languages: str) -> list[tuple[str, str]]:
        """(sha256, a path it was saved under) of every blob waiting for OCR, by path."""
        try:
            rows = self.db.execute(_QUEUE + " ORDER BY 2", (languages,)).fetchall()
        except sqlite3.OperationalError:
            return []  # no table yet: nothing has been queued by a writer of this version
        return [(row[0], row[1]) for row in rows]

    def put(self, sha256: str, status: str, reason: str | None, engine: str, languages: str,
            pages: int, text: str, at: str) -> None:
        """Store a blob's OCR result; its versions are re-indexed with the new text."""
        self.db.execute(
            "INSERT OR REPLACE INTO ocr_texts (sha256, status, reason, engine, languages, pages, "
            "chars, body, done_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (sha256, status, reason, engine, languages, pages, len(text),
             zlib.compress(text.encode("utf-8"), 6), at))
        self.db.execute("UPDATE versions SET index_current = NULL WHERE sha256 = ?", (sha256,))
        self.db.execute("DELETE FROM meta WHERE key = 'index_synced'")  # see Texts.lagging

    def forget_failures(self) -> int:
        """Put every blob whose OCR failed back in the queue (`ocr --retry-failed`)."""
        try:
            return self.db.execute("DELETE FROM ocr_texts WHERE status = 'failed'").rowcount
        except sqlite3.OperationalError:
            return 0

    def get(self, sha256: str) -> OcrText | None:
        try:
            row = self.db.execute(
                "SELECT sha256, status, reason, languages, pages, body FROM ocr_texts "
                "WHERE sha256 = ?", (sha256,)).fetchone()
        except sqlite3.OperationalError:
            return None
        if row is None:
            return None
        return OcrText(row[0], row[1], row[2], row[3], row[4],
                       zlib.decompress(row[5]).decode("utf-8"))

    def counts(self) -> dict[str, int]:
        """How many blobs have each OCR status."""
        try:
            rows = self.db.execute("SELECT status, COUNT(*) FROM ocr_texts GROUP BY status")
            return {row[0]: int(row[1]) for row in rows}
        except sqlite3.OperationalError:
            return {}

    def failures(self) -> list[tuple[str, str, str | None]]:
        """(path, status, reason) of present documents whose OCR failed or was partial."""
        try:
            return [(row[0], row[1], row[2]) for row in self.db.execute(
                "SELECT MIN(d.path), o.status, o.reason FROM ocr_texts o "
                "JOIN versions v ON v.sha256 = o.sha256 JOIN documents d ON d.id = v.document_id "
                "WHERE d.status = 'present' AND o.reason IS NOT NULL "
                "GROUP BY o.sha256 ORDER BY 1")]
        except sqlite3.OperationalError:
            return []
