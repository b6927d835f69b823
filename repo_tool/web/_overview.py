"""The head office's overview on the web (`/overview`, issue 22): one row per unit the account
may see, sortable by any column (a link per header, sorted on the server) and filterable (units
needing attention, units with something late), each figure linking to the unit's page that
explains it. For admins, and for an editor or viewer of several units over their own; a
reviewer is refused (web/_access.py: `overview_units`).
"""

from __future__ import annotations

from flask import Blueprint, render_template, request

from repo_tool.domain.overview import COLUMNS, FILTERS, filter_rows, overview, sort_rows
from repo_tool.web._access import overview_units
from repo_tool.web._app import current_repo
from repo_tool.web._wf_forms import today

pages = Blueprint("overview", __name__)


def _choice(name: str, allowed: tuple[str, ...], default: str) -> str:
    given = request.args.get(name, default)
    return given if given in allowed else default


@pages.route("/overview")
def page() -> str:
    repo = current_repo()
    units = overview_units(repo)
    column = _choice("sort", COLUMNS, "unit")
    direction = _choice("dir", ("worst", "best"), "worst")
    which = _choice("only", FILTERS, "all")
    day = today()
    every = overview(repo, day, [u.code for u in units])
    rows = sort_rows(filter_rows(every, which), column, reverse=direction == "best")
    return render_template("overview.html", repo=repo, rows=rows, total=len(every),
                           column=column, direction=direction, which=which, today=day,
                           filters=FILTERS)
