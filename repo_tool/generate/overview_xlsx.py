"""The head office's overview as an Excel workbook (`overview -o FILE.xlsx`, issue 22).

One row per unit under a bilingual header that stays in view (frozen) with Excel's filters on
it; columns wide enough for their headers; counts coloured by what they mean (red: overdue or
not met; amber: due soon or at risk; green: all clear). A second sheet says the day it was
judged on and what each column counts. Written through openpyxl to a temporary file and renamed
into place, so a reader never sees half a workbook; an existing file is kept unless `force`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from repo_tool.domain.overview import UnitOverview
from repo_tool.errors import Conflict, InvalidInput

# (field, zh-HK header, English header, colour rule)
COLUMNS: tuple[tuple[str, str, str, str], ...] = (
    ("unit", "單位", "Unit", ""),
    ("name_zh", "單位名稱", "Name (Chinese)", ""),
    ("name_en", "英文名稱", "Name (English)", ""),
    ("sqs_ok", "SQS 妥當", "SQS ok", "good"),
    ("sqs_due_soon", "SQS 即將到期", "SQS due soon", "warn"),
    ("sqs_overdue", "SQS 逾期", "SQS overdue", "bad"),
    ("sqs_no_evidence", "SQS 未有證據", "SQS no evidence", "bad"),
    ("reviews_overdue", "逾期檢討", "Reviews overdue", "bad"),
    ("standards_met", "標準 符合", "Standards met", "good"),
    ("standards_at_risk", "標準 有風險", "Standards at risk", "warn"),
    ("standards_not_met", "標準 未符合", "Standards not met", "bad"),
    ("persistently_not_met", "持續未符合", "Persistently not met", "bad"),
    ("returns_not_submitted", "未提交統計表", "Returns not submitted", "bad"),
    ("plans_overdue", "逾期改善計劃", "Plan items overdue", "bad"),
    ("pledges_flagged", "服務承諾待跟進", "Pledges flagged", "warn"),
    ("last_visit", "上次評估探訪", "Last visit", ""),
    ("sar_deadline", "自我評估報告限期", "SAR deadline", ""),
    ("sar_days", "距限期日數", "Days to the SAR deadline", "days"),
)
_FILL = {"bad": PatternFill("solid", fgColor="F8D0D0"), "warn": PatternFill("solid",
                                                                            fgColor="FCEBC0"),
         "good": PatternFill("solid", fgColor="D6EFD6")}
_HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
_SOON_DAYS = 30


def _fill(rule: str, value: object) -> PatternFill | None:
    if rule == "days":
        if not isinstance(value, int):
            return None
        return _FILL["bad"] if value <= _SOON_DAYS // 2 else (
            _FILL["warn"] if value <= _SOON_DAYS else None)
    if not rule or not isinstance(value, int) or value == 0:
        return None
    return _FILL[rule]


def write_overview(rows: Sequence[UnitOverview], path: Path, as_of: date,
                   force: bool = False) -> Path:
    """Write the rows to `path` (.xlsx) and return it."""
    if path.suffix.lower() != ".xlsx":
        raise InvalidInput(f"'{path.name}' does not end in .xlsx; the overview is an Excel "
                           "workbook, e.g. -o overview.xlsx")
    if path.exists() and not force:
        raise Conflict(f"{path} already exists; give another name or --force to replace it")
    if not path.parent.is_dir():
        raise InvalidInput(f"the folder {path.parent} does not exist")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "概覽 Overview"
    bold = Font(bold=True)
    for index, (_, zh, en, _rule) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=f"{zh}\n{en}")
        cell.font, cell.fill = bold, _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        widest = max(len(zh) * 2, len(en))  # a Chinese character is two columns wide
        sheet.column_dimensions[get_column_letter(index)].width = min(max(widest + 2, 8), 40)
    for r, row in enumerate(rows, start=2):
        for c, (field, _, _, rule) in enumerate(COLUMNS, start=1):
            value = getattr(row, field)
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            fill = _fill(rule, value)
            if fill is not None:
                cell.fill = fill
    sheet.column_dimensions["B"].width = 24
    sheet.column_dimensions["C"].width = 32
    sheet.row_dimensions[1].height = 32
    sheet.freeze_panes = "B2"
    last = get_column_letter(len(COLUMNS))
    sheet.auto_filter.ref = f"A1:{last}{max(len(rows) + 1, 1)}"
    # printed for a meeting: A4 landscape, every column on the page, the header on each page
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.print_title_rows = "1:1"
    about = book.create_sheet("說明 About")
    about.append(["截至 As of", as_of])
    about.cell(row=1, column=2).number_format = "yyyy-mm-dd"
    about.append(["單位數目 Units", len(rows)])
    about.append([])
    about.append(["欄 Column", "說明 What it counts"])
    for _, zh, en, _rule in COLUMNS:
        about.append([f"{zh} {en}", _ABOUT.get(en, "")])
    about.column_dimensions["A"].width = 40
    about.column_dimensions["B"].width = 90
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        book.save(temp)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    return path


_ABOUT = {
    "SQS ok": "SQSs reviewed in time with evidence (repo-tool status)",
    "SQS due soon": "SQSs whose review window opens within 90 days (status)",
    "SQS overdue": "SQSs whose review is past its deadline (status)",
    "SQS no evidence": "SQSs with no current document or never reviewed (status)",
    "Reviews overdue": "SQS 2 reviews past their deadline (review due)",
    "Standards met": "ESR/OS/OC met this financial year (stats show)",
    "Standards at risk": "trending below the agreed level (stats show)",
    "Standards not met": "below the agreed level for the year (stats show)",
    "Persistently not met": "not met this year and the year before (stats show, isa)",
    "Returns not submitted": "statistics returns due and not submitted (stats return)",
    "Plan items overdue": "improvement plan items past their deadline (plan list --overdue)",
    "Pledges flagged": "pledges not reviewed or results not published on time",
    "Last visit": "the last assessment visit recorded (visit list)",
    "SAR deadline": "the next Self Assessment Report deadline",
    "Days to the SAR deadline": "days from the as-of date to that deadline",
}
