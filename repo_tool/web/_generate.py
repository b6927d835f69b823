"""The generate page: org chart, CCTV notice, forms 2.01 and 2.02, the Self Assessment Report,
a policy's staff sign-off sheet, the changes report for visitors and the evidence pack, each
made by the library's generator in the one format chosen and sent as a download.

Read-only (the default), documents are made in a temporary folder outside the repository and
nothing is recorded. With --allow-write and "record it" ticked, they go to
records/UNIT/generated/ and are recorded as new versions, exactly as `repo-tool generate` does.
An evidence pack always leaves an audit entry saying who took which versions out (as `repo-tool
pack` does), so it needs the writer lock for a moment.

When a document cannot be made, the page comes back with the form as it was filled in and the
reason on it, in the page's language (web/_messages.py), never an error page.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    after_this_request,
    g,
    render_template,
    request,
    send_file,
)
from werkzeug.exceptions import Forbidden

from repo_tool.domain.review_cycles import review_cycles
from repo_tool.errors import InvalidInput, RepoError
from repo_tool.generate import Generated, Output
from repo_tool.models import Actor
from repo_tool.repository import Repository
from repo_tool.web import _params
from repo_tool.web._access import (
    actor,
    can_write,
    current_scope,
    require_sqs,
    require_unit,
    visible_units,
)
from repo_tool.web._app import current_repo, error_page, public_message, status_of
from repo_tool.web._i18n import translate
from repo_tool.web._messages import Said, said
from repo_tool.web._messages import status_of as refusal_status
from repo_tool.web._write import check_form

pages = Blueprint("generate", __name__)
LANG_CHOICES = ("zh", "en", "both")
_MIME = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "pdf": "application/pdf", "svg": "image/svg+xml", "zip": "application/zip"}


@pages.route("/generate")
def form() -> str:
    unit = _params.text("unit")
    if unit is not None:
        current_repo().config.unit(unit)
        require_unit(unit)
    return _page(unit)


def _page(unit: str | None, failed: str | None = None, problem: Said | None = None) -> str:
    """The page; after a failure, `failed` (a form's id) is shown as it was sent, with the
    reason on it."""
    repo = current_repo()
    cycles = review_cycles(repo)
    units = visible_units(repo)
    first = unit or (units[0].code if units else "")
    return render_template("generate.html", repo=repo, selected=unit, this_year=date.today().year,
                           cycles=cycles, cycle=cycles.default_for(first).cycle, failed=failed,
                           filled=request.form if failed else {}, problem=problem)


_FORM_OF = {"generate.cctv_notice": "cctv-notice", "generate.org_chart": "org-chart",
            "generate.form_201": "form-201", "generate.form_202": "form-202",
            "generate.sar": "sar", "generate.ack_sheet": "ack-sheet",
            "generate.changes_report": "changes-report", "generate.pack": "pack"}


@pages.errorhandler(RepoError)
def refused(error: RepoError) -> tuple[str, int]:
    """A document that cannot be made: the page again, the form filled in, the reason on it."""
    failed = _FORM_OF.get(request.endpoint or "")
    if failed is None:  # the page itself, e.g. /generate?unit=nope
        return error_page(status_of(error), public_message(error))
    problem = said(error, public_message(error), read_only=not g.settings.allow_write)
    try:
        return _again(failed, problem, refusal_status(error))
    except RepoError:  # the repository itself cannot be read: the plain error page
        return error_page(status_of(error), public_message(error))


@pages.errorhandler(Forbidden)
def forbidden(error: Forbidden) -> tuple[str, int]:
    """A form out of date (its token) or a write on a read-only server: said on the form,
    which the page gives again with a fresh token."""
    failed = _FORM_OF.get(request.endpoint or "")
    if failed is None:
        return error_page(403, error.description or translate("http_403"))
    return _again(failed, Said(error.description or translate("http_403")), 403)


def _again(failed: str, problem: Said, status: int) -> tuple[str, int]:
    unit = request.form.get("unit", "").strip()
    known = current_repo().config.has_unit(unit)
    return _page(unit if known else None, failed, problem), status


def _choice(name: str, allowed: tuple[str, ...], default: str) -> str:
    value = _params.text(name) or default
    if value not in allowed:
        raise InvalidInput(f"'{value}' is not a {name}; use {', '.join(allowed)}")
    return value


def _send(path: Path, work: Path | None) -> Response:
    """Send `path` as a download; a temporary `work` folder is deleted at once.

    The file is opened first, so on POSIX its folder can go before the bytes are sent (the
    open handle keeps them readable). Werkzeug does not call a response's close hooks when
    the server passes a file straight through, so waiting for the response to close left
    every download behind."""
    handle = path.open("rb")
    if work is not None:
        try:
            shutil.rmtree(work)
        except OSError:  # Windows keeps an open file's folder: delete after the request
            @after_this_request
            def remove(response: Response) -> Response:
                response.call_on_close(lambda: shutil.rmtree(work, ignore_errors=True))
                return response
    return send_file(handle, as_attachment=True, download_name=path.name,
                     mimetype=_MIME.get(path.suffix.lstrip("."), "application/octet-stream"),
                     max_age=0)


Make = Callable[[Repository, str, Actor, Output], list[Generated]]
DOCX_OR_PDF = ("docx", "pdf")


def _run(what: str, make: Make, formats: tuple[str, ...] = DOCX_OR_PDF, default: str = "docx"
         ) -> Response:
    """Make the document in the one format chosen: recorded ("record it", with --allow-write)
    or in a temporary folder outside the repository; either way sent as a download."""
    check_form()
    repo = current_repo()
    unit = repo.config.unit(_params.text("unit", required=True) or "").code
    require_unit(unit)
    who = actor(_params.text("by"))
    chosen = (_choice("format", formats, default),)
    if _params.text("into_repo") is not None:
        if not can_write(unit):
            raise Forbidden(translate("record_off" if g.get("session") is None
                                      else "not_yours"))
        (made,) = make(repo, unit, who, Output(formats=chosen))
        return _send(made.path, None)
    work = Path(tempfile.mkdtemp(prefix=f"repo-tool-serve-{what}-"))
    try:
        (made,) = make(repo, unit, who, Output(formats=chosen, out=work, record=False))
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return _send(made.path, work)


@pages.route("/generate/cctv-notice", methods=["POST"])
def cctv_notice() -> Response:
    from repo_tool.generate.cctv_notice import generate_cctv_notice

    lang = _choice("lang", LANG_CHOICES, "both")
    phone = _params.text("phone")

    def make(repo: Repository, unit: str, actor: Actor, output: Output) -> list[Generated]:
        return generate_cctv_notice(repo, unit, actor=actor, output=output, phone=phone,
                                    lang=lang)
    return _run("cctv", make, default="pdf")


@pages.route("/generate/org-chart", methods=["POST"])
def org_chart() -> Response:
    from repo_tool.generate.org_chart import generate_org_chart

    lang = _choice("lang", LANG_CHOICES, "zh")

    def make(repo: Repository, unit: str, actor: Actor, output: Output) -> list[Generated]:
        return generate_org_chart(repo, unit, actor=actor, output=output, lang=lang)
    return _run("org-chart", make, ("docx", "svg", "pdf"), "pdf")


@pages.route("/generate/form-2.01", methods=["POST"])
def form_201() -> Response:
    from repo_tool.generate.sqs2_forms import generate_form_201

    cycle = _params.whole("cycle", 1950, 2200, date.today().year - 1) or 0

    def make(repo: Repository, unit: str, actor: Actor, output: Output) -> list[Generated]:
        return generate_form_201(repo, unit, actor=actor, output=output, cycle_year=cycle,
                                 head=_params.text("head"))
    return _run("form-2.01", make)


@pages.route("/generate/form-2.02", methods=["POST"])
def form_202() -> Response:
    from repo_tool.generate.sqs2_forms import generate_form_202

    since, until = _params.day("from"), _params.day("to")

    def make(repo: Repository, unit: str, actor: Actor, output: Output) -> list[Generated]:
        return generate_form_202(repo, unit, actor=actor, output=output, since=since,
                                 until=until, head=_params.text("head"))
    return _run("form-2.02", make)


@pages.route("/generate/sar", methods=["POST"])
def sar() -> Response:
    from repo_tool.generate.sar import generate_sar

    year = _params.whole("year", 1950, 2200, date.today().year - 1) or 0

    def make(repo: Repository, unit: str, actor: Actor, output: Output) -> list[Generated]:
        return generate_sar(repo, unit, actor=actor, output=output, year=year,
                            prepared_by=_params.text("prepared_by"), head=_params.text("head"))
    return _run("sar", make)


@pages.route("/generate/ack-sheet", methods=["POST"])
def ack_sheet() -> Response:
    from repo_tool.generate.ack_sheet import generate_ack_sheet

    number = _params.whole("version", 1, 10**9)

    def make(repo: Repository, unit: str, actor: Actor, output: Output) -> list[Generated]:
        return generate_ack_sheet(repo, unit, actor=actor, output=output,
                                  document=_params.document_path(repo, "document"),
                                  number=number)
    return _run("ack-sheet", make, default="pdf")


@pages.route("/generate/changes-report", methods=["POST"])
def changes_report() -> Response:
    from repo_tool.generate.changes_report import generate_changes_report

    since = _params.day("since")

    def make(repo: Repository, unit: str, actor: Actor, output: Output) -> list[Generated]:
        return generate_changes_report(repo, unit, actor=actor, output=output, since=since)
    return _run("changes", make, default="pdf")


@pages.route("/generate/pack", methods=["POST"])
def pack() -> Response:
    from repo_tool.generate.pack import ALL_SQS, make_pack

    check_form()
    repo = current_repo()
    unit = repo.config.unit(_params.text("unit", required=True) or "").code
    require_unit(unit)
    allowed = current_scope().sqs
    numbers = _params.sqs_list("sqs") or (tuple(sorted(allowed)) if allowed else ALL_SQS)
    require_sqs(numbers)
    as_of = _params.day("as_of")
    if _params.text("into_repo") is not None:
        raise InvalidInput("an evidence pack is never stored inside the repository (the next "
                           "scan would record the whole pack again as a document)")
    work = Path(tempfile.mkdtemp(prefix="repo-tool-serve-pack-"))
    try:
        binder = ("zip", "pdf") if request.form.get("pdf") == "1" else None
        result = make_pack(repo, unit, actor=actor(_params.text("by")),
                           output=Output(formats=binder, out=work, record=False),
                           numbers=numbers, as_of=as_of)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return _send(result.path, work)
