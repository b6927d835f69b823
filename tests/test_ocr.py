"""OCR of scanned evidence: phrases on scans are found, odd scans are flagged, nothing is lost."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from repo_tool.ingest import scan
from repo_tool.ocr import engine_problem, read_file
from repo_tool.repository import Repository
from tests.conftest import ACTOR, PROJECT, Cli, wait_for, write

LINES = ["閉路電視錄影查閱紀錄", "Attendance register 2024"]


def _font(size: int) -> ImageFont.FreeTypeFont:
    found = subprocess.run(["fc-match", "-f", "%{file}", "Noto Sans CJK TC"],
                           capture_output=True, text=True, check=False).stdout
    return ImageFont.truetype(found, size)


def make_scan(folder: Path, stem: str, lines: list[str]) -> tuple[Path, Path]:
    """A small scanned page: text at ~200 dpi, rotated 1.5 degrees, blurred, with noise."""
    page = Image.new("L", (1400, 120 + 110 * len(lines)), 255)
    draw = ImageDraw.Draw(page)
    for row, line in enumerate(lines):
        draw.text((80, 60 + 110 * row), line, font=_font(64), fill=0)
    page = page.rotate(1.5, expand=True, fillcolor=255).filter(ImageFilter.GaussianBlur(0.7))
    page = Image.blend(page, Image.effect_noise(page.size, 18), 0.1)
    folder.mkdir(parents=True, exist_ok=True)
    jpeg, pdf = folder / f"{stem}.jpg", folder / f"{stem}.pdf"
    page.save(jpeg, quality=80)
    page.convert("RGB").save(pdf, resolution=200)
    return jpeg, pdf


def tesseract_missing() -> str | None:
    """Why these tests cannot OCR here, asked of the system itself and not of the code under
    test (whose own check is what some of these tests test)."""
    if shutil.which("tesseract") is None:
        return "Tesseract is not installed (scripts/system-deps.sh installs it)"
    listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True,
                            timeout=30, check=False).stdout.split()
    missing = [name for name in ("chi_tra", "eng") if name not in listed]
    if missing:
        return (f"Tesseract has no {', '.join(missing)} language data "
                "(scripts/system-deps.sh installs it)")
    return None


NO_TESSERACT = tesseract_missing()
needs_tesseract = pytest.mark.skipif(NO_TESSERACT is not None, reason=NO_TESSERACT or "")


@needs_tesseract
def test_phrases_on_a_scanned_pdf_and_a_photo_are_found_by_search(repo: Repository,
                                                                   cli: Cli) -> None:
    make_scan(repo.root / "records" / "ycc" / "SQS14", "cctv-log", LINES)
    assert cli("scan").exit_code == 0
    for query in ("閉路電視", "attendance register"):
        hits = json.loads(cli("search", query, "--json").output)
        assert {Path(hit["path"]).name for hit in hits} == {"cctv-log.jpg", "cctv-log.pdf"}
        assert {hit["source"] for hit in hits} == {"ocr"}
    shown = cli("search", "閉路電視").output
    assert "[OCR]" in shown
    assert json.loads(cli("ocr", "--status", "--json").output)["pending"] == []


@needs_tesseract
def test_reindex_uses_the_stored_ocr_text_without_reading_again(repo: Repository,
                                                               cli: Cli) -> None:
    make_scan(repo.root / "records" / "ycc", "register", LINES[1:])
    assert cli("scan").exit_code == 0
    read_at = repo.catalog.db.execute("SELECT sha256, done_at FROM ocr_texts").fetchall()
    assert len(read_at) == 2
    assert cli("reindex").exit_code == 0
    assert repo.catalog.db.execute("SELECT sha256, done_at FROM ocr_texts").fetchall() == read_at
    assert json.loads(cli("search", "attendance", "--json").output)[0]["source"] == "ocr"


def test_without_tesseract_scan_works_and_says_how_to_enable_ocr(
        repo: Repository, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    make_scan(repo.root / "records" / "ycc", "photo", LINES[:1])
    engine_problem.cache_clear()
    monkeypatch.setattr("repo_tool.ocr.shutil.which", lambda name: None)
    try:
        done = cli("scan")
        assert done.exit_code == 0
        assert "Tesseract is not installed" in done.output
        assert "apt-get install tesseract-ocr" in done.output
        status = json.loads(cli("ocr", "--json").output)
        assert len(status["pending"]) == 2 and "Tesseract" in status["problem"]
        assert json.loads(cli("search", "photo", "--json").output)  # found by name
        last = cli("status").output.strip().splitlines()[-1]
        assert last.startswith("OCR is not available: Tesseract is not installed")
        assert "apt-get install tesseract-ocr" in last and "2 file(s) wait" in last
    finally:
        engine_problem.cache_clear()


def test_status_says_nothing_of_ocr_while_no_file_waits_for_it(
        repo: Repository, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tesseract is only asked (a process each time) when a file waits for it
    write(repo.root / "records/ycc/SQS-09/巡查.txt", "巡查紀錄")
    assert cli("scan").exit_code == 0
    engine_problem.cache_clear()
    monkeypatch.setattr("repo_tool.ocr.shutil.which", lambda name: None)
    try:
        done = cli("status")
        assert done.exit_code == 0
        assert "OCR" not in done.output
    finally:
        engine_problem.cache_clear()


def test_ocr_can_be_switched_off_in_repo_yaml(repo: Repository, cli: Cli) -> None:
    config = repo.root / "repo.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "ocr:\n  enabled: false\n",
                      encoding="utf-8")
    make_scan(repo.root / "records" / "ycc", "photo", LINES[:1])
    assert "read by OCR" not in cli("scan").output
    assert "switched off" in cli("ocr", "--status").output
    assert "OCR" not in cli("status").output


def test_a_file_that_is_not_an_image_is_flagged_with_a_reason(tmp_path: Path) -> None:
    bad = tmp_path / "broken.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    result = read_file(str(bad), "eng")
    assert result.status == "failed" and result.reason and "could not be read" in result.reason
    assert result.text == ""


@needs_tesseract
@pytest.mark.slow
def test_corpus_image_only_pdfs_are_ocred_or_flagged(repo: Repository, cli: Cli,
                                                     corpus: Path) -> None:
    names = ["paperless__barcode-fax-image.pdf", "paperless__multi-page-images.pdf",
             "paperless__rotated.pdf", "pdfminer__pdf-with-jbig2.pdf",
             "pypdf-samples__imagemagick-CCITTFaxDecode.pdf"]
    folder = repo.root / "records" / "ycc"
    for name in names:
        (folder / name).write_bytes((corpus / "pdf" / name).read_bytes())
    config = repo.root / "repo.yaml"  # English only: these are English scans, and it is faster
    config.write_text(config.read_text(encoding="utf-8") + "ocr:\n  languages: [eng]\n",
                      encoding="utf-8")
    before = {name: (folder / name).read_bytes() for name in names}
    assert cli("scan").exit_code == 0
    status = json.loads(cli("ocr", "--json").output)
    assert status["pending"] == []
    assert sum(status["done"].values()) == len(names)
    for item in status["flagged"]:
        assert item["reason"]
    assert {name: (folder / name).read_bytes() for name in names} == before


@needs_tesseract
@pytest.mark.slow
def test_sigkill_during_ocr_run_loses_no_queue_entries(repo: Repository, cli: Cli) -> None:
    for number in range(3):
        make_scan(repo.root / "records" / "ycc", f"scan-{number}", LINES)
    scan(repo, ACTOR, ocr=False)
    queued = {path for _, path in repo.ocr_queue()}
    assert len(queued) == 6
    child = subprocess.Popen([sys.executable, "-m", "repo_tool", "ocr", "--run",
                              "--repo", str(repo.root)], start_new_session=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(repo.ocr_queue()) == len(queued):
        time.sleep(0.2)
    time.sleep(0.5)
    os.killpg(child.pid, signal.SIGKILL)  # the run and its OCR worker, mid-file
    child.wait()
    left = {path for _, path in repo.ocr_queue()}
    done = repo.catalog.ocr.counts()
    assert left and len(left) + sum(done.values()) == len(queued)
    assert cli("ocr", "--run").exit_code == 0
    assert repo.ocr_queue() == []
    hits = json.loads(cli("search", "閉路電視", "--json", "--limit", "10").output)
    assert len(hits) == 6


@needs_tesseract
def test_a_pdf_mixing_typed_and_scanned_pages_has_its_scanned_page_read(
        repo: Repository, cli: Cli, tmp_path: Path) -> None:
    from pypdf import PdfWriter

    _jpeg, scanned = make_scan(tmp_path, "signed", LINES)
    mixed = PdfWriter()
    mixed.append(str(PROJECT / "tests" / "fixtures" / "spmis-2018.pdf"))  # a typed page
    mixed.append(str(scanned))                                             # a signed scan
    target = repo.root / "records" / "ycc" / "minutes-signed.pdf"
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as out:
        mixed.write(out)
    assert cli("scan").exit_code == 0
    typed = json.loads(cli("search", "服務表現管理資訊系統", "--json").output)
    assert [(hit["path"], hit["source"]) for hit in typed] == [
        ("records/ycc/minutes-signed.pdf", "text")]
    read = json.loads(cli("search", "閉路電視", "--json").output)
    assert [(hit["path"], hit["source"]) for hit in read] == [
        ("records/ycc/minutes-signed.pdf", "ocr")]
    row = repo.catalog.db.execute("SELECT pages, status FROM ocr_texts").fetchone()
    assert tuple(row) == (1, "ok")  # only the scanned page went through OCR


@needs_tesseract
@pytest.mark.parametrize("turn", [90, 180, 270])
def test_a_page_scanned_sideways_or_upside_down_is_read(repo: Repository, cli: Cli,
                                                         turn: int) -> None:
    folder = repo.root / "records" / "ycc"
    # A page of eight lines: orientation detection needs some text (a line or two is not
    # enough for Tesseract to be sure, and it then reads the page as it is).
    jpeg, pdf = make_scan(folder, "sideways", LINES * 4)
    with Image.open(jpeg) as upright:
        turned = upright.rotate(turn, expand=True)
    jpeg.unlink()
    pdf.unlink()
    turned.convert("RGB").save(folder / "sideways.pdf", resolution=200)
    assert cli("scan").exit_code == 0
    hits = json.loads(cli("search", "閉路電視", "--json").output)
    assert [hit["path"] for hit in hits] == ["records/ycc/sideways.pdf"]
    assert json.loads(cli("search", "attendance register", "--json").output)


@needs_tesseract
def test_an_iphone_heic_photo_is_read(repo: Repository, cli: Cli, tmp_path: Path) -> None:
    from pillow_heif import register_heif_opener

    register_heif_opener()
    jpeg, _pdf = make_scan(tmp_path, "notice", LINES)
    target = repo.root / "records" / "ycc" / "IMG_0042.HEIC"
    target.parent.mkdir(parents=True, exist_ok=True)
    with Image.open(jpeg) as photo:
        photo.convert("RGB").save(target, format="HEIF", quality=90)
    assert cli("scan").exit_code == 0
    hits = json.loads(cli("search", "閉路電視", "--json").output)
    assert [(hit["path"], hit["source"]) for hit in hits] == [
        ("records/ycc/IMG_0042.HEIC", "ocr")]


@needs_tesseract
def test_retry_failed_reads_a_failed_file_again(repo: Repository, cli: Cli) -> None:
    bad = repo.root / "records" / "ycc" / "torn.jpg"
    bad.parent.mkdir(parents=True, exist_ok=True)
    bad.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    assert cli("scan").exit_code == 0
    flagged = json.loads(cli("ocr", "--json").output)["flagged"]
    assert [(item["path"], item["status"]) for item in flagged] == [
        ("records/ycc/torn.jpg", "failed")]
    first = repo.catalog.db.execute("SELECT done_at FROM ocr_texts").fetchone()[0]
    assert "nothing waits" in cli("ocr", "--run").output  # a plain run leaves it alone
    assert repo.catalog.db.execute("SELECT done_at FROM ocr_texts").fetchone()[0] == first
    again = cli("ocr", "--run", "--retry-failed")
    assert again.exit_code == 0 and "torn.jpg" in again.output
    assert repo.catalog.db.execute("SELECT done_at FROM ocr_texts").fetchone()[0] != first
    refused = cli("ocr", "--retry-failed")
    assert refused.exit_code == 2 and "goes with --run" in refused.output


@needs_tesseract
def test_watch_reads_the_ocr_queue_while_idle(repo: Repository) -> None:
    from repo_tool.domain.searching import search
    from repo_tool.search import Filters
    from tests.test_watch import watching

    with watching(repo) as watched:
        make_scan(repo.root / "records" / "ycc", "wall-notice", LINES[:1])

        def searchable() -> bool:
            hits = search(repo, "閉路電視", Filters()).hits
            return {hit.source for hit in hits} == {"ocr"} and len(hits) == 2

        wait_for(searchable, "the watcher to OCR the new scans", seconds=120)
    read = [notice for notice in watched.notices if notice.message.startswith("OCR read")]
    assert {notice.path for notice in read} == {"records/ycc/wall-notice.jpg",
                                                "records/ycc/wall-notice.pdf"}
    assert repo.ocr_queue() == []


@needs_tesseract
def test_stopping_watch_during_ocr_leaves_the_file_in_the_queue(repo: Repository) -> None:
    from tests.test_watch import watching

    with watching(repo) as watched:
        make_scan(repo.root / "records" / "ycc", "long-scan", LINES * 6)
        wait_for(lambda: watched.watcher._ocr_job is not None, "OCR to start")
    assert len(repo.ocr_queue()) >= 1  # the job was stopped, not recorded as read


@needs_tesseract
def test_ocr_pdf_writes_a_searchable_copy_that_keeps_the_original_pages(
        repo: Repository, cli: Cli, tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    _jpeg, scanned = make_scan(tmp_path, "signed", LINES * 3)
    mixed = PdfWriter()
    mixed.append(str(PROJECT / "tests" / "fixtures" / "spmis-2018.pdf"))
    mixed.append(str(scanned))
    source = repo.root / "records" / "ycc" / "minutes-signed.pdf"
    source.parent.mkdir(parents=True, exist_ok=True)
    with source.open("wb") as stream:
        mixed.write(stream)
    original = source.read_bytes()
    assert cli("scan", "--no-ocr").exit_code == 0
    out = tmp_path / "searchable.pdf"
    made = cli("ocr", "--pdf", "records/ycc/minutes-signed.pdf", "-o", str(out))
    assert made.exit_code == 0, made.output
    assert "2 page(s), 1 read by OCR" in made.output
    assert source.read_bytes() == original
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True,
                          text=True, check=True).stdout.split("\f")
    assert "服務表現管理資訊系統" in text[0]            # the typed page, as it was
    assert "閉路電視錄影查閱紀錄" in text[1].replace(" ", "")  # the scan, now with text
    assert "Attendance register" in text[1]
    pages = PdfReader(out).pages
    assert [(float(p.mediabox.width), float(p.mediabox.height)) for p in pages] == [
        (float(p.mediabox.width), float(p.mediabox.height)) for p in PdfReader(source).pages]
    # The scan still looks like the scan: render both and compare the pixels.
    for path, stem in ((source, "before"), (out, "after")):
        subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "2", "-l", "2", "-singlefile",
                        str(path), str(tmp_path / stem)], check=True)
    with Image.open(tmp_path / "before.png") as before, Image.open(tmp_path / "after.png") as after:
        assert before.size == after.size
        assert before.convert("L").tobytes() == after.convert("L").tobytes()
    again = cli("ocr", "--pdf", "records/ycc/minutes-signed.pdf", "-o", str(out))
    assert again.exit_code != 0 and "already exists" in again.output


@needs_tesseract
def test_ocr_pdf_of_a_photo_holds_the_photo_and_its_text(repo: Repository, cli: Cli,
                                                        tmp_path: Path) -> None:
    _jpeg, pdf = make_scan(repo.root / "records" / "ycc", "wall", LINES * 3)
    pdf.unlink()
    assert cli("scan", "--no-ocr").exit_code == 0
    out = tmp_path / "wall.pdf"
    assert cli("ocr", "--pdf", "records/ycc/wall.jpg", "-o", str(out)).exit_code == 0
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "閉路電視錄影查閱紀錄" in text.replace(" ", "")
    images = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True,
                            check=True).stdout
    assert " jpeg " in images  # the photo itself is in the PDF


def test_ocr_pdf_needs_an_output_file(repo: Repository, cli: Cli) -> None:
    done = cli("ocr", "--pdf", "records/ycc/x.pdf")
    assert done.exit_code == 2 and "needs -o" in done.output
    done = cli("ocr", "-o", "x.pdf")
    assert done.exit_code == 2 and "go with --pdf" in done.output


@needs_tesseract
def test_pack_ocr_puts_photos_and_scans_in_the_binder_as_searchable_pages(
        repo: Repository, cli: Cli, tmp_path: Path) -> None:
    import zipfile

    from repo_tool.generate.pack import BINDER

    make_scan(repo.root / "records" / "ycc" / "SQS-14", "wall-notice", LINES * 3)
    assert cli("scan", "--no-ocr").exit_code == 0
    plain = cli("pack", "--unit", "ycc", "--sqs", "14", "--pdf", "--out",
                str(tmp_path / "plain.zip"))
    assert plain.exit_code == 0, plain.output
    assert "not in the binder: " in plain.output and "`pack --pdf --ocr`" in plain.output
    done = cli("pack", "--unit", "ycc", "--sqs", "14", "--pdf", "--ocr", "--out",
               str(tmp_path / "ocr.zip"))
    assert done.exit_code == 0, done.output
    assert "not in the binder" not in done.output
    with zipfile.ZipFile(tmp_path / "ocr.zip") as archive:
        (tmp_path / "binder.pdf").write_bytes(archive.read(BINDER))
    text = subprocess.run(["pdftotext", str(tmp_path / "binder.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    flat = "".join(text.split())
    assert flat.count("閉路電視") >= 5  # three lines on each of the two scans, OCR may slip
    assert flat.count("Attendanceregister") >= 5
    refused = cli("pack", "--unit", "ycc", "--ocr", "--out", str(tmp_path / "x.zip"))
    assert refused.exit_code == 2 and "goes with --pdf" in refused.output


def _blank_scan(size: tuple[int, int] = (1650, 2330)) -> Image.Image:
    """The back of a duplex scan: grey paper with the scanner's speckle, and two punch holes
    in the margin."""
    page = Image.blend(Image.new("L", size, 240), Image.effect_noise(size, 18), 0.12)
    draw = ImageDraw.Draw(page)
    for top in (size[1] // 3, 2 * size[1] // 3):
        draw.ellipse((40, top, 90, top + 50), fill=20)
    return page


def test_a_blank_page_is_told_from_a_page_with_one_short_line() -> None:
    from repo_tool.ocr._prepare import is_blank

    assert is_blank(_blank_scan())
    signed = _blank_scan()
    ImageDraw.Draw(signed).text((300, 1200), "陳主任 2024-03-28", font=_font(40), fill=0)
    assert not is_blank(signed)


@needs_tesseract
def test_the_blank_back_of_a_duplex_scan_is_skipped_and_the_front_read(tmp_path: Path) -> None:
    from repo_tool.ocr._worker import run

    front, _pdf = make_scan(tmp_path, "front", LINES * 2)
    with Image.open(front) as page:
        pages = [page.convert("L"), _blank_scan(page.size)]
    scanned = tmp_path / "duplex.pdf"
    pages[0].save(scanned, save_all=True, append_images=pages[1:], resolution=200)
    result = run(scanned, "chi_tra+eng", 200, "prepared")
    assert [(page["page"], page["blank"]) for page in result["pages"]] == [(1, False), (2, True)]
    assert "閉路電視" in result["pages"][0]["text"].replace(" ", "")
    assert result["pages"][1]["text"] == ""


@needs_tesseract
def test_table_rules_are_taken_out_and_a_skewed_page_straightened() -> None:
    from repo_tool.ocr._prepare import prepare, skew_angle

    page = Image.new("L", (1600, 900), 250)
    draw = ImageDraw.Draw(page)
    for row in range(5):  # a ruled table of five rows
        draw.line((100, 100 + 140 * row, 1500, 100 + 140 * row), fill=0, width=3)
        draw.text((140, 130 + 140 * row), f"第 {row + 1} 項 Item {row + 1}", font=_font(56), fill=0)
    for left in (100, 800, 1500):
        draw.line((left, 100, left, 660), fill=0, width=3)
    askew = page.rotate(1.5, expand=True, fillcolor=250)
    assert abs(skew_angle(askew) + 1.5) <= 0.2
    ready = prepare(askew)
    assert ready is not None
    # No long dark run is left along any row or column: the rules are gone, the text is not.
    rows = ready.point(lambda grey: 255 if grey < 128 else 0).resize((1, ready.height),
                                                                      Image.Resampling.BOX)
    assert max(rows.tobytes()) < 0.5 * 255
    assert ready.point(lambda grey: 255 if grey < 128 else 0).getbbox() is not None
