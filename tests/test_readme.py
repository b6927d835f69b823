"""The README cannot drift: its example session runs, and every command is documented."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import click

from repo_tool.cli import cli
from tests.conftest import PROJECT

README = (PROJECT / "README.md").read_text(encoding="utf-8")


def example_session() -> list[str]:
    blocks = re.findall(r"```console\n(.*?)```", README, flags=re.S)
    session = next(block for block in blocks if "$ repo-tool init" in block)
    return [line[2:] for line in session.splitlines() if line.startswith("$ ")]


def test_readme_example_session_runs_top_to_bottom(tmp_path: Path) -> None:
    commands = example_session()
    assert len(commands) >= 15
    script = "set -e\n" + "\n".join(commands) + "\n"
    bin_dir = Path(sys.executable).parent
    assert (bin_dir / "repo-tool").exists(), "repo-tool is not installed in this environment"
    done = subprocess.run(["bash", "-c", script], cwd=tmp_path, text=True, capture_output=True,
                          env={**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"},
                          timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "error:" not in done.stderr
    assert "version 3 now holds the bytes of version 1" in done.stdout
    assert "audit entries: ok" in done.stdout
    assert (tmp_path / "mingtak/policies/ycc/SQS-02 檢討及修訂政策和程序/first-edition.txt"
            ).is_file()


def all_commands(group: click.Group, prefix: str = "") -> list[str]:
    names = []
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            names += all_commands(command, f"{prefix}{name} ")
        else:
            names.append(prefix + name)
    return names


def test_every_command_is_in_the_readme_table() -> None:
    documented = set(re.findall(r"^\| `([a-z]+(?: [a-z][a-z0-9.-]*)?)", README, flags=re.M))
    commands = set(all_commands(cli))
    assert commands <= documented, f"undocumented: {sorted(commands - documented)}"


def test_quick_start_has_exactly_the_two_make_commands() -> None:
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```console\n(.*?)```", quick, flags=re.S)
    assert block is not None
    assert block.group(1).split("\n")[:-1] == ["make demo", "make test"]
