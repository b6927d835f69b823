"""`generate isa-report`: a unit's internal service audit report for one financial year.

Built with python-docx like the SAR (the tables grow with the checklist): the scope, the
auditor and dates, progress, a summary table (met / partly / not met / n/a per SQS), per SQS
the criteria with their result, evidence and observations, the recommendations, the
improvement plan items raised, anything persistently not met, and signature blocks for the
agency head and the chairperson of the governing board, who approve it (seed 000); their
approval is then recorded with `repo-tool approve` on the generated file. Recorded in
`records/<unit>/generated/ISA YYYY-YY.docx` (and `.pdf`), filed under SQS 6 like the SAR.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from docx.shared import Cm

from repo_tool.domain.isa import (
    FLAG,
    FLAG_ZH,
    REPORT_STEM,
    RESULT_TEXT,
    Audit,
    Persistent,
    audit,
    persistent,
)
from repo_tool.domain.performance import year_end, year_start
from repo_tool.generate._files import write_files
from repo_tool.generate._output import Generated, Output
from repo_tool.generate._tables import line, new_document, table
from repo_tool.models import Actor
from repo_tool.repository import Repository
from repo_tool.sqs import standard as sqs_standard

KIND = "internal service audit report"
SQS = 6
SHADE = "E8EEF4"


def _table(document: Any, headers: list[str], rows: list[list[str]],
           red: set[tuple[int, int]] | None = None, widths: list[float] | None = None) -> Any:
    return table(document, headers, rows, widths, font_pt=9, shade=SHADE, emphasis=red or set())


def _summary(document: Any, found: Audit) -> None:
    document.add_heading("一、摘要 Summary", level=1)
    rows, red = [], set()
    for number in sorted({c.sqs for c in found.checklist.criteria}):
        counts = found.counts(number)
        name = sqs_standard(number)
        total = len(found.checklist.of_sqs(number))
        done = sum(counts.values())
        rows.append([str(number), f"{name.name_zh}\n{name.name_en}", str(counts["met"]),
                     str(counts["partly"]), str(counts["not-met"]), str(counts["n/a"]),
                     f"{done}/{total}"])
        if counts["not-met"]:
            red.add((len(rows) - 1, 4))
    all_counts = found.counts()
    rows.append(["", "合計 Total", str(all_counts["met"]), str(all_counts["partly"]),
                 str(all_counts["not-met"]), str(all_counts["n/a"]),
                 f"{found.done}/{found.total}"])
    _table(document, ["SQS", "標準 Standard", "符合 Met", "部分 Partly", "未符合 Not met",
                      "不適用 N/A", "已審 Done"], rows, red)


def _criteria(document: Any, found: Audit) -> None:
    document.add_heading("二、各項準則 Criteria by SQS", level=1)
    by_id = found.by_criterion
    for number in sorted({c.sqs for c in found.checklist.criteria}):
        name = sqs_standard(number)
        document.add_heading(f"SQS {number} {name.name_zh} {name.name_en}", level=2)
        rows, red = [], set()
        for criterion in found.checklist.of_sqs(number):
            finding = by_id.get(criterion.id)
            result = RESULT_TEXT[finding.result] if finding else "未審 not audited"
            evidence = "\n".join(e.label for e in finding.evidence) if finding else ""
            rows.append([criterion.id, f"{criterion.zh}\n{criterion.en}", result, evidence,
                         (finding.observation or "") if finding else ""])
            if finding is None or finding.result in ("not-met", "partly"):
                red.add((len(rows) - 1, 2))
        _table(document, ["準則 No.", "準則 Criterion", "結果 Result", "證據 Evidence",
                          "觀察 Observation"], rows, red)


def _recommendations(document: Any, found: Audit) -> None:
    document.add_heading("三、建議 Recommendations", level=1)
    rows = [[f.criterion, RESULT_TEXT[f.result], f.recommendation or ""]
            for f in sorted(found.findings, key=lambda f: (f.sqs, f.criterion))
            if f.recommendation]
    if not rows:
        document.add_paragraph("沒有建議 No recommendations were recorded.")
        return
    _table(document, ["準則 No.", "結果 Result", "建議 Recommendation"], rows)


def _plans(document: Any, found: Audit, as_of: date) -> None:
    document.add_heading("四、改善計劃 Improvement plan items raised", level=1)
    if not found.plans:
        document.add_paragraph("未有提出改善計劃 No improvement plan items were raised.")
        return
    rows = []
    for item, criterion in found.plans:
        state = f"已完成 done {item.done_on}" if item.done_on else (
            "逾期 overdue" if item.overdue(as_of) else "進行中 open")
        rows.append([f"#{item.id}", criterion, item.action, item.method, item.due.isoformat(),
                     item.owner, item.benefit, state])
    _table(document, ["編號 No.", "準則 No.", "行動 Action", "方法 Method", "限期 Deadline",
                      "負責人 Responsible", "預期效益 Expected benefit", "進度 Status"], rows)


def _persistent(document: Any, flagged: tuple[Persistent, ...]) -> None:
    if not flagged:
        return
    document.add_heading(f"{FLAG_ZH} {FLAG}", level=2)
    rows = [[p.code, ", ".join(f"{y}-{(y + 1) % 100:02d}" for y in p.years)] for p in flagged]
    _table(document, ["項目 Item", "未符合年度 Years not met"], rows,
           {(i, 0) for i in range(len(rows))})


def _signatures(document: Any, head: str | None, chair: str | None) -> None:
    document.add_heading("五、批核 Approval", level=1)
    rows = [[role, name or "", "", ""] for role, name in (
        ("機構總幹事\nAgency head", head),
        ("管治委員會主席\nChairperson of the governing board", chair))]
    signed = _table(document, ["職務 Role", "姓名 Name", "簽署 Signature", "日期 Date"], rows,
                    widths=[5.6, 3.6, 4.4, 3.4])
    for row in signed.rows[1:]:
        row.height = Cm(1.6)


def build_isa_report(found: Audit, flagged: tuple[Persistent, ...],
                     organisation: tuple[str, str], as_of: date, dest: Path, *,
                     head: str | None = None, chair: str | None = None) -> Path:
    """Write the report .docx to `dest`."""
    document = new_document()
    document.add_paragraph(f"{organisation[0]} {organisation[1]}")
    document.add_heading(f"內部服務審查報告 Internal Service Audit Report {found.label}", level=0)
    year = found.row.year
    line(document, "服務單位 Unit: ", f"{found.name_zh} {found.name_en} ({found.row.unit})")
    line(document, "審查範圍 Scope: ", f"{found.label} 年度 financial year ({year_start(year)} "
         f"至 to {year_end(year)}); {found.total} 項準則 criteria of the 16 SQSs")
    line(document, "審查員 Auditor: ", found.row.auditor)
    findings = sorted(f.found_on for f in found.findings)
    span = f"{findings[0]} – {findings[-1]}" if findings else "—"
    line(document, "日期 Dates: ", f"開始 started {found.row.started_on}; 審查 findings {span}; "
         f"報告 report {as_of}")
    line(document, "進度 Progress: ", f"{found.done}/{found.total} 項已審 {found.progress}")
    line(document, "檢核表 Checklist: ", "; ".join(found.checklist.sources))
    _summary(document, found)
    _persistent(document, flagged)
    _criteria(document, found)
    _recommendations(document, found)
    _plans(document, found, as_of)
    _signatures(document, head, chair)
    document.save(str(dest))
    return dest


def generate_isa_report(repo: Repository, unit: str, *, actor: Actor, output: Output,
                        year: int, today: date | None = None, head: str | None = None,
                        chair: str | None = None) -> list[Generated]:
    """The unit's internal service audit report of `year` as .docx (and PDF on request)."""
    on = today or date.today()
    found = audit(repo, unit, year)
    flagged = persistent(repo, unit, year, on)
    remarks = () if found.done == found.total else \
        (f"the audit is not finished: {found.progress}",)
    return write_files(
        repo, unit, f"{REPORT_STEM} {found.label}", output, kind=KIND, actor=actor,
        docx=lambda path: build_isa_report(found, flagged, (repo.config.name_zh,
                                                            repo.config.name_en), on, path,
                                           head=head, chair=chair),
        notes=(f"audit #{found.row.id}: {found.progress}", f"{len(found.plans)} plan items"),
        sqs=SQS, remarks=remarks)
