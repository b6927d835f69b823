"""`retention apply`: dispose of exactly the versions of a reviewed plan file.

Under the writer lock, every entry is checked again against the rules and the catalog on the
day: the same path, number, sha256 and size, still covered by the same rule, expired, not on
hold, not the current version of a file on disk. Any entry that fails refuses the whole plan,
naming each one; nothing is disposed of. Otherwise one transaction writes each tombstone, a
`disposed` event on its document, forgets the text no kept version shares and appends the
audit entry naming every version; then the index entries and bytes go (repository/disposal.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from repo_tool.domain.retention._judge import Judged, judge
from repo_tool.domain.retention._plan import read_plan
from repo_tool.errors import InvalidInput
from repo_tool.models import Actor
from repo_tool.repository import Repository
from repo_tool.repository.disposal import finish_disposals
from repo_tool.store.session import WriteSession, now

_SHOWN_PROBLEMS = 20


@dataclass(frozen=True)
class Applied:
    """What `retention apply` did."""

    disposed: tuple[str, ...]  # `path vN`, in the plan's order
    already: tuple[str, ...]  # entries disposed of by an earlier run of the same plan
    bytes: int
    approved_by: str
    disposed_on: date


def apply_plan(repo: Repository, plan_file: Path, actor: Actor, approved_by: str,
               as_of: date | None = None) -> Applied:
    """Dispose of the versions the plan file lists, after checking every one again."""
    approver = approved_by.strip()
    if not approver:
        raise InvalidInput("name who approved the disposal with --approved-by NAME")
    if not actor.by:
        raise InvalidInput("name who is disposing of the versions with --by NAME")
    on = as_of or date.today()
    entries = read_plan(plan_file)
    with repo.writing("retention apply", actor) as session:
        chosen, already = _check(repo, session, entries, on, plan_file)
        if chosen:
            _tombstones(session, chosen, on, approver, str(plan_file))
            finish_disposals(session, repo.index)
    return Applied(tuple(f"{j.candidate.path} v{j.candidate.number}" for j in chosen),
                   tuple(already), sum(j.candidate.size for j in chosen), approver, on)


def _check(repo: Repository, session: WriteSession, entries: list[dict[str, Any]], on: date,
           plan_file: Path) -> tuple[list[Judged], list[str]]:
    catalog = session.catalog
    kept = {(c.path, c.number): c for c in catalog.disposals.candidates()}
    problems: list[str] = []
    chosen: list[Judged] = []
    already: list[str] = []
    seen: set[tuple[str, int]] = set()
    for entry in entries:
        key = (entry["path"], entry["version"])
        name = f"{key[0]} v{key[1]}"
        if key in seen:
            problems.append(f"{name}: listed twice")
            continue
        seen.add(key)
        candidate = kept.get(key)
        if candidate is None:
            document = catalog.document(key[0])
            version = catalog.version(document.id, key[1]) if document else None
            if version is not None and catalog.disposals.of_version(version.id) is not None:
                already.append(name)
            else:
                problems.append(f"{name}: unknown (no such version at that path; moved since "
                                "the plan was made?)")
            continue
        if (candidate.sha256, candidate.size) != (entry["sha256"], entry["size"]):
            problems.append(f"{name}: changed since the plan was made (its sha256 or size "
                            "differs)")
            continue
        judged = judge(candidate, repo.config.retention, on)
        if not judged.expired:
            problems.append(f"{name}: {judged.why_not()}")
        elif judged.rule is not None and judged.rule.name != entry["rule"]:
            problems.append(f"{name}: now falls under rule {judged.rule.name}, not "
                            f"{entry['rule']} as the plan says")
        else:
            chosen.append(judged)
    if problems:
        shown = "; ".join(problems[:_SHOWN_PROBLEMS])
        more = len(problems) - _SHOWN_PROBLEMS
        raise InvalidInput(f"the plan {plan_file} cannot be applied, so nothing was disposed "
                           f"of: {shown}" + (f"; and {more} more" if more > 0 else ""))
    return chosen, already


def _tombstones(session: WriteSession, chosen: list[Judged], on: date, approver: str,
                plan_file: str) -> None:
    """The catalog's half of a disposal, in one transaction with its audit entry."""
    catalog = session.catalog
    at = now()
    by = session.actor.by or session.actor.user
    with catalog.transaction():
        for judged in chosen:
            c, rule = judged.candidate, judged.rule
            assert rule is not None and judged.start and judged.expires
            catalog.disposals.add(c, rule.name, rule.period.label, rule.counted_from,
                                  judged.start.isoformat(), judged.expires.isoformat(),
                                  on.isoformat(), approver, by, at, session.operation)
            catalog.add_event(c.document_id, at, "disposed",
                              {"version": c.number, "rule": rule.name,
                               "disposed_on": on.isoformat(), "approved_by": approver,
                               "by": by}, session.operation)
        for sha256 in sorted({j.candidate.sha256 for j in chosen}):
            if not catalog.disposals.still_shared(sha256):
                catalog.disposals.forget_text(sha256)
        session.audit("retention apply", {
            "plan": plan_file, "disposed_on": on.isoformat(), "approved_by": approver,
            "count": len(chosen), "bytes": sum(j.candidate.size for j in chosen),
            "disposed": [f"{j.candidate.path} v{j.candidate.number} ({j.candidate.sha256}, "
                         f"rule {j.rule.name if j.rule else ''})" for j in chosen]})
