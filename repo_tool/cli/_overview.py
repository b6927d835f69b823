"""`repo-tool overview`: the head office's view of every unit, as a table, JSON or .xlsx."""

from __future__ import annotations

import textwrap
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from repo_tool.cli._base import (
    as_of_day,
    as_of_option,
    cli,
    emit_json,
    json_option,
    open_repo,
    repo_option,
    style,
)
from repo_tool.domain.overview import COLUMNS, FILTERS, UnitOverview

# (header, width, field or None, the state word its non-zero counts are coloured as)
_TABLE: tuple[tuple[str, int, str, str], ...] = (
    ("unit", 8, "unit", ""), ("ok", 3, "sqs_ok", ""), ("soon", 4, "sqs_due_soon", "due soon"),
    ("late", 4, "sqs_overdue", "overdue"), ("none", 4, "sqs_no_evidence", "no evidence"),
    ("rev", 3, "reviews_overdue", "overdue"), ("met", 3, "standards_met", ""),
    ("risk", 4, "standards_at_risk", "at risk"), ("not", 3, "standards_not_met", "not met"),
    ("pers", 4, "persistently_not_met", "not met"),
    ("ret", 3, "returns_not_submitted", "overdue"), ("plan", 4, "plans_overdue", "overdue"),
    ("pldg", 4, "pledges_flagged", "at risk"), ("last visit", 10, "last_visit", ""),
    ("SAR", 4, "sar_days", ""))
LEGEND = ("SQSs by state (status): ok, soon = due soon, late = overdue, none = no evidence; "
          "rev = reviews overdue; standards this financial year (stats show): met, risk = at "
          "risk, not = not met, pers = persistently not met; ret = returns not submitted; "
          "plan = plan items overdue; pldg = pledges flagged; SAR = days to the SAR deadline")


def _cell(row: UnitOverview, field: str, width: int, state: str) -> str:
    value = getattr(row, field)
    text = "-" if value is None else str(value)
    shown = text.ljust(width) if field in ("unit", "last_visit") else text.rjust(width)
    return style(shown, state) if state and value else shown


def table_lines(rows: list[UnitOverview]) -> list[str]:
    """Units as rows, under 100 columns; a legend after."""
    if not rows:
        return ["no units to show"]
    lines = ["  ".join(h.ljust(w) if f in ("unit", "last_visit") else h.rjust(w)
                       for h, w, f, _ in _TABLE).rstrip()]
    lines += ["  ".join(_cell(row, f, w, s) for _, w, f, s in _TABLE).rstrip() for row in rows]
    return [*lines, "", *textwrap.wrap(LEGEND, 96)]


def overview_json(rows: list[UnitOverview]) -> list[dict[str, Any]]:
    return [{**asdict(row), "attention": row.attention, "overdue": row.overdue} for row in rows]


@cli.command("overview")
@click.option("--unit", "units", multiple=True, metavar="CODE",
              help="Only these units (repeat the option for several).")
@click.option("--sort", "column", type=click.Choice(COLUMNS), default="unit",
              show_default=True, help="The column to sort by, worst first.")
@click.option("--only", "which", type=click.Choice(FILTERS), default="all", show_default=True,
              help="attention: units with anything to see to; overdue: with anything late.")
@as_of_option
@click.option("-o", "--out", type=click.Path(path_type=Path, dir_okay=False), default=None,
              metavar="FILE.xlsx", help="Also write the table as an Excel workbook.")
@click.option("--force", is_flag=True, help="Replace an existing file at -o.")
@repo_option
@json_option
def overview(units: tuple[str, ...], column: str, which: str, as_of: str | None,
             out: Path | None, force: bool, repo_path: Path | None, as_json: bool) -> None:
    """One row per unit: SQS readiness, reviews, standards, returns, plans, visits, the SAR."""
    from repo_tool.domain.overview import filter_rows, overview, sort_rows

    today = as_of_day(as_of)
    repo = open_repo(repo_path)
    rows = sort_rows(filter_rows(overview(repo, today, units or None), which), column)
    if out is not None:
        from repo_tool.generate.overview_xlsx import write_overview

        written = write_overview(rows, out, today, force)
        if not as_json:
            click.echo(f"wrote {written} ({len(rows)} units)")
    if as_json:
        emit_json(overview_json(rows))
        return
    if out is None:
        for line in table_lines(rows):
            click.echo(line)
