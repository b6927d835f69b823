"""The internal service audit: `isa start/find/plan/list/show` and `generate isa-report`.

(`audit` is the audit log; the yearly 內部服務審查 is `isa`.)
"""

from __future__ import annotations

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
    output_options,
    repo_option,
    style,
    unit_option,
)
from repo_tool.humanize import parse_day
from repo_tool.repository import current_actor

if TYPE_CHECKING:  # for annotations; the command imports the library when it runs
    from repo_tool.generate import Output

year_option = click.option("--year", "year_text", required=True, metavar="YYYY",
                           help="The financial year audited: 2025 or 2025-26 (April 2025 to "
                           "March 2026).")
_STATE = {"met": "ok", "partly": "due soon", "not-met": "not met", "n/a": "ok"}


def _year(text: str) -> int:
    from repo_tool.domain.performance import parse_year

    return parse_year(text)


def _audit_json(found: Any, *, detail: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "unit": found.row.unit, "year": found.label, "auditor": found.row.auditor,
        "started_on": found.row.started_on, "done": found.done, "total": found.total,
        "counts": dict(found.counts()), "checklist": list(found.checklist.sources),
        "report": None if found.report is None else {
            "path": found.report.path, "version": found.report.version,
            "approved": found.report.approved,
            "approvals": [{"approver": a.approver, "role": a.role, "on": a.approved_on}
                          for a in found.report.approvals]}}
    if detail:
        by_id = found.by_criterion
        out["criteria"] = [{
            "id": c.id, "sqs": c.sqs, "zh": c.zh, "en": c.en,
            "result": by_id[c.id].result if c.id in by_id else None,
            "evidence": [e.label for e in by_id[c.id].evidence] if c.id in by_id else [],
            "observation": by_id[c.id].observation if c.id in by_id else None,
            "recommendation": by_id[c.id].recommendation if c.id in by_id else None,
            "found_on": by_id[c.id].found_on if c.id in by_id else None,
        } for c in found.checklist.criteria]
        out["plans"] = [{"id": item.id, "criterion": criterion, "standard": item.standard,
                         "action": item.action, "due": item.due, "done_on": item.done_on}
                        for item, criterion in found.plans]
    return out


def _summary_line(found: Any) -> str:
    counts = found.counts()
    report = "no report yet" if found.report is None else (
        f"report {found.report.path} v{found.report.version} "
        + ("approved" if found.report.approved else "not approved"))
    return (f"{found.row.unit} {found.label}  auditor {found.row.auditor}, started "
            f"{found.row.started_on}: {found.progress} ({counts['met']} met, "
            f"{counts['partly']} partly, {counts['not-met']} not met, {counts['n/a']} n/a); "
            f"{report}")


@cli.group()
def isa() -> None:
    """The internal service audit (內部服務審查) of a unit for a financial year."""


@isa.command("start")
@unit_option
@year_option
@click.option("--auditor", required=True, metavar="NAME", help="Who carries out the audit.")
@as_of_option
@repo_option
@by_option
@json_option
def isa_start(unit_code: str, year_text: str, auditor: str, as_of: str | None,
              repo_path: Path | None, by: str | None, as_json: bool) -> None:
    """Start the audit of a unit for a year, against the checklist."""
    from repo_tool.domain.isa import start_audit

    found = start_audit(open_repo(repo_path), unit=unit_code, year=_year(year_text),
                        auditor=auditor, actor=current_actor(by), today=as_of_day(as_of))
    if as_json:
        emit_json(_audit_json(found, detail=False))
        return
    click.echo(f"started the {found.label} internal service audit of {found.row.unit} by "
               f"{found.row.auditor}: {found.total} criteria to judge "
               f"({'; '.join(found.checklist.sources)})")


@isa.command("find")
@unit_option
@year_option
@click.option("--criterion", required=True, metavar="ID", help="The checklist criterion, "
              "e.g. 14.1.")
@click.option("--result", required=True, metavar="met|partly|not-met|n/a",
              help="The finding.")
@click.option("--evidence", multiple=True, metavar="PATH[@vN]", help="A document version "
              "current during the year (default: the version current at the year's end); "
              "repeat for more.")
@click.option("--observation", default=None, help="What the auditor observed.")
@click.option("--recommendation", default=None, help="What the unit should do.")
@as_of_option
@repo_option
@by_option
@json_option
def isa_find(unit_code: str, year_text: str, criterion: str, result: str,
             evidence: tuple[str, ...], observation: str | None, recommendation: str | None,
             as_of: str | None, repo_path: Path | None, by: str | None,
             as_json: bool) -> None:
    """Record the finding for one criterion (again: the newest counts)."""
    from repo_tool.domain.isa import RESULT_TEXT, record_finding

    found, finding = record_finding(
        open_repo(repo_path), unit=unit_code, year=_year(year_text), criterion=criterion,
        result=result, evidence=evidence, observation=observation,
        recommendation=recommendation, actor=current_actor(by), today=as_of_day(as_of))
    if as_json:
        emit_json({"criterion": finding.criterion, "result": finding.result,
                   "evidence": [e.label for e in finding.evidence], "done": found.done,
                   "total": found.total})
        return
    cited = ", ".join(e.label for e in finding.evidence) or "no evidence"
    click.echo(f"{finding.criterion}: {style(RESULT_TEXT[finding.result], _STATE[finding.result])}"
               f" ({cited}); {found.progress}")


@isa.command("plan")
@unit_option
@year_option
@click.option("--criterion", required=True, metavar="ID",
              help="A criterion judged not-met or partly.")
@click.option("--action", default=None, help="What will be done (default: the finding's "
              "recommendation).")
@click.option("--method", required=True, help="How it will be done.")
@click.option("--due", "due_text", required=True, metavar="DATE", help="The deadline.")
@click.option("--owner", required=True, metavar="NAME", help="The person responsible.")
@click.option("--benefit", required=True, help="The expected benefit.")
@repo_option
@by_option
@json_option
def isa_plan(unit_code: str, year_text: str, criterion: str, action: str | None, method: str,
             due_text: str, owner: str, benefit: str, repo_path: Path | None, by: str | None,
             as_json: bool) -> None:
    """Raise an improvement plan item (as `plan add`) for a finding not met or partly met."""
    from datetime import date

    from repo_tool.cli.text_performance import plan_json
    from repo_tool.domain.isa import raise_plan

    item = raise_plan(open_repo(repo_path), unit=unit_code, year=_year(year_text),
                      criterion=criterion, action=action, method=method,
                      due=parse_day(due_text, "--due date"), owner=owner, benefit=benefit,
                      actor=current_actor(by))
    if as_json:
        emit_json(plan_json(item, date.today()))
        return
    click.echo(f"added plan item #{item.id} for {item.unit} {item.standard} (criterion "
               f"{criterion.strip()}), due {item.due}")


@isa.command("list")
@click.option("--unit", "unit_code", default=None, help="Only this unit.")
@repo_option
@json_option
def isa_list(unit_code: str | None, repo_path: Path | None, as_json: bool) -> None:
    """Every audit with its progress and whether its report is approved."""
    from repo_tool.domain.isa import audits

    found = audits(open_repo(repo_path), unit_code)
    if as_json:
        emit_json([_audit_json(a, detail=False) for a in found])
        return
    if not found:
        click.echo("no internal service audits yet; start one with `repo-tool isa start`")
    for item in found:
        click.echo(_summary_line(item))


@isa.command("show")
@unit_option
@year_option
@repo_option
@json_option
def isa_show(unit_code: str, year_text: str, repo_path: Path | None, as_json: bool) -> None:
    """One audit: each criterion with its result, evidence and notes, and the plan items."""
    from repo_tool.domain.isa import RESULT_TEXT, audit

    found = audit(open_repo(repo_path), unit_code, _year(year_text))
    if as_json:
        emit_json(_audit_json(found, detail=True))
        return
    click.echo(_summary_line(found))
    by_id = found.by_criterion
    sqs = 0
    for criterion in found.checklist.criteria:
        if criterion.sqs != sqs:
            sqs = criterion.sqs
            click.echo(f"SQS {sqs}")
        finding = by_id.get(criterion.id)
        result = style(RESULT_TEXT[finding.result], _STATE[finding.result]) if finding \
            else "not yet judged"
        click.echo(f"  {criterion.id:<6}{result}  {criterion.zh} {criterion.en}")
        if finding:
            for evidence in finding.evidence:
                click.echo(f"        evidence: {evidence.label}")
            for label, text in (("observation", finding.observation),
                                ("recommendation", finding.recommendation)):
                if text:
                    click.echo(f"        {label}: {text}")
    for item, raised_for in found.plans:
        click.echo(f"plan #{item.id} ({raised_for}, {item.standard}): {item.action} "
                   f"(due {item.due})")


@generate.command("isa-report")
@unit_option
@year_option
@click.option("--head", default=None, metavar="NAME", help="The agency head who approves.")
@click.option("--chair", default=None, metavar="NAME",
              help="The chairperson of the governing board, who approves.")
@as_of_option
@output_options()
@repo_option
@by_option
@json_option
def generate_isa_report_command(unit_code: str, year_text: str, head: str | None,
                                chair: str | None, as_of: str | None, output: Output,
                                repo_path: Path | None, by: str | None,
                                as_json: bool) -> None:
    """The internal service audit report: scope, findings, summary, plan items, approval."""
    from repo_tool.generate.isa_report import generate_isa_report

    emit_generated(generate_isa_report(open_repo(repo_path), unit_code,
                                       actor=current_actor(by), output=output,
                                       year=_year(year_text), today=as_of_day(as_of),
                                       head=head, chair=chair), as_json)
