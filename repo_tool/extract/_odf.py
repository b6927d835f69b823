"""OpenDocument text: .odt (and .ods spreadsheets and .odp presentations, which cost nothing
more), read from content.xml.

Each text:p and text:h is a line; frames and text boxes inside a paragraph give their own lines
before it. In a spreadsheet each table row is a line with its cells tab-separated. Footnotes and
endnotes follow the body, then annotations (comments), as for .docx. Tracked changes read as
accepted: the deleted text that ODF keeps in text:tracked-changes is left out, and inserted text
is already in the body. text:s, text:tab and text:line-break become whitespace.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree.ElementTree import Element

from repo_tool.extract._types import Extraction, failure, one_line, text_result
from repo_tool.extract._zip import (
    ContainerError,
    member_names,
    open_container,
    parse_xml,
    read_member,
)

TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
P = f"{{{TEXT_NS}}}p"
H = f"{{{TEXT_NS}}}h"
SPACE = f"{{{TEXT_NS}}}s"
TAB = f"{{{TEXT_NS}}}tab"
LINE_BREAK = f"{{{TEXT_NS}}}line-break"
NOTE = f"{{{TEXT_NS}}}note"
NOTE_CITATION = f"{{{TEXT_NS}}}note-citation"
TRACKED = f"{{{TEXT_NS}}}tracked-changes"
ANNOTATION = f"{{{OFFICE_NS}}}annotation"
ROW = f"{{{TABLE_NS}}}table-row"

KINDS = {
    "application/vnd.oasis.opendocument.text": ("OpenDocument .odt", "odt-xml"),
    "application/vnd.oasis.opendocument.spreadsheet": ("OpenDocument .ods", "ods-xml"),
    "application/vnd.oasis.opendocument.presentation": ("OpenDocument .odp", "odp-xml"),
}


class _Text:
    """Lines of the body, of notes and of annotations, gathered in one walk."""

    def __init__(self, rows: bool) -> None:
        self.rows = rows
        self.body: list[str] = []
        self.notes: list[str] = []
        self.comments: list[str] = []

    def walk(self, elem: Element, out: list[str]) -> None:
        """Add the lines under `elem` to `out` (notes and comments to their own lists)."""
        for child in elem:
            tag = child.tag
            if tag in (P, H):
                line = self.inline(child, out)
                out.append(one_line(line))
            elif tag == ROW and self.rows:
                cells = [" ".join(self._cell_lines(cell)) for cell in child]
                out.append("\t".join(cell for cell in cells if cell.strip()))
            elif tag == TRACKED:
                continue
            elif tag == ANNOTATION:
                self.walk(child, self.comments)
            elif tag == NOTE:
                self.walk(child, self.notes)
            else:
                self.walk(child, out)

    def _cell_lines(self, cell: Element) -> list[str]:
        lines: list[str] = []
        self.walk(cell, lines)
        return [line.replace("\t", " ") for line in lines]

    def inline(self, elem: Element, out: list[str]) -> str:
        """A paragraph's own text; boxes, notes and comments inside it go to their lists."""
        pieces = [elem.text or ""]
        for child in elem:
            tag = child.tag
            if tag == SPACE:
                pieces.append(" " * min(int(child.get(f"{{{TEXT_NS}}}c", "1") or 1), 100))
            elif tag == TAB:
                pieces.append("\t")
            elif tag == LINE_BREAK:
                pieces.append(" ")
            elif tag == NOTE:
                self.walk(child, self.notes)
            elif tag == NOTE_CITATION:
                pass
            elif tag == ANNOTATION:
                self.walk(child, self.comments)
            elif tag in (P, H):
                out.append(one_line(self.inline(child, out)))
            elif _holds_paragraphs(child):
                self.walk(child, out)
            else:
                pieces.append(self.inline(child, out))
            pieces.append(child.tail or "")
        return "".join(pieces)


def _holds_paragraphs(elem: Element) -> bool:
    """Frames, text boxes and lists inside a paragraph hold paragraphs of their own."""
    return any(child.tag in (P, H) for child in elem.iter() if child is not elem)


def extract_odf(path: Path, kind: str = "OpenDocument file") -> Extraction:
    """The text of an .odt, .ods or .odp file."""
    extractor = "odt-xml"
    try:
        with open_container(path, kind) as archive:
            kind, extractor = _kind(archive, kind, extractor)
            return _extract(archive, kind, extractor)
    except ContainerError as error:
        return failure(error.status, error.reason, extractor)
    except RecursionError:
        return failure("corrupt", f"{kind} nests its content too deeply to read", extractor)


def _kind(archive: zipfile.ZipFile, kind: str, extractor: str) -> tuple[str, str]:
    if "mimetype" in member_names(archive):
        mimetype = read_member(archive, "mimetype").decode("ascii", "replace").strip()
        return KINDS.get(mimetype, (kind, extractor))
    return kind, extractor


def _extract(archive: zipfile.ZipFile, kind: str, extractor: str) -> Extraction:
    if "content.xml" not in member_names(archive):
        return failure("corrupt", f"not a valid {kind}: it has no content.xml", extractor)
    root = parse_xml(read_member(archive, "content.xml"), "content.xml")
    text = _Text(rows=extractor == "ods-xml")
    body = next((child for child in root if child.tag == f"{{{OFFICE_NS}}}body"), root)
    text.walk(body, text.body)
    return text_result(text.body + text.notes + text.comments, extractor,
                       f"the {kind} has no text")
