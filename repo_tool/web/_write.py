"""Changing pages, only with `serve --allow-write`: tag a document, record a review or an
amendment. Each calls the library function the CLI calls, which takes the writer lock and
writes the audit log; when another writer (e.g. `watch`) holds the lock the page says who (409).
"""

from __future__ import annotations

import hmac

from flask import Blueprint, g, redirect, request, url_for
from werkzeug.exceptions import Forbidden
from werkzeug.wrappers import Response

from repo_tool.domain.reviews import record_amendment, record_review
from repo_tool.errors import InvalidInput
from repo_tool.repository import current_actor
from repo_tool.web import _params
from repo_tool.web._app import current_repo
from repo_tool.web._i18n import translate

pages = Blueprint("write", __name__)


def check_form() -> None:
    """A POST must carry this server's form token: another site cannot post to it."""
    given = request.form.get("token", "")
    if not hmac.compare_digest(given.encode(), g.settings.form_token.encode()):
        raise Forbidden(translate("bad_token"))


def require_write() -> None:
    if not g.settings.allow_write:
        raise Forbidden(translate("write_off"))


def _by() -> str:
    by = _params.text("by")
    if by is None:
        raise InvalidInput("give your name (who is doing this, for the audit log)")
    return by


@pages.route("/tag", methods=["POST"])
def tag() -> Response:
    check_form()
    require_write()
    repo = current_repo()
    path = _params.document_path(repo)
    document = repo.tag(path, _params.sqs_list("sqs"), current_actor(_by()))
    return redirect(url_for("browse.document", path=document.path))


@pages.route("/review", methods=["POST"])
def review() -> Response:
    check_form()
    require_write()
    repo = current_repo()
    unit = _params.text("unit", required=True) or ""
    reviewed_on = _params.day("date")
    if reviewed_on is None:
        raise InvalidInput("give the date of the review")
    by = _by()
    record_review(repo, unit=unit, sqs=_params.whole("sqs", 1, 16) or 0, reviewed_on=reviewed_on,
                  reviewer=_params.text("reviewer") or by,
                  outcome=_params.text("outcome", required=True) or "",
                  actor=current_actor(by), note=_params.text("note"),
                  document=_params.text("document"))
    return redirect(url_for("browse.unit", code=unit))


@pages.route("/amend", methods=["POST"])
def amend() -> Response:
    check_form()
    require_write()
    repo = current_repo()
    unit = _params.text("unit", required=True) or ""
    updated, released = _params.day("updated"), _params.day("released")
    if updated is None or released is None:
        raise InvalidInput("give the dates updated and released")
    by = _by()
    record_amendment(repo, unit=unit, sqs=_params.whole("sqs", 1, 16) or 0,
                     clause=_params.text("clause", required=True) or "",
                     reason=_params.text("reason", required=True) or "",
                     new_content=_params.text("new_content", required=True) or "",
                     updated_on=updated, released_on=released, responsible=by,
                     actor=current_actor(by), document=_params.text("document"))
    return redirect(url_for("browse.unit", code=unit))
