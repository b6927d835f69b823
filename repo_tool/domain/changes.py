"""Assessment visits, and what changed in a unit's documents since a date (the last visit).

`changes` merges, from the catalog, every document of the unit (and every head-office policy)
that was added, revised, approved, withdrawn or deleted on or after the date, up to today:
- **added** / **revised**: a version, dated by the file's modification time (as `status` and
  `search --since` date documents), with the `repo-tool diff` command comparing it with the
  version before;
- **approved** / **withdrawn**: a decision recorded with `approve` / `withdraw`, listed when it
  was made or takes effect in the period, with approver and role, and for an approval the diff
  from the previously approved version;
- **moved**: the file was moved or renamed (its history follows it; dated when the scan saw
  it, with the old path);
- **deleted**: the file disappeared (the catalog's event, dated when the scan saw it).

The tool's own files are not evidence and are left out unless asked (`everything`): the papers
it generated (`records/<unit>/generated/`) and the unit's data files it reads, the staff
roster (`records/<unit>/staff.yaml` or `staff.csv`) and the performance standards
(`records/<unit>/standards.yaml`).
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from repo_tool.domain.performance import STANDARDS_NAME
from repo_tool.domain.roster import ROSTER_NAMES
from repo_tool.errors import InvalidInput, NotFound, RepoError
from repo_tool.models import Actor, Document, is_generated, mtime_day
from repo_tool.repository import Repository
from repo_tool.repository.diff import ClauseChange, text_diff
from repo_tool.store.lifecycle_log import VISIT_TYPES, Visit
from repo_tool.store.session import now


def record_visit(repo: Repository, unit: str, visited_on: date, kind: str,
                 note: str | None, actor: Actor, today: date | None = None) -> Visit:
    """Record an assessment visit to a unit."""
    repo.config.unit(unit)
    if kind not in VISIT_TYPES:
        raise InvalidInput(f"'{kind}' is not a visit type; use {', '.join(VISIT_TYPES)}")
    on = today or date.today()
    if visited_on > on:
        raise InvalidInput(f"the visit date {visited_on} is in the future (today is {on}); "
                           "record a visit once it has happened")
    with repo.writing("visit record", actor) as session, session.catalog.transaction():
        visit_id = session.catalog.lifecycle.add_visit(unit, visited_on, kind, note, now(),
                                                       actor.user)
        session.audit("visit record", {"visit": visit_id, "unit": unit, "type": kind,
                                       "date": visited_on.isoformat(), "note": note})
    return next(v for v in repo.catalog.lifecycle.visits(unit) if v.id == visit_id)


def last_visit(visits: Iterable[Visit], until: date) -> Visit | None:
    """The last visit on or before `until` (visits oldest first, as the catalog gives them):
    where `changes` starts, and the overview's last visit."""
    past = [v for v in visits if v.visited_on <= until]
    return past[-1] if past else None


def visits(repo: Repository, unit: str | None = None) -> list[Visit]:
    if unit is not None:
        repo.config.unit(unit)
    return repo.catalog.lifecycle.visits(unit)


@dataclass(frozen=True)
class Change:
    """One change to one document."""

    day: date
    kind: str  # added, revised, approved, withdrawn, moved, deleted
    path: str
    unit: str
    document_kind: str
    version: int | None
    previous: int | None  # the version it is compared with
    approver: str | None = None
    role: str | None = None
    effective_on: date | None = None
    note: str | None = None

    @property
    def diff_command(self) -> str | None:
        """`repo-tool diff 'PATH' A B`: the paragraph diff of this change."""
        if self.version is None or self.previous is None:
            return None
        return f"repo-tool diff {shlex.quote(self.path)} {self.previous} {self.version}"


@dataclass(frozen=True)
class Changes:
    """The changes of a unit in a period, and the visit that starts it (if any)."""

    unit: str
    since: date
    until: date
    visit: Visit | None
    items: list[Change]
    left_out: int = 0  # changes to the tool's own files, listed only when asked


DATA_FILES = (*ROSTER_NAMES, STANDARDS_NAME)  # at the top of records/<unit>/


def tools_own(document: Document) -> bool:
    """A paper repo-tool generated, or a data file of the unit it reads (roster, standards):
    neither is evidence a visitor looks at."""
    parts = document.path.split("/")
    return is_generated(document.path) or (
        len(parts) == 3 and parts[0] == "records" and parts[2] in DATA_FILES)


def _local_day(iso: str) -> date:
    return datetime.fromisoformat(iso).astimezone().date()


def changes(repo: Repository, unit: str, since: date | None = None,
            today: date | None = None, everything: bool = False) -> Changes:
    """Every change since `since` (default: the unit's last visit), up to `today`; changes
    to the tool's own files (`tools_own`) only with `everything`, else counted in
    `left_out`."""
    repo.config.unit(unit)
    until = today or date.today()
    log = repo.catalog.lifecycle
    visit = None
    if since is None:
        visit = last_visit(log.visits(unit), until)
        if visit is None:
            raise NotFound(f"unit '{unit}' has no visit recorded; record the last one with "
                           f"`repo-tool visit record --unit {unit} --date DATE --type review`, "
                           "or give --since DATE")
        since = visit.visited_on
    if since > until:
        raise InvalidInput(f"--since {since} is after {until}")

    def within(*days: date | None) -> bool:
        return any(d is not None and since <= d <= until for d in days)

    items: list[Change] = []
    own: set[str] = set()
    documents = [d for d in repo.catalog.documents()
                 if d.unit == unit or (d.unit == "agency" and d.kind == "policy")]
    for document in documents:
        if not everything and tools_own(document):
            own.add(document.path)
        for version in repo.catalog.versions(document.id):
            day = mtime_day(version.mtime_ns)
            if within(day):
                items.append(Change(day, "added" if version.number == 1 else "revised",
                                    document.path, document.unit, document.kind,
                                    version.number,
                                    version.number - 1 if version.number > 1 else None,
                                    note=version.note))
        for event in repo.catalog.events(document.id):
            if event.kind == "deleted" and within(_local_day(event.at)):
                items.append(Change(_local_day(event.at), "deleted", document.path,
                                    document.unit, document.kind, document.versions, None))
            elif event.kind == "moved" and within(_local_day(event.at)):
                items.append(Change(_local_day(event.at), "moved", document.path,
                                    document.unit, document.kind, None, None,
                                    note=f"moved from {event.detail.get('from')}"))
        approved = sorted(log.approvals(document.id), key=lambda a: (a.number, a.id))
        for index, approval in enumerate(approved):
            if within(approval.approved_on, approval.effective_on):
                before = [a.number for a in approved[:index] if a.number < approval.number]
                items.append(Change(approval.approved_on, "approved", document.path,
                                    document.unit, document.kind, approval.number,
                                    before[-1] if before else None, approval.approver,
                                    approval.role, approval.effective_on, approval.note))
        for withdrawal in log.withdrawals(document.id):
            if within(withdrawal.decided_on, withdrawal.effective_on):
                items.append(Change(withdrawal.decided_on, "withdrawn", document.path,
                                    document.unit, document.kind, None, None,
                                    withdrawal.withdrawn_by, withdrawal.role,
                                    withdrawal.effective_on, withdrawal.note))
    order = {"added": 0, "revised": 1, "approved": 2, "withdrawn": 3, "moved": 4, "deleted": 5}
    items.sort(key=lambda c: (c.day, c.path, order[c.kind], c.version or 0))
    kept = [c for c in items if c.path not in own]
    return Changes(unit, since, until, visit, kept, len(items) - len(kept))


# -- what changed, for people who will not run `repo-tool diff` ------------------------------

CLAUSES_SHOWN = 3
CLAUSE_WIDTH = 120  # characters of one changed clause: old and new share it
_CONTEXT = 20  # characters kept before the first difference
_CLAUSE_NUMBER = re.compile(r"(\d+(?:\.\d+)*\.?|第\s*[\d一二三四五六七八九十百]+\s*[條章節項]|"
                            r"[(（][\da-z一二三四五六七八九十]+[)）])\s")


@dataclass(frozen=True)
class WhatChanged:
    """The first changed clauses of a change (shortened), how many more there are, or why the
    text cannot be compared."""

    clauses: list[ClauseChange]
    more: int = 0
    reason: str | None = None


def _cut(text: str, start: int, width: int) -> str:
    """`text` from `start`, at most `width` characters, with … where it was cut; a clause
    number (`3.5`, `第3條`, `(a)`) cut off at the start is kept in front."""
    number = _CLAUSE_NUMBER.match(text)
    if start > 0:
        space = text.rfind(" ", max(0, start - 8), start)  # begin at a word when one is near
        start = space + 1 if space >= 0 else start
        start = 0 if number and start <= number.end() else start  # nothing but the number
    end = start + width
    if end < len(text) and text[end - 1:end + 1].isalpha() and text[end].isascii():
        space = text.rfind(" ", end - 15, end)  # end at a word, not inside it
        end = space if space > start else end
    shown = text[start:end].rstrip() + ("…" if end < len(text) else "")
    if start == 0:
        return shown
    return (number.group(1) + " …" if number and number.end() <= start else "…") + shown


def shorten(change: ClauseChange, width: int = CLAUSE_WIDTH) -> ClauseChange:
    """The clause cut to about `width` characters in all, old and new each half of it, starting
    early enough to fit and at most a few characters before the first place they differ."""
    if change.old is None or change.new is None:
        return ClauseChange(change.old and _cut(change.old, 0, width),
                            change.new and _cut(change.new, 0, width))
    old, new = change.old, change.new
    same = 0
    while same < min(len(old), len(new)) and old[same] == new[same]:
        same += 1
    # skip no more of the same start than needed for the longer one to fit
    start = max(0, min(same - _CONTEXT, max(len(old), len(new)) - width // 2))
    return ClauseChange(_cut(old, start, width // 2), _cut(new, start, width // 2))


def what_changed(repo: Repository, change: Change, most: int = CLAUSES_SHOWN,
                 width: int = CLAUSE_WIDTH) -> WhatChanged | None:
    """The clauses that differ between the change's two versions, the first `most` of them
    shortened to about `width` characters; None when the change has no earlier version."""
    if change.version is None or change.previous is None:
        return None
    try:
        clauses = text_diff(repo, change.path, change.previous, change.version).clauses
    except RepoError as error:  # not read yet, no text (a scan), or the file is gone
        return WhatChanged([], reason=str(error))
    return WhatChanged([shorten(c, width) for c in clauses[:most]], max(0, len(clauses) - most))
