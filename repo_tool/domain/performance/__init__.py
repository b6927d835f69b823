"""Performance standards (ESR, OS, OC), their statistics, improvement plans and SAR alerts.

The public surface; helper modules start with `_`.
"""

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
