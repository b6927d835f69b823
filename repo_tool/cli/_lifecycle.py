"""The policy lifecycle: `approve`, `withdraw`, `ack`, `visit`, `changes`, and the sheets."""

from __future__ import annotations

from dataclasses import asdict
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
    unit_option,
)
from repo_tool.humanize import parse_day, shown
from repo_tool.repository import current_actor

if TYPE_CHECKING:  # for annotations; the command imports the library when it runs
    from repo_tool.generate import Output

_as_of = as_of_option
_unit = unit_option
_day = optional_day
_today = as_of_day


@cli.command()
@click.argument("path")
@click.option("--version", "-v", "number", type=int, default=None,
              help="The version approved (default: the latest).")
@click.option("--by", "by", required=True, metavar="NAME", help="Who approved it (the agency "
              "head); also recorded as who ran the command.")
@click.option("--role", required=True, help="The approver's role, e.g. 總幹事 Chief Executive.")
@click.option("--effective", required=True, metavar="DATE", help="In force from this date.")
@click.option("--date", "day", default=None, metavar="DATE", help="The approval date "
              "(default: today).")
@click.option("--note", default=None, help="A short note.")
@_as_of
@repo_option
@json_option
def approve(path: str, number: int | None, by: str, role: str, effective: str, day: str | None,
            note: str | None, as_of: str | None, repo_path: Path | None, as_json: bool) -> None:
    """Record the agency head's approval of a version of the policy PATH."""
    from repo_tool.domain.policies import approve as approve_policy

    repo = open_repo(repo_path)
    approval, state = approve_policy(
        repo, path, approver=by, role=role, effective_on=parse_day(effective, "effective date"),
        actor=current_actor(by), number=number, approved_on=_day(day, "approval date"),
        note=note, today=_today(as_of))
    if as_json:
        emit_json({"approval": asdict(approval), "state": state.state})
        return
    click.echo(f"approved {repo.catalog.document_by_id(approval.document_id).path} "
               f"v{approval.number} by {approval.approver} ({approval.role}) on "
               f"{approval.approved_on}, effective {approval.effective_on}: {state.label}")


@cli.command()
@click.argument("path")
@click.option("--by", "by", required=True, metavar="NAME", help="Who decided the withdrawal.")
@click.option("--role", default="", help="Their role.")
@click.option("--effective", required=True, metavar="DATE", help="No longer in force from "
              "this date.")
@click.option("--date", "day", default=None, metavar="DATE", help="The decision date "
              "(default: today).")
@click.option("--note", required=True, help="Why it is withdrawn.")
@_as_of
@repo_option
def withdraw(path: str, by: str, role: str, effective: str, day: str | None, note: str,
             as_of: str | None, repo_path: Path | None) -> None:
    """Record that the policy PATH is withdrawn from a date (its versions are kept)."""
    from repo_tool.domain.policies import withdraw as withdraw_policy

    repo = open_repo(repo_path)
    done = withdraw_policy(repo, path, by=by, role=role,
                           effective_on=parse_day(effective, "effective date"), note=note,
                           actor=current_actor(by), decided_on=_day(day, "decision date"),
                           today=_today(as_of))
    role = f" ({done.role})" if done.role else ""
    click.echo(f"withdrawn {repo.catalog.document_by_id(done.document_id).path} by "
               f"{done.withdrawn_by}{role}, effective {done.effective_on}")


# -- acknowledgements -----------------------------------------------------------------------


@cli.group()
def ack() -> None:
    """Staff read-and-understood records of the policies in force."""


@ack.command("record")
@_unit
@click.option("--staff", "staff_id", required=True, help="The staff id (from the roster).")
@click.option("--document", required=True, metavar="PATH", help="The policy read.")
@click.option("--version", "-v", "number", type=int, default=None,
              help="The version read (default: the one in force).")
@click.option("--date", "day", required=True, metavar="DATE", help="The date signed.")
@click.option("--by", default=None, metavar="NAME", help="Who records it, for the audit log.")
@_as_of
@repo_option
def ack_record(unit_code: str, staff_id: str, document: str, number: int | None, day: str,
               by: str | None, as_of: str | None, repo_path: Path | None) -> None:
    """Record that a staff member has read and understood a policy."""
    from repo_tool.domain.acks import record_ack

    repo = open_repo(repo_path)
    found, new = record_ack(repo, unit=unit_code, staff_id=staff_id, document=document,
                            day=parse_day(day, "date"), actor=current_actor(by), number=number,
                            today=_today(as_of))
    what = "recorded" if new else f"already recorded (signed {found.acknowledged_on})"
    click.echo(f"{what}: {found.staff_id} read {found.path} v{found.number}")


@ack.command("import")
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
@_unit
@click.option("--document", default=None, metavar="PATH", help="The policy, when the CSV "
              "has no document column.")
@click.option("--date", "day", default=None, metavar="DATE", help="The date, when the CSV "
              "has no date column.")
@click.option("--by", default=None, metavar="NAME", help="Who records it, for the audit log.")
@_as_of
@repo_option
def ack_import(source: Path, unit_code: str, document: str | None, day: str | None,
               by: str | None, as_of: str | None, repo_path: Path | None) -> None:
    """Record a signed attendance sheet from a CSV (staff, document, version, date): every
    row or, if one is wrong, none."""
    from repo_tool.domain.acks import import_acks

    repo = open_repo(repo_path)
    new, old = import_acks(repo, unit=unit_code, source=source, actor=current_actor(by),
                           document=document, day=_day(day, "date"), today=_today(as_of))
    click.echo(f"recorded {new} acknowledgement(s)" + (f"; {old} were already recorded"
                                                       if old else ""))


@ack.command("report")
@_unit
@click.option("--document", default=None, metavar="PATH", help="Only this policy.")
@click.option("--missing", "only_missing", is_flag=True, help="List only who has not signed.")
@_as_of
@repo_option
@json_option
def ack_report(unit_code: str, document: str | None, only_missing: bool, as_of: str | None,
               repo_path: Path | None, as_json: bool) -> None:
    """Who has and has not acknowledged the version of each policy in force."""
    from repo_tool.domain.acks import ack_report as report

    repo = open_repo(repo_path)
    found = report(repo, unit_code, document, _today(as_of))
    if as_json:
        emit_json([asdict(r) for r in found])
        return
    if not found:
        click.echo(f"no policy of unit '{unit_code}' or the head office is in force")
    for r in found:
        click.echo(click.style(f"{r.path} v{r.version} (in force since {r.effective_on}): "
                               f"{len(r.acknowledged)} of "
                               f"{len(r.acknowledged) + len(r.missing)} acknowledged",
                               bold=True))
        for person in [] if only_missing else r.acknowledged:
            click.echo(f"  signed   {person.staff_id:<10} {person.name}  "
                       f"{person.acknowledged_on}")
        for person in r.missing:
            click.echo(click.style(f"  missing  {person.staff_id:<10} {person.name}",
                                   fg="red"))


# -- visits and changes ---------------------------------------------------------------------


@cli.group()
def visit() -> None:
    """Assessment visits to a unit (the default start of `repo-tool changes`)."""


@visit.command("record")
@_unit
@click.option("--date", "day", required=True, metavar="DATE", help="The visit date.")
@click.option("--type", "kind", required=True,
              type=click.Choice(["review", "surprise", "new-service", "risk-based"]),
              help="The kind of visit.")
@click.option("--note", default=None, help="A short note.")
@click.option("--by", default=None, metavar="NAME", help="Who records it, for the audit log.")
@_as_of
@repo_option
def visit_record(unit_code: str, day: str, kind: str, note: str | None, by: str | None,
                 as_of: str | None, repo_path: Path | None) -> None:
    """Record an assessment visit."""
    from repo_tool.domain.changes import record_visit

    repo = open_repo(repo_path)
    done = record_visit(repo, unit_code, parse_day(day, "visit date"), kind, note,
                        current_actor(by), _today(as_of))
    click.echo(f"recorded the {done.type} visit to {done.unit} on {done.visited_on}")


@visit.command("list")
@click.option("--unit", "unit_code", default=None, help="Only this unit.")
@repo_option
@json_option
def visit_list(unit_code: str | None, repo_path: Path | None, as_json: bool) -> None:
    """List the visits recorded, oldest first."""
    from repo_tool.domain.changes import visits

    repo = open_repo(repo_path)
    found = visits(repo, unit_code)
    if as_json:
        emit_json([asdict(v) for v in found])
        return
    for v in found:
        click.echo(f"{v.visited_on}  {v.unit:<8} {v.type:<12} {v.note or ''}".rstrip())
    if not found:
        click.echo("no visits recorded")


def _change_json(change: Any) -> dict[str, Any]:
    return {**asdict(change), "diff_command": change.diff_command,
            "diff": {"path": change.path, "old": change.previous, "new": change.version}
            if change.diff_command else None}


_ALL_FILES = click.option(
    "--all", "everything", is_flag=True,
    help="List the tool's own files too: the papers it generated (records/UNIT/generated/) and "
         "the unit's staff.yaml, staff.csv and standards.yaml.")


@cli.command()
@_unit
@click.option("--since", default=None, metavar="DATE", help="From this date on (default: the "
              "unit's last visit).")
@_ALL_FILES
@_as_of
@repo_option
@json_option
def changes(unit_code: str, since: str | None, everything: bool, as_of: str | None,
            repo_path: Path | None, as_json: bool) -> None:
    """Every document added, revised, approved, withdrawn or deleted since a date."""
    from repo_tool.domain.changes import changes as find_changes

    repo = open_repo(repo_path)
    found = find_changes(repo, unit_code, _day(since, "--since date"), _today(as_of),
                         everything)
    if as_json:
        emit_json({"unit": found.unit, "since": found.since, "until": found.until,
                   "visit": asdict(found.visit) if found.visit else None,
                   "changes": [_change_json(c) for c in found.items],
                   "left_out": found.left_out})
        return
    start = (f" (the {found.visit.type} visit)" if found.visit else "")
    click.echo(f"{found.unit}: {len(found.items)} change(s) from {found.since}{start} to "
               f"{found.until}")
    for c in found.items:
        version = f"v{c.version}" if c.version else ""
        role = f" ({c.role})" if c.role else ""
        who = f" by {c.approver}{role}, effective {c.effective_on}" if c.approver else ""
        moved = f" ({c.note})" if c.kind == "moved" and c.note else ""
        click.echo(shown(f"{c.day}  {c.kind:<9} {c.path} {version}{who}{moved}".rstrip()))
        if c.diff_command:
            click.echo(f"            {c.diff_command}")
    if found.left_out:
        click.echo(f"({found.left_out} more change(s) to repo-tool's own files: the papers it "
                   "generated and the unit's staff.yaml, standards.yaml; add --all to list them)",
                   err=True)


# -- generated sheets -----------------------------------------------------------------------

@generate.command("ack-sheet")
@_unit
@click.option("--document", required=True, metavar="PATH", help="The policy to sign for.")
@click.option("--version", "-v", "number", type=int, default=None,
              help="The version (default: the one in force).")
@output_options()
@_as_of
@repo_option
@by_option
@json_option
def ack_sheet(unit_code: str, document: str, number: int | None, output: Output,
              as_of: str | None, repo_path: Path | None, by: str | None,
              as_json: bool) -> None:
    """A printable sign-off sheet: the unit's staff, the policy's title, version and date."""
    from repo_tool.generate.ack_sheet import generate_ack_sheet

    emit_generated(generate_ack_sheet(open_repo(repo_path), unit_code, actor=current_actor(by),
                                      output=output, document=document, number=number,
                                      today=_today(as_of)), as_json)


@generate.command("changes-report")
@_unit
@click.option("--since", default=None, metavar="DATE", help="From this date on (default: the "
              "unit's last visit).")
@_ALL_FILES
@output_options()
@_as_of
@repo_option
@by_option
@json_option
def changes_report(unit_code: str, since: str | None, everything: bool, output: Output,
                   as_of: str | None, repo_path: Path | None, by: str | None,
                   as_json: bool) -> None:
    """The changes since the last visit as a report for the visitors."""
    from repo_tool.generate.changes_report import generate_changes_report

    emit_generated(generate_changes_report(open_repo(repo_path), unit_code,
                                           actor=current_actor(by), output=output,
                                           since=_day(since, "--since date"),
                                           today=_today(as_of), everything=everything), as_json)
