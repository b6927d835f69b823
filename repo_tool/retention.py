"""Retention schedules: the `retention:` section of repo.yaml, its periods and which rule covers
a document (see docs/retention.md).

A leaf like `config`: rules are plain data, matched against a document's unit, kind, SQS numbers
and path. Parsing takes config's YamlReader (as a structural `Reader`, so this module imports
nothing of config) and fails with one ConfigError naming file:line and key.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING, Any, Protocol

from repo_tool.errors import ConfigError

if TYPE_CHECKING:
    import yaml

PERIOD = re.compile(r"^([1-9]\d{0,2})([ymd])$")
RULE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
COUNTED_FROM = ("version", "deletion", "path-date")
KINDS = ("record", "policy")
PATH_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_SECTION = {"rules": False}
_RULE = {"name": True, "period": True, "from": False, "unit": False, "kind": False,
         "sqs": False, "path": False, "hold": False}


class Reader(Protocol):
    """What parsing needs of config.YamlReader."""

    def fail(self, node: yaml.Node, key: str, problem: str) -> ConfigError: ...
    def mapping(self, node: yaml.Node, key: str,
                allowed: dict[str, bool]) -> dict[str, yaml.Node]: ...
    def value(self, node: yaml.Node) -> Any: ...
    def text(self, node: yaml.Node, key: str, optional: bool = False) -> str | None: ...
    def integer(self, node: yaml.Node, key: str, low: int, high: int) -> int: ...
    def sequence(self, node: yaml.Node, key: str) -> list[yaml.Node]: ...


@dataclass(frozen=True)
class Period:
    """A retention period: so many years, months or days."""

    count: int
    unit: str  # y, m or d

    @property
    def label(self) -> str:
        return f"{self.count}{self.unit}"

    def after(self, start: date) -> date:
        """The day the period ends, counted from `start` (31 Jan + 1m is 28 or 29 Feb)."""
        if self.unit == "d":
            return date.fromordinal(start.toordinal() + self.count)
        months = self.count * (12 if self.unit == "y" else 1)
        year, month = divmod(start.month - 1 + months, 12)
        year += start.year
        day = min(start.day, calendar.monthrange(year, month + 1)[1])
        return date(year, month + 1, day)


def parse_period(text: str) -> Period | None:
    """`7y`, `18m` or `90d` as a Period, or None if it is not one."""
    found = PERIOD.match(text.strip())
    return Period(int(found.group(1)), found.group(2)) if found else None


@dataclass(frozen=True)
class RetentionRule:
    """One rule: what it covers, how long its versions are kept, and whether a hold stops it."""

    name: str
    period: Period
    counted_from: str = "version"  # version, deletion or path-date
    units: tuple[str, ...] = ()  # empty: every unit
    kinds: tuple[str, ...] = ("record",)  # policies only when a rule names them
    sqs: tuple[int, ...] = ()  # empty: any SQS
    paths: tuple[str, ...] = ()  # globs on the catalog path; empty: any path
    hold: str | None = None  # a legal hold's reason: nothing under the rule is disposed of
    line: int = 0

    def covers(self, unit: str, kind: str, sqs: tuple[int, ...], path: str) -> bool:
        """Whether a document falls under this rule."""
        return ((not self.units or unit in self.units) and kind in self.kinds
                and (not self.sqs or any(n in self.sqs for n in sqs))
                and (not self.paths or any(fnmatchcase(path, glob) for glob in self.paths)))


def rule_for(rules: tuple[RetentionRule, ...], unit: str, kind: str, sqs: tuple[int, ...],
             path: str) -> RetentionRule | None:
    """The first rule (in repo.yaml's order) that covers a document, or None."""
    return next((rule for rule in rules if rule.covers(unit, kind, sqs, path)), None)


def path_date(path: str) -> date | None:
    """The first real YYYY-MM-DD date written in a path (a folder or file name), if any."""
    for found in PATH_DATE.finditer(path):
        try:
            return date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
        except ValueError:
            continue
    return None


def _texts(read: Reader, node: yaml.Node, key: str) -> list[tuple[str, yaml.Node]]:
    """A text or a list of texts, each with its node (for messages)."""
    import yaml  # parsing only: reading the rules from the cache needs no YAML

    if isinstance(node, yaml.SequenceNode):
        items = [(read.text(item, f"{key}[{i}]") or "", item)
                 for i, item in enumerate(node.value)]
        if not items:
            raise read.fail(node, key, "an empty list; leave the key out to match everything")
        return items
    return [(read.text(node, key) or "", node)]


def _rule(read: Reader, node: yaml.Node, key: str, units: tuple[str, ...]) -> RetentionRule:
    import yaml

    fields = read.mapping(node, key, _RULE)
    name = read.text(fields["name"], f"{key}.name") or ""
    if not RULE_NAME.match(name):
        raise read.fail(fields["name"], f"{key}.name", f"'{name}' is not a rule name: use "
                        "letters, digits, '-', '_' or '.', such as complaints-7y")
    text = read.text(fields["period"], f"{key}.period") or ""
    period = parse_period(text)
    if period is None:
        raise read.fail(fields["period"], f"{key}.period", f"'{text}' is not a period; write "
                        "years, months or days such as 7y, 18m or 90d")
    counted = "version"
    if "from" in fields:
        counted = read.text(fields["from"], f"{key}.from") or ""
        if counted not in COUNTED_FROM:
            raise read.fail(fields["from"], f"{key}.from", f"'{counted}' is not a start; use "
                            f"one of {', '.join(COUNTED_FROM)}")
    chosen_units: list[str] = []
    for code, item in (_texts(read, fields["unit"], f"{key}.unit") if "unit" in fields else []):
        if code not in units:
            raise read.fail(item, f"{key}.unit", f"unit '{code}' is not in units: "
                            f"{', '.join(units) or 'none yet'}")
        chosen_units.append(code)
    kinds: list[str] = []
    for kind, item in (_texts(read, fields["kind"], f"{key}.kind") if "kind" in fields else []):
        if kind not in KINDS:
            raise read.fail(item, f"{key}.kind", f"'{kind}' is not a kind; use record or policy")
        kinds.append(kind)
    numbers: list[int] = []
    if "sqs" in fields:
        given = fields["sqs"]
        items = given.value if isinstance(given, yaml.SequenceNode) else [given]
        numbers = [read.integer(item, f"{key}.sqs", 1, 16) for item in items]
    globs = [glob for glob, _ in (_texts(read, fields["path"], f"{key}.path")
                                  if "path" in fields else [])]
    hold = read.text(fields["hold"], f"{key}.hold") if "hold" in fields else None
    return RetentionRule(name, period, counted, tuple(chosen_units),
                         tuple(kinds) or ("record",), tuple(numbers), tuple(globs), hold,
                         node.start_mark.line + 1)


def parse_retention(read: Reader, node: yaml.Node, units: tuple[str, ...]
                    ) -> tuple[RetentionRule, ...]:
    """The `retention:` section: `rules:`, a list of rules tried in order."""
    import yaml  # parsing only: reading the rules from the cache needs no YAML

    if isinstance(node, yaml.ScalarNode) and read.value(node) is None:
        return ()
    section = read.mapping(node, "retention", _SECTION)
    rules: list[RetentionRule] = []
    first_line: dict[str, int] = {}
    for index, item in enumerate(read.sequence(section["rules"], "retention.rules")
                                 if "rules" in section else []):
        rule = _rule(read, item, f"retention.rules[{index}]", units)
        if rule.name in first_line:
            raise read.fail(item, f"retention.rules[{index}].name", f"'{rule.name}' is already "
                            f"the name of the rule on line {first_line[rule.name]}")
        first_line[rule.name] = rule.line
        rules.append(rule)
    return tuple(rules)
