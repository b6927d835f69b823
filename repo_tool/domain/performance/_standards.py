"""A unit's performance standards: `records/<unit>/standards.yaml`.

The file lists the unit's Essential Service Requirements (ESR1..), Output Standards (OS1..) and
Outcome Standards (OC1..) as agreed in its Funding and Service Agreement (seed 000). It lives
with the unit's evidence, so every change to it is versioned by `scan` like any record. Each
mistake is one ConfigError naming file, line and key, e.g.
`records/home/standards.yaml:12: standards[1].level: expected a number such as 90`.

An ESR is a met / not met judgement (24-hour staffing, a registered social worker), so it has no
level; an OS or OC has an agreed level, how the year's figure is made from the periods'
(`average`, `sum` or `latest`), a direction (`at least` or `at most`) and a measure (`%`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from repo_tool.config import YamlReader, compose_yaml, null_node
from repo_tool.domain.performance._periods import FREQUENCIES, Frequency
from repo_tool.errors import ConfigError, NotFound

if TYPE_CHECKING:
    import yaml

STANDARDS_NAME = "standards.yaml"
Kind = Literal["esr", "output", "outcome", "pledge"]  # a pledge: records/<unit>/pledges.yaml
Aggregate = Literal["average", "sum", "latest"]
Direction = Literal["at least", "at most"]
KIND_OF_PREFIX: dict[str, Kind] = {"ESR": "esr", "OS": "output", "OC": "outcome"}
KIND_NAMES: dict[Kind, tuple[str, str]] = {
    "esr": ("基本服務規定", "Essential Service Requirement"),
    "output": ("服務量標準", "Output Standard"),
    "outcome": ("服務成效標準", "Outcome Standard"),
    "pledge": ("服務承諾", "Performance pledge")}
AGGREGATES: tuple[Aggregate, ...] = ("average", "sum", "latest")
DIRECTIONS: tuple[Direction, ...] = ("at least", "at most")
_CODE = re.compile(r"^(ESR|OS|OC)([1-9][0-9]?)$")
_TOP = {"standards": True}
_STANDARD = {"code": True, "kind": False, "name_zh": True, "name_en": True, "level": False,
             "measure": False, "aggregate": False, "direction": False, "frequency": False,
             "sqs": False}
_NUMERIC_ONLY = ("level", "measure", "aggregate", "direction")


@dataclass(frozen=True)
class Standard:
    """One ESR, OS or OC of a unit with its agreed level."""

    code: str
    kind: Kind
    name_zh: str
    name_en: str
    level: float | None  # None for an ESR
    measure: str  # "%", "cases", or "" for a bare number
    aggregate: Aggregate
    direction: Direction
    frequency: Frequency
    sqs: tuple[int, ...]  # the SQSs whose evidence supports it
    line: int

    @property
    def is_esr(self) -> bool:
        return self.kind == "esr"

    def amount(self, value: float) -> str:
        """`90%`, `120 sessions`, `92.5%`, or met / not met for an ESR."""
        if self.is_esr:
            return "符合 met" if value >= 1 else "未符合 not met"
        number = f"{value:.1f}".rstrip("0").rstrip(".")
        if not self.measure:
            return number
        return f"{number}{self.measure}" if self.measure == "%" else f"{number} {self.measure}"

    @property
    def level_text(self) -> str:
        """`≥ 90%` (at least) or `≤ 5%` (at most); `met` for an ESR."""
        if self.level is None:
            return "符合 met"
        return ("≥ " if self.direction == "at least" else "≤ ") + self.amount(self.level)

    def meets(self, value: float, target: float) -> bool:
        """Whether `value` satisfies `target` in this standard's direction."""
        value, target = round(value, 6), round(target, 6)
        return value >= target if self.direction == "at least" else value <= target


@dataclass(frozen=True)
class Standards:
    """A unit's validated standards file."""

    unit: str
    path: str  # relative to the repository root
    standards: tuple[Standard, ...]

    def get(self, code: str) -> Standard:
        wanted = code.strip().upper()
        for standard in self.standards:
            if standard.code == wanted:
                return standard
        known = ", ".join(s.code for s in self.standards)
        raise NotFound(f"unit '{self.unit}' has no standard '{code}' in {self.path} "
                       f"(it has {known})")


def standards_path(root: Path, unit: str) -> Path:
    return root / "records" / unit / STANDARDS_NAME


def load_standards(root: Path, unit: str) -> Standards:
    """The unit's standards, or NotFound saying where to write them."""
    path = standards_path(root, unit)
    relpath = path.relative_to(root).as_posix()
    if not path.is_file():
        raise NotFound(f"unit '{unit}' has no {relpath}; write its ESRs, OSs and OCs there "
                       "(see README: Performance standards)")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{relpath}: not UTF-8 text; save it as UTF-8") from None
    return parse_standards(text, relpath, unit)


def has_standards(root: Path, unit: str) -> bool:
    return standards_path(root, unit).is_file()


def _compose(text: str, filename: str) -> yaml.Node:
    return compose_yaml(text, filename, "`standards:`")


def parse_standards(text: str, filename: str, unit: str) -> Standards:
    """Validate the text of a standards file."""
    read = YamlReader(filename)
    top = read.mapping(_compose(text, filename), "", _TOP)
    found = read.coded_list(top["standards"], "standards", "standard",
                            lambda node, key: _standard(read, node, key))
    return Standards(unit, filename, tuple(found))


def _choice(read: YamlReader, fields: dict[str, yaml.Node], name: str, key: str,
            allowed: tuple[str, ...], default: str) -> str:
    if name not in fields:
        return default
    value = read.text(fields[name], f"{key}.{name}") or ""
    if value not in allowed:
        raise read.fail(fields[name], f"{key}.{name}",
                        f"'{value}' is not one of {', '.join(allowed)}")
    return value


def _standard(read: YamlReader, node: yaml.Node, key: str) -> Standard:
    fields = read.mapping(node, key, _STANDARD)
    code = (read.text(fields["code"], f"{key}.code") or "").upper()
    match = _CODE.match(code)
    if not match:
        raise read.fail(fields["code"], f"{key}.code", f"'{code}' is not a standard code; "
                        "use ESR1.., OS1.. or OC1..")
    kind = KIND_OF_PREFIX[match.group(1)]
    if "kind" in fields:
        given = _choice(read, fields, "kind", key, ("esr", "output", "outcome"), kind)
        if given != kind:
            raise read.fail(fields["kind"], f"{key}.kind", f"'{given}' does not match the code "
                            f"{code} (a {match.group(1)} code is {kind})")
    if kind == "esr":
        for name in _NUMERIC_ONLY:
            if name in fields:
                raise read.fail(fields[name], f"{key}.{name}", "an ESR is met or not met; "
                                "it has no level, measure, aggregate or direction")
        level = None
    else:
        if "level" not in fields:
            raise read.fail(node, f"{key}.level", "missing required key (the agreed level, "
                            "e.g. 90)")
        level = _number(read, fields["level"], f"{key}.level")
    measure = (read.text(fields["measure"], f"{key}.measure", optional=True) or "") \
        if "measure" in fields else ""
    if measure == "%" and level is not None and not 0 <= level <= 100:
        raise read.fail(fields["level"], f"{key}.level", "a percentage is from 0 to 100")
    sqs: list[int] = []
    for index, item in enumerate(read.sequence(fields.get("sqs", null_node()), f"{key}.sqs")):
        number = read.integer(item, f"{key}.sqs[{index}]", 1, 16)
        if number not in sqs:
            sqs.append(number)
    return Standard(
        code=code, kind=kind, name_zh=read.text(fields["name_zh"], f"{key}.name_zh") or "",
        name_en=read.text(fields["name_en"], f"{key}.name_en") or "", level=level,
        measure=measure,
        aggregate=_choice(read, fields, "aggregate", key, AGGREGATES, "average"),  # type: ignore[arg-type]
        direction=_choice(read, fields, "direction", key, DIRECTIONS, "at least"),  # type: ignore[arg-type]
        frequency=_choice(read, fields, "frequency", key, FREQUENCIES,  # type: ignore[arg-type]
                          "yearly" if kind == "esr" else "quarterly"),
        sqs=tuple(sorted(sqs)), line=node.start_mark.line + 1)


MAX_FIGURE = 10**12
"""No service statistic comes near this; a larger number is a slip (or `1e308`)."""


def _number(read: YamlReader, node: yaml.Node, key: str) -> float:
    value = read.value(node)
    if isinstance(value, bool) or not isinstance(value, int | float) \
            or not math.isfinite(value) or not 0 <= value <= MAX_FIGURE:
        raise read.fail(node, key, "expected a number such as 90 (put the % in `measure`)")
    return float(value)

