"""repo.yaml as last validated, kept in `.repo/config-cache.json` (issue 23: a command whose
settings have not changed does not import or run the YAML parser). The cache must never answer
for a repo.yaml that changed, and must never be a reason for a command to fail."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from repo_tool.config import load_config
from repo_tool.errors import ConfigError
from repo_tool.repository import Repository
from tests.conftest import ACTOR

CACHE = Path(".repo") / "config-cache.json"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    Repository.init(tmp_path / "repo", "明德社會服務協會", "Ming Tak").close()
    return tmp_path / "repo"


def opened(root: Path) -> Repository:
    repo = Repository.open(root)
    repo.close()
    return repo


def test_opening_a_repository_keeps_its_settings_privately(root: Path) -> None:
    repo = opened(root)
    cache = root / CACHE
    assert cache.is_file()
    assert stat.S_IMODE(cache.stat().st_mode) == 0o600
    assert json.loads(cache.read_text(encoding="utf-8"))["text"] == \
        (root / "repo.yaml").read_text(encoding="utf-8")
    assert opened(root).config == repo.config == load_config(root / "repo.yaml")


def test_a_search_with_the_cache_never_imports_the_yaml_parser(root: Path) -> None:
    opened(root)
    script = ("import sys\nfrom repo_tool.cli import cli\n"
              f"try:\n    cli(['search', '私隱', '--repo', {str(root)!r}], prog_name='repo-tool')\n"
              "except SystemExit:\n    pass\n"
              "print('yaml' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.strip().splitlines()[-1] == "False"


def test_a_changed_repo_yaml_is_read_again(root: Path) -> None:
    opened(root)
    text = (root / "repo.yaml").read_text(encoding="utf-8")
    (root / "repo.yaml").write_text(text.replace("units:\n", "units:\n  - code: ycc\n"
                                                 "    name_zh: 青少年中心\n"
                                                 "    name_en: Youth Centre\n", 1),
                                    encoding="utf-8")
    assert opened(root).config.has_unit("ycc")
    assert "ycc" in (root / CACHE).read_text(encoding="utf-8")


def test_a_broken_repo_yaml_is_refused_though_its_last_good_text_is_cached(root: Path) -> None:
    opened(root)
    (root / "repo.yaml").write_text("organisation: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"repo\.yaml:2: not valid YAML"):
        Repository.open(root)


def test_a_unit_added_by_the_tool_is_seen_by_the_next_command(root: Path) -> None:
    repo = Repository.open(root)
    try:
        repo.add_unit("home", "宿舍", "Group Home", None, ACTOR)
    finally:
        repo.close()
    assert opened(root).config.has_unit("home")


@pytest.mark.parametrize("damage", [
    "", "not json", "[]", '{"key": 1}', json.dumps({"key": None, "text": None, "config": 1}),
])
def test_a_damaged_cache_is_read_past_and_written_again(root: Path, damage: str) -> None:
    good = opened(root).config
    (root / CACHE).write_text(damage, encoding="utf-8")
    assert opened(root).config == good
    assert json.loads((root / CACHE).read_text(encoding="utf-8"))["config"]["type"] == "Config"


def test_a_cache_of_the_same_text_with_other_types_is_not_believed(root: Path) -> None:
    good = opened(root).config
    stored = json.loads((root / CACHE).read_text(encoding="utf-8"))
    stored["config"]["type"] = "Unit"  # decodes to something that is not a Config
    (root / CACHE).write_text(json.dumps(stored), encoding="utf-8")
    assert opened(root).config == good


def test_a_cache_that_cannot_be_written_is_no_error(root: Path) -> None:
    (root / CACHE).mkdir()  # a folder where the file should be: replacing it fails
    assert opened(root).config.name_en == "Ming Tak"
