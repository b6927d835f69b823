"""The SQLite catalog: documents, versions, events, SQS tags, operations and the audit log.

SQL lives here, one method per query, parameters always bound. The schema has a version
(`PRAGMA user_version`) and a list of migrations applied in order by the writer. WAL mode lets
readers work while a writer holds the lock; synchronous=FULL makes each commit durable.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from repo_tool.errors import CatalogError
from repo_tool.models import (
    Actor,
    AuditEntry,
    Document,
    Event,
    Kind,
    Status,
    Version,
    is_generated,
)
from repo_tool.store.disposals import NOT_DISPOSED, DisposalLog
from repo_tool.store.document_sqs import sqs_of
from repo_tool.store.lifecycle_log import LifecycleLog
from repo_tool.store.ocr_texts import OcrTexts
from repo_tool.store.schema import MIGRATIONS
from repo_tool.store.texts import Texts

if TYPE_CHECKING:
    from repo_tool.store.accounts import AccountStore
    from repo_tool.store.isa_log import IsaLog
    from repo_tool.store.performance import PerformanceLog
    from repo_tool.store.returns_log import ReturnLog
    from repo_tool.store.review_log import ReviewLog
    from repo_tool.store.unit_summaries import UnitSummaries

GENESIS = "0" * 64
AUDIT_HEAD = "audit-head"
_LOW_SPACE = 1 << 20  # below this, SQLite's failure to open is the disk's, not the file's


def _unreadable(path: Path, exc: sqlite3.DatabaseError) -> CatalogError:
    """Why the catalog could not be opened: damage only when it is not the disk or a mode."""
    import shutil  # only when the catalog cannot be opened

    try:
        free = shutil.disk_usage(path.parent).free
    except OSError:
        free = None
    if free is not None and free < _LOW_SPACE:
        return CatalogError(f"no space left on the disk holding {path.parent} ({exc}); free "
                            "some space and retry (the catalog itself is not damaged)")
    if "readonly" in str(exc) or "unable to open" in str(exc):
        return CatalogError(f"the catalog {path} cannot be opened ({exc}): it, its -wal or -shm "
                            "file, or its folder is read-only or owned by another user")
    return CatalogError(f"the catalog {path} cannot be read ({exc}); restore it from a backup")


def append_head(path: Path, entry_id: int, digest: str, at: str) -> None:
    """Add `id hash time` to the head file, durably (it only ever grows)."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, f"{entry_id} {digest} {at}\n".encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)


def read_head(path: Path) -> tuple[int, str] | None:
    """The last (id, hash) in the head file, or None when there is no file or no line."""
    try:
        lines = path.read_text(encoding="ascii", errors="replace").split("\n")
    except FileNotFoundError:
        return None
    for line in reversed(lines):
        fields = line.split()
        if len(fields) >= 2 and fields[0].isdigit():
            return int(fields[0]), fields[1]
    return None

SCHEMA_VERSION = len(MIGRATIONS)


class CatalogOutdated(CatalogError):
    """The catalog's schema is older than this repo-tool's; a writer upgrades it."""


@dataclass(frozen=True, slots=True)
class SeenState:
    """What a scan needs to know of a path without reading the file."""

    document_id: int
    path: str
    status: Status
    seen_size: int | None
    seen_mtime_ns: int | None
    sha256: str | None


def audit_hash(prev_hash: str, entry_id: int, at: str, user: str, by: str | None,
               action: str, detail: str) -> str:
    """The chain link: sha256 over the previous hash and this entry's fields."""
    import hashlib  # OpenSSL's, ~3 ms to load: not for commands that only read

    payload = json.dumps([prev_hash, entry_id, at, user, by, action, detail],
                         ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class Catalog:
    """One connection to `.repo/catalog.sqlite`.

    The logs a search never reads (reviews, statistics, audits, returns, accounts) are made on
    first use, so a command that does not need them does not import them.
    """

    @cached_property
    def review_log(self) -> ReviewLog:
        from repo_tool.store.review_log import ReviewLog

        return ReviewLog(self.db)

    @cached_property
    def summaries(self) -> UnitSummaries:
        from repo_tool.store.unit_summaries import UnitSummaries

        return UnitSummaries(self.db, self.review_log)

    @cached_property
    def performance(self) -> PerformanceLog:
        from repo_tool.store.performance import PerformanceLog

        return PerformanceLog(self.db)

    @cached_property
    def isa(self) -> IsaLog:
        from repo_tool.store.isa_log import IsaLog

        return IsaLog(self.db)

    @cached_property
    def returns(self) -> ReturnLog:
        from repo_tool.store.returns_log import ReturnLog

        return ReturnLog(self.db)

    @cached_property
    def accounts(self) -> AccountStore:
        from repo_tool.store.accounts import AccountStore

        return AccountStore(self.db)

    def __init__(self, path: Path, *, write: bool) -> None:
        self.path = path
        self._new_head: tuple[int, str, str] | None = None
        if not path.is_file():
            raise CatalogError(f"the catalog {path} is missing; this folder is not an initialised "
                               "repository (run `repo-tool init`)")
        try:
            self.db = sqlite3.connect(path, isolation_level=None, timeout=30)
            self.db.execute("PRAGMA busy_timeout = 30000")
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA synchronous = FULL")
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            if write:
                self.db.execute("PRAGMA journal_mode = WAL")
        except sqlite3.DatabaseError as exc:
            raise _unreadable(path, exc) from None
        if version > SCHEMA_VERSION:
            raise CatalogError(f"the catalog is from a newer repo-tool (schema {version}, this one "
                               f"knows {SCHEMA_VERSION}); upgrade repo-tool")
        if version < SCHEMA_VERSION:
            if not write:
                raise CatalogOutdated("the catalog is from an older repo-tool; run "
                                      "`repo-tool scan` once to upgrade it")
            self._migrate(version)
        self.texts = Texts(self.db)
        self.lifecycle = LifecycleLog(self.db)
        self.ocr = OcrTexts(self.db)
        self.disposals = DisposalLog(self.db)
        if write:
            self.ocr.ensure()

    @classmethod
    def create(cls, path: Path) -> Catalog:
        """A new, empty catalog at `path`."""
        sqlite3.connect(path).close()
        path.chmod(0o600)
        return cls(path, write=True)

    def close(self) -> None:
        self.db.close()

    def _migrate(self, current: int) -> None:
        for number, script in enumerate(MIGRATIONS[current:], start=current + 1):
            self.db.executescript(f"BEGIN IMMEDIATE; {script}; PRAGMA user_version = {number}; "
                                  "COMMIT;")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception.

        An audit entry appended inside is written to the head file once the commit holds.
        """
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            self._new_head = None
            raise
        self.db.execute("COMMIT")
        if self._new_head is not None:
            append_head(self.head_path, *self._new_head)
            self._new_head = None

    @property
    def head_path(self) -> Path:
        """`.repo/audit-head`: the audit chain's head, kept outside the catalog (see verify)."""
        return self.path.with_name(AUDIT_HEAD)

    # -- scanning ---------------------------------------------------------------------------

    def stat_cache(self) -> dict[str, tuple[int, int]]:
        """path -> (size, mtime_ns) of present documents whose last-seen stat can be trusted."""
        rows = self.db.execute(
            "SELECT path, seen_size, seen_mtime_ns FROM documents "
            "WHERE status = 'present' AND seen_mtime_ns IS NOT NULL")
        return {path: (size, mtime) for path, size, mtime in rows}

    def present_paths(self) -> set[str]:
        return {row[0] for row in self.db.execute(
            "SELECT path FROM documents WHERE status = 'present'")}

    def missing_paths(self) -> set[str]:
        """Paths the mass-disappearance guard marked missing (not deleted)."""
        return {row[0] for row in self.db.execute(
            "SELECT path FROM documents WHERE status = 'missing'")}

    def present_by_unit(self) -> dict[str, int]:
        """unit -> how many of its documents are present."""
        rows = self.db.execute(
            "SELECT unit, COUNT(*) FROM documents WHERE status = 'present' GROUP BY unit")
        return {unit: count for unit, count in rows}

    def seen_state(self, path: str) -> SeenState | None:
        """A document's id, status, last-seen stat and latest sha256."""
        # A disposed version's bytes are gone: a file that comes back with them is a new version.
        row = self.db.execute(
            f"""SELECT d.id, d.path, d.status, d.seen_size, d.seen_mtime_ns,
                      (SELECT v.sha256 FROM versions v WHERE v.document_id = d.id
                       AND {NOT_DISPOSED} ORDER BY v.number DESC LIMIT 1)
               FROM documents d WHERE d.path = ?""", (path,)).fetchone()
        return SeenState(*row) if row else None

    def add_document(self, path: str, unit: str, kind: Kind, at: str) -> int:
        cursor = self.db.execute(
            "INSERT INTO documents (path, unit, kind, status, created_at) "
            "VALUES (?, ?, ?, 'present', ?)", (path, unit, kind, at))
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def add_version(self, document_id: int, sha256: str, size: int, mtime_ns: int, at: str,
                    command: str, note: str | None, operation_id: int | None) -> int:
        """Record a new version numbered after the document's last one; returns its number."""
        (last,) = self.db.execute(
            "SELECT COALESCE(MAX(number), 0) FROM versions WHERE document_id = ?",
            (document_id,)).fetchone()
        self.db.execute(
            "INSERT INTO versions (document_id, number, sha256, size, mtime_ns, recorded_at, "
            "command, note, operation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (document_id, last + 1, sha256, size, mtime_ns, at, command, note, operation_id))
        return int(last) + 1

    def set_seen(self, document_id: int, size: int | None, mtime_ns: int | None) -> None:
        self.db.execute("UPDATE documents SET seen_size = ?, seen_mtime_ns = ? WHERE id = ?",
                        (size, mtime_ns, document_id))

    def set_status(self, document_id: int, status: Status) -> None:
        self.db.execute("UPDATE documents SET status = ? WHERE id = ?", (status, document_id))

    def set_place(self, document_id: int, path: str, unit: str, kind: Kind) -> None:
        self.db.execute("UPDATE documents SET path = ?, unit = ?, kind = ? WHERE id = ?",
                        (path, unit, kind, document_id))
        self.texts.forget_index(document_id)  # the index holds the old path

    def add_event(self, document_id: int, at: str, kind: str, detail: dict[str, Any],
                  operation_id: int | None) -> None:
        self.db.execute(
            "INSERT INTO events (document_id, at, kind, detail, operation_id) "
            "VALUES (?, ?, ?, ?, ?)",
            (document_id, at, kind, json.dumps(detail, ensure_ascii=False), operation_id))

    def set_sqs(self, document_id: int, source: str, numbers: tuple[int, ...]) -> None:
        self.db.execute("DELETE FROM document_sqs WHERE document_id = ? AND source = ?",
                        (document_id, source))
        self.db.executemany(
            "INSERT INTO document_sqs (document_id, sqs, source) VALUES (?, ?, ?)",
            [(document_id, number, source) for number in numbers])
        self.texts.forget_index(document_id)  # the index holds the old SQS numbers

    # -- operations -------------------------------------------------------------------------

    def start_operation(self, command: str, actor: Actor, at: str) -> int:
        cursor = self.db.execute(
            "INSERT INTO operations (command, user, by_name, started_at) VALUES (?, ?, ?, ?)",
            (command, actor.user, actor.by, at))
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def finish_operation(self, operation_id: int, at: str) -> None:
        self.db.execute("UPDATE operations SET finished_at = ? WHERE id = ?", (at, operation_id))

    def unfinished_operations(self) -> list[tuple[int, str, Actor, str]]:
        """(id, command, actor, started_at) of operations a crash interrupted."""
        rows = self.db.execute(
            "SELECT id, command, user, by_name, started_at FROM operations "
            "WHERE finished_at IS NULL ORDER BY id").fetchall()
        return [(row[0], row[1], Actor(row[2], row[3]), row[4]) for row in rows]

    def operation_versions(self, operation_id: int) -> list[tuple[str, int, int, str]]:
        """(path now, version number, document id, sha256) of each version an operation made."""
        rows = self.db.execute(
            "SELECT d.path, v.number, v.document_id, v.sha256 FROM versions v "
            "JOIN documents d ON d.id = v.document_id WHERE v.operation_id = ? ORDER BY v.id",
            (operation_id,))
        return [(row[0], row[1], row[2], row[3]) for row in rows]

    # -- reading ----------------------------------------------------------------------------

    _DOCUMENT = """
        SELECT d.id, d.path, d.unit, d.kind, d.status, d.created_at,
               (SELECT COUNT(*) FROM versions v WHERE v.document_id = d.id),
               (SELECT group_concat(sqs) FROM (SELECT sqs FROM document_sqs s
                 WHERE s.document_id = d.id AND s.source = 'tag' ORDER BY sqs)),
               (SELECT group_concat(sqs) FROM (SELECT sqs FROM document_sqs s
                 WHERE s.document_id = d.id AND s.source = 'path' ORDER BY sqs))
        FROM documents d"""

    @staticmethod
    def _document(row: tuple[Any, ...]) -> Document:
        tagged, inferred = row[7], row[8]
        return Document(
            id=row[0], path=row[1], unit=row[2], kind=row[3], status=row[4], created_at=row[5],
            versions=row[6],
            sqs=sqs_of(tagged, inferred),
            sqs_source="tag" if tagged is not None else ("path" if inferred else "none"),
        )

    def document(self, path: str) -> Document | None:
        row = self.db.execute(self._DOCUMENT + " WHERE d.path = ?", (path,)).fetchone()
        return self._document(row) if row else None

    def document_by_id(self, document_id: int) -> Document:
        row = self.db.execute(self._DOCUMENT + " WHERE d.id = ?", (document_id,)).fetchone()
        return self._document(row)

    def documents(self, unit: str | None = None, kind: str | None = None) -> list[Document]:
        """Every document (of one unit, of one kind), deleted and missing ones too, by path."""
        where = [(column, value) for column, value in (("unit", unit), ("kind", kind))
                 if value is not None]
        clause = " WHERE " + " AND ".join(f"d.{column} = ?" for column, _ in where) if where \
            else ""
        rows = self.db.execute(self._DOCUMENT + clause + " ORDER BY d.path",
                               [value for _, value in where])
        return [self._document(row) for row in rows]

    def generated_document_ids(self, units: Iterable[str]) -> tuple[int, ...]:
        """The documents repo-tool generated itself in these units (`records/<unit>/generated/
        ...`); one range of the path index per unit (unit codes hold no GLOB characters)."""
        found: list[int] = []
        for unit in units:
            rows = self.db.execute("SELECT id, path FROM documents WHERE path GLOB ?",
                                   (f"records/{unit}/generated/*",))
            found += (document_id for document_id, path in rows if is_generated(path))
        return tuple(sorted(found))

    def documents_by_casefold(self, path: str) -> list[Document]:
        """Documents whose path differs from `path` only in letter case."""
        rows = self.db.execute(self._DOCUMENT + " WHERE lower(d.path) = lower(?)", (path,))
        return [self._document(row) for row in rows]

    _VERSION = """
        SELECT v.id, v.document_id, d.path, v.number, v.sha256, v.size, v.mtime_ns,
               v.recorded_at, v.command, v.note, d.unit
        FROM versions v JOIN documents d ON d.id = v.document_id"""

    def versions(self, document_id: int) -> list[Version]:
        rows = self.db.execute(self._VERSION + " WHERE v.document_id = ? ORDER BY v.number",
                               (document_id,))
        return [Version(*row) for row in rows]

    def version(self, document_id: int, number: int) -> Version | None:
        row = self.db.execute(self._VERSION + " WHERE v.document_id = ? AND v.number = ?",
                              (document_id, number)).fetchone()
        return Version(*row) if row else None

    def version_by_id(self, version_id: int) -> Version | None:
        row = self.db.execute(self._VERSION + " WHERE v.id = ?", (version_id,)).fetchone()
        return Version(*row) if row else None

    def recent_versions(self, limit: int, unit: str | None) -> list[Version]:
        if unit is None:
            rows = self.db.execute(self._VERSION + " ORDER BY v.id DESC LIMIT ?", (limit,))
        else:
            rows = self.db.execute(self._VERSION + " WHERE d.unit = ? ORDER BY v.id DESC LIMIT ?",
                                   (unit, limit))
        return [Version(*row) for row in rows]

    def latest_versions(self) -> Iterator[tuple[Version, Status, int | None, int | None]]:
        """Each document's latest version with its status and last-seen stat."""
        rows = self.db.execute(
            self._VERSION.replace("d.unit", "d.unit, d.status, d.seen_size, d.seen_mtime_ns")
            + " WHERE v.number = (SELECT MAX(number) FROM versions w "
              "WHERE w.document_id = v.document_id) ORDER BY d.path")
        for row in rows:
            yield Version(*row[:11]), row[11], row[12], row[13]

    def events(self, document_id: int) -> list[Event]:
        rows = self.db.execute(
            "SELECT document_id, at, kind, detail FROM events WHERE document_id = ? ORDER BY id",
            (document_id,))
        return [Event(row[0], row[1], row[2], json.loads(row[3])) for row in rows]

    def blob_references(self) -> Iterator[tuple[str, int]]:
        """Each distinct sha256 the kept (not disposed) versions refer to, with its size."""
        yield from self.db.execute(f"SELECT sha256, MIN(size) FROM versions v WHERE {NOT_DISPOSED} "
                                   "GROUP BY sha256")

    def versions_of_blob(self, sha256: str) -> list[str]:
        """`path vN` of every version whose bytes are this blob, by path and number."""
        rows = self.db.execute(
            "SELECT d.path, v.number FROM versions v JOIN documents d ON d.id = v.document_id "
            "WHERE v.sha256 = ? ORDER BY d.path, v.number", (sha256,))
        return [f"{path} v{number}" for path, number in rows]

    def unit_counts(self) -> dict[str, tuple[int, int]]:
        """unit -> (present documents, versions)."""
        rows = self.db.execute(
            "SELECT d.unit, SUM(d.status = 'present'), "
            "(SELECT COUNT(*) FROM versions v JOIN documents e ON e.id = v.document_id "
            " WHERE e.unit = d.unit) FROM documents d GROUP BY d.unit")
        return {row[0]: (row[1], row[2]) for row in rows}

    def integrity_problems(self) -> list[str]:
        """What SQLite's own checks report (empty when the file is sound)."""
        problems = [row[0] for row in self.db.execute("PRAGMA integrity_check") if row[0] != "ok"]
        problems += [f"row {row[1]} of {row[0]} refers to a missing {row[2]} row"
                     for row in self.db.execute("PRAGMA foreign_key_check")]
        return problems

    # -- audit ------------------------------------------------------------------------------

    def append_audit(self, at: str, actor: Actor, action: str, detail: dict[str, Any]) -> int:
        """Add an entry to the end of the hash chain (inside the caller's transaction)."""
        row = self.db.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
        entry_id, prev_hash = (row[0] + 1, row[1]) if row else (1, GENESIS)
        text = json.dumps(detail, ensure_ascii=False, sort_keys=True)
        digest = audit_hash(prev_hash, entry_id, at, actor.user, actor.by, action, text)
        self.db.execute(
            "INSERT INTO audit (id, at, user, by_name, action, detail, prev_hash, hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (entry_id, at, actor.user, actor.by, action, text, prev_hash, digest))
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('audit_head', ?)",
                        (AUDIT_HEAD,))
        self._new_head = (entry_id, digest, at)
        return entry_id

    def audit_head_kept(self) -> bool:
        """Whether this catalog has written the head file (repositories from before it has not)."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'audit_head'").fetchone()
        return row is not None

    def audit_hash_of(self, entry_id: int) -> str | None:
        row = self.db.execute("SELECT hash FROM audit WHERE id = ?", (entry_id,)).fetchone()
        return row[0] if row else None

    def finished_operations(self) -> list[tuple[int, str, str]]:
        """(id, command, started) of every finished operation, oldest first."""
        rows = self.db.execute("SELECT id, command, started_at FROM operations "
                               "WHERE finished_at IS NOT NULL ORDER BY id")
        return [(row[0], row[1], row[2]) for row in rows]

    def audit_entries(self, since: str | None = None) -> Iterator[AuditEntry]:
        query = "SELECT id, at, user, by_name, action, detail, prev_hash, hash FROM audit"
        rows = (self.db.execute(query + " WHERE at >= ? ORDER BY id", (since,)) if since
                else self.db.execute(query + " ORDER BY id"))
        for row in rows:
            yield AuditEntry(row[0], row[1], row[2], row[3], row[4], _loads(row[5]), row[6],
                             row[7])

    def audit_chain_break(self) -> str | None:
        """A sentence naming the first entry whose link does not hold, or None if all hold."""
        expected_prev, expected_id = GENESIS, 1
        rows = self.db.execute(
            "SELECT id, at, user, by_name, action, detail, prev_hash, hash FROM audit ORDER BY id")
        for entry_id, at, user, by, action, detail, prev_hash, digest in rows:
            if entry_id != expected_id:
                return f"audit entry {expected_id} is missing (the next one is {entry_id})"
            if prev_hash != expected_prev:
                return f"audit entry {entry_id} does not follow entry {entry_id - 1}"
            if audit_hash(prev_hash, entry_id, at, user, by, action, detail) != digest:
                return (f"audit entry {entry_id} ({action}, {at}) was changed after it was "
                        "written")
            expected_prev, expected_id = digest, entry_id + 1
        return None


def _loads(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        return {"unreadable": text}
    return value if isinstance(value, dict) else {"value": value}
