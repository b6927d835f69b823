"""The rows that cross module boundaries, as frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

Kind = Literal["policy", "record"]
Status = Literal["present", "deleted", "missing"]

KIND_FOLDERS: dict[str, Kind] = {"policies": "policy", "records": "record"}
FOLDER_OF_KIND: dict[Kind, str] = {"policy": "policies", "record": "records"}
GENERATED = "generated"  # records/<unit>/generated/: the papers repo-tool itself wrote


def is_generated(path: str) -> bool:
    """Whether a catalog path is one of the tool's own papers: `records/<unit>/generated/...`.

    Search leaves them out unless asked (`--generated`), `changes` unless `--all`, and the
    pack's binder prints one copy of each (see docs/notices.md#generated-files).
    """
    parts = path.split("/")
    return len(parts) > 3 and parts[0] == "records" and parts[2] == GENERATED


@dataclass(frozen=True)
class Document:
    """A path in the repository and what the catalog knows of it."""

    id: int
    path: str
    unit: str
    kind: Kind
    status: Status
    sqs: tuple[int, ...]
    sqs_source: Literal["tag", "path", "none"]
    versions: int
    created_at: str


@dataclass(frozen=True)
class Version:
    """One distinct content a document has held."""

    id: int
    document_id: int
    path: str
    number: int
    sha256: str
    size: int
    mtime_ns: int
    recorded_at: str
    command: str
    note: str | None
    unit: str = ""


@dataclass(frozen=True)
class Event:
    """Something that happened to a document besides a new version: moved, deleted, tagged."""

    document_id: int
    at: str
    kind: str
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AuditEntry:
    """One entry of the hash-chained audit log."""

    id: int
    at: str
    user: str
    by: str | None
    action: str
    detail: dict[str, Any]
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class Actor:
    """Who runs a changing command: the OS user and, optionally, the person named by `--by`."""

    user: str
    by: str | None = None

    @property
    def label(self) -> str:
        return f"{self.by} ({self.user})" if self.by else self.user


def mtime_day(mtime_ns: int) -> date:
    """The local calendar day of a file modification time: how `status`, `changes` and the
    lifecycle date a document version."""
    return datetime.fromtimestamp(mtime_ns / 1e9).date()


@dataclass(frozen=True)
class Approval:
    """The agency head's approval of one version, effective from a date."""

    id: int
    document_id: int
    version_id: int
    number: int
    approver: str
    role: str
    approved_on: date
    effective_on: date
    note: str | None
    recorded_at: str
    recorded_by: str


@dataclass(frozen=True)
class Withdrawal:
    """A decision that a policy stops applying from a date (whatever version is in force)."""

    id: int
    document_id: int
    withdrawn_by: str
    role: str
    decided_on: date
    effective_on: date
    note: str
    recorded_at: str
    recorded_by: str
