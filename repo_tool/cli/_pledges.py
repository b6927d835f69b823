"""Performance pledges: `pledge list` and `generate pledge-notice` (results: `stats record`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from repo_tool.cli._base import (
    as_of_day,
    as_of_option,
    by_option,
    cli,
    emit_generated,
    emit_json,
    generate,
    json_option,
    open_repo,
    output_options,
    repo_option,
    style,
    unit_option,
)
from repo_tool.repository import current_actor

if TYPE_CHECKING:  # for annotations; the command imports the library when it runs
    from repo_tool.domain.pledges import PledgeReport
    from repo_tool.generate import Output


def pledge_lines(report: PledgeReport, flags: tuple[str, ...]) -> list[str]:
    """A header naming the file (and whether the pledges are the head office's), then each
    pledge with its latest result and verdict, then the flags."""
    pledges = report.pledges
    lines = [f"{report.name_zh} {report.name_en} ({report.unit}): {len(report.results)} "
             f"pledges from {pledges.source}, last reviewed {pledges.reviewed.isoformat()}"]
    for result in report.results:
        pledge = result.pledge
        lines.append(f"{pledge.code}  {pledge.target_zh} / {pledge.target_en}")
        if result.latest is None:
            latest = "no result yet"
        else:
            latest = (f"latest {result.latest.period.label}: {result.amount} against "
                      f"{pledge.standard.level_text}, "
                      + style(result.verdict, "not met" if result.verdict == "not met"
                              else "ok"))
        lines.append(f"     {pledge.published_en}; {latest}")
    lines += [style(flag, "due soon") for flag in flags]
    return lines


@cli.group()
def pledge() -> None:
    """Performance pledges (records/UNIT/pledges.yaml, or the head office's)."""


@pledge.command("list")
@unit_option
@as_of_option
@repo_option
@json_option
def pledge_list(unit_code: str, as_of: str | None, repo_path: Path | None,
                as_json: bool) -> None:
    """Each pledge with its target, its latest result and met / not met, then the flags."""
    from repo_tool.domain.pledges import pledge_flags, pledge_report, report_json

    repo = open_repo(repo_path)
    today = as_of_day(as_of)
    report = pledge_report(repo, unit_code, today)
    flags = pledge_flags(repo, unit_code, today)
    if as_json:
        emit_json(report_json(report, flags))
        return
    for line in pledge_lines(report, flags):
        click.echo(line)


@generate.command("pledge-notice")
@unit_option
@as_of_option
@output_options(("docx", "pdf", "html"))
@repo_option
@by_option
@json_option
def pledge_notice(unit_code: str, as_of: str | None, output: Output, repo_path: Path | None,
                  by: str | None, as_json: bool) -> None:
    """The pledge notice (服務承諾 Performance Pledges): A4 .docx and .pdf, and a web page."""
    from repo_tool.generate.pledge_notice import generate_pledge_notice

    emit_generated(generate_pledge_notice(open_repo(repo_path), unit_code,
                                          actor=current_actor(by), output=output,
                                          today=as_of_day(as_of)), as_json)
