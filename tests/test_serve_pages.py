"""The pages read in the reader's language (issue 20): titles above paths, events as sentences,
every status line in Chinese or English, and the search results as a fragment for search as
you type. The Flask client over a copy of the demo repository with approvals, a withdrawal, a
tag, a move and an overdue review recorded through the CLI."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

import lxml.html  # type: ignore[import-untyped]  # (python-docx brings lxml; no stubs)
import pytest
from flask import Flask
from flask.testing import FlaskClient

from repo_tool.domain.accounts import add_account
from repo_tool.domain.titles import titles
from repo_tool.repository import Repository
from repo_tool.sqs import STANDARDS
from repo_tool.web._app import Settings, create_app
from tests.conftest import ACTOR, Cli
from tests.serving import LOG, demo_with_history

POLICY = "policies/ycc/SQS-14 私隱和保密/私隱及保密政策 Privacy and Confidentiality Policy.docx"
COMPLAINTS = "policies/ycc/SQS-15 申訴/投訴處理程序 Complaints Procedure.docx"
MINUTES = "records/ycc/SQS-02 檢討及修訂政策和程序/2024-02-20 政策及程序檢討會議記錄 " \
          "Policy Review Meeting Minutes.docx"
MOVED = "records/ycc/SQS-02 檢討及修訂政策和程序/2024 檢討會議記錄 Minutes.docx"
PEOPLE = ("何總幹事", "總幹事", "陳美玲", "由新程序取代")
SECRET = "correct horse battery"
ASKED = ("records/none.txt", "../repo.yaml", "nope", "2025-13-01")  # echoed in error pages
# Latin a Chinese page may hold besides names, paths and titles: codes and units of measure
CODES = {"SQS", "OCR", "KB", "MB", "GB", "sha", "A", "B", "ESR", "OS", "OC", "PL", "Q", "H", "YYYY",
         "MM", "DD", "docx", "pdf", "svg", "LibreOffice", "Word", "English", "privacy", "x"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = demo_with_history(tmp_path_factory.mktemp("pages") / "demo")
    cli = Cli(root)
    for args in (
            ("approve", POLICY, "--by", "何總幹事", "--role", "總幹事", "--date", "2025-03-20",
             "--effective", "2025-04-01"),
            ("approve", COMPLAINTS, "--by", "何總幹事", "--role", "總幹事", "--date",
             "2025-01-10", "--effective", "2025-02-01"),
            ("withdraw", COMPLAINTS, "--by", "何總幹事", "--role", "總幹事", "--date",
             "2025-05-20", "--effective", "2025-06-01", "--note", "由新程序取代"),
            ("tag", LOG, "--sqs", "14,15"),
            ("review", "record", "--unit", "ycc", "--sqs", "15", "--by", "陳美玲", "--date",
             "2020-01-10", "--outcome", "no-change")):
        done = cli(*args)
        assert done.exit_code == 0, (args, done.output)
    shutil.move(root / MINUTES, root / MOVED)
    assert cli("scan", "--no-ocr").exit_code == 0
    return root


@pytest.fixture(scope="module")
def app(demo: Path) -> Flask:
    return create_app(Settings(root=demo))


@pytest.fixture
def client(app: Flask) -> Iterator[FlaskClient]:
    with app.test_client() as test_client:
        yield test_client


@pytest.fixture(scope="module")
def data_words(demo: Path) -> list[str]:
    """What the repository holds (paths, titles, names of units and standards, the people
    named above): content, not interface, in whichever language it was written."""
    repo = Repository.open(demo)
    try:
        documents = repo.catalog.documents(None)
        found = [repo.config.name_zh, repo.config.name_en, *PEOPLE, *ASKED]
        found += [d.path for d in documents] + [d.path.rsplit("/", 1)[-1] for d in documents]
        found += titles(repo, documents).values()
        for unit in repo.config.units:
            found += [unit.code, unit.name_zh, unit.name_en]
    finally:
        repo.close()
    found += [s.name_zh for s in STANDARDS] + [s.name_en for s in STANDARDS]
    return sorted({" ".join(w.split()) for w in found if w}, key=len, reverse=True)


def shown_text(html: str, data: list[str]) -> str:
    """The page's visible words, less the documents' own text and the repository's data."""
    page = lxml.html.document_fromstring(html)
    for node in page.xpath("//script|//style|//code|//*[@class='snippet']|//option"
                           "|//div[@class='diff']/div[@class!='hunk']|//pre[@class='pv-text']"):
        node.drop_tree()
    text = " ".join(page.xpath("//body")[0].text_content().split())
    for word in data:
        text = text.replace(word, " ")
    return text


def pages() -> list[str]:
    q = quote("私隱")
    return ["/", f"/search?q={q}", f"/search?q={q}&partial=1", "/search?unit=ycc&sqs=14",
            "/search?unit=ycc&sqs=2&partial=1", f"/document?path={quote(POLICY)}",
            f"/document?path={quote(COMPLAINTS)}", f"/document?path={quote(LOG)}",
            f"/document?path={quote(MOVED)}", f"/diff?path={quote(LOG)}&a=1&b=2", "/unit/ycc",
            "/unit/home", "/generate", "/generate?unit=ycc", "/login", "/no-such-page",
            "/document?path=..%2Frepo.yaml", "/document?path=records%2Fnone.txt",
            f"/search?q={q}&since=2025-13-01", "/unit/nope"]


def visit(client: FlaskClient, url: str, lang: str) -> str:
    reply = client.get(url + ("&" if "?" in url else "?") + "lang=" + lang)
    assert reply.status_code in (200, 400, 404), (url, reply.status_code)
    return reply.get_data(as_text=True)


def test_every_page_in_chinese_has_no_english_words(client: FlaskClient,
                                                    data_words: list[str]) -> None:
    for url in pages():
        text = shown_text(visit(client, url, "zh"), data_words)
        latin = set(re.findall(r"[A-Za-z][A-Za-z.]*[A-Za-z]|[A-Za-z]", text)) - CODES
        assert not latin, (url, latin, text[:3000])
        assert "`" not in text and "--" not in text and "repo-tool" not in text, (url, text)
    refused = client.post("/tag", data={"path": POLICY, "sqs": "14", "token": token(client)})
    assert refused.status_code == 403
    text = shown_text(refused.get_data(as_text=True), data_words)
    assert "須由管理員開放寫入" in text and "allow-write" not in text


def test_every_page_in_english_has_no_chinese_words(client: FlaskClient,
                                                    data_words: list[str]) -> None:
    for url in pages():
        text = shown_text(visit(client, url, "en"), data_words).replace("中文", "")
        chinese = re.findall(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+", text)
        assert not chinese, (url, chinese, text[:3000])


def token(client: FlaskClient) -> str:
    found = re.search(r'name="token" value="([^"]+)"', client.get("/generate").get_data(
        as_text=True))
    assert found
    return found[1]


def test_events_read_as_sentences_never_json(client: FlaskClient) -> None:
    page = visit(client, f"/document?path={quote(POLICY)}", "zh")
    events = page.split('<table id="events"')[1].split("</table>")[0]
    assert "批核第 1 版：何總幹事（總幹事） 2025-03-20，2025-04-01 生效" in events
    assert "{" not in events and "approved_on" not in events
    english = visit(client, f"/document?path={quote(POLICY)}", "en")
    assert "Version 1 approved by 何總幹事 (總幹事) on 2025-03-20, effective 2025-04-01" \
        in english
    withdrawn = visit(client, f"/document?path={quote(COMPLAINTS)}", "zh")
    assert "撤回：何總幹事（總幹事） 2025-05-20 決定，2025-06-01 起不再生效；原因：由新程序取代" \
        in withdrawn
    assert "標記為服務質素標準 14、15" in visit(client, f"/document?path={quote(LOG)}", "zh")
    moved = visit(client, f"/document?path={quote(MOVED)}", "en")
    assert f"Moved from <code>{MINUTES}</code> to <code>{MOVED}</code>" in moved


def test_the_document_page_leads_with_the_title_and_the_path_beneath(
        client: FlaskClient) -> None:
    page = lxml.html.fromstring(visit(client, f"/document?path={quote(POLICY)}", "zh"))
    assert page.get_element_by_id("doc-title").text_content() == \
        "私隱及保密政策 Privacy and Confidentiality Policy"
    assert page.get_element_by_id("doc-path").text_content() == POLICY
    notes = page.xpath('//table[@id="versions"]//td[@data-label="備註"]')
    assert notes and all(n.text_content() == "掃描時記錄" for n in notes)


def test_the_browse_listing_and_the_unit_page_show_titles(client: FlaskClient) -> None:
    page = lxml.html.fromstring(visit(client, "/search?unit=ycc&sqs=14", "zh"))
    links = {a.text_content() for a in page.xpath('//table[@id="listing"]//a[@class="hit-link"]')}
    assert "閉路電視錄影查閱紀錄（2026年） CCTV Footage Access Log 2026" in links
    paths = page.xpath('//table[@id="listing"]//div[@class="path"]')
    assert POLICY in {p.text_content() for p in paths}
    unit = lxml.html.fromstring(visit(client, "/unit/ycc", "zh"))
    log = unit.get_element_by_id("review-log").text_content()
    assert "私隱及保密政策 Privacy and Confidentiality Policy 第 1 版" in log


def test_durations_gaps_and_alerts_are_said_in_the_language(client: FlaskClient) -> None:
    zh = lxml.html.fromstring(visit(client, "/unit/ycc", "zh"))
    due = zh.get_element_by_id("due").text_content()
    assert re.search(r"逾期 \d+ 日", due) and " d)" not in due
    assert re.search(r"尚餘 \d+ 日", due)
    readiness = zh.get_element_by_id("readiness").text_content()
    assert re.search(r"檢討自 \d{4}-\d{2}-\d{2} 起逾期", readiness)
    alerts = zh.get_element_by_id("alerts").text_content()
    assert "未有數字" in alerts and "stats record" not in alerts
    en = lxml.html.fromstring(visit(client, "/unit/ycc", "en"))
    assert re.search(r"\d+ days overdue", en.get_element_by_id("due").text_content())
    assert "no figure for" in en.get_element_by_id("alerts").text_content()


def test_the_results_fragment_is_the_results_alone(client: FlaskClient) -> None:
    full = visit(client, "/search?q=" + quote("私隱"), "zh")
    part = visit(client, "/search?q=" + quote("私隱") + "&partial=1", "zh")
    assert "<html" not in part and "search-form" not in part and 'class="hit"' in part
    fragment = full.split('<div id="results"')[1].split(">", 1)[1].split("</div>\n<script")[0]
    assert fragment.count('class="hit"') == part.count('class="hit"') > 0
    assert "partial" not in part  # its links (more, show generated) lead to whole pages


@pytest.fixture(scope="module")
def with_accounts(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """A copy of the demo repository with a reviewer of ycc's SQS 14 and an editor of home."""
    root = tmp_path_factory.mktemp("pages-accounts") / "demo"
    shutil.copytree(demo, root)
    repo = Repository.open(root)
    try:
        add_account(repo, "swd-officer", "reviewer", SECRET, ACTOR, units=("ycc",), sqs=(14,),
                    expires=date.today() + timedelta(days=30))
        add_account(repo, "home-editor", "editor", SECRET, ACTOR, units=("home",))
    finally:
        repo.close()
    return create_app(Settings(root=root))


def signed_in(app: Flask, name: str) -> FlaskClient:
    client = app.test_client()
    reply = client.post("/login", data={"name": name, "password": SECRET, "next": "/",
                                        "token": token_of(client, "/login")})
    assert reply.status_code == 302
    return client


def token_of(client: FlaskClient, url: str) -> str:
    found = re.search(r'name="token" value="([^"]+)"', client.get(url).get_data(as_text=True))
    assert found
    return found[1]


def test_titles_events_and_results_fragments_keep_to_the_accounts_scope(
        with_accounts: Flask) -> None:
    for name in ("swd-officer", "home-editor"):
        client = signed_in(with_accounts, name)
        for url in ("/search?q=x&unit=" + ("home" if name == "swd-officer" else "ycc")
                    + "&partial=1",
                    f"/document?path={quote(COMPLAINTS)}", "/unit/ycc" if name == "home-editor"
                    else "/unit/home"):
            assert client.get(url).status_code == 403, (name, url)
        for bad in ("../repo.yaml", "/etc/passwd"):
            assert client.get("/document?path=" + quote(bad)).status_code == 400
    reviewer = signed_in(with_accounts, "swd-officer")
    part = reviewer.get("/search?q=" + quote("私隱") + "&partial=1").get_data(as_text=True)
    assert "policies/ycc/SQS-14" in part and "policies/home/" not in part
    page = reviewer.get(f"/document?path={quote(POLICY)}").get_data(as_text=True)
    assert "批核第 1 版" in page
