"""The internal service audit on the web: a unit's checklist page for a financial year
(`isa show`), starting the audit (`isa start`) and recording a finding per criterion
(`isa find`) with an evidence picker listing the unit's documents of the criterion's SQS, each
as the version current during the year (`PATH@vN`).

Who records: the audit is the reviewers' and admins' work (issue 21), so the forms are for an
admin and for a reviewer whose units include this one (a reviewer limited to some SQSs judges
only their criteria), even though a reviewer cannot otherwise change anything. An editor
does not audit its own unit and gets 403; without accounts, `serve --allow-write` decides.
Each POST calls the library function the CLI calls, audited under the account's name; a
wrong value brings the form back with the reason in the page's language, nothing recorded.
"""

from __future__ import annotations

import re
from datetime import date

from flask import Blueprint, g, redirect, render_template, request, url_for
from werkzeug.exceptions import Forbidden
from werkzeug.wrappers import Response

from repo_tool.config import Unit
from repo_tool.domain.isa import (
    Audit,
    Checklist,
    Criterion,
    audit,
    load_checklist,
    record_finding,
    start_audit,
)
from repo_tool.domain.isa import audits as all_audits
from repo_tool.domain.performance import parse_year, year_end, year_label, year_of
from repo_tool.errors import NotFound, RepoError
from repo_tool.models import Version
from repo_tool.repository import Repository
from repo_tool.web import _params
from repo_tool.web._access import actor, current_scope, require_sqs, require_unit
from repo_tool.web._app import current_repo, public_message
from repo_tool.web._i18n import translate
from repo_tool.web._isa_messages import said
from repo_tool.web._messages import status_of
from repo_tool.web._wf_forms import today
from repo_tool.web._write import _by, check_form

pages = Blueprint("wf_isa", __name__)
TEMPLATE = "workflows/isa.html"
_EVIDENCE = re.compile(r"^(.*?)(?:@v?(\d+))?$")


def may_audit(unit: str) -> bool:
    """An admin, or a reviewer of this unit; without accounts, `serve --allow-write`."""
    session = g.get("session")
    if session is None:
        return bool(g.settings.allow_write)
    role = session.account.role
    return role == "admin" or (role == "reviewer" and current_scope().sees_unit(unit))


def _unit(code: str, write: bool = False) -> tuple[Repository, Unit]:
    repo = current_repo()
    unit = repo.config.unit(code)
    require_unit(unit.code)
    if write and not may_audit(unit.code):
        raise Forbidden(translate("write_off" if g.get("session") is None else "not_yours"))
    return repo, unit


def _year() -> int:
    given = _params.text("year")
    return parse_year(given) if given else year_of(today())


def _current_version(versions: list[Version], end: date) -> Version | None:
    """The newest version recorded on or before the year's last day: current at its end."""
    before = [v for v in versions if date.fromisoformat(v.recorded_at[:10]) <= end]
    return before[-1] if before else None


def _picker(repo: Repository, unit: str, year: int, checklist: Checklist
            ) -> dict[int, list[tuple[str, str]]]:
    """Per SQS of the checklist: (PATH@vN, label) of the unit's present documents of that SQS
    the account may read, each as the version current at the year's end."""
    seen = current_scope()
    numbers = {c.sqs for c in checklist.criteria}
    picks: dict[int, list[tuple[str, str]]] = {n: [] for n in numbers}
    end = year_end(year)
    for document in repo.catalog.documents(unit):
        wanted = [n for n in document.sqs if n in numbers]
        if document.status != "present" or not wanted or \
                not seen.sees(document.unit, document.kind, document.sqs):
            continue
        version = _current_version(repo.catalog.versions(document.id), end)
        if version is None:
            continue
        for number in wanted:
            picks[number].append((f"{document.path}@v{version.number}", document.path))
    for rows in picks.values():
        rows.sort(key=lambda r: r[1].casefold())
    return picks


def _readable(repo: Repository, path: str) -> bool:
    document = repo.catalog.document(path)
    return document is not None and current_scope().sees(document.unit, document.kind,
                                                          document.sqs)


def _context(repo: Repository, unit: Unit, year: int) -> dict[str, object]:
    found: Audit | None = None
    try:
        found = audit(repo, unit.code, year)
    except NotFound:
        found = None
    checklist = found.checklist if found else load_checklist(repo.root, unit.code)
    allowed = current_scope().sqs
    criteria = [c for c in checklist.criteria if allowed is None or c.sqs in allowed]
    groups: dict[int, list[Criterion]] = {}
    for criterion in criteria:
        groups.setdefault(criterion.sqs, []).append(criterion)
    others = [a.row.year for a in all_audits(repo, unit.code) if a.row.year != year]
    return {"repo": repo, "unit": unit, "year": year, "label": year_label(year),
            "audit": found, "groups": groups,
            "findings": found.by_criterion if found else {},
            "picks": _picker(repo, unit.code, year, checklist) if found else {},
            "readable": lambda path: _readable(repo, path),
            "may_audit": may_audit(unit.code), "other_years": others,
            "account_name": g.session.account.name if g.get("session") else "",
            "today": today()}


def _again(repo: Repository, unit: Unit, year: int, error: RepoError) -> tuple[str, int]:
    """The page with the reason beside the form posted, or above the checklist when that form
    is not on the page (an unknown criterion, an audit started meanwhile)."""
    context = _context(repo, unit, year)
    groups: dict[int, list[Criterion]] = context["groups"]  # type: ignore[assignment]
    shown = {f"find-{c.id}" for rows in groups.values() for c in rows} \
        if context["audit"] and context["may_audit"] else set()
    if context["audit"] is None and context["may_audit"]:
        shown.add("start")
    return render_template(TEMPLATE, problems=said(error, public_message(error)),
                           posted=request.form, stray=request.form.get("form") not in shown,
                           **context), status_of(error)


@pages.route("/unit/<code>/isa")
def checklist_page(code: str) -> str:
    repo, unit = _unit(code)
    return render_template(TEMPLATE, **_context(repo, unit, _year()))


@pages.route("/unit/<code>/isa/start", methods=["POST"])
def start(code: str) -> Response | tuple[str, int]:
    check_form()
    repo, unit = _unit(code, write=True)
    year = _year()
    try:
        start_audit(repo, unit=unit.code, year=year, auditor=_params.text("auditor") or "",
                    actor=actor(_by()), today=today())
    except RepoError as error:
        return _again(repo, unit, year, error)
    return redirect(url_for("wf_isa.checklist_page", code=unit.code, year=year, done="start"))


def _evidence(repo: Repository) -> tuple[str, ...]:
    """The ticked `PATH@vN` values, each path checked like any path a request gives."""
    given = []
    for value in request.form.getlist("evidence"):
        if not value.strip():
            continue
        match = _EVIDENCE.match(value.strip())
        assert match is not None
        path = _params.checked_path(repo, match.group(1))
        given.append(f"{path}@v{match.group(2)}" if match.group(2) else path)
    return tuple(given)


@pages.route("/unit/<code>/isa/find", methods=["POST"])
def find(code: str) -> Response | tuple[str, int]:
    check_form()
    repo, unit = _unit(code, write=True)
    year = _year()
    criterion = _params.text("criterion") or ""
    try:
        known = load_checklist(repo.root, unit.code).get(criterion)
        require_sqs((known.sqs,))
        record_finding(repo, unit=unit.code, year=year, criterion=known.id,
                       result=_params.text("result") or "", evidence=_evidence(repo),
                       observation=_params.text("observation"),
                       recommendation=_params.text("recommendation"), actor=actor(_by()),
                       today=today())
    except RepoError as error:
        return _again(repo, unit, year, error)
    return redirect(url_for("wf_isa.checklist_page", code=unit.code, year=year, done="find")
                    + f"#c-{known.id}")
