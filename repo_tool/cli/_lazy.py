"""Commands loaded when they are run: `repo-tool --help` and `--version` import none of them.

A command's module (and the library it needs: the catalog, the generators, Jinja2, Word, PDF
readers) is imported only when that command, or its `--help`, is asked for. The group's listing
reads the short help from `cli/_commands.py`, so `repo-tool --help` stays as fast as Python's own
start-up allows; `tests/test_cli_startup.py` checks the table against the loaded commands.
"""

from __future__ import annotations

import importlib
from typing import Any

import click


class LazyGroup(click.Group):
    """A click group whose subcommands register themselves when their module is imported.

    `lazy` maps a command's name to `(module, short help)`; the module, under `repo_tool.cli`,
    defines the command with the usual decorators on this group."""

    def __init__(self, *args: Any, lazy: dict[str, tuple[str, str]] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(self.lazy))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            importlib.import_module(f"repo_tool.cli.{self.lazy[cmd_name][0]}")
        return self.commands.get(cmd_name)

    def load_all(self) -> None:
        """Import every command's module (for the tests and the README check)."""
        for name in self.lazy:
            command = self.get_command(click.Context(self), name)
            if isinstance(command, LazyGroup):
                command.load_all()

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The listing from the table, without importing the commands."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max((len(name) for name in names), default=0)
        rows = []
        for name in names:
            command = self.commands.get(name)
            if command is not None:
                if command.hidden:
                    continue
                text = command.get_short_help_str(limit)
            else:
                text = click.Command(name, help=self.lazy[name][1]).get_short_help_str(limit)
            rows.append((name, text))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)
