"""PowerPoint .pptx text, read from the PresentationML parts directly (as .docx is).

Slides in presentation order (the slide list of presentation.xml), each followed by its
speaker notes, then comments. Each DrawingML paragraph (a:p) is one line, a table cell's
paragraphs lines of their own; a:br becomes a space and a:fld keeps the text it shows. Masters
and layouts ("Click to edit Master title style") are not read. The title is the package's
title property, else the first slide's first short line. The XML goes through defusedxml with
the container's bomb checks, as for .docx.
"""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path

from repo_tool.extract._docx_title import core_title
from repo_tool.extract._types import Extraction, failure, one_line, text_result
from repo_tool.extract._zip import (
    XmlEvent,
    extract_container,
    iterparse_xml,
    local,
    main_part,
    member_names,
    open_member,
    part_error,
    relationships,
)

EXTRACTOR = "pptx-xml"


def extract_pptx(path: Path, kind: str = "PowerPoint .pptx") -> Extraction:
    """The text of a .pptx (or .pptm/.ppsx) presentation: slides, notes and comments."""
    return extract_container(path, kind, EXTRACTOR, _extract)


def _extract(archive: zipfile.ZipFile, kind: str) -> Extraction:
    main = main_part(archive, "presentationml.presentation.main+xml", "ppt/presentation.xml")
    if main is None:
        return failure("corrupt", f"not a valid {kind}: it has no presentation part", EXTRACTOR)
    names = member_names(archive)
    slides = {rel_id: target for rel_id, rel_type, target in relationships(archive, main)
              if rel_type.endswith("/slide") and target in names}
    order = [rel_id for rel_id in _slide_ids(archive, main) if rel_id in slides]
    order += [rel_id for rel_id in slides if rel_id not in order]
    lines: list[str] = []
    comments: list[str] = []
    first_slide: list[str] = []
    for rel_id in order:
        slide = slides[rel_id]
        slide_lines = _paragraphs(archive, slide)
        if not first_slide:
            first_slide = slide_lines
        lines += slide_lines
        for _, rel_type, target in relationships(archive, slide):
            if target not in names:
                continue
            if rel_type.endswith("/notesSlide"):
                lines += _paragraphs(archive, target)
            elif rel_type.endswith("/comments"):
                comments += _texts(archive, target)
    result = text_result(lines + comments, EXTRACTOR, f"the {kind} has no text")
    title = _safe_core_title(archive) or next(
        (line.strip() for line in first_slide if line.strip() and len(line) <= 80), None)
    return replace(result, title=title or result.title)


def _slide_ids(archive: zipfile.ZipFile, main: str) -> list[str]:
    """The r:id of each p:sldId in presentation order."""
    ids: list[str] = []
    for event, elem in _events(archive, main):
        if event == "end" and local(elem.tag) == "sldId":
            ids += [value for key, value in elem.attrib.items() if local(key) == "id"
                    and key.startswith("{")]
    return ids


def _events(archive: zipfile.ZipFile, part: str) -> list[XmlEvent]:
    try:
        with open_member(archive, part) as stream:
            return list(iterparse_xml(stream))
    except Exception as error:
        raise part_error(part, error) or error from error


def _paragraphs(archive: zipfile.ZipFile, part: str) -> list[str]:
    """One line per a:p of a slide or notes part; slide-number placeholders left out."""
    lines: list[str] = []
    pieces: list[str] | None = None
    for event, elem in _events(archive, part):
        name = local(elem.tag)
        if event == "start":
            if name == "p" and elem.tag.endswith("/main}p"):  # a:p (p:p does not exist)
                pieces = []
            continue
        if pieces is None:
            continue
        if name == "t":
            pieces.append(elem.text or "")
        elif name == "br":
            pieces.append(" ")
        elif name == "p":
            lines.append(one_line("".join(pieces)))
            pieces = None
    return lines


def _texts(archive: zipfile.ZipFile, part: str) -> list[str]:
    """The text of each p:text element (a comment)."""
    events = _events(archive, part)
    return [one_line(elem.text or "") for event, elem in events
            if event == "end" and local(elem.tag) == "text"]


def _safe_core_title(archive: zipfile.ZipFile) -> str | None:
    try:
        return core_title(archive)
    except Exception:  # a title is a nicety: an unreadable property part never fails the text
        return None
