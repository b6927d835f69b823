"""Making a statistics return's file, submitting it, and the log of submissions.

`stats return` writes the file where asked and changes nothing in the repository. `stats
submit` writes it into the unit's generated papers, `records/<unit>/generated/統計報表 returns/
2025-26-Q3 return.csv` (names with only letters, digits, `-` and spaces: safe on Windows and
shared drives), records it at once as a version (the tool's own file, like every generated
paper: left out of search and `changes` unless asked), and logs the submission (revision, file,
version, sha256, who, when) in the catalog and the audit log, all under the writer lock so no
figure can change in between. Submitting again is refused unless a figure changed: then it is
the next revision and the file's next version, and every revision stays in the log.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from repo_tool.domain.performance._periods import Frequency, Period
from repo_tool.domain.performance._return_files import return_format, write_return
from repo_tool.domain.performance._returns import (
    ReturnDue,
    StatsReturn,
    build_return,
    return_frequency,
    returns_due,
)
from repo_tool.domain.performance._standards import has_standards, load_standards
from repo_tool.errors import Conflict, InvalidInput
from repo_tool.ingest.scanner import Scanner
from repo_tool.models import GENERATED, Actor
from repo_tool.repository import Repository
from repo_tool.store.returns_log import Submission
from repo_tool.store.session import now

RETURNS_FOLDER = "統計報表 returns"


@dataclass(frozen=True)
class MadeReturn:
    """A return written to a file."""

    stats_return: StatsReturn
    path: Path
    format: str


@dataclass(frozen=True)
class ReturnsOverview:
    """A unit's submissions and the returns due, for `stats returns`."""

    unit: str
    frequency: Frequency | None  # None: the unit has no standards file
    grace_days: int
    submissions: tuple[Submission, ...]
    due: tuple[ReturnDue, ...]


def file_name(period: Period, fmt: str) -> str:
    """`2025-26-Q3 return.csv`."""
    return f"{period.code} return.{fmt}"


def require_checked(found: StatsReturn) -> None:
    """Refuse a return that fails a check: every failure, one line each."""
    if found.problems:
        raise InvalidInput(f"the return of {found.unit.code} for {found.period.label} was not "
                           "written; fix these first:\n" + "\n".join(found.problems))


def make_return(repo: Repository, unit: str, period: str, *, out: Path,
                fmt: str | None = None, force: bool = False,
                today: date | None = None) -> MadeReturn:
    """Check the return and write it to `out` (a folder gets `2025-26-Q3 return.csv`)."""
    found = build_return(repo, unit, period, today)
    require_checked(found)
    chosen = return_format(fmt, out)
    path = out / f"{unit} {file_name(found.period, chosen)}" if out.is_dir() else out
    if not path.parent.is_dir():
        raise InvalidInput(f"cannot write {path}: the folder {path.parent} does not exist")
    if path.exists() and not force:
        raise Conflict(f"{path} exists; add --force to replace it, or choose another -o")
    write_return(found, path, chosen)
    return MadeReturn(found, path, chosen)


def submit_return(repo: Repository, unit: str, period: str, *, actor: Actor,
                  fmt: str = "csv", today: date | None = None) -> Submission:
    """Keep the return as a version in the unit's generated papers and log the submission."""
    chosen = return_format(fmt, None)
    with repo.writing("stats submit", actor) as session:
        found = build_return(repo, unit, period, today)
        require_checked(found)
        latest = found.latest
        if latest is not None and found.state == "submitted":
            raise Conflict(f"{unit} {found.period.code} was submitted as revision "
                           f"{latest.revision} on {latest.submitted_at[:10]} and no figure has "
                           "changed since; nothing to submit")
        revision = latest.revision + 1 if latest else 1
        relpath = f"records/{unit}/{GENERATED}/{RETURNS_FOLDER}/{file_name(found.period, chosen)}"
        path = repo.root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():  # a hand edit to the kept file is recorded, never overwritten unseen
            before = Scanner(session, repo.config, note="recorded before submitting a return")
            if before.run_paths([relpath]).recorded_anything:
                with session.catalog.transaction():
                    session.audit("scan", before.result.counts())
        write_return(found, path, chosen)
        scanner = Scanner(session, repo.config, note=f"statistics return {unit} "
                          f"{found.period.code}, revision {revision}, submitted")
        result = scanner.run_paths([relpath])
        document = session.catalog.document(relpath)
        version = dict(result.versions).get(relpath) or (document.versions if document else 0)
        sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
        with session.catalog.transaction():
            row_id = session.catalog.returns.add_submission(
                unit, found.period.code, revision, relpath, version, sha256, found.content,
                found.digest, now(), actor.user, actor.by)
            session.audit("stats submit", {
                "unit": unit, "period": found.period.code, "revision": revision,
                "file": f"{relpath} v{version}", "sha256": sha256, "figures": len(found.rows),
                "changes": list(found.changes())})
        repo.catch_up(session, result)
    return next(s for s in repo.catalog.returns.submissions(unit) if s.id == row_id)


def returns_overview(repo: Repository, unit: str, today: date | None = None
                     ) -> ReturnsOverview:
    """Every submission of the unit and the returns due (see `returns_due`)."""
    repo.config.unit(unit)
    frequency = return_frequency(load_standards(repo.root, unit)) \
        if has_standards(repo.root, unit) else None
    return ReturnsOverview(unit, frequency, repo.config.sar.returns_grace_days,
                           tuple(repo.catalog.returns.submissions(unit)),
                           returns_due(repo, unit, today))
