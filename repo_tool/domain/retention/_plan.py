"""`retention plan`: the versions whose period has ended, as a reviewable plan file.

The plan file is JSON that people can read and check before anyone approves it: the day it was
made for, then one entry per version (path, version, sha256, size, unit, rule, period, start,
expiry), grouped by rule. `retention apply` disposes of exactly its entries after checking each
again (see _apply.py).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from repo_tool.domain.retention._judge import HELD, Judged, judge_all
from repo_tool.errors import Conflict, InvalidInput
from repo_tool.humanize import local_time
from repo_tool.repository import Repository

PLAN_FORMAT = "repo-tool retention plan"
PLAN_VERSION = 1


@dataclass(frozen=True)
class PlanEntry:
    """One version the plan proposes to dispose of."""

    path: str
    version: int
    sha256: str
    size: int
    unit: str
    rule: str
    period: str
    counted_from: str
    start: str
    expires: str
    recorded: str


@dataclass(frozen=True)
class RetentionPlan:
    """The expired versions on a day, by rule, and how many are held back by a hold."""

    as_of: date
    entries: tuple[PlanEntry, ...]
    held: tuple[tuple[str, int], ...]  # (rule, versions past their period but on hold)

    @property
    def size(self) -> int:
        return sum(entry.size for entry in self.entries)

    def by_rule(self) -> dict[str, list[PlanEntry]]:
        grouped: dict[str, list[PlanEntry]] = {}
        for entry in self.entries:
            grouped.setdefault(entry.rule, []).append(entry)
        return grouped


def entry_of(judged: Judged) -> PlanEntry:
    c, rule = judged.candidate, judged.rule
    assert rule is not None and judged.start is not None and judged.expires is not None
    return PlanEntry(c.path, c.number, c.sha256, c.size, c.unit, rule.name, rule.period.label,
                     rule.counted_from, judged.start.isoformat(), judged.expires.isoformat(),
                     local_time(c.recorded_at))


def retention_plan(repo: Repository, as_of: date | None = None,
                   unit: str | None = None) -> RetentionPlan:
    """Every version whose retention period has ended by `as_of` (default today)."""
    on = as_of or date.today()
    if unit is not None:
        repo.config.unit(unit)
    judged = judge_all(repo.catalog, repo.config.retention, on, unit)
    entries = sorted((entry_of(j) for j in judged if j.expired),
                     key=lambda e: (_rule_order(repo, e.rule), e.path, e.version))
    held: dict[str, int] = {}
    for j in judged:
        if j.state == HELD and j.rule is not None:
            held[j.rule.name] = held.get(j.rule.name, 0) + 1
    return RetentionPlan(on, tuple(entries), tuple(held.items()))


def _rule_order(repo: Repository, name: str) -> int:
    return next(i for i, rule in enumerate(repo.config.retention) if rule.name == name)


def plan_json(plan: RetentionPlan) -> dict[str, Any]:
    """The plan file's content."""
    return {"format": PLAN_FORMAT, "format_version": PLAN_VERSION,
            "as_of": plan.as_of.isoformat(), "versions": len(plan.entries), "bytes": plan.size,
            "held": [{"rule": rule, "versions": count} for rule, count in plan.held],
            "rules": [{"rule": rule, "versions": len(entries),
                       "bytes": sum(e.size for e in entries)}
                      for rule, entries in plan.by_rule().items()],
            "entries": [entry.__dict__ for entry in plan.entries]}


def write_plan(plan: RetentionPlan, dest: Path, overwrite: bool = False) -> None:
    """Write the plan file (never over an existing file unless asked)."""
    if dest.exists() and not overwrite:
        raise Conflict(f"{dest} already exists; choose another file or pass --force")
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.part")
    tmp.write_text(json.dumps(plan_json(plan), ensure_ascii=False, indent=2) + "\n",
                   encoding="utf-8")
    os.replace(tmp, dest)


_ENTRY_FIELDS = {"path": str, "version": int, "sha256": str, "size": int, "rule": str}


def read_plan(path: Path) -> list[dict[str, Any]]:
    """The entries of a plan file, each checked to name a version (path, number, sha256, size,
    rule); anything else is one InvalidInput naming the file and the entry."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such plan file; make one with `repo-tool retention plan "
                           "-o FILE`") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InvalidInput(f"{path}: not a plan file ({exc})") from None
    if not isinstance(value, dict) or value.get("format") != PLAN_FORMAT \
            or not isinstance(value.get("entries"), list):
        raise InvalidInput(f"{path}: not a plan file made by `repo-tool retention plan`")
    entries: list[dict[str, Any]] = []
    for index, entry in enumerate(value["entries"], start=1):
        if not isinstance(entry, dict):
            raise InvalidInput(f"{path}: entry {index} is not an object")
        for name, kind in _ENTRY_FIELDS.items():
            if not isinstance(entry.get(name), kind) or isinstance(entry.get(name), bool):
                raise InvalidInput(f"{path}: entry {index}: '{name}' is missing or not a "
                                   f"{'number' if kind is int else 'text'}")
        entries.append(entry)
    if not entries:
        raise InvalidInput(f"{path}: the plan has no entries; nothing to dispose of")
    return entries
