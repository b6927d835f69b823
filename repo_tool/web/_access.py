"""What the signed-in account may see and change, checked in one place for every route.

Routes call these before they show or change anything: a unit, a document (its versions,
downloads and diffs), the units a list may hold, and who a change is recorded as. A refusal is
403 with a sentence in the page's language; it never says whether the thing exists.
"""

from __future__ import annotations

from flask import g
from werkzeug.exceptions import Forbidden

from repo_tool.config import Unit
from repo_tool.domain.accounts import Scope
from repo_tool.models import Actor, Document
from repo_tool.repository import Repository, current_actor
from repo_tool.web._i18n import translate
from repo_tool.web._signin import scope


def require_unit(code: str) -> None:
    """The account may see this unit's pages."""
    if not scope().sees_unit(code):
        raise Forbidden(translate("not_yours"))


def require_document(document: Document) -> None:
    """The account may read this document (its versions, downloads, diffs)."""
    if not scope().sees(document.unit, document.kind, document.sqs):
        raise Forbidden(translate("not_yours"))


def require_sqs(numbers: tuple[int, ...]) -> None:
    """Every SQS asked for is one the account may see (a reviewer limited to some)."""
    allowed = scope().sqs
    if allowed is not None and any(n not in allowed for n in numbers):
        raise Forbidden(translate("not_yours"))


def can_write(unit: str) -> bool:
    """With accounts: the role and units say; without: `serve --allow-write`."""
    if g.get("session") is None:
        return bool(g.settings.allow_write)
    return scope().writes(unit)


def require_write(unit: str) -> None:
    if not can_write(unit):
        raise Forbidden(translate("write_off" if g.get("session") is None else "not_yours"))


def actor(by: str | None) -> Actor:
    """Who a change is recorded as: the signed-in account (beside the server's OS user), or
    the name typed in the form on a server without accounts."""
    session = g.get("session")
    if session is not None:
        return current_actor(session.account.name)
    return current_actor(by)


def is_admin() -> bool:
    """An admin account, or the one person of a server without accounts."""
    return g.get("session") is None or scope().manage


def current_scope() -> Scope:
    return scope()


def visible_units(repo: Repository) -> list[Unit]:
    """The units this account may see, in repo.yaml's order."""
    seen = scope()
    return [unit for unit in repo.config.units if seen.sees_unit(unit.code)]


def sees_overview() -> bool:
    """The head office's overview is for an admin (and the local server without accounts), and
    for an editor or viewer of several units, over their own; never for a reviewer."""
    session = g.get("session")
    if session is None:
        return True
    account = session.account
    if account.role == "admin":
        return True
    return account.role in ("editor", "viewer") and len(account.units) >= 2


def overview_units(repo: Repository) -> list[Unit]:
    """The units the overview may show this account, or 403 (see `sees_overview`)."""
    if not sees_overview():
        raise Forbidden(translate("not_yours"))
    return visible_units(repo)
