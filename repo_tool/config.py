"""repo.yaml: the schema, its defaults, and validation that names file, line and key.

The file is parsed with PyYAML's safe composer so that every value keeps its line number;
a wrong type, an unknown key, a duplicate key or a duplicate unit code is a ConfigError such as
`repo.yaml:12: units[2].code: 'ycc' is already the code of the unit on line 5`.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from repo_tool.errors import ConfigError, InvalidInput, NotFound
from repo_tool.lazy import LazyModule
from repo_tool.retention import Period, RetentionRule, parse_retention

if TYPE_CHECKING:
    import yaml
else:
    # a command whose repo.yaml is in the cache (see `load_config`) never imports it (~15 ms)
    yaml = LazyModule("yaml")

PASSWORD_HASH = re.compile(r"^pbkdf2_sha256\$(\d{4,7})\$([0-9a-f]{32})\$([0-9a-f]{64})$")
"""The form of `serve.password_hash`: a salted PBKDF2-SHA256 hash (see domain/passwords.py)."""
PASSWORD_HASH_RULE = ("a hash made by `repo-tool serve --hash-password` "
                      "(pbkdf2_sha256$ITERATIONS$SALT$HASH)")

CONFIG_NAME = "repo.yaml"

UNIT_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
UNIT_CODE_RULE = "1-32 lowercase letters, digits, '-' or '_', starting with a letter or digit"


@dataclass(frozen=True)
class Unit:
    """A service unit (or `agency`, the head office) as registered in repo.yaml."""

    code: str
    name_zh: str
    name_en: str
    phone: str | None = None
    email: str | None = None  # printed on the pledge notice beside the phone
    complaints: str | None = None  # the complaints channel, as the notice should print it

    @property
    def name(self) -> str:
        """Both names, Chinese first, as the forms print them."""
        return f"{self.name_zh} {self.name_en}"


@dataclass(frozen=True)
class ReviewCycle:
    """When the full SQS 2 review happens; defaults are the HKCSS policy (seed 001)."""

    years: int = 3
    start_month: int = 12
    deadline_month: int = 3
    effective_month: int = 4


@dataclass(frozen=True)
class SarSettings:
    """When the yearly Self Assessment Report is due (seed 000: by mid-May) and when to warn."""

    deadline_month: int = 5
    deadline_day: int = 15
    warn_days: int = 30
    returns_grace_days: int = 30
    """Days after a period ends to submit its statistics return (`returns_grace_days`)."""


@dataclass(frozen=True)
class Config:
    """A validated repo.yaml."""

    path: Path
    name_zh: str
    name_en: str
    units: tuple[Unit, ...]
    review_cycle: ReviewCycle = field(default_factory=ReviewCycle)
    ignore: tuple[str, ...] = ()
    search_engine: str = "tantivy"
    ocr_enabled: bool = True
    ocr_languages: tuple[str, ...] = ("chi_tra", "eng")
    sar: SarSettings = field(default_factory=SarSettings)
    serve_password_hash: str | None = None  # `serve: {password_hash: ...}`, see domain/passwords.py
    glossary: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """`glossary:` entries, a term and its equivalents (none: leave out a built-in term)."""
    retention: tuple[RetentionRule, ...] = ()
    """`retention:` rules, tried in order (see repo_tool/retention.py, docs/retention.md)."""

    def unit(self, code: str) -> Unit:
        """The unit with this code, or NotFound telling how to add it (InvalidInput when
        `code` could not be a unit code at all, such as `../x`)."""
        known = ", ".join(u.code for u in self.units) or "none yet"
        if not UNIT_CODE.match(code):
            raise InvalidInput(f"'{code}' is not a unit code ({UNIT_CODE_RULE}); units: {known}")
        for unit in self.units:
            if unit.code == code:
                return unit
        raise NotFound(
            f"unit '{code}' is not in {self.path.name} (units: {known}); "
            f"add it with `repo-tool unit add {code} --name-zh ... --name-en ...`"
        )

    def has_unit(self, code: str) -> bool:
        """Whether a unit with this code is registered."""
        return any(unit.code == code for unit in self.units)


class _HasCode(Protocol):
    @property
    def code(self) -> str: ...

    @property
    def line(self) -> int: ...


_Coded = TypeVar("_Coded", bound=_HasCode)


class YamlReader:
    """Walks composed YAML nodes, raising ConfigError with file:line and the key path."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self._constructor = yaml.SafeLoader("")

    def fail(self, node: yaml.Node, key: str, problem: str) -> ConfigError:
        where = f"{self.filename}:{node.start_mark.line + 1}"
        return ConfigError(f"{where}: {key}: {problem}" if key else f"{where}: {problem}")

    def mapping(
        self, node: yaml.Node, key: str, allowed: dict[str, bool]
    ) -> dict[str, yaml.Node]:
        """The mapping's values by key; `allowed` maps each known key to whether it is required."""
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, key, f"expected a mapping of {', '.join(allowed)}")
        values: dict[str, yaml.Node] = {}
        key_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            name = self.value(key_node)
            path = f"{key}.{name}" if key else str(name)
            if not isinstance(name, str):
                raise self.fail(key_node, path, "keys must be text")
            if name not in allowed:
                raise self.fail(
                    key_node, path, f"unknown key; expected one of {', '.join(allowed)}"
                )
            if name in values:
                raise self.fail(key_node, path,
                                f"duplicate key (first given on line {key_lines[name]})")
            values[name] = value_node
            key_lines[name] = key_node.start_mark.line + 1
        for name, required in allowed.items():
            if required and name not in values:
                raise self.fail(node, f"{key}.{name}" if key else name, "missing required key")
        return values

    def value(self, node: yaml.Node) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            return None
        return self._constructor.construct_object(node, deep=True)

    def text(self, node: yaml.Node, key: str, optional: bool = False) -> str | None:
        value = self.value(node) if isinstance(node, yaml.ScalarNode) else node
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(node, key, "expected non-empty text (put numbers in quotes)")
        return value.strip()

    def integer(self, node: yaml.Node, key: str, low: int, high: int) -> int:
        value = self.value(node)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(node, key, f"expected a whole number from {low} to {high}")
        return value

    def sequence(self, node: yaml.Node, key: str) -> list[yaml.Node]:
        if isinstance(node, yaml.ScalarNode) and self.value(node) is None:
            return []
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, key, "expected a list")
        return list(node.value)

    def coded_list(self, node: yaml.Node, key: str, noun: str,
                   parse: Callable[[yaml.Node, str], _Coded]) -> list[_Coded]:
        """A non-empty list of items with unique codes (standards, pledges), each parsed by
        `parse(item, "key[i]")`; a repeated code names the line of its first use."""
        out: list[_Coded] = []
        first: dict[str, int] = {}
        for index, item in enumerate(self.sequence(node, key)):
            parsed = parse(item, f"{key}[{index}]")
            if parsed.code in first:
                raise self.fail(item, f"{key}[{index}].code", f"'{parsed.code}' is already the "
                                f"code of the {noun} on line {first[parsed.code]}")
            first[parsed.code] = parsed.line
            out.append(parsed)
        if not out:
            raise self.fail(node, key, f"list at least one {noun}")
        return out


_TOP = {"organisation": True, "units": False, "review_cycle": False, "ignore": False,
        "search": False, "ocr": False, "sar": False, "serve": False, "glossary": False,
        "retention": False}
_SERVE = {"password_hash": False}
_SEARCH = {"engine": False}
_OCR = {"enabled": False, "languages": False}
_SAR = {"deadline": False, "warn_days": False, "returns_grace_days": False}
_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")
OCR_LANGUAGE = re.compile(r"^[A-Za-z0-9_]{2,32}$")
SEARCH_ENGINES = ("tantivy", "whoosh")
_ORG = {"name_zh": True, "name_en": True}
_UNIT = {"code": True, "name_zh": True, "name_en": True, "phone": False, "email": False,
         "complaints": False}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CYCLE = {"years": False, "start_month": False, "deadline_month": False, "effective_month": False}


@cache
def _unread() -> yaml.Node:
    """The node that stands for "not read" (one object, compared by identity)."""
    return yaml.ScalarNode("tag:yaml.org,2002:null", "")


def _fast_compose(text: str) -> yaml.Node | None:
    """The node tree through libyaml where PyYAML has it (ten times as fast: the overview
    reads every unit's standards.yaml), the same nodes and lines as the pure-Python parser;
    `_unread()` for text it refuses, which the pure-Python parser then reads for its message."""
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:
        return _unread()
    try:
        node: yaml.Node | None = yaml.compose(text, Loader=loader)
    except yaml.YAMLError:
        return _unread()
    return _unread() if node is not None and _deeper_than(node, _MAX_DEPTH) else node


_MAX_DEPTH = 50  # no settings file nests this deep; deeper ones get the pure parser's verdict


def _deeper_than(node: yaml.Node, limit: int) -> bool:
    """Whether the tree nests deeper than `limit` (walked without recursion)."""
    stack: list[tuple[yaml.Node, int]] = [(node, 0)]
    while stack:
        found, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(found, yaml.SequenceNode):
            stack += [(child, depth + 1) for child in found.value]
        elif isinstance(found, yaml.MappingNode):
            stack += [(part, depth + 1) for pair in found.value for part in pair]
    return False


def compose_yaml(text: str, filename: str, needs: str) -> yaml.Node:
    """The YAML node tree of a file we validate with line numbers (repo.yaml, staff.yaml,
    standards.yaml); broken or empty YAML is one line naming the file, the line and `needs`."""
    try:
        node = _fast_compose(text)
        if node is _unread():  # the words of a mistake are the pure-Python parser's
            node = yaml.compose(text, Loader=yaml.SafeLoader)
    except RecursionError:
        raise ConfigError(f"{filename}: nested too deeply to be read (hundreds of brackets or "
                          "indents inside each other)") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise ConfigError(f"{filename}:{line}: not valid YAML: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{filename}: not valid YAML: {exc}") from None
    if node is None:
        raise ConfigError(f"{filename}:1: the file is empty; it needs {needs}")
    return node


def _compose(text: str, filename: str) -> yaml.Node:
    return compose_yaml(text, filename, "at least `organisation:`")


def parse_config(text: str, path: Path) -> Config:
    """Validate the text of a repo.yaml; `path` is used in messages and kept on the Config."""
    read = YamlReader(path.name)
    top = read.mapping(_compose(text, path.name), "", _TOP)
    org = read.mapping(top["organisation"], "organisation", _ORG)
    units: list[Unit] = []
    first_line: dict[str, int] = {}
    unit_nodes = read.sequence(top["units"], "units") if "units" in top else []
    for index, unit_node in enumerate(unit_nodes):
        key = f"units[{index}]"
        fields = read.mapping(unit_node, key, _UNIT)
        code = read.text(fields["code"], f"{key}.code") or ""
        if not UNIT_CODE.match(code):
            raise read.fail(fields["code"], f"{key}.code", f"'{code}' is not a unit code: "
                            f"use {UNIT_CODE_RULE}")
        if code in first_line:
            raise read.fail(fields["code"], f"{key}.code",
                            f"'{code}' is already the code of the unit on line {first_line[code]}")
        first_line[code] = fields["code"].start_mark.line + 1
        phone = read.text(fields["phone"], f"{key}.phone", optional=True) if "phone" in fields \
            else None
        email = read.text(fields["email"], f"{key}.email") if "email" in fields else None
        if email is not None and not _EMAIL.match(email):
            raise read.fail(fields["email"], f"{key}.email",
                            f"'{email}' is not an email address such as ycc@example.org.hk")
        units.append(Unit(
            code=code,
            name_zh=read.text(fields["name_zh"], f"{key}.name_zh") or "",
            name_en=read.text(fields["name_en"], f"{key}.name_en") or "",
            phone=phone, email=email,
            complaints=read.text(fields["complaints"], f"{key}.complaints")
            if "complaints" in fields else None,
        ))
    cycle = ReviewCycle()
    if "review_cycle" in top:
        given = read.mapping(top["review_cycle"], "review_cycle", _CYCLE)
        limits = {"years": (1, 10), "start_month": (1, 12), "deadline_month": (1, 12),
                  "effective_month": (1, 12)}
        numbers = {name: read.integer(node, f"review_cycle.{name}", *limits[name])
                   for name, node in given.items()}
        cycle = ReviewCycle(**numbers)
    engine = "tantivy"
    if "search" in top:
        search = read.mapping(top["search"], "search", _SEARCH)
        if "engine" in search:
            engine = read.text(search["engine"], "search.engine") or ""
            if engine not in SEARCH_ENGINES:
                raise read.fail(search["engine"], "search.engine",
                                f"'{engine}' is not a search engine; use one of "
                                f"{', '.join(SEARCH_ENGINES)}")
    ocr_enabled, ocr_languages = _ocr(read, top)
    sar = _sar(read, top)
    password_hash = _serve(read, top)
    glossary = _glossary(read, top["glossary"]) if "glossary" in top else ()
    retention = parse_retention(read, top["retention"], tuple(u.code for u in units)) \
        if "retention" in top else ()
    ignore: list[str] = []
    for index, glob_node in enumerate(read.sequence(top.get("ignore", null_node()), "ignore")):
        ignore.append(read.text(glob_node, f"ignore[{index}]") or "")
    return Config(
        path=path,
        name_zh=read.text(org["name_zh"], "organisation.name_zh") or "",
        name_en=read.text(org["name_en"], "organisation.name_en") or "",
        units=tuple(units),
        review_cycle=cycle,
        ignore=tuple(ignore),
        search_engine=engine,
        ocr_enabled=ocr_enabled,
        ocr_languages=ocr_languages,
        sar=sar,
        serve_password_hash=password_hash,
        glossary=glossary,
        retention=retention,
    )


def _sar(read: YamlReader, top: dict[str, yaml.Node]) -> SarSettings:
    """The `sar:` section: `deadline` as "MM-DD" (default "05-15"), `warn_days` (30) and
    `returns_grace_days` (30)."""
    if "sar" not in top:
        return SarSettings()
    given = read.mapping(top["sar"], "sar", _SAR)
    month, day = SarSettings.deadline_month, SarSettings.deadline_day
    if "deadline" in given:
        text = read.text(given["deadline"], "sar.deadline") or ""
        match = _MONTH_DAY.match(text)
        if not match or not _real_day(int(match.group(1)), int(match.group(2))):
            raise read.fail(given["deadline"], "sar.deadline",
                            f"'{text}' is not a day of the year; write it as \"MM-DD\", "
                            "e.g. \"05-15\" for 15 May")
        month, day = int(match.group(1)), int(match.group(2))
    warn = read.integer(given["warn_days"], "sar.warn_days", 0, 365) if "warn_days" in given \
        else SarSettings.warn_days
    grace = read.integer(given["returns_grace_days"], "sar.returns_grace_days", 0, 365) \
        if "returns_grace_days" in given else SarSettings.returns_grace_days
    return SarSettings(month, day, warn, grace)


GLOSSARY_TERM_CHARS = 60


def _glossary(read: YamlReader, node: yaml.Node) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`glossary:`, a mapping of a term to the term (or list of terms) that means the same,
    `privacy: 私隱`, `complaint: [投訴, 申訴]`; an empty list leaves out a built-in term."""
    if isinstance(node, yaml.ScalarNode) and read.value(node) is None:
        return ()
    if not isinstance(node, yaml.MappingNode):
        raise read.fail(node, "glossary", "expected a mapping of a term to its equivalents, "
                        "e.g. `privacy: 私隱`")
    entries: list[tuple[str, tuple[str, ...]]] = []
    first_line: dict[str, int] = {}

    def term(value_node: yaml.Node, key: str) -> str:
        text = read.text(value_node, key) or ""
        if len(text) > GLOSSARY_TERM_CHARS or "\n" in text:
            raise read.fail(value_node, key, f"a term is one line of at most "
                            f"{GLOSSARY_TERM_CHARS} characters")
        return text

    for key_node, value_node in node.value:
        name = term(key_node, "glossary")
        key = f"glossary.{name}"
        folded = " ".join(name.casefold().split())
        if folded in first_line:
            raise read.fail(key_node, key, f"duplicate term (first given on line "
                            f"{first_line[folded]})")
        first_line[folded] = key_node.start_mark.line + 1
        if isinstance(value_node, yaml.SequenceNode):
            others = tuple(term(item, f"{key}[{index}]")
                           for index, item in enumerate(value_node.value))
        else:
            others = (term(value_node, key),)
        entries.append((name, others))
    return tuple(entries)


def _real_day(month: int, day: int) -> bool:
    """Whether MM-DD names a day in every year (29 February does not)."""
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(2025, month)[1]


def _serve(read: YamlReader, top: dict[str, yaml.Node]) -> str | None:
    """The `serve:` section: the salted hash of the web interface's password, if any."""
    if "serve" not in top:
        return None
    given = read.mapping(top["serve"], "serve", _SERVE)
    if "password_hash" not in given:
        return None
    value = read.text(given["password_hash"], "serve.password_hash") or ""
    if not PASSWORD_HASH.match(value):
        raise read.fail(given["password_hash"], "serve.password_hash",
                        f"expected {PASSWORD_HASH_RULE}, never the password itself")
    return value


def _ocr(read: YamlReader, top: dict[str, yaml.Node]) -> tuple[bool, tuple[str, ...]]:
    """The `ocr:` section: `enabled` (default true) and Tesseract `languages`."""
    enabled, languages = Config.ocr_enabled, Config.ocr_languages
    if "ocr" not in top:
        return enabled, languages
    given = read.mapping(top["ocr"], "ocr", _OCR)
    if "enabled" in given:
        value = read.value(given["enabled"])
        if not isinstance(value, bool):
            raise read.fail(given["enabled"], "ocr.enabled", "expected true or false")
        enabled = value
    if "languages" in given:
        names = []
        for index, node in enumerate(read.sequence(given["languages"], "ocr.languages")):
            name = read.text(node, f"ocr.languages[{index}]") or ""
            if not OCR_LANGUAGE.match(name):
                raise read.fail(node, f"ocr.languages[{index}]",
                                f"'{name}' is not a Tesseract language name such as chi_tra")
            names.append(name)
        if not names:
            raise read.fail(given["languages"], "ocr.languages", "name at least one language")
        languages = tuple(names)
    return enabled, languages


def null_node() -> yaml.Node:
    """The node of a key left out: a YAML null."""
    return yaml.ScalarNode("tag:yaml.org,2002:null", "")


def load_config(path: Path, cache: Path | None = None) -> Config:
    """Read and validate repo.yaml at `path`.

    With `cache` (a file in the repository's private `.repo/`), a repo.yaml read before is
    taken from there without parsing YAML: the cache holds the validated settings beside the
    exact text they came from and is used only when repo.yaml's text is the same, and when
    this code is (see `_cache_key`). Anything wrong with the cache (missing, damaged, another
    version) means reading repo.yaml, then writing the cache again; a cache that cannot be
    written is left out, never an error.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{path.name}: not UTF-8 text; save it as UTF-8") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror})") from None
    if cache is None:
        return parse_config(text, path)
    key = _cache_key()
    cached = _read_cache(cache, text, key, path)
    if cached is not None:
        return cached
    config = parse_config(text, path)
    _write_cache(cache, text, key, config)
    return config


# What the cache may hold: the settings' own dataclasses, and nothing else is ever built from it.
_CACHED_TYPES: dict[str, type[Any]] = {
    cls.__name__: cls for cls in (Config, Unit, ReviewCycle, SarSettings, RetentionRule, Period)}


def _cache_key() -> list[Any]:
    """The code that made a cached Config: the version and the parsing modules' file times, so
    that a changed parser (an upgrade, or an edit in a working copy) never reads an old one."""
    from repo_tool import __version__, retention

    return [1, __version__, *(Path(module).stat().st_mtime_ns
                              for module in (__file__, retention.__file__ or ""))]


def _encode(value: Any) -> Any:
    if type(value) in _CACHED_TYPES.values():
        return {"type": type(value).__name__,
                "fields": {f.name: _encode(getattr(value, f.name)) for f in fields(value)
                           if f.name != "path"}}
    if isinstance(value, tuple):
        return {"tuple": [_encode(item) for item in value]}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"a setting of type {type(value).__name__} cannot be cached")


def _decode(value: Any, path: Path) -> Any:
    if isinstance(value, dict) and "tuple" in value:
        return tuple(_decode(item, path) for item in value["tuple"])
    if isinstance(value, dict):
        cls = _CACHED_TYPES[value["type"]]
        given = {name: _decode(item, path) for name, item in value["fields"].items()}
        return cls(path=path, **given) if cls is Config else cls(**given)
    return value


def _read_cache(cache: Path, text: str, key: list[Any], path: Path) -> Config | None:
    import json

    try:
        stored = json.loads(cache.read_text(encoding="utf-8"))
        if stored["key"] != key or stored["text"] != text:
            return None
        config = _decode(stored["config"], path)
    except (OSError, ValueError, KeyError, TypeError):  # missing, damaged or of another shape
        return None
    return config if isinstance(config, Config) else None


def _write_cache(cache: Path, text: str, key: list[Any], config: Config) -> None:
    import json
    import os

    if not cache.parent.is_dir():  # a folder that is not (yet) a repository
        return
    temp = cache.with_name(f".{cache.name}.{os.getpid()}.tmp")
    data = json.dumps({"key": key, "text": text, "config": _encode(config)}, ensure_ascii=False)
    try:
        # private, as everything in .repo/; O_EXCL: never through a link someone left there
        with os.fdopen(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w",
                       encoding="utf-8") as out:
            out.write(data)
        os.replace(temp, cache)
    except OSError:
        temp.unlink(missing_ok=True)


def _quote(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    import json

    return json.dumps(value, ensure_ascii=False)


def new_config_text(name_zh: str, name_en: str) -> str:
    """The repo.yaml that `init` writes: the organisation, the head-office unit, the defaults."""
    cycle = ReviewCycle()
    return (
        "# repo-tool repository settings (see README: repo.yaml)\n"
        "organisation:\n"
        f"  name_zh: {_quote(name_zh)}\n"
        f"  name_en: {_quote(name_en)}\n"
        "units:\n"
        "  - code: agency            # head office: its policies apply to every unit\n"
        f"    name_zh: {_quote(name_zh + '總辦事處')}\n"
        f"    name_en: {_quote(name_en + ' Head Office')}\n"
        "review_cycle:              # full SQS 2 review: every `years`, December to March\n"
        f"  years: {cycle.years}\n"
        f"  start_month: {cycle.start_month}\n"
        f"  deadline_month: {cycle.deadline_month}\n"
        f"  effective_month: {cycle.effective_month}\n"
        "ignore:                    # extra glob patterns that never become documents\n"
        '  - "*.bak"\n'
    )


def text_with_unit(text: str, path: Path, unit: Unit) -> str:
    """repo.yaml's text with `unit` appended to `units:`, keeping the user's comments.

    The result is validated before it is returned, so a caller never writes a broken file.
    """
    config = parse_config(text, path)
    if config.has_unit(unit.code):
        raise ConfigError(f"{path.name}: unit '{unit.code}' is already registered")
    root = _compose(text, path.name)
    assert isinstance(root, yaml.MappingNode)
    units_node = next((v for k, v in root.value if k.value == "units"), None)
    entry = [f"- code: {_quote(unit.code)}", f"  name_zh: {_quote(unit.name_zh)}",
             f"  name_en: {_quote(unit.name_en)}"]
    if unit.phone:
        entry.append(f"  phone: {_quote(unit.phone)}")
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    if isinstance(units_node, yaml.SequenceNode) and units_node.value and not units_node.flow_style:
        indent = " " * units_node.value[0].start_mark.column
        after = _end_line(units_node.value[-1], lines)
        lines[after:after] = [f"{indent[:-2]}{line}\n" for line in entry]
    else:
        new_block = ["units:\n"] + [f"  {line}\n" for line in entry]
        if units_node is None:
            lines += new_block
        else:
            key_line = next(k for k, v in root.value if k.value == "units").start_mark.line
            end = max(units_node.end_mark.line + 1, key_line + 1)
            lines[key_line:end] = new_block
    new_text = "".join(lines)
    parse_config(new_text, path)
    return new_text


def _end_line(node: yaml.Node, lines: list[str]) -> int:
    """The index of the line after a block node's last non-comment content line."""
    end = node.end_mark.line if node.end_mark.column == 0 else node.end_mark.line + 1
    while end > node.start_mark.line + 1 and not _content(lines[end - 1]):
        end -= 1
    return end


def _content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


