"""Changing pages: tag a document, record a review or an amendment. With accounts, a signed-in
editor (in its units) or admin may, recorded under the account's name; without, only with
`serve --allow-write`. Each calls the library function the CLI calls, which takes the writer
lock and writes the audit log; when another writer holds the lock the page says who (409).
"""

from __future__ import annotations

import hmac

from flask import Blueprint, g, redirect, request, url_for
from werkzeug.exceptions import Forbidden
from werkzeug.wrappers import Response

from repo_tool.domain.reviews import record_amendment, record_review
from repo_tool.errors import InvalidInput
from repo_tool.web import _params
from repo_tool.web._access import actor, require_document, require_unit
from repo_tool.web._access import require_write as require_write_in
from repo_tool.web._app import current_repo, form_token
from repo_tool.web._i18n import translate

pages = Blueprint("write", __name__)


def check_form() -> None:
    """A POST must carry this server's form token: another site cannot post to it."""
    given = request.form.get("token", "")
    if not hmac.compare_digest(given.encode(), form_token().encode()):
        raise Forbidden(translate("bad_token"))


def _by() -> str:
    """The person named on the form; a signed-in account is that person already."""
    session = g.get("session")
    if session is not None:
        return str(session.account.name)
    by = _params.text("by")
    if by is None:
        raise InvalidInput("give your name (who is doing this, for the audit log)")
    return by


@pages.route("/tag", methods=["POST"])
def tag() -> Response:
    check_form()
    repo = current_repo()
    path = _params.document_path(repo)
    found = repo.document(path)
    require_document(found)
    require_write_in(found.unit)
    document = repo.tag(path, _params.sqs_list("sqs"), actor(_by()))
    return redirect(url_for("browse.document", path=document.path))


@pages.route("/review", methods=["POST"])
def review() -> Response:
    check_form()
    repo = current_repo()
    unit = _params.text("unit", required=True) or ""
    require_unit(unit)
    require_write_in(unit)
    reviewed_on = _params.day("date")
    if reviewed_on is None:
        raise InvalidInput("give the date of the review")
    by = _by()
    record_review(repo, unit=unit, sqs=_params.whole("sqs", 1, 16) or 0, reviewed_on=reviewed_on,
                  reviewer=_params.text("reviewer") or by,
                  outcome=_params.text("outcome", required=True) or "",
                  actor=actor(by), note=_params.text("note"),
                  document=_params.text("document"))
    return redirect(url_for("browse.unit", code=unit))


@pages.route("/amend", methods=["POST"])
def amend() -> Response:
    check_form()
    repo = current_repo()
    unit = _params.text("unit", required=True) or ""
    require_unit(unit)
    require_write_in(unit)
    updated, released = _params.day("updated"), _params.day("released")
    if updated is None or released is None:
        raise InvalidInput("give the dates updated and released")
    by = _by()
    record_amendment(repo, unit=unit, sqs=_params.whole("sqs", 1, 16) or 0,
                     clause=_params.text("clause", required=True) or "",
                     reason=_params.text("reason", required=True) or "",
                     new_content=_params.text("new_content", required=True) or "",
                     updated_on=updated, released_on=released, responsible=by,
                     actor=actor(by), document=_params.text("document"))
    return redirect(url_for("browse.unit", code=unit))
