"""Plain A4 documents of a heading, a few lines and one table, built with python-docx.

The acknowledgement sheet, the changes report, the SAR and the pack cover are tables of catalog
data whose rows vary in number, so they are built in code rather than from a docxtpl template;
the text is set in the CJK font of `_word`, so Chinese prints in Word, LibreOffice and the PDF
alike, and the columns are as wide as their words need (`_columns`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from docx.shared import Cm, Pt, RGBColor

from repo_tool.generate._columns import widths_cm as widths_from_content
from repo_tool.generate._word import use_cjk_font

A4 = (Cm(21.0), Cm(29.7))
CM = Cm(1)
NOT_MET_RED = RGBColor(0xB0, 0x2A, 0x2A)


@dataclass(frozen=True)
class Run:
    """Part of a cell's text with its own look: bold, or struck through (what was removed)."""

    text: str
    bold: bool = False
    strike: bool = False


Cell = str | Sequence[Run]


def plain(value: Cell) -> str:
    """A cell's text without its looks."""
    return value if isinstance(value, str) else "".join(run.text for run in value)


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


def _row_flag(row: Any, name: str) -> None:
    """`w:cantSplit` (the row stays on one page) or `w:tblHeader` (repeats on every page)."""
    flag = OxmlElement(name)
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def text_width_cm(document: Any) -> float:
    """The width between the margins of the document's last section, in cm."""
    section = document.sections[-1]
    return float((section.page_width - section.left_margin - section.right_margin) / CM)


def table(document: Any, headers: Sequence[str], rows: Sequence[Sequence[Cell]],
          widths_cm: Sequence[float] | None = None, row_height_cm: float | None = None,
          font_pt: float = 10.5, *, shade: str | None = None,
          emphasis: Collection[tuple[int, int]] = (),
          emphasis_colour: RGBColor = NOT_MET_RED) -> Any:
    """A grid table with a bold header row that repeats on every page.

    Without `widths_cm` the columns share the text width by what they hold, so that no word
    breaks (`_columns`). A cell is a string or a sequence of `Run`s. `shade` fills the header
    cells (hex RGB); the cells at `emphasis` (row, column of `rows`) are bold in
    `emphasis_colour`.
    """
    if widths_cm is None:
        texts = [[plain(value) for value in values] for values in rows]
        widths_cm = widths_from_content(headers, texts, text_width_cm(document), font_pt)
    grid = document.add_table(rows=1, cols=len(headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False  # a fixed layout: the widths below, whatever the text
    for cell, text in zip(grid.rows[0].cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
        if shade:
            cell._tc.get_or_add_tcPr().append(_shading(shade))
    for r, values in enumerate(rows):
        cells = grid.add_row().cells
        for c, (cell, value) in enumerate(zip(cells, values, strict=True)):
            _fill(cell, value)
            if (r, c) in emphasis:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
                    run.font.color.rgb = emphasis_colour
    for row in grid.rows:
        _row_flag(row, "w:cantSplit")
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(font_pt)
    _row_flag(grid.rows[0], "w:tblHeader")  # after w:cantSplit, as the schema orders them
    if row_height_cm is not None:
        for row in grid.rows[1:]:
            row.height = Cm(row_height_cm)
    for column, width in zip(grid.columns, widths_cm, strict=True):
        column.width = Cm(width)  # the grid LibreOffice lays out by
        for cell in column.cells:  # and the cell widths Word uses
            cell.width = Cm(width)
    return grid


def _fill(cell: Any, value: Cell) -> None:
    if isinstance(value, str):
        cell.text = value
        return
    cell.text = ""
    for part in value:
        run = cell.paragraphs[0].add_run(part.text)  # a "\n" in the text is a line break
        run.bold = part.bold or None
        run.font.strike = part.strike or None


def _shading(fill: str) -> Any:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    return shading


def save(document: Any, path: Path) -> Path:
    document.save(str(path))
    return path
