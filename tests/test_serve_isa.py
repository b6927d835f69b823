"""The internal service audit's checklist page on `serve` (issue 21): start an audit, record a
finding with evidence picked from the unit's documents of the SQS, progress shown; bad input
said on the form in the page's language with nothing recorded; who may record findings.

The real Flask app over a copy of the demo repository with real accounts. The demo's versions
are recorded today, so they are current during the year that holds today (2026-27) and cite as
evidence there, and are refused for 2025-26, which ended before they were recorded.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from repo_tool.repository import Repository
from repo_tool.web._app import Settings, create_app
from tests.conftest import run_tool
from tests.serving import LOG, add_people, demo_with_history
from tests.test_serve_workflows import TODAY, YCC_POLICY, audited, post, refused, sign_in

YEAR = "2026"  # 2026-27 holds TODAY (and the day the demo's versions were recorded)
PAGE = "/unit/ycc/isa"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = demo_with_history(tmp_path_factory.mktemp("isa") / "demo")
    repo = Repository.open(root)
    try:
        add_people(repo, TODAY, reviewer_expires=TODAY.replace(year=2027))
    finally:
        repo.close()
    return root


@pytest.fixture
def app(demo: Path) -> Flask:
    return create_app(Settings(root=demo, today=lambda: TODAY))


def page(client: FlaskClient, year: str = YEAR, lang: str = "zh") -> str:
    reply = client.get(f"{PAGE}?year={year}&lang={lang}")
    assert reply.status_code == 200
    return reply.get_data(as_text=True)


def test_the_unit_page_links_to_the_audit(client: FlaskClient) -> None:
    sign_in(client, "ycc-viewer")
    unit = client.get("/unit/ycc").get_data(as_text=True)
    assert 'href="/unit/ycc/isa"' in unit and "內部服務審查" in unit


def test_an_admin_starts_records_a_finding_with_evidence_and_sees_progress(
        client: FlaskClient, demo: Path) -> None:
    sign_in(client, "admin-ho")
    before = page(client)
    assert 'id="no-audit"' in before and 'id="start"' in before
    status, _ = post(client, "/unit/ycc/isa/start", {"form": "start", "auditor": "黃審查員",
                                                     "year": YEAR})
    assert status == 302
    shown = page(client)
    total = int(re.search(r"已審查 0 項準則，共 (\d+) 項", shown)[1])  # type: ignore[index]
    # the picker lists the unit's SQS 14 documents, each as the version current in the year
    assert f'value="{YCC_POLICY}@v1"' in shown and f'value="{LOG}@v2"' in shown
    status, _ = post(client, "/unit/ycc/isa/find", {
        "year": YEAR, "form": "find-14.1", "criterion": "14.1", "result": "met",
        "evidence": f"{YCC_POLICY}@v1", "observation": "員工已簽閱"})
    assert status == 302
    shown = page(client)
    assert f"已審查 1 項準則，共 {total} 項" in shown
    card = re.search(r'<article class="isa-criterion" id="c-14.1">(.*?)</article>', shown,
                     re.DOTALL)
    assert card and "符合" in card[1] and "員工已簽閱" in card[1] and YCC_POLICY in card[1]
    english = page(client, lang="en")
    assert f"1 of {total} criteria done" in english
    shown_cli = run_tool("isa", "show", "--unit", "ycc", "--year", YEAR, "--json",
                         "--repo", str(demo)).stdout
    assert '"done": 1' in shown_cli and "admin-ho" in run_tool(
        "audit", "--repo", str(demo)).stdout


def test_bad_evidence_and_unknown_criteria_are_said_and_nothing_is_recorded(
        client: FlaskClient, demo: Path) -> None:
    sign_in(client, "admin-ho")
    post(client, "/unit/ycc/isa/start", {"form": "start", "auditor": "黃審查員", "year": YEAR})
    post(client, "/unit/ycc/isa/start", {"form": "start", "auditor": "黃審查員",
                                         "year": "2025"})
    # recorded this year: not current during 2025-26
    refused(client, demo, "/unit/ycc/isa/find", {
        "year": "2025", "form": "find-14.2", "criterion": "14.2", "result": "met",
        "evidence": f"{LOG}@v2"},
        "2025-26 年度完結", "after 2025-26 ended")
    refused(client, demo, "/unit/ycc/isa/find", {
        "year": YEAR, "form": "find-14.2", "criterion": "14.2", "result": "partly"},
        "請剔選最少一份文件", "tick at least one document")
    refused(client, demo, "/unit/ycc/isa/find", {
        "year": YEAR, "form": "find-99.1", "criterion": "99.1", "result": "n/a"},
        "檢核表沒有準則「99.1」", "The checklist has no criterion '99.1'")
    status, body = post(client, "/unit/ycc/isa/find", {
        "year": YEAR, "form": "find-14.2", "criterion": "14.2", "result": "met",
        "evidence": "../../etc/passwd@v1"})
    assert status == 400 and "isa-criterion" in body


def test_a_viewer_and_another_units_editor_may_not_record(client: FlaskClient,
                                                          demo: Path) -> None:
    finding = {"year": YEAR, "form": "find-14.3", "criterion": "14.3", "result": "n/a"}
    for name in ("ycc-viewer", "home-editor", "陳社工"):
        sign_in(client, name)
        assert 'class="isa-find"' not in (client.get(f"{PAGE}?year={YEAR}")
                                         .get_data(as_text=True))
        before = audited(demo)
        assert post(client, "/unit/ycc/isa/find", finding)[0] == 403, name
        assert post(client, "/unit/ycc/isa/start", {"auditor": "x", "year": "2024"})[0] == 403
        assert audited(demo) == before
        client.post("/logout", data={"token": ""})
        client.delete_cookie("repo_tool_session")


def test_a_reviewer_of_the_unit_records_a_finding(client: FlaskClient, demo: Path) -> None:
    sign_in(client, "admin-ho")
    post(client, "/unit/ycc/isa/start", {"form": "start", "auditor": "黃審查員", "year": YEAR})
    client.delete_cookie("repo_tool_session")
    sign_in(client, "swd-officer")
    assert 'class="isa-find"' in page(client)
    status, _ = post(client, "/unit/ycc/isa/find", {
        "year": YEAR, "form": "find-14.2", "criterion": "14.2", "result": "not-met",
        "observation": "查閱紀錄不全", "recommendation": "每月覆核查閱紀錄"})
    assert status == 302
    card = re.search(r'id="c-14.2">(.*?)</article>', page(client), re.DOTALL)
    assert card and "未符合" in card[1] and "每月覆核查閱紀錄" in card[1]
    log = run_tool("audit", "--repo", str(demo)).stdout
    assert [line for line in log.splitlines() if "isa find" in line and "swd-officer" in line]
    assert client.get("/unit/home/isa").status_code == 403


def test_a_dot_dot_path_in_the_evidence_is_400(client: FlaskClient, demo: Path) -> None:
    sign_in(client, "admin-ho")
    post(client, "/unit/ycc/isa/start", {"form": "start", "auditor": "黃審查員", "year": YEAR})
    before = audited(demo)
    for bad in ("../policies/ycc/x.docx", "policies/../../secret@v1", "/etc/passwd"):
        status, _ = post(client, "/unit/ycc/isa/find", {
            "year": YEAR, "form": "find-14.1", "criterion": "14.1", "result": "met",
            "evidence": bad})
        assert status == 400, bad
    assert client.get(f"{PAGE}?year=..%2F..").status_code == 400
    assert audited(demo) == before
