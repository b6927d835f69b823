"""Excel 97-2003 .xls text, through xlrd: every sheet, one row per line, cells tab-separated.

As for .xlsx, a sheet starts with a line holding its name and cells give what is stored:
strings, numbers (42, not 42.0; number formats are not applied, so a date is its serial
number), TRUE/FALSE, and error cells left out. xlrd reads BIFF8 strings as Unicode (every
Chinese cell) and older BIFF5 files in the code page they declare. Chosen over LibreOffice
headless by measurement, as for .doc.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from repo_tool.extract._types import Extraction, failure, one_line, text_result

EXTRACTOR = "xls-xlrd"
KIND = "Excel 97-2003 .xls"


def extract_xls(path: Path) -> Extraction:
    """The text of an Excel 97-2003 .xls workbook."""
    import xlrd  # type: ignore[import-untyped, unused-ignore]

    try:
        with open(os.devnull, "w") as quiet:  # xlrd writes warnings to a log file object
            book = xlrd.open_workbook(str(path), logfile=quiet, on_demand=True,
                                      ragged_rows=True)
            try:
                lines = _lines(book)
            finally:
                book.release_resources()
    except xlrd.XLRDError as error:
        message = str(error)
        if "encrypt" in message.lower():
            return failure("encrypted", f"password-protected {KIND}: needs a password",
                           EXTRACTOR)
        return failure("corrupt", f"damaged {KIND} ({message}); the file is kept", EXTRACTOR)
    except Exception as error:  # xlrd meets damage as struct.error, IndexError, KeyError...
        return failure("corrupt", f"damaged {KIND} ({type(error).__name__}: {error}); the "
                                  f"file is kept", EXTRACTOR)
    return text_result(lines, EXTRACTOR, f"the {KIND} has no cell values")


def _lines(book: Any) -> list[str]:
    lines: list[str] = []
    for index in range(book.nsheets):
        sheet = book.get_sheet(index)
        lines.append(one_line(sheet.name))
        for row in range(sheet.nrows):
            cells = [_cell(cell) for cell in sheet.row(row)]
            kept = [one_line(value).replace("\t", " ") for value in cells if value.strip()]
            if kept:
                lines.append("\t".join(kept))
        book.unload_sheet(index)
    return lines


def _cell(cell: Any) -> str:
    import xlrd

    kind, value = cell.ctype, cell.value
    if kind in (xlrd.XL_CELL_TEXT,):
        return str(value)
    if kind in (xlrd.XL_CELL_NUMBER, xlrd.XL_CELL_DATE):
        number = float(value)
        return str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)
    if kind == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if value else "FALSE"
    return ""
