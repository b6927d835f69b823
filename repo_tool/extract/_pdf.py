"""PDF text through PDFium (pypdfium2), page by page, one text line per line.

Why PDFium: measured on the 74 PDFs of the shared corpus by `python -m benchmarks.extract_bench`
(2 cores, warm cache), against pypdf 7.1 as installed, without the `cryptography` package:

    reader           files read   manifest phrases found   pages/s
    pypdfium2 5.15   62 / 74      45 / 45                  ~400
    pypdf 7.1        57 / 74      41 / 45                  ~40   (9-12x slower)

pypdf's four missed phrases are in files it cannot open: three AES-encrypted with an empty user
password (they need `cryptography`) and one with a broken startxref. It also fails on all twelve
files PDFium refuses (real passwords, truncation, fuzzing, zero bytes, a broken page tree).
pypdf stays the tool for writing PDFs (the evidence binder).

Outcomes: a file that needs a password is "encrypted"; one PDFium cannot parse is "corrupt"
(truncated files are named as such); pages that draw something but hold no text layer are
scanned pages, "no-text" when no page has text, and noted in `reason` when only some have none;
pages that draw nothing are blank, "empty" when all are.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium  # type: ignore[import-untyped, unused-ignore]
import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped, unused-ignore]

from repo_tool.extract._title import clean_title
from repo_tool.extract._types import Extraction, failure, split_lines, text_result

EXTRACTOR = "pdfium"
SCANNED = "scanned pages without a text layer (OCR is not done yet)"
_LOAD_ERRORS = {pdfium_c.FPDF_ERR_FORMAT: "PDFium reports a data format error",
                pdfium_c.FPDF_ERR_FILE: "PDFium cannot read the file",
                pdfium_c.FPDF_ERR_UNKNOWN: "PDFium reports an unknown error",
                pdfium_c.FPDF_ERR_PAGE: "PDFium finds no readable page"}


def extract_pdf(path: Path) -> Extraction:
    """The text layer of every page of a PDF."""
    with path.open("rb") as stream:
        try:
            document = pdfium.PdfDocument(stream)
        except pdfium.PdfiumError as error:
            return _refusal(path, error)
        try:
            return _read(document)
        finally:
            document.close()


def is_scanned(page: Any, text: str) -> bool:
    """A page that draws something but has no text layer: a scan, for OCR to read."""
    return not text.strip() and pdfium_c.FPDFPage_CountObjects(page.raw) > 0


def _refusal(path: Path, error: Exception) -> Extraction:
    code = getattr(error, "err_code", None)
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return failure("encrypted", "encrypted PDF: needs a password", EXTRACTOR)
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return failure("encrypted", "encrypted PDF: its security handler is not supported",
                       EXTRACTOR)
    with path.open("rb") as stream:
        head = stream.read(1024)
        stream.seek(0, 2)
        size = stream.tell()
        stream.seek(max(0, size - 2048))
        tail = stream.read()
    if b"%PDF" not in head:
        problem = "no %PDF header"
    elif b"%%EOF" not in tail:
        problem = "truncated: no end-of-file marker"
    else:
        problem = "damaged structure"
    detail = _LOAD_ERRORS.get(code, str(error))
    return failure("corrupt", f"not a valid PDF ({problem}; {detail})", EXTRACTOR)


def _declared_title(pdf: Any) -> str | None:
    """The PDF's Title metadata, cleaned; None when absent or unreadable."""
    try:
        return clean_title(pdf.get_metadata_value("Title"))
    except Exception:  # a title is a nicety: odd metadata never fails the text
        return None


def _read(pdf: Any) -> Extraction:
    count = len(pdf)
    title = _declared_title(pdf)
    lines: list[str] = []
    scanned = broken = 0
    for index in range(count):
        try:
            page = pdf[index]
        except pdfium.PdfiumError:
            broken += 1
            continue
        try:
            textpage = page.get_textpage()
            try:
                text: str = textpage.get_text_range()
            finally:
                textpage.close()
            if text.strip():
                lines += split_lines(text)
            elif is_scanned(page, text):
                scanned += 1
        finally:
            page.close()
    notes = []
    if broken:
        notes.append(f"{broken} of {count} pages could not be read")
    if broken == count:
        return failure("corrupt", f"not a valid PDF (none of its {count} pages can be read)",
                       EXTRACTOR, count)
    result = text_result(lines, EXTRACTOR, "", count)
    if result.status == "ok":
        if scanned:
            notes.append(f"{scanned} of {count} pages are scanned, without a text layer "
                         "(OCR reads them)")
        return Extraction("ok", result.text, "; ".join(notes) or None, EXTRACTOR, count,
                          scanned, title=title or result.title)
    if scanned:
        return replace(failure("no-text", SCANNED, EXTRACTOR, count, scanned), title=title)
    return failure("empty", f"the PDF's {count} page{'s' if count != 1 else ''} "
                            f"{'are' if count != 1 else 'is'} blank", EXTRACTOR, count)
