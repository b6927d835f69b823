"""Word 97-2003 .doc text, read from the piece table (the format's own map of its text).

The WordDocument stream starts with the FIB, which says which table stream (0Table or 1Table)
holds the Clx, and where. The Clx's piece table lists every run of text: UTF-16LE where the
piece holds any character outside Windows-1252 (all Chinese text), else one byte a character.
Pieces are read in order, so the main text comes first, then footnotes, headers and footers,
comments, endnotes and text boxes. Field codes (between 0x13 and 0x14) are dropped and their
results kept; paragraph, cell and row ends become line ends.

Chosen over LibreOffice headless by measurement (docs/search.md, "Word 97-2003, Excel 97-2003
and PowerPoint 97-2003"): the same Chinese text, hundreds of times faster, and no process to
start, hang or leak. Word 6 and Word 95 files (before the piece table was always written)
are refused with a reason.
"""

from __future__ import annotations

import struct
from dataclasses import replace
from pathlib import Path

from repo_tool.extract._ole import OleError, ole_title, open_ole, read_stream
from repo_tool.extract._types import Extraction, failure, text_result

EXTRACTOR = "doc-ole"
KIND = "Word 97-2003 .doc"
_FIELD_BEGIN, _FIELD_SEPARATOR, _FIELD_END = "\x13", "\x14", "\x15"
# Paragraph mark, cell/row end, line break, page or section break, column break.
_LINE_ENDS = str.maketrans({"\r": "\n", "\x07": "\n", "\x0b": "\n", "\x0c": "\n",
                            "\x0e": "\n", "\x1e": "-", "\x1f": "", "\xa0": " "})
_WORD_97_NFIB = 0x00C1
_MAX_PIECES = 1_000_000


def extract_doc(path: Path) -> Extraction:
    """The text of a Word 97-2003 .doc file."""
    try:
        with open_ole(path) as ole:
            word = read_stream(ole, "WordDocument")
            return _read(ole, word)
    except OleError as error:
        return failure("corrupt", f"damaged {KIND} ({error}); the file is kept", EXTRACTOR)


def _read(ole: object, word: bytes) -> Extraction:
    if len(word) < 0x1AA:
        return failure("corrupt", f"damaged {KIND} (its header is cut short); the file is "
                                  f"kept", EXTRACTOR)
    ident, nfib, _, _, _, flags = struct.unpack_from("<HHHHHH", word, 0)
    if ident not in (0xA5EC, 0xA5DC):
        return failure("corrupt", f"damaged {KIND} (its header is not a Word header); the "
                                  f"file is kept", EXTRACTOR)
    if flags & 0x0100:
        return failure("encrypted", f"password-protected {KIND}: needs a password", EXTRACTOR)
    if nfib < _WORD_97_NFIB - 0x10 or ident == 0xA5DC:
        return failure("unsupported", "Word 6 or Word 95 .doc (older than Word 97): no text "
                                      "extraction for this format; open and save it as .docx "
                                      "in Word to make it searchable; the file is kept",
                       EXTRACTOR)
    table_name = "1Table" if flags & 0x0200 else "0Table"
    table = read_stream(ole, table_name)
    fc_clx, lcb_clx = _clx_position(word)
    if lcb_clx == 0 or fc_clx + lcb_clx > len(table):
        return failure("corrupt", f"damaged {KIND} (its piece table is outside the "
                                  f"{table_name} stream); the file is kept", EXTRACTOR)
    text = _pieces_text(word, table[fc_clx:fc_clx + lcb_clx])
    result = text_result(_without_field_codes(text).translate(_LINE_ENDS).split("\n"),
                         EXTRACTOR, f"the {KIND} has no text")
    return replace(result, title=ole_title(ole) or result.title)


def _clx_position(word: bytes) -> tuple[int, int]:
    """fcClx and lcbClx from the FIB's FibRgFcLcb97 (pair 33), found by walking its sizes."""
    offset = 32
    (csw,) = struct.unpack_from("<H", word, offset)
    offset += 2 + 2 * csw
    (cslw,) = struct.unpack_from("<H", word, offset)
    offset += 2 + 4 * cslw
    (pairs,) = struct.unpack_from("<H", word, offset)
    offset += 2
    if pairs <= 33 or offset + 34 * 8 > len(word):
        return 0, 0
    fc_clx, lcb_clx = struct.unpack_from("<II", word, offset + 33 * 8)
    return fc_clx, lcb_clx


def _pieces_text(word: bytes, clx: bytes) -> str:
    """The text of every piece of the Clx's piece table, in order."""
    pos = 0
    while pos < len(clx) and clx[pos] == 0x01:  # Prc: formatting, skipped
        (size,) = struct.unpack_from("<h", clx, pos + 1)
        pos += 3 + max(size, 0)
    if pos + 5 > len(clx) or clx[pos] != 0x02:
        raise OleError("its piece table has no text map")
    (lcb,) = struct.unpack_from("<I", clx, pos + 1)
    plc = clx[pos + 5:pos + 5 + lcb]
    count = (len(plc) - 4) // 12  # n+1 character positions and n 8-byte piece descriptors
    if count <= 0 or count > _MAX_PIECES:
        raise OleError("its piece table is empty")
    cps = struct.unpack_from(f"<{count + 1}I", plc, 0)
    pieces: list[str] = []
    for index in range(count):
        length = cps[index + 1] - cps[index]
        if length <= 0:
            continue
        (fc,) = struct.unpack_from("<I", plc, 4 * (count + 1) + 8 * index + 2)
        if fc & 0x40000000:  # one byte a character, Windows-1252
            start = (fc & 0x3FFFFFFF) // 2
            pieces.append(word[start:start + length].decode("cp1252", errors="replace"))
        else:
            pieces.append(word[fc:fc + 2 * length].decode("utf-16-le", errors="replace"))
    return "".join(pieces)


def _without_field_codes(text: str) -> str:
    """Field results kept, field instructions (0x13 code 0x14 result 0x15) dropped."""
    if _FIELD_BEGIN not in text:
        return text
    out: list[str] = []
    stack: list[bool] = []  # per open field: still in its code part
    for char in text:
        if char == _FIELD_BEGIN:
            stack.append(True)
        elif char == _FIELD_SEPARATOR and stack:
            stack[-1] = False
        elif char == _FIELD_END and stack:
            stack.pop()
        elif not any(stack):
            out.append(char)
    return "".join(out)
