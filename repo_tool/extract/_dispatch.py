"""`extract_file`: pick the reader for a file by its bytes and name, and run it."""

from __future__ import annotations

import stat
import zipfile
from dataclasses import replace
from pathlib import Path

from repo_tool.extract._doc import extract_doc
from repo_tool.extract._docx import extract_docx
from repo_tool.extract._html import extract_html
from repo_tool.extract._mail import extract_eml, extract_msg_file
from repo_tool.extract._odf import extract_odf
from repo_tool.extract._ole import OleError, ole_kind, open_ole
from repo_tool.extract._pdf import extract_pdf
from repo_tool.extract._plain import extract_plain
from repo_tool.extract._ppt import extract_ppt
from repo_tool.extract._pptx import extract_pptx
from repo_tool.extract._rtf import extract_rtf
from repo_tool.extract._sniff import (
    DOCX_EXTENSIONS,
    HTML_EXTENSIONS,
    LEGACY_EXTENSIONS,
    MAIL_EXTENSIONS,
    ODF_EXTENSIONS,
    OLE2_SCAN_BYTES,
    PPTX_EXTENSIONS,
    TEXT_EXTENSIONS,
    XLSX_EXTENSIONS,
    extension,
    ole2_content,
    sniff,
    zip_kind,
)
from repo_tool.extract._types import (
    MAX_FILE_BYTES,
    Extraction,
    failure,
)
from repo_tool.extract._xls import extract_xls
from repo_tool.extract._xlsx import extract_xlsx
from repo_tool.humanize import human_size

SNIFF = "sniff"  # the extractor named when a file was recognised but not read
_KEPT = "the file is kept"
_LEGACY = {"doc": "Word 97-2003 .doc", "xls": "Excel 97-2003 .xls",
           "ppt": "PowerPoint 97-2003 .ppt", "msg": "Outlook .msg"}
_LEGACY_EXTENSIONS = {".doc": "doc", ".dot": "doc", ".xls": "xls", ".xlt": "xls",
                      ".ppt": "ppt", ".pps": "ppt", ".msg": "msg"}
_LEGACY_READERS = {"doc": extract_doc, "xls": extract_xls, "ppt": extract_ppt,
                   "msg": extract_msg_file}
_FORMAT_NAMES = {"docx": "a Word .docx file", "xlsx": "an Excel .xlsx file",
                 "odf": "an OpenDocument file", "pdf": "a PDF", "zip": "a zip archive",
                 "pptx": "a PowerPoint .pptx file", "rtf": "an RTF file",
                 "html": "an HTML page", "doc": "a Word 97-2003 .doc file",
                 "xls": "an Excel 97-2003 .xls file", "ppt": "a PowerPoint 97-2003 .ppt file",
                 "msg": "an Outlook .msg message"}


def extract_file(path: Path, name: str) -> Extraction:
    """The text of the file at `path`, whose document is called `name`.

    `path` may have no extension (a stored blob); the format comes from the bytes and `name`.
    Never raises for a bad file: every failure is an Extraction with a status and a reason.
    """
    try:
        return _extract(path, name)
    except MemoryError:
        return failure("failed", "ran out of memory while reading the file", SNIFF)
    except RecursionError:
        return failure("corrupt", "the file nests its content too deeply to read", SNIFF)
    except OSError as error:
        return failure("failed", f"cannot read the file: {error.strerror or error}", SNIFF)
    except Exception as error:  # a bug or a library failure: report it, never stop a scan
        return failure("failed", f"unexpected error while reading the file: "
                                 f"{type(error).__name__}: {error}", SNIFF)


def _extract(path: Path, name: str) -> Extraction:
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
        return failure("unsupported", "not a regular file: only files are read", SNIFF)
    if info.st_size == 0:
        return failure("empty", "empty file (0 bytes): there is nothing to read", SNIFF)
    if info.st_size > MAX_FILE_BYTES:
        return failure("too-large", f"the file is {human_size(info.st_size)}, more than the "
                                    f"{human_size(MAX_FILE_BYTES)} limit for reading text; "
                                    f"{_KEPT}", SNIFF)
    with path.open("rb") as stream:
        head = stream.read(2048)
    kind = sniff(head, name)
    ext = extension(name)
    if kind == "pdf":
        return _renamed(extract_pdf(path), ext, "pdf", {".pdf"})
    if kind == "zip":
        return _extract_zip(path, name, ext)
    if kind == "ole2":
        return _legacy_office(path, ext)
    if kind.startswith("image:"):
        return failure("no-text", f"{kind.split(':', 1)[1]} image: pictures have no text "
                                  f"layer (OCR is not done yet); {_KEPT}", SNIFF)
    if kind == "rtf":
        return _renamed(extract_rtf(path), ext, "rtf", {".rtf"})
    if kind == "html":
        return _renamed(extract_html(path), ext, "html", HTML_EXTENSIONS)
    if kind == "eml":
        return extract_eml(path)
    if kind == "plain":
        return extract_plain(path)
    what = f"{ext} files" if ext else "files without an extension of a format not recognised"
    return failure("unsupported", f"no text extraction for {what}; {_KEPT}", SNIFF)


def _extract_zip(path: Path, name: str, ext: str) -> Extraction:
    try:
        with zipfile.ZipFile(path) as archive:
            kind = zip_kind(archive, name)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        kind = ("docx" if ext in DOCX_EXTENSIONS else "xlsx" if ext in XLSX_EXTENSIONS
                else "odf" if ext in ODF_EXTENSIONS else "pptx" if ext in PPTX_EXTENSIONS
                else "zip")
    if kind == "docx":
        return _renamed(extract_docx(path), ext, "docx", DOCX_EXTENSIONS)
    if kind == "xlsx":
        return _renamed(extract_xlsx(path), ext, "xlsx", XLSX_EXTENSIONS)
    if kind == "odf":
        return _renamed(extract_odf(path), ext, "odf", ODF_EXTENSIONS)
    if kind == "pptx":
        return _renamed(extract_pptx(path), ext, "pptx", PPTX_EXTENSIONS)
    try:
        zipfile.ZipFile(path).close()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        return failure("corrupt", f"damaged zip archive ({error}); {_KEPT}", SNIFF)
    return failure("unsupported", f"zip archive: the documents inside are not read; {_KEPT}",
                   SNIFF)


def _legacy_office(path: Path, ext: str) -> Extraction:
    """A Word, Excel or PowerPoint 97-2003 file or an Outlook message, by its root streams."""
    try:
        with open_ole(path) as ole:
            content = ole_kind(ole)
    except OleError as error:
        return _damaged_ole(path, ext, str(error))
    if content == "encrypted":
        return failure("encrypted", "password-protected Office file: needs a password", SNIFF)
    expected = _LEGACY_EXTENSIONS.get(ext)
    if content == "unknown" and expected is not None:
        return failure("corrupt", f"damaged {_LEGACY[expected]} (its main stream is missing); "
                                  f"{_KEPT}", SNIFF)
    if content == "unknown":
        return failure("unsupported", f"an old Office compound file (OLE2) of a kind not "
                                      f"read (not Word, Excel, PowerPoint or Outlook); {_KEPT}",
                       SNIFF)
    return _renamed(_LEGACY_READERS[content](path), ext, content,
                    {name for name, kind in _LEGACY_EXTENSIONS.items() if kind == content})


def _damaged_ole(path: Path, ext: str, problem: str) -> Extraction:
    """A compound file whose directory cannot be read, named by the streams its bytes hold."""
    with path.open("rb") as stream:
        content = ole2_content(stream.read(OLE2_SCAN_BYTES))
    if content == "encrypted":
        return failure("encrypted", "password-protected Office file: needs a password", SNIFF)
    kind = _LEGACY.get(_LEGACY_EXTENSIONS.get(ext, "")) or _LEGACY.get(content)
    what = kind or "old Office compound file (OLE2)"
    return failure("corrupt", f"damaged {what} ({problem}); {_KEPT}", SNIFF)


def _renamed(result: Extraction, ext: str, kind: str, expected: set[str] | frozenset[str]
             ) -> Extraction:
    """The result, noting when the name's extension belongs to another known format."""
    known = (DOCX_EXTENSIONS | XLSX_EXTENSIONS | ODF_EXTENSIONS | TEXT_EXTENSIONS
             | PPTX_EXTENSIONS | HTML_EXTENSIONS | MAIL_EXTENSIONS | LEGACY_EXTENSIONS
             | {".pdf", ".rtf"})
    if ext not in known or ext in expected:
        return result
    note = f"named {ext} but is {_FORMAT_NAMES[kind]}"
    reason = f"{note}; {result.reason}" if result.reason else note
    return replace(result, reason=reason)
