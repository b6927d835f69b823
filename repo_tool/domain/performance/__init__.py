"""Performance standards (ESR, OS, OC), their statistics, improvement plans and SAR alerts.

The public surface; helper modules start with `_`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from repo_tool.lazy import lazy_exports

if TYPE_CHECKING:
    from repo_tool.domain.performance._assess import (
        VERDICT_ZH,
        Assessment,
        Figure,
        Verdict,
        assess,
        assess_all,
    )
    from repo_tool.domain.performance._periods import (
        FREQUENCIES,
        Period,
        parse_period,
        parse_year,
        periods_of,
        year_end,
        year_label,
        year_of,
        year_start,
    )
    from repo_tool.domain.performance._plans import add_plan, finish_plan, plans
    from repo_tool.domain.performance._report import (
        YearReport,
        alerts,
        build_report,
        next_sar,
        sar_deadline,
        year_report,
    )
    from repo_tool.domain.performance._return_files import COLUMNS as RETURN_COLUMNS
    from repo_tool.domain.performance._return_files import FORMATS as RETURN_FORMATS
    from repo_tool.domain.performance._return_files import return_cells
    from repo_tool.domain.performance._returns import (
        ReturnDue,
        ReturnRow,
        StatsReturn,
        build_return,
        due_from,
        returns_due,
    )
    from repo_tool.domain.performance._standards import (
        KIND_NAMES,
        STANDARDS_NAME,
        Standard,
        Standards,
        has_standards,
        load_standards,
        parse_standards,
    )
    from repo_tool.domain.performance._stats import Entry, describe, import_figures, record_figure
    from repo_tool.domain.performance._submit import (
        RETURNS_FOLDER,
        MadeReturn,
        ReturnsOverview,
        make_return,
        returns_overview,
        submit_return,
    )

__all__ = ["FREQUENCIES", "KIND_NAMES", "STANDARDS_NAME", "VERDICT_ZH", "Assessment", "Entry",
           "Figure", "Period", "Standard", "Standards", "Verdict", "YearReport", "add_plan",
           "alerts", "assess", "assess_all", "build_report", "describe", "finish_plan",
           "has_standards", "import_figures", "load_standards", "next_sar", "parse_period",
           "parse_standards", "parse_year", "periods_of", "plans", "record_figure",
           "sar_deadline", "year_end", "year_label", "year_of", "year_report", "year_start"]
__all__ += ["RETURNS_FOLDER", "RETURN_COLUMNS", "RETURN_FORMATS", "MadeReturn", "ReturnDue",
            "ReturnRow", "ReturnsOverview", "StatsReturn", "build_return", "due_from",
            "make_return", "return_cells", "returns_due", "returns_overview", "submit_return"]

# Each name loads from its submodule when first used (`status` reads the alerts only).
_LAZY = {"VERDICT_ZH": "_assess", "Assessment": "_assess", "Figure": "_assess",
         "Verdict": "_assess", "assess": "_assess", "assess_all": "_assess",
         "FREQUENCIES": "_periods", "Period": "_periods", "parse_period": "_periods",
         "parse_year": "_periods", "periods_of": "_periods", "year_end": "_periods",
         "year_label": "_periods", "year_of": "_periods", "year_start": "_periods",
         "add_plan": "_plans", "finish_plan": "_plans", "plans": "_plans",
         "YearReport": "_report", "alerts": "_report", "build_report": "_report",
         "next_sar": "_report", "sar_deadline": "_report", "year_report": "_report",
         "RETURN_COLUMNS": "_return_files:COLUMNS", "RETURN_FORMATS": "_return_files:FORMATS",
         "return_cells": "_return_files", "ReturnDue": "_returns", "ReturnRow": "_returns",
         "StatsReturn": "_returns", "build_return": "_returns", "due_from": "_returns",
         "returns_due": "_returns", "KIND_NAMES": "_standards", "STANDARDS_NAME": "_standards",
         "Standard": "_standards", "Standards": "_standards", "has_standards": "_standards",
         "load_standards": "_standards", "parse_standards": "_standards", "Entry": "_stats",
         "describe": "_stats", "import_figures": "_stats", "record_figure": "_stats",
         "RETURNS_FOLDER": "_submit", "MadeReturn": "_submit", "ReturnsOverview": "_submit",
         "make_return": "_submit", "returns_overview": "_submit", "submit_return": "_submit"}
__getattr__ = lazy_exports(__name__, _LAZY)
