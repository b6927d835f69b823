"""The read API for intranet tools: the same JSON as the CLI's `--json`, scoped like the pages.

    GET /api/v1/search?q=WORDS[&unit=U][&sqs=N][&kind=policy|record][&limit=N]
    GET /api/v1/documents/<path>            the document's versions (`log PATH --json`)
    GET /api/v1/units/<unit>/status         the unit's 16 SQSs (`status --unit U --json`)

Each request carries `Authorization: Bearer <token>` (`repo-tool user token NAME`); without a
valid token of a usable account the answer is 401, outside the account's scope 403, always as
JSON `{"error": "..."}`. Tokens, not the session cookie: no form, so no CSRF.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from flask import Blueprint, Response, g, request
from werkzeug.exceptions import HTTPException

from repo_tool.domain.accounts import account_for_token
from repo_tool.domain.json_shapes import history_json, hits_json, status_json
from repo_tool.domain.policies import document_states
from repo_tool.domain.retention import RETENTION_ALERT
from repo_tool.domain.scoped import search_within
from repo_tool.domain.status import UnitStatus, status
from repo_tool.errors import InvalidInput, NotAllowed, RepoError
from repo_tool.repository.history import history
from repo_tool.search import Filters
from repo_tool.web import _params
from repo_tool.web._access import require_document, require_unit
from repo_tool.web._app import current_repo, status_of
from repo_tool.web._signin import Session

pages = Blueprint("api", __name__, url_prefix="/api/v1")
KINDS = ("policy", "record")


def _json(value: Any, code: int = 200) -> Response:
    body = json.dumps(value, ensure_ascii=False, default=str)
    return Response(body, code, content_type="application/json; charset=utf-8")


@pages.before_request
def authenticate() -> Response | None:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer ") or not header[7:].strip():
        return _json({"error": "give an API token: Authorization: Bearer <token> (made by "
                               "`repo-tool user token NAME`)"}, 401)
    try:
        account = account_for_token(current_repo(), header[7:].strip(), g.settings.today())
    except NotAllowed as error:
        return _json({"error": error.message}, 401)
    g.session = Session(account, "")  # scopes and actors as for a signed-in person
    return None


@pages.errorhandler(RepoError)
def repo_error(error: RepoError) -> Response:
    return _json({"error": error.message}, status_of(error))


@pages.errorhandler(HTTPException)
def http_error(error: HTTPException) -> Response:
    code = error.code or 500
    return _json({"error": "your account may not see this" if code == 403
                  else (error.description or "")}, code)


@pages.route("/search")
def search() -> Response:
    repo = current_repo()
    query = _params.text("q", required=True) or ""
    units = tuple(u for u in (_params.text("unit"),) if u)
    for unit in units:
        if unit != "agency":
            require_unit(unit)
    kind = _params.text("kind")
    if kind is not None and kind not in KINDS:
        raise InvalidInput(f"'{kind}' is not a kind; use policy or record")
    limit = _params.whole("limit", 1, 500, 20) or 20
    filters = Filters(units=units, sqs=_params.sqs_list("sqs"), kind=kind)
    result = search_within(repo, g.session.account.scope, query, filters, limit)
    return _json(hits_json(result.hits))


@pages.route("/documents/<path:path>")
def document(path: str) -> Response:
    repo = current_repo()
    if path.startswith("/") or ".." in path.replace("\\", "/").split("/"):
        raise InvalidInput(f"'{path}' is outside the repository")
    found = history(repo, repo.relpath(path))
    require_document(found.document)
    return _json(history_json(found, document_states(repo, found.document)))


@pages.route("/units/<code>/status")
def unit_status(code: str) -> Response:
    repo = current_repo()
    registered = repo.config.unit(code)
    require_unit(registered.code)
    found = status(repo, registered.code)
    scope = g.session.account.scope
    if scope.sqs is not None:  # a reviewer limited to some SQSs
        found = [_only(unit, scope.sqs) for unit in found]
    if not scope.manage:  # the count of versions past retention is the admins'
        found = [replace(unit, alerts=tuple(a for a in unit.alerts
                                            if not a.startswith(RETENTION_ALERT)))
                 for unit in found]
    return _json(status_json(found))


def _only(unit: UnitStatus, numbers: frozenset[int]) -> UnitStatus:
    return replace(unit, rows=tuple(r for r in unit.rows if r.sqs in numbers))
