"""Which reader a file needs, from its bytes first and its name second.

A stored version has no extension of its own (it is .repo/objects/ab/cdef...), and users rename
files: a Word 97 file saved as .docx, a zip named .pdf. Magic bytes win over the name; the name
decides only between formats that share a container (a zip holding word/ or xl/ parts) or when
the bytes say nothing (plain text).
"""

from __future__ import annotations

import zipfile
from pathlib import PurePath

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TEXT_EXTENSIONS = frozenset({".txt", ".text", ".md", ".markdown", ".csv", ".tsv", ".log",
                             ".yaml", ".yml", ".json"})
DOCX_EXTENSIONS = frozenset({".docx", ".docm", ".dotx", ".dotm"})
XLSX_EXTENSIONS = frozenset({".xlsx", ".xlsm", ".xltx", ".xltm"})
ODF_EXTENSIONS = frozenset({".odt", ".ods", ".odp", ".ott"})
PPTX_EXTENSIONS = frozenset({".pptx", ".pptm", ".ppsx", ".potx"})
HTML_EXTENSIONS = frozenset({".html", ".htm", ".xhtml"})
MAIL_EXTENSIONS = frozenset({".eml"})
LEGACY_EXTENSIONS = frozenset({".doc", ".dot", ".xls", ".xlt", ".ppt", ".pps", ".msg"})
_IMAGES = ((b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF87a", "GIF"),
           (b"GIF89a", "GIF"), (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"), (b"BM", "BMP"))
_IMAGE_EXTENSIONS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF",
                     ".tif": "TIFF", ".tiff": "TIFF", ".bmp": "BMP", ".webp": "WebP",
                     ".heic": "HEIC", ".heif": "HEIF"}
# What an OLE2 compound file holds, by the name of a stream inside it (UTF-16LE).
_OLE2_STREAMS = (("EncryptionInfo", "encrypted"), ("WordDocument", "doc"),
                 ("Workbook", "xls"), ("Book", "xls"), ("PowerPoint Document", "ppt"),
                 ("__properties_version1.0", "msg"))
OLE2_SCAN_BYTES = 16 * 1024 * 1024


def extension(name: str) -> str:
    """The lower-case extension of a document's file name ("" if none)."""
    return PurePath(name).suffix.lower()


def preferred_name(names: list[str]) -> str:
    """Of the names one blob was saved under, the one whose extension promises text (a blob
    saved both as `a.exe` and `a.txt` is read as text); else the first."""
    readable = (TEXT_EXTENSIONS | DOCX_EXTENSIONS | XLSX_EXTENSIONS | ODF_EXTENSIONS
                | PPTX_EXTENSIONS | HTML_EXTENSIONS | MAIL_EXTENSIONS | LEGACY_EXTENSIONS
                | {".pdf", ".rtf"} | set(_IMAGE_EXTENSIONS))
    for name in names:
        if extension(name) in readable:
            return name
    return names[0]


def sniff(head: bytes, name: str) -> str:
    """The format of a file from its first bytes and its name.

    One of: "ole2", "pdf", "zip", "image:<KIND>", "rtf", "html", "eml", "plain", "unknown".
    """
    ext = extension(name)
    if head.startswith(OLE2):
        return "ole2"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    for magic, kind in _IMAGES:
        if head.startswith(magic) and not (kind == "BMP" and ext != ".bmp"):
            return f"image:{kind}"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image:WebP"
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1"):
        return "image:HEIC"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if ext == ".pdf":
        return "pdf"
    if ext in DOCX_EXTENSIONS | XLSX_EXTENSIONS | ODF_EXTENSIONS | PPTX_EXTENSIONS:
        return "zip"
    if ext in HTML_EXTENSIONS or _looks_like_html(head):
        return "html"
    if ext in MAIL_EXTENSIONS:
        return "eml"
    if ext in _IMAGE_EXTENSIONS:
        return f"image:{_IMAGE_EXTENSIONS[ext]}"
    if ext in TEXT_EXTENSIONS:
        return "plain"
    return "unknown"


def _looks_like_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:15].lower()
    return start.startswith((b"<!doctype html", b"<html"))


def zip_kind(archive: zipfile.ZipFile, name: str) -> str:
    """"docx", "xlsx", "pptx", "odf" or "zip", from the parts a container holds."""
    names = archive.namelist()
    if "mimetype" in names and any(part == "content.xml" for part in names):
        return "odf"
    for prefix, kind in (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx")):
        if any(part.startswith(prefix) for part in names):
            return kind
    ext = extension(name)
    if ext in DOCX_EXTENSIONS:
        return "docx"
    if ext in XLSX_EXTENSIONS:
        return "xlsx"
    if ext in PPTX_EXTENSIONS:
        return "pptx"
    return "odf" if ext in ODF_EXTENSIONS else "zip"


def ole2_content(data: bytes) -> str:
    """What an OLE2 file holds, guessed from its raw bytes when its directory cannot be read:
    "encrypted" (a password-protected .docx/.xlsx), "doc", "xls", "ppt", "msg" or "unknown"."""
    window = data[:OLE2_SCAN_BYTES]
    for stream, kind in _OLE2_STREAMS:
        if stream.encode("utf-16-le") in window:
            return kind
    return "unknown"
