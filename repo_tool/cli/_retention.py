"""Retention: `retention plan`, `retention apply` and `generate disposal-record`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from repo_tool.cli._base import (
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
)
from repo_tool.humanize import human_size, shown

if TYPE_CHECKING:
    from repo_tool.domain.retention import RetentionPlan
    from repo_tool.generate import Output


@cli.group()
def retention() -> None:
    """Retention schedules: plan which expired versions to dispose of, then apply the plan."""


def plan_lines(plan: RetentionPlan, written: Path | None) -> list[str]:
    """The plan by rule, each version with its size and the day its period ended."""
    lines = []
    for rule, entries in plan.by_rule().items():
        lines.append(f"{rule}: {len(entries)} version(s), "
                     f"{human_size(sum(e.size for e in entries))}")
        lines += [shown(f"  {e.path} v{e.version}  {human_size(e.size)}  expired {e.expires} "
                        f"({e.period} from {e.counted_from} {e.start})") for e in entries]
    for rule, count in plan.held:
        lines.append(f"{rule}: {count} version(s) past their period but on hold; kept")
    if not plan.entries:
        lines.append(f"nothing has passed its retention period on {plan.as_of}")
    else:
        lines.append(f"{len(plan.entries)} version(s), {human_size(plan.size)}, past retention "
                     f"on {plan.as_of}")
    if written is not None:
        lines.append(f"wrote the plan to {written}; after review, `repo-tool retention apply "
                     f"--plan {written} --by NAME --approved-by NAME`")
    return lines


@retention.command("plan")
@click.option("--unit", "unit_code", default=None, help="Only this unit's versions.")
@as_of_option
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write the plan file (JSON) for review and `retention apply`.")
@click.option("--force", is_flag=True, help="Overwrite the plan file if it exists.")
@repo_option
@json_option
def retention_plan(unit_code: str | None, as_of: str | None, output: Path | None, force: bool,
                   repo_path: Path | None, as_json: bool) -> None:
    """List every version whose retention period has ended, by rule, with sizes."""
    from repo_tool.domain.retention import plan_json, retention_plan, write_plan

    plan = retention_plan(open_repo(repo_path), optional_day(as_of, "--as-of date"), unit_code)
    if output is not None:
        write_plan(plan, output, overwrite=force)
    if as_json:
        emit_json(plan_json(plan))
        return
    for line in plan_lines(plan, output):
        click.echo(line)


@retention.command("apply")
@click.option("--plan", "plan_file", required=True,
              type=click.Path(path_type=Path, dir_okay=False),
              help="The reviewed plan file from `retention plan -o`.")
@click.option("--approved-by", "approved_by", required=True, metavar="NAME",
              help="Who approved the disposal (recorded on every tombstone).")
@as_of_option
@repo_option
@by_option
@json_option
def retention_apply(plan_file: Path, approved_by: str, as_of: str | None,
                    repo_path: Path | None, by: str | None, as_json: bool) -> None:
    """Dispose of exactly the versions in a reviewed plan file, after checking each again."""
    from repo_tool.domain.retention import apply_plan
    from repo_tool.repository import current_actor

    done = apply_plan(open_repo(repo_path), plan_file, current_actor(by), approved_by,
                      optional_day(as_of, "--as-of date"))
    if as_json:
        emit_json({"disposed": list(done.disposed), "already_disposed": list(done.already),
                   "bytes": done.bytes, "approved_by": done.approved_by,
                   "disposed_on": done.disposed_on.isoformat()})
        return
    for name in done.disposed:
        click.echo(shown(f"disposed of {name}"))
    if done.already:
        click.echo(f"{len(done.already)} version(s) of the plan were disposed of before")
    click.echo(f"disposed of {len(done.disposed)} version(s), {human_size(done.bytes)}, on "
               f"{done.disposed_on}, approved by {done.approved_by}; "
               "`repo-tool audit` lists them")


@generate.command("disposal-record")
@click.option("--unit", "unit_code", required=True, help="The unit's code.")
@click.option("--since", default=None, metavar="DATE",
              help="Only disposals from this date on (default: all).")
@output_options()
@repo_option
@by_option
@json_option
def disposal_record(unit_code: str, since: str | None, output: Output,
                    repo_path: Path | None, by: str | None, as_json: bool) -> None:
    """The record of the unit's disposed versions (SQS 14): what, when, rule, approver."""
    from repo_tool.generate.disposal_record import generate_disposal_record
    from repo_tool.repository import current_actor

    emit_generated(generate_disposal_record(open_repo(repo_path), unit_code,
                                            actor=current_actor(by), output=output,
                                            since=optional_day(since, "--since date")),
                   as_json)
