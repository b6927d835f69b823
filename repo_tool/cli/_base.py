"""The shared parts of the command line: the group, its one error boundary, common options."""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

from repo_tool import __version__
from repo_tool.cli._commands import COMMANDS, GENERATE
from repo_tool.cli._lazy import LazyGroup
from repo_tool.errors import InvalidInput, RepoError, from_environment

if TYPE_CHECKING:  # the library is imported by the commands that use it, when they run
    from repo_tool.generate import Generated
    from repo_tool.repository import Repository
    from repo_tool.store.session import Progress

F = TypeVar("F", bound=Callable[..., Any])
EXIT_SKIPPED = 3


class _Group(LazyGroup):
    """The one error boundary: a RepoError becomes `error: <message>` and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except RepoError as exc:
            click.echo(f"error: {exc.message}", err=True)
            ctx.exit(exc.exit_code)
        except (OSError, sqlite3.Error) as exc:  # the machine failed, not the tool: say which
            problem = from_environment(exc)
            if problem is None:
                raise
            click.echo(f"error: {problem.message}", err=True)
            ctx.exit(problem.exit_code)
        except KeyboardInterrupt:
            click.echo("interrupted; nothing recorded after the last completed batch is lost "
                       "on disk, run the command again to finish", err=True)
            ctx.exit(130)


def repo_option(command: F) -> F:
    """`--repo PATH` on every command."""
    return click.option("--repo", "repo_path", type=click.Path(path_type=Path, file_okay=False),
                        default=None, help="The repository folder (default: the nearest folder "
                        "upward holding repo.yaml).")(command)


def by_option(command: F) -> F:
    """`--by NAME` on every command that changes the repository."""
    return click.option("--by", default=None, metavar="NAME",
                        help="Who is doing this, for the audit log (the OS user is always "
                        "recorded).")(command)


def json_option(command: F) -> F:
    return click.option("--json", "as_json", is_flag=True,
                        help="Print JSON for scripts instead of text.")(command)


def open_repo(repo_path: Path | None) -> Repository:
    from repo_tool.repository import Repository

    return Repository.open(repo_path)


def emit_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


@contextmanager
def progress_bar(label: str) -> Iterator[Progress | None]:
    """A progress bar on stderr when it is a terminal; nothing in pipes and CI."""
    if not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=1, label=label, file=sys.stderr,
                           item_show_func=lambda item: item) as bar:
        def update(done: int, total: int, item: str) -> None:
            bar.length = max(total, 1)
            bar.current_item = item[-40:] if item else None
            bar.update(done - bar.pos)

        yield update


def sqs_numbers(values: tuple[str, ...]) -> tuple[int, ...]:
    from repo_tool.sqs import standard

    numbers: list[int] = []
    for value in values:
        for part in value.replace(",", " ").split():
            try:
                number = int(part)
            except ValueError:
                raise InvalidInput(f"'{part}' is not an SQS number (1 to 16)") from None
            standard(number)  # raises for a number that is not an SQS
            if number not in numbers:
                numbers.append(number)
    return tuple(sorted(numbers))


def _help_width() -> int:
    """The width click gives help (the terminal's, at most 80, less 2, at least 50), found as
    `shutil.get_terminal_size` finds it, without importing shutil (and with it bz2 and lzma)
    for `--help`, which should start as fast as `--version`."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return max(min(columns if columns > 0 else 80, 80) - 2, 50)


@click.group(cls=_Group, lazy=COMMANDS,
             context_settings={"help_option_names": ["-h", "--help"],
                               "terminal_width": _help_width()})
@click.version_option(__version__, prog_name="repo-tool")
def cli() -> None:
    """Keep every version of each unit's policies and SQS evidence, and find them again."""


@cli.group(cls=LazyGroup, lazy=GENERATE)
def generate() -> None:
    """Make forms, notices and charts from the repository's data."""


def main() -> None:
    """Console entry point."""
    try:
        cli(prog_name="repo-tool")
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(1)


# -- options and dates shared by the record-keeping commands ----------------------------------

unit_option = click.option("--unit", "unit_code", required=True, help="The unit's code.")
as_of_option = click.option("--as-of", "as_of", default=None, metavar="DATE",
                            help="Judge as if today were DATE (YYYY-MM-DD).")


def optional_day(value: str | None, what: str) -> date | None:
    """A YYYY-MM-DD option's date, or None when it was not given."""
    from repo_tool.humanize import parse_day

    return parse_day(value, what) if value is not None else None


def as_of_day(value: str | None) -> date:
    """The day `--as-of` names, or today."""
    from repo_tool.humanize import parse_day

    return parse_day(value, "--as-of date") if value else date.today()


# -- state words and generated files, the same in every command ------------------------------

_COLOURS = {"overdue": "red", "not met": "red", "due soon": "yellow", "at risk": "yellow",
            "ok": "green", "met": "green", "on track": "green", "no evidence": "magenta",
            "never reviewed": "magenta", "no figures": "magenta", "changed": "cyan"}


def style(text: str, state: str) -> str:
    """`text` coloured for the state word `state` (click drops the colour in a pipe)."""
    return click.style(text, fg=_COLOURS.get(state), bold=state in ("overdue", "not met"))


_OUT_HELP = ("A folder, or a file name whose suffix each format replaces (default: "
             "records/UNIT/generated/, recorded as a new version there).")


def output_options(formats: tuple[str, ...] | None = None, *, out_help: str = _OUT_HELP,
                   pdf_help: str = "Also write a PDF (needs LibreOffice).",
                   with_pdf: tuple[str, ...] = ("docx", "pdf")) -> Callable[[F], F]:
    """`-o/--out`, `--force` and `--pdf` on a generate command (or, for a document made in
    several `formats`, `--format` listing them), handed to the command as one
    `output: Output`. Without --pdf or --format the generator makes its default formats;
    --pdf asks for `with_pdf`."""
    def decorate(command: F) -> F:
        @functools.wraps(command)
        def run(*args: Any, out: Path | None, force: bool, pdf: bool = False,
                format_list: str | None = None, **kwargs: Any) -> Any:
            from repo_tool.generate import Output

            chosen = with_pdf if pdf else None
            if format_list is not None:
                chosen = tuple(part.lower().lstrip(".") for part in
                               format_list.replace(" ", ",").split(",") if part.strip())
            return command(*args, output=Output(formats=chosen, out=out, force=force),
                           **kwargs)

        choice = click.option("--format", "format_list", default=",".join(formats),
                              show_default=True, help=f"Comma-separated: {', '.join(formats)}.") \
            if formats else click.option("--pdf", is_flag=True, help=pdf_help)
        for option in (choice,
                       click.option("--force", is_flag=True,
                                    help="Replace an existing file at --out."),
                       click.option("-o", "--out", type=click.Path(path_type=Path),
                                    default=None, help=out_help)):
            run = option(run)
        return cast(F, run)
    return decorate


def emit_generated(done: list[Generated], as_json: bool) -> None:
    """What a generator wrote: each file and the version it was recorded as, or JSON."""
    from repo_tool.cli.text import generated_json, generated_lines

    if as_json:
        emit_json(generated_json(done))
        return
    for line in generated_lines(done):
        click.echo(line)
