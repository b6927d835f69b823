"""The internal service audit (ISA): the checklist, audits and findings, years of not meeting.

The public surface; helper modules start with `_`.
"""

from repo_tool.domain.isa._audit import (
    REPORT_STEM,
    RESULT_TEXT,
    RESULTS,
    Audit,
    ReportState,
    audit,
    audits,
    evidence_version,
    parse_result,
    raise_plan,
    record_finding,
    report_state,
    start_audit,
)
from repo_tool.domain.isa._checklist import (
    CHECKLIST_NAME,
    Checklist,
    Criterion,
    load_checklist,
    parse_checklist,
)
from repo_tool.domain.isa._persist import (
    FLAG,
    FLAG_ZH,
    Persistent,
    alerts,
    not_met_codes,
    persistent,
    runs,
)

__all__ = ["CHECKLIST_NAME", "FLAG", "FLAG_ZH", "REPORT_STEM", "RESULTS", "RESULT_TEXT", "Audit",
           "Checklist", "Criterion", "Persistent", "ReportState", "alerts", "audit", "audits",
           "evidence_version", "load_checklist", "not_met_codes", "parse_checklist",
           "parse_result", "persistent", "raise_plan", "record_finding", "report_state", "runs",
           "start_audit"]
