"""Notices from data: `generate org-chart`, `generate cctv-notice`, `roster check`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from repo_tool.cli._base import (
    by_option,
    cli,
    emit_generated,
    emit_json,
    generate,
    json_option,
    open_repo,
    optional_day,
    output_options,
    repo_option,
    unit_option,
)
from repo_tool.repository import current_actor

if TYPE_CHECKING:  # for annotations; the command imports the library when it runs
    from repo_tool.generate import Output

_LANG = click.Choice(["zh", "en", "both"])


@generate.command("org-chart")
@unit_option
@click.option("--lang", type=_LANG, default="zh", show_default=True,
              help="Post titles in Chinese, English or both.")
@click.option("--date", "day", default=None, metavar="YYYY-MM-DD",
              help="The date printed under the title (default: today).")
@output_options(("docx", "svg", "pdf"))
@repo_option
@by_option
@json_option
def org_chart(unit_code: str, lang: str, day: str | None, output: Output,
              repo_path: Path | None, by: str | None, as_json: bool) -> None:
    """The unit's organisation chart (SQS 4) from records/UNIT/staff.yaml or staff.csv."""
    from repo_tool.generate.org_chart import generate_org_chart

    emit_generated(generate_org_chart(open_repo(repo_path), unit_code, actor=current_actor(by),
                                      output=output, lang=lang,
                                      day=optional_day(day, "date")), as_json)


@generate.command("cctv-notice")
@unit_option
@click.option("--phone", default=None, help="The enquiry number (default: the unit's phone "
              "in repo.yaml).")
@click.option("--lang", type=_LANG, default="both", show_default=True,
              help="Chinese, English or both.")
@output_options(("docx", "pdf"))
@repo_option
@by_option
@json_option
def cctv_notice(unit_code: str, phone: str | None, lang: str, output: Output,
                repo_path: Path | None, by: str | None, as_json: bool) -> None:
    """The CCTV notice (SQS 14) in SWD's sample wording, A4 portrait, large type."""
    from repo_tool.generate.cctv_notice import generate_cctv_notice

    emit_generated(generate_cctv_notice(open_repo(repo_path), unit_code,
                                        actor=current_actor(by), output=output, phone=phone,
                                        lang=lang), as_json)


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
