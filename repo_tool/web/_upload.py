"""Adding documents from the browser, and a unit's documents as a sortable table with a zip.

`/unit/<code>/add` takes files (several at once) into the unit as policies or records, into
an SQS folder when one is chosen, through `ingest.uploads.add_uploads`: import's rules, the
files recorded and indexed before the answer comes back. `static/upload.js` sends one file per
request with a progress bar each and asks for JSON; without JavaScript the plain multipart form
sends them all at once and gets the page back. The request may be larger than the other forms'
64 KB (`max_body`, read by web/_app.py); each file may be at most `UPLOAD_LIMIT`.

`/unit/<code>/documents` lists the unit's documents (sorted and filtered by query parameters,
so it works without JavaScript); the ticked ones download as one zip (`/unit/<code>/zip`).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from flask import (
    Blueprint,
    Response,
    current_app,
    g,
    jsonify,
    render_template,
    request,
    send_file,
    url_for,
)
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from repo_tool.domain.unit_documents import KINDS, SORTS, STATE_FILTERS, unit_documents
from repo_tool.errors import InvalidInput, RepoError
from repo_tool.generate.selection import zip_documents
from repo_tool.ingest.uploads import UPLOAD_LIMIT, Upload, add_uploads
from repo_tool.web import _params
from repo_tool.web._access import (
    actor,
    can_write,
    current_scope,
    require_document,
    require_unit,
    require_write,
)
from repo_tool.web._app import current_repo, error_page, public_message, status_of
from repo_tool.web._i18n import translate
from repo_tool.web._upload_messages import upload_said
from repo_tool.web._write import _by, check_form

pages = Blueprint("upload", __name__)
REQUEST_LIMIT = 1024 * 1024 * 1024  # bytes in one request: several files without JavaScript
View = TypeVar("View", bound=Callable[..., Any])


def takes_files(view: View) -> View:
    """Mark a view whose request may carry files up to REQUEST_LIMIT (see web/_app.py)."""
    view.max_body = REQUEST_LIMIT  # type: ignore[attr-defined]
    return view


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _refusal(code: int, message: str) -> Response | tuple[str, int]:
    if _wants_json():
        response = jsonify({"error": message})
        response.status_code = code
        return response
    return error_page(code, message)


@pages.errorhandler(RepoError)
def repo_error(error: RepoError) -> Response | tuple[str, int]:
    message = upload_said(error, public_message(error), not can_write(g.get("unit", "")))
    code = status_of(error)
    if request.endpoint == "upload.add" and "unit" in g and not _wants_json():
        return _add_page(g.unit, message=message, status=code)
    return _refusal(code, message)


@pages.errorhandler(HTTPException)
def http_error(error: HTTPException) -> Response | tuple[str, int]:
    code = error.code or 500
    if isinstance(error, RequestEntityTooLarge):
        return _refusal(code, translate("up_request_too_large"))
    if error.description and error.description != type(error).description:
        return _refusal(code, error.description)
    return _refusal(code, translate(f"http_{code}", default=error.description or ""))


def _unit(code: str) -> str:
    """The unit of the URL, which the account must see (and, for a change, write in)."""
    registered = current_repo().config.unit(code)
    require_unit(registered.code)
    g.unit = registered.code
    return registered.code


def _add_page(code: str, message: str | None = None, status: int = 200,
              added: list[str] | None = None, skipped: list[str] | None = None
              ) -> tuple[str, int]:
    repo = current_repo()
    form = {"kind": request.values.get("kind", "record"), "sqs": request.values.get("sqs", "")}
    return render_template("upload.html", repo=repo, unit=repo.config.unit(code),
                           message=message, added=added or [], skipped=skipped or [],
                           form=form, limit=UPLOAD_LIMIT), status


@pages.route("/unit/<code>/add")
def add_form(code: str) -> tuple[str, int]:
    unit = _unit(code)
    require_write(unit)
    return _add_page(unit)


@pages.route("/unit/<code>/add", methods=["POST"])
@takes_files
def add(code: str) -> Response | tuple[str, int]:
    check_form()
    unit = _unit(code)
    require_write(unit)
    kind = _params.text("kind") or "record"
    if kind not in KINDS:
        raise InvalidInput(f"'{kind}' is not a kind; use policy or record")
    sqs = _params.whole("sqs", 1, 16)
    files = [f for f in request.files.getlist("files") if f.filename]
    limit = int(current_app.config.get("UPLOAD_LIMIT", UPLOAD_LIMIT))
    done = add_uploads(current_repo(), [Upload(f.filename or "", f.stream) for f in files],
                       unit, "policy" if kind == "policy" else "record",
                       (sqs,) if sqs else (), actor(_by()), limit=limit)
    skipped = [f"{s.path.rsplit('/', 1)[-1]}: {s.reason}" for s in done.result.skipped]
    if _wants_json():
        return jsonify({"files": [{"path": path, "url": url_for("browse.document", path=path)}
                                  for path in done.copied], "skipped": skipped})
    return _add_page(unit, added=done.copied, skipped=skipped)


def _sort() -> tuple[str, bool]:
    asked = _params.text("sort") or "title"
    descending = asked.startswith("-")
    return asked.lstrip("-"), descending


@pages.route("/unit/<code>/documents")
def documents(code: str) -> str:
    unit = _unit(code)
    repo = current_repo()
    sort, descending = _sort()
    sqs = _params.whole("sqs", 1, 16)
    kind, state = _params.text("kind"), _params.text("state")
    rows = unit_documents(repo, current_scope(), unit, (sqs,) if sqs else (), kind, state,
                          sort, descending, today=g.settings.today())
    return render_template("documents.html", repo=repo, unit=repo.config.unit(unit), rows=rows,
                           sort=sort, descending=descending, sorts=SORTS, kinds=KINDS,
                           state_filters=STATE_FILTERS,
                           form={"sqs": sqs or "", "kind": kind or "", "state": state or ""})


@pages.route("/unit/<code>/zip", methods=["POST"])
def download_zip(code: str) -> Response:
    check_form()
    unit = _unit(code)
    repo = current_repo()
    chosen = []
    for value in request.form.getlist("path"):
        document = repo.document(_params.checked_path(repo, value))
        require_document(document)
        if document.unit != unit:
            raise InvalidInput(f"'{document.path}' is not a document of unit '{unit}'")
        chosen.append(document)
    out = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)  # noqa: SIM115 (sent, then closed)
    zip_documents(repo, chosen, out)
    out.seek(0)
    return send_file(out, mimetype="application/zip", as_attachment=True,
                     download_name=f"{unit}-{date.today().isoformat()}.zip", max_age=0)
