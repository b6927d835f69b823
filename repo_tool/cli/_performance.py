"""Performance standards: `stats record/import/show`, `plan add/list/done`, `generate sar`."""

from __future__ import annotations

from datetime import date
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
from repo_tool.humanize import parse_day
from repo_tool.repository import current_actor

year_option = click.option("--year", "year_text", default=None, metavar="YYYY",
                           help="The financial year, April to March: 2025 or 2025-26 is "
                           "1 April 2025 to 31 March 2026 (default: the current one).")


_today = as_of_day


@cli.group()
def stats() -> None:
    """Statistics for the unit's Output and Outcome Standards (and ESR judgements)."""


@stats.command("record")
@unit_option
@click.option("--standard", required=True, metavar="CODE", help="OS1, OC1, ESR1, ...")
@click.option("--period", required=True, metavar="PERIOD",
              help="2025-26-Q1 (Apr-Jun 2025), 2025-26-H2, or 2025-26 for a yearly figure.")
@click.option("--value", required=True, metavar="N", help="The figure (92.5 or 92.5%), or "
              "met / not-met for an ESR.")
@click.option("--note", default=None, help="Where the figure comes from, or a remark.")
@as_of_option
@repo_option
@by_option
@json_option
def stats_record(unit_code: str, standard: str, period: str, value: str, note: str | None,
                 as_of: str | None, repo_path: Path | None, by: str | None,
                 as_json: bool) -> None:
    """Enter one period's figure (entering it again keeps the old one as history)."""
    from repo_tool.domain.performance import describe, record_figure

    repo = open_repo(repo_path)
    entry = record_figure(repo, unit=unit_code, standard=standard, period=period, value=value,
                          note=note, actor=current_actor(by), today=_today(as_of))
    if as_json:
        emit_json({"unit": entry.unit, "standard": entry.standard.code,
                   "period": entry.period.code, "value": entry.value, "replaces": entry.replaces})
        return
    click.echo(f"recorded {describe(entry)}")


@stats.command("import")
@click.argument("csv_file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--unit", "unit_code", default=None,
              help="The unit, when the CSV has no `unit` column.")
@as_of_option
@repo_option
@by_option
@json_option
def stats_import(csv_file: Path, unit_code: str | None, as_of: str | None,
                 repo_path: Path | None, by: str | None, as_json: bool) -> None:
    """Enter every row of a CSV (unit,standard,period,value,note): all of them or none."""
    from repo_tool.domain.performance import describe, import_figures

    repo = open_repo(repo_path)
    entries = import_figures(repo, csv_file, unit=unit_code, actor=current_actor(by),
                             today=_today(as_of))
    if as_json:
        emit_json([{"unit": e.unit, "standard": e.standard.code, "period": e.period.code,
                    "value": e.value, "replaces": e.replaces} for e in entries])
        return
    for entry in entries:
        click.echo(f"recorded {describe(entry)}")
    click.echo(f"{len(entries)} figures imported from {csv_file.name}")


@stats.command("show")
@unit_option
@year_option
@as_of_option
@click.option("--charts", "charts", type=click.Path(path_type=Path, file_okay=False),
              default=None, metavar="FOLDER",
              help="Also write a trend chart per OS/OC there (CODE.svg and CODE.png).")
@repo_option
@json_option
def stats_show(unit_code: str, year_text: str | None, as_of: str | None, charts: Path | None,
               repo_path: Path | None, as_json: bool) -> None:
    """Each standard: agreed level, figures by period, the year so far, met / at risk / not met."""
    from repo_tool.cli.text_performance import report_json, report_lines
    from repo_tool.domain.isa import persistent
    from repo_tool.domain.performance import parse_year, year_label, year_report
    from repo_tool.generate.trend_chart import write_chart

    repo = open_repo(repo_path)
    year = parse_year(year_text) if year_text else None
    report = year_report(repo, unit_code, year, _today(as_of))
    written: list[Path] = []
    if charts is not None:
        for found in report.assessments:
            if not found.standard.is_esr and found.figures:
                written += write_chart(found, charts, f"{report.unit} {report.label} "
                                       f"{found.standard.code}")
    flagged = persistent(repo, unit_code, report.year, report.as_of)
    if as_json:
        emit_json({**report_json(report), "charts": [str(p) for p in written],
                   "persistently_not_met": [{"code": p.code, "years": [year_label(y)
                                                                       for y in p.years]}
                                            for p in flagged]})
        return
    for line in report_lines(report, style):
        click.echo(line)
    for flag in flagged:
        click.echo(style(flag.text, "not met"))
    for path in written:
        click.echo(f"wrote {path}")


@cli.group()
def plan() -> None:
    """Improvement plans for standards not met (action, method, deadline, owner, benefit)."""


@plan.command("add")
@unit_option
@click.option("--standard", required=True, metavar="CODE",
              help="The standard it answers: OS2, OC1, ESR3, or SQS14.")
@click.option("--action", required=True, help="What will be done (the action item).")
@click.option("--method", required=True, help="How it will be done.")
@click.option("--due", "due_text", required=True, metavar="DATE", help="The deadline.")
@click.option("--owner", required=True, metavar="NAME", help="The person responsible.")
@click.option("--benefit", required=True, help="The expected benefit.")
@repo_option
@by_option
@json_option
def plan_add(unit_code: str, standard: str, action: str, method: str, due_text: str,
             owner: str, benefit: str, repo_path: Path | None, by: str | None,
             as_json: bool) -> None:
    """Add an improvement plan item."""
    from repo_tool.cli.text_performance import plan_json
    from repo_tool.domain.performance import add_plan

    repo = open_repo(repo_path)
    item = add_plan(repo, unit=unit_code, standard=standard, action=action, method=method,
                    due=parse_day(due_text, "--due date"), owner=owner, benefit=benefit,
                    actor=current_actor(by))
    if as_json:
        emit_json(plan_json(item, date.today()))
        return
    click.echo(f"added plan item #{item.id} for {item.unit} {item.standard}, due {item.due}")


@plan.command("list")
@click.option("--unit", "unit_code", default=None, help="Only this unit.")
@click.option("--overdue", is_flag=True, help="Only items past their deadline and not done.")
@as_of_option
@repo_option
@json_option
def plan_list(unit_code: str | None, overdue: bool, as_of: str | None, repo_path: Path | None,
              as_json: bool) -> None:
    """The improvement plan items, by unit and deadline."""
    from repo_tool.cli.text_performance import plan_json, plan_lines
    from repo_tool.domain.performance import plans

    today = _today(as_of)
    repo = open_repo(repo_path)
    items = plans(repo, unit_code, overdue_on=today if overdue else None)
    if as_json:
        emit_json([plan_json(item, today) for item in items])
        return
    for line in plan_lines(items, today, style):
        click.echo(line)


@plan.command("done")
@click.argument("plan_id", type=int)
@click.option("--on", "on_text", default=None, metavar="DATE",
              help="The day it was done (default today).")
@click.option("--note", default=None, help="What was done.")
@repo_option
@by_option
@json_option
def plan_done(plan_id: int, on_text: str | None, note: str | None, repo_path: Path | None,
              by: str | None, as_json: bool) -> None:
    """Mark an improvement plan item done."""
    from repo_tool.cli.text_performance import plan_json
    from repo_tool.domain.performance import finish_plan

    repo = open_repo(repo_path)
    item = finish_plan(repo, plan_id, actor=current_actor(by),
                       on=parse_day(on_text, "--on date") if on_text else None, note=note)
    if as_json:
        emit_json(plan_json(item, date.today()))
        return
    click.echo(f"plan item #{item.id} ({item.unit} {item.standard}) done on {item.done_on}")


@generate.command("sar")
@unit_option
@click.option("--year", "year_text", required=True, metavar="YYYY",
              help="The financial year reported: 2025 or 2025-26 (April 2025 to March 2026).")
@click.option("--prepared-by", default=None, metavar="NAME", help="The unit in-charge.")
@click.option("--head", default=None, metavar="NAME", help="The agency head who approves.")
@click.option("--chair", default=None, metavar="NAME",
              help="The chairperson of the governing board.")
@as_of_option
@output_options()
@repo_option
@by_option
@json_option
def generate_sar_command(unit_code: str, year_text: str, prepared_by: str | None,
                         head: str | None, chair: str | None, as_of: str | None,
                         output: Output, repo_path: Path | None, by: str | None,
                         as_json: bool) -> None:
    """The Self Assessment Report: ESRs, SQSs, OS/OC results, improvement plan, signatures."""
    from repo_tool.domain.performance import parse_year
    from repo_tool.generate.sar import generate_sar

    emit_generated(generate_sar(open_repo(repo_path), unit_code, actor=current_actor(by),
                                output=output, year=parse_year(year_text), today=_today(as_of),
                                prepared_by=prepared_by, head=head, chair=chair), as_json)


# `stats return/submit/returns` live in their own module, on the `stats` group defined above;
# importing it here registers them whenever `stats` is loaded.
from repo_tool.cli import _returns  # noqa: E402, F401

if TYPE_CHECKING:  # for annotations; the command imports the library when it runs
    from repo_tool.generate import Output
