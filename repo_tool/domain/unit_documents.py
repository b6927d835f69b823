"""A unit's documents as a table: title, SQS, date modified, policy state, versions; filtered
by SQS, kind and state and sorted by any column, within what an account may read.

Titles come from the catalog (`texts.title`, as search hits get theirs), falling back to the
file name; a policy's state is its current version's, on `today`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from repo_tool.domain.accounts import Scope
from repo_tool.domain.lifecycle import STATES
from repo_tool.domain.policies import load_states
from repo_tool.domain.scoped import browse_within
from repo_tool.errors import InvalidInput
from repo_tool.models import Document
from repo_tool.repository import Repository

SORTS = ("title", "sqs", "modified", "state", "versions")
STATE_FILTERS = tuple(state.replace(" ", "-") for state in STATES)  # as `search --state`
KINDS = ("policy", "record")


@dataclass(frozen=True)
class DocumentRow:
    """One document of the table, as its current version shows it."""

    path: str
    title: str
    kind: str
    sqs: tuple[int, ...]
    modified_ns: int
    state: str | None  # a policy's current version's state ("in force", ...); None: a record
    versions: int
    size: int


def _sort_key(sort: str, row: DocumentRow) -> tuple[object, ...]:
    if sort == "sqs":  # documents filed under no SQS go last
        return (row.sqs[:1] or (99,), row.title.casefold())
    if sort == "modified":
        return (row.modified_ns, row.title.casefold())
    if sort == "state":
        return (STATES.index(row.state) if row.state in STATES else len(STATES),
                row.title.casefold())
    if sort == "versions":
        return (row.versions, row.title.casefold())
    return (row.title.casefold(), row.path)


def unit_documents(repo: Repository, scope: Scope, unit: str, sqs: tuple[int, ...] = (),
                   kind: str | None = None, state: str | None = None, sort: str = "title",
                   descending: bool = False, today: date | None = None) -> list[DocumentRow]:
    """The unit's present documents the account may read, filtered and sorted."""
    if sort not in SORTS:
        raise InvalidInput(f"'{sort}' is not a column to sort by; use one of {', '.join(SORTS)}")
    if kind is not None and kind not in KINDS:
        raise InvalidInput(f"'{kind}' is not a kind; use policy or record")
    if state is not None and state not in STATE_FILTERS:
        raise InvalidInput(f"'{state}' is not a policy state; use one of "
                           f"{', '.join(STATE_FILTERS)}")
    documents = browse_within(repo, scope, unit, sqs, kind, limit=100_000)
    states = load_states(repo, today)
    wanted = state.replace("-", " ") if state else None
    rows = []
    for document in documents:
        row = _row(repo, document, states.state(document.id, document.versions).state
                   if document.kind == "policy" else None)
        if wanted is None or row.state == wanted:
            rows.append(row)
    return sorted(rows, key=lambda r: _sort_key(sort, r), reverse=descending)


def _row(repo: Repository, document: Document, state: str | None) -> DocumentRow:
    version = repo.catalog.version(document.id, document.versions) or repo.version(document)
    stored = repo.catalog.texts.get(version.sha256)
    name = document.path.rsplit("/", 1)[-1]
    return DocumentRow(path=document.path, title=(stored.title if stored else None) or name,
                       kind=document.kind, sqs=document.sqs, modified_ns=version.mtime_ns,
                       state=state, versions=document.versions, size=version.size)
