"""The README and docs/ cannot drift: their example sessions run, every command is documented
with options it really has, and every link and project path they name exists."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import click
import pytest

from repo_tool.cli import cli
from tests.conftest import PROJECT
from tests.test_layers import ALLOWED, LEAVES

cli.load_all()  # every command's module, so `.commands` holds them all

README_PATH = PROJECT / "README.md"
README = README_PATH.read_text(encoding="utf-8")
DOCS = sorted((PROJECT / "docs").glob("*.md"))
PAGES = [README_PATH, *DOCS]
MAX_README_LINES = 300

_OPTION = re.compile(r"(?<![\w-])(--[a-z][a-z0-9-]*|-[a-zA-Z](?![\w-]))")
_TABLE_ROW = re.compile(r"^\| `([a-z]+(?: [a-z][a-z0-9.-]*)?)", flags=re.M)
_SHELL_STOPS = {"|", ">", ">>", "<", "&&", "||", ";", "--"}


def _text(page: Path) -> str:
    return page.read_text(encoding="utf-8")


def _name(page: Path) -> str:
    return page.relative_to(PROJECT).as_posix()


def console_blocks(text: str) -> list[str]:
    """The bodies of a page's ```console blocks."""
    return re.findall(r"```console\n(.*?)```", text, flags=re.S)


def starts_a_repository(block: str) -> bool:
    """A block that runs on its own: it creates a fresh repository first."""
    return "$ repo-tool init" in block


def commands_of(block: str) -> list[str]:
    """The `$ ` lines of a console block, without the prompt."""
    return [line[2:] for line in block.splitlines() if line.startswith("$ ")]


def example_session() -> list[str]:
    """The README's own session, the one that starts with `repo-tool init`."""
    session = next(block for block in console_blocks(README) if starts_a_repository(block))
    return commands_of(session)


def run_session(commands: list[str], folder: Path) -> subprocess.CompletedProcess[str]:
    """Run a session's commands top to bottom in bash with `set -e`; it must succeed cleanly."""
    script = "set -e\n" + "\n".join(commands) + "\n"
    bin_dir = Path(sys.executable).parent
    assert (bin_dir / "repo-tool").exists(), "repo-tool is not installed in this environment"
    done = subprocess.run(["bash", "-c", script], cwd=folder, text=True, capture_output=True,
                          env={**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"},
                          timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "error:" not in done.stderr
    return done


def all_commands(group: click.Group, prefix: str = "") -> list[str]:
    names = []
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            names += all_commands(command, f"{prefix}{name} ")
        else:
            names.append(prefix + name)
    return names


def command_for(words: list[str]) -> tuple[click.Command | None, list[str]]:
    """The CLI command that `repo-tool WORDS...` runs (None if none), and the words after it."""
    command: click.Command = cli
    while isinstance(command, click.Group) and words and words[0] in command.commands:
        command, words = command.commands[words[0]], words[1:]
    return (None if isinstance(command, click.Group) else command), words


def written_options(row: str) -> set[str]:
    """The options a table row writes, leaving out code spans of other programs
    (`sha256sum -c`)."""
    def ours(span: re.Match[str]) -> str:
        first = span.group(1).split(" ", 1)[0]
        return span.group(0) if first.startswith("-") or first == "repo-tool" \
            or first in cli.commands else ""
    return set(_OPTION.findall(re.sub(r"`([^`]*)`", ours, row)))


def options_of(command: click.Command) -> set[str]:
    return {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)
            if opt.startswith("-")}


def _doc_sessions() -> list[tuple[str, str]]:
    return [(_name(page), block) for page in DOCS for block in console_blocks(_text(page))
            if starts_a_repository(block)]


def _illustrations() -> list[tuple[str, str]]:
    """(page, line) for every `$ repo-tool ...` line of a block that only illustrates."""
    return [(_name(page), line) for page in PAGES for block in console_blocks(_text(page))
            if not starts_a_repository(block) for line in commands_of(block)
            if line.startswith("repo-tool ")]


# -- the sessions run ------------------------------------------------------------------------

def test_readme_example_session_runs_top_to_bottom(tmp_path: Path) -> None:
    commands = example_session()
    assert len(commands) >= 15
    done = run_session(commands, tmp_path)
    assert "version 3 now holds the bytes of version 1" in done.stdout
    assert "audit entries: ok" in done.stdout
    assert (tmp_path / "mingtak/policies/ycc/SQS-02 檢討及修訂政策和程序/first-edition.txt"
            ).is_file()


def test_some_docs_pages_have_a_session_that_runs() -> None:
    # otherwise the next test would pass by running nothing
    assert len(_doc_sessions()) >= 2


@pytest.mark.parametrize(("page", "block"), _doc_sessions(),
                         ids=[page for page, _ in _doc_sessions()])
def test_docs_session_runs_top_to_bottom(tmp_path: Path, page: str, block: str) -> None:
    run_session(commands_of(block), tmp_path)


@pytest.mark.parametrize(("page", "line"), _illustrations())
def test_an_illustrated_command_line_names_a_real_command_and_options(page: str,
                                                                      line: str) -> None:
    words = shlex.split(line)[1:]
    command, rest = command_for(words)
    assert command is not None, f"{page}: `{line}` names no repo-tool command"
    written = set()
    for word in rest:
        if word in _SHELL_STOPS:
            break
        written |= set(_OPTION.findall(word.split("=", 1)[0]))
    unknown = sorted(written - options_of(command))
    assert unknown == [], f"{page}: `{line}`: {unknown} are not options of this command"


# -- the command table -----------------------------------------------------------------------

def test_every_command_is_in_the_readme_table() -> None:
    documented = set(_TABLE_ROW.findall(README))
    commands = set(all_commands(cli))
    assert commands <= documented, f"undocumented: {sorted(commands - documented)}"


def test_every_option_in_the_readme_table_exists() -> None:
    wrong = []
    for row in README.splitlines():
        found = _TABLE_ROW.match(row)
        if not found:
            continue
        command, _ = command_for(found.group(1).split())
        if command is None:  # "init [PATH]" is caught as "init": fall back to the first word
            command, _ = command_for(found.group(1).split()[:1])
        assert command is not None, f"the table documents `{found.group(1)}`, not a command"
        wrong += [f"{found.group(1)}: {option}" for option in sorted(written_options(row))
                  if option not in options_of(command)]
    assert wrong == []


def test_quick_start_has_exactly_the_two_make_commands() -> None:
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```console\n(.*?)```", quick, flags=re.S)
    assert block is not None
    assert block.group(1).split("\n")[:-1] == ["make demo", "make test"]


# -- a landing page that leads everywhere ------------------------------------------------------

def test_readme_is_a_landing_page_of_at_most_300_lines() -> None:
    assert len(README.splitlines()) <= MAX_README_LINES


def links(text: str) -> list[str]:
    """The targets of a page's Markdown links, outside code blocks."""
    return re.findall(r"\]\(([^)\s]+)\)", re.sub(r"```.*?```", "", text, flags=re.S))


def anchors(text: str) -> set[str]:
    """The anchors GitHub gives a page's headings."""
    headings = re.findall(r"^#+ (.+)$", re.sub(r"```.*?```", "", text, flags=re.S), flags=re.M)
    return {re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
            for heading in headings}


def test_every_docs_page_is_linked_from_the_readme() -> None:
    linked = {target.split("#", 1)[0] for target in links(README)}
    assert DOCS, "docs/ has no pages"
    assert {_name(page) for page in DOCS} <= linked


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_every_relative_link_leads_to_a_file_and_heading_that_exist(page: Path) -> None:
    broken = []
    for target in links(_text(page)):
        if re.match(r"[a-z]+:", target):
            continue  # http:, https:, mailto:
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.exists():
            broken.append(f"{target}: no such file")
        elif anchor and file.suffix == ".md" and anchor not in anchors(_text(file)):
            broken.append(f"{target}: no heading with that anchor")
    assert broken == []


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_every_project_path_a_page_names_exists(page: Path) -> None:
    # `repo_tool/ingest/scanner.py`, `scripts/system-deps.sh`, or `store/lock.py` inside
    # repo_tool/: after a reorganisation, a stale module path fails here
    missing = []
    for token in re.findall(r"`([\w.-]+(?:/[\w.-]+)+/?)`", _text(page)):
        ours = token.split("/", 1)[0] in {"repo_tool", "scripts", "benchmarks", "tests", "docs"}
        if (ours or token.endswith((".py", ".sh"))) and not (
                (PROJECT / token).exists() or (PROJECT / "repo_tool" / token).exists()):
            missing.append(token)
    assert missing == []


def test_the_architecture_page_draws_the_allowed_table_of_test_layers() -> None:
    page = _text(PROJECT / "docs" / "architecture.md")
    section = page.split("### The allowed dependencies", 1)[1].split("\n#", 1)[0]
    drawn: dict[str, frozenset[str]] = {}
    for row in re.findall(r"^\| (`.+?) \| (.+?) \|$", section, flags=re.M):
        used = {name.removesuffix(".py") for name in re.findall(r"`([\w.]+)`", row[1])}
        used |= LEAVES if "the leaves" in row[1] else set()
        for part in re.findall(r"`([\w./]+)`", row[0]):
            part = "" if part == "repo_tool/__init__.py" else part.removesuffix(".py")
            drawn[part] = frozenset(used)
    assert drawn == ALLOWED

