"""Looking before downloading in `serve` (issue 20): PDFs inline under CSP sandbox, page
thumbnails with a placeholder until the background worker has drawn them, a thumbnail per
search hit, the text the search reads on the document page; every route within the account's
scope. The real Flask app over a copy of the demo repository with real accounts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient

from repo_tool.domain.accounts import add_account
from repo_tool.generate.thumbnails import Thumbnailer
from repo_tool.repository import Repository
from repo_tool.web._app import Settings, create_app
from tests.conftest import ACTOR, Cli, write
from tests.serving import demo_with_history
from tests.test_ocr import LINES, make_scan, needs_tesseract
from tests.test_serve_accounts import SECRET, sign_in

TODAY = date(2026, 12, 4)
YCC_PDF = "policies/ycc/SQS-14 私隱和保密/私隱及保密政策 Privacy and Confidentiality Policy.pdf"
YCC_DOCX = "policies/ycc/SQS-14 私隱和保密/私隱及保密政策 Privacy and Confidentiality Policy.docx"
YCC_SQS15 = "policies/ycc/SQS-15 申訴/投訴處理程序 Complaints Procedure.docx"
HOME_PDF = "policies/home/SQS-15 申訴/投訴處理程序 Complaints Procedure.pdf"
NOTES = "records/ycc/SQS-14 私隱和保密/long notes.txt"
NOTES_TEXT = "<script>alert('x')</script> 私隱備忘\n" + "\n".join(
    f"第{n:05d}行 privacy note {n}" for n in range(2500))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = demo_with_history(tmp_path_factory.mktemp("preview") / "demo")
    write(root / NOTES, NOTES_TEXT)
    assert Cli(root)("scan", "--no-ocr").exit_code == 0
    repo = Repository.open(root)
    try:
        add_account(repo, "admin-ho", "admin", SECRET, ACTOR, today=TODAY)
        add_account(repo, "swd-officer", "reviewer", SECRET, ACTOR, units=("ycc",), sqs=(14,),
                    expires=TODAY + timedelta(days=30), today=TODAY)
        add_account(repo, "陳社工", "editor", SECRET, ACTOR, units=("ycc",), today=TODAY)
        add_account(repo, "viewer-home", "viewer", SECRET, ACTOR, units=("home",), today=TODAY)
    finally:
        repo.close()
    return root


@pytest.fixture
def app(demo: Path) -> Iterator[Flask]:
    app = create_app(Settings(root=demo, today=lambda: TODAY, thumbnails=True))
    yield app
    worker = app.extensions.get("thumbnails")
    if worker is not None:  # the background thread ends with the test
        worker.close()


def url(route: str, path: str, **more: object) -> str:
    extra = "".join(f"&{key}={value}" for key, value in more.items())
    return f"/{route}?path={quote(path)}{extra}"


def drawn(app: Flask) -> None:
    worker = app.extensions["thumbnails"]
    assert isinstance(worker, Thumbnailer) and worker.wait_idle(180)


def test_a_pdf_opens_inline_sandboxed_and_a_word_file_stays_a_download(
        client: FlaskClient, demo: Path) -> None:
    assert sign_in(client, "admin-ho") == 302
    reply = client.get(url("view", YCC_PDF, version=1))
    assert reply.status_code == 200 and reply.mimetype == "application/pdf"
    assert reply.headers["Content-Disposition"].startswith("inline")
    policy = reply.headers["Content-Security-Policy"]
    assert policy.startswith("sandbox") and "allow-scripts" not in policy
    assert "script-src" not in policy and "default-src 'none'" in policy  # no script at all
    assert reply.data == (demo / YCC_PDF).read_bytes()
    word = client.get(url("view", YCC_DOCX, version=1))
    assert word.status_code == 302 and word.headers["Location"].startswith("/download?")
    download = client.get(url("download", YCC_PDF, version=1))
    assert download.headers["Content-Disposition"].startswith("attachment")
    page = client.get(url("document", YCC_PDF)).get_data(as_text=True)
    assert 'class="view"' in page and 'id="pv-open"' in page
    page = client.get(url("document", YCC_DOCX)).get_data(as_text=True)
    assert 'class="view"' not in page  # a Word file is downloaded, as before


def test_thumbnails_show_a_placeholder_until_drawn_in_the_background(
        app: Flask, client: FlaskClient) -> None:
    assert sign_in(client, "admin-ho") == 302
    page = client.get(url("document", YCC_DOCX)).get_data(as_text=True)
    assert 'id="pv-pages"' in page and 'data-pending="1"' in page  # the page did not wait
    assert "預覽製作中" in page
    waiting = client.get(url("thumbnail", YCC_DOCX, version=1, page=1))
    assert waiting.status_code in (202, 200)
    if waiting.status_code == 202:
        assert waiting.mimetype == "image/svg+xml" and waiting.headers["Cache-Control"] == \
            "no-store"
    drawn(app)
    state = client.get(url("thumbnail/state", YCC_DOCX, version=1)).get_json()
    assert state["state"] == "ready" and state["pages"] >= 2
    png = client.get(url("thumbnail", YCC_DOCX, version=1, page=2))
    assert png.status_code == 200 and png.data.startswith(b"\x89PNG")
    assert client.get(url("thumbnail", YCC_DOCX, version=1, page=99)).status_code == 404
    page = client.get(url("document", YCC_DOCX) + "&lang=en").get_data(as_text=True)
    assert "data-pending" not in page and page.count('class="pv-page"') == state["pages"]
    assert "Preview being made" not in page


def test_a_search_hit_carries_its_first_page_thumbnail(app: Flask, client: FlaskClient) -> None:
    assert sign_in(client, "admin-ho") == 302
    page = client.get("/search?q=" + quote("私隱及保密政策")).get_data(as_text=True)
    assert 'class="pv-hit"' in page and 'loading="lazy"' in page
    assert "preview.js" in page
    drawn(app)
    page = client.get("/search?q=" + quote("私隱及保密政策")).get_data(as_text=True)
    assert 'class="pv-hit"' in page and "data-state" not in page  # all drawn: no polling


def test_the_text_the_search_reads_is_shown_escaped_a_part_at_a_time(
        client: FlaskClient) -> None:
    assert sign_in(client, "陳社工") == 302
    page = client.get(url("document", NOTES)).get_data(as_text=True)
    assert 'id="pv-text"' in page and "搜尋讀取的文字" in page
    assert "&lt;script&gt;alert(" in page and "<script>alert(" not in page
    parts = -(-len(NOTES_TEXT) // 20_000)
    assert parts == 4 and f"第 1 部分，共 {parts} 部分" in page
    assert "第00010行" in page and "第02400行" not in page
    assert 'id="pv-pages"' not in page  # plain text: no pages to draw
    last = client.get(url("document", NOTES, part=4) + "&lang=en").get_data(as_text=True)
    assert "Part 4 of 4" in last and "第02400行" in last and "<details id=\"pv-text\" open" \
        in last


@pytest.mark.parametrize("route", ["view", "thumbnail", "thumbnail/state"])
def test_previews_are_only_for_documents_the_account_may_read(
        client: FlaskClient, route: str) -> None:
    assert sign_in(client, "viewer-home") == 302
    assert client.get(url(route, YCC_PDF, version=1)).status_code == 403
    assert client.get(url(route, HOME_PDF, version=1)).status_code in (200, 202)
    assert client.get(url(route, "../repo.yaml", version=1)).status_code == 400
    assert client.get(url(route, "/etc/passwd", version=1)).status_code == 400
    assert client.get(url(route, "policies/../../etc/passwd", version=1)).status_code == 400


@pytest.mark.parametrize("route", ["view", "thumbnail", "thumbnail/state"])
def test_an_editor_and_a_reviewer_see_previews_only_in_their_scope(
        app: Flask, route: str) -> None:
    with app.test_client() as editor:
        assert sign_in(editor, "陳社工") == 302
        assert editor.get(url(route, HOME_PDF, version=1)).status_code == 403
        assert editor.get(url(route, YCC_PDF, version=1)).status_code in (200, 202)
    with app.test_client() as reviewer:
        assert sign_in(reviewer, "swd-officer") == 302
        assert reviewer.get(url(route, YCC_PDF, version=1)).status_code in (200, 202)
        assert reviewer.get(url(route, YCC_SQS15, version=1)).status_code == 403


def test_without_signing_in_nothing_is_previewed(client: FlaskClient) -> None:
    for route in ("view", "thumbnail", "thumbnail/state"):
        assert client.get(url(route, YCC_PDF, version=1)).status_code == 302  # to sign in


@needs_tesseract
def test_the_ocr_text_of_a_scanned_page_is_read_on_its_document_page(
        client: FlaskClient, demo: Path) -> None:
    make_scan(demo / "records" / "ycc" / "SQS-14 私隱和保密", "scanned log", LINES)
    assert Cli(demo)("scan").exit_code == 0  # records it, then reads it by OCR
    assert sign_in(client, "陳社工") == 302
    page = client.get(url("document", "records/ycc/SQS-14 私隱和保密/scanned log.jpg")
                      ).get_data(as_text=True)
    assert "掃描頁面經文字辨識讀出的文字" in page
    assert "閉路電視" in page.split('id="pv-text"')[1]
