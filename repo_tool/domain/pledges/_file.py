"""A unit's performance pledges: `records/<unit>/pledges.yaml`, or the head office's.

Seed 002 describes a pledge in four parts: a **target** the public understands (95% of
enquiries answered within 3 working days), **results** published beside it, **monitoring** (who
checks, how, a customer survey) and **communication** (where results are published, how to
complain). The file holds the first, third and the where of the fourth; results are figures
entered with `stats record` under the pledge's code, and the complaints channel is in repo.yaml.

`records/agency/pledges.yaml` applies to every unit without a file of its own (the head
office's pledges are credited to it, as its policies are), and every output says so. Each
mistake is one ConfigError naming file, line and key, e.g.
`records/ycc/pledges.yaml:9: pledges[1].level: expected a number such as 95`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from repo_tool.config import YamlReader, compose_yaml
from repo_tool.domain.head_office import HEAD_OFFICE
from repo_tool.domain.performance import FREQUENCIES, Standard, Standards
from repo_tool.errors import ConfigError, NotFound

if TYPE_CHECKING:
    import yaml

PLEDGES_NAME = "pledges.yaml"
MARK = "總辦事處服務承諾 head-office pledges"
PLACES: dict[str, tuple[str, str]] = {
    "notice board": ("通告板", "notice board"), "website": ("網頁", "website"),
    "annual report": ("年報", "annual report"), "leaflet": ("單張", "leaflet"),
    "newsletter": ("通訊", "newsletter")}
FREQUENCY_NAMES: dict[str, tuple[str, str]] = {
    "quarterly": ("每季", "quarterly"), "half-yearly": ("每半年", "half-yearly"),
    "yearly": ("每年", "yearly")}
_CODE = re.compile(r"^PL([1-9][0-9]?)$")
_TOP = {"reviewed": True, "pledges": True}
_PLEDGE = {"code": True, "target_zh": True, "target_en": True, "level": True, "measure": False,
           "direction": False, "frequency": True, "published": True, "monitoring": True}
_MONITORING = {"by_zh": True, "by_en": True, "how_zh": True, "how_en": True, "survey": False}
_DIRECTIONS = ("at least", "at most")
_MAX_LEVEL = 10**9


@dataclass(frozen=True)
class Monitoring:
    """Who checks that a pledge is kept, and how (seed 002: monitoring)."""

    by_zh: str
    by_en: str
    how_zh: str
    how_en: str
    survey: bool  # the result comes from a customer survey

    @property
    def text_zh(self) -> str:
        return f"{self.by_zh}{self.how_zh}" + ("（顧客意見調查）" if self.survey else "")

    @property
    def text_en(self) -> str:
        return f"{self.by_en} {self.how_en}" + (" (customer survey)" if self.survey else "")


@dataclass(frozen=True)
class Pledge:
    """One pledge: its target in both languages, its level, and how it is checked and published."""

    code: str
    target_zh: str
    target_en: str
    level: float
    measure: str
    direction: str
    frequency: str
    published: tuple[str, ...]  # keys of PLACES
    monitoring: Monitoring
    line: int

    @property
    def standard(self) -> Standard:
        """The pledge as a standard, so the statistics machinery enters and judges its results."""
        return Standard(code=self.code, kind="pledge", name_zh=self.target_zh,
                        name_en=self.target_en, level=self.level, measure=self.measure,
                        aggregate="average", direction=self.direction,  # type: ignore[arg-type]
                        frequency=self.frequency, sqs=(1,), line=self.line)  # type: ignore[arg-type]

    @property
    def published_zh(self) -> str:
        """`每季於通告板、網頁公布`."""
        places = "、".join(PLACES[p][0] for p in self.published)
        return f"{FREQUENCY_NAMES[self.frequency][0]}於{places}公布"

    @property
    def published_en(self) -> str:
        """`published quarterly: notice board, website`."""
        places = ", ".join(PLACES[p][1] for p in self.published)
        return f"published {FREQUENCY_NAMES[self.frequency][1]}: {places}"


@dataclass(frozen=True)
class Pledges:
    """The pledges that apply to a unit: its own file, or the head office's."""

    unit: str  # the unit they apply to
    path: str  # the file they come from, relative to the repository root
    reviewed: date
    pledges: tuple[Pledge, ...]

    @property
    def from_head_office(self) -> bool:
        """True when the unit has no file of its own and the head office's pledges apply."""
        return self.unit != HEAD_OFFICE and self.path == pledges_relpath(HEAD_OFFICE)

    @property
    def source(self) -> str:
        """The file, marked when the pledges are the head office's."""
        return f"{self.path} ({MARK})" if self.from_head_office else self.path

    @property
    def standards(self) -> Standards:
        """The pledges as standards of the unit (for `stats record` and `stats import`)."""
        return Standards(self.unit, self.path, tuple(p.standard for p in self.pledges))

    def get(self, code: str) -> Pledge:
        wanted = code.strip().upper()
        for pledge in self.pledges:
            if pledge.code == wanted:
                return pledge
        known = ", ".join(p.code for p in self.pledges)
        raise NotFound(f"unit '{self.unit}' has no pledge '{code}' in {self.path} "
                       f"(it has {known})")


def pledges_relpath(unit: str) -> str:
    return f"records/{unit}/{PLEDGES_NAME}"


def find_pledges(root: Path, unit: str) -> Pledges | None:
    """The unit's pledges (its own file, else the head office's), or None when neither exists."""
    for owner in (unit, HEAD_OFFICE):
        path = root / pledges_relpath(owner)
        if path.is_file():
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                raise ConfigError(f"{pledges_relpath(owner)}: not UTF-8 text; save it as "
                                  "UTF-8") from None
            return parse_pledges(text, pledges_relpath(owner), unit)
    return None


def load_pledges(root: Path, unit: str) -> Pledges:
    """The unit's pledges, or NotFound saying where to write them."""
    found = find_pledges(root, unit)
    if found is None:
        raise NotFound(f"unit '{unit}' has no {pledges_relpath(unit)} and the head office has "
                       f"no {pledges_relpath(HEAD_OFFICE)}; write the pledges there (see "
                       "docs/performance-and-sar.md, Performance pledges)")
    return found


def parse_pledges(text: str, filename: str, unit: str) -> Pledges:
    """Validate the text of a pledges file; `unit` is the unit the pledges apply to."""
    read = YamlReader(filename)
    top = read.mapping(compose_yaml(text, filename, "`reviewed:` and `pledges:`"), "", _TOP)
    reviewed = _date(read, top["reviewed"], "reviewed")
    found = read.coded_list(top["pledges"], "pledges", "pledge",
                            lambda node, key: _pledge(read, node, key))
    return Pledges(unit, filename, reviewed, tuple(found))


def _date(read: YamlReader, node: yaml.Node, key: str) -> date:
    value = read.value(node)
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise read.fail(node, key, "expected a date such as 2026-03-20 (the day the pledges were "
                    "last reviewed)")


def _choice(read: YamlReader, node: yaml.Node, key: str, allowed: tuple[str, ...]) -> str:
    value = read.text(node, key) or ""
    if value not in allowed:
        raise read.fail(node, key, f"'{value}' is not one of {', '.join(allowed)}")
    return value


def _pledge(read: YamlReader, node: yaml.Node, key: str) -> Pledge:
    fields = read.mapping(node, key, _PLEDGE)
    code = (read.text(fields["code"], f"{key}.code") or "").upper()
    if not _CODE.match(code):
        raise read.fail(fields["code"], f"{key}.code", f"'{code}' is not a pledge code; use "
                        "PL1, PL2, ...")
    level = read.value(fields["level"])
    if isinstance(level, bool) or not isinstance(level, int | float) \
            or not math.isfinite(level) or not 0 <= level <= _MAX_LEVEL:
        raise read.fail(fields["level"], f"{key}.level", "expected a number such as 95 (put "
                        "the % in `measure`)")
    measure = (read.text(fields["measure"], f"{key}.measure") or "") if "measure" in fields \
        else ""
    if measure == "%" and not 0 <= level <= 100:
        raise read.fail(fields["level"], f"{key}.level", "a percentage is from 0 to 100")
    direction = _choice(read, fields["direction"], f"{key}.direction", _DIRECTIONS) \
        if "direction" in fields else "at least"
    published = []
    for index, item in enumerate(read.sequence(fields["published"], f"{key}.published")):
        place = _choice(read, item, f"{key}.published[{index}]", tuple(PLACES))
        if place not in published:
            published.append(place)
    if not published:
        raise read.fail(fields["published"], f"{key}.published", "say where the results are "
                        f"published: {', '.join(PLACES)}")
    return Pledge(code=code, target_zh=read.text(fields["target_zh"], f"{key}.target_zh") or "",
                  target_en=read.text(fields["target_en"], f"{key}.target_en") or "",
                  level=float(level), measure=measure, direction=direction,
                  frequency=_choice(read, fields["frequency"], f"{key}.frequency", FREQUENCIES),
                  published=tuple(published),
                  monitoring=_monitoring(read, fields["monitoring"], f"{key}.monitoring"),
                  line=node.start_mark.line + 1)


def _monitoring(read: YamlReader, node: yaml.Node, key: str) -> Monitoring:
    fields = read.mapping(node, key, _MONITORING)
    survey = False
    if "survey" in fields:
        value = read.value(fields["survey"])
        if not isinstance(value, bool):
            raise read.fail(fields["survey"], f"{key}.survey", "expected true or false")
        survey = value
    texts = {name: read.text(fields[name], f"{key}.{name}") or ""
             for name in ("by_zh", "by_en", "how_zh", "how_en")}
    return Monitoring(**texts, survey=survey)
