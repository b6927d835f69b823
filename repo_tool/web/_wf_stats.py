"""A unit's performance figures and improvement plans on the web: enter one period's figure
(`stats record`) or import the statistics CSV (`stats import`, every row or none), and add and
close improvement plan items (`plan add`, `plan done`). The figures page shows each standard of
the year with its figures, its verdict and the periods still without a figure, so entering a
figure visibly clears its alert. Each change is audited under the account's name.
"""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from werkzeug.wrappers import Response

from repo_tool.config import Unit
from repo_tool.domain.performance import (
    VERDICT_ZH,
    YearReport,
    add_plan,
    finish_plan,
    has_standards,
    import_figures,
    load_standards,
    periods_of,
    plans,
    record_figure,
    year_of,
    year_report,
)
from repo_tool.errors import NotFound, RepoError
from repo_tool.repository import Repository
from repo_tool.sqs import STANDARDS
from repo_tool.web import _params
from repo_tool.web._access import actor
from repo_tool.web._app import public_message
from repo_tool.web._wf_forms import came_back, today, unit_page, uploaded_csv
from repo_tool.web._wf_messages import said
from repo_tool.web._write import _by, check_form

pages = Blueprint("wf_stats", __name__)
FIGURES = "workflows/figures.html"
PLANS = "workflows/plans.html"


def _figures(repo: Repository, unit: Unit) -> dict[str, object]:
    """The year's standards with their figures, and the periods a figure may be entered for."""
    day = today()
    reports: list[YearReport] = []
    unreadable: list[str] = []
    periods: list[tuple[str, str]] = []
    if has_standards(repo.root, unit.code):
        try:
            reports = [year_report(repo, unit.code, year_of(day) - 1, day),
                       year_report(repo, unit.code, year_of(day), day)]
        except RepoError as error:
            unreadable = said(error, public_message(error))
        frequencies = sorted({a.standard.frequency for r in reports for a in r.assessments})
        periods = [(p.code, p.months) for year in (year_of(day), year_of(day) - 1)
                   for f in frequencies for p in periods_of(year, f) if p.start <= day]
    return {"repo": repo, "unit": unit, "reports": reports, "unreadable": unreadable,
            "periods": periods, "verdict_zh": VERDICT_ZH, "today": day}


@pages.route("/unit/<code>/figures")
def figures(code: str) -> str:
    repo, unit = unit_page(code)
    return render_template(FIGURES, **_figures(repo, unit))


@pages.route("/unit/<code>/figures/record", methods=["POST"])
def figures_record(code: str) -> Response | tuple[str, int]:
    check_form()
    repo, unit = unit_page(code, write=True)
    try:
        record_figure(repo, unit=unit.code, standard=_params.text("standard") or "",
                      period=_params.text("period") or "", value=_params.text("value") or "",
                      note=_params.text("note"), actor=actor(_by()), today=today())
    except RepoError as error:
        return came_back(FIGURES, error, **_figures(repo, unit))
    return redirect(url_for("wf_stats.figures", code=unit.code, done=1))


@pages.route("/unit/<code>/figures/import", methods=["POST"])
def figures_import(code: str) -> Response | tuple[str, int]:
    check_form()
    repo, unit = unit_page(code, write=True)
    try:
        with uploaded_csv() as source:
            entries = import_figures(repo, source, actor=actor(_by()), unit=unit.code,
                                     today=today())
    except RepoError as error:
        return came_back(FIGURES, error, **_figures(repo, unit))
    return redirect(url_for("wf_stats.figures", code=unit.code, done=len(entries)))


def _plans(repo: Repository, unit: Unit) -> dict[str, object]:
    codes = ([s.code for s in load_standards(repo.root, unit.code).standards]
             if has_standards(repo.root, unit.code) else [])
    return {"repo": repo, "unit": unit, "items": plans(repo, unit.code), "codes": codes,
            "sqs_standards": STANDARDS, "today": today()}


@pages.route("/unit/<code>/plans")
def plans_page(code: str) -> str:
    repo, unit = unit_page(code)
    return render_template(PLANS, **_plans(repo, unit))


@pages.route("/unit/<code>/plans/add", methods=["POST"])
def plans_add(code: str) -> Response | tuple[str, int]:
    check_form()
    repo, unit = unit_page(code, write=True)
    try:
        due = _params.required_day("due", "the due date")
        add_plan(repo, unit=unit.code, standard=_params.text("standard") or "",
                 action=_params.text("action") or "", method=_params.text("method") or "",
                 due=due, owner=_params.text("owner") or "",
                 benefit=_params.text("benefit") or "", actor=actor(_by()))
    except RepoError as error:
        return came_back(PLANS, error, **_plans(repo, unit))
    return redirect(url_for("wf_stats.plans_page", code=unit.code, done="added"))


@pages.route("/unit/<code>/plans/done", methods=["POST"])
def plans_done(code: str) -> Response | tuple[str, int]:
    check_form()
    repo, unit = unit_page(code, write=True)
    try:
        plan_id = _params.whole("plan", 1, 10**9) or 0
        item = repo.catalog.performance.plan(plan_id)
        if item is None or item.unit != unit.code:  # another unit's item is not this page's
            raise NotFound(f"there is no plan item #{plan_id}; see `repo-tool plan list`")
        finish_plan(repo, plan_id, actor=actor(_by()), on=_params.day("on"),
                    note=_params.text("note"), today=today())
    except RepoError as error:
        return came_back(PLANS, error, **_plans(repo, unit))
    return redirect(url_for("wf_stats.plans_page", code=unit.code, done="closed"))
