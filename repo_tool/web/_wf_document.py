"""A document's workflows on the web: approve or withdraw a policy version, restore an old
version. Each calls the function the CLI command calls (`approve`, `withdraw`, `restore`),
which takes the writer lock and audits the change under the signed-in account's name; a wrong
value brings the form back with the reason, and nothing is recorded.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from flask import Blueprint, redirect, url_for
from werkzeug.wrappers import Response

from repo_tool.domain.policies import approve as approve_policy
from repo_tool.domain.policies import document_states
from repo_tool.domain.policies import withdraw as withdraw_policy
from repo_tool.errors import InvalidInput, RepoError
from repo_tool.ingest.restore import restore as restore_version
from repo_tool.repository import Repository
from repo_tool.repository.history import history
from repo_tool.web import _params
from repo_tool.web._access import actor, require_document, require_write
from repo_tool.web._app import current_repo
from repo_tool.web._wf_forms import came_back, today
from repo_tool.web._write import _by, check_form

pages = Blueprint("wf_document", __name__)
TEMPLATE = "workflows/document.html"


def _writable(repo: Repository) -> str:
    """The posted document's path, once the account may change it."""
    path = _params.document_path(repo)
    document = repo.document(path)
    require_document(document)
    require_write(document.unit)
    return document.path


def _again(repo: Repository, path: str, error: RepoError) -> tuple[str, int]:
    found = history(repo, path)
    return came_back(TEMPLATE, error, repo=repo, found=found,
                     disposed=repo.catalog.disposals.of_document(found.document.id),
                     states=document_states(repo, found.document, today()),
                     name=PurePosixPath(path).name, today=today())


def _done(path: str, what: str) -> Response:
    return redirect(url_for("browse.document", path=path, done=what) + "#versions")


@pages.route("/document/approve", methods=["POST"])
def approve() -> Response | tuple[str, int]:
    check_form()
    repo = current_repo()
    path = _writable(repo)
    try:
        effective = _params.required_day("effective", "the effective date")
        approve_policy(repo, path, approver=_params.text("approver") or "",
                       role=_params.text("role") or "", effective_on=effective,
                       actor=actor(_by()), number=_params.whole("version", 1, 10**9),
                       approved_on=_params.day("approved"), note=_params.text("note"),
                       today=today())
    except RepoError as error:
        return _again(repo, path, error)
    return _done(path, "approved")


@pages.route("/document/withdraw", methods=["POST"])
def withdraw() -> Response | tuple[str, int]:
    check_form()
    repo = current_repo()
    path = _writable(repo)
    try:
        effective = _params.required_day("effective", "the effective date")
        withdraw_policy(repo, path, by=_params.text("decided_by") or "",
                        role=_params.text("role") or "", effective_on=effective,
                        note=_params.text("note") or "", actor=actor(_by()),
                        decided_on=_params.day("decided"), today=today())
    except RepoError as error:
        return _again(repo, path, error)
    return _done(path, "withdrawn")


@pages.route("/document/restore", methods=["POST"])
def restore() -> Response | tuple[str, int]:
    check_form()
    repo = current_repo()
    path = _writable(repo)
    try:
        number = _params.whole("version", 1, 10**9)
        if number is None:
            raise InvalidInput("the version is empty; give it")
        restore_version(repo, path, number, actor(_by()))
    except RepoError as error:
        return _again(repo, path, error)
    return _done(path, "restored")
