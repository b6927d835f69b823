"""A statistics return as a file: CSV for any program, .xlsx for Excel (through openpyxl).

One header row of plain column names (the same in both formats, so SPMIS or a script can read
either) and one row per standard period. The CSV is UTF-8 with a byte-order mark, so that Excel
on a Hong Kong PC opens the Chinese names as Chinese, with Excel's CRLF line ends. In the .xlsx
figures and levels are numbers, the header is bold and frozen, and the sheet is named after the
period.
"""

from __future__ import annotations

import csv
import os
import tempfile
from datetime import datetime
from pathlib import Path

from repo_tool.domain.performance._returns import StatsReturn, number_text
from repo_tool.errors import InvalidInput

FORMATS = ("csv", "xlsx")
COLUMNS = ("unit", "unit_name_zh", "unit_name_en", "return_period", "period", "standard",
           "kind", "name_zh", "name_en", "figure", "measure", "level", "note")
_WIDTHS = (8, 28, 28, 13, 13, 9, 9, 36, 36, 9, 9, 8, 40)

Cell = str | float | int | None


def return_cells(found: StatsReturn) -> list[list[Cell]]:
    """The rows under the header, figures and levels as numbers (an ESR's figure as text)."""
    out: list[list[Cell]] = []
    for row in found.rows:
        s = row.standard
        figure: Cell = row.figure if s.is_esr or row.value is None else _number(row.value)
        out.append([found.unit.code, found.unit.name_zh, found.unit.name_en, found.period.code,
                    row.period.code, s.code, s.kind, s.name_zh, s.name_en, figure, s.measure,
                    None if s.level is None else _number(s.level), row.note or ""])
    return out


def _number(value: float) -> int | float:
    return int(value) if value == int(value) else value


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    return number_text(cell) if isinstance(cell, int | float) else cell


def return_format(given: str | None, out: Path | None) -> str:
    """`--format`, else the suffix of `-o FILE` when it is .csv or .xlsx, else csv."""
    suffix = out.suffix.lstrip(".").lower() if out is not None and not out.is_dir() else ""
    if given is None:
        return suffix if suffix in FORMATS else "csv"
    chosen = given.strip().lower()
    if chosen not in FORMATS:
        raise InvalidInput(f"'{given}' is not a format of a return; use csv or xlsx")
    if suffix in FORMATS and suffix != chosen:
        raise InvalidInput(f"-o {out} ends in .{suffix} but the format is {chosen}; give a "
                           f"file name ending in .{chosen}")
    return chosen


def _write_csv(found: StatsReturn, path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for cells in return_cells(found):
            writer.writerow([_text(c) for c in cells])


def _write_xlsx(found: StatsReturn, path: Path, at: datetime) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = found.period.code
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for cells in return_cells(found):
        sheet.append(cells)
    sheet.freeze_panes = "A2"
    sheet.page_setup.orientation = "landscape"  # printed: every column on one page's width
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    for index, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    book.properties.title = f"{found.unit.code} {found.period.code} statistics return"
    book.properties.creator = "repo-tool"
    book.properties.created = at
    book.save(path)


def write_return(found: StatsReturn, path: Path, fmt: str) -> None:
    """Write the return to `path` whole or not at all (a temporary file renamed into place)."""
    handle, temporary = tempfile.mkstemp(prefix=".repo-tool-", suffix=f".{fmt}",
                                         dir=path.parent)
    os.close(handle)
    work = Path(temporary)
    try:
        if fmt == "xlsx":
            _write_xlsx(found, work, datetime.now().replace(microsecond=0))
        else:
            _write_csv(found, work)
        os.replace(work, path)
    finally:
        work.unlink(missing_ok=True)
