"""Notices from data: `generate org-chart`, `generate cctv-notice`, `roster check`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from repo_tool.cli._base import (
    F,
    by_option,
    cli,
    emit_generated,
    emit_json,
    generate,
    json_option,
    open_repo,
    repo_option,
)
from repo_tool.errors import InvalidInput
from repo_tool.repository import current_actor

_LANG = click.Choice(["zh", "en", "both"])


def _out_option(command: F) -> F:
    command = click.option("--force", is_flag=True, help="Replace existing files at --out.")(
        command)
    return click.option("-o", "--out", type=click.Path(path_type=Path), default=None,
                        help="A folder, or a file name whose suffix each format replaces "
                        "(default: records/UNIT/generated/).")(command)


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"'{value}' is not a date; use YYYY-MM-DD") from None


@generate.command("org-chart")
@click.option("--unit", "unit_code", required=True, help="The unit whose roster is charted.")
@click.option("--format", "formats", default="docx,svg,pdf", show_default=True,
              help="Comma-separated: docx, svg, pdf.")
@click.option("--lang", type=_LANG, default="zh", show_default=True,
              help="Post titles in Chinese, English or both.")
@click.option("--date", "day", default=None, metavar="YYYY-MM-DD",
              help="The date printed under the title (default: today).")
@_out_option
@repo_option
@by_option
@json_option
def org_chart(unit_code: str, formats: str, lang: str, day: str | None, out: Path | None,
              force: bool, repo_path: Path | None, by: str | None, as_json: bool) -> None:
    """The unit's organisation chart (SQS 4) from records/UNIT/staff.yaml or staff.csv."""
    from repo_tool.generate._files import parse_formats
    from repo_tool.generate.org_chart import FORMATS, generate_org_chart

    repo = open_repo(repo_path)
    chart = generate_org_chart(repo, unit_code, actor=current_actor(by),
                               formats=parse_formats(formats, FORMATS), lang=lang,
                               day=_date(day), out=out, force=force)
    sizes = [page.size for page in chart.pages]
    emit_generated(chart.files, as_json)
    if not as_json:
        pages = "1 page" if len(sizes) == 1 else f"{len(sizes)} pages (split by team)"
        click.echo(f"{len(chart.roster.posts)} posts from {chart.roster.path} on {pages}, "
                   f"box type {min(sizes):g} pt")


@generate.command("cctv-notice")
@click.option("--unit", "unit_code", required=True, help="The unit putting up the notice.")
@click.option("--phone", default=None, help="The enquiry number (default: the unit's phone "
              "in repo.yaml).")
@click.option("--lang", type=_LANG, default="both", show_default=True,
              help="Chinese, English or both.")
@click.option("--format", "formats", default="docx,pdf", show_default=True,
              help="Comma-separated: docx, pdf.")
@_out_option
@repo_option
@by_option
@json_option
def cctv_notice(unit_code: str, phone: str | None, lang: str, formats: str, out: Path | None,
                force: bool, repo_path: Path | None, by: str | None, as_json: bool) -> None:
    """The CCTV notice (SQS 14) in SWD's sample wording, A4 portrait, large type."""
    from repo_tool.generate._files import parse_formats
    from repo_tool.generate.cctv_notice import FORMATS, generate_cctv_notice

    repo = open_repo(repo_path)
    files = generate_cctv_notice(repo, unit_code, actor=current_actor(by), phone=phone,
                                 lang=lang, formats=parse_formats(formats, FORMATS), out=out,
                                 force=force)
    emit_generated(files, as_json)


@cli.group()
def roster() -> None:
    """Check a unit's staff roster (records/UNIT/staff.yaml or staff.csv)."""


@roster.command("check")
@click.option("--unit", "unit_code", required=True, help="The unit whose roster is checked.")
@repo_option
@json_option
def roster_check(unit_code: str, repo_path: Path | None, as_json: bool) -> None:
    """Validate the roster and summarise it; errors name the file, line and field."""
    from repo_tool.domain.roster import load_roster

    repo = open_repo(repo_path)
    repo.config.unit(unit_code)
    found = load_roster(repo.root, unit_code)
    subvented, other = found.totals()
    summary = {"roster": found.path, "posts": len(found.posts), "levels": found.depth(),
               "subvented": subvented, "non_subvented": other,
               "teams": sorted({p.team for p in found.posts if p.team})}
    if as_json:
        emit_json(summary)
        return
    click.echo(f"{found.path}: ok, {len(found.posts)} posts on {found.depth()} levels, "
               f"{subvented} subvented and {other} non-subvented")
