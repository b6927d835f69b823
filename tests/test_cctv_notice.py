"""The CCTV notice: SWD's wording, the unit's name as written, the phone, A4 portrait."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest
from docx import Document
from PIL import Image

from repo_tool.errors import InvalidInput
from repo_tool.generate import Output
from repo_tool.generate.cctv_notice import generate_cctv_notice
from repo_tool.repository import Repository
from tests.conftest import ACTOR, Cli
from tests.paper_checks import save_pages

ZH_NAME, EN_NAME = "甲 & 乙 <中心>", "A & B <Centre>"
DOCX = Output(formats=("docx",))
BOTH = Output(formats=("docx", "pdf"))
XHTML = "{http://www.w3.org/1999/xhtml}"
PAGE_H = 841.89


@pytest.fixture
def unit(repo: Repository) -> Repository:
    repo.add_unit("ab", ZH_NAME, EN_NAME, "2345 6789", ACTOR)
    return Repository.open(repo.root)


def paragraphs(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs if p.text.strip()]


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_bilingual_notice_carries_the_name_as_written_and_the_phone(unit: Repository) -> None:
    files = generate_cctv_notice(unit, "ab", actor=ACTOR, output=Output())
    assert [(g.relpath, g.version) for g in files] == [
        ("records/ab/generated/cctv-notice.docx", 1), ("records/ab/generated/cctv-notice.pdf", 1)]
    docx, pdf = (g.path for g in files)
    assert paragraphs(docx) == [
        ZH_NAME, EN_NAME, "閉路電視監察中", "CCTV in operation",
        "為保護以及提供安全的環境予服務使用者，\n24 小時閉路電視錄影操作中，\n"
        "所收集的錄像只作管理用途。",
        "若有查詢，可致電 2345 6789\n與本單位聯絡。",
        "To protect our service users and provide a safe environment for them, CCTV recording "
        "is in operation 24 hours a day. The footage collected is used for management "
        "purposes only.",
        "For enquiries, please call 2345 6789.",
        f"{ZH_NAME}　示", EN_NAME]
    section = Document(str(docx)).sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    text = pdf_text(pdf)
    for phrase in (ZH_NAME, EN_NAME, "2345 6789", "示", "閉路電視監察中", "管理用途"):
        assert phrase in text
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "Pages:           1" in info and "595.3" in info and "841.89 pts" in info
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "CJK" in fonts
    assert save_png(pdf, "cctv-notice-both").stat().st_size > 10_000
    document = unit.document("records/ab/generated/cctv-notice.pdf")
    assert document.sqs == (14,)
    assert (unit.version(document).note or "").startswith("generated CCTV notice from repo.yaml")


def save_png(pdf: Path, name: str) -> Path:
    """The PDF's first page as tests/artifacts/papers/NAME-1.png, for a person to look at."""
    return save_pages(pdf, name)[0]


def pdf_words(pdf: Path) -> list[tuple[str, float, float]]:
    """Each word on the first page: its text, top and bottom (points)."""
    out = subprocess.run(["pdftotext", "-bbox", "-l", "1", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    return [(w.text or "", float(w.get("yMin", 0)), float(w.get("yMax", 0)))
            for w in ElementTree.fromstring(out).iter(f"{XHTML}word")]


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info)[1])  # type: ignore[index]


@pytest.mark.parametrize("lang", ["zh", "en", "both"])
def test_every_notice_shows_the_camera_pictogram_and_fills_the_page(unit: Repository,
                                                                    lang: str) -> None:
    docx, pdf = (g.path for g in generate_cctv_notice(unit, "ab", actor=ACTOR, output=BOTH,
                                                        lang=lang))
    # the docx: one picture, in the first paragraph, above the unit's name
    document = Document(str(docx))
    pictures = [p for p in document.paragraphs if p._p.xpath(".//pic:pic")]
    assert len(pictures) == 1 and pictures[0]._p is document.paragraphs[0]._p
    # the PDF: one page; the pictogram is the only image, printed above the first line of text
    assert pages(pdf) == 1
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True,
                            text=True).stdout.splitlines()[2:]
    assert [line.split()[2] for line in images] == ["image", "smask"]
    words = pdf_words(pdf)
    first = min(top for _, top, _ in words)
    page = Image.open(save_png(pdf, f"cctv-notice-{lang}")).convert("L")
    dpi = page.height / PAGE_H
    band = page.crop((0, round(40 * dpi), page.width, round((first - 4) * dpi)))
    ink = sum(band.histogram()[:128]) / (band.width * band.height)
    assert ink > 0.05, ink  # the camera, in black, over the width of a column
    # the text runs down most of the page (the Chinese-only notice ended half way before)
    assert max(bottom for _, _, bottom in words) > 0.8 * PAGE_H


@pytest.mark.parametrize("phone", ["999", "2468 1357", "2468 1357 / 9123 4567（內線 12）"])
def test_no_line_leaves_a_word_and_a_full_stop(unit: Repository, phone: str) -> None:
    for lang in ("zh", "both"):
        [pdf] = generate_cctv_notice(unit, "ab", actor=ACTOR, output=Output(formats=("pdf",)),
                                     lang=lang, phone=phone)
        lines = [line.strip() for line in pdf_text(pdf.path).splitlines() if line.strip()]
        assert "與本單位聯絡。" in lines and "所收集的錄像只作管理用途。" in lines
        assert not [line for line in lines if re.fullmatch(r"\S{1,4}。", line)], lines


def test_one_language_and_phone_from_the_command_line(unit: Repository) -> None:
    [zh] = generate_cctv_notice(unit, "ab", actor=ACTOR, output=DOCX, lang="zh",
                                phone="3456 7890")
    assert zh.relpath == "records/ab/generated/cctv-notice.zh.docx"
    text = "\n".join(paragraphs(zh.path))
    assert "3456 7890" in text and "CCTV" not in text and EN_NAME not in text
    [en] = generate_cctv_notice(unit, "ab", actor=ACTOR, output=DOCX, lang="en")
    assert paragraphs(en.path) == [
        EN_NAME, "CCTV in operation",
        "To protect our service users and provide a safe environment for them, CCTV recording "
        "is in operation 24 hours a day. The footage collected is used for management "
        "purposes only.", "For enquiries, please call 2345 6789.", EN_NAME]
    assert "phone 3456 7890 given on the command line" in (
        unit.version(unit.document(zh.relpath)).note or "")


def test_a_unit_without_a_phone_is_told_how_to_give_one(repo: Repository, cli: Cli) -> None:
    with pytest.raises(InvalidInput, match="unit 'home' has no enquiry phone number: give one "
                                           "with --phone, or add `phone:"):
        generate_cctv_notice(repo, "home", actor=ACTOR, output=Output())
    done = cli("generate", "cctv-notice", "--unit", "home")
    assert done.exit_code == 2
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("error: unit 'home' has no")


def test_the_repository_template_replaces_the_built_in_one(repo: Repository) -> None:
    local = Document()
    local.add_paragraph("{{ unit_name_zh }} 請致電 {{ phone }}")
    (repo.root / "templates").mkdir(exist_ok=True)
    local.save(str(repo.root / "templates" / "cctv-notice.docx"))
    [done] = generate_cctv_notice(repo, "ycc", actor=ACTOR, output=DOCX)
    assert paragraphs(done.path) == ["明德青少年綜合服務中心 請致電 2345 6789"]
    assert "templates/cctv-notice.docx (sha256 " in (
        repo.version(repo.document(done.relpath or "")).note or "")


def test_cli_writes_and_records_the_notice(repo: Repository, cli: Cli) -> None:
    done = cli("generate", "cctv-notice", "--unit", "ycc", "--format", "docx")
    assert done.exit_code == 0, done.output
    assert done.output == "wrote records/ycc/generated/cctv-notice.docx (version 1)\n"
