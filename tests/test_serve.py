"""`repo-tool serve` over plain HTTP: the real server in a child process, urllib as the client.

Bad requests (traversal, NUL bytes, oversized or malformed parameters) get a 4xx page and never
a traceback; read-only servers change nothing; writes are audited and wait for nobody: when
another writer holds the lock the page says who (409) while reads carry on.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import signal
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from docx import Document as WordDocument

from repo_tool.config import parse_config
from repo_tool.domain.passwords import check_password, hash_password
from repo_tool.errors import ConfigError
from repo_tool.models import Actor
from repo_tool.repository import Repository
from tests.conftest import Cli, run_tool, wait_for, write
from tests.serving import LOG, Server, demo_repository, demo_with_history, running_server

POLICY = "policies/ycc/SQS-14 私隱和保密/私隱及保密政策 Privacy and Confidentiality Policy.docx"
TRACEBACK_WORDS = ("Traceback", "File \"", "line ", "Error:", "werkzeug", "repo_tool/")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_with_history(tmp_path_factory.mktemp("serve") / "demo")


@pytest.fixture(scope="module")
def server(demo: Path) -> Iterator[Server]:
    with running_server(demo) as running:
        yield running


def server_root(server: Server) -> Path:
    """The repository a test server serves (its log's folder holds it as `demo`)."""
    return server.log.parent / "demo"


def counts(root: Path) -> tuple[int, int, int]:
    """(versions, audit entries, operations) in the catalog."""
    db = sqlite3.connect(root / ".repo" / "catalog.sqlite")
    try:
        versions, audit, operations = (db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                                       for table in ("versions", "audit", "operations"))
        return versions, audit, operations
    finally:
        db.close()


def assert_clean_error(reply_text: str) -> None:
    body = reply_text.split("<main>", 1)[-1]
    for word in TRACEBACK_WORDS:
        assert word not in body, f"{word!r} in an error page: {body[:500]}"


BAD_REQUESTS = [
    ("/document?path=../repo.yaml", 400),
    ("/document?path=" + quote("policies/../../etc/passwd"), 400),
    ("/document?path=%2e%2e/%2e%2e/etc/passwd", 400),
    ("/download?path=%2e%2e%2frepo.yaml&version=1", 400),
    ("/download?path=/etc/passwd&version=1", 400),
    ("/download?path=" + quote("C:\\Windows\\win.ini") + "&version=1", 400),
    ("/download?path=.repo/catalog.sqlite&version=1", 404),
    ("/document?path=repo.yaml", 404),
    ("/document?path=a%00b", 400),
    ("/search?q=%E7%A7%81%00", 400),
    ("/unit/%00", 400),
    ("/static/../repo.yaml", 404),
    ("/static/%2e%2e/%2e%2e/repo.yaml", 404),
    ("/static/..%2f..%2frepo.yaml", 404),
    ("/..%2f..%2frepo.yaml", 404),
    ("/search?q=" + quote("私" * 1001), 413),
    ("/search?q=" + "a" * 1001, 413),
    ("/search?q=" + "a" * 5000, 413),
    ("/search?q=x&since=2024-13-01", 400),
    ("/search?q=x&since=yesterday", 400),
    ("/search?q=x&sqs=17", 400),
    ("/search?q=x&sqs=abc", 400),
    ("/search?q=x&kind=secret", 400),
    ("/search?q=x&state=retired", 400),
    ("/search?q=x&limit=-1", 400),
    ("/search?q=x&unit=nope", 404),
    ("/unit/nope", 404),
    ("/unit/..", 400),  # not a unit code at all (a path)
    ("/download?path=" + quote(POLICY) + "&version=abc", 400),
    ("/download?path=" + quote(POLICY) + "&version=1.5", 400),
    ("/download?path=" + quote(POLICY) + "&version=99", 404),
    ("/diff?path=" + quote(POLICY) + "&a=x", 400),
    ("/diff?path=" + quote(POLICY), 400),  # one version: nothing to compare
    ("/generate?unit=nope", 404),
    ("/no-such-page", 404),
]


@pytest.mark.parametrize(("path", "status"), BAD_REQUESTS)
def test_bad_requests_get_a_4xx_page_never_a_traceback(server: Server, path: str,
                                                      status: int) -> None:
    reply = server.get(path)
    assert reply.status == status, reply.text[:800]
    assert reply.headers["Content-Type"].startswith("text/html")
    assert_clean_error(reply.text)
    assert "錯誤" in reply.text  # the error page, in the default language
    assert str(server_root(server)) not in reply.text  # where the repository lies is not told


def test_a_get_on_a_post_only_page_is_405(server: Server) -> None:
    reply = server.get("/generate/cctv-notice")
    assert reply.status == 405
    assert_clean_error(reply.text)


def test_search_finds_both_scripts_and_marks_the_words(server: Server, demo: Path) -> None:
    traditional = server.get("/search?q=" + quote("私隱"))
    simplified = server.get("/search?q=" + quote("私隐"))
    assert traditional.status == simplified.status == 200
    assert "<mark>私隱</mark>" in traditional.text
    assert quote(POLICY, safe="/").replace("%20", "+") in traditional.text.replace("%20", "+")
    cli_total = Cli(demo)("search", "私隱", "--json", "--limit", "100").output.count('"path"')
    for reply in (traditional, simplified):
        assert f'<p id="total">{cli_total} ' in reply.text


def test_search_says_which_glossary_terms_it_also_searched(server: Server, demo: Path) -> None:
    chinese = server.get("/search?q=privacy")
    assert '<p id="also-searched">同時搜尋：私隱</p>' in chinese.text
    assert "<mark>私隱</mark>" in chinese.text  # Chinese text found by the English word
    cli = Cli(demo)("search", "privacy", "--limit", "100")
    assert cli.output.splitlines()[0] == "also searched: 私隱"
    total = json.loads(Cli(demo)("search", "privacy", "--json", "--limit", "100").stdout)
    assert f'<p id="total">{len(total)} ' in chinese.text
    english = server.get("/search?q=" + quote("閉路電視") + "&lang=en")
    assert '<p id="also-searched">also searched: CCTV</p>' in english.text
    assert 'id="also-searched"' not in server.get("/search?q=" + quote("本中心")).text


def test_a_state_filter_says_how_many_matches_it_hides(server: Server, demo: Path) -> None:
    every = json.loads(Cli(demo)("search", "私隱", "--json", "--limit", "100").output)
    in_force = json.loads(Cli(demo)("search", "私隱", "--state", "in-force", "--json",
                                    "--limit", "100").output)
    hidden = len({h["path"] for h in every} - {h["path"] for h in in_force})
    assert hidden > 0  # the demo's records, at least
    page = server.get("/search?q=" + quote("私隱") + "&state=in-force")
    assert f"另有 {hidden} 份文件符合搜尋" in page.text
    english = server.get("/search?q=" + quote("私隱") + "&state=in-force&lang=en")
    assert f"{hidden} more document(s) match but are not in the chosen state" in english.text
    assert 'id="hidden"' not in server.get("/search?q=" + quote("私隱")).text


def test_filters_by_unit_sqs_and_kind(server: Server) -> None:
    reply = server.get("/search?q=" + quote("私隱") + "&unit=home&sqs=14&kind=policy")
    assert reply.status == 200
    hits = [line for line in reply.text.splitlines() if 'class="hit-link"' in line]
    assert hits and all("policies/home/SQS-14" in line for line in hits)


def test_browsing_a_unit_and_sqs_lists_its_documents(server: Server) -> None:
    reply = server.get("/search?unit=ycc&sqs=14")
    assert reply.status == 200
    assert POLICY in reply.text and LOG in reply.text
    assert "policies/home" not in reply.text


def test_every_version_downloads_byte_for_byte(server: Server, demo: Path) -> None:
    first = server.get("/download?path=" + quote(LOG) + "&version=1")
    second = server.get("/download?path=" + quote(LOG) + "&version=2")
    assert first.status == second.status == 200
    assert first.body == "2024-05-02 查閱 第一版 first edition\n".encode()
    assert second.body.endswith("第二段\n".encode())
    repo = Repository.open(demo)
    try:
        document = repo.document(LOG)
        assert first.headers["X-Content-SHA256"] == repo.version(document, 1).sha256 \
            == hashlib.sha256(first.body).hexdigest()
    finally:
        repo.close()
    assert "attachment" in first.headers["Content-Disposition"]


def test_document_page_has_history_tags_and_paragraph_diff(server: Server) -> None:
    page = server.get("/document?path=" + quote(LOG))
    assert page.status == 200
    assert "SQS 14 私隱和保密 Privacy and confidentiality" in page.text
    assert page.text.count('class="download"') == 2
    diff = server.get("/diff?path=" + quote(LOG) + "&a=1&b=2")
    assert diff.status == 200
    assert '<div class="add">+ 2024-06-11 查閱 second entry 第二段</div>' in diff.text
    assert '<div class="del">' not in diff.text


def test_unit_page_is_the_16_sqs_readiness_table(server: Server) -> None:
    reply = server.get("/unit/ycc?lang=en")
    assert reply.status == 200
    table = reply.text.split('<table id="readiness">')[1].split("</table>")[0]
    assert table.count("<tr class=") == 16
    row_14 = table.split("<tr class=")[14]
    assert "私隱和保密" in row_14 and "Privacy and confidentiality" in row_14
    assert "2024-03-22" in row_14 and "2027-03-31" in row_14
    assert "免受侵犯" in table and "Freedom from abuse" in table


def test_language_switch_is_kept_in_a_cookie(server: Server) -> None:
    chinese = server.get("/")
    english = server.get("/?lang=en")
    assert "搜尋" in chinese.text and '<html lang="zh-HK">' in chinese.text
    assert ">Search<" in english.text and '<html lang="en">' in english.text
    assert "lang=en" in english.headers["Set-Cookie"]
    assert ">Search<" in server.get("/unit/ycc", {"Cookie": "lang=en"}).text


def test_read_only_server_makes_a_notice_without_changing_the_repository(
        server: Server, demo: Path) -> None:
    before = counts(demo)
    reply = server.post("/generate/cctv-notice", {"unit": "ycc", "format": "docx",
                                                 "lang": "both", "token": server.token()})
    assert reply.status == 200, reply.text[:500]
    assert reply.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    text = "\n".join(p.text for p in WordDocument(io.BytesIO(reply.body)).paragraphs)
    assert "明德沙田綜合青少年服務中心" in text and "2468 1357" in text
    assert counts(demo) == before
    assert not (demo / "records" / "ycc" / "generated").exists()


def test_read_only_server_refuses_every_change(server: Server, demo: Path) -> None:
    before = counts(demo)
    token = server.token()
    for path, form in (("/tag", {"path": LOG, "sqs": "3", "by": "x"}),
                       ("/review", {"unit": "ycc", "sqs": "3", "date": "2024-01-02",
                                    "outcome": "no-change", "by": "x"}),
                       ("/generate/cctv-notice", {"unit": "ycc", "into_repo": "1"})):
        reply = server.post(path, {**form, "token": token})
        assert reply.status == 403, (path, reply.text[:300])
        # said without the command: the web's readers do not start the server
        assert ("此伺服器為唯讀" if path.startswith("/generate") else "須由管理員開放寫入") \
            in reply.text and "--allow-write" not in reply.text
    assert counts(demo) == before


def test_a_post_without_the_form_token_is_refused(server: Server) -> None:
    reply = server.post("/generate/cctv-notice", {"unit": "ycc"})
    assert reply.status == 403
    assert_clean_error(reply.text)


@pytest.fixture
def writable(tmp_path: Path) -> Iterator[tuple[Server, Path]]:
    root = demo_repository(tmp_path / "demo")
    with running_server(root, "--allow-write") as running:
        yield running, root


def test_writes_are_audited_and_wait_for_no_reader(writable: tuple[Server, Path]) -> None:
    server, root = writable
    token = server.token()
    tagged = server.post("/tag", {"path": POLICY, "sqs": "14,8", "by": "陳主任",
                                  "token": token})
    assert tagged.status == 200 and "SQS 8 法律責任" in tagged.text  # followed the redirect
    reviewed = server.post("/review", {"unit": "ycc", "sqs": "14", "date": "2024-03-22",
                                       "outcome": "no-change", "by": "陳美玲", "token": token})
    assert reviewed.status == 200 and "2027-03-31" in reviewed.text
    amended = server.post("/amend", {"unit": "ycc", "sqs": "14", "clause": "3.7",
                                     "reason": "中心安裝閉路電視",
                                     "new_content": "錄像只作管理用途",
                                     "updated": "2025-01-20", "released": "2025-02-01",
                                     "by": "陳美玲", "token": token})
    assert amended.status == 200 and "錄像只作管理用途" in amended.text
    backwards = server.post("/amend", {"unit": "ycc", "sqs": "14", "clause": "1",
                                       "reason": "r", "new_content": "n", "updated": "2025-02-01",
                                       "released": "2025-01-20", "by": "x", "token": token})
    assert backwards.status == 400 and "before the date updated" in backwards.text
    made = server.post("/generate/cctv-notice", {"unit": "home", "format": "docx",
                                                "into_repo": "1", "by": "周麗華",
                                                "token": token})
    assert made.status == 200
    assert (root / "records/home/generated/cctv-notice.docx").read_bytes() == made.body
    repo = Repository.open(root)
    try:
        entries = [(e.action, e.by) for e in repo.catalog.audit_entries()]
    finally:
        repo.close()
    assert ("tag", "陳主任") in entries
    assert ("review record", "陳美玲") in entries
    assert ("amend", "陳美玲") in entries
    assert ("generate", "周麗華") in entries


def test_a_write_while_another_writer_holds_the_lock_is_409_and_reads_go_on(
        writable: tuple[Server, Path]) -> None:
    server, root = writable
    token = server.token()
    repo = Repository.open(root)
    try:
        with repo.writing("watch", Actor("tester", "Watcher")):
            blocked = server.post("/tag", {"path": POLICY, "sqs": "9", "by": "x",
                                           "token": token})
            assert blocked.status == 409
            assert "`watch`" in blocked.text and "wait for it to finish" in blocked.text
            assert_clean_error(blocked.text)
            assert str(root) not in blocked.text
            found = server.get("/search?q=" + quote("私隱"))
            assert found.status == 200 and "<mark>私隱</mark>" in found.text
            assert server.get("/unit/ycc").status == 200
    finally:
        repo.close()
    assert server.post("/tag", {"path": POLICY, "sqs": "9", "by": "x",
                                "token": token}).status == 200


def test_another_host_needs_a_password(demo: Path) -> None:
    done = run_tool("serve", "--repo", str(demo), "--host", "0.0.0.0", "--port", "0",
                    timeout=60)
    assert done.returncode == 2
    assert done.stderr.startswith("error: serving on 0.0.0.0 lets other machines in")


def test_password_from_the_environment_guards_every_page(demo: Path) -> None:
    with running_server(demo, "--host", "0.0.0.0",
                        env={"REPO_TOOL_PASSWORD": "correct horse"}) as server:
        assert "NOT encrypted" in server.log.read_text()
        refused = server.get("/")
        assert refused.status == 401
        assert refused.headers["WWW-Authenticate"].startswith("Basic")
        wrong = base64.b64encode(b"admin:wrong").decode()
        assert server.get("/", {"Authorization": f"Basic {wrong}"}).status == 401
        right = base64.b64encode(b"admin:correct horse").decode()
        assert server.get("/unit/ycc", {"Authorization": f"Basic {right}"}).status == 200


def test_repo_yaml_holds_only_a_salted_hash_of_the_password(tmp_path: Path) -> None:
    stored = hash_password("s3cret-pass", iterations=1000)
    assert check_password("s3cret-pass", stored) and not check_password("s3cret-pas", stored)
    assert hash_password("s3cret-pass", iterations=1000) != stored  # salted
    text = ("organisation: {name_zh: 甲, name_en: A}\n"
            f'serve:\n  password_hash: "{stored}"\n')
    assert parse_config(text, tmp_path / "repo.yaml").serve_password_hash == stored
    with pytest.raises(ConfigError, match=r"repo.yaml:3: serve.password_hash: expected a hash"):
        parse_config(text.replace(stored, "s3cret-pass"), tmp_path / "repo.yaml")
    with pytest.raises(ConfigError, match=r"repo.yaml:3: serve.password: unknown key"):
        parse_config(text.replace("password_hash", "password"), tmp_path / "repo.yaml")


def test_every_generator_is_a_download_and_only_the_pack_is_audited(server: Server,
                                                                      demo: Path) -> None:
    import zipfile

    before = counts(demo)
    token = server.token()
    chart = server.post("/generate/org-chart", {"unit": "ycc", "format": "svg", "token": token})
    assert chart.status == 200 and chart.body.startswith(b"<?xml") and b"<svg" in chart.body
    assert "社工" in chart.text or "社會工作" in chart.text
    made = server.post("/generate/form-2.01", {"unit": "ycc", "format": "docx", "cycle": "2023",
                                               "token": token})
    assert made.status == 200, made.text[:300]
    cells = [c.text for t in WordDocument(io.BytesIO(made.body)).tables
             for row in t.rows for c in row.cells]
    assert any("陳美玲" in c for c in cells)  # the review of SQS 14 entered above
    none = server.post("/generate/form-2.02", {"unit": "ycc", "format": "docx", "token": token})
    assert none.status == 422 and "單位 ycc 未有修訂紀錄" in none.text  # said on the form
    assert counts(demo) == before
    pack = server.post("/generate/pack", {"unit": "ycc", "sqs": "14", "token": token})
    assert pack.status == 200
    with zipfile.ZipFile(io.BytesIO(pack.body)) as archive:
        names = archive.namelist()
    assert "MANIFEST.csv" in names and any("閉路電視查閱紀錄" in n for n in names)
    versions, audit, _ = counts(demo)
    assert (versions, audit) == (before[0], before[1] + 1)
    bad = server.post("/generate/form-2.01", {"unit": "ycc", "cycle": "20x3", "token": token})
    assert bad.status == 400
    assert_clean_error(bad.text)


def test_a_unit_added_to_repo_yaml_is_served_at_once(writable: tuple[Server, Path]) -> None:
    server, root = writable
    assert server.get("/unit/dcc").status == 404
    assert Cli(root)("unit", "add", "dcc", "--name-zh", "明德日間護理中心", "--name-en",
                     "Ming Tak Day Care Centre").exit_code == 0
    reply = server.get("/unit/dcc")
    assert reply.status == 200 and "明德日間護理中心" in reply.text


def test_pages_and_writes_keep_working_while_watch_runs_in_another_process(
        writable: tuple[Server, Path], tmp_path: Path) -> None:
    """A real `repo-tool watch` holds the writer lock only while it records a pass: the server
    reads what it records, and a change asked of the server between passes is made."""
    from tests.test_watch import watch_process

    server, root = writable
    duty = "records/ycc/SQS-03 運作及活動記錄/當值紀錄 duty log.txt"
    with watch_process(root, tmp_path / "watch.out") as process:
        write(root / duty, "2024-07-01 當值 颱風 typhoon\n")
        wait_for(lambda: "<mark>颱風</mark>" in server.get("/search?q=" + quote("颱風")).text,
                 "the server to find what watch recorded")
        page = server.get("/document?path=" + quote(duty))
        assert page.status == 200 and page.text.count('class="download"') == 1
        tagged = server.post("/tag", {"path": duty, "sqs": "3,9", "by": "陳美玲",
                                      "token": server.token()})
        assert tagged.status == 200, tagged.text
        process.send_signal(signal.SIGINT)
        assert process.wait(30) in (0, 130)
    repo = Repository.open(root)
    try:
        found = repo.catalog.document(duty)
        assert found is not None and found.sqs == (3, 9)
    finally:
        repo.close()


def test_search_and_document_pages_show_the_policy_lifecycle(tmp_path: Path) -> None:
    root = demo_repository(tmp_path / "demo")
    cli = Cli(root)
    assert cli("scan", "--no-ocr").exit_code == 0
    approved = cli("approve", POLICY, "--by", "何家明", "--role", "總幹事 Chief Executive",
                   "--date", "2026-01-02", "--effective", "2099-04-01")
    assert approved.exit_code == 0, approved.output
    with running_server(root) as server:
        def hits(state: str) -> list[str]:
            reply = server.get("/search?q=" + quote("私隱") + "&unit=ycc&kind=policy&state="
                               + state)
            assert reply.status == 200
            return [line for line in reply.text.splitlines() if 'class="hit-link"' in line]

        assert hits("in-force") == []  # approved, but effective only in 2099
        waiting = server.get("/search?q=" + quote("私隱") + "&unit=ycc&state=approved").text
        assert quote(POLICY, safe="/").replace("%20", "+") in waiting.replace("%20", "+")
        assert '<span class="state">已批核，未生效</span>' in waiting
        page = server.get("/document?path=" + quote(POLICY) + "&lang=en").text
        assert '<td class="state">approved, not yet in force <small>2099-04-01 · 何家明' in page
        unit = server.get("/unit/ycc").text
        assert '<p id="policy-states">政策狀態: 已批核，未生效 1' in unit


def test_the_unit_page_lists_the_performance_alerts(server: Server, demo: Path) -> None:
    expected = json.loads(Cli(demo)("status", "--unit", "home", "--json").output)[0]["alerts"]
    assert expected  # the demo home's standards have periods with no figures entered
    for lang, missing in (("en", "no figure for"), ("zh", "未有數字")):
        page = server.get("/unit/home?lang=" + lang).text
        listed = page.split('<ul id="alerts" class="warning">')[1].split("</ul>")[0]
        items = [item.split("</li>")[0] for item in listed.split("<li>")[1:]]
        # the same alerts, in the page's language and without the command (web/_wording.py)
        assert len(items) == len(expected)
        coded = [(a, i) for a, i in zip(expected, items, strict=True)
                 if re.match(r"[A-Z]+\d+:", a)]  # a standard's alert keeps its code first
        assert coded and all(a.split(":")[0] == i.split(":")[0].split("：")[0]
                             for a, i in coded)
        assert all(missing in i for i, a in zip(items, expected, strict=True)
                   if "no figure" in a)
        assert not any("repo-tool" in i or "`" in i for i in items)


def test_the_sar_sign_off_sheet_and_changes_report_are_downloads_that_change_nothing(
        server: Server, demo: Path) -> None:
    before = counts(demo)
    token = server.token()
    sar = server.post("/generate/sar", {"unit": "home", "year": "2025", "format": "docx",
                                        "head": "何家明", "token": token})
    assert sar.status == 200, sar.text[:300]
    text = "\n".join(p.text for p in WordDocument(io.BytesIO(sar.body)).paragraphs)
    assert "自我評估報告 Self Assessment Report" in text and "2025-26" in text
    unapproved = server.post("/generate/ack-sheet", {"unit": "ycc", "document": POLICY,
                                                     "format": "docx", "token": token})
    assert unapproved.status == 400 and "沒有生效中的版本" in unapproved.text
    sheet = server.post("/generate/ack-sheet", {"unit": "ycc", "document": POLICY,
                                                "version": "1", "format": "docx",
                                                "token": token})
    assert sheet.status == 200, sheet.text[-700:]
    rows = [[c.text for c in row.cells] for t in WordDocument(io.BytesIO(sheet.body)).tables
            for row in t.rows]
    assert any("Y001" in cell for row in rows for cell in row)  # the ycc roster's staff
    report = server.post("/generate/changes-report", {"unit": "ycc", "since": "2020-01-01",
                                                      "format": "pdf", "token": token})
    assert report.status == 200 and report.body.startswith(b"%PDF")
    assert counts(demo) == before  # read-only: nothing recorded, no audit entry
    outside = server.post("/generate/ack-sheet", {"unit": "ycc", "document": "../../etc/passwd",
                                                  "format": "pdf", "token": token})
    assert 400 <= outside.status < 500
    assert_clean_error(outside.text)
