"""Reading pages: home, search, document (history, download, diff), unit readiness."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from pathlib import PurePosixPath

from flask import Blueprint, Response, g, render_template, request, send_file
from markupsafe import Markup, escape

from repo_tool.domain.head_office import HEAD_OFFICE
from repo_tool.domain.policies import document_states
from repo_tool.domain.retention import overdue_counts
from repo_tool.domain.reviews import Filters as ReviewFilters
from repo_tool.domain.reviews import amendments, due, reviews
from repo_tool.domain.scoped import browse_within, search_within
from repo_tool.domain.searching import STATE_CHOICES
from repo_tool.domain.status import status
from repo_tool.domain.titles import titles, titles_of_paths
from repo_tool.errors import InvalidInput
from repo_tool.humanize import human_size, local_time, mtime_text
from repo_tool.repository.diff import text_diff
from repo_tool.repository.history import history
from repo_tool.search import Filters
from repo_tool.sqs import standard
from repo_tool.web import _params
from repo_tool.web._access import current_scope, is_admin, require_document, require_unit
from repo_tool.web._app import current_repo

pages = Blueprint("browse", __name__)
KINDS = ("policy", "record")
PAGE = 20  # hits per page, as the CLI shows: each hit's snippet costs ~2 ms


def marked(snippet: str, highlights: tuple[tuple[int, int], ...]) -> Markup:
    """The snippet, escaped, with each matched span in <mark>."""
    out, last = [], 0
    for start, end in highlights:
        out += [escape(snippet[last:start]), Markup("<mark>"), escape(snippet[start:end]),
                Markup("</mark>")]
        last = end
    out.append(escape(snippet[last:]))
    return Markup("").join(out)


@pages.app_template_filter("when")
def when(stamp: str) -> str:
    return local_time(stamp)


@pages.app_template_filter("mtime")
def mtime(ns: int) -> str:
    return mtime_text(ns)


@pages.app_template_filter("size")
def size(value: int) -> str:
    return human_size(value)


@pages.app_template_filter("sqs")
def sqs_label(number: int) -> str:
    return standard(number).label


@pages.route("/")
def home() -> str:
    repo = current_repo()
    counts = repo.catalog.unit_counts()
    return render_template("home.html", repo=repo, counts=counts)


@pages.route("/search")
def search() -> str:
    repo = current_repo()
    query = _params.text("q")
    units = tuple(u for u in (_params.text("unit"),) if u)
    for asked in units:
        if asked != HEAD_OFFICE:
            require_unit(asked)
    kind = _params.text("kind")
    if kind is not None and kind not in KINDS:
        raise InvalidInput(f"'{kind}' is not a kind; use policy or record")
    since = _params.day("since")
    sqs = _params.sqs_list("sqs")
    state = _params.text("state")
    if state is not None and state not in STATE_CHOICES:
        raise InvalidInput(f"'{state}' is not a policy state; use one of "
                           f"{', '.join(STATE_CHOICES)}")
    limit = _params.whole("limit", 1, 500, PAGE) or PAGE
    result = listing = None
    if query:
        since_stamp = None
        if since is not None:  # its local midnight, as `repo-tool search --since`
            since_stamp = int(datetime.combine(since, datetime.min.time()).astimezone()
                              .timestamp())
        filters = Filters(units=units, sqs=sqs, kind=kind, since=since_stamp,
                          all_versions=_params.text("all") is not None)
        result = search_within(repo, current_scope(), query, filters, limit, state=state,
                            generated=_params.text("generated") is not None)
    elif units or sqs or kind:  # no words: browse what is filed there (up to 500)
        listing = browse_within(repo, current_scope(), units[0] if units else None, sqs, kind)
    # search as you type (static/pages.js) asks for the results alone
    template = "search_results.html" if _params.text("partial") else "search.html"
    return render_template(template, repo=repo, result=result, marked=marked,
                           listing=listing, limit=limit,
                           titles=titles(repo, listing) if listing else {},
                           args={k: v for k, v in request.args.items() if k != "partial"},
                           form={"q": query or "", "unit": units[0] if units else "",
                                 "sqs": sqs, "kind": kind or "",
                                 "since": since.isoformat() if since else "",
                                 "state": state or "",
                                 "all": _params.text("all") is not None,
                                 "generated": _params.text("generated") is not None})


@pages.route("/document")
def document() -> str:
    repo = current_repo()
    found = history(repo, _params.document_path(repo))
    require_document(found.document)
    return render_template("document.html", repo=repo, found=found,
                           disposed=repo.catalog.disposals.of_document(found.document.id),
                           states=document_states(repo, found.document),
                           name=PurePosixPath(found.document.path).name,
                           title=titles(repo, [found.document])[found.document.path])


@pages.route("/download")
def download() -> Response:
    repo = current_repo()
    document = repo.document(_params.document_path(repo))
    require_document(document)
    version = repo.version(document, _params.whole("version", 1, 10**9))
    blob = repo.open_version(version)
    # a newline in a file name would break the Content-Disposition header (a 500)
    name = re.sub(r"[\x00-\x1f\x7f]", "_", PurePosixPath(version.path).name)
    response = send_file(blob, as_attachment=True, download_name=name,
                         mimetype="application/octet-stream", etag=version.sha256,
                         max_age=0)
    response.headers["X-Content-SHA256"] = version.sha256
    response.headers["X-Version"] = str(version.number)
    return response


@pages.route("/diff")
def diff() -> str:
    repo = current_repo()
    path = _params.document_path(repo)
    require_document(repo.document(path))
    old = _params.whole("a", 1, 10**9)
    new = _params.whole("b", 1, 10**9)
    result = text_diff(repo, path, old, new, context=_params.whole("context", 0, 50, 1) or 1)
    return render_template("diff.html", repo=repo, result=result)


@pages.route("/unit/<code>")
def unit(code: str) -> str:
    repo = current_repo()
    registered = repo.config.unit(code)
    require_unit(registered.code)
    shown = current_scope().sqs  # a reviewer may be limited to some SQSs

    def visible(sqs: int) -> bool:
        return shown is None or sqs in shown

    on = g.settings.today()  # one clock for the whole page
    # retention is judged once, below, and shown to admins only
    readiness = status(repo, registered.code, on, retention=False)[0]
    readiness = replace(readiness, rows=tuple(r for r in readiness.rows if visible(r.sqs)))
    attention = [item for item in due(repo, registered.code, on)
                 if item.needs_attention and visible(item.sqs)]
    log = [r for r in reviews(repo, ReviewFilters(unit=registered.code)) if visible(r.sqs)]
    amended = [a for a in amendments(repo, ReviewFilters(unit=registered.code))
               if visible(a.sqs)]
    paths = [v.path for r in log for v in r.versions]
    paths += [p for item in attention for p in item.changed_since_review]
    overdue = overdue_counts(repo, registered.code, on) if is_admin() \
        else (0, 0)
    return render_template("unit.html", repo=repo, unit=registered, readiness=readiness,
                           retention_overdue=overdue,
                           attention=attention, reviews=log, amendments=amended,
                           titles=titles_of_paths(repo, paths))
