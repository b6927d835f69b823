"""The workflow forms of `serve` (issue 20): approve, withdraw, restore, staff sign-offs,
figures, improvement plans and visits, each through the CLI's library call.

The real Flask app over a copy of the demo repository with real accounts; each bad input gets
the CLI's message on the form in the page's language and records nothing (the audit log does
not grow); a reviewer, a viewer or another unit's editor is refused (403).
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient

from repo_tool.domain.policies import approve
from repo_tool.repository import Repository
from repo_tool.web._app import Settings, create_app
from tests.conftest import ACTOR, run_tool
from tests.serving import LOG, SECRET, add_people, demo_with_history

TODAY = date(2026, 12, 4)
YCC_POLICY = "policies/ycc/SQS-14 私隱和保密/私隱及保密政策 Privacy and Confidentiality Policy.docx"
YCC_COMPLAINTS = "policies/ycc/SQS-15 申訴/投訴處理程序 Complaints Procedure.docx"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo with ycc's privacy policy in force since 2025-04-01, and five accounts."""
    root = demo_with_history(tmp_path_factory.mktemp("workflows") / "demo")
    repo = Repository.open(root)
    try:
        approve(repo, YCC_POLICY, approver="何家明", role="總幹事",
                effective_on=date(2025, 4, 1), actor=ACTOR, approved_on=date(2025, 3, 20),
                today=TODAY)
        add_people(repo, TODAY, reviewer_expires=date(2027, 1, 31))
    finally:
        repo.close()
    return root


@pytest.fixture
def app(demo: Path) -> Flask:
    return create_app(Settings(root=demo, today=lambda: TODAY))


def token(client: FlaskClient, url: str = "/login") -> str:
    found = re.search(r'name="token" value="([^"]+)"', client.get(url).get_data(as_text=True))
    assert found, f"no form token on {url}"
    return found[1]


def sign_in(client: FlaskClient, name: str) -> None:
    reply = client.post("/login", data={"name": name, "password": SECRET,
                                        "token": token(client)})
    assert reply.status_code == 302, name


def audited(demo: Path) -> int:
    repo = Repository.open(demo)
    try:
        return len(list(repo.catalog.audit_entries()))
    finally:
        repo.close()


def post(client: FlaskClient, url: str, data: Mapping[str, object], lang: str = "zh"
         ) -> tuple[int, str]:
    fresh = {k: (io.BytesIO(v[0]), v[1]) if isinstance(v, tuple) else v for k, v in data.items()}
    reply = client.post(f"{url}?lang={lang}", data={**fresh, "token": token(client, "/")},
                        content_type="multipart/form-data")
    return reply.status_code, reply.get_data(as_text=True)


def said(page: str) -> str:
    """The reason a form came back with."""
    found = re.search(r'<div class="error" role="alert">(.*?)</div>', page, re.DOTALL)
    assert found, "the form came back without a reason"
    return re.sub(r"<[^>]+>", " ", found[1]).replace("&#39;", "'").replace("&#34;", '"')


def refused(client: FlaskClient, demo: Path, url: str, data: Mapping[str, object],
            zh: str, en: str) -> None:
    """Both languages say the reason on the form; nothing is recorded."""
    before = audited(demo)
    for lang, expected in (("zh", zh), ("en", en)):
        status, page = post(client, url, data, lang)
        assert 400 <= status < 500, (url, data, status)
        assert expected in said(page), (lang, said(page))
        if lang == "zh":  # no English word in the Chinese reason but what was typed
            latin = set(re.findall(r"[A-Za-z]{3,}", said(page)))
            typed = {w for v in data.values() for w in re.findall(r"[A-Za-z]{3,}", str(v))}
            assert latin <= typed | {"UTF", "Big", "CSV", "Excel", "staff", "document",
                                     "version", "date", "ycc", "ESR"}, latin
    assert audited(demo) == before, f"{url} recorded something on a bad input"


# -- approve, withdraw, restore ---------------------------------------------------------------


def test_an_editor_approves_a_version_and_the_document_page_and_log_show_it(
        client: FlaskClient, demo: Path) -> None:
    sign_in(client, "陳社工")
    page = client.get("/document?path=" + quote(YCC_COMPLAINTS)).get_data(as_text=True)
    assert 'id="approve"' in page and "草稿" in page
    status, _ = post(client, "/document/approve", {
        "path": YCC_COMPLAINTS, "version": "1", "approver": "何家明", "role": "總幹事",
        "effective": "2025-04-01", "approved": "2025-03-20", "note": "board meeting"})
    assert status == 302
    page = client.get("/document?path=" + quote(YCC_COMPLAINTS) + "&done=approved") \
        .get_data(as_text=True)
    assert "已記錄批核" in page
    state = re.search(r'<td class="state">(.*?)</td>', page, re.DOTALL)
    assert state and "生效中" in state[1] and "何家明" in state[1]
    log = run_tool("log", YCC_COMPLAINTS, "--repo", str(demo))
    assert "in force" in log.stdout and "何家明" in log.stdout
    audit = run_tool("audit", "--repo", str(demo)).stdout
    assert [line for line in audit.splitlines() if "approve" in line and "陳社工" in line]


def test_approval_bad_inputs_are_said_and_nothing_is_recorded(client: FlaskClient,
                                                              demo: Path) -> None:
    sign_in(client, "陳社工")
    good = {"path": YCC_POLICY, "approver": "何家明", "role": "總幹事",
            "effective": "2026-04-01", "form": "approve"}
    refused(client, demo, "/document/approve", {**good, "effective": "2026-02-30"},
            "「2026-02-30」不是日期", "'2026-02-30' is not a date")
    refused(client, demo, "/document/approve", {**good, "approved": "2027-01-01"},
            "批核日期 2027-01-01 在今天（2026-12-04）之後", "The approval date 2027-01-01 is in "
            "the future")
    refused(client, demo, "/document/approve", {**good, "approver": ""},
            "請填寫批核人姓名", "Give the approver's name")
    refused(client, demo, "/document/approve", {**good, "effective": "2024-01-01"},
            "生效日期 2024-01-01 早於第 1 版的生效日期 2025-04-01",
            "The effective date 2024-01-01 is before 2025-04-01")
    refused(client, demo, "/document/approve", {**good, "version": "9"},
            "沒有第 9 版", "has no version 9")
    refused(client, demo, "/document/approve", {**good, "path": LOG},
            "是紀錄，不是政策", "is a record, not a policy")
    refused(client, demo, "/document/withdraw", {"path": YCC_POLICY, "decided_by": "何家明",
                                                  "effective": "2026-12-01", "form": "withdraw"},
            "請填寫撤回原因", "Give the reason for the withdrawal")
    refused(client, demo, "/document/withdraw", {"path": YCC_POLICY, "decided_by": "何家明",
                                                  "effective": "2024-12-01", "note": "merged",
                                                  "form": "withdraw"},
            "撤回生效日期 2024-12-01 早於", "The withdrawal date 2024-12-01 is before")


def test_restore_writes_an_old_version_back_and_refuses_the_current_one(
        client: FlaskClient, demo: Path) -> None:
    sign_in(client, "陳社工")
    refused(client, demo, "/document/restore", {"path": LOG, "version": "2", "form": "restore"},
            "現時已是第 2 版的內容", "already holds the bytes of version 2")
    status, _ = post(client, "/document/restore", {"path": LOG, "version": "1"})
    assert status == 302
    page = client.get("/document?path=" + quote(LOG)).get_data(as_text=True)
    assert page.count('class="download"') == 3
    assert "restored from version 1" in page


# -- staff sign-offs --------------------------------------------------------------------------


def test_ticking_two_staff_shows_them_in_the_report_and_in_ack_report(
        client: FlaskClient, demo: Path) -> None:
    sign_in(client, "陳社工")
    page = client.get("/unit/ycc/signoffs").get_data(as_text=True)
    assert 'value="Y001"' in page and "私隱及保密政策" in page
    status, _ = post(client, "/unit/ycc/signoffs/record", {
        "document": YCC_POLICY, "staff": ["Y001", "Y002"], "date": "2026-11-30"})
    assert status == 302
    page = client.get("/unit/ycc/signoffs?new=2&old=0").get_data(as_text=True)
    assert "已記錄 2 項簽閱" in page and "已簽閱 2 人" in page
    report = run_tool("ack", "report", "--unit", "ycc", "--repo", str(demo)).stdout
    assert re.search(r"signed\s+Y001\s+陳美玲\s+2026-11-30", report)
    assert re.search(r"signed\s+Y002\s+李志明\s+2026-11-30", report)


def test_sign_off_bad_inputs_are_said_and_nothing_is_recorded(client: FlaskClient,
                                                              demo: Path) -> None:
    sign_in(client, "陳社工")
    good = {"document": YCC_POLICY, "staff": ["Y003"], "date": "2026-11-30", "form": "tick"}
    refused(client, demo, "/unit/ycc/signoffs/record", {**good, "staff": ["Y003", "Y999"]},
            "職員編號「Y999」不在單位的職員名單內",
            "Staff id 'Y999' is not on the unit's staff list")
    refused(client, demo, "/unit/ycc/signoffs/record", {**good, "date": "30/11/2026"},
            "「30/11/2026」不是日期", "'30/11/2026' is not a date")
    refused(client, demo, "/unit/ycc/signoffs/record", {**good, "date": "2026-12-25"},
            "日期 2026-12-25 在今天（2026-12-04）之後", "The date 2026-12-25 is in the future")
    refused(client, demo, "/unit/ycc/signoffs/record", {**good, "staff": []},
            "請剔選已簽署的職員", "Tick the staff who signed")
    sheet = {"form": "sheet", "date": "2026-11-30", "document": YCC_POLICY}
    utf16 = "staff\nY003\n".encode("utf-16")
    refused(client, demo, "/unit/ycc/signoffs/import",
            {**sheet, "file": (utf16, "簽閱表.csv")},
            "既不是 UTF-8 亦不是 Big5", "neither UTF-8 nor Big5")
    refused(client, demo, "/unit/ycc/signoffs/import",
            {**sheet, "file": (b"staff\nY003\nY998\n", "sheet.csv")},
            "第 3 行：職員編號「Y998」不在", "Line 3: Staff id 'Y998' is not")
    refused(client, demo, "/unit/ycc/signoffs/import", sheet,
            "請選擇要上載的 CSV 檔", "Choose the CSV file to upload")
    status, _ = post(client, "/unit/ycc/signoffs/import",
                     {**sheet, "file": (b"staff\nY003\n", "sheet.csv")})
    assert status == 302
    report = run_tool("ack", "report", "--unit", "ycc", "--repo", str(demo)).stdout
    assert re.search(r"signed\s+Y003\s+黃嘉欣\s+2026-11-30", report)


# -- figures and plans ------------------------------------------------------------------------


def _missing(client: FlaskClient, code: str) -> str:
    page = client.get("/unit/ycc/figures").get_data(as_text=True)
    row = re.search(rf'id="figures-2026-27".*?data-code="{code}">(.*?)</tr>', page, re.DOTALL)
    assert row, page
    found = re.search(r'class="wf-missing"[^>]*>(.*?)</td>', row[1], re.DOTALL)
    assert found
    return found[1]


def test_entering_a_quarters_figure_clears_its_alert(client: FlaskClient, demo: Path) -> None:
    sign_in(client, "陳社工")
    assert "2026-27-Q2" in _missing(client, "OS1")
    alert = "OS1：2026-27-Q2（"  # the unit page says the alert in its language

    def alerts() -> str:
        return re.sub(r"<[^>]+>", "", client.get("/unit/ycc").get_data(as_text=True))

    assert alert in alerts()
    status, _ = post(client, "/unit/ycc/figures/record", {
        "standard": "OS1", "period": "2026-27-Q2", "value": "93.5%", "note": "monthly returns"})
    assert status == 302
    assert "2026-27-Q2" not in _missing(client, "OS1")
    assert alert not in alerts()
    shown = run_tool("stats", "show", "--unit", "ycc", "--as-of", "2026-12-04", "--json",
                     "--repo", str(demo)).stdout
    assert "93.5" in shown


def test_figure_bad_inputs_are_said_and_nothing_is_recorded(client: FlaskClient,
                                                            demo: Path) -> None:
    sign_in(client, "陳社工")
    good = {"standard": "OS1", "period": "2026-27-Q1", "value": "90", "form": "figure"}
    refused(client, demo, "/unit/ycc/figures/record", {**good, "value": "abc"},
            "「abc」不是數字", "'abc' is not a number")
    refused(client, demo, "/unit/ycc/figures/record", {**good, "period": "2027-28-Q1"},
            "尚未開始（今天是 2026-12-04）", "has not begun (today is 2026-12-04)")
    refused(client, demo, "/unit/ycc/figures/record", {**good, "period": "2026-27-H1"},
            "OS1 按季匯報", "OS1 is reported quarterly")
    refused(client, demo, "/unit/ycc/figures/record", {**good, "period": "Q1"},
            "「Q1」不是期間", "'Q1' is not a period")
    refused(client, demo, "/unit/ycc/figures/record", {**good, "standard": "OS9"},
            "單位 ycc 沒有標準「OS9」", "Unit ycc has no standard 'OS9'")
    csv = {"form": "figures-csv"}
    refused(client, demo, "/unit/ycc/figures/import",
            {**csv, "file": ("standard,period,value\nOS1,2026-27-Q1,90\n"
                                   .encode("utf-16"), "figures.csv")},
            "既不是 UTF-8 亦不是 Big5", "neither UTF-8 nor Big5")
    refused(client, demo, "/unit/ycc/figures/import",
            {**csv, "file": (b"standard,period,value\nOS1,2026-27-Q1,90\n"
                                   b"OS2,2026-27-Q1,abc\n", "figures.csv")},
            "第 3 行（數值）：「abc」不是數字", "Line 3 (value): 'abc' is not a number")
    status, _ = post(client, "/unit/ycc/figures/import", {
        **csv, "file": (b"standard,period,value\nOS2,2026-27-Q1,88\n", "figures.csv")})
    assert status == 302
    assert "2026-27-Q1" not in _missing(client, "OS2")


def test_plan_items_are_added_and_closed(client: FlaskClient, demo: Path) -> None:
    sign_in(client, "陳社工")
    good = {"standard": "OS1", "action": "每月檢視入住率", "method": "中心會議",
            "due": "2027-03-31", "owner": "陳美玲", "benefit": "達標", "form": "plan"}
    refused(client, demo, "/unit/ycc/plans/add", {**good, "due": "31-03-2027"},
            "「31-03-2027」不是日期", "'31-03-2027' is not a date")
    refused(client, demo, "/unit/ycc/plans/add", {**good, "action": ""},
            "請填寫「行動」", "Fill in 'action'")
    refused(client, demo, "/unit/ycc/plans/add", {**good, "standard": "OS9"},
            "沒有標準「OS9」", "has no standard 'OS9'")
    assert post(client, "/unit/ycc/plans/add", good)[0] == 302
    page = client.get("/unit/ycc/plans").get_data(as_text=True)
    found = re.search(r'data-plan="(\d+)">(?:<td[^>]*>[^<]*</td>){2}<td[^>]*>每月檢視入住率', page)
    assert found and "進行中" in page
    plan = found[1]
    refused(client, demo, "/unit/ycc/plans/done", {"plan": plan, "on": "2027-01-01",
                                                    "form": "done"},
            "完成日期 2027-01-01 在今天之後", "The date done 2027-01-01 is in the future")
    assert post(client, "/unit/ycc/plans/done", {"plan": plan, "on": "2026-12-01"})[0] == 302
    assert re.search(r"已完成 <span[^>]*>2026-12-01", client.get("/unit/ycc/plans")
                     .get_data(as_text=True))
    refused(client, demo, "/unit/ycc/plans/done", {"plan": plan, "form": "done"},
            f"第 {plan} 項改善計劃已於 2026-12-01 完成", "was already marked done on 2026-12-01")
    client.post("/logout", data={"token": token(client, "/")})
    sign_in(client, "home-editor")  # ycc's item is no item of home
    refused(client, demo, "/unit/home/plans/done", {"plan": plan, "form": "done"},
            f"沒有第 {plan} 項改善計劃", f"There is no plan item #{plan}")


def test_a_visit_is_recorded_and_bad_ones_are_said(client: FlaskClient, demo: Path) -> None:
    sign_in(client, "admin-ho")
    good = {"date": "2026-10-15", "type": "review", "form": "visit"}
    refused(client, demo, "/unit/ycc/visits/record", {**good, "date": "2027-10-15"},
            "探訪日期 2027-10-15 在今天（2026-12-04）之後", "The visit date 2027-10-15 is in the "
            "future")
    refused(client, demo, "/unit/ycc/visits/record", {**good, "type": "party"},
            "「party」不是探訪類別", "'party' is not a type of visit")
    assert post(client, "/unit/ycc/visits/record", {**good, "note": "SWD"})[0] == 302
    page = client.get("/unit/ycc/visits").get_data(as_text=True)
    assert "2026-10-15" in page and "評估探訪" in page
    audit = run_tool("audit", "--repo", str(demo)).stdout
    assert [line for line in audit.splitlines() if "visit record" in line and "admin-ho" in line]


# -- who may ----------------------------------------------------------------------------------

WRITES: tuple[tuple[str, dict[str, object]], ...] = (
    ("/document/approve", {"path": YCC_POLICY, "approver": "x", "role": "y",
                           "effective": "2026-04-01"}),
    ("/document/withdraw", {"path": YCC_POLICY, "decided_by": "x", "effective": "2026-04-01",
                            "note": "y"}),
    ("/document/restore", {"path": LOG, "version": "1"}),
    ("/unit/ycc/signoffs/record", {"document": YCC_POLICY, "staff": "Y004",
                                   "date": "2026-11-30"}),
    ("/unit/ycc/signoffs/import", {"file": (b"staff\nY004\n", "a.csv")}),
    ("/unit/ycc/figures/record", {"standard": "OS1", "period": "2026-27-Q1", "value": "1"}),
    ("/unit/ycc/figures/import", {"file": (b"standard,period,value\n", "a.csv")}),
    ("/unit/ycc/plans/add", {"standard": "OS1", "action": "a", "method": "b",
                             "due": "2027-01-01", "owner": "c", "benefit": "d"}),
    ("/unit/ycc/plans/done", {"plan": "1"}),
    ("/unit/ycc/visits/record", {"date": "2026-10-01", "type": "surprise"}),
)


@pytest.mark.parametrize("name", ["swd-officer", "ycc-viewer", "home-editor"])
def test_reviewers_viewers_and_other_units_editors_are_refused(client: FlaskClient, demo: Path,
                                                               name: str) -> None:
    sign_in(client, name)
    before = audited(demo)
    for url, data in WRITES:
        status, page = post(client, url, data)
        assert status == 403, (name, url, status)
        assert "你的帳戶無權查看或更改此項目" in page
    assert audited(demo) == before
    if name == "home-editor":
        for url in ("/unit/ycc/signoffs", "/unit/ycc/figures", "/unit/ycc/plans",
                    "/unit/ycc/visits"):
            assert client.get(url).status_code == 403, url
    else:  # they read the pages, without the forms
        page = client.get("/unit/ycc/signoffs").get_data(as_text=True)
        assert 'id="tick"' not in page and "簽閱報告" in page
        page = client.get("/document?path=" + quote(YCC_POLICY)).get_data(as_text=True)
        assert 'id="approve"' not in page


def test_paths_outside_the_repository_are_400(client: FlaskClient, demo: Path) -> None:
    sign_in(client, "admin-ho")
    for bad in ("../repo.yaml", "/etc/passwd", "policies/../../x"):
        for url, field in (("/document/approve", "path"), ("/document/restore", "path"),
                           ("/document/withdraw", "path"),
                           ("/unit/ycc/signoffs/record", "document")):
            status, _ = post(client, url, {field: bad, "version": "1", "staff": "Y001",
                                           "date": "2026-11-30"})
            assert status == 400, (url, bad, status)


def test_a_read_only_server_without_accounts_shows_no_forms_and_refuses(tmp_path: Path) -> None:
    root = demo_with_history(tmp_path / "demo")
    app = create_app(Settings(root=root))
    with app.test_client() as client:
        page = client.get("/document?path=" + quote(YCC_POLICY)).get_data(as_text=True)
        assert 'id="approve"' not in page
        reply = client.post("/unit/ycc/visits/record", data={
            "date": "2026-10-01", "type": "review", "by": "x",
            "token": token(client, "/generate")})
        assert reply.status_code == 403
