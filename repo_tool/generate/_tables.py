"""Plain A4 documents of a heading, a few lines and one table, built with python-docx.

The acknowledgement sheet and the changes report are tables of catalog data whose rows vary in
number, so they are built in code rather than from a docxtpl template; the text is set in the
CJK font of `_word`, so Chinese prints in Word, LibreOffice and the PDF alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from docx.shared import Cm, Pt

from repo_tool.generate._word import use_cjk_font

A4 = (Cm(21.0), Cm(29.7))


def new_document(landscape: bool = False) -> Any:
    """An empty A4 document (portrait or landscape) with 1.8 cm margins and the CJK font."""
    document = Document()
    use_cjk_font(document)
    document.styles["Normal"].font.size = Pt(10.5)
    section = document.sections[0]
    width, height = A4
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = width, height
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.8))
    return document


def heading(document: Any, text: str, size: float = 16) -> None:
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(size)


def line(document: Any, label: str, value: str) -> None:
    """`label value` with the label in bold."""
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(2)
    paragraph.add_run(label).bold = True
    paragraph.add_run(value)


def _repeat_header(row: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    properties.append(flag)


def table(document: Any, headers: Sequence[str], rows: Sequence[Sequence[str]],
          widths_cm: Sequence[float], row_height_cm: float | None = None,
          font_pt: float = 10.5) -> Any:
    """A grid table with a bold header row that repeats on every page."""
    grid = document.add_table(rows=1, cols=len(headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    for cell, text in zip(grid.rows[0].cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    _repeat_header(grid.rows[0])
    for values in rows:
        cells = grid.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    for row in grid.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(font_pt)
    if row_height_cm is not None:
        for row in grid.rows[1:]:
            row.height = Cm(row_height_cm)
    for column, width in zip(grid.columns, widths_cm, strict=True):
        column.width = Cm(width)  # the grid LibreOffice lays out by
        for cell in column.cells:  # and the cell widths Word uses
            cell.width = Cm(width)
    return grid


def save(document: Any, path: Path) -> Path:
    document.save(str(path))
    return path
