"""Excel .xlsx text: every sheet, one row per line, cells tab-separated.

A sheet starts with a line holding its name. Cells give what is stored: shared strings, inline
strings, formula results and numbers as written in the file (a date is its serial number and
316877 is not shown as "316,877": number formats live in styles and are not applied), TRUE/FALSE
for booleans. Phonetic guides (rPh) in shared strings are left out.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element

from repo_tool.extract._types import Extraction, failure, one_line, text_result
from repo_tool.extract._zip import (
    extract_container,
    iterparse_xml,
    local,
    main_part,
    member_names,
    open_member,
    parse_xml,
    part_error,
    read_member,
    relationships,
)

EXTRACTOR = "xlsx-xml"


def extract_xlsx(path: Path, kind: str = "Excel .xlsx") -> Extraction:
    """The text of an .xlsx (or .xlsm) workbook."""
    return extract_container(path, kind, EXTRACTOR, _extract)


def _extract(archive: zipfile.ZipFile, kind: str) -> Extraction:
    workbook = main_part(archive, "spreadsheetml.sheet.main+xml", "xl/workbook.xml")
    if workbook is None:
        return failure("corrupt", f"not a valid {kind}: it has no workbook part", EXTRACTOR)
    names = member_names(archive)
    targets = {rel_id: (rel_type, target)
               for rel_id, rel_type, target in relationships(archive, workbook)}
    shared: list[str] = []
    for rel_type, target in targets.values():
        if rel_type.endswith("/sharedStrings") and target in names:
            shared = _shared_strings(archive, target)
    lines: list[str] = []
    root = parse_xml(read_member(archive, workbook), workbook)
    for sheet in root.iter():
        if local(sheet.tag) != "sheet":
            continue
        rel_id = next((value for key, value in sheet.attrib.items() if key.endswith("}id")), "")
        target = targets.get(rel_id, ("", ""))[1]
        if target in names:
            lines.append(one_line(sheet.get("name", "")))
            lines += _sheet_rows(archive, target, shared)
    return text_result(lines, EXTRACTOR, f"the {kind} has no cell values")


def _events(archive: zipfile.ZipFile, part: str) -> Iterator[Element]:
    """The elements of a part, streamed in end order, each complete when it is yielded."""
    try:
        with open_member(archive, part) as stream:
            for event, elem in iterparse_xml(stream):
                if event == "end":
                    yield elem
    except Exception as error:
        raise part_error(part, error) or error from error


def _text_of(elem: Element) -> str:
    """The t elements under a string item, phonetic runs (rPh) left out."""
    pieces: list[str] = []
    for child in elem:
        name = local(child.tag)
        if name == "t":
            pieces.append(child.text or "")
        elif name == "r":
            pieces += (grand.text or "" for grand in child if local(grand.tag) == "t")
    return "".join(pieces)


def _shared_strings(archive: zipfile.ZipFile, part: str) -> list[str]:
    strings: list[str] = []
    for elem in _events(archive, part):
        if local(elem.tag) == "si":
            strings.append(_text_of(elem))
            elem.clear()
    return strings


def _sheet_rows(archive: zipfile.ZipFile, part: str, shared: list[str]) -> list[str]:
    rows: list[str] = []
    cells: list[str] = []
    for elem in _events(archive, part):
        name = local(elem.tag)
        if name == "c":
            value = _cell(elem, shared)
            if value:
                cells.append(one_line(value).replace("\t", " "))
            elem.clear()
        elif name == "row":
            if cells:
                rows.append("\t".join(cells))
            cells = []
            elem.clear()
    return rows


def _cell(cell: Element, shared: list[str]) -> str:
    kind = cell.get("t", "n")
    value = next((child.text or "" for child in cell if local(child.tag) == "v"), "")
    if kind == "s":
        try:
            return shared[int(value)]
        except (ValueError, IndexError):
            return ""
    if kind == "inlineStr":
        return "".join(_text_of(child) for child in cell if local(child.tag) == "is")
    if kind == "b":
        return "TRUE" if value.strip() == "1" else "FALSE"
    return value
