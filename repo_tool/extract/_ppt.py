"""PowerPoint 97-2003 .ppt text, from the text atoms of the PowerPoint Document stream.

The stream is a tree of records (an 8-byte header: version and instance, type, length).
Slide and notes text lives in TextCharsAtom (UTF-16LE: every Chinese character) and
TextBytesAtom (one byte a character) records, whether in the slide list or in the shapes'
text boxes; the walk reads them in stream order and keeps each distinct atom once (a title is
often stored both in the slide list and in its shape). Master slides (the "Click to edit"
placeholders) are skipped. Chosen over LibreOffice headless by measurement, as for .doc.
"""

from __future__ import annotations

import struct
from dataclasses import replace
from pathlib import Path

from repo_tool.extract._ole import OleError, ole_title, open_ole, read_stream
from repo_tool.extract._types import Extraction, failure, split_lines, text_result

EXTRACTOR = "ppt-ole"
KIND = "PowerPoint 97-2003 .ppt"
_TEXT_CHARS, _TEXT_BYTES = 0x0FA0, 0x0FA8
_SKIPPED = frozenset({0x03F8})  # MainMaster: layout placeholders, not the presentation's text
_MAX_DEPTH = 64
_VERTICAL_TAB = str.maketrans({"\x0b": "\n", "\r": "\n"})


def extract_ppt(path: Path) -> Extraction:
    """The text of a PowerPoint 97-2003 .ppt file (slides and notes)."""
    try:
        with open_ole(path) as ole:
            stream = read_stream(ole, "PowerPoint Document")
            if ole.exists("EncryptedSummary"):
                return failure("encrypted", f"password-protected {KIND}: needs a password",
                               EXTRACTOR)
            atoms: list[str] = []
            damaged = _walk(stream, 0, len(stream), 0, atoms)
            title = ole_title(ole)
    except OleError as error:
        return failure("corrupt", f"damaged {KIND} ({error}); the file is kept", EXTRACTOR)
    if damaged and not atoms:
        return failure("corrupt", f"damaged {KIND} (its records are cut short or "
                                  f"malformed); the file is kept", EXTRACTOR)
    seen: set[str] = set()
    lines: list[str] = []
    for atom in atoms:
        if atom.strip() not in ("", "*") and atom not in seen:  # "*": a slide-number field
            seen.add(atom)
            lines += split_lines(atom.translate(_VERTICAL_TAB))
    note = "some records are damaged; the text read may be incomplete" if damaged else None
    result = text_result(lines, EXTRACTOR, f"the {KIND} has no text", note=note)
    return replace(result, title=title or result.title)


def _walk(data: bytes, start: int, end: int, depth: int, atoms: list[str]) -> bool:
    """Collect the text atoms between `start` and `end`; True if a record ran past its end."""
    if depth > _MAX_DEPTH:
        return True
    pos = start
    while pos + 8 <= end:
        ver_instance, rec_type, length = struct.unpack_from("<HHI", data, pos)
        body = pos + 8
        if body + length > end:
            return True
        if ver_instance & 0x000F == 0x000F:  # a container: its body is more records
            if rec_type not in _SKIPPED and _walk(data, body, body + length, depth + 1, atoms):
                return True
        elif rec_type == _TEXT_CHARS:
            atoms.append(data[body:body + length].decode("utf-16-le", errors="replace"))
        elif rec_type == _TEXT_BYTES:
            atoms.append(data[body:body + length].decode("latin-1"))
        pos = body + length
    return False
