"""The internal service audit (ISA): the checklist, audits and findings, years of not meeting.

The public surface; helper modules start with `_`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from repo_tool.lazy import lazy_exports

if TYPE_CHECKING:
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

# Each name loads from its submodule when first used (`status` reads the alerts only).
_LAZY = {"REPORT_STEM": "_audit", "RESULT_TEXT": "_audit", "RESULTS": "_audit", "Audit": "_audit",
         "ReportState": "_audit", "audit": "_audit", "audits": "_audit",
         "evidence_version": "_audit", "parse_result": "_audit", "raise_plan": "_audit",
         "record_finding": "_audit", "report_state": "_audit", "start_audit": "_audit",
         "CHECKLIST_NAME": "_checklist", "Checklist": "_checklist", "Criterion": "_checklist",
         "load_checklist": "_checklist", "parse_checklist": "_checklist", "FLAG": "_persist",
         "FLAG_ZH": "_persist", "Persistent": "_persist", "alerts": "_persist",
         "not_met_codes": "_persist", "persistent": "_persist", "runs": "_persist"}
__getattr__ = lazy_exports(__name__, _LAZY)
