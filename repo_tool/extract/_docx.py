"""Word .docx text, read from the WordprocessingML parts directly.

What is read, in this order: headers, the main document (body, tables, text boxes, content
controls, hyperlinks, field results, equations), footnotes, endnotes, footers, then comments.
Each paragraph is one line; a table cell's paragraphs are lines of their own, and a text box's
paragraphs come before the paragraph that anchors it. Identical header or footer parts (first,
odd and even pages often repeat) are kept once.

Decisions:
- Tracked changes read as the document would with every change accepted: insertions
  (w:ins, w:moveTo) are kept, deletions (w:del, w:delText, w:moveFrom) dropped. Search then finds
  what the policy says once the review is accepted, which is what staff will go on to publish.
- Comments are included, after everything else: a reviewer reads them in Word, and the SQS 2
  review trail often lives in them, so they should be searchable. They come last so that a diff
  of the body is not interleaved with comment text.
- Field codes (w:instrText) are dropped and field results kept: "PAGE \\* MERGEFORMAT" is
  markup, the page number or cross-reference text it shows is content.
- w:tab and w:ptab become a tab, w:br and w:cr a space, w:noBreakHyphen a hyphen; w:sym gives
  its character (Symbol-font glyphs mapped to Unicode; other private-use font glyphs dropped).
- mc:AlternateContent: the first mc:Choice that yields text is read and the mc:Fallback skipped
  (they hold the same text box twice, as DrawingML and as VML); the fallback is read only when
  no choice yielded text.
- Both namespaces are read: transitional and Strict OOXML (purl.oclc.org). The main part is found
  through _rels/.rels or [Content_Types].xml, so it need not be called document.xml.
- Malformed XML is recovered by a tolerant tag scan (the same walk over a hand-tokenised stream)
  and the result says so in `reason`; XML that declares entities is refused (defusedxml).
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from repo_tool.extract._docx_title import docx_title
from repo_tool.extract._title import first_short_line
from repo_tool.extract._types import Extraction, failure, join_lines, one_line, text_result
from repo_tool.extract._zip import (
    XmlEvent,
    extract_container,
    iterparse_xml,
    main_part,
    member_names,
    open_member,
    part_error,
    read_member,
    relationships,
)

EXTRACTOR = "docx-xml"
W_NS = ("http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "http://purl.oclc.org/ooxml/wordprocessingml/main")
M_NS = ("http://schemas.openxmlformats.org/officeDocument/2006/math",
        "http://purl.oclc.org/ooxml/officeDocument/math")
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _tags(namespaces: Iterable[str], *names: str) -> frozenset[str]:
    return frozenset(f"{{{ns}}}{name}" for ns in namespaces for name in names)


PARAGRAPH = _tags(W_NS, "p")
TEXT = _tags(W_NS, "t") | _tags(M_NS, "t")
TAB = _tags(W_NS, "tab", "ptab")
BREAK = _tags(W_NS, "br", "cr")
HYPHEN = _tags(W_NS, "noBreakHyphen")
SYM = _tags(W_NS, "sym")
DROPPED = _tags(W_NS, "del", "moveFrom", "delText", "instrText", "delInstrText")
CHOICE = f"{{{MC_NS}}}Choice"
FALLBACK = f"{{{MC_NS}}}Fallback"
ALTERNATE = f"{{{MC_NS}}}AlternateContent"
_W_PREFIXES = tuple(f"{{{ns}}}" for ns in W_NS)

# Adobe Symbol font codes (w:sym w:font="Symbol" w:char="F0xx") to Unicode: Greek and the
# common mathematical signs; other glyphs of pictograph fonts are dropped.
_SYMBOL_FONT = dict(zip(
    range(0x41, 0x5B), "ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ", strict=True)) | dict(zip(
    range(0x61, 0x7B), "αβχδεφγηιϕκλμνοπθρστυϖωξψζ", strict=True)) | {
    0xA3: "≤", 0xA5: "∞", 0xB0: "°", 0xB1: "±", 0xB3: "≥", 0xB4: "×", 0xB7: "•", 0xB8: "÷",
    0xB9: "≠", 0xBB: "≈", 0xD2: "®", 0xD3: "©", 0xD4: "™", 0xD6: "√", 0xE5: "∑"}

_PART_ORDER = ("header", "main", "footnotes", "endnotes", "footer", "comments")


def extract_docx(path: Path, kind: str = "Word .docx") -> Extraction:
    """The text of a .docx (or .docm/.dotx) file."""
    return extract_container(path, kind, EXTRACTOR, _extract)


def _extract(archive: zipfile.ZipFile, kind: str) -> Extraction:
    main = main_part(archive, "wordprocessingml.document.main+xml", "word/document.xml")
    if main is None:
        return failure("corrupt", f"not a valid {kind}: it has no main document part",
                       EXTRACTOR)
    parts: dict[str, list[str]] = {key: [] for key in _PART_ORDER}
    parts["main"].append(main)
    names = member_names(archive)
    for _, rel_type, target in relationships(archive, main):
        key = rel_type.rsplit("/", 1)[-1]
        if key in parts and target in names and target not in parts[key]:
            parts[key].append(target)
    lines: list[str] = []
    notes: list[str] = []
    seen: set[str] = set()
    body: list[str] = []
    for key in _PART_ORDER:
        for part in parts[key]:
            part_lines = _part_lines(archive, part, notes)
            if key in ("header", "footer"):
                joined = join_lines(part_lines)
                if joined in seen:
                    continue
                seen.add(joined)
            if key == "main":
                body = part_lines
            lines += part_lines
    result = text_result(lines, EXTRACTOR, f"the {kind} has no text",
                         note="; ".join(notes) or None)
    # The title: declared, else the first heading, else the body's first short line (never
    # the header's, which is the same on every page and names the unit, not the document).
    title = docx_title(archive, main) or first_short_line(
        line for line in body[:8] if line.strip())
    return replace(result, title=title)


def _part_lines(archive: zipfile.ZipFile, part: str, notes: list[str]) -> list[str]:
    """The lines of one XML part; malformed XML is recovered and noted."""
    try:
        with open_member(archive, part) as stream:
            return list(paragraphs(iterparse_xml(stream)))
    except ParseError as error:
        recovered = list(paragraphs(tolerant_events(read_member(archive, part))))
        notes.append(f"malformed XML in {part} ({error}); its text was recovered by a "
                     f"tolerant scan and may be incomplete")
        return recovered
    except Exception as error:
        raise part_error(part, error) or error from error


def paragraphs(events: Iterable[XmlEvent]) -> Iterator[str]:
    """One line per w:p from parse events, as described in the module docstring."""
    stack: list[Element] = []
    lines: list[list[str]] = []
    skip_at = 0  # depth of the element being skipped, 0 when not skipping
    produced = 0  # characters of text seen so far, to tell whether an mc:Choice yielded text
    alternates: list[list[int | bool]] = []  # per open mc:AlternateContent: [start, done]
    for event, elem in events:
        tag = elem.tag
        if event == "start":
            stack.append(elem)
            if skip_at:
                continue
            if tag in PARAGRAPH:
                lines.append([])
            elif tag in DROPPED or _is_properties(tag):
                skip_at = len(stack)
            elif tag == ALTERNATE:
                alternates.append([produced, False])
            elif tag == CHOICE and alternates:
                if alternates[-1][1]:
                    skip_at = len(stack)
                else:
                    alternates[-1][0] = produced
            elif tag == FALLBACK and alternates and alternates[-1][1]:
                skip_at = len(stack)
            continue
        depth = len(stack)
        stack.pop()
        if stack and len(stack[-1]) and stack[-1][-1] is elem:
            del stack[-1][-1]  # keep memory flat on long documents
        if skip_at:
            if depth == skip_at:
                skip_at = 0
            continue
        piece = _piece(tag, elem)
        if piece:
            produced += len(piece)
            if lines:
                lines[-1].append(piece)
            else:
                yield one_line(piece)
        elif tag in PARAGRAPH and lines:
            yield one_line("".join(lines.pop()))
        elif tag == CHOICE and alternates and produced > int(alternates[-1][0]):
            alternates[-1][1] = True
        elif tag == ALTERNATE and alternates:
            alternates.pop()
    while lines:
        yield one_line("".join(lines.pop()))


def _is_properties(tag: str) -> bool:
    """w:rPr, w:pPr, w:sectPr, w:tblPrEx, w:rPrChange...: formatting, never text."""
    return tag.startswith(_W_PREFIXES) and tag.endswith(("Pr", "PrChange", "PrEx"))


def _piece(tag: str, elem: Element) -> str:
    """The text an element contributes when it ends."""
    if tag in TEXT:
        return elem.text or ""
    if tag in TAB:
        return "\t"
    if tag in BREAK:
        return " "
    if tag in HYPHEN:
        return "-"
    if tag in SYM:
        return _symbol(elem)
    return ""


def _symbol(elem: Element) -> str:
    code_text = next((value for key, value in elem.attrib.items() if key.endswith("char")), "")
    font = next((value for key, value in elem.attrib.items() if key.endswith("font")), "")
    try:
        code = int(code_text, 16)
    except ValueError:
        return ""
    if 0xF000 <= code <= 0xF0FF:
        return _SYMBOL_FONT.get(code - 0xF000, "") if font.lower() == "symbol" else ""
    return chr(code) if 0x20 <= code < 0xD800 or 0xE000 <= code <= 0x10FFFF else ""


# --- recovery of malformed XML ---------------------------------------------------------------

_TOKEN = re.compile(
    r"<(/?)([A-Za-z_][\w.\-]*(?::[\w.\-]+)?)((?:\s+[^<>]*?)?)(/?)>"  # start, end or empty tag
    r"|<!\[CDATA\[(.*?)\]\]>"                                         # CDATA
    r"|<[!?][^<>]*>"                                                  # comment, PI, doctype
    r"|([^<]+|<)", re.S)                                              # text (or a stray <)
_XMLNS = re.compile(r"""xmlns:([\w.\-]+)\s*=\s*["']([^"']*)["']""")
_ATTR = re.compile(r"""([\w.\-]+(?::[\w.\-]+)?)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def tolerant_events(data: bytes) -> Iterator[XmlEvent]:
    """Parse-like events from XML that a parser refuses: unclosed or stray tags, bad bytes."""
    text = data.decode("utf-8", errors="replace")
    prefixes = {prefix: uri for prefix, uri in _XMLNS.findall(text)}

    def clark(name: str) -> str:
        prefix, _, local_name = name.rpartition(":")
        return f"{{{prefixes[prefix]}}}{local_name}" if prefix in prefixes else local_name

    stack: list[Element] = []
    for match in _TOKEN.finditer(text):
        closing, name, attributes, empty, cdata, chars = match.groups()
        if name is None:
            content = cdata if cdata is not None else chars
            if content and stack:
                stack[-1].text = (stack[-1].text or "") + (
                    content if cdata is not None else html.unescape(content))
            continue
        tag = clark(name)
        if closing:
            if any(open_elem.tag == tag for open_elem in stack):
                while stack:
                    elem = stack.pop()
                    yield "end", elem
                    if elem.tag == tag:
                        break
            continue
        attrib = {clark(key): html.unescape(double or single)
                  for key, double, single in _ATTR.findall(attributes)}
        elem = Element(tag, attrib)
        yield "start", elem
        if empty:
            yield "end", elem
        else:
            stack.append(elem)
    while stack:
        yield "end", stack.pop()
