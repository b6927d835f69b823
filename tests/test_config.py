"""repo.yaml: every bad file gets a message naming file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from repo_tool.config import load_config
from repo_tool.errors import ConfigError, NotFound
from repo_tool.repository import Repository
from tests.conftest import ACTOR, Cli, run_tool

GOOD_HEAD = """\
organisation:
  name_zh: 明德社會服務協會
  name_en: Ming Tak
units:
  - code: ycc
    name_zh: 青少年中心
    name_en: Youth Centre
"""

BAD = {
    "unknown key": (GOOD_HEAD + "colour: blue\n",
                    "repo.yaml:8: colour: unknown key; expected one of organisation, units, "
                    "review_cycle, ignore, search, ocr, sar, serve, glossary, retention"),
    "glossary not a mapping": (GOOD_HEAD + "glossary:\n  - privacy\n",
                               "repo.yaml:9: glossary: expected a mapping of a term to its "
                               "equivalents, e.g. `privacy: 私隱`"),
    "glossary duplicate term": (GOOD_HEAD + "glossary:\n  privacy: 私隱\n  Privacy: 隱私\n",
                                "repo.yaml:10: glossary.Privacy: duplicate term (first given "
                                "on line 9)"),
    "glossary empty term": (GOOD_HEAD + "glossary:\n  outing: [戶外活動, '']\n",
                            "repo.yaml:9: glossary.outing[1]: expected non-empty text (put "
                            "numbers in quotes)"),
    "glossary long term": (GOOD_HEAD + "glossary:\n  outing: " + "長" * 61 + "\n",
                           "repo.yaml:9: glossary.outing: a term is one line of at most 60 "
                           "characters"),
    "glossary nested": (GOOD_HEAD + "glossary:\n  outing: {zh: 戶外活動}\n",
                        "repo.yaml:9: glossary.outing: expected non-empty text (put numbers "
                        "in quotes)"),
    "unknown engine": (GOOD_HEAD + "search:\n  engine: elastic\n",
                       "repo.yaml:9: search.engine: 'elastic' is not a search engine; use one "
                       "of tantivy, whoosh"),
    "ocr not a flag": (GOOD_HEAD + "ocr:\n  enabled: maybe\n",
                       "repo.yaml:9: ocr.enabled: expected true or false"),
    "ocr bad language": (GOOD_HEAD + "ocr:\n  languages: [chi_tra, ../x]\n",
                         "repo.yaml:9: ocr.languages[1]: '../x' is not a Tesseract language "
                         "name such as chi_tra"),
    "unknown unit key": (GOOD_HEAD + "    manager: Mr Chan\n",
                         "repo.yaml:8: units[0].manager: unknown key; expected one of code, "
                         "name_zh, name_en, phone, email, complaints"),
    "wrong type": (GOOD_HEAD + "review_cycle:\n  years: three\n",
                   "repo.yaml:9: review_cycle.years: expected a whole number from 1 to 10"),
    "month out of range": (GOOD_HEAD + "review_cycle:\n  start_month: 13\n",
                           "repo.yaml:9: review_cycle.start_month: expected a whole number "
                           "from 1 to 12"),
    "duplicate unit": (GOOD_HEAD + "  - code: ycc\n    name_zh: 另一個\n    name_en: Other\n",
                       "repo.yaml:8: units[1].code: 'ycc' is already the code of the unit on "
                       "line 5"),
    "duplicate key": (GOOD_HEAD + "organisation:\n  name_zh: a\n  name_en: b\n",
                      "repo.yaml:8: organisation: duplicate key (first given on line 1)"),
    "missing name": ("organisation:\n  name_zh: 明德\n",
                     "repo.yaml:2: organisation.name_en: missing required key"),
    "bad unit code": (GOOD_HEAD.replace("code: ycc", "code: Youth Centre"),
                      "repo.yaml:5: units[0].code: 'Youth Centre' is not a unit code: use 1-32 "
                      "lowercase letters, digits, '-' or '_', starting with a letter or digit"),
    "units not a list": ("organisation:\n  name_zh: a\n  name_en: b\nunits: ycc\n",
                         "repo.yaml:4: units: expected a list"),
    "number as name": (GOOD_HEAD.replace("name_en: Youth Centre", "name_en: 1234"),
                       "repo.yaml:7: units[0].name_en: expected non-empty text (put numbers in "
                       "quotes)"),
    "broken yaml": (GOOD_HEAD + "ignore: [\n",
                    "repo.yaml:9: not valid YAML: expected the node content, but found "
                    "'<stream end>'"),
    "tab indent": ("organisation:\n\tname_zh: a\n",
                   "repo.yaml:2: not valid YAML: found character '\\t' that cannot start any "
                   "token"),
    "empty": ("", "repo.yaml:1: the file is empty; it needs at least `organisation:`"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_repo_yaml_names_file_line_and_key(tmp_path: Path, case: str) -> None:
    text, message = BAD[case]
    path = tmp_path / "repo.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert str(raised.value) == message


def test_bad_repo_yaml_is_one_line_on_the_command_line_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "repo.yaml").write_text(BAD["wrong type"][0], encoding="utf-8")
    done = run_tool("unit", "list", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr == f"error: {BAD['wrong type'][1]}\n"


def test_defaults_come_from_the_hkcss_review_cycle(tmp_path: Path) -> None:
    path = tmp_path / "repo.yaml"
    path.write_text(GOOD_HEAD, encoding="utf-8")
    cycle = load_config(path).review_cycle
    assert (cycle.years, cycle.start_month, cycle.deadline_month, cycle.effective_month) == (
        3, 12, 3, 4)


def test_unit_add_keeps_comments_and_creates_folders(repo: Repository, cli: Cli) -> None:
    config = repo.root / "repo.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "# 最後的註解 keep me\n",
                      encoding="utf-8")
    result = cli("unit", "add", "dc", "--name-zh", "長者日間護理中心 & 社區",
                 "--name-en", "Day Care Centre <Elderly>", "--phone", "2111 2222")
    assert result.exit_code == 0, result.output
    text = config.read_text(encoding="utf-8")
    assert "# 最後的註解 keep me" in text and "# head office" in text
    reopened = Repository.open(repo.root)
    assert reopened.config.unit("dc").name_en == "Day Care Centre <Elderly>"
    assert (repo.root / "policies/dc").is_dir() and (repo.root / "records/dc").is_dir()


def test_unit_add_refuses_a_duplicate_and_a_bad_code(repo: Repository, cli: Cli) -> None:
    assert cli("unit", "add", "ycc", "--name-zh", "x", "--name-en", "y").output == (
        "error: unit 'ycc' is already registered in repo.yaml\n")
    result = cli("unit", "add", "Bad Code", "--name-zh", "x", "--name-en", "y")
    assert result.exit_code == 2
    assert "'Bad Code' is not a unit code" in result.output


def test_unknown_unit_says_how_to_add_it(repo: Repository) -> None:
    with pytest.raises(NotFound, match=r"unit 'u9' is not in repo\.yaml \(units: agency, ycc, "
                                       r"home\); add it with `repo-tool unit add u9"):
        repo.config.unit("u9")


def test_repository_is_found_from_a_subfolder(repo: Repository) -> None:
    done = run_tool("unit", "list", "--json", cwd=repo.root / "policies" / "ycc")
    assert done.returncode == 0, done.stderr
    assert '"code": "home"' in done.stdout


def test_outside_any_repository_the_message_says_what_to_do(tmp_path: Path) -> None:
    done = run_tool("log", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith("error: no repo.yaml in ")
    assert "run `repo-tool init` there, or pass --repo PATH" in done.stderr


def test_audit_records_unit_add_with_who_did_it(repo: Repository) -> None:
    entries = list(repo.catalog.audit_entries())
    assert [(e.action, e.detail["unit"], e.by, e.user) for e in entries] == [
        ("unit add", "ycc", ACTOR.by, ACTOR.user), ("unit add", "home", ACTOR.by, ACTOR.user)]
