"""A write session: what one changing command holds while it runs.

The session owns the writer lock's catalog connection and the object store, knows who is acting,
starts an operation row the first time something is recorded, and closes it with one entry in
the hash-chained audit log. Versions carry their operation's id, so an operation that a crash
cut short is found by the next writer and given its audit entry then.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from repo_tool.models import Actor
from repo_tool.store import Catalog, ObjectStore

Progress = Callable[[int, int, str], None]
"""on_progress(done, total, item): long work reports through this; the CLI draws the bar."""

_SHOWN_VERSIONS = 50
_BATCH_FILES = 200
_BATCH_SECONDS = 1.0


def now() -> str:
    """The current time as stored in the catalog: UTC, ISO 8601, to the millisecond."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def versions_digest(versions: list[tuple[str, int, int, str]]) -> str:
    """A sha256 over each version's document id, number and content hash.

    Stored in the audit entry, it lets `verify` notice versions changed by hand afterwards; it
    leaves out paths, which a later move changes legitimately.
    """
    import hashlib  # OpenSSL's, ~3 ms to load: not for commands that only read

    keys = sorted(f"{document_id}\t{number}\t{sha256}" for _, number, document_id, sha256
                  in versions)
    return hashlib.sha256("\n".join(keys).encode("utf-8")).hexdigest()


def versions_detail(versions: list[tuple[str, int, int, str]]) -> dict[str, Any]:
    """The audit detail that names the versions an operation recorded."""
    shown = [f"{path} v{number}" for path, number, _, _ in versions[:_SHOWN_VERSIONS]]
    detail: dict[str, Any] = {"versions": shown, "version_count": len(versions),
                              "versions_digest": versions_digest(versions)}
    if len(versions) > _SHOWN_VERSIONS:
        detail["versions_not_shown"] = len(versions) - _SHOWN_VERSIONS
    return detail


class WriteSession:
    """The catalog, blobs and actor of one changing command, under the writer lock."""

    def __init__(self, root: Path, catalog: Catalog, objects: ObjectStore, actor: Actor,
                 command: str) -> None:
        self.root = root
        self.catalog = catalog
        self.objects = objects
        self.actor = actor
        self.command = command
        self._operation: int | None = None

    @property
    def operation(self) -> int:
        """This command's operation id, created (in the open transaction) on first use."""
        if self._operation is None:
            self._operation = self.catalog.start_operation(self.command, self.actor, now())
        return self._operation

    def recover_interrupted(self) -> list[int]:
        """Give operations that a crash cut short their audit entry; returns their ids."""
        recovered = []
        for operation_id, command, actor, started in self.catalog.unfinished_operations():
            versions = self.catalog.operation_versions(operation_id)
            with self.catalog.transaction():
                detail = {"operation": operation_id, "started": started,
                          "note": "interrupted before it finished; what it recorded is kept",
                          **versions_detail(versions)}
                self.catalog.append_audit(now(), actor, f"{command} (interrupted)", detail)
                self.catalog.finish_operation(operation_id, now())
            recovered.append(operation_id)
        self.objects.remove_temp_files()
        return recovered

    def audit(self, action: str, detail: dict[str, Any]) -> None:
        """Append this command's audit entry and close its operation (inside a transaction).

        The entry names the versions the operation recorded and carries their digest. The next
        thing recorded in the same session starts a new operation.
        """
        full = dict(detail)
        if self._operation is not None:
            full["operation"] = self._operation
            full.update(versions_detail(self.catalog.operation_versions(self._operation)))
        self.catalog.append_audit(now(), self.actor, action, full)
        if self._operation is not None:
            self.catalog.finish_operation(self._operation, now())
            self._operation = None  # a long session (watch) starts a new operation next time

    def abandon(self) -> None:
        """After a rollback: what this operation had committed gets its `(interrupted)` entry."""
        self._operation = None
        self.recover_interrupted()

    @contextmanager
    def batches(self) -> Iterator[Callable[[], None]]:
        """A long transaction cut into durable batches: call the yielded `tick()` per item.

        Each commit first makes the new blobs durable, so the catalog never names a blob a
        crash could lose; a crash loses at most the batch in progress, which the next scan redoes.
        """
        state = {"pending": 0, "since": time.monotonic()}
        db = self.catalog.db

        def tick() -> None:
            state["pending"] += 1
            if state["pending"] >= _BATCH_FILES or time.monotonic() - state["since"] > \
                    _BATCH_SECONDS:
                self.objects.flush()
                db.execute("COMMIT")
                db.execute("BEGIN IMMEDIATE")
                state["pending"], state["since"] = 0, time.monotonic()

        db.execute("BEGIN IMMEDIATE")
        try:
            yield tick
        except BaseException:
            db.execute("ROLLBACK")
            raise
        self.objects.flush()
        db.execute("COMMIT")
