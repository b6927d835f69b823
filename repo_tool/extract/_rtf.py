"""Rich Text Format (.rtf) text, with its Chinese in whatever code page it was written.

A small reader of the RTF token stream, not a converter: groups, control words and text.
Characters come three ways and all are honoured: `\\uN` (Unicode, followed by `\\ucN`
replacement characters that are skipped), `\\'hh` bytes and raw 8-bit bytes, decoded in the
code page of the current font's `\\fcharset` (136 Big5, 134 GBK, 128 Shift-JIS...) or else the
document's `\\ansicpgN`. A double-byte character may arrive as `\\'a7A` (a lead byte escaped,
its trail byte a plain letter); the incremental decoder keeps the lead byte until its trail
comes. Font, colour and style tables, pictures, objects, field instructions and other `\\*`
destinations are skipped; the `\\info` group's `\\title` is the title.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from repo_tool.extract._title import clean_title
from repo_tool.extract._types import Extraction, failure, split_lines, text_result

EXTRACTOR = "rtf"
_TOKEN = re.compile(rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\(.)|([{}])"
                    rb"|[\r\n]+|([^\\{}\r\n]+)", re.S)
_CHARSETS = {0: "cp1252", 128: "cp932", 129: "cp949", 134: "gb18030", 136: "big5hkscs",
             161: "cp1253", 162: "cp1254", 163: "cp1258", 177: "cp1255", 178: "cp1256",
             186: "cp1257", 204: "cp1251", 222: "cp874", 238: "cp1250"}
_CODEPAGES = {950: "big5hkscs", 936: "gb18030", 932: "cp932", 949: "cp949", 65001: "utf-8"}
_SKIP = frozenset({"fonttbl", "colortbl", "stylesheet", "listtable", "listoverridetable",
                   "rsidtbl", "pict", "objdata", "object", "themedata", "colorschememapping",
                   "datastore", "latentstyles", "generator", "xmlnstbl", "mmathPr", "fldinst",
                   "filetbl", "revtbl", "pgdsctbl", "author", "operator", "company",
                   "userprops", "bkmkstart", "bkmkend", "nonshppict", "header", "footer"})
_KEEP_IN_INFO = "title"
_BREAKS = {"par": "\n", "line": "\n", "sect": "\n", "page": "\n", "row": "\n", "cell": "\t",
           "tab": "\t", "emdash": "—", "endash": "–", "bullet": "•", "lquote": "‘",
           "rquote": "’", "ldblquote": "“", "rdblquote": "”", "emspace": " ", "enspace": " "}
_SYMBOLS = {b"~": " ", b"_": "-", b"{": "{", b"}": "}", b"\\": "\\", b"-": ""}
MAX_DEPTH = 512


@dataclass
class _Group:
    skip: bool = False
    font_codepage: str | None = None
    uc: int = 1
    in_fonttbl: bool = False
    in_title: bool = False
    outer_skip: bool = False  # the enclosing group's skip, for \ud
    upr: bool = False  # an \upr group: its first group is the ANSI copy of the next
    ansi_copy: bool = False  # that first group, skipped whatever it holds


@dataclass
class _Reader:
    default: str = "cp1252"
    fonts: dict[int, str] = field(default_factory=dict)
    default_font: int | None = None
    out: list[str] = field(default_factory=list)
    title: list[str] = field(default_factory=list)
    skip_chars: int = 0
    decoder: codecs.IncrementalDecoder | None = None
    decoder_name: str = ""
    pending_font: int | None = None

    def emit(self, text: str, group: _Group) -> None:
        (self.title if group.in_title else self.out).append(text)

    def feed(self, data: bytes, group: _Group) -> None:
        """Bytes of the current code page (escaped or raw)."""
        name = group.font_codepage or self.fonts.get(self.default_font or -1) or self.default
        if self.decoder is None or name != self.decoder_name:
            self.flush(group)
            self.decoder = codecs.getincrementaldecoder(name)(errors="replace")
            self.decoder_name = name
        self.emit(self.decoder.decode(data), group)

    def pending(self) -> bool:
        return self.decoder is not None and bool(self.decoder.getstate()[0])

    def flush(self, group: _Group) -> None:
        if self.decoder is not None:
            self.emit(self.decoder.decode(b"", final=True), group)
            self.decoder = None


def extract_rtf(path: Path) -> Extraction:
    """The text of an RTF file."""
    data = path.read_bytes()
    if not data.lstrip().startswith(b"{\\rtf"):
        return failure("corrupt", "damaged RTF file (it does not start with {\\rtf); the file "
                                  "is kept", EXTRACTOR)
    if b"\x00" in data and b"\\bin" not in data:
        return failure("corrupt", "damaged RTF file: it holds binary data (NUL bytes), not "
                                  "RTF text; the file is kept", EXTRACTOR)
    reader = _Reader()
    stack = [_Group()]
    for match in _TOKEN.finditer(data):
        word, arg, hexbyte, symbol, brace, text = match.groups()
        group = stack[-1]
        if brace is not None:
            reader.flush(group)
            if brace == b"{":
                if len(stack) >= MAX_DEPTH:
                    return failure("corrupt", "damaged RTF file (its groups nest too deeply);"
                                              " the file is kept", EXTRACTOR)
                child = replace(group, outer_skip=group.skip, upr=False)
                if group.upr:  # {\upr{ANSI copy}{\*\ud{Unicode}}}: the copy is skipped
                    child.skip = child.ansi_copy = True
                    group.upr = False
                stack.append(child)
            elif len(stack) > 1:
                stack.pop()
            continue
        if reader.skip_chars and (hexbyte or text or symbol):
            if text and len(text) > reader.skip_chars:
                text = text[reader.skip_chars:]
                reader.skip_chars = 0
            else:
                reader.skip_chars -= 1 if not text else len(text)
                reader.skip_chars = max(reader.skip_chars, 0)
                continue
        if hexbyte is not None:
            if not group.skip:
                reader.feed(bytes([int(hexbyte, 16)]), group)
        elif text is not None:
            if group.in_fonttbl:
                _font_name_end(reader, text)
            elif not group.skip:
                if any(byte >= 0x80 for byte in text) or reader.pending():
                    reader.feed(text, group)
                else:
                    reader.flush(group)
                    reader.emit(text.decode("latin-1"), group)
        elif symbol is not None:
            _symbol(reader, group, symbol, stack)
        elif word is not None:
            _control(reader, group, word.decode("ascii"),
                     int(arg) if arg is not None else None, data, match.end())
    reader.flush(stack[-1])
    text = "".join(reader.out).encode("utf-16-le", "surrogatepass")
    lines = split_lines(text.decode("utf-16-le", errors="replace"))
    note = (f"the RTF file is cut short ({len(stack) - 1} group(s) left open); the text "
            f"read may be incomplete" if len(stack) > 1 else None)
    result = text_result(lines, EXTRACTOR, "the RTF file has no text", note=note)
    if result.status == "empty" and note:
        return failure("corrupt", f"damaged RTF file: {note.split(';')[0]}, before any text; "
                                  f"the file is kept", EXTRACTOR)
    return replace(result, title=clean_title("".join(reader.title)) or result.title)


def _font_name_end(reader: _Reader, text: bytes) -> None:
    """In the font table, text ends a font's entry: its charset was seen before it."""
    if reader.pending_font is not None and b";" in text:
        reader.pending_font = None


def _symbol(reader: _Reader, group: _Group, symbol: bytes, stack: list[_Group]) -> None:
    if symbol == b"*":
        group.skip = True  # an optional destination this reader does not know
        return
    if group.skip:
        return
    value = _SYMBOLS.get(symbol)
    if value is not None:
        reader.flush(group)
        reader.emit(value, group)


def _control(reader: _Reader, group: _Group, word: str, arg: int | None, data: bytes,
             end: int) -> None:
    if word == "ansicpg" and arg is not None:
        reader.default = _CODEPAGES.get(arg, f"cp{arg}")
        try:
            codecs.lookup(reader.default)
        except LookupError:
            reader.default = "cp1252"
    elif word == "deff" and arg is not None:
        reader.default_font = arg
    elif word == "fonttbl":
        group.in_fonttbl = True
        group.skip = True
    elif word == "f" and arg is not None:
        if group.in_fonttbl:
            reader.pending_font = arg
        else:
            reader.flush(group)
            group.font_codepage = reader.fonts.get(arg)
    elif word == "fcharset" and arg is not None and reader.pending_font is not None:
        if arg in _CHARSETS:
            reader.fonts[reader.pending_font] = _CHARSETS[arg]
    elif word == "uc" and arg is not None:
        group.uc = max(arg, 0)
    elif word == "u" and arg is not None:
        if not group.skip:
            reader.flush(group)
            unit = arg + 65536 if arg < 0 else arg
            reader.emit(chr(unit), group)  # a surrogate half is paired up at the end
        reader.skip_chars = group.uc
    elif word == "upr":
        group.upr = True
    elif word == "ud":
        group.skip = group.outer_skip
    elif word == "info":
        group.skip = True
    elif word == _KEEP_IN_INFO:
        group.in_title = True
        group.skip = group.ansi_copy
    elif word in _SKIP:
        group.skip = True
    elif word == "bin" and arg:
        pass  # binary data is inside skipped destinations (pictures, objects) in practice
    elif not group.skip and word in _BREAKS:
        reader.flush(group)
        reader.emit(_BREAKS[word], group)
