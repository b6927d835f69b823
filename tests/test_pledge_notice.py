"""The pledge notice read back: the .docx, the PDF through LibreOffice, the web page."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document

from repo_tool.domain.performance import record_figure
from repo_tool.errors import InvalidInput
from repo_tool.generate import Output
from repo_tool.generate.pledge_notice import generate_pledge_notice
from repo_tool.repository import Repository
from tests.conftest import ACTOR, Cli
from tests.paper_checks import docx_words, save_pages, split_words
from tests.test_pledges import PLEDGES, TODAY, write

TARGETS = ["95%的查詢於3個工作天內回覆", "95% of enquiries answered within 3 working days",
           "85%的參加者對活動表示滿意", "85% of participants satisfied with the programmes"]


def docx_text(path: Path) -> str:
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


@pytest.fixture
def ycc(repo: Repository) -> Repository:
    write(repo.root / "records/ycc/pledges.yaml", PLEDGES)
    config = repo.root / "repo.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        '    phone: "2345 6789"\n', '    phone: "2345 6789"\n    email: ycc@mingtak.org.hk\n'
        '    complaints: 致函總幹事 write to the Chief Executive, 2/F, 8 Tak Street\n'),
        encoding="utf-8")
    opened = Repository.open(repo.root)
    for standard, period, value in [("PL1", "2026-27-Q2", "96"), ("PL2", "2026-27-H1", "80")]:
        record_figure(opened, unit="ycc", standard=standard, period=period, value=value,
                      actor=ACTOR, today=TODAY)
    return opened


def test_the_notice_has_every_target_its_latest_result_and_the_channels(
        ycc: Repository) -> None:
    files = generate_pledge_notice(ycc, "ycc", actor=ACTOR, output=Output(), today=TODAY)
    assert [(g.relpath, g.version) for g in files] == [
        ("records/ycc/generated/pledge-notice.docx", 1),
        ("records/ycc/generated/pledge-notice.pdf", 1),
        ("records/ycc/generated/pledge-notice.html", 1)]
    docx, pdf, _ = (g.path for g in files)
    text = docx_text(docx)
    for phrase in [*TARGETS, "服務承諾", "Performance Pledges", "明德青少年綜合服務中心",
                   "2026-27年度第2季（2026年7月至9月）", "2026-27-Q2 (Jul-Sep 2026)",
                   "96%　達標 met", "2026-27年度上半年度（2026年4月至9月）", "80%　未達標 not met",
                   "中心主任每月覆核查詢紀錄", "checks the enquiry log every month",
                   "社工於活動後派發問卷（顧客意見調查）", "每季於通告板、網頁公布",
                   "電話 Tel 2345 6789", "電郵 Email ycc@mingtak.org.hk",
                   "致函總幹事 write to the Chief Executive", "2026-03-20",
                   "明德青少年綜合服務中心　示"]:
        assert phrase in text, phrase
    section = Document(str(docx)).sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    # the PDF, printed by LibreOffice: one A4 page a centre can pin up
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "Pages:           1" in info and "841.89 pts" in info
    printed = pdf_text(pdf)
    for phrase in ["服務承諾", "Performance Pledges", "96%", "達標 met", "80%", "未達標 not met",
                   "2345 6789", "ycc@mingtak.org.hk", "示"]:
        assert phrase in printed, phrase
    flat = printed.replace("\n", "")
    for target in TARGETS:
        assert target.replace(" ", "") in flat.replace(" ", ""), target
    assert split_words(pdf, docx_words(docx)) == []
    assert save_pages(pdf, "pledge-notice")[0].stat().st_size > 10_000
    # filed under SQS 1 and recorded with what it published: the publication is audited
    document = ycc.document("records/ycc/generated/pledge-notice.pdf")
    assert document.sqs == (1,)
    note = ycc.version(document).note or ""
    assert note.startswith("generated pledge notice from records/ycc/pledges.yaml v1")
    assert "results published: PL1 2026-27-Q2 96% met; PL2 2026-27-H1 80% not met" in note
    entry = [e for e in ycc.catalog.audit_entries() if e.action == "generate"][-1]
    assert "results published: PL1 2026-27-Q2 96% met" in json.dumps(entry.detail,
                                                                      ensure_ascii=False)


class Page(HTMLParser):
    """What a browser would read from the page: its text, tags and attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_the_web_page_is_escaped_self_contained_and_made_for_a_phone(
        ycc: Repository) -> None:
    write(ycc.root / "records/ycc/pledges.yaml",
          PLEDGES.replace("95% of enquiries answered within 3 working days",
                          "95% of enquiries <b>answered</b> & closed within 3 working days"))
    [page] = generate_pledge_notice(ycc, "ycc", actor=ACTOR, output=Output(formats=("html",)),
                                    today=TODAY)
    assert page.relpath == "records/ycc/generated/pledge-notice.html"
    raw = page.path.read_text(encoding="utf-8")
    assert "<b>answered</b>" not in raw and "&lt;b&gt;answered&lt;/b&gt; &amp; closed" in raw
    parsed = Page()
    parsed.feed(raw)
    text = "".join(parsed.text)
    for phrase in [TARGETS[0], "95% of enquiries <b>answered</b> & closed within 3 working days",
                   *TARGETS[2:], "2026-27-Q2 (Jul-Sep 2026)", "達標 met", "未達標 not met",
                   "電話 Tel 2345 6789", "致函總幹事"]:
        assert phrase in text, phrase
    tags = dict(parsed.tags)
    assert tags["html"] == {"lang": "zh-Hant-HK"}
    assert ("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}) \
        in parsed.tags
    names = [tag for tag, _ in parsed.tags]
    assert "script" not in names and "link" not in names and "img" not in names
    assert not [a for _, a in parsed.tags if "src" in a or "href" in a]
    assert names.count("section") == 2


def test_head_office_pledges_say_so_and_a_notice_outside_the_repository_is_audited(
        ycc: Repository, tmp_path: Path) -> None:
    write(ycc.root / "records/agency/pledges.yaml", PLEDGES)
    config = ycc.root / "repo.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        'name_en: "Ming Tak Children\'s Home"\n',
        'name_en: "Ming Tak Children\'s Home"\n    email: home@mingtak.org.hk\n').replace(
        'Head Office"\n', 'Head Office"\n    complaints: 總辦事處 2345 0000\n'),
        encoding="utf-8")
    ycc = Repository.open(ycc.root)
    out = tmp_path / "website"
    out.mkdir()
    files = generate_pledge_notice(ycc, "home", actor=ACTOR,
                                   output=Output(formats=("docx", "html"), out=out),
                                   today=TODAY)
    assert [g.path.name for g in files] == ["pledge-notice.docx", "pledge-notice.html"]
    assert not any(g.recorded for g in files)
    assert "These are the head office's pledges, which apply to this unit." in docx_text(
        files[0].path)
    assert "head office’s pledges" in files[1].path.read_text(encoding="utf-8")
    entry = [e for e in ycc.catalog.audit_entries() if e.action == "generate"][-1]
    assert entry.detail["kind"] == "pledge notice" and entry.detail["unit"] == "home"
    assert "records/agency/pledges.yaml" in entry.detail["inputs"]
    # the complaints channel is the head office's when the unit names none
    assert "意見及投訴 Feedback and complaints: 總辦事處 2345 0000" in docx_text(files[0].path)


def test_a_unit_with_no_way_to_reach_it_is_told_what_to_add(repo: Repository,
                                                           cli: Cli) -> None:
    write(repo.root / "records/home/pledges.yaml", PLEDGES)
    with pytest.raises(InvalidInput, match="unit 'home' has no enquiry phone or email"):
        generate_pledge_notice(repo, "home", actor=ACTOR, output=Output(), today=TODAY)
    done = cli("generate", "pledge-notice", "--unit", "home")
    assert done.exit_code == 2 and done.stderr.count("\n") == 1


def test_the_command_makes_the_formats_asked_for(ycc: Repository, cli: Cli) -> None:
    done = cli("generate", "pledge-notice", "--unit", "ycc", "--format", "docx,html",
               "--as-of", "2026-11-20", "--json")
    assert done.exit_code == 0, done.stderr
    assert [f["recorded_as"] for f in json.loads(done.stdout)] == [
        "records/ycc/generated/pledge-notice.docx", "records/ycc/generated/pledge-notice.html"]
    assert date.today() >= TODAY  # the results entered "today" in the fixture have begun
