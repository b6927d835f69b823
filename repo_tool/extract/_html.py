"""HTML (.html, .htm) text: what a browser shows, one block per line, and the page's title.

The encoding comes from a byte-order mark, else the `<meta charset>` (or http-equiv) near the
top, else strict UTF-8, else the same Big5/GB18030 guess as plain text. Big5 and GB2312 are read
as their supersets (Big5-HKSCS, GB18030), as browsers do. Scripts, styles, templates, the head
(except its title), comments, and elements marked hidden (the `hidden` attribute,
`aria-hidden="true"`, `display:none` or `visibility:hidden` in a style attribute) are not
indexed. Block elements (p, div, li, tr, headings, br...) end lines; table cells are separated
by tabs. The standard library's tolerant parser reads broken markup as a browser would, so
there is no "damaged" HTML: whatever text it holds is read.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

from repo_tool.extract._plain import decode
from repo_tool.extract._title import clean_title
from repo_tool.extract._types import Extraction, failure, split_lines, text_result

EXTRACTOR = "html"
_META = re.compile(rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""",
                   re.IGNORECASE)
_SUPERSETS = {"big5": "big5hkscs", "big5-hkscs": "big5hkscs", "cp950": "big5hkscs",
              "x-x-big5": "big5hkscs", "gb2312": "gb18030", "gbk": "gb18030",
              "x-gbk": "gb18030", "iso-8859-1": "cp1252", "latin1": "cp1252",
              "us-ascii": "cp1252", "ascii": "cp1252"}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SKIPPED = frozenset({"script", "style", "template", "noscript", "head", "svg", "math",
                      "iframe", "object"})
_BLOCKS = frozenset({"p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4",
                     "h5", "h6", "section", "article", "header", "footer", "blockquote", "pre",
                     "hr", "dt", "dd", "dl", "address", "figcaption", "caption", "form",
                     "fieldset", "legend", "nav", "aside", "main", "body", "html", "title"})
_CELLS = frozenset({"td", "th"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "param", "source", "track", "wbr"})


def charset_name(label: str) -> str | None:
    """The Python codec for an HTML or MIME charset label, or None if unknown."""
    name = _SUPERSETS.get(label.strip().lower(), label.strip().lower())
    try:
        codecs.lookup(name)
    except LookupError:
        return None
    return name


def decode_html(data: bytes) -> str:
    """The characters of an HTML file's bytes (see the module docstring for the order)."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    found = _META.search(data[:8192])
    declared = charset_name(found.group(1).decode("ascii")) if found else None
    if declared is not None:
        return data.decode(declared, errors="replace")
    guessed, _ = decode(data)
    return guessed if guessed is not None else data.decode("utf-8", errors="replace")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.title: list[str] = []
        self.skipping: list[str] = []  # the open elements whose content is not shown
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        if self.skipping:
            if tag not in _VOID:
                self.skipping.append(tag)
            return
        if tag in _SKIPPED or _hidden(attrs):
            if tag not in _VOID:
                self.skipping.append(tag)
            return
        if tag in _BLOCKS:
            self.pieces.append("\n")
        elif tag in _CELLS:
            self.pieces.append("\t")
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self.pieces.append(f" {alt} ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if self.skipping:
            if tag in self.skipping:  # close up to the matching element, as browsers do
                while self.skipping and self.skipping.pop() != tag:
                    pass
            return
        if tag in _BLOCKS:
            self.pieces.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.skipping:
            self.pieces.append(data)


def _hidden(attrs: list[tuple[str, str | None]]) -> bool:
    values = {name: value or "" for name, value in attrs}
    return ("hidden" in values or values.get("aria-hidden", "").lower() == "true"
            or bool(_HIDDEN_STYLE.search(values.get("style", ""))))


def html_lines(markup: str) -> tuple[list[str], str | None]:
    """The lines an HTML document shows, and its <title>."""
    parser = _Text()
    parser.feed(markup)
    parser.close()
    text = re.sub(r"[ \t\r\f\v\u00a0]*\n[ \t\r\f\v\u00a0\n]*", "\n", "".join(parser.pieces))
    lines = [re.sub(r"[ \f\v\u00a0]+", " ", line) for line in split_lines(text)]
    return lines, clean_title("".join(parser.title))


def extract_html(path: Path) -> Extraction:
    """The text of an HTML file."""
    markup = decode_html(path.read_bytes())
    if "\x00" in markup[:4096]:
        return failure("corrupt", "damaged HTML page: it holds binary data (NUL bytes), not "
                                  "text; the file is kept", EXTRACTOR)
    lines, title = html_lines(markup)
    result = text_result(lines, EXTRACTOR, "the HTML page shows no text")
    return replace(result, title=title or result.title)
