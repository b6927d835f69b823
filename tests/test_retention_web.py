"""Retention on the web (issue 25): a disposed version's tombstone on the document page in both
languages, no download of it, and the admins' count of versions past retention on the unit
page. Flask's test client, then real Chromium at 375 and 1280 px in zh and en."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient

from repo_tool.domain.accounts import add_account
from repo_tool.repository import Repository
from repo_tool.web._app import Settings, create_app
from tests.conftest import ACTOR, Cli
from tests.test_retention import CASES, add_rules, history

SECRET = "correct horse battery"
TODAY = date(2026, 12, 4)
CASE_1 = f"{CASES}/case-1.txt"


@pytest.fixture(scope="module")
def disposed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Complaint files with v1 disposed of on 2026-03-01, v2 of case-1 past retention since
    2026-06-01 and not yet disposed of, and accounts: an admin, a ycc editor, a home viewer."""
    base = tmp_path_factory.mktemp("retention-web")
    repo = Repository.init(base / "repo", "明德社會服務協會", "Ming Tak Social Service Association")
    repo.add_unit("ycc", "明德青少年綜合服務中心", "Ming Tak Youth Centre", None, ACTOR)
    repo.add_unit("home", "明德兒童之家", "Ming Tak Children's Home", None, ACTOR)
    add_rules(repo)
    cli = Cli(repo.root)
    history(cli, repo.root, CASE_1, [("陳大文 投訴 first statement", "2024-01-10"),
                                     ("陳大文 投訴 second statement", "2025-06-01"),
                                     ("陳大文 投訴 closed", "2026-01-05")])
    plan = base / "plan.json"
    assert cli("retention", "plan", "--as-of", "2026-03-01", "-o", str(plan)).exit_code == 0
    done = cli("retention", "apply", "--plan", str(plan), "--by", "陳主任", "--approved-by",
               "何家明", "--as-of", "2026-03-01")
    assert done.exit_code == 0, done.output
    repo = Repository.open(repo.root)
    try:
        add_account(repo, "admin-ho", "admin", SECRET, ACTOR, today=TODAY)
        add_account(repo, "陳社工", "editor", SECRET, ACTOR, units=("ycc",), today=TODAY)
        add_account(repo, "viewer-home", "viewer", SECRET, ACTOR, units=("home",), today=TODAY)
    finally:
        repo.close()
    return repo.root


@pytest.fixture
def app(disposed: Path) -> Flask:
    return create_app(Settings(root=disposed, today=lambda: TODAY))


def sign_in(client: FlaskClient, name: str) -> None:
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="token" value="([^"]+)"', page)
    assert token
    reply = client.post("/login", data={"name": name, "password": SECRET, "next": "/",
                                        "token": token[1]})
    assert reply.status_code in (302, 303), reply.status_code


def page(client: FlaskClient, url: str) -> str:
    reply = client.get(url)
    assert reply.status_code == 200, (url, reply.status_code)
    return reply.get_data(as_text=True)


@pytest.mark.parametrize(("lang", "sentence", "row"), [
    ("zh", "第 1 版已於 2026-03-01 按保存規則 complaints-1y 銷毀，由 何家明 批准",
     "已銷毀：2026-03-01（規則 complaints-1y，何家明 批准）"),
    ("en", "v1 disposed of on 2026-03-01 under rule complaints-1y, approved by 何家明",
     "Disposed of on 2026-03-01 (rule complaints-1y, approved by 何家明)")])
def test_the_document_page_shows_the_tombstone_in_the_pages_language(
        client: FlaskClient, lang: str, sentence: str, row: str) -> None:
    sign_in(client, "陳社工")
    html = page(client, f"/document?path={quote(CASE_1)}&lang={lang}")
    assert sentence in html and row in html
    assert "version=1\"" not in html and "download" in html  # v2 and v3 still download
    assert client.get(f"/download?path={quote(CASE_1)}&version=1").status_code == 404
    assert client.get(f"/download?path={quote(CASE_1)}&version=2").status_code == 200


@pytest.mark.parametrize(("lang", "said"), [
    ("zh", f"{CASE_1} 第 1 版已於 2026-03-01 按保存規則 complaints-1y 銷毀（何家明 批准），"
           "內容已不再保存"),
    ("en", f"{CASE_1} version 1 was disposed of on 2026-03-01 under retention rule "
           "complaints-1y, approved by 何家明: its contents are no longer kept")])
def test_asking_for_a_disposed_version_is_refused_in_the_pages_language(
        client: FlaskClient, lang: str, said: str) -> None:
    sign_in(client, "陳社工")
    reply = client.get(f"/download?path={quote(CASE_1)}&version=1&lang={lang}")
    assert reply.status_code == 404 and said in reply.get_data(as_text=True)
    forms = page(client, f"/document?path={quote(CASE_1)}&lang={lang}")
    restore = re.search(r'<form method="post" id="restore".*?</form>', forms, re.S)
    assert restore and re.findall(r'<option value="(\d+)"', restore[0]) == ["2"]


def test_admins_see_the_versions_past_retention_on_the_unit_page(client: FlaskClient) -> None:
    sign_in(client, "admin-ho")
    html = page(client, "/unit/ycc?lang=en")
    assert "Past their retention period: 1 version(s)" in html
    assert "過保存期" not in html and "retention: " not in html  # the raw status line is not shown
    assert "保存期已過：1 個版本" in page(client, "/unit/ycc?lang=zh")


def test_others_do_not_and_someone_without_the_unit_gets_403(app: Flask) -> None:
    with app.test_client() as editor:
        sign_in(editor, "陳社工")
        html = page(editor, "/unit/ycc?lang=en")
        assert "rt-overdue" not in html and "retention" not in html.lower().replace(
            "retention.css", "")
    with app.test_client() as viewer:
        sign_in(viewer, "viewer-home")
        assert viewer.get("/unit/ycc").status_code == 403
        assert viewer.get(f"/document?path={quote(CASE_1)}").status_code == 403


def test_the_api_shows_the_tombstone_and_the_count_only_to_admins(
        disposed: Path, client: FlaskClient) -> None:
    from repo_tool.domain.accounts import make_token

    repo = Repository.open(disposed)
    try:
        tokens = {name: make_token(repo, name, ACTOR) for name in ("admin-ho", "陳社工")}
    finally:
        repo.close()

    def get(url: str, name: str) -> object:
        reply = client.get(url, headers={"Authorization": f"Bearer {tokens[name]}"})
        assert reply.status_code == 200, reply.get_data(as_text=True)
        return reply.get_json()

    found = get(f"/api/v1/documents/{quote(CASE_1)}", "陳社工")
    assert isinstance(found, dict)
    assert any(e["kind"] == "disposed" and e["detail"]["approved_by"] == "何家明"
               for e in found["events"])
    for name, expected in (("admin-ho", True), ("陳社工", False)):
        status = get("/api/v1/units/ycc/status", name)
        assert isinstance(status, list)
        assert any(a.startswith("retention: 1 version(s)")
                   for a in status[0]["alerts"]) is expected, name
