"""A unit's staff sign-offs and assessment visits on the web. The sign-off page is also the
report (`ack report`): who has signed the version of each policy in force, and who has not;
an editor ticks the staff who signed (`ack record`, all of them or none) or uploads the signed
sheet's CSV (`ack import`). The visits page lists the visits and records one (`visit record`).
Each change goes through the library function the CLI calls, audited under the account's name.
"""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from repo_tool.config import Unit
from repo_tool.domain.acks import AckReport, ack_report, import_acks, record_acks, staff_of
from repo_tool.domain.changes import record_visit, visits
from repo_tool.domain.roster import StaffMember
from repo_tool.errors import InvalidInput, NotFound, RepoError
from repo_tool.repository import Repository
from repo_tool.store.lifecycle_log import VISIT_TYPES
from repo_tool.web import _params
from repo_tool.web._access import actor, current_scope
from repo_tool.web._app import public_message
from repo_tool.web._wf_forms import came_back, today, unit_page, uploaded_csv
from repo_tool.web._wf_messages import said
from repo_tool.web._write import _by, check_form

pages = Blueprint("wf_unit", __name__)
SIGNOFFS = "workflows/signoffs.html"
VISITS = "workflows/visits.html"


def _signoffs(repo: Repository, unit: Unit) -> dict[str, object]:
    """What the sign-off page shows: the roster and the report, or why there is none."""
    staff: tuple[StaffMember, ...] = ()
    report: list[AckReport] = []
    missing: list[str] = []
    on = today()  # one clock for the report and the form's default date
    try:
        staff = staff_of(repo, unit.code)
        seen = current_scope()
        for row in ack_report(repo, unit.code, None, on):
            document = repo.document(row.path)
            if seen.sees(document.unit, document.kind, document.sqs):
                report.append(row)
    except (NotFound, InvalidInput) as error:  # no roster yet: say so instead of the form
        missing = said(error, public_message(error))
    return {"repo": repo, "unit": unit, "staff": staff, "report": report,
            "no_roster": missing, "today": on}


@pages.route("/unit/<code>/signoffs")
def signoffs(code: str) -> str:
    repo, unit = unit_page(code)
    return render_template(SIGNOFFS, **_signoffs(repo, unit))


@pages.route("/unit/<code>/signoffs/record", methods=["POST"])
def signoffs_record(code: str) -> Response | tuple[str, int]:
    check_form()
    repo, unit = unit_page(code, write=True)
    try:
        day = _params.required_day("date", "the date")
        new, old = record_acks(repo, unit=unit.code, staff_ids=request.form.getlist("staff"),
                               document=_params.document_path(repo, "document"), day=day,
                               actor=actor(_by()), today=today())
    except RepoError as error:
        return came_back(SIGNOFFS, error, **_signoffs(repo, unit))
    return redirect(url_for("wf_unit.signoffs", code=unit.code, new=new, old=old) + "#report")


@pages.route("/unit/<code>/signoffs/import", methods=["POST"])
def signoffs_import(code: str) -> Response | tuple[str, int]:
    check_form()
    repo, unit = unit_page(code, write=True)
    try:
        document = (_params.document_path(repo, "document") if _params.text("document")
                    else None)
        with uploaded_csv() as source:
            new, old = import_acks(repo, unit=unit.code, source=source, actor=actor(_by()),
                                   document=document, day=_params.day("date"), today=today())
    except RepoError as error:
        return came_back(SIGNOFFS, error, **_signoffs(repo, unit))
    return redirect(url_for("wf_unit.signoffs", code=unit.code, new=new, old=old) + "#report")


def _visits(repo: Repository, unit: Unit) -> dict[str, object]:
    return {"repo": repo, "unit": unit, "visits": visits(repo, unit.code),
            "visit_types": VISIT_TYPES, "today": today()}


@pages.route("/unit/<code>/visits")
def visits_page(code: str) -> str:
    repo, unit = unit_page(code)
    return render_template(VISITS, **_visits(repo, unit))


@pages.route("/unit/<code>/visits/record", methods=["POST"])
def visits_record(code: str) -> Response | tuple[str, int]:
    check_form()
    repo, unit = unit_page(code, write=True)
    try:
        day = _params.required_day("date", "the date")
        record_visit(repo, unit.code, day, _params.text("type") or "", _params.text("note"),
                     actor(_by()), today())
    except RepoError as error:
        return came_back(VISITS, error, **_visits(repo, unit))
    return redirect(url_for("wf_unit.visits_page", code=unit.code, done=1))
