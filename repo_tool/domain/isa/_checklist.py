"""The internal service audit checklist: `audit-checklist.yaml`, criteria per SQS.

SWD publishes a self-assessment checklist (自我評估檢核表) with each SQS's criteria; an agency
audits its units against it. repo-tool reads the agency's copy from `audit-checklist.yaml` at
the repository root, else the starter built into the package (written by the project in its own
words, to be replaced), and adds a unit's own criteria from `records/<unit>/audit-checklist.yaml`.
Each file is checked like repo.yaml: a mistake is one ConfigError naming the file, line and key
(`audit-checklist.yaml:14: checklist[3].criteria[1].id: '4.1' is already the id of the
criterion on line 9`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from repo_tool.config import YamlReader, compose_yaml, null_node
from repo_tool.errors import ConfigError, NotFound
from repo_tool.lazy import LazyModule
from repo_tool.sqs import standard as sqs_standard

if TYPE_CHECKING:
    import yaml
else:
    yaml = LazyModule("yaml")  # read when a checklist is, not when status asks for alerts

CHECKLIST_NAME = "audit-checklist.yaml"
STARTER = Path(__file__).resolve().parent.parent.parent / "data" / CHECKLIST_NAME
STARTER_LABEL = f"repo-tool's starter {CHECKLIST_NAME}"
_ID = re.compile(r"^([1-9][0-9]?)\.([0-9]{1,2}[a-z]?)$")
_TOP = {"checklist": True}
_ENTRY = {"sqs": True, "criteria": True}
_CRITERION = {"id": True, "zh": True, "en": True, "indicators": False}
_INDICATOR = {"zh": True, "en": True}


@dataclass(frozen=True)
class Indicator:
    """One assessment indicator (評估指標) of a criterion."""

    zh: str
    en: str


@dataclass(frozen=True)
class Criterion:
    """One criterion (準則) of an SQS, with where it was written."""

    id: str
    sqs: int
    zh: str
    en: str
    indicators: tuple[Indicator, ...]
    source: str  # the file it came from
    line: int

    @property
    def key(self) -> tuple[int, tuple[int, str]]:
        """Sorts 14.2 before 14.10."""
        match = _ID.match(self.id)
        assert match is not None
        rest = match.group(2)
        digits = rest.rstrip("abcdefghijklmnopqrstuvwxyz")
        return self.sqs, (int(digits), rest[len(digits):])


@dataclass(frozen=True)
class Checklist:
    """The criteria a unit is audited against, in SQS and id order."""

    criteria: tuple[Criterion, ...]
    sources: tuple[str, ...]  # each file read, with the first 12 hex digits of its sha256

    def get(self, given: str) -> Criterion:
        wanted = given.strip()
        for criterion in self.criteria:
            if criterion.id == wanted:
                return criterion
        raise NotFound(f"the checklist has no criterion '{given}' (it has "
                       f"{self.criteria[0].id} to {self.criteria[-1].id}; see "
                       "`repo-tool isa show`)" if self.criteria else
                       f"the checklist has no criterion '{given}'")

    def of_sqs(self, number: int) -> list[Criterion]:
        return [c for c in self.criteria if c.sqs == number]


def _read(path: Path, label: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{label}: not UTF-8 text; save it as UTF-8") from None


def _source(label: str, text: str) -> str:
    import hashlib  # OpenSSL's, ~3 ms to load: only when a checklist is read

    return f"{label} (sha256 {hashlib.sha256(text.encode('utf-8')).hexdigest()[:12]})"


def load_checklist(root: Path, unit: str | None = None) -> Checklist:
    """The agency's checklist (or the starter) plus the unit's additions, validated."""
    agency = root / CHECKLIST_NAME
    if agency.is_file():
        label = CHECKLIST_NAME
        text = _read(agency, label)
    else:
        label = STARTER_LABEL
        text = _read(STARTER, label)
    found = parse_checklist(text, label)
    sources = [_source(label, text)]
    criteria = list(found)
    if unit is not None:
        extra = root / "records" / unit / CHECKLIST_NAME
        if extra.is_file():
            extra_label = extra.relative_to(root).as_posix()
            extra_text = _read(extra, extra_label)
            criteria += parse_checklist(extra_text, extra_label, criteria)
            sources.append(_source(extra_label, extra_text))
    return Checklist(tuple(sorted(criteria, key=lambda c: c.key)), tuple(sources))


def parse_checklist(text: str, filename: str, earlier: list[Criterion] | None = None
                    ) -> list[Criterion]:
    """Validate one checklist file; `earlier` are criteria its ids must not repeat."""
    read = YamlReader(filename)
    top = read.mapping(compose_yaml(text, filename, "`checklist:`"), "", _TOP)
    first: dict[str, Criterion] = {c.id: c for c in earlier or []}
    out: list[Criterion] = []
    for index, node in enumerate(read.sequence(top["checklist"], "checklist")):
        key = f"checklist[{index}]"
        fields = read.mapping(node, key, _ENTRY)
        number = _sqs(read, fields["sqs"], f"{key}.sqs")
        for c_index, c_node in enumerate(read.sequence(fields["criteria"], f"{key}.criteria")):
            criterion = _criterion(read, c_node, f"{key}.criteria[{c_index}]", number)
            if criterion.id in first:
                other = first[criterion.id]
                where = f"line {other.line}" if other.source == filename else \
                    f"{other.source}:{other.line}"
                raise read.fail(c_node, f"{key}.criteria[{c_index}].id",
                                f"'{criterion.id}' is already the id of the criterion on {where}")
            first[criterion.id] = criterion
            out.append(criterion)
    if not out and earlier is None:
        raise read.fail(top["checklist"], "checklist", "list at least one SQS with criteria")
    return out


def _sqs(read: YamlReader, node: yaml.Node, key: str) -> int:
    value = read.value(node)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 16:
        raise read.fail(node, key, f"'{node.value if isinstance(node, yaml.ScalarNode) else ''}'"
                        " is not an SQS; the SQSs are numbered 1 to 16")
    return sqs_standard(value).number


def _criterion(read: YamlReader, node: yaml.Node, key: str, number: int) -> Criterion:
    fields = read.mapping(node, key, _CRITERION)
    id_node = fields["id"]
    given = str(id_node.value).strip() if isinstance(id_node, yaml.ScalarNode) else ""
    match = _ID.match(given)
    if not match:
        raise read.fail(id_node, f"{key}.id", f"'{given}' is not a criterion id; write the SQS "
                        f"number, a dot and a number, such as \"{number}.1\"")
    if int(match.group(1)) != number:
        raise read.fail(id_node, f"{key}.id", f"'{given}' is listed under SQS {number}; its id "
                        f"must start with {number}.")
    indicators = []
    for i, item in enumerate(read.sequence(fields.get("indicators", null_node()),
                                           f"{key}.indicators")):
        found = read.mapping(item, f"{key}.indicators[{i}]", _INDICATOR)
        indicators.append(Indicator(read.text(found["zh"], f"{key}.indicators[{i}].zh") or "",
                                    read.text(found["en"], f"{key}.indicators[{i}].en") or ""))
    return Criterion(given, number, read.text(fields["zh"], f"{key}.zh") or "",
                     read.text(fields["en"], f"{key}.en") or "", tuple(indicators),
                     read.filename, node.start_mark.line + 1)

