"""`serve` with accounts (issue 19): sign-in, sessions, scopes on every route, signed changes.

The real Flask app over a copy of the demo repository with real accounts in its catalog; the
clock and the date are injected where idle time and expiry matter.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient

from repo_tool.domain.accounts import Scope, add_account
from repo_tool.domain.scoped import search_within, slices
from repo_tool.domain.searching import search
from repo_tool.ingest import scan
from repo_tool.repository import Repository
from repo_tool.search import Filters
from repo_tool.web._app import Settings, create_app
from tests.conftest import ACTOR, write
from tests.serving import demo_with_history

SECRET = "correct horse battery"
YCC_POLICY = "policies/ycc/SQS-14 私隱和保密/私隱及保密政策 Privacy and Confidentiality Policy.docx"
HOME_POLICY = ("policies/home/SQS-14 私隱和保密/"
               "私隱及保密政策 Privacy and Confidentiality Policy.docx")
YCC_COMPLAINTS = "policies/ycc/SQS-15 申訴/投訴處理程序 Complaints Procedure.docx"
AGENCY_POLICY = ("policies/agency/SQS-02 檢討及修訂政策和程序/"
                 "政策及程序檢討指引 Policy Review Procedure.docx")
AGENCY_RECORD = "records/agency/SQS-02/總辦事處會議紀錄.txt"
TODAY = date(2026, 12, 4)


class Clock:
    """The server's clock, moved by the tests."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0
        self.today = TODAY

    def time(self) -> float:
        return self.now

    def date(self) -> date:
        return self.today


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = demo_with_history(tmp_path_factory.mktemp("accounts") / "demo")
    write(root / AGENCY_RECORD, "總辦事處會議 私隱")
    repo = Repository.open(root)
    try:
        scan(repo, ACTOR)
        add_account(repo, "admin-ho", "admin", SECRET, ACTOR, today=TODAY)
        add_account(repo, "swd-officer", "reviewer", SECRET, ACTOR, units=("ycc",), sqs=(14,),
                    expires=TODAY + timedelta(days=30), today=TODAY)
        add_account(repo, "陳社工", "editor", SECRET, ACTOR, units=("ycc",), today=TODAY)
        add_account(repo, "viewer-home", "viewer", SECRET, ACTOR, units=("home",), today=TODAY)
    finally:
        repo.close()
    return root


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(demo: Path, clock: Clock) -> Flask:
    return create_app(Settings(root=demo, clock=clock.time, today=clock.date))


def form_token(client: FlaskClient, url: str = "/login") -> str:
    found = re.search(r'name="token" value="([^"]+)"', client.get(url).get_data(as_text=True))
    assert found, f"no form token on {url}"
    return found[1]


def sign_in(client: FlaskClient, name: str, password: str = SECRET,
            address: str = "127.0.0.1", next_url: str = "/") -> int:
    reply = client.post("/login", data={"name": name, "password": password, "next": next_url,
                                        "token": form_token(client)},
                        environ_base={"REMOTE_ADDR": address})
    return reply.status_code


def text(client: FlaskClient, url: str) -> str:
    reply = client.get(url)
    assert reply.status_code == 200, (url, reply.status_code)
    return reply.get_data(as_text=True)


def test_every_page_needs_signing_in_once_an_account_exists(client: FlaskClient) -> None:
    reply = client.get("/search?q=" + quote("私隱"))
    assert reply.status_code == 302
    assert reply.headers["Location"].startswith("/login?next=/search")
    assert client.get("/download?path=" + quote(YCC_POLICY) + "&version=1").status_code == 302
    assert client.post("/review", data={"unit": "ycc"}).status_code == 401
    page = text(client, "/login")
    assert "帳戶名稱" in page and "密碼" in page and 'type="password"' in page


def test_a_wrong_password_is_refused_without_saying_which_part(client: FlaskClient) -> None:
    assert sign_in(client, "陳社工", "wrong password") == 401
    for name in ("陳社工", "nobody"):
        client.post("/login", data={"name": name, "password": "wrong password",
                                    "token": form_token(client)})
    reply = client.post("/login?lang=en", data={"name": "nobody", "password": "x",
                                                "token": form_token(client)})
    assert "The name or password is wrong, or the account is disabled or expired" in \
        reply.get_data(as_text=True)


def test_the_session_cookie_is_httponly_strict_and_secure_over_https(app: Flask) -> None:
    with app.test_client() as client:
        reply = client.post("/login", data={"name": "陳社工", "password": SECRET,
                                            "token": form_token(client)})
        assert reply.status_code == 302 and reply.headers["Location"] == "/"
        cookie = reply.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" not in cookie
    with app.test_client() as client:
        token = re.search(r'name="token" value="([^"]+)"',
                          client.get("/login", base_url="https://localhost").get_data(
                              as_text=True))
        assert token
        reply = client.post("/login", base_url="https://localhost",
                            data={"name": "陳社工", "password": SECRET, "token": token[1]})
        assert "Secure" in reply.headers["Set-Cookie"]


def test_sign_in_goes_back_to_the_page_asked_for_but_never_off_site(client: FlaskClient) -> None:
    reply = client.post("/login", data={"name": "陳社工", "password": SECRET,
                                        "next": "/unit/ycc", "token": form_token(client)})
    assert reply.headers["Location"] == "/unit/ycc"
    client.post("/logout", data={"token": form_token(client, "/")})
    for evil in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        reply = client.post("/login", data={"name": "陳社工", "password": SECRET, "next": evil,
                                            "token": form_token(client)})
        assert reply.headers["Location"] == "/", evil
        client.post("/logout", data={"token": form_token(client, "/")})


def test_a_reviewer_sees_only_their_unit_and_sqs(client: FlaskClient) -> None:
    assert sign_in(client, "swd-officer") == 302
    found = text(client, "/search?q=" + quote("私隱"))
    assert "ycc" in found and "policies/home/" not in found and "records/agency/" not in found
    assert "swd-officer" in found  # the header names who is signed in
    assert "policies/ycc/SQS-15" not in text(client, "/search?q=" + quote("投訴"))
    for url in ("/document?path=" + quote(HOME_POLICY),
                "/download?path=" + quote(HOME_POLICY) + "&version=1",
                "/diff?path=" + quote(HOME_POLICY) + "&a=1&b=1",
                "/document?path=" + quote(YCC_COMPLAINTS),
                "/document?path=" + quote(AGENCY_RECORD),
                "/unit/home", "/search?q=x&unit=home", "/generate?unit=home"):
        reply = client.get(url)
        assert reply.status_code == 403, url
        assert "你的帳戶無權查看或更改此項目" in reply.get_data(as_text=True)
    assert client.get("/document?path=" + quote(YCC_POLICY)).status_code == 200
    assert client.get("/download?path=" + quote(YCC_POLICY) + "&version=1").status_code == 200
    unit = text(client, "/unit/ycc")
    table = unit.split('<table id="readiness">')[1].split("</table>")[0]
    assert table.count("<tr class=") == 1 and "私隱和保密" in table
    home = text(client, "/")
    assert "/unit/ycc" in home and "/unit/home" not in home
    pack = client.post("/generate/pack", data={"unit": "home", "token": form_token(client, "/")})
    assert pack.status_code == 403
    pack = client.post("/generate/pack", data={"unit": "ycc", "sqs": "15",
                                               "token": form_token(client, "/")})
    assert pack.status_code == 403
    # a reviewer writes nothing
    tag = client.post("/tag", data={"path": YCC_POLICY, "sqs": "14",
                                    "token": form_token(client, "/")})
    assert tag.status_code == 403


def test_paths_outside_the_repository_are_refused_before_any_scope(client: FlaskClient) -> None:
    assert sign_in(client, "admin-ho") == 302
    for bad in ("../repo.yaml", "/etc/passwd", "policies/../../x"):
        assert client.get("/document?path=" + quote(bad)).status_code == 400, bad


def test_head_office_policies_are_read_by_all_and_its_records_by_editors(
        client: FlaskClient) -> None:
    assert sign_in(client, "viewer-home") == 302
    assert client.get("/document?path=" + quote(AGENCY_POLICY)).status_code == 200
    assert client.get("/document?path=" + quote(AGENCY_RECORD)).status_code == 403
    client.post("/logout", data={"token": form_token(client, "/")})
    assert sign_in(client, "陳社工") == 302
    assert client.get("/document?path=" + quote(AGENCY_RECORD)).status_code == 200
    assert "records/agency/" in text(client, "/search?q=" + quote("總辦事處會議"))


def test_an_expired_reviewer_is_signed_out_and_refused(client: FlaskClient,
                                                       clock: Clock) -> None:
    assert sign_in(client, "swd-officer") == 302
    assert client.get("/unit/ycc").status_code == 200
    clock.today = TODAY + timedelta(days=31)
    assert client.get("/unit/ycc").status_code == 302
    assert sign_in(client, "swd-officer") == 401


def test_an_idle_session_ends(client: FlaskClient, clock: Clock) -> None:
    assert sign_in(client, "陳社工") == 302
    clock.now += 29 * 60
    assert client.get("/").status_code == 200  # each request starts the idle time again
    clock.now += 29 * 60
    assert client.get("/").status_code == 200
    clock.now += 31 * 60
    assert client.get("/").status_code == 302


def test_an_editor_records_a_review_under_their_name_only_in_their_unit(
        client: FlaskClient, demo: Path) -> None:
    assert sign_in(client, "陳社工") == 302
    token = form_token(client, "/unit/ycc")
    assert 'name="by"' not in text(client, "/unit/ycc")  # the account is the person
    done = client.post("/review", data={"unit": "ycc", "sqs": "4", "date": "2026-11-30",
                                        "outcome": "no-change", "token": token})
    assert done.status_code == 302, done.get_data(as_text=True)
    refused = client.post("/review", data={"unit": "home", "sqs": "4", "date": "2026-11-30",
                                           "outcome": "no-change", "token": token})
    assert refused.status_code == 403
    forged = client.post("/review", data={"unit": "ycc", "sqs": "4", "date": "2026-11-30",
                                          "outcome": "no-change", "token": "forged"})
    assert forged.status_code == 403
    repo = Repository.open(demo)
    try:
        entry = [e for e in repo.catalog.audit_entries() if e.action == "review record"][-1]
    finally:
        repo.close()
    assert entry.by == "陳社工" and entry.detail["unit"] == "ycc" and entry.user


def test_ten_failures_lock_out_one_client_but_not_the_account(client: FlaskClient,
                                                              app: Flask) -> None:
    codes = [sign_in(client, "陳社工", "wrong password", address="10.0.0.7")
             for _ in range(10)]
    assert codes[:5] == [401] * 5 and set(codes[5:]) == {429}
    assert sign_in(client, "陳社工", SECRET, address="10.0.0.7") == 429
    with app.test_client() as other:
        assert sign_in(other, "陳社工", SECRET, address="10.0.0.8") == 302


def test_signing_out_ends_the_session(client: FlaskClient) -> None:
    assert sign_in(client, "admin-ho") == 302
    assert client.get("/unit/home").status_code == 200
    reply = client.post("/logout", data={"token": form_token(client, "/")})
    assert reply.status_code == 302 and reply.headers["Location"] == "/login"
    assert client.get("/unit/home").status_code == 302


# -- the read API ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tokens(demo: Path) -> dict[str, str]:
    from repo_tool.domain.accounts import make_token

    repo = Repository.open(demo)
    try:
        return {name: make_token(repo, name, ACTOR)
                for name in ("swd-officer", "admin-ho", "viewer-home")}
    finally:
        repo.close()


def api(client: FlaskClient, url: str, token: str | None) -> tuple[int, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    reply = client.get(url, headers=headers)
    assert reply.content_type.startswith("application/json"), reply.content_type
    return reply.status_code, reply.get_json()


def test_the_api_needs_a_token_and_answers_as_the_cli_json(client: FlaskClient,
                                                           tokens: dict[str, str],
                                                           demo: Path) -> None:
    assert api(client, "/api/v1/search?q=" + quote("私隱"), None)[0] == 401
    code, body = api(client, "/api/v1/search?q=" + quote("私隱"), "rt_not-a-token")
    assert code == 401 and "not valid" in body["error"]
    code, hits = api(client, "/api/v1/search?q=" + quote("私隱"), tokens["admin-ho"])
    assert code == 200 and isinstance(hits, list)
    from tests.conftest import Cli

    cli_hits = json.loads(Cli(demo)("search", "私隱", "--json").output)
    assert [h["path"] for h in hits] == [h["path"] for h in cli_hits]
    assert set(hits[0]) == set(cli_hits[0])
    assert "Set-Cookie" not in client.get(
        "/api/v1/search?q=x", headers={"Authorization": f"Bearer {tokens['admin-ho']}"}).headers


def test_the_api_is_scoped_like_the_pages(client: FlaskClient, tokens: dict[str, str]) -> None:
    reviewer = tokens["swd-officer"]
    code, hits = api(client, "/api/v1/search?q=" + quote("私隱"), reviewer)
    assert code == 200 and hits and all(h["unit"] in ("ycc", "agency") for h in hits)
    assert not [h for h in hits if h["path"].startswith("records/agency/")]
    assert api(client, "/api/v1/documents/" + quote(HOME_POLICY), reviewer)[0] == 403
    code, found = api(client, "/api/v1/documents/" + quote(YCC_POLICY), reviewer)
    assert code == 200 and found["document"]["path"] == YCC_POLICY
    assert api(client, "/api/v1/units/home/status", reviewer)[0] == 403
    code, rows = api(client, "/api/v1/units/ycc/status", reviewer)
    assert code == 200 and [r["sqs"] for r in rows[0]["rows"]] == [14]
    assert api(client, "/api/v1/search?q=x&unit=home", reviewer)[0] == 403
    assert api(client, "/api/v1/documents/" + quote("../repo.yaml"), reviewer)[0] == 400
    code, rows = api(client, "/api/v1/units/home/status", tokens["viewer-home"])
    assert code == 200 and len(rows[0]["rows"]) == 16


def test_a_repository_without_a_head_office_searches_only_the_accounts_units() -> None:
    viewer = Scope(frozenset({"u01", "u02"}), None, False, False)
    assert slices(viewer, Filters()) == [Filters(units=("u01", "u02")),
                                         Filters(units=("agency",), kind="policy")]
    # no `agency` in repo.yaml: no second query for it (searching an unknown unit is a 404)
    assert slices(viewer, Filters(), head_office=False) == [Filters(units=("u01", "u02"))]


def test_a_scoped_search_is_its_units_and_the_head_offices_policies_by_score(demo: Path) -> None:
    repo = Repository.open(demo)
    try:
        viewer = Scope(frozenset({"home"}), None, False, False)
        own = search(repo, "政策", Filters(units=("home",)), 50)
        agency = search(repo, "政策", Filters(units=("agency",), kind="policy"), 50)
        assert own.hits and agency.hits
        found = search_within(repo, viewer, "政策", Filters(), 50)
        assert found.total == own.total + agency.total
        assert sorted(h.path for h in found.hits) == sorted(h.path
                                                            for h in own.hits + agency.hits)
        assert [h.score for h in found.hits] == sorted((h.score for h in found.hits),
                                                      reverse=True)
        best = search_within(repo, viewer, "政策", Filters(), 1)
        assert best.total == found.total and best.hits == found.hits[:1]
    finally:
        repo.close()
