"""Adding documents from the browser and a unit's document table (issue 20, part "upload").

The real Flask app over a copy of the demo repository with real accounts: files posted as the
browser posts them (multipart), written into the unit's folders, recorded and searchable in
the real catalog and index; each refusal leaves nothing behind; scopes give 403.
"""

from __future__ import annotations

import html
import io
import json
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from repo_tool.domain.searching import search
from repo_tool.repository import Repository
from repo_tool.search import Filters
from repo_tool.web._app import Settings, create_app
from tests.serving import add_people, demo_repository
from tests.test_serve_accounts import form_token, sign_in

TODAY = date(2026, 12, 4)
SQS14 = "records/ycc/SQS-14 私隱和保密"
YCC_RECORD = f"{SQS14}/閉路電視錄影查閱紀錄 2026 CCTV Footage Access Log.docx"
YCC_POLICY = "policies/ycc/SQS-14 私隱和保密/私隱及保密政策 Privacy and Confidentiality Policy.docx"
YCC_COMPLAINTS = "records/ycc/SQS-15 申訴/投訴登記冊 2026-27 Complaints Register.docx"


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    root = demo_repository(tmp_path / "demo")
    repo = Repository.open(root)
    try:
        add_people(repo, TODAY, reviewer_expires=TODAY + timedelta(days=30), reviewer_sqs=(14,))
    finally:
        repo.close()
    return root


@pytest.fixture
def app(demo: Path) -> Flask:
    return create_app(Settings(root=demo, today=lambda: TODAY))


def editor(client: FlaskClient, name: str = "陳社工") -> str:
    """Sign in and return the form token."""
    assert sign_in(client, name) == 302
    return form_token(client, "/unit/ycc")


def post_files(client: FlaskClient, token: str, files: list[tuple[str, bytes]],
               json_answer: bool = False, fields: dict[str, str] | None = None
               ) -> tuple[int, str]:
    data: dict[str, object] = {"token": token, "kind": "record", "sqs": "14", **(fields or {}),
                               "files": [(io.BytesIO(body), name) for name, body in files]}
    headers = {"Accept": "application/json"} if json_answer else {}
    reply = client.post("/unit/ycc/add", data=data, content_type="multipart/form-data",
                        headers=headers)
    return reply.status_code, html.unescape(reply.get_data(as_text=True))


def catalog_state(root: Path) -> tuple[int, int]:
    """(documents, audit entries)."""
    repo = Repository.open(root)
    try:
        return len(repo.catalog.documents()), len(list(repo.catalog.audit_entries()))
    finally:
        repo.close()


def found(root: Path, words: str) -> list[str]:
    repo = Repository.open(root)
    try:
        return [hit.path for hit in search(repo, words, Filters(units=("ycc",))).hits]
    finally:
        repo.close()


def test_two_files_go_into_sqs_14_recorded_searchable_and_audited(client: FlaskClient,
                                                                  demo: Path) -> None:
    token = editor(client)
    status, page = post_files(client, token, [
        ("探訪紀錄.txt", "家訪紀錄 保密檔案 visit notes kingfisher".encode()),
        ("同意書 consent.txt", "服務使用者同意書 披露資料 consent heron".encode())])
    assert status == 200, page
    assert "已加入 2 個檔案" in page and f"{SQS14}/探訪紀錄.txt" in page
    assert (demo / SQS14 / "探訪紀錄.txt").read_text() == "家訪紀錄 保密檔案 visit notes kingfisher"
    assert found(demo, "kingfisher") == [f"{SQS14}/探訪紀錄.txt"]
    assert found(demo, "披露資料 heron") == [f"{SQS14}/同意書 consent.txt"]
    repo = Repository.open(demo)
    try:
        assert repo.document(f"{SQS14}/探訪紀錄.txt").sqs == (14,)
        entry = [e for e in repo.catalog.audit_entries() if e.action == "import"][-1]
    finally:
        repo.close()
    assert entry.by == "陳社工" and entry.detail["unit"] == "ycc" and entry.detail["files"] == 2
    assert entry.detail["sources"] == ["browser: 探訪紀錄.txt", "browser: 同意書 consent.txt"]


def test_the_script_gets_json_and_a_new_sqs_folder_has_the_standard_name(
        client: FlaskClient, demo: Path) -> None:
    token = editor(client)
    status, body = post_files(client, token, [("投訴程序 draft.txt", b"complaints osprey")],
                              json_answer=True, fields={"kind": "policy", "sqs": "15"})
    assert status == 200, body
    answer = json.loads(body)
    path = "policies/ycc/SQS-15 申訴/投訴程序 draft.txt"
    assert answer["files"][0]["path"] == path and answer["skipped"] == []
    status, body = post_files(client, token, [("x.txt", b"pelican")], json_answer=True,
                              fields={"kind": "policy", "sqs": "16"})
    assert status == 200 and json.loads(body)["files"][0]["path"].startswith(
        "policies/ycc/SQS-16 ")
    assert found(demo, "osprey") == [path]


def test_names_are_made_windows_safe(client: FlaskClient, demo: Path) -> None:
    token = editor(client)
    status, page = post_files(client, token, [("會議:紀錄?.txt", b"minutes"),
                                              ("scans/CON.txt", b"console"),
                                              ("../../../repo.yaml", b"units: []")])
    assert status == 200, page
    assert (demo / SQS14 / "repo.yaml").read_bytes() == b"units: []"  # only the last name
    assert (demo / SQS14 / "會議_紀錄_.txt").is_file() and (demo / SQS14 / "_CON.txt").is_file()


@pytest.mark.parametrize(("files", "code", "zh", "en"), [
    ([("空白.txt", b"")], 400, "「空白.txt」是空白檔案（0 位元組）",
     "'空白.txt' is empty (0 bytes)"),
    ([("大.txt", b"x" * (1 << 20) + b"!")], 400, "「大.txt」大於 1.0 MB",
     "'大.txt' is larger than 1.0 MB"),
    ([("???", b"what")], 400, "「???」不能用作檔案名稱", "'???' cannot be made into a file name"),
    ([("~$草稿.docx", b"lock")], 400, "「~$草稿.docx」不會成為文件",
     "'~$草稿.docx' would never become a document"),
    ([("a.txt", b"one"), ("A.TXT", b"two")], 400, "有兩個檔案同名「A.TXT」",
     "Two of the files are named 'A.TXT'"),
    ([("ok.txt", b"fine"), (YCC_RECORD.rsplit("/", 1)[1], b"again")], 409,
     f"「{YCC_RECORD}」已存在；沒有加入任何檔案",
     f"'{YCC_RECORD}' already exists; nothing was added"),
    ([], 400, "請選擇最少一個檔案", "Choose at least one file"),
])
def test_a_refused_file_says_why_in_both_languages_and_nothing_is_recorded(
        app: Flask, client: FlaskClient, demo: Path, files: list[tuple[str, bytes]], code: int,
        zh: str, en: str) -> None:
    app.config["UPLOAD_LIMIT"] = 1 << 20
    token = editor(client)
    before = catalog_state(demo)
    listing = sorted(p.name for p in (demo / SQS14).iterdir())
    status, page = post_files(client, token, files)
    assert status == code and zh in page and "沒有加入任何檔案" in page, page
    client.get("/?lang=en")
    status, page = post_files(client, token, files)
    assert status == code and en in page and "Traceback" not in page, page
    status, body = post_files(client, token, files, json_answer=True)
    assert status == code and en in json.loads(body)["error"]
    assert catalog_state(demo) == before
    assert sorted(p.name for p in (demo / SQS14).iterdir()) == listing


@pytest.mark.parametrize(("fields", "zh"), [({"kind": "memo"}, "「memo」不是類別"),
                                             ({"sqs": "17"}, "服務質素標準須是 1 至 16")])
def test_a_bad_kind_or_sqs_is_refused(client: FlaskClient, demo: Path,
                                      fields: dict[str, str], zh: str) -> None:
    token = editor(client)
    status, page = post_files(client, token, [("a.txt", b"a")], fields=fields)
    assert status == 400 and zh in page
    assert not (demo / SQS14 / "a.txt").exists()


def test_a_request_over_the_limit_is_refused_before_it_is_read(client: FlaskClient) -> None:
    token = editor(client)
    reply = client.post("/unit/ycc/add", data={"token": token}, headers={
        "Accept": "application/json"}, environ_overrides={"CONTENT_LENGTH": str(2 << 30)})
    assert reply.status_code == 413
    assert "每個檔案最多 200 MB" in reply.get_json()["error"]


@pytest.mark.parametrize("name", ["ycc-viewer", "swd-officer", "home-editor"])
def test_only_an_editor_of_the_unit_may_add(client: FlaskClient, demo: Path, name: str) -> None:
    assert sign_in(client, name) == 302
    token = form_token(client, "/")
    assert client.get("/unit/ycc/add").status_code == 403
    assert 'id="upload-form"' not in client.get("/unit/ycc").get_data(as_text=True) \
        or name == "home-editor"
    status, _ = post_files(client, token, [("x.txt", b"intruder")])
    assert status == 403
    assert not (demo / SQS14 / "x.txt").exists()


def test_a_unit_that_is_not_there_is_404(client: FlaskClient) -> None:
    token = editor(client, "admin-ho")
    reply = client.post("/unit/nowhere/add", data={"token": token, "files": [
        (io.BytesIO(b"x"), "x.txt")]}, content_type="multipart/form-data")
    assert reply.status_code == 404 and "紀錄庫沒有單位「nowhere」" in reply.get_data(as_text=True)
    assert client.get("/unit/nowhere/documents").status_code == 404


def test_a_forged_token_or_no_session_is_refused(client: FlaskClient, demo: Path) -> None:
    editor(client)
    assert post_files(client, "forged", [("x.txt", b"x")])[0] == 403
    client.post("/logout", data={"token": form_token(client, "/")})
    assert post_files(client, "forged", [("x.txt", b"x")])[0] == 401
    assert not (demo / SQS14 / "x.txt").exists()


def test_a_read_only_server_without_accounts_adds_nothing(tmp_path: Path) -> None:
    root = demo_repository(tmp_path / "plain")
    app = create_app(Settings(root=root))
    with app.test_client() as plain:
        token = form_token(plain, "/generate")
        assert plain.get("/unit/ycc/add").status_code == 403
        status, _ = post_files(plain, token, [("x.txt", b"x")], fields={"by": "陳主任"})
        assert status == 403
    writable = create_app(Settings(root=root, allow_write=True))
    with writable.test_client() as plain:
        token = form_token(plain, "/unit/ycc")
        status, page = post_files(plain, token, [("x.txt", b"x")])
        assert status == 400 and "x.txt" not in [p.name for p in (root / SQS14).iterdir()]
        status, page = post_files(plain, token, [("x.txt", b"egret")], fields={"by": "陳主任"})
        assert status == 200, page
    repo = Repository.open(root)
    try:
        assert [e for e in repo.catalog.audit_entries() if e.action == "import"][-1].by == "陳主任"
    finally:
        repo.close()


def rows_of(page: str) -> list[str]:
    return [line.split('value="', 1)[1].split('"', 1)[0] for line in page.splitlines()
            if 'name="path" value="' in line]


def test_the_document_table_sorts_and_filters_on_the_server(client: FlaskClient) -> None:
    assert sign_in(client, "陳社工") == 302
    page = client.get("/unit/ycc/documents").get_data(as_text=True)
    everything = rows_of(page)
    assert YCC_POLICY in everything and YCC_RECORD in everything
    assert "私隱及保密政策" in page and "草稿" in page  # titles from the catalog, states
    by_versions = rows_of(client.get("/unit/ycc/documents?sort=-versions").get_data(as_text=True))
    assert sorted(by_versions) == sorted(everything)
    by_title = rows_of(client.get("/unit/ycc/documents?sort=-title").get_data(as_text=True))
    assert by_title == list(reversed(everything))
    sqs14 = rows_of(client.get("/unit/ycc/documents?sqs=14").get_data(as_text=True))
    assert YCC_COMPLAINTS not in sqs14 and YCC_RECORD in sqs14
    policies = rows_of(client.get("/unit/ycc/documents?kind=policy&state=draft")
                       .get_data(as_text=True))
    assert policies and all(p.startswith("policies/") for p in policies)
    assert rows_of(client.get("/unit/ycc/documents?state=in-force").get_data(as_text=True)) == []
    bad = client.get("/unit/ycc/documents?sort=colour")
    assert bad.status_code == 400 and "不能按「colour」排序" in bad.get_data(as_text=True)


def test_the_table_holds_only_what_the_account_may_read(client: FlaskClient) -> None:
    assert sign_in(client, "swd-officer") == 302
    shown = rows_of(client.get("/unit/ycc/documents").get_data(as_text=True))
    assert YCC_RECORD in shown and YCC_COMPLAINTS not in shown
    assert client.get("/unit/home/documents").status_code == 403


def test_the_selection_downloads_as_a_zip_of_current_versions(client: FlaskClient,
                                                              demo: Path) -> None:
    token = editor(client)
    before = catalog_state(demo)
    reply = client.post("/unit/ycc/zip", data={"token": token,
                                               "path": [YCC_POLICY, YCC_RECORD]})
    assert reply.status_code == 200 and reply.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(reply.get_data()))
    assert sorted(archive.namelist()) == sorted([YCC_POLICY, YCC_RECORD])
    assert archive.read(YCC_RECORD) == (demo / YCC_RECORD).read_bytes()
    assert catalog_state(demo) == before  # a download, not an evidence pack: not audited


def test_a_zip_refuses_what_the_account_may_not_read_and_paths_outside(
        client: FlaskClient) -> None:
    assert sign_in(client, "swd-officer") == 302
    token = form_token(client, "/unit/ycc")
    assert client.post("/unit/ycc/zip", data={"token": token, "path": [YCC_RECORD]}
                       ).status_code == 200
    assert client.post("/unit/ycc/zip", data={"token": token,
                                              "path": [YCC_RECORD, YCC_COMPLAINTS]}
                       ).status_code == 403
    for outside in ("../repo.yaml", "/etc/passwd", f"{SQS14}/../../../repo.yaml"):
        assert client.post("/unit/ycc/zip", data={"token": token, "path": [outside]}
                           ).status_code == 400
    none = client.post("/unit/ycc/zip", data={"token": token})
    assert none.status_code == 400 and "請先剔選最少一份文件" in none.get_data(as_text=True)
    assert client.post("/unit/ycc/zip", data={"token": "forged", "path": [YCC_RECORD]}
                       ).status_code == 403
