"""SQS 2: `review record/due/list`, `amend`, `status`, `generate form-2.01/form-2.02`."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    optional_day,
    output_options,
    repo_option,
    style,
    unit_option,
)
from repo_tool.domain.due import DEFAULT_HORIZON, next_window, parse_duration
from repo_tool.errors import InvalidInput
from repo_tool.humanize import parse_day
from repo_tool.repository import current_actor
from repo_tool.sqs import standard

if TYPE_CHECKING:  # for annotations; the command imports the library when it runs
    from repo_tool.generate import Output


def _sqs(value: str) -> int:
    try:
        number = int(value.strip())
    except ValueError:
        raise InvalidInput(f"'{value}' is not an SQS number (1 to 16)") from None
    return standard(number).number


_day = optional_day


def _required_day(value: str, what: str) -> date:
    return parse_day(value, what)


_as_of = as_of_day


sqs_option = click.option("--sqs", "sqs_value", required=True, metavar="N",
                          help="The SQS number (1-16).")
within_option = click.option("--within", default=str(DEFAULT_HORIZON), show_default=True,
                             metavar="DURATION", help="Due soon: the window opens within this "
                             "long (90d, 6w, 3m, 1y).")


@cli.group()
def review() -> None:
    """The SQS 2 review log: record reviews, see what is due, list them."""


@review.command("record")
@unit_option
@sqs_option
@click.option("--document", default=None, metavar="PATH", help="The document reviewed "
              "(default: every current policy the unit files under the SQS).")
@click.option("--by", "by", required=True, metavar="NAME", help="Who reviewed it (printed as "
              "responsible staff on form 2.01).")
@click.option("--date", "day", required=True, metavar="DATE", help="The review date "
              "(YYYY-MM-DD).")
@click.option("--outcome", type=click.Choice(["no-change", "amended"]), required=True,
              help="Whether the review changed the policy.")
@click.option("--note", default=None, help="A short note.")
@repo_option
def review_record(unit_code: str, sqs_value: str, document: str | None, by: str, day: str,
                  outcome: str, note: str | None, repo_path: Path | None) -> None:
    """Record a review of one SQS's policies in a unit."""
    from repo_tool.cli.text_reviews import review_recorded_lines
    from repo_tool.domain.reviews import record_review

    repo = open_repo(repo_path)
    done = record_review(repo, unit=unit_code, sqs=_sqs(sqs_value),
                         reviewed_on=_required_day(day, "review date"), reviewer=by,
                         outcome=outcome, note=note, document=document,
                         actor=current_actor(by))
    for line in review_recorded_lines(done, next_window(repo.config.review_cycle,
                                                        done.reviewed_on)):
        click.echo(line)


@review.command("due")
@click.option("--unit", "unit_code", default=None, help="Only this unit.")
@within_option
@as_of_option
@click.option("--all", "everything", is_flag=True, help="List every reviewed SQS, ok too.")
@repo_option
@json_option
def review_due(unit_code: str | None, within: str, as_of: str | None, everything: bool,
               repo_path: Path | None, as_json: bool) -> None:
    """What is overdue or falls due, per unit and SQS, and policies changed since review."""
    from repo_tool.cli.text_reviews import due_lines
    from repo_tool.domain.reviews import due

    horizon = parse_duration(within)
    today = _as_of(as_of)
    repo = open_repo(repo_path)
    items = due(repo, unit_code, today, horizon)
    if as_json:
        emit_json([asdict(i) for i in items if everything or i.needs_attention])
        return
    for line in due_lines(items, today, horizon.words, style, everything):
        click.echo(line)


@review.command("list")
@click.option("--unit", "unit_code", default=None, help="Only this unit.")
@click.option("--sqs", "sqs_value", default=None, metavar="N", help="Only this SQS.")
@click.option("--from", "since", default=None, metavar="DATE", help="From this date on.")
@click.option("--to", "until", default=None, metavar="DATE", help="Up to this date.")
@click.option("--amendments", is_flag=True, help="List the amendments (form 2.02 rows) "
              "instead of the reviews.")
@repo_option
@json_option
def review_list(unit_code: str | None, sqs_value: str | None, since: str | None,
                until: str | None, amendments: bool, repo_path: Path | None,
                as_json: bool) -> None:
    """List the review log (or the amendment log), oldest first."""
    from repo_tool.cli.text_reviews import amendment_lines, review_lines
    from repo_tool.domain.reviews import Filters
    from repo_tool.domain.reviews import amendments as amendment_log
    from repo_tool.domain.reviews import reviews as review_log

    filters = Filters(unit=unit_code, sqs=_sqs(sqs_value) if sqs_value else None,
                      since=_day(since, "--from date"), until=_day(until, "--to date"))
    repo = open_repo(repo_path)
    rows: list[Any] = amendment_log(repo, filters) if amendments else review_log(repo, filters)
    if as_json:
        emit_json([asdict(row) for row in rows])
        return
    for line in amendment_lines(rows) if amendments else review_lines(rows):
        click.echo(line)


@cli.command()
@unit_option
@sqs_option
@click.option("--clause", required=True, help="The clause amended.")
@click.option("--reason", required=True, help="Why it was amended.")
@click.option("--new-content", required=True, help="What it says now (in brief).")
@click.option("--updated", required=True, metavar="DATE", help="Date updated (YYYY-MM-DD).")
@click.option("--released", required=True, metavar="DATE", help="Date released (YYYY-MM-DD).")
@click.option("--by", "by", required=True, metavar="NAME", help="The responsible staff member.")
@click.option("--document", default=None, metavar="PATH", help="The policy amended (default: "
              "the unit's current policies of the SQS).")
@click.option("--next-review", default=None, metavar="DATE", help="The next review date on "
              "form 2.02 (default: the SQS's next review deadline).")
@repo_option
def amend(unit_code: str, sqs_value: str, clause: str, reason: str, new_content: str,
          updated: str, released: str, by: str, document: str | None, next_review: str | None,
          repo_path: Path | None) -> None:
    """Record an amendment between full reviews (a row of form 2.02)."""
    from repo_tool.cli.text_reviews import amendment_recorded_lines
    from repo_tool.domain.reviews import record_amendment

    repo = open_repo(repo_path)
    done = record_amendment(
        repo, unit=unit_code, sqs=_sqs(sqs_value), clause=clause, reason=reason,
        new_content=new_content, updated_on=_required_day(updated, "date updated"),
        released_on=_required_day(released, "date released"), responsible=by,
        document=document, next_review=_day(next_review, "next review date"),
        actor=current_actor(by))
    for line in amendment_recorded_lines(done):
        click.echo(line)


@cli.command()
@click.option("--unit", "unit_code", default=None, help="Only this unit.")
@within_option
@as_of_option
@repo_option
@json_option
def status(unit_code: str | None, within: str, as_of: str | None, repo_path: Path | None,
           as_json: bool) -> None:
    """Readiness per SQS: documents, last change, last review, next due, state and gaps."""
    from repo_tool.cli.text_reviews import status_lines
    from repo_tool.domain.status import status as unit_status

    horizon = parse_duration(within)
    today = _as_of(as_of)
    repo = open_repo(repo_path)
    found = unit_status(repo, unit_code, today, horizon)
    ocr_problem = repo.ocr_problem()
    if as_json:
        from repo_tool.domain.json_shapes import status_json

        emit_json(status_json(found))
        if ocr_problem:
            click.echo(f"note: {ocr_problem}", err=True)
        return
    for line in status_lines(found, style):
        click.echo(line)
    if ocr_problem:
        click.echo(ocr_problem)


# -- forms ----------------------------------------------------------------------------------

head_option = click.option("--head", default=None, metavar="NAME",
                           help="The agency head who signs the form.")


@generate.command("form-2.01")
@unit_option
@click.option("--cycle", "cycle_year", default=None, type=int, metavar="YYYY",
              help="The year the review window opened (2023 for the 2023-24 review); "
                   "default: the latest cycle with a review, else the blank checklist of the "
                   "window open now or next.")
@click.option("--led-by", default=None, metavar="NAME", help="Who led the review.")
@head_option
@click.option("--signed", default=None, metavar="DATE", help="The sign-off date.")
@output_options()
@repo_option
@by_option
@json_option
def form_201(unit_code: str, cycle_year: int | None, led_by: str | None, head: str | None,
             signed: str | None, output: Output, repo_path: Path | None, by: str | None,
             as_json: bool) -> None:
    """Form 2.01: the review checklist of all 16 SQSs for one cycle (blank when the cycle has
    no review yet)."""
    from repo_tool.generate.sqs2_forms import generate_form_201

    emit_generated(generate_form_201(open_repo(repo_path), unit_code, actor=current_actor(by),
                                     output=output, cycle_year=cycle_year, led_by=led_by,
                                     head=head, signed_on=_day(signed, "--signed date")),
                   as_json)


@generate.command("form-2.02")
@unit_option
@click.option("--from", "since", default=None, metavar="DATE",
              help="Amendments updated on or after DATE.")
@click.option("--to", "until", default=None, metavar="DATE",
              help="Amendments updated on or before DATE.")
@head_option
@click.option("--approved", default=None, metavar="DATE", help="The approval date.")
@output_options()
@repo_option
@by_option
@json_option
def form_202(unit_code: str, since: str | None, until: str | None, head: str | None,
             approved: str | None, output: Output, repo_path: Path | None, by: str | None,
             as_json: bool) -> None:
    """Form 2.02: the amendment record of one unit."""
    from repo_tool.generate.sqs2_forms import generate_form_202

    emit_generated(generate_form_202(open_repo(repo_path), unit_code, actor=current_actor(by),
                                     output=output, since=_day(since, "--from date"),
                                     until=_day(until, "--to date"), head=head,
                                     approved_on=_day(approved, "--approved date")), as_json)
