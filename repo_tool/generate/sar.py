"""`generate sar`: a unit's Self Assessment Report for one financial year, as a Word document.

Seed 000: by mid-May every unit reports on its Essential Service Requirements, the 16 SQSs and
its Output and Outcome Standards, with an improvement plan for anything not met. The report is
built with python-docx (its tables grow with the unit's standards, which a fixed template would
not): bilingual headings; the ESR table; the SQS table from `status` and the review log; the
OS/OC table with agreed level, figures by period, the year's figure and met / not met; a trend
chart per OS/OC (PNG drawn by `trend_chart`); the improvement plan for each item not met or at
risk; signature blocks. With `--pdf` LibreOffice converts it. Both files are recorded in
`records/<unit>/generated/` with a note naming the standards file version and the figures used.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from docx import Document
from docx.shared import Cm

from repo_tool.domain.head_office import HEAD_OFFICE, paper_notes
from repo_tool.domain.isa import FLAG_ZH, Audit, Persistent, audits, persistent
from repo_tool.domain.performance import (
    VERDICT_ZH,
    Assessment,
    YearReport,
    sar_deadline,
    year_end,
    year_label,
    year_report,
    year_start,
)
from repo_tool.domain.reviews import Filters, reviews
from repo_tool.domain.status import SqsStatus, status
from repo_tool.generate._files import write_files
from repo_tool.generate._output import Generated, Output
from repo_tool.generate._tables import NOT_MET_RED, table
from repo_tool.generate._word import use_cjk_font
from repo_tool.generate.trend_chart import layout, to_png
from repo_tool.models import Actor
from repo_tool.repository import Repository
from repo_tool.sqs import ranges

KIND = "SAR"
SQS = 6  # planning, evaluation and feedback: the SAR is the unit's yearly evaluation
NO_PLAN = "未訂改善計劃 no improvement plan recorded"
HEADER_SHADE = "E8EEF4"


@dataclass(frozen=True)
class IsaPart:
    """The internal service audit of the SAR's year, and what is persistently not met."""

    label: str
    audit: Audit | None
    persistent: tuple[Persistent, ...]


def isa_part(repo: Repository, unit: str, year: int, today: date) -> IsaPart:
    found = audits(repo, unit)
    return IsaPart(year_label(year), next((a for a in found if a.row.year == year), None),
                   persistent(repo, unit, year, today))


@dataclass(frozen=True)
class SqsResult:
    """One SQS in the SAR: met by the same rule as `status` (no gaps, review current)."""

    row: SqsStatus
    reviews_in_year: int

    @property
    def met(self) -> bool:
        return self.row.met


def verdict_text(found: Assessment) -> str:
    return f"{VERDICT_ZH[found.verdict]} {found.verdict}"


def sqs_results(repo: Repository, unit: str, year: int, today: date) -> list[SqsResult]:
    """The 16 SQSs as `status` sees them today, with the reviews recorded during the year."""
    rows = status(repo, unit, today)[0].rows
    def in_year(who: str) -> Counter[int]:
        return Counter(r.sqs for r in reviews(repo, Filters(unit=who, since=year_start(year),
                                                             until=year_end(year))))

    counted = in_year(unit)
    agency = in_year(HEAD_OFFICE) if any(row.head_office for row in rows) else Counter()
    # an SQS standing on the head office's policies counts the head office's reviews too
    return [SqsResult(row, counted[row.sqs] + (agency[row.sqs] if row.head_office else 0))
            for row in rows]


# -- the document ---------------------------------------------------------------------------


def _table(document: Any, headers: list[str], rows: list[list[str]],
           red: set[tuple[int, int]] | None = None, widths: list[float] | None = None) -> Any:
    """The SAR's tables: shaded header, 9 pt, columns as wide as their words need."""
    return table(document, headers, rows, widths, font_pt=9, shade=HEADER_SHADE,
                 emphasis=red or set())


def _remarks(found: Assessment) -> str:
    parts = []
    shorts = ", ".join(p.short for p in found.below)
    if found.standard.is_esr and found.below:
        parts.append(f"未符合期間 not met in {shorts}")
    elif found.met_on_year_only:
        parts.append(f"{shorts} 低於水平，以全年計符合 below the level; met on the year's "
                     f"{found.standard.aggregate}")
    elif found.verdict == "at risk" and found.projected is not None:
        parts.append(f"預計 projected {found.standard.amount(found.projected)}")
    if found.missing:
        parts.append("欠數字 missing: " + ", ".join(p.code for p in found.missing))
    if not found.complete and found.figures:
        parts.append("年度未完 year not over")
    return "\n".join(parts)


def _esr_section(document: Any, report: YearReport) -> None:
    document.add_heading("一、基本服務規定 Essential Service Requirements (ESRs)", level=1)
    esrs = [a for a in report.assessments if a.standard.is_esr]
    if not esrs:
        document.add_paragraph("未有列出基本服務規定 No ESRs are listed in "
                               f"{report.standards_path}.")
        return
    rows = [[a.standard.code, f"{a.standard.name_zh}\n{a.standard.name_en}", verdict_text(a),
             _remarks(a)] for a in esrs]
    red = {(i, 2) for i, a in enumerate(esrs) if a.needs_plan}
    _table(document, ["編號 Code", "規定 Requirement", "結果 Result", "備註 Remarks"], rows,
           red)


def _sqs_section(document: Any, results: list[SqsResult], today: date) -> None:
    document.add_heading("二、服務質素標準 Service Quality Standards (SQSs)", level=1)
    document.add_paragraph(f"依據截至 {today.isoformat()} 的政策、紀錄及檢討紀錄 (repo-tool "
                           "status)。From the policies, records and review log as of "
                           f"{today.isoformat()}.")
    rows = []
    red = set()
    for i, result in enumerate(results):
        row = result.row
        rows.append([str(row.sqs), f"{row.name_zh}\n{row.name_en}", str(result.reviews_in_year),
                     row.last_review.isoformat() if row.last_review else "—",
                     "符合 met" if result.met else "未符合 not met",
                     "; ".join(row.gaps + paper_notes(row.head_office,
                                                      row.reviewed_by_head_office))])
        if not result.met:
            red.add((i, 4))
    _table(document, ["SQS", "標準 Standard", "本年度檢討 Reviews in year",
                      "最近檢討 Last review", "結果 Result", "備註 Gaps"], rows, red)


def _red(document: Any, text: str) -> None:
    run = document.add_paragraph().add_run(text)
    run.bold = True
    run.font.color.rgb = NOT_MET_RED


def _isa_section(document: Any, isa: IsaPart) -> None:
    """The internal service audit: its summary, the approved report, what persists."""
    document.add_heading("內部服務審查 Internal service audit", level=1)
    found = isa.audit
    if found is None:
        _red(document, f"未有內部服務審查 No internal service audit of {isa.label} is recorded.")
    else:
        counts = found.counts()
        document.add_paragraph(
            f"審查員 Auditor: {found.row.auditor}; 開始 started {found.row.started_on}; "
            f"{found.done}/{found.total} 項準則已審 criteria judged: {counts['met']} 符合 met, "
            f"{counts['partly']} 部分符合 partly, {counts['not-met']} 未符合 not met, "
            f"{counts['n/a']} 不適用 n/a")
        rows, red = [], set()
        for number in sorted({f.sqs for f in found.findings}):
            c = found.counts(number)
            rows.append([str(number), str(c["met"]), str(c["partly"]), str(c["not-met"]),
                         str(c["n/a"])])
            if c["not-met"]:
                red.add((len(rows) - 1, 3))
        if rows:
            _table(document, ["SQS", "符合 Met", "部分 Partly", "未符合 Not met",
                              "不適用 N/A"], rows, red)
    report = found.report if found else None
    if report is not None and report.approved:
        document.add_paragraph(f"已核准報告 Approved report: {report.path} v{report.version}, "
                               f"批核 approved by {report.approvers}")
    else:
        _red(document, f"未有已核准的內部服務審查報告 No approved internal service audit report "
             f"for {isa.label}" + (f" ({report.path} v{report.version} is not approved)"
                                   if report else ""))
    for flag in isa.persistent:
        _red(document, f"{FLAG_ZH}: {flag.text}")


def _figures_text(found: Assessment) -> str:
    by_period = {f.period: f for f in found.figures}
    return "\n".join(f"{p.short}: " + (found.standard.amount(by_period[p].value)
                                       if p in by_period else "—") for p in found.periods)


def _os_oc_section(document: Any, report: YearReport, charts: Path) -> None:
    document.add_heading("三、服務量標準及服務成效標準 Output and Outcome Standards (OSs/OCs)",
                         level=1)
    numeric = [a for a in report.assessments if not a.standard.is_esr]
    if not numeric:
        document.add_paragraph(f"未有列出 None are listed in {report.standards_path}.")
        return
    rows = []
    for a in numeric:
        s = a.standard
        rows.append([s.code, f"{s.name_zh}\n{s.name_en}", s.level_text,
                     _figures_text(a), s.amount(a.actual) if a.actual is not None else "—",
                     verdict_text(a), _remarks(a)])
    red = {(i, 5) for i, a in enumerate(numeric) if a.needs_plan}
    _table(document, ["編號 Code", "指標 Indicator", "議定水平 Agreed level",
                      "各期數字 By period", "全年 Actual", "結果 Result", "備註 Remarks"], rows,
           red)
    document.add_heading("趨勢圖 Trend charts", level=2)
    for a in numeric:
        if not a.figures:
            continue
        caption = document.add_paragraph(f"{a.standard.code} {a.standard.name_zh} "
                                         f"{a.standard.name_en}")
        caption.paragraph_format.keep_with_next = True
        png = to_png(layout(a), charts / f"{a.standard.code}.png")
        document.add_picture(str(png), width=Cm(15.5))


def _plan_section(document: Any, report: YearReport, results: list[SqsResult]) -> None:
    document.add_heading("四、改善計劃 Improvement plan", level=1)
    document.add_paragraph("未符合或有未達標風險的項目，每項列出行動、方法、限期、負責人及預期效益。"
                           "Each item not met or at risk, with its action, method, deadline, "
                           "person responsible and expected benefit.")
    items: list[tuple[str, str]] = [(a.standard.code, verdict_text(a))
                                    for a in report.assessments if a.needs_plan]
    items += [(f"SQS{r.row.sqs}", "未符合 not met") for r in results if not r.met]
    if not items:
        document.add_paragraph("所有項目均已符合，毋須改善計劃。Every item is met; no improvement "
                               "plan is needed.")
        return
    rows: list[list[str]] = []
    red = set()
    unplanned_sqs: list[int] = []
    for code, verdict in items:
        plans = report.plans_for(code)
        if not plans and code.startswith("SQS"):
            unplanned_sqs.append(int(code[3:]))
            continue
        if not plans:
            red.add((len(rows), 2))
            rows.append([code, verdict, NO_PLAN, "", "", "", "", ""])
        for plan in plans:
            state = f"已完成 done {plan.done_on}" if plan.done_on else (
                "逾期 overdue" if plan.overdue(report.as_of) else "進行中 open")
            rows.append([code, verdict, plan.action, plan.method, plan.due.isoformat(),
                         plan.owner, plan.benefit, state])
    if unplanned_sqs:  # one row, not sixteen, for a unit whose SQS evidence is not filed yet
        red.add((len(rows), 2))
        rows.append([f"SQS {ranges(unplanned_sqs)}", "未符合 not met", NO_PLAN, "", "", "", "",
                     ""])
    _table(document, ["項目 Item", "結果 Result", "行動 Action", "方法 Method",
                      "限期 Deadline", "負責人 Responsible", "預期效益 Expected benefit",
                      "進度 Status"], rows, red)


def _signatures(document: Any, prepared_by: str | None, head: str | None,
                chair: str | None) -> None:
    document.add_heading("五、簽署 Signatures", level=1)
    rows = [[role, name or "", "", ""] for role, name in (
        ("擬備：單位主管\nPrepared by: unit in-charge", prepared_by),
        ("批核：機構總幹事\nApproved by: agency head", head),
        ("批核：管治委員會主席\nApproved by: chairperson of the governing board", chair))]
    signed = _table(document, ["職務 Role", "姓名 Name", "簽署 Signature", "日期 Date"], rows,
                    widths=[5.6, 3.6, 4.4, 3.4])  # room to sign, whatever the names
    for row in signed.rows[1:]:
        row.height = Cm(1.6)


def build_sar(report: YearReport, results: list[SqsResult], organisation: tuple[str, str],
              deadline: date, dest: Path, *, prepared_by: str | None = None,
              head: str | None = None, chair: str | None = None,
              isa: IsaPart | None = None) -> Path:
    """Write the SAR .docx to `dest`."""
    document = Document()
    use_cjk_font(document)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    section.top_margin = section.bottom_margin = Cm(1.8)
    document.add_paragraph(f"{organisation[0]} {organisation[1]}")
    document.add_heading(f"自我評估報告 Self Assessment Report {report.label}", level=0)
    document.add_paragraph(
        f"服務單位 Unit: {report.name_zh} {report.name_en} ({report.unit})\n"
        f"報告年度 Reporting year: {report.label} ({year_start(report.year)} 至 to "
        f"{year_end(report.year)})\n"
        f"呈交限期 Due by: {deadline.isoformat()}\n"
        f"資料截至 Figures as of: {report.as_of.isoformat()}; 標準 Standards: "
        f"{report.standards_path}")
    numeric = [a for a in report.assessments if not a.standard.is_esr]
    esr = [a for a in report.assessments if a.standard.is_esr]
    document.add_paragraph(
        f"摘要 Summary: ESR {sum(a.verdict == 'met' for a in esr)}/{len(esr)} 符合 met; "
        f"SQS {sum(r.met for r in results)}/{len(results)} 符合 met; OS/OC "
        f"{sum(a.verdict == 'met' for a in numeric)}/{len(numeric)} 符合 met")
    _esr_section(document, report)
    _sqs_section(document, results, report.as_of)
    if isa is not None:
        _isa_section(document, isa)
    with tempfile.TemporaryDirectory(prefix="repo-tool-sar-") as charts:
        _os_oc_section(document, report, Path(charts))
        _plan_section(document, report, results)
        _signatures(document, prepared_by, head, chair)
        document.save(str(dest))
    return dest


def generate_sar(repo: Repository, unit: str, *, actor: Actor, output: Output, year: int,
                 today: date | None = None, prepared_by: str | None = None,
                 head: str | None = None, chair: str | None = None) -> list[Generated]:
    """The unit's SAR for the financial year `year` as a .docx (and a PDF when `output` asks),
    recorded with the standards file version and filed under SQS 6 unless `output` says not.
    """
    on = today or date.today()
    report = year_report(repo, unit, year, on)
    results = sqs_results(repo, unit, report.year, on)
    figures = sum(len(a.figures) for a in report.assessments)
    isa = isa_part(repo, unit, report.year, on)
    return write_files(
        repo, unit, f"SAR {report.label}", output, kind=KIND, actor=actor,
        docx=lambda path: build_sar(report, results, (repo.config.name_zh, repo.config.name_en),
                                    sar_deadline(repo.config.sar, report.year), path,
                                    prepared_by=prepared_by, head=head, chair=chair, isa=isa),
        inputs=(report.standards_path,),
        notes=(f"{figures} figures of {report.label} as of {on.isoformat()}",
               f"{len(report.plans)} plan items"), sqs=SQS)
