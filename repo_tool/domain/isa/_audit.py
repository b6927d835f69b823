"""An internal service audit of a unit for a financial year: start, findings, plan items.

Seed 000: since 2022-23 an agency audits every unit yearly and the Self Assessment Report
includes the audit report approved by the agency head and the chairperson. An audit judges each
checklist criterion met, partly, not met or n/a, citing as evidence document versions that were
current during the audited year: recorded on or before the year's last day and not replaced by
a newer version before its first. A finding not (fully) met can raise an improvement plan item
(the same items as `plan add`, answering `SQS14`), linked to the criterion.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from repo_tool.domain.head_office import HEAD_OFFICE
from repo_tool.domain.isa._checklist import Checklist, Criterion, load_checklist
from repo_tool.domain.performance import year_end, year_label, year_start
from repo_tool.errors import Conflict, InvalidInput, NotFound
from repo_tool.models import Actor, Approval, Version
from repo_tool.repository import Repository
from repo_tool.store.isa_log import AuditRow, FindingRow
from repo_tool.store.performance import PlanItem
from repo_tool.store.session import now

RESULTS = ("met", "partly", "not-met", "n/a")
RESULT_TEXT = {"met": "符合 met", "partly": "部分符合 partly met", "not-met": "未符合 not met",
               "n/a": "不適用 n/a"}
_RESULT_ALIASES = {"met": "met", "partly": "partly", "partly-met": "partly",
                   "not-met": "not-met", "notmet": "not-met", "not met": "not-met",
                   "n/a": "n/a", "na": "n/a", "not-applicable": "n/a"}
_EVIDENCE = re.compile(r"^(.*?)(?:@v?(\d+))?$")
REPORT_STEM = "ISA"  # records/<unit>/generated/ISA 2025-26.docx


@dataclass(frozen=True)
class ReportState:
    """The generated audit report and the approvals of its latest version."""

    path: str
    version: int
    approvals: tuple[Approval, ...]

    @property
    def approved(self) -> bool:
        return bool(self.approvals)

    @property
    def approvers(self) -> str:
        return "; ".join(f"{a.approver} ({a.role}) {a.approved_on}" for a in self.approvals)


@dataclass(frozen=True)
class Audit:
    """An audit with its checklist, the newest finding per criterion and its plan items."""

    row: AuditRow
    name_zh: str
    name_en: str
    checklist: Checklist
    findings: tuple[FindingRow, ...]
    plans: tuple[tuple[PlanItem, str], ...]  # (item, criterion)
    report: ReportState | None

    @property
    def label(self) -> str:
        return year_label(self.row.year)

    @property
    def by_criterion(self) -> dict[str, FindingRow]:
        return {f.criterion: f for f in self.findings}

    @property
    def done(self) -> int:
        ids = {c.id for c in self.checklist.criteria}
        return sum(1 for f in self.findings if f.criterion in ids)

    @property
    def total(self) -> int:
        return len(self.checklist.criteria)

    @property
    def progress(self) -> str:
        return f"{self.done} of {self.total} criteria done"

    def counts(self, sqs: int | None = None) -> Counter[str]:
        """Results counted (of one SQS or all)."""
        return Counter(f.result for f in self.findings if sqs is None or f.sqs == sqs)

    def not_met_sqs(self) -> list[int]:
        return sorted({f.sqs for f in self.findings if f.result == "not-met"})


def parse_result(text: str) -> str:
    result = _RESULT_ALIASES.get(text.strip().lower())
    if result is None:
        raise InvalidInput(f"'{text}' is not a result; use met, partly, not-met or n/a")
    return result


def _text(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def _recorded_day(version: Version) -> date:
    return date.fromisoformat(version.recorded_at[:10])


def evidence_version(repo: Repository, unit: str, year: int, given: str) -> Version:
    """The version `PATH[@vN]` names, checked current during the year (see the module notes);
    without `@vN`, the version current at the year's end."""
    match = _EVIDENCE.match(given.strip())
    assert match is not None
    path, number = match.group(1), match.group(2)
    document = repo.document(path)
    if document.unit not in (unit, HEAD_OFFICE):
        raise InvalidInput(f"evidence {document.path} belongs to unit '{document.unit}', not "
                           f"'{unit}' or the head office")
    versions = repo.catalog.versions(document.id)
    start, end, label = year_start(year), year_end(year), year_label(year)
    if number is None:
        by_end = [v for v in versions if _recorded_day(v) <= end]
        if not by_end:
            raise InvalidInput(f"evidence {document.path} was first recorded on "
                               f"{_recorded_day(versions[0])}, after {label} ended ({end})")
        return by_end[-1]
    version = repo.version(document, int(number))
    recorded = _recorded_day(version)
    if recorded > end:
        raise InvalidInput(f"evidence {document.path} v{version.number} was recorded on "
                           f"{recorded}, after {label} ended ({end}); cite a version current "
                           "during the year")
    later = [v for v in versions if v.number > version.number]
    if later and _recorded_day(later[0]) < start:
        raise InvalidInput(f"evidence {document.path} v{version.number} was replaced by "
                           f"v{later[0].number} on {_recorded_day(later[0])}, before {label} "
                           f"began ({start}); cite a version current during the year")
    return version


def _audit_row(repo: Repository, unit: str, year: int) -> AuditRow:
    repo.config.unit(unit)
    row = repo.catalog.isa.audit(unit, year)
    if row is None:
        raise NotFound(f"unit '{unit}' has no internal service audit of {year_label(year)}; "
                       f"start it with `repo-tool isa start --unit {unit} --year {year} "
                       "--auditor NAME`")
    return row


def start_audit(repo: Repository, *, unit: str, year: int, auditor: str, actor: Actor,
                today: date | None = None) -> Audit:
    """Open the audit of a unit for a financial year (one per unit and year)."""
    repo.config.unit(unit)
    name = _text(auditor)
    if name is None:
        raise InvalidInput("--auditor is empty; name who carries out the audit")
    checklist = load_checklist(repo.root, unit)
    if repo.catalog.isa.audit(unit, year) is not None:
        raise Conflict(f"the {year_label(year)} audit of unit '{unit}' is already started; see "
                       f"`repo-tool isa show --unit {unit} --year {year}`")
    on = today or date.today()
    with repo.writing("isa start", actor) as session, session.catalog.transaction():
        audit_id = session.catalog.isa.add_audit(unit, year, name, on,
                                                 "; ".join(checklist.sources), now(),
                                                 actor.user)
        session.audit("isa start", {"audit": audit_id, "unit": unit, "year": year_label(year),
                                    "auditor": name, "checklist": list(checklist.sources)})
    return audit(repo, unit, year)


def record_finding(repo: Repository, *, unit: str, year: int, criterion: str, result: str,
                   actor: Actor, evidence: tuple[str, ...] = (), observation: str | None = None,
                   recommendation: str | None = None, today: date | None = None
                   ) -> tuple[Audit, FindingRow]:
    """Judge one criterion (again: the new finding counts, the old one stays as history)."""
    row = _audit_row(repo, unit, year)
    found = load_checklist(repo.root, unit).get(criterion)
    chosen = parse_result(result)
    versions = [evidence_version(repo, unit, year, given) for given in evidence]
    if chosen in ("met", "partly") and not versions:
        raise InvalidInput(f"a criterion judged {chosen} cites its evidence: add --evidence "
                           "PATH[@vN]")
    on = today or date.today()
    with repo.writing("isa find", actor) as session, session.catalog.transaction():
        finding_id = session.catalog.isa.add_finding(
            row.id, found.id, found.sqs, chosen, _text(observation), _text(recommendation), on,
            [v.id for v in versions], now(), actor.user)
        session.audit("isa find", {"audit": row.id, "finding": finding_id, "unit": unit,
                                   "year": year_label(year), "criterion": found.id,
                                   "result": chosen,
                                   "evidence": [f"{v.path} v{v.number}" for v in versions]})
    current = audit(repo, unit, year)
    return current, current.by_criterion[found.id]


def raise_plan(repo: Repository, *, unit: str, year: int, criterion: str, method: str,
               due: date, owner: str, benefit: str, actor: Actor, action: str | None = None
               ) -> PlanItem:
    """An improvement plan item (answering the criterion's SQS) for a finding not met or
    partly met; the action defaults to the finding's recommendation."""
    row = _audit_row(repo, unit, year)
    current = audit(repo, unit, year)
    finding = current.by_criterion.get(criterion.strip())
    if finding is None:
        raise NotFound(f"criterion {criterion} has no finding in the {year_label(year)} audit "
                       "of this unit; record it with `repo-tool isa find` first")
    if finding.result not in ("not-met", "partly"):
        raise Conflict(f"criterion {finding.criterion} was judged {finding.result}; plan items "
                       "are raised for findings not met or partly met")
    fields = {"action": _text(action) or finding.recommendation, "method": _text(method),
              "owner": _text(owner), "benefit": _text(benefit)}
    for name, value in fields.items():
        if value is None:
            hint = " (or record a --recommendation with the finding)" if name == "action" else ""
            raise InvalidInput(f"the {name} (--{name}) is empty; say it in a few words{hint}")
    code = f"SQS{finding.sqs}"
    with repo.writing("isa plan", actor) as session, session.catalog.transaction():
        plan_id = session.catalog.performance.add_plan(
            unit, code, fields["action"] or "", fields["method"] or "", due,
            fields["owner"] or "", fields["benefit"] or "", now(), actor.user)
        session.catalog.isa.link_plan(plan_id, row.id, finding.criterion)
        session.audit("isa plan", {"plan": plan_id, "audit": row.id, "unit": unit,
                                   "year": year_label(year), "criterion": finding.criterion,
                                   "standard": code, "due": due.isoformat(), **fields})
    item = repo.catalog.performance.plan(plan_id)
    assert item is not None
    return item


def report_state(repo: Repository, unit: str, year: int) -> ReportState | None:
    """The latest version of the generated report (the .docx, else the .pdf) and its
    approvals; an approval of an older version does not count for a report made again."""
    base = f"records/{unit}/generated/{REPORT_STEM} {year_label(year)}"
    states = []
    for suffix in (".docx", ".pdf"):
        document = repo.catalog.document(base + suffix)
        if document is None or document.status != "present":
            continue
        latest = repo.catalog.versions(document.id)[-1]
        approvals = tuple(a for a in repo.catalog.lifecycle.approvals(document.id)
                          if a.number == latest.number)
        states.append(ReportState(document.path, latest.number, approvals))
    approved = [s for s in states if s.approved]
    chosen = approved or states
    return chosen[0] if chosen else None


def audit(repo: Repository, unit: str, year: int) -> Audit:
    """The audit of a unit for a year, with progress against today's checklist."""
    row = _audit_row(repo, unit, year)
    registered = repo.config.unit(unit)
    log = repo.catalog.isa
    links = log.plan_links(row.id)
    plans = tuple((item, links[item.id]) for item in repo.catalog.performance.plans(unit)
                  if item.id in links)
    return Audit(row, registered.name_zh, registered.name_en,
                 load_checklist(repo.root, unit), tuple(log.findings(row.id)), plans,
                 report_state(repo, unit, year))


def audits(repo: Repository, unit: str | None = None) -> list[Audit]:
    """Every audit (of one unit), by unit and year."""
    if unit is not None:
        repo.config.unit(unit)
    return [audit(repo, row.unit, row.year) for row in repo.catalog.isa.audits(unit)]


def criterion_label(criterion: Criterion) -> str:
    return f"{criterion.id} {criterion.zh} {criterion.en}"
