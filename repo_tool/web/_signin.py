"""Signing in to the organisation's server: the sign-in page, the session cookie, sign-out.

When any account exists (`repo-tool user add`), every page needs a signed-in account, on this
machine too. With none, the server keeps its single-user behaviour (this machine only, or one
shared password; see _app.py).

The session is a cookie holding the account's name, a per-session form token (CSRF) and the
time of the last request, signed with a key made when the server starts (a restart signs
everyone out). It is HttpOnly and SameSite=Strict, and Secure when the request came over HTTPS
(through the reverse proxy, `serve --proxy`). A session idle for longer than `idle_seconds`
ends; the account is read again on every request, so disabling it or its expiry takes effect at
once. Failed sign-ins are slowed per client address and, more leniently, per account name, so
one client guessing cannot lock a person out of their account from another client.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import Blueprint, g, redirect, render_template, request, url_for
from itsdangerous import BadSignature, URLSafeSerializer
from werkzeug.wrappers import Response

from repo_tool.domain.accounts import Account, Scope, current_account, sign_in
from repo_tool.errors import NotAllowed
from repo_tool.web._i18n import translate

pages = Blueprint("signin", __name__)
COOKIE = "repo_tool_session"
ACCOUNT_ALLOWED = 20  # failures per account name before it is slowed (per client: _throttle)
OPEN_ENDPOINTS = frozenset({"signin.login", "static"})


@dataclass(frozen=True)
class Session:
    """Who is signed in on this request, with the form token of their session."""

    account: Account
    form_token: str


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(g.settings.secret, salt="repo-tool-session")


def _read_cookie() -> tuple[str, str, float] | None:
    raw = request.cookies.get(COOKIE)
    if not raw:
        return None
    try:
        data = _serializer().loads(raw)
    except BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    name, token, seen = data.get("n"), data.get("c"), data.get("t")
    if not isinstance(name, str) or not isinstance(token, str) or \
            not isinstance(seen, int | float):
        return None
    return name, token, float(seen)


def identify() -> Session | None:
    """The signed-in session of this request, or None (no cookie, idle too long, or the
    account can no longer be used)."""
    found = _read_cookie()
    if found is None:
        return None
    name, token, seen = found
    settings = g.settings
    if settings.clock() - seen > settings.idle_seconds:
        return None
    from repo_tool.web._app import current_repo

    try:
        account = current_account(current_repo(), name, settings.today())
    except NotAllowed:
        return None
    return Session(account, token)


def set_cookie(response: Response, name: str, token: str) -> None:
    """(Re)write the session cookie, with this moment as its last use."""
    value = _serializer().dumps({"n": name, "c": token, "t": g.settings.clock()})
    response.set_cookie(COOKIE, value, httponly=True, samesite="Strict",
                        secure=request.is_secure, path="/")


def _safe_next(target: str | None) -> str:
    """Only a path on this server: never another site (an open redirect)."""
    if not target:
        return url_for("browse.home")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") \
            or "\\" in target:
        return url_for("browse.home")
    return target


def sign_in_page(message: str | None = None, code: int = 200, name: str = "") -> Response:
    from repo_tool.web._app import current_repo

    body = render_template("login.html", repo=current_repo(), message=message, name=name,
                           next=_safe_next(request.values.get("next")))
    return Response(body, code, content_type="text/html; charset=utf-8")


@pages.route("/login", methods=["GET", "POST"])
def login() -> Response:
    if request.method == "GET":
        return sign_in_page()
    from repo_tool.web._app import current_repo
    from repo_tool.web._write import check_form

    check_form()
    name = (request.form.get("name") or "").strip()
    password = request.form.get("password") or ""
    client = request.remote_addr or "unknown"
    throttle = g.throttle
    wait = max(throttle.wait_left(client), throttle.wait_left(f"account:{name}"))
    if wait > 0:
        response = sign_in_page(translate("too_many_logins"), 429, name)
        response.headers["Retry-After"] = str(int(wait) + 1)
        return response
    try:
        account = sign_in(current_repo(), name, password, g.settings.today())
    except NotAllowed:
        throttle.failed(client)
        throttle.failed(f"account:{name}", allowed=ACCOUNT_ALLOWED)
        return sign_in_page(translate("sign_in_refused"), 401, name)
    throttle.succeeded(client)
    throttle.succeeded(f"account:{name}")
    response = redirect(_safe_next(request.form.get("next")))
    set_cookie(response, account.name, secrets.token_urlsafe(24))
    return response


@pages.route("/logout", methods=["POST"])
def logout() -> Response:
    from repo_tool.web._write import check_form

    check_form()
    response = redirect(url_for("signin.login"))
    response.delete_cookie(COOKIE, path="/")
    g.signed_out = True
    return response


def scope() -> Scope:
    """What this request may see and change (everything on a server without accounts)."""
    session: Session | None = g.get("session")
    return session.account.scope if session is not None else Scope.everything()
