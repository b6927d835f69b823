"""A unit's staff roster (`records/<unit>/staff.yaml` or `staff.csv`): the posts of its org chart.

Each post has an id, a title in Chinese and/or English, the id of the post it reports to (none
for the top post), its number of subvented posts, its number of non-subvented posts and an
optional team. Every mistake is one ConfigError naming the file, the line and the field, e.g.
`records/ycc/staff.yaml:31: posts[5].reports_to: 'aswo' is not the id of any post`.

staff.yaml may also list the people who hold the posts, under an optional `staff:` key (each
with an id such as a staff number, a name, and optionally the id of their post); the policy
acknowledgements (`repo-tool ack`) check staff ids against it. A roster without `staff:` reads
as before. staff.csv holds posts only.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from repo_tool.config import YamlReader, compose_yaml
from repo_tool.domain.csv_text import ADVICE, check_csv, decode_csv
from repo_tool.errors import ConfigError, NotFound

ROSTER_NAMES = ("staff.yaml", "staff.csv")
COLUMNS = ("id", "post_zh", "post_en", "reports_to", "subvented", "non_subvented", "team")
MAX_COUNT = 999
_PERSON = {"id": True, "name": True, "post": False}
_POST = {"id": True, "post_zh": False, "post_en": False, "reports_to": False,
         "subvented": False, "non_subvented": False, "team": False}


@dataclass(frozen=True)
class Post:
    """One post (rank) of the unit's establishment."""

    id: str
    post_zh: str | None
    post_en: str | None
    reports_to: str | None
    subvented: int
    non_subvented: int
    team: str | None
    line: int

    def title(self, lang: str) -> str | None:
        """The title in `lang` ('zh' or 'en'), or None when the roster does not give it."""
        return self.post_zh if lang == "zh" else self.post_en


@dataclass(frozen=True)
class StaffMember:
    """A person on the unit's staff (the optional `staff:` list of staff.yaml)."""

    id: str
    name: str
    post: str | None  # the id of their post, when given
    line: int


@dataclass(frozen=True)
class Roster:
    """A validated roster: posts in file order, each reporting to a post that exists, no cycle."""

    path: str
    posts: tuple[Post, ...]
    staff: tuple[StaffMember, ...] = ()

    def post(self, post_id: str) -> Post:
        return next(p for p in self.posts if p.id == post_id)

    def children(self, post_id: str) -> list[Post]:
        """The posts reporting to `post_id`, in file order."""
        return [p for p in self.posts if p.reports_to == post_id]

    def roots(self) -> list[Post]:
        """The posts at the top (reporting to nobody), in file order."""
        return [p for p in self.posts if p.reports_to is None]

    def depth(self) -> int:
        """How many levels the chart has."""
        def levels(post: Post) -> int:
            return 1 + max((levels(c) for c in self.children(post.id)), default=0)
        return max(levels(root) for root in self.roots())

    def totals(self) -> tuple[int, int]:
        """(subvented, non-subvented) posts in the whole establishment."""
        return (sum(p.subvented for p in self.posts), sum(p.non_subvented for p in self.posts))


def roster_path(root: Path, unit: str) -> Path:
    """`records/<unit>/staff.yaml` or `staff.csv`; NotFound (or ConfigError if both) otherwise."""
    folder = root / "records" / unit
    found = [folder / name for name in ROSTER_NAMES if (folder / name).is_file()]
    if len(found) > 1:
        raise ConfigError(f"records/{unit}/ has both staff.yaml and staff.csv; keep one of them "
                          "so there is no doubt which roster is the unit's")
    if not found:
        raise NotFound(f"unit '{unit}' has no staff roster: create records/{unit}/staff.yaml "
                       "(or staff.csv) listing its posts (see README, 'Staff roster')")
    return found[0]


def load_roster(root: Path, unit: str) -> Roster:
    """Read and validate the roster of `unit` in the repository at `root`."""
    path = roster_path(root, unit)
    name = path.relative_to(root).as_posix()
    data = path.read_bytes()
    if path.suffix == ".csv":
        return parse_roster_csv(_decode(data, name), name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(f"{name}: not UTF-8 text; save it as UTF-8") from None
    return parse_roster_yaml(text, name)


def _decode(data: bytes, name: str) -> str:
    text = decode_csv(data)
    if text is None:
        raise ConfigError(f"{name}: {ADVICE}")
    return text


def parse_roster_yaml(text: str, name: str) -> Roster:
    """Validate the text of a staff.yaml; `name` (its repository path) goes into every error."""
    read = YamlReader(name)
    top = compose_yaml(text, name, "a `posts:` list")
    sections = read.mapping(top, "", {"posts": True, "staff": False})
    posts_node = sections["posts"]
    rows = read.sequence(posts_node, "posts")
    posts = []
    for index, node in enumerate(rows):
        key = f"posts[{index}]"
        fields = read.mapping(node, key, _POST)
        line = node.start_mark.line + 1
        for column, value_node in fields.items():
            if not isinstance(value_node, yaml.ScalarNode):
                raise read.fail(value_node, f"{key}.{column}", "expected a single value")
        values = {column: (fields[column].start_mark.line + 1, read.value(fields[column]))
                  for column in fields}
        posts.append(_post(name, key + ".", line, values))
    roster = _validated(name, posts, posts_node.start_mark.line + 1)
    if "staff" not in sections:
        return roster
    return Roster(roster.path, roster.posts, _staff(read, sections["staff"], roster))


def _staff(read: YamlReader, node: yaml.Node, roster: Roster) -> tuple[StaffMember, ...]:
    """The `staff:` list: unique ids, a name each, and a post that is in the roster."""
    posts = {post.id for post in roster.posts}
    people: dict[str, StaffMember] = {}
    for index, item in enumerate(read.sequence(node, "staff")):
        key = f"staff[{index}]"
        fields = read.mapping(item, key, _PERSON)
        staff_id = _scalar_text(read, fields["id"], f"{key}.id")
        name = _scalar_text(read, fields["name"], f"{key}.name")
        post = _scalar_text(read, fields["post"], f"{key}.post") if "post" in fields else None
        if post is not None and post not in posts:
            raise read.fail(fields["post"], f"{key}.post",
                            f"'{post}' is not the id of any post in this roster")
        if staff_id in people:
            raise read.fail(fields["id"], f"{key}.id",
                            f"'{staff_id}' is already the id of the person on line "
                            f"{people[staff_id].line}; each person needs their own id")
        people[staff_id] = StaffMember(staff_id, name, post, item.start_mark.line + 1)
    return tuple(people.values())


def _scalar_text(read: YamlReader, node: yaml.Node, key: str) -> str:
    value = read.value(node)
    if isinstance(value, bool) or not isinstance(value, str | int) or not str(value).strip():
        raise read.fail(node, key, "expected text (a staff number may be written as is)")
    return str(value).strip()


def parse_roster_csv(text: str, name: str) -> Roster:
    """Validate the text of a staff.csv (a header row naming the columns, one post per row)."""
    check_csv(text, name, ConfigError)
    reader = csv.reader(io.StringIO(text))
    try:
        header = [cell.strip().lower() for cell in next(reader)]
    except StopIteration:
        raise ConfigError(f"{name}:1: the file is empty; it needs a header row "
                          f"({', '.join(COLUMNS)}) and one row per post") from None
    except csv.Error as exc:
        raise ConfigError(f"{name}:1: not valid CSV: {exc}") from None
    for column in header:
        if column not in COLUMNS:
            raise ConfigError(f"{name}:1: unknown column '{column}'; the columns are "
                              f"{', '.join(COLUMNS)}")
    if "id" not in header:
        raise ConfigError(f"{name}:1: the header has no 'id' column")
    posts = []
    for line, row in _rows(reader, name):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise ConfigError(f"{name}:{line}: {len(row)} cells but the header names "
                              f"{len(header)} columns")
        values = {column: (line, _csv_value(column, cell.strip()))
                  for column, cell in zip(header, row, strict=False)}
        posts.append(_post(name, "", line, values))
    return _validated(name, posts, 1)


def _rows(reader: Any, name: str) -> Iterator[tuple[int, list[str]]]:
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ConfigError(f"{name}:{start}: not valid CSV: {exc}") from None
        yield start, row
        start = reader.line_num + 1


def _csv_value(column: str, cell: str) -> Any:
    if cell == "":
        return None
    if column in ("subvented", "non_subvented"):
        try:
            return int(cell)
        except ValueError:
            return cell  # reported by _count with the line and the rule
    return cell


def _post(name: str, prefix: str, line: int, values: dict[str, tuple[int, Any]]) -> Post:
    """One post from its fields; each value comes with the line it is on."""
    def fail(column: str, problem: str) -> ConfigError:
        at = values[column][0] if column in values else line
        return ConfigError(f"{name}:{at}: {prefix}{column}: {problem}")

    def text(column: str) -> str | None:
        value = values.get(column, (line, None))[1]
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise fail(column, "expected text")
        return str(value).strip() or None

    def count(column: str) -> int:
        value = values.get(column, (line, None))[1]
        if value is None:
            return 0
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
            raise fail(column, f"expected a number of posts, a whole number from 0 to "
                       f"{MAX_COUNT} (got {value!r})")
        return value

    post_id = text("id")
    if post_id is None:
        raise fail("id", "every post needs an id (a short name such as `swa_youth`)")
    post = Post(id=post_id, post_zh=text("post_zh"), post_en=text("post_en"),
                reports_to=text("reports_to"), subvented=count("subvented"),
                non_subvented=count("non_subvented"), team=text("team"), line=line)
    if post.post_zh is None and post.post_en is None:
        raise ConfigError(f"{name}:{line}: {prefix.rstrip('.') or 'post'} '{post_id}': give "
                          "its title in post_zh, post_en or both")
    if post.subvented + post.non_subvented == 0:
        raise ConfigError(f"{name}:{line}: {prefix.rstrip('.') or 'post'} '{post_id}' has no "
                          "posts: give subvented and/or non_subvented a number above 0")
    return post


def _validated(name: str, posts: list[Post], posts_line: int) -> Roster:
    """The roster, once ids are unique, every reports_to exists, there is a top and no cycle."""
    if not posts:
        raise ConfigError(f"{name}:{posts_line}: posts: the roster lists no posts")
    seen: dict[str, Post] = {}
    for post in posts:
        if post.id in seen:
            raise ConfigError(f"{name}:{post.line}: id: '{post.id}' is already the id of the "
                              f"post on line {seen[post.id].line}; each post needs its own id")
        seen[post.id] = post
    for post in posts:
        if post.reports_to is not None and post.reports_to not in seen:
            raise ConfigError(f"{name}:{post.line}: reports_to: '{post.reports_to}' (of post "
                              f"'{post.id}') is not the id of any post in this roster")
    if not any(post.reports_to is None for post in posts):
        raise ConfigError(f"{name}:{posts_line}: no post is at the top: every post reports to "
                          "another; leave reports_to empty (null) for the top post")
    for post in posts:
        chain = [post.id]
        boss = post.reports_to
        while boss is not None:
            if boss == post.id:
                raise ConfigError(f"{name}:{post.line}: reports_to: the posts report to each "
                                  f"other in a circle ({' → '.join([*chain, boss])}); one of "
                                  "them must report to a post outside the circle")
            if boss in chain:
                break  # a circle further up; it is reported for a post on it
            chain.append(boss)
            boss = seen[boss].reports_to
    return Roster(name, tuple(posts))
