"""Staff rosters: read from staff.yaml or staff.csv; every mistake is one line naming the row."""

from __future__ import annotations

from pathlib import Path

import pytest

from repo_tool.domain.roster import load_roster, parse_roster_csv, parse_roster_yaml
from repo_tool.errors import ConfigError, NotFound
from repo_tool.repository import Repository
from tests.conftest import PROJECT, Cli, write

NAME = "records/ycc/staff.yaml"
GOOD = """\
posts:
  - id: head
    post_zh: 中心主任
    post_en: Centre-in-charge
    reports_to: null
    subvented: 1
  - id: sw
    post_zh: 社會工作員
    post_en: Social Worker
    reports_to: head
    subvented: 3
  - id: swa
    post_zh: 社會工作助理
    reports_to: sw
    subvented: 2
    non_subvented: 1
    team: 青少年
"""


def yaml_error(text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        parse_roster_yaml(text, NAME)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_a_good_roster_keeps_order_counts_and_teams() -> None:
    roster = parse_roster_yaml(GOOD, NAME)
    assert [(p.id, p.reports_to, p.subvented, p.non_subvented, p.team, p.line)
            for p in roster.posts] == [("head", None, 1, 0, None, 2), ("sw", "head", 3, 0, None, 7),
                                       ("swa", "sw", 2, 1, "青少年", 12)]
    assert roster.post("swa").post_en is None
    assert roster.depth() == 3
    assert roster.totals() == (6, 1)


def test_the_demo_rosters_are_valid() -> None:
    ycc = load_roster(PROJECT, "ycc")
    assert len(ycc.posts) == 12 and ycc.depth() == 4
    assert (ycc.post("swa_youth").subvented, ycc.post("swa_youth").non_subvented) == (2, 1)
    assert len(load_roster(PROJECT, "home").posts) == 9


def test_a_cycle_is_named_with_its_posts() -> None:
    text = GOOD + "  - id: a\n    post_zh: 甲\n    reports_to: b\n    subvented: 1\n" \
                  "  - id: b\n    post_zh: 乙\n    reports_to: a\n    subvented: 1\n"
    assert yaml_error(text) == (f"{NAME}:18: reports_to: the posts report to each other in a "
                                "circle (a → b → a); one of them must report to a post outside "
                                "the circle")


def test_a_post_reporting_to_itself_is_a_cycle() -> None:
    text = GOOD.replace("reports_to: sw", "reports_to: swa")
    assert "circle (swa → swa)" in yaml_error(text)


def test_an_unknown_reports_to_is_named() -> None:
    assert yaml_error(GOOD.replace("reports_to: sw", "reports_to: aswo")) == (
        f"{NAME}:12: reports_to: 'aswo' (of post 'swa') is not the id of any post in this roster")


def test_a_negative_count_is_refused() -> None:
    assert yaml_error(GOOD.replace("subvented: 3", "subvented: -1")) == (
        f"{NAME}:11: posts[1].subvented: expected a number of posts, a whole number from 0 to "
        "999 (got -1)")


def test_a_duplicate_id_names_both_lines() -> None:
    assert yaml_error(GOOD.replace("id: swa", "id: sw")) == (
        f"{NAME}:12: id: 'sw' is already the id of the post on line 7; each post needs its own id")


def test_a_roster_without_a_top_post_says_so() -> None:
    assert yaml_error(GOOD.replace("reports_to: null", "reports_to: swa")) == (
        f"{NAME}:2: no post is at the top: every post reports to another; leave reports_to "
        "empty (null) for the top post")


def test_bad_yaml_names_the_line() -> None:
    message = yaml_error(GOOD.replace("    subvented: 3", "    subvented: [3"))
    assert message.startswith(f"{NAME}:12: not valid YAML: ")


@pytest.mark.parametrize(("change", "expected"), [
    (("post_en: Social Worker", "post_title: Social Worker"),
     f"{NAME}:9: posts[1].post_title: unknown key; expected one of id, post_zh, post_en, "
     "reports_to, subvented, non_subvented, team"),
    (("subvented: 3", "subvented: 0"),
     f"{NAME}:7: posts[1] 'sw' has no posts: give subvented and/or non_subvented a number above 0"),
    (("subvented: 3", "subvented: yes"),
     f"{NAME}:11: posts[1].subvented: expected a number of posts, a whole number from 0 to 999 "
     "(got True)"),
    (("    post_zh: 社會工作員\n    post_en: Social Worker\n", ""),
     f"{NAME}:7: posts[1] 'sw': give its title in post_zh, post_en or both"),
])
def test_other_mistakes_are_one_line_each(change: tuple[str, str], expected: str) -> None:
    assert yaml_error(GOOD.replace(*change)) == expected


def test_empty_and_postless_files_are_explained() -> None:
    assert yaml_error("") == f"{NAME}:1: the file is empty; it needs a `posts:` list"
    assert yaml_error("posts: []\n") == f"{NAME}:1: posts: the roster lists no posts"


CSV = """\
id,post_zh,post_en,reports_to,subvented,non_subvented,team
head,中心主任,Centre-in-charge,,1,,
sw,社會工作員,Social Worker,head,3,,
swa,社會工作助理,,sw,2,1,青少年
"""


def test_a_csv_roster_reads_like_the_yaml_one() -> None:
    from_csv = parse_roster_csv(CSV, "records/ycc/staff.csv")
    from_yaml = parse_roster_yaml(GOOD, NAME)
    def strip(p: object) -> tuple[object, ...]:
        return tuple(getattr(p, f) for f in ("id", "post_zh", "post_en", "reports_to",
                                              "subvented", "non_subvented", "team"))
    assert [strip(p) for p in from_csv.posts] == [strip(p) for p in from_yaml.posts]
    assert [p.line for p in from_csv.posts] == [2, 3, 4]


@pytest.mark.parametrize(("change", "expected"), [
    (("sw,2,1", "aswo,2,1"), "records/ycc/staff.csv:4: reports_to: 'aswo' (of post 'swa') is "
     "not the id of any post in this roster"),
    (("head,3,,", "head,-2,,"), "records/ycc/staff.csv:3: subvented: expected a number of "
     "posts, a whole number from 0 to 999 (got -2)"),
    (("head,3,,", "head,three,,"), "records/ycc/staff.csv:3: subvented: expected a number of "
     "posts, a whole number from 0 to 999 (got 'three')"),
    ((",team\n", ",group\n"), "records/ycc/staff.csv:1: unknown column 'group'; the columns are "
     "id, post_zh, post_en, reports_to, subvented, non_subvented, team"),
    (("\nsw,", "\nswa,"), "records/ycc/staff.csv:4: id: 'swa' is already the id of the post on "
     "line 3; each post needs its own id"),
])
def test_csv_mistakes_name_the_line(change: tuple[str, str], expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_roster_csv(CSV.replace(*change), "records/ycc/staff.csv")
    assert str(caught.value) == expected


def test_an_excel_csv_in_big5_is_read(repo: Repository) -> None:
    write(repo.root / "records/ycc/staff.csv", CSV.encode("big5hkscs"))
    assert load_roster(repo.root, "ycc").post("sw").post_zh == "社會工作員"


def test_missing_and_doubled_rosters_are_explained(repo: Repository) -> None:
    with pytest.raises(NotFound, match=r"unit 'ycc' has no staff roster: create "
                                       r"records/ycc/staff\.yaml"):
        load_roster(repo.root, "ycc")
    write(repo.root / "records/ycc/staff.yaml", GOOD)
    write(repo.root / "records/ycc/staff.csv", CSV)
    with pytest.raises(ConfigError, match=r"has both staff\.yaml and staff\.csv"):
        load_roster(repo.root, "ycc")


def test_roster_check_summarises_or_prints_one_error_line(repo: Repository, cli: Cli) -> None:
    write(repo.root / "records/ycc/staff.yaml", GOOD)
    done = cli("roster", "check", "--unit", "ycc")
    assert done.exit_code == 0
    assert done.output == ("records/ycc/staff.yaml: ok, 3 posts on 3 levels, 6 subvented and "
                           "1 non-subvented\n")
    write(repo.root / "records/ycc/staff.yaml", GOOD.replace("reports_to: sw", "reports_to: x"))
    done = cli("roster", "check", "--unit", "ycc")
    assert done.exit_code == 1
    assert done.stderr == ("error: records/ycc/staff.yaml:12: reports_to: 'x' (of post 'swa') "
                           "is not the id of any post in this roster\n")


def test_roster_check_json(repo: Repository, cli: Cli) -> None:
    import json

    write(repo.root / "records/ycc/staff.yaml", GOOD)
    assert json.loads(cli("roster", "check", "--unit", "ycc", "--json").output) == {
        "roster": "records/ycc/staff.yaml", "posts": 3, "levels": 3, "subvented": 6,
        "non_subvented": 1, "teams": ["青少年"]}


def test_a_roster_path_needs_no_project(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match=r"^unit 'ycc' has no staff roster: create "
                                       r"records/ycc/staff\.yaml"):
        load_roster(tmp_path, "ycc")
