"""A Word document's title: its core property (docProps/core.xml), else its first heading.

Headings are found by style *name*, which Word keeps in English whatever the language of its
menus (`Title`, `heading 1`), while the style ids it puts in paragraphs are localised (a
Chinese Word writes `1` for 標題 1). Only the first paragraphs are looked at: a heading far into
the document is a section, not the title.
"""

from __future__ import annotations

import re
import zipfile

from repo_tool.extract._title import clean_title
from repo_tool.extract._zip import (
    iterparse_xml,
    local,
    member_names,
    open_member,
    parse_xml,
    read_member,
    relationships,
)

CORE = "/metadata/core-properties"
_HEADING = re.compile(r"^(?:title|heading [1-9])$", re.IGNORECASE)
_LOOK_AT = 60  # paragraphs


def core_title(archive: zipfile.ZipFile) -> str | None:
    """The title property of the package, cleaned, or None."""
    parts = [target for _, kind, target in relationships(archive, "") if kind.endswith(CORE)]
    parts = parts or ["docProps/core.xml"]
    if parts[0] not in member_names(archive):
        return None
    root = parse_xml(read_member(archive, parts[0]), parts[0])
    for element in root:
        if local(element.tag) == "title":
            return clean_title(element.text)
    return None


def _heading_styles(archive: zipfile.ZipFile) -> set[str]:
    """The ids of the styles named Title or heading 1-9."""
    name = "word/styles.xml"
    if name not in member_names(archive):
        return set()
    ids = set()
    for style in parse_xml(read_member(archive, name), name):
        if local(style.tag) != "style":
            continue
        style_id = next((v for k, v in style.attrib.items() if local(k) == "styleId"), "")
        for child in style:
            if local(child.tag) == "name":
                value = next((v for k, v in child.attrib.items() if local(k) == "val"), "")
                if _HEADING.match(value):
                    ids.add(style_id)
    return ids


def first_heading(archive: zipfile.ZipFile, main: str) -> str | None:
    """The text of the first paragraph in a Title or Heading style, near the top."""
    headings = _heading_styles(archive) | {"Title", "Heading1"}
    style: str | None = None
    pieces: list[str] = []
    seen = 0
    with open_member(archive, main) as stream:
        for event, element in iterparse_xml(stream):
            name = local(element.tag)
            if event == "start":
                if name == "p":
                    style, pieces = None, []
                continue
            if name == "pStyle":
                style = next((v for k, v in element.attrib.items() if local(k) == "val"), None)
            elif name == "t" and element.text:
                pieces.append(element.text)
            elif name == "p":
                text = clean_title("".join(pieces))
                if style in headings and text:
                    return text
                seen += 1
                if seen >= _LOOK_AT:
                    return None
            if name in ("p", "tbl", "body"):
                element.clear()
    return None


def docx_title(archive: zipfile.ZipFile, main: str) -> str | None:
    """The core title, else the first heading; None when neither (or when unreadable)."""
    try:
        return core_title(archive) or first_heading(archive, main)
    except Exception:  # a title is a nicety: a part that cannot be read never fails the text
        return None
