"""Text extraction: every manifest phrase is found, every broken file is refused with a reason,
and the pool isolates, times out and cleans up."""

from __future__ import annotations

import multiprocessing
import os
import re
import shutil
import signal
import threading
import time
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from repo_tool.extract import MAX_FILE_BYTES, Extraction, ExtractorPool, extract_file
from tests.conftest import ManifestRow, wait_for

_CJK = r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\u3040-\u30ff\uff66-\uff9f]"
_CJK_GAP = re.compile(rf"(?<={_CJK})\s+(?={_CJK})")
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
GEOTOPO = "pdf/pypdf-samples__GeoTopo-komprimiert.pdf"  # 117 pages, the largest corpus PDF


def normalise(text: str) -> str:
    """NFKC, case-fold, whitespace collapsed, and none left between two CJK characters."""
    folded = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).casefold())
    return _CJK_GAP.sub("", folded).strip()


def corpus_files(corpus: Path) -> list[Path]:
    return sorted(path for path in corpus.rglob("*") if path.is_file() and path.parent != corpus)


def extract(corpus: Path, relpath: str) -> Extraction:
    path = corpus / relpath
    return extract_file(path, path.name)


# --- the corpus ------------------------------------------------------------------------------

def test_manifest_phrase_is_found(corpus: Path, manifest_phrase: ManifestRow) -> None:
    result = extract(corpus, manifest_phrase.relpath)
    assert result.status == "ok", result.reason
    assert normalise(manifest_phrase.expect_phrase) in normalise(result.text)


BROKEN = [
    ("docx/derived__zen_of_python.truncated-60pct.docx", "corrupt", "zip is truncated"),
    ("docx/derived__zero-byte.docx", "empty", "0 bytes"),
    ("pdf/pdfplumber__empty.pdf", "empty", "0 bytes"),
    ("pdf/derived__issue-67-example.truncated-70pct.pdf", "corrupt", "truncated"),
    ("pdf/pdfjs__poppler-742-0-fuzzed.pdf", "corrupt", "not a valid PDF"),
    ("pdf/paperless__encrypted.pdf", "encrypted", "needs a password"),
    ("pdf/paperless__password-is-test.pdf", "encrypted", "needs a password"),
    ("pdf/pdfjs__print_protection.pdf", "encrypted", "needs a password"),
    ("pdf/pdfminer__aes-128.pdf", "encrypted", "needs a password"),
    ("pdf/pdfminer__aes-256-r6.pdf", "encrypted", "needs a password"),
    ("pdf/pdfminer__rc4-40.pdf", "encrypted", "needs a password"),
    ("pdf/pdfplumber__password-example.pdf", "encrypted", "needs a password"),
    ("pdf/pypdf-samples__libreoffice-writer-password.pdf", "encrypted", "needs a password"),
    ("pdf/paperless__barcode-fax-image.pdf", "no-text", "scanned pages without a text layer"),
    ("pdf/pdfminer__pdf-with-jbig2.pdf", "no-text", "scanned pages without a text layer"),
    ("other/word-extractor__badfile-01-bad-header.doc", "corrupt", "damaged Word 97-2003"),
]


def test_word_97_doc_is_read_even_when_named_docx(corpus: Path) -> None:
    for relpath in ("other/word-extractor__test05.doc",
                    "docx/derived__test05-binary-doc-renamed.docx"):
        result = extract(corpus, relpath)
        assert (result.status, result.extractor) == ("ok", "doc-ole"), result.reason
        assert "This is a simple file created with Word 97-SR2" in result.text
    assert result.reason == "named .docx but is a Word 97-2003 .doc file"


@pytest.mark.parametrize(("relpath", "status", "reason"), BROKEN,
                         ids=[relpath for relpath, _, _ in BROKEN])
def test_broken_file_is_refused_with_a_reason(corpus: Path, relpath: str, status: str,
                                              reason: str) -> None:
    result = extract(corpus, relpath)
    assert (result.status, result.text) == (status, "")
    assert result.reason is not None and reason in result.reason


def test_every_corpus_file_gives_a_status_and_clean_lines(corpus: Path) -> None:
    for path in corpus_files(corpus):
        result = extract_file(path, path.name)
        if result.status == "ok":
            lines = result.text.split("\n")
            assert all(line and line == line.strip() for line in lines), path
            assert not re.search(r"[\x00-\x08\x0b-\x1f]", result.text), path
        else:
            assert result.text == "" and result.reason, path


def test_pdf_with_an_empty_user_password_is_read(corpus: Path) -> None:
    result = extract(corpus, "pdf/paperless__signed.pdf")
    assert (result.status, result.extractor, result.pages) == ("ok", "pdfium", 1)


def test_pdf_with_some_scanned_pages_is_read_and_says_so(corpus: Path) -> None:
    result = extract(corpus, "pdf/paperless__multi-page-mixed.pdf")
    assert result.status == "ok"
    assert result.reason == "3 of 6 pages are scanned, without a text layer (OCR reads them)"


def test_format_comes_from_the_bytes_when_the_blob_has_no_extension(corpus: Path,
                                                                      tmp_path: Path) -> None:
    blob = tmp_path / "ab" / "cdef0123"
    blob.parent.mkdir()
    shutil.copyfile(corpus / "docx/python-docx__test.docx", blob)
    assert extract_file(blob, "policy.docx").text == extract(
        corpus, "docx/python-docx__test.docx").text
    misnamed = extract_file(blob, "policy.pdf")
    assert misnamed.status == "ok" and misnamed.reason == "named .pdf but is a Word .docx file"


# --- .docx decisions -------------------------------------------------------------------------

def test_tracked_changes_read_as_accepted(corpus: Path) -> None:
    text = extract(corpus, "docx/word-extractor__test01.docx").text
    assert "This text has been inserted, ✻and should be included" in text
    assert "deleted" not in text and "should not be included" not in text


def test_comments_follow_the_body_and_field_codes_are_dropped(corpus: Path) -> None:
    lines = extract(corpus, "docx/docx2python__comments.docx").text.split("\n")
    assert lines.index("COMMENT on par 5") > max(i for i, line in enumerate(lines)
                                                 if line.startswith("Par5"))
    fields = extract(corpus, "docx/docxreview__test_field_instructions.docx").text
    assert "SEQ" not in fields and "ARABIC" not in fields


def test_headers_notes_and_footers_are_read_in_page_order(corpus: Path) -> None:
    lines = extract(corpus, "docx/docx2python__example.docx").text.split("\n")
    order = ["Header text", "Text outside table", "First footnote", "First endnote",
             "Footer text"]
    assert [lines.index(line) for line in order] == sorted(lines.index(line) for line in order)


def test_text_boxes_are_read_once(corpus: Path) -> None:
    text = extract(corpus, "docx/word-extractor__test16.docx").text
    assert text.count("First text box, regular") == 1
    assert "Vertical text box added too" in text


def make_docx(path: Path, body: str, prolog: str = "") -> Path:
    """A minimal .docx whose body holds `body` (WordprocessingML, prefix w)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", f'<?xml version="1.0"?>{prolog}<w:document '
                                              f'xmlns:w="{W_NS}"><w:body>{body}</w:body>'
                                              f"</w:document>")
    return path


def test_tabs_breaks_symbols_and_hyphens_become_characters(tmp_path: Path) -> None:
    body = ('<w:p><w:r><w:t>SQS</w:t><w:tab/><w:t>14</w:t><w:br/><w:t>CCTV</w:t>'
            '<w:noBreakHyphen/><w:t>notice </w:t><w:sym w:font="Symbol" w:char="F0B3"/>'
            '<w:sym w:font="Wingdings" w:char="F0FC"/><w:sym w:char="2713"/></w:r></w:p>'
            '<w:p><w:r><w:t>私隱</w:t></w:r></w:p>')
    result = extract_file(make_docx(tmp_path / "a.docx", body), "a.docx")
    assert result.text == "SQS\t14 CCTV-notice ≥✓\n私隱"


def test_malformed_xml_is_recovered_and_says_so(tmp_path: Path) -> None:
    body = "<w:p><w:r><w:t>Fish & chips</w:t></w:r></w:p><w:p><w:r><w:t>unclosed</w:r></w:p>"
    result = extract_file(make_docx(tmp_path / "bad.docx", body), "bad.docx")
    assert (result.status, result.text) == ("ok", "Fish & chips\nunclosed")
    assert result.reason is not None and "malformed XML in word/document.xml" in result.reason


def test_xml_entities_are_refused_as_a_possible_bomb(tmp_path: Path) -> None:
    prolog = '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
    docx = make_docx(tmp_path / "lol.docx", "<w:p><w:r><w:t>&b;</w:t></w:r></w:p>", prolog)
    result = extract_file(docx, "lol.docx")
    assert result.status == "corrupt"
    assert result.reason is not None and "forbidden XML" in result.reason


def test_zip_bomb_is_refused_quickly_naming_the_size(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    zeros = bytes(1024 * 1024)
    with (zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
          archive.open("word/document.xml", "w", force_zip64=True) as member):
        for _ in range(1024):
            member.write(zeros)
    assert bomb.stat().st_size < 10 * 1024 * 1024
    start = time.monotonic()
    result = extract_file(bomb, "bomb.docx")
    assert time.monotonic() - start < 2
    assert result.status == "too-large"
    assert result.reason is not None and "1.0 GB" in result.reason and "zip bomb" in result.reason


def test_damaged_part_inside_a_valid_zip_is_corrupt(corpus: Path, tmp_path: Path) -> None:
    source = corpus / "docx/hyperspot__test_file_big_english.docx"
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo("word/document.xml")
    data = bytearray(source.read_bytes())
    data_start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    middle = data_start + info.compress_size // 2
    data[middle:middle + 200] = bytes(byte ^ 0x5A for byte in data[middle:middle + 200])
    damaged = tmp_path / "damaged.docx"
    damaged.write_bytes(data)
    result = extract_file(damaged, "damaged.docx")
    assert result.status == "corrupt"
    assert result.reason is not None and "cannot read word/document.xml" in result.reason


def test_file_over_the_size_cap_is_not_opened(tmp_path: Path) -> None:
    huge = tmp_path / "huge.pdf"
    with huge.open("wb") as stream:
        stream.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk is used
    result = extract_file(huge, "huge.pdf")
    assert result.status == "too-large" and "200 MB" in (result.reason or "")


# --- other formats ---------------------------------------------------------------------------

def test_xlsx_gives_one_row_per_line_with_tab_separated_cells(tmp_path: Path) -> None:
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    path = tmp_path / "roster.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("_rels/.rels", f'<Relationships xmlns="{pkg}"><Relationship Id="r1" '
                         f'Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        archive.writestr("xl/workbook.xml", f'<workbook {ns} xmlns:r="{rel}"><sheets>'
                         f'<sheet name="職員" sheetId="1" r:id="rId1"/></sheets></workbook>')
        archive.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{pkg}">'
                         f'<Relationship Id="rId1" Type="{rel}/worksheet" '
                         f'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
                         f'Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
                         f"</Relationships>")
        archive.writestr("xl/sharedStrings.xml", f"<sst {ns}><si><t>社會工作員</t></si>"
                         f"<si><r><t>Total </t></r><r><t>cost</t></r></si></sst>")
        archive.writestr("xl/worksheets/sheet1.xml", f'<worksheet {ns}><sheetData>'
                         f'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>3</v></c>'
                         f'<c r="C1" t="b"><v>1</v></c></row>'
                         f'<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2"><v>316877</v></c>'
                         f'<c r="C2" t="inlineStr"><is><t>HK$</t></is></c></row>'
                         f"</sheetData></worksheet>")
    result = extract_file(path, "roster.xlsx")
    assert (result.status, result.extractor) == ("ok", "xlsx-xml")
    assert result.text == "職員\n社會工作員\t3\tTRUE\nTotal cost\t316877\tHK$"


def test_odt_reads_paragraphs_notes_and_comments_but_not_deletions(tmp_path: Path) -> None:
    text_ns = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    office_ns = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    path = tmp_path / "policy.odt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", f'<office:document-content xmlns:office="{office_ns}" '
                         f'xmlns:text="{text_ns}"><office:body><office:text>'
                         f"<text:tracked-changes><text:changed-region><text:deletion>"
                         f"<text:p>removed words</text:p></text:deletion></text:changed-region>"
                         f"</text:tracked-changes><text:h>私隱政策</text:h>"
                         f"<text:p>Keep<text:s text:c='2'/>records<text:tab/>7 years"
                         f"<text:note><text:note-citation>1</text:note-citation><text:note-body>"
                         f"<text:p>PDPO</text:p></text:note-body></text:note>.</text:p>"
                         f"<text:p><office:annotation><text:p>check this</text:p>"
                         f"</office:annotation>Reviewed</text:p>"
                         f"</office:text></office:body></office:document-content>")
    result = extract_file(path, "policy.odt")
    assert (result.status, result.extractor) == ("ok", "odt-xml")
    assert result.text == "私隱政策\nKeep  records\t7 years.\nReviewed\nPDPO\ncheck this"


def test_ods_gives_one_row_per_line(tmp_path: Path) -> None:
    path = tmp_path / "budget.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", '<office:document-content xmlns:office="urn:oasis:names:'
                         'tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:'
                         'opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument'
                         ':xmlns:text:1.0"><office:body><office:spreadsheet><table:table>'
                         "<table:table-row><table:table-cell><text:p>項目</text:p></table:table-cell>"
                         "<table:table-cell/><table:table-cell><text:p>1 838</text:p>"
                         "</table:table-cell></table:table-row></table:table></office:spreadsheet>"
                         "</office:body></office:document-content>")
    result = extract_file(path, "budget.ods")
    assert (result.status, result.extractor, result.text) == ("ok", "ods-xml", "項目\t1 838")


def test_corpus_odt_is_read(corpus: Path) -> None:
    result = extract(corpus, "other/pypdf-samples__source.odt")
    assert result.status == "ok" and result.text.startswith("Lorem ipsum dolor sit amet")


@pytest.mark.parametrize(("data", "extractor"), [
    ("\ufeff私隱政策 UTF-8".encode(), "plain-utf-8"),
    ("私隱政策 UTF-16".encode("utf-16"), "plain-utf-16"),
    ("服務質素標準：私隱政策的檢討".encode("big5hkscs"), "plain-big5hkscs"),
    ("服务质素标准：私隐政策的检讨".encode("gb18030"), "plain-gb18030"),
    ("Café policy".encode("cp1252"), "plain-cp1252"),
])
def test_plain_text_encoding_is_found(tmp_path: Path, data: bytes, extractor: str) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes(data)
    result = extract_file(path, "note.txt")
    assert (result.status, result.extractor) == ("ok", extractor)
    assert result.text == data.decode(extractor.removeprefix("plain-")).lstrip("\ufeff")


@pytest.mark.parametrize(("name", "data", "status", "reason"), [
    ("scan.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "no-text", "PNG image"),
    ("photo.jpg", b"\xff\xd8\xff\xe0" + bytes(64), "no-text", "OCR is not done yet"),
    ("old.rtf", b"{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Arial;}}", "corrupt", "cut short"),
    ("data.bin", b"\x01\x02\x03", "unsupported", "no text extraction for .bin files"),
    ("notes.txt", b"\xff\x00\xfe\x00\x00\x01" * 10, "unsupported", "binary data"),
])
def test_files_without_text_say_why(tmp_path: Path, name: str, data: bytes, status: str,
                                    reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = extract_file(path, name)
    assert result.status == status and reason in (result.reason or "")


def test_a_fifo_is_not_opened(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert extract_file(fifo, "pipe.txt").status == "unsupported"


# --- the pool --------------------------------------------------------------------------------

def live(pids: list[int]) -> list[int]:
    """Those of `pids` that are still running processes (not gone, not zombies)."""
    alive = []
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            continue
        if state != "Z":
            alive.append(pid)
    return alive


needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


@needs_proc
def test_pool_gives_the_in_process_results_and_leaves_no_process(corpus: Path) -> None:
    files = corpus_files(corpus)
    with ExtractorPool(workers=2, timeout=60) as pool:
        pids = pool.worker_pids
        results = dict(pool.map((path, path, path.name) for path in files))
    assert results == {path: extract_file(path, path.name) for path in files}
    assert multiprocessing.active_children() == []
    assert live(pids) == []


@needs_proc
def test_pool_times_out_a_long_file_and_goes_on(corpus: Path) -> None:
    with ExtractorPool(workers=1, timeout=0.001) as pool:
        before = pool.worker_pids
        [(key, result)] = pool.map([("geo", corpus / GEOTOPO, "GeoTopo.pdf")])
        assert (key, result.status) == ("geo", "timeout")
        assert result.reason is not None and "0.001 s limit" in result.reason
        assert live(before) == []
        pool.timeout = 60
        [(_, again)] = pool.map([("geo", corpus / GEOTOPO, "GeoTopo.pdf")])
        assert again.status == "ok" and again.pages == 117
    assert multiprocessing.active_children() == []


def kill_when_reading(pid: int, path: Path, done: threading.Event, killed: threading.Event
                      ) -> None:
    """SIGKILL `pid` as soon as it has `path` open (poll its fds until `done`)."""
    fds = Path(f"/proc/{pid}/fd")
    wanted = path.resolve()
    while not done.is_set():
        try:
            if any(Path(os.readlink(fd)) == wanted for fd in fds.iterdir()):
                os.kill(pid, signal.SIGKILL)
                killed.set()
                return
        except OSError:  # an fd closed while being read: look again
            continue


def read_while_killing(pool: ExtractorPool, target: Path) -> Extraction | None:
    """The result for `target` when its worker was killed while reading it; None if the file
    was read before the kill landed."""
    [pid] = pool.worker_pids
    done, killed = threading.Event(), threading.Event()
    killer = threading.Thread(target=kill_when_reading, args=(pid, target, done, killed))
    killer.start()
    try:
        [(_, result)] = pool.map([(1, target, target.name)])
    finally:
        done.set()
        killer.join()
    return result if killed.is_set() else None


@needs_proc
def test_worker_that_dies_mid_file_is_replaced_and_the_file_fails(corpus: Path) -> None:
    target = corpus / GEOTOPO
    with ExtractorPool(workers=1, timeout=60) as pool:
        [(_, warm)] = pool.map([(0, corpus / "docx/python-docx__test.docx", "a.docx")])
        assert warm.status == "ok"
        [pid] = pool.worker_pids
        result = next(filter(None, (read_while_killing(pool, target) for _ in range(5))), None)
        assert result is not None, "the worker finished each time before it could be killed"
        assert result.status == "failed"
        assert result.reason is not None and "killed by SIGKILL" in result.reason
        [(_, after)] = pool.map([(2, target, "GeoTopo.pdf")])
        assert after.status == "ok" and pool.worker_pids != [pid]
    assert multiprocessing.active_children() == []


@needs_proc
def test_worker_out_of_memory_reports_the_limit_and_the_pool_goes_on(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(("服務質素標準私隱政策" * 3_000_000).encode("gb18030"))  # 60 MB, not UTF-8
    small = tmp_path / "small.txt"
    small.write_text("SQS 14 私隱", encoding="utf-8")
    with ExtractorPool(workers=1, timeout=60, memory_mb=128) as pool:
        results = dict(pool.map([("big", big, "big.txt"), ("small", small, "small.txt")]))
    assert results["big"].status == "failed"
    assert results["big"].reason == "ran out of memory (limit 128 MB) while reading the file"
    assert results["small"].text == "SQS 14 私隱"


@needs_proc
def test_idle_worker_that_died_is_replaced_before_the_next_file(corpus: Path) -> None:
    docx = corpus / "docx/python-docx__test.docx"
    with ExtractorPool(workers=1) as pool:
        [(_, warm)] = pool.map([(0, docx, "a.docx")])
        [pid] = pool.worker_pids
        os.kill(pid, signal.SIGKILL)
        wait_for(lambda: live([pid]) == [], "the killed worker to be gone")
        [(_, result)] = pool.map([(1, docx, "a.docx")])
        assert result == warm and pool.worker_pids != [pid]
    assert multiprocessing.active_children() == []


def numbered(corpus: Path) -> Iterator[tuple[int, Path, str]]:
    for index, path in enumerate(corpus_files(corpus)):
        yield index, path, path.name


@needs_proc
def test_stopping_early_leaves_no_process(corpus: Path) -> None:
    with ExtractorPool(workers=2) as pool:
        pids = pool.worker_pids
        for _ in pool.map(numbered(corpus)):
            break
    assert multiprocessing.active_children() == []
    assert live(pids) == []
