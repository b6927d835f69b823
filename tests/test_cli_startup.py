"""The command line loads only what a command uses (issue 23): `--help` and `--version` import
none of the library, and the listing they print is the one the loaded commands would print."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest

from repo_tool.cli._commands import COMMANDS, GENERATE

HEAVY = ("jinja2", "docx", "docxtpl", "pypdf", "pypdfium2", "PIL", "flask", "tantivy", "whoosh",
         "opencc", "yaml", "openpyxl", "waitress", "watchdog", "repo_tool.repository",
         "repo_tool.store", "repo_tool.generate", "repo_tool.domain", "repo_tool.search")


def loaded_after(*args: str, heavy: tuple[str, ...] = HEAVY) -> list[str]:
    """The `heavy` modules a fresh interpreter holds after running `repo-tool ARGS`."""
    script = (
        "import sys, json\n"
        "from repo_tool.cli import cli\n"
        "try:\n"
        f"    cli({list(args)!r}, prog_name='repo-tool')\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code  # the command ran and succeeded\n"
        f"heavy = {heavy!r}\n"
        "print(json.dumps(sorted(m for m in sys.modules\n"
        "                        if any(m == h or m.startswith(h + '.') for h in heavy))))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, check=True)
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize("args", [("--help",), ("--version",), ("generate", "--help")])
def test_help_and_version_import_none_of_the_library(args: tuple[str, ...]) -> None:
    assert loaded_after(*args) == []


def test_a_command_loads_what_it_uses() -> None:
    """The check above can fail: asking for one command's help loads its module's library."""
    assert "repo_tool.repository" in loaded_after("status", "--help")


# What a reading command has no use for: PyYAML (repo.yaml comes from its cache), OpenSSL's
# hashes (writers hash), the search engine, Tesseract's process module, statistics (returns)
NOT_FOR_STATUS = ("yaml", "hashlib", "_hashlib", "tantivy", "subprocess", "statistics",
                  "repo_tool.ocr", "repo_tool.search._engine", "repo_tool.ingest.scanner")


def test_status_loads_only_what_it_reads(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    subprocess.run([sys.executable, "-m", "repo_tool", "init", str(root), "--name-zh", "測試",
                    "--name-en", "Test"], check=True, capture_output=True, timeout=120)
    (root / "policies" / "agency" / "SQS-14").mkdir(parents=True)
    (root / "policies" / "agency" / "SQS-14" / "privacy.txt").write_text("私隱", "utf-8")
    subprocess.run([sys.executable, "-m", "repo_tool", "scan", "--repo", str(root)], check=True,
                   capture_output=True, timeout=120)
    assert loaded_after("status", "--repo", str(root), heavy=NOT_FOR_STATUS) == []
    # and the check can fail: search loads its engine
    assert "tantivy" in loaded_after("search", "私隱", "--repo", str(root), heavy=NOT_FOR_STATUS)


PAPERS = ("jinja2", "docx", "docxtpl", "pypdf", "pypdfium2", "PIL", "repo_tool.generate")


@pytest.mark.parametrize("command", ["status", "search", "review", "stats", "pack", "pledge"])
def test_a_command_that_can_make_papers_loads_them_only_to_make_them(command: str) -> None:
    """`status` lives beside `generate form-2.01`, `stats` beside `generate sar`: loading the
    command line module of one must not load Word, PDF and Jinja for the other."""
    assert not [m for m in loaded_after(command, "--help")
                if any(m == p or m.startswith(p + ".") for p in PAPERS)]


def _table_of(group: click.Group) -> dict[str, tuple[str, str]]:
    return {name: (command.callback.__module__.rsplit(".", 1)[1] if command.callback else "",
                   command.get_short_help_str(limit=1000))
            for name, command in group.commands.items() if name != "generate"}


def test_the_table_names_every_command_its_module_and_its_help() -> None:
    from repo_tool.cli import cli, generate

    cli.load_all()
    assert _table_of(cli) == COMMANDS
    assert _table_of(generate) == GENERATE


def test_an_unknown_command_is_still_refused_with_clicks_message() -> None:
    from click.testing import CliRunner

    from repo_tool.cli import cli

    result = CliRunner().invoke(cli, ["serch", "私隱"])
    assert result.exit_code == 2 and "No such command 'serch'" in result.output
