"""Statistics returns for SWD's SPMIS: `stats return`, `stats submit`, `stats returns`."""

from __future__ import annotations

from pathlib import Path

import click

from repo_tool.cli._base import (
    as_of_day,
    as_of_option,
    by_option,
    emit_json,
    json_option,
    open_repo,
    repo_option,
    unit_option,
)
from repo_tool.cli._performance import stats
from repo_tool.repository import current_actor

period_option = click.option("--period", required=True, metavar="PERIOD",
                             help="The return's period: 2025-26-Q3 (Oct-Dec 2025), 2025-26-H1 "
                             "or 2025-26.")
format_option = click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]),
                             default=None, help="csv (UTF-8 for Excel) or xlsx (default: the "
                             "suffix of -o, else csv).")


@stats.command("return")
@unit_option
@period_option
@click.option("-o", "--out", type=click.Path(path_type=Path), default=Path("."),
              show_default=True, help="A file, or a folder for `UNIT PERIOD return.csv`.")
@format_option
@click.option("--force", is_flag=True, help="Replace an existing file at -o.")
@as_of_option
@repo_option
@json_option
def stats_return(unit_code: str, period: str, out: Path, fmt: str | None, force: bool,
                 as_of: str | None, repo_path: Path | None, as_json: bool) -> None:
    """Check a period's statistics return and write it as CSV or .xlsx (nothing is recorded)."""
    from repo_tool.cli.text_returns import return_json, return_lines
    from repo_tool.domain.performance import make_return

    made = make_return(open_repo(repo_path), unit_code, period, out=out, fmt=fmt, force=force,
                       today=as_of_day(as_of))
    if as_json:
        emit_json(return_json(made.stats_return, str(made.path), made.format))
        return
    for line in return_lines(made.stats_return, str(made.path)):
        click.echo(line)


@stats.command("submit")
@unit_option
@period_option
@format_option
@as_of_option
@repo_option
@by_option
@json_option
def stats_submit(unit_code: str, period: str, fmt: str | None, as_of: str | None,
                 repo_path: Path | None, by: str | None, as_json: bool) -> None:
    """Keep the checked return as a version and log its submission (again after a change)."""
    from repo_tool.cli.text_returns import submission_json, submission_line
    from repo_tool.domain.performance import submit_return

    done = submit_return(open_repo(repo_path), unit_code, period, actor=current_actor(by),
                         fmt=fmt or "csv", today=as_of_day(as_of))
    if as_json:
        emit_json(submission_json(done))
        return
    click.echo(f"submitted {unit_code} {submission_line(done)}")


@stats.command("returns")
@unit_option
@as_of_option
@repo_option
@json_option
def stats_returns(unit_code: str, as_of: str | None, repo_path: Path | None,
                  as_json: bool) -> None:
    """The unit's return submissions, and the returns due or revised since submission."""
    from repo_tool.cli.text_returns import overview_json, overview_lines
    from repo_tool.domain.performance import returns_overview

    found = returns_overview(open_repo(repo_path), unit_code, as_of_day(as_of))
    if as_json:
        emit_json(overview_json(found))
        return
    for line in overview_lines(found):
        click.echo(line)
