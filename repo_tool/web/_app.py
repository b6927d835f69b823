"""The Flask application: settings, per-request repository, language, password, errors.

Every request opens its own `Repository` (a read connection to the catalog, no lock), so readers
never wait for a writer such as `watch`; a write request goes through the library's
`repo.writing(...)`, which takes the lock and writes the audit log, or says who holds it (409).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from flask import Flask, Response, g, redirect, render_template, request, url_for
from markupsafe import Markup
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response as WerkzeugResponse

from repo_tool.config import CONFIG_NAME, Config, load_config
from repo_tool.domain.passwords import check_password
from repo_tool.errors import (
    CatalogError,
    ConfigError,
    Conflict,
    InvalidInput,
    Locked,
    NotAllowed,
    NotARepository,
    NotFound,
    RepoError,
    Unsupported,
)
from repo_tool.humanize import shown_bidi
from repo_tool.repository import Repository
from repo_tool.sqs import STANDARDS
from repo_tool.web._i18n import LANGS, translate
from repo_tool.web._signin import set_cookie
from repo_tool.web._throttle import LoginThrottle

MAX_PARAMETER = 1000  # characters in any one query or form value: more is 413
MAX_QUERY_STRING = 4000
MAX_FORM_BYTES = 64 * 1024
_log = logging.getLogger("repo_tool.web")

_STATUS: tuple[tuple[type[RepoError], int], ...] = (
    (InvalidInput, 400), (NotAllowed, 403), (NotFound, 404), (Locked, 409), (Conflict, 409),
    (Unsupported, 422), (NotARepository, 500), (ConfigError, 500), (CatalogError, 500))


@dataclass(frozen=True)
class Settings:
    """How the server runs: which repository, whether writes are allowed, the password."""

    root: Path
    allow_write: bool = False
    password_hash: str | None = None  # a passwords.hash_password() value; None: no login
    form_token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))  # signs sessions
    idle_seconds: float = 30 * 60  # a signed-in session ends after this long unused
    clock: Callable[[], float] = time.time  # injectable, for the tests of idle and expiry
    today: Callable[[], date] = date.today
    # draw page thumbnails in a background thread (`serve` does); an app made without it shows
    # only thumbnails already drawn, and starts no thread
    thumbnails: bool = False


class _Configs:
    """repo.yaml, parsed again only when its size or modification time changes (parsing it
    with line numbers takes ~18 ms with 20 units: a fifth of a search page)."""

    def __init__(self, root: Path) -> None:
        self.path = root / CONFIG_NAME
        self.lock = threading.Lock()
        self.seen: tuple[int, int] | None = None
        self.config: Config | None = None

    def current(self) -> Config:
        stat = self.path.stat()
        with self.lock:
            if self.config is None or self.seen != (stat.st_mtime_ns, stat.st_size):
                self.config = load_config(self.path)
                self.seen = (stat.st_mtime_ns, stat.st_size)
            return self.config


def current_repo() -> Repository:
    """This request's repository (opened on first use, closed when the request ends)."""
    if "repo" not in g:
        g.repo = Repository.open(g.settings.root, g.configs.current())
    repo: Repository = g.repo
    return repo


def status_of(error: RepoError) -> int:
    for kind, code in _STATUS:
        if isinstance(error, kind):
            return code
    return 400


def public_message(error: RepoError) -> str:
    """The library's words name folders for the person at the console; a browser, perhaps on
    another machine, is told the repository's name, not where it lies on the disk."""
    root: Path = g.settings.root
    return error.message.replace(str(root), root.name)


def error_page(code: int, message: str) -> tuple[str, int]:
    return render_template("error.html", code=code, message=message, repo=g.get("repo")), code


def _check_parameters() -> tuple[str, int] | None:
    """Oversized or NUL-carrying parameters are refused before any route sees them."""
    values = list(request.args.values())
    if request.method == "POST":
        values += list(request.form.values())
    if len(request.query_string) > MAX_QUERY_STRING or any(len(v) > MAX_PARAMETER
                                                           for v in values):
        return error_page(413, translate("too_long"))
    if "\x00" in request.path or any("\x00" in v for v in values):
        return error_page(400, translate("nul"))
    return None


class _Auth:
    """HTTP basic authentication against the stored hash, remembering good passwords by their
    sha256 so that PBKDF2's deliberate slowness is paid once, not on every request."""

    def __init__(self, stored: str) -> None:
        self.stored = stored
        self.accepted: set[str] = set()

    def allows(self, header: str | None) -> bool:
        if not header or not header.startswith("Basic "):
            return False
        try:
            decoded = base64.b64decode(header[6:], validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return False
        password = decoded.partition(":")[2]
        key = hashlib.sha256(password.encode("utf-8")).hexdigest()
        if key in self.accepted:
            return True
        if check_password(password, self.stored):
            self.accepted.add(key)
            return True
        return False


def _no_bidi(value: object) -> object:
    """Every value a page prints: a bidirectional override in a file name (U+202E shows
    `invoice\u202etxt.exe` as `invoiceexe.txt`) is written as its escape instead."""
    if isinstance(value, Markup):  # already safe HTML (highlighted snippets, forms): keep it so
        return Markup(shown_bidi(str(value)))
    return shown_bidi(value) if isinstance(value, str) else value


def _login(auth: _Auth, throttle: LoginThrottle) -> Response | None:
    """None when the request's password is right; else the 401 (or 429) to send."""
    client = request.remote_addr or "unknown"
    header = request.headers.get("Authorization")
    wait = throttle.wait_left(client)
    if wait > 0:
        body, code = error_page(429, translate("too_many_logins"))
        return Response(body, code, {"Retry-After": str(int(wait) + 1)},
                        content_type="text/html")
    if auth.allows(header):
        throttle.succeeded(client)
        return None
    if header:  # a browser's first request carries no password: not a failure
        throttle.failed(client)
    body, code = error_page(401, translate("login"))
    return Response(body, code, {"WWW-Authenticate": 'Basic realm="repo-tool", '
                                 'charset="UTF-8"'}, content_type="text/html")


def form_token() -> str:
    """The token every form of this page carries: the session's, or the server's."""
    session = g.get("session")
    return str(session.form_token if session is not None else g.settings.form_token)


def _writes_anywhere() -> bool:
    session = g.get("session")
    if session is None:
        return bool(g.settings.allow_write)
    return bool(session.account.scope.write)


def _require_session() -> WerkzeugResponse | tuple[str, int] | None:
    """With accounts, every page but the sign-in page needs a signed-in, usable account."""
    from repo_tool.web._signin import OPEN_ENDPOINTS, identify

    g.session = identify()
    if g.session is not None or request.endpoint in OPEN_ENDPOINTS:
        return None
    if request.method == "GET" and not request.path.startswith("/api/"):
        return redirect(url_for("signin.login", next=request.full_path.rstrip("?")))
    return error_page(401, translate("sign_in_needed"))


def create_app(settings: Settings) -> Flask:
    """The web interface over the repository at `settings.root`."""
    from repo_tool.web import (
        _api,
        _browse,
        _generate,
        _overview,
        _preview,
        _readable,
        _signin,
        _upload,
        _write,
    )
    from repo_tool.web._access import can_write, sees_overview, visible_units
    from repo_tool.web._wf_register import register as _wf_register
    from repo_tool.web._wording import said

    app = Flask(__name__)
    app.jinja_env.finalize = _no_bidi
    app.config["MAX_CONTENT_LENGTH"] = MAX_FORM_BYTES
    auth = _Auth(settings.password_hash) if settings.password_hash else None
    throttle = LoginThrottle()
    configs = _Configs(settings.root)
    # each part of the interface may bring its own stylesheet (static/parts/*.css)
    part_styles = sorted(p.name for p in (Path(__file__).parent / "static" / "parts").glob("*.css"))

    @app.before_request
    def before() -> tuple[str, int] | Response | WerkzeugResponse | None:
        g.settings = settings
        g.configs = configs
        asked = request.args.get("lang")
        g.lang = asked if asked in LANGS else request.cookies.get("lang", "zh")
        if g.lang not in LANGS:
            g.lang = "zh"
        g.throttle = throttle
        # a view that takes files (web/_upload.py) says how large its request may be
        body_limit = getattr(app.view_functions.get(request.endpoint or ""), "max_body", None)
        if body_limit is not None:
            request.max_content_length = body_limit
        refused = _check_parameters()
        if refused is not None:
            return refused
        if request.blueprint == "api":  # it checks its own tokens
            return None
        if current_repo().catalog.accounts.any_active():
            return _require_session()
        if auth is not None:
            return _login(auth, throttle)
        return None

    @app.after_request
    def after(response: Response) -> Response:
        session = g.get("session")
        if session is not None and not g.get("signed_out") and request.blueprint != "api":
            # the idle clock starts again (an API token is no session)
            set_cookie(response, session.account.name, session.form_token)
        if request.args.get("lang") in LANGS:
            response.set_cookie("lang", request.args["lang"], samesite="Lax",
                                max_age=365 * 24 * 3600)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Content-Security-Policy",
                                    "default-src 'self'; style-src 'self' 'unsafe-inline'; "
                                    "img-src 'self' data:")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    @app.teardown_request
    def close_repo(_: BaseException | None) -> None:
        repo = g.pop("repo", None)
        if repo is not None:
            repo.close()

    @app.errorhandler(RepoError)
    def repo_error(error: RepoError) -> tuple[str, int]:
        return error_page(status_of(error), said(public_message(error), unknown_as_is=True))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int]:
        code = error.code or 500
        if error.description and error.description != type(error).description:
            return error_page(code, error.description)  # our own words, already translated
        return error_page(code, translate(f"http_{code}", default=error.description or ""))

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> tuple[str, int]:
        _log.exception("unexpected error in %s %s", request.method, request.path)
        return error_page(500, translate("http_500"))

    def lang_url(code: str) -> str:
        """This page in another language (the choice is then kept in a cookie)."""
        if request.method != "GET" or request.endpoint is None:
            if request.blueprint == "generate":  # a form that came back with its reason
                return url_for("generate.form", lang=code)
            return url_for("browse.home", lang=code)
        values: dict[str, Any] = {k: v for k, v in request.args.to_dict(flat=False).items()
                                  if k != "lang"}
        values.update(request.view_args or {}, lang=code)
        return url_for(request.endpoint, **values)

    @app.context_processor
    def helpers() -> dict[str, object]:
        return {"t": translate, "lang_url": lang_url, "lang": g.get("lang", "zh"),
                "standards": STANDARDS, "settings": settings, "token_field": Markup(
                    f'<input type="hidden" name="token" value="{form_token()}">'),
                "session": g.get("session"), "can_write": _writes_anywhere(),
                "visible_units": visible_units(g.repo) if "repo" in g else [],
                "writes": can_write, "part_styles": part_styles,
                "sees_overview": sees_overview}

    app.register_blueprint(_signin.pages)
    app.register_blueprint(_api.pages)
    app.register_blueprint(_browse.pages)
    app.register_blueprint(_generate.pages)
    app.register_blueprint(_write.pages)
    app.register_blueprint(_preview.pages)
    app.register_blueprint(_readable.pages)
    _wf_register(app)  # the workflow forms (web/_wf_*.py)
    app.register_blueprint(_upload.pages)
    app.register_blueprint(_overview.pages)
    return app
