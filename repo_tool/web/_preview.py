"""Looking before downloading: a version opened in the browser, page thumbnails, and the text
the search reads, for the documents the account may read.

`/view` sends a PDF or a PNG/JPEG/GIF image inline under `Content-Security-Policy: sandbox`
(no script runs, whatever the file holds); anything else goes to the download. `/thumbnail`
sends a drawn page, or a placeholder with 202 while the server's one background worker draws
it (404 when there is none to draw), and `/thumbnail/state` says how it stands, for the page's
small script to poll. A page never waits for a drawing.
"""

from __future__ import annotations

import re
import threading
from pathlib import PurePosixPath
from typing import Any

from flask import Blueprint, Response, current_app, g, redirect, request, send_file, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from repo_tool.domain.reading import reading
from repo_tool.generate.thumbnails import (
    Preview,
    Thumbnailer,
    inline_type,
    kind_of,
    may_show_inline,
)
from repo_tool.models import Document, Version
from repo_tool.web import _params
from repo_tool.web._access import require_document
from repo_tool.web._app import current_repo

pages = Blueprint("preview", __name__)
_starting = threading.Lock()

# A grey page with a folded corner: the thumbnail that is not drawn yet (or cannot be).
_PLACEHOLDER = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="320" viewBox="0 0 240 320">'
    '<rect width="240" height="320" fill="#f1f3f5"/>'
    '<path d="M80 110h60l20 20v80H80z" fill="none" stroke="#adb5bd" stroke-width="4"/>'
    '<path d="M140 110v20h20" fill="none" stroke="#adb5bd" stroke-width="4"/></svg>')


def thumbnailer() -> Thumbnailer:
    """This server's one worker (made on first use)."""
    with _starting:
        worker = current_app.extensions.get("thumbnails")
        if worker is None:
            worker = current_app.extensions["thumbnails"] = Thumbnailer(
                g.settings.root, background=g.settings.thumbnails)
    assert isinstance(worker, Thumbnailer)
    return worker


def _asked() -> tuple[Document, Version]:
    """The document and version the request names, after checking the account may read it."""
    repo = current_repo()
    document = repo.document(_params.document_path(repo))
    require_document(document)
    return document, repo.version(document, _params.whole("version", 1, 10**9))


@pages.route("/view")
def view() -> Response | WerkzeugResponse:
    document, version = _asked()
    blob = current_repo().open_version(version)
    media = inline_type(version.path, blob.read(1024))
    blob.seek(0)
    if media is None:
        blob.close()
        return redirect(url_for("browse.download", path=document.path, version=version.number))
    name = re.sub(r"[\x00-\x1f\x7f]", "_", PurePosixPath(version.path).name)
    response = send_file(blob, mimetype=media, as_attachment=False, download_name=name,
                         etag=version.sha256, max_age=0)
    # the file is shown, never run: no script, no form, its own origin
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'; " \
        "img-src 'self' data:; style-src 'unsafe-inline'; object-src 'self'"
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    response.headers["X-Content-SHA256"] = version.sha256
    return response


def _placeholder(code: int) -> Response:
    return Response(_PLACEHOLDER, code, content_type="image/svg+xml",
                    headers={"Cache-Control": "no-store", "Retry-After": "2"})


@pages.route("/thumbnail")
def thumbnail() -> Response:
    _document, version = _asked()
    number = _params.whole("page", 1, 1000, 1) or 1
    preview = thumbnailer().ask(version)
    if preview.state == "pending":
        return _placeholder(202)
    found = thumbnailer().cache.page(version.sha256, number)
    if found is None:
        return _placeholder(404)
    response = send_file(found, mimetype="image/png", etag=f"{version.sha256}-{number}",
                         max_age=3600, conditional=True)
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


@pages.route("/thumbnail/state")
def state() -> dict[str, Any]:
    _document, version = _asked()
    preview = thumbnailer().ask(version, urgent=request.args.get("urgent") == "1")
    return {"state": preview.state, "pages": preview.pages, "of": preview.of}


def _document_preview(document: Document, version: Version) -> dict[str, Any]:
    """What the document page shows of a version: its thumbnails (asked for first in the
    queue) and the text the search reads, the part `?part=N` names."""
    preview = (thumbnailer().ask(version, urgent=True) if kind_of(version.path)
               else Preview("none"))
    part = _params.whole("part", 1, 10**6, 1) or 1
    return {"preview": preview, "version": version, "document": document,
            "viewable": may_show_inline(version.path),
            "reading": reading(current_repo(), version, part)}


def _hit_state(path: str, number: int) -> str:
    """A search hit's thumbnails: "ready", "pending" (queued now), "failed" or "none". The
    search ran within the account's scope, so the hit is one it may read."""
    if kind_of(path) is None:
        return "none"
    repo = current_repo()
    version = repo.version(repo.document(path), number)
    return thumbnailer().ask(version).state


@pages.app_context_processor
def helpers() -> dict[str, object]:
    return {"pv_document": _document_preview, "pv_hit": _hit_state,
            "pv_viewable": may_show_inline}
