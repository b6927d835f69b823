"""`generate pledge-notice`: a unit's performance pledges as an A4 notice and a web page.

Seed 002: a pledge is published as its target in words the public understands, beside its
results, with how it is monitored and how to give feedback or complain. The notice (服務承諾
Performance Pledges) is built with python-docx, since its table grows with the pledges: each
pledge's target in both languages, how it is checked, its latest result (period, figure,
達標 met / 未達標 not met), where and how often results are published, when the pledges were
last reviewed, and the enquiry and complaint channels from repo.yaml, signed with the unit's
name and 示. The same content as a small self-contained HTML page goes on the unit's website
(`_pledge_html`). Generating is publishing, so it is audited with the results it published,
even when the files go outside the repository.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from repo_tool.config import Unit
from repo_tool.domain.head_office import HEAD_OFFICE
from repo_tool.domain.pledges import PledgeReport, PledgeResult, period_zh, pledge_report
from repo_tool.errors import InvalidInput
from repo_tool.generate import _tables as doc
from repo_tool.generate._files import config_note, write_files
from repo_tool.generate._output import Generated, Output
from repo_tool.generate._pledge_html import Channels, notice_html
from repo_tool.generate._tables import NOT_MET_RED
from repo_tool.models import Actor
from repo_tool.repository import Repository

FORMATS = ("docx", "pdf", "html")
KIND = "pledge notice"
STEM = "pledge-notice"
SQS = 1  # service information: what the unit pledges and how it does
HEADERS = ["編號\nNo.", "服務承諾\nOur pledge", "監察方法\nHow we check",
           "最新成果\nLatest result"]
WIDTHS_CM = [1.3, 5.9, 5.3, 4.9]
INTRO = ("本單位致力提供優質服務，並向服務使用者及公眾作出以下承諾：",
         "We are committed to quality service and make these pledges to our service users "
         "and the public:")


def channels(repo: Repository, unit: Unit) -> Channels:
    """The enquiry phone and email of the unit, and its complaints channel (the head
    office's when the unit names none); a clear error when there is no way to reach it."""
    if not unit.phone and not unit.email:
        raise InvalidInput(f"unit '{unit.code}' has no enquiry phone or email: add `phone: "
                           "\"2345 6789\"` (or `email:`) to the unit in repo.yaml")
    complaints = unit.complaints
    if complaints is None and unit.code != HEAD_OFFICE and repo.config.has_unit(HEAD_OFFICE):
        complaints = repo.config.unit(HEAD_OFFICE).complaints
    return Channels(unit.phone, unit.email, complaints)


def result_cell(result: PledgeResult) -> list[doc.Run]:
    """`2026-27年度第2季（…）\\n2026-27-Q2 (Jul-Sep 2026)\\n96%\\n達標 met`."""
    if result.latest is None:
        return [doc.Run("未有成果\nno result yet")]
    period = result.latest.period
    return [doc.Run(f"{period_zh(period)}\n{period.label}\n"),
            doc.Run(f"{result.amount}　{result.verdict_text}", bold=True)]


def _centred(sheet: Any, text: str, size: float, bold: bool = False) -> None:
    paragraph = sheet.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(2)
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)


def _schedule(report: PledgeReport) -> list[str]:
    """`每季於通告板、網頁公布（PL1、PL2）　Results published quarterly: notice board, website
    (PL1, PL2)`."""
    groups: dict[tuple[str, str], list[str]] = {}
    for result in report.results:
        pledge = result.pledge
        groups.setdefault((pledge.published_zh, pledge.published_en), []).append(pledge.code)
    return [f"{zh}（{'、'.join(codes)}）　Results {en} ({', '.join(codes)})"
            for (zh, en), codes in groups.items()]


def build_notice(report: PledgeReport, reach: Channels, today: date) -> Any:
    """The notice as a python-docx Document."""
    sheet = doc.new_document()
    _centred(sheet, "服務承諾", 30, bold=True)
    _centred(sheet, "Performance Pledges", 20, bold=True)
    _centred(sheet, report.name_zh, 14, bold=True)
    _centred(sheet, report.name_en, 12)
    sheet.add_paragraph(f"{INTRO[0]}\n{INTRO[1]}").paragraph_format.space_before = Pt(8)
    rows: list[list[doc.Cell]] = []
    for result in report.results:
        pledge = result.pledge
        rows.append([pledge.code, [doc.Run(f"{pledge.target_zh}\n", bold=True),
                                   doc.Run(pledge.target_en)],
                     f"{pledge.monitoring.text_zh}\n{pledge.monitoring.text_en}",
                     result_cell(result)])
    grid = doc.table(sheet, HEADERS, rows, WIDTHS_CM, font_pt=10, shade="E8EEF4")
    for row in grid.rows:  # Noto's own line height is loose; a notice keeps to one page
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.line_spacing = Pt(13)
    for index, result in enumerate(report.results):
        if result.verdict == "not met":  # the verdict, not the whole cell, in red
            grid.rows[index + 1].cells[3].paragraphs[0].runs[-1].font.color.rgb = NOT_MET_RED
    schedule = sheet.add_paragraph("\n".join(_schedule(report)))
    schedule.paragraph_format.space_before = Pt(6)
    for run in schedule.runs:
        run.font.size = Pt(9.5)
    pledges = report.pledges
    doc.line(sheet, "承諾最後檢討日期 Pledges last reviewed: ", pledges.reviewed.isoformat())
    if pledges.from_head_office:
        sheet.add_paragraph("本單位採用總辦事處的服務承諾。 These are the head office's pledges, "
                            "which apply to this unit.")
    for label, value in reach.lines():
        doc.line(sheet, label, value)
    signed = sheet.add_paragraph()
    signed.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    signed.paragraph_format.space_before = Pt(10)
    signed.add_run(f"{report.name_zh}　示\n").bold = True
    signed.add_run(f"{report.name_en}\n{today.isoformat()}")
    return sheet


def published_note(report: PledgeReport) -> str:
    """What the notice published, for the version's note and the audit log."""
    parts = [f"{r.pledge.code} {r.latest.period.code} {r.amount} {r.verdict}" if r.latest
             else f"{r.pledge.code} no result" for r in report.results]
    return "results published: " + "; ".join(parts)


def generate_pledge_notice(repo: Repository, unit: str, *, actor: Actor, output: Output,
                           today: date | None = None) -> list[Generated]:
    """The unit's pledge notice (by default .docx, .pdf and .html), recorded with the pledges
    file and the results it published, and filed under SQS 1."""
    on = today or date.today()
    registered = repo.config.unit(unit)
    reach = channels(repo, registered)
    report = pledge_report(repo, registered.code, on)
    sheet = build_notice(report, reach, on)
    page = notice_html(report, reach, on)
    notes = (config_note(repo), published_note(report))
    files = write_files(repo, registered.code, STEM, output, kind=KIND, actor=actor,
                        allowed=FORMATS, default=FORMATS, docx=lambda path: doc.save(sheet, path),
                        html=lambda path: path.write_text(page, encoding="utf-8"),
                        inputs=(report.pledges.path,), notes=notes, sqs=SQS,
                        remarks=(f"{len(report.results)} pledges from "
                                 f"{report.pledges.source}",))
    if output.record and not any(g.recorded for g in files):
        with repo.writing("generate", actor) as session, session.catalog.transaction():
            session.audit("generate", {"kind": KIND, "unit": registered.code,
                                       "files": [str(g.path) for g in files],
                                       "inputs": [report.pledges.path, *notes]})
    return files
