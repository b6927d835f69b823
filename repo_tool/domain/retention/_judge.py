"""Judging each kept version against the retention rules on a day (see docs/retention.md).

A version is **expired** when a rule covers its document, it is not the current version of a
document whose file is (or may be) on disk, its start date is known (the version's date, the
document's deletion, or a date in its path), its period has ended by the day, and its rule is
not on hold. Only expired versions may be disposed of.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from repo_tool.models import mtime_day
from repo_tool.retention import RetentionRule, path_date, rule_for
from repo_tool.store import Catalog
from repo_tool.store.disposals import Candidate

NOT_COVERED = "not covered"
CURRENT = "current"
NO_START = "no start"
KEPT = "kept"
HELD = "held"
EXPIRED = "expired"


@dataclass(frozen=True)
class Judged:
    """One kept version, the rule covering it, its dates and its state on the day."""

    candidate: Candidate
    rule: RetentionRule | None
    start: date | None
    expires: date | None
    state: str

    @property
    def expired(self) -> bool:
        return self.state == EXPIRED

    def why_not(self) -> str:
        """Why this version may not be disposed of, as a clause."""
        rule = self.rule
        if rule is None:
            return "no retention rule covers it"
        if self.state == CURRENT:
            return "it is the current version of a file on disk (the file is the user's)"
        if self.state == NO_START:
            return {"deletion": f"rule {rule.name} counts from deletion and the document is not "
                                "deleted",
                    "path-date": f"rule {rule.name} counts from a date in the path and its path "
                                 "has none"}.get(rule.counted_from, "it has no start date")
        if self.state == KEPT:
            return f"not expired: rule {rule.name} keeps it until {self.expires}"
        if self.state == HELD:
            return f"on hold under rule {rule.name} ({rule.hold})"
        return "expired"


def start_day(candidate: Candidate, rule: RetentionRule) -> date | None:
    """The day a version's period starts under a rule, or None when it has none (yet)."""
    if rule.counted_from == "version":
        return mtime_day(candidate.mtime_ns)
    if rule.counted_from == "deletion":
        if candidate.status != "deleted" or candidate.deleted_at is None:
            return None
        return datetime.fromisoformat(candidate.deleted_at).astimezone().date()
    return path_date(candidate.path)


def judge(candidate: Candidate, rules: tuple[RetentionRule, ...], on: date) -> Judged:
    """One version's state under the rules on a day."""
    rule = rule_for(rules, candidate.unit, candidate.kind, candidate.sqs, candidate.path)
    if rule is None:
        return Judged(candidate, None, None, None, NOT_COVERED)
    if candidate.on_disk:
        return Judged(candidate, rule, None, None, CURRENT)
    start = start_day(candidate, rule)
    if start is None:
        return Judged(candidate, rule, None, None, NO_START)
    expires = rule.period.after(start)
    if expires > on:
        return Judged(candidate, rule, start, expires, KEPT)
    return Judged(candidate, rule, start, expires, HELD if rule.hold else EXPIRED)


def judge_all(catalog: Catalog, rules: tuple[RetentionRule, ...], on: date,
              unit: str | None = None) -> list[Judged]:
    """Every kept version (of a unit, or all) judged on a day; none without rules."""
    if not rules:
        return []
    return [judge(candidate, rules, on) for candidate in catalog.disposals.candidates(unit)]
