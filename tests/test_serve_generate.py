"""The generate page through Flask's test client, over the demo repository on disk (issue 18,
item 13): form 2.01 offers the cycles that exist, newest first, and starts at the unit's latest
cycle with reviews; a document that cannot be made brings the page back with the form as it was
filled in and the reason on it, in the page's language, without any command-line syntax.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import lxml.html  # type: ignore[import-untyped]  # (python-docx brings lxml; no stubs)
import pytest
from docx import Document as WordDocument
from flask import Flask
from flask.testing import FlaskClient

from repo_tool.config import ReviewCycle
from repo_tool.domain.due import cycle_of, window
from repo_tool.models import Actor
from repo_tool.repository import Repository
from repo_tool.web._app import Settings, create_app
from tests.conftest import Cli
from tests.serving import demo_with_history

NEW_UNIT = "nec"  # a fresh neighbourhood elderly centre: no reviews, no phone, no roster
POLICY = "policies/ycc/SQS-14 私隱和保密/私隱及保密政策 Privacy and Confidentiality Policy.docx"
COMMAND_WORDS = ("`", "repo-tool", "--cycle", "--unit", "--phone", "--lang", "review record")
# Latin words a Chinese page may hold: unit codes, file formats and LibreOffice, a product
LATIN_ALLOWED = {"ycc", "home", "agency", NEW_UNIT, "nope", "x", "docx", "pdf", "svg",
                 "LibreOffice", "Word", "SQS", "policies"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = demo_with_history(tmp_path_factory.mktemp("generate-page") / "demo")
    added = Cli(root)("unit", "add", NEW_UNIT, "--name-zh", "明德長者鄰舍中心",
                      "--name-en", "Ming Tak Neighbourhood Elderly Centre")
    assert added.exit_code == 0, added.output
    return root


@pytest.fixture(scope="module")
def app(demo: Path) -> Flask:
    return create_app(Settings(root=demo))


@pytest.fixture
def client(app: Flask) -> Iterator[FlaskClient]:
    """A browser of its own for each test: no language cookie left by another."""
    with app.test_client() as test_client:
        yield test_client


def page(client: FlaskClient, url: str) -> lxml.html.HtmlElement:
    reply = client.get(url)
    assert reply.status_code == 200, reply.get_data(as_text=True)[:500]
    return lxml.html.fromstring(reply.get_data(as_text=True))


def token(client: FlaskClient) -> str:
    found = page(client, "/generate").xpath('//input[@name="token"]/@value')
    return str(found[0])


def cycle_options(form: lxml.html.HtmlElement) -> tuple[list[str], str]:
    """The labels of form 2.01's cycle choices in order, and the one chosen."""
    [select] = form.xpath('.//select[@name="cycle"]')
    options = select.xpath("./option")
    chosen = [o.text_content() for o in options if o.get("selected") is not None]
    return [o.text_content() for o in options], chosen[0] if chosen else options[0].text_content()


def current_cycle() -> str:
    rhythm = ReviewCycle()  # the demo keeps the HKCSS cycle: December to March
    return window(rhythm, cycle_of(rhythm, date.today())).label


def latin_words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z][A-Za-z.]*[A-Za-z]|[A-Za-z]", text)) - LATIN_ALLOWED


def test_form_201_starts_at_the_latest_cycle_with_reviews_newest_first(
        client: FlaskClient) -> None:
    [form] = page(client, "/generate?unit=ycc").xpath('//form[@id="form-201"]')
    labels, chosen = cycle_options(form)
    assert labels == [f"{current_cycle()}（本週期）", "2023-24"]  # ycc's review: 2024-03-22
    assert chosen == "2023-24"
    [form] = page(client, "/generate?unit=ycc&lang=en").xpath('//form[@id="form-201"]')
    assert cycle_options(form) == ([f"{current_cycle()} (this cycle)", "2023-24"], "2023-24")
    # each unit option carries its own default, for choosing another unit on the page
    assert form.xpath('.//option[@value="ycc"]/@data-cycle') == ["2023"]
    assert form.xpath(f'.//option[@value="{NEW_UNIT}"]/@data-cycle') == \
        [current_cycle()[:4]]


def test_a_unit_without_reviews_starts_at_the_current_cycle(client: FlaskClient) -> None:
    [form] = page(client, f"/generate?unit={NEW_UNIT}").xpath('//form[@id="form-201"]')
    assert cycle_options(form)[1] == f"{current_cycle()}（本週期）"


def test_what_the_page_offers_makes_form_201(client: FlaskClient) -> None:
    [form] = page(client, "/generate?unit=ycc").xpath('//form[@id="form-201"]')
    fields = dict(form.form_values())
    assert fields["cycle"] == "2023" and fields["unit"] == "ycc"
    made = client.post("/generate/form-2.01", data=fields)
    assert made.status_code == 200, made.get_data(as_text=True)[:500]
    cells = [c.text for t in WordDocument(io.BytesIO(made.data)).tables
             for row in t.rows for c in row.cells]
    assert any("陳美玲" in c for c in cells)  # the ycc review of SQS 14


# (form, url, fields, status, the words in Chinese, the words in English, a link to follow)
REFUSALS = [
    ("form-202", "/generate/form-2.02", {"unit": "ycc", "from": "2024-01-01"}, 422,
     "單位 ycc 未有修訂紀錄（2024-01-01 – … 期間）。請先在單位頁記錄修訂",
     "Unit ycc has no amendments recorded (updated 2024-01-01 – …). Record them on the unit "
     "page", "/unit/ycc"),
    ("form-201", "/generate/form-2.01", {"unit": "nope", "cycle": "2023"}, 422,
     "紀錄庫沒有單位「nope」；請從清單選擇單位。",
     "There is no unit 'nope' in this repository; choose a unit from the list.", None),
    ("form-201", "/generate/form-2.01", {"unit": "ycc", "cycle": "20x3"}, 400,
     "「檢討週期」須為 1950 至 2200 的整數。",
     "'Cycle' must be a whole number from 1950 to 2200.", None),
    ("pack", "/generate/pack", {"unit": "ycc", "sqs": "2,x"}, 400,
     "「x」不是服務質素標準的編號", "'x' is not an SQS number", None),
    ("cctv-notice", "/generate/cctv-notice", {"unit": NEW_UNIT, "lang": "zh", "format": "docx"},
     400, f"單位 {NEW_UNIT} 未有查詢電話；請在「查詢電話」一欄填寫。",
     f"Unit {NEW_UNIT} has no enquiry phone number; fill in the enquiry phone.", None),
    ("org-chart", "/generate/org-chart", {"unit": NEW_UNIT, "lang": "both", "format": "svg"},
     422, f"單位 {NEW_UNIT} 未有職員名單", f"Unit {NEW_UNIT} has no staff roster", None),
    ("ack-sheet", "/generate/ack-sheet", {"unit": "ycc", "document": POLICY, "format": "docx"},
     400, "沒有生效中的版本；請填寫版本號碼，或先批核政策。",
     "has no version in force on", "/document?path="),
    ("ack-sheet", "/generate/ack-sheet", {"unit": "ycc", "document": "policies/nothing.docx",
                                          "format": "docx"}, 422,
     "紀錄庫沒有文件「policies/nothing.docx」；請在搜尋頁找出政策的路徑。",
     "There is no document 'policies/nothing.docx' in the repository", "/search"),
    ("changes-report", "/generate/changes-report", {"unit": NEW_UNIT, "format": "pdf"}, 422,
     f"單位 {NEW_UNIT} 未有探訪紀錄；請填寫「變更日期由」。",
     f"Unit {NEW_UNIT} has no visit recorded", None),
]


def refused_form(client: FlaskClient, url: str, fields: dict[str, str], lang: str,
                 status: int, form_id: str) -> tuple[lxml.html.HtmlElement, str]:
    """Post `fields`; the generate page comes back with `status`: its form and its message."""
    reply = client.post(f"{url}?lang={lang}", data={**fields, "token": token(client)})
    assert reply.status_code == status, reply.get_data(as_text=True)[:800]
    assert reply.content_type.startswith("text/html")
    html = lxml.html.fromstring(reply.get_data(as_text=True))
    assert html.xpath("//main/h1")[0].text_content() == ("Generate" if lang == "en" else "製作文件")
    [form] = html.xpath(f'//form[@id="{form_id}"]')
    [said] = form.xpath('.//div[@class="error"]')
    assert len(html.xpath('//div[@class="error"]')) == 1  # only on the form that was sent
    # the language switch leads back to this page, not to the home page
    assert html.xpath('//header//a[@lang="en"]/@href') == ["/generate?lang=en"]
    main = html.xpath("//main")[0].text_content()
    for word in COMMAND_WORDS:
        assert word not in main, f"{word!r} on the page: {said.text_content()}"
    return form, said.text_content()


@pytest.mark.parametrize(("form_id", "url", "fields", "status", "zh", "en", "link"), REFUSALS,
                         ids=[f"{r[0]}-{r[3]}-{i}" for i, r in enumerate(REFUSALS)])
def test_a_refusal_is_said_on_the_form_in_the_page_language(
        client: FlaskClient, form_id: str, url: str, fields: dict[str, str], status: int,
        zh: str, en: str, link: str | None) -> None:
    form, said = refused_form(client, url, fields, "zh", status, form_id)
    assert zh in said
    assert not latin_words(said.replace(fields.get("document", ""), "")), said
    for name, value in fields.items():  # the form is as it was sent
        if form.xpath(f'.//select[@name="{name}"]') and \
                not form.xpath(f'.//select[@name="{name}"]/option[@value="{value}"]'):
            continue  # not one of the choices (a unit that is not there): a list cannot hold it
        shown = form.xpath(f'.//input[@name="{name}"]/@value | '
                           f'.//select[@name="{name}"]/option[@selected]/@value')
        assert shown == [value], (name, shown)
    if link is not None:
        assert any(href.startswith(link) for href in form.xpath('.//div[@class="error"]//a/@href'))
    form, said = refused_form(client, url, fields, "en", status, form_id)
    assert en in said


def test_a_cycle_without_reviews_downloads_the_blank_checklist(client: FlaskClient) -> None:
    reply = client.post("/generate/form-2.01", data={"unit": "home", "cycle": "2024",
                                                     "format": "docx", "token": token(client)})
    assert reply.status_code == 200
    assert "blank" in reply.headers["Content-Disposition"]
    document = WordDocument(io.BytesIO(reply.get_data()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "空白檢討清單" in text or "blank checklist" in text


def test_an_out_of_date_form_is_said_on_the_form_with_a_fresh_token(
        client: FlaskClient) -> None:
    reply = client.post("/generate/sar?lang=en", data={"unit": "home", "year": "2025",
                                                       "head": "何家明", "token": "old"})
    assert reply.status_code == 403
    html = lxml.html.fromstring(reply.get_data(as_text=True))
    [form] = html.xpath('//form[@id="sar"]')
    assert "The form is out of date" in form.xpath('.//div[@class="error"]')[0].text_content()
    assert form.xpath('.//input[@name="head"]/@value') == ["何家明"]
    assert form.xpath('.//input[@name="token"]/@value') == [token(client)]


def test_recording_on_a_read_only_server_is_refused_on_the_form(client: FlaskClient) -> None:
    _, said = refused_form(client, "/generate/cctv-notice",
                           {"unit": "ycc", "format": "docx", "into_repo": "1"}, "zh", 403,
                           "cctv-notice")
    assert "此伺服器為唯讀，文件不能存入紀錄庫" in said


def test_without_libreoffice_a_pdf_is_refused_on_the_form(
        client: FlaskClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # a machine without soffice
    form, said = refused_form(client, "/generate/cctv-notice",
                              {"unit": "ycc", "format": "pdf", "phone": "2468 0000"}, "zh",
                              422, "cctv-notice")
    assert "伺服器未安裝 LibreOffice，無法製作 PDF；請選擇 Word（docx）格式" in said
    assert form.xpath('.//input[@name="phone"]/@value') == ["2468 0000"]
    form, said = refused_form(client, "/generate/cctv-notice",
                              {"unit": "ycc", "format": "pdf"}, "en", 422, "cctv-notice")
    assert "LibreOffice is not installed on the server" in said


def test_a_pack_while_another_writer_works_is_409_on_the_form(client: FlaskClient,
                                                              demo: Path) -> None:
    repo = Repository.open(demo)
    try:
        with repo.writing("watch", Actor("tester", "Watcher")):
            form, said = refused_form(client, "/generate/pack", {"unit": "ycc", "sqs": "14"},
                                      "en", 409, "pack")
    finally:
        repo.close()
    assert "Another job is changing the repository" in said
    assert form.xpath('.//input[@name="sqs"]/@value') == ["14"]
    assert str(demo) not in said

