"""`generate disposal-record`: the unit's certificate of disposal, evidence for SQS 14.

One A4 landscape table of every version disposed of under a retention rule (since a date, or
ever): when, which document and version, its size, date and sha256, the rule and its period,
the day the period ended, who approved and who carried it out; then what disposal means and
signature lines. Read from the catalog's tombstones, so it can be made again at any time.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from repo_tool.generate import _tables as doc
from repo_tool.generate._files import write_files
from repo_tool.generate._output import Generated, Output
from repo_tool.humanize import human_size
from repo_tool.models import Actor
from repo_tool.repository import Repository
from repo_tool.store.disposals import Disposal

KIND = "disposal record"
FROM_TEXT = {"version": "版本日期起 from the version's date",
             "deletion": "刪除日起 from deletion",
             "path-date": "路徑日期起 from the date in its path"}


def _document(disposal: Disposal) -> str:
    folder, _, name = disposal.path.rpartition("/")
    return f"{name}\n{folder}/" if folder else name


def _row(disposal: Disposal) -> list[doc.Cell]:
    return [disposal.disposed_on, _document(disposal), f"v{disposal.number}",
            human_size(disposal.size),
            f"{disposal.rule}\n{disposal.period}, {FROM_TEXT.get(disposal.counted_from, '')}",
            f"{disposal.start_on}\n→ {disposal.expired_on}", disposal.approved_by,
            disposal.disposed_by,
            f"{disposal.sha256[:16]}\n{disposal.sha256[16:32]}"]


def generate_disposal_record(repo: Repository, unit: str, *, actor: Actor, output: Output,
                             since: date | None = None) -> list[Generated]:
    """The record of the unit's disposed versions (since `since`, default all) as a .docx
    (and a PDF when `output` asks), recorded in the unit's records and filed under SQS 14."""
    registered = repo.config.unit(unit)
    found = repo.catalog.disposals.of_unit(unit, since.isoformat() if since else None)
    report = doc.new_document(landscape=True)
    doc.heading(report, "文件銷毀紀錄")
    doc.heading(report, "Record of disposal", 13)
    doc.line(report, "機構 Organisation: ", f"{repo.config.name_zh} {repo.config.name_en}")
    doc.line(report, "單位 Unit: ", f"{registered.name_zh} {registered.name_en}")
    until = max((d.disposed_on for d in found), default=date.today().isoformat())
    period = (f"{since.isoformat()} 至 to {until}" if since
              else f"全部，至 {until} All, up to {until}")
    doc.line(report, "期間 Period: ", period)
    rules = Counter(d.rule for d in found)
    doc.line(report, "已銷毀 Disposed of: ",
             f"{len(found)} 個版本 versions, {human_size(sum(d.size for d in found))}"
             + ("（" + "；".join(f"{rule}: {n}" for rule, n in rules.items()) + "）"
                if rules else ""))
    doc.table(report, ["銷毀日期\nDisposed on", "文件\nDocument", "版本\nVersion",
                       "大小\nSize", "保存規則\nRule", "保存期\nKept from → to",
                       "批准人\nApproved by", "執行人\nDisposed by", "SHA-256"],
              [_row(d) for d in found], font_pt=8.5)
    if not found:
        report.add_paragraph("期間內沒有銷毀任何版本。 Nothing was disposed of in this period.")
    doc.line(report, "", "")
    report.add_paragraph(
        "以上版本的內容、抽取文字及搜尋索引已從紀錄庫刪除；目錄保留其記錄（路徑、版本、SHA-256、"
        "大小、日期、規則及批准人），審計紀錄載有每次銷毀。 The bytes, extracted text and "
        "search index entries of the versions above were removed from the repository; the "
        "catalog keeps their tombstones (path, version, SHA-256, size, dates, rule, approver) "
        "and the audit log an entry for each disposal.")
    for label in ("批准人 Approved by", "職位 Role", "日期 Date"):
        doc.line(report, f"{label}: ", "_" * 30)
    stem = f"disposal record {since.isoformat()} to {until}" if since \
        else f"disposal record to {until}"
    return write_files(repo, unit, stem, output, kind=KIND, actor=actor,
                       docx=lambda path: doc.save(report, path), sqs=14,
                       notes=(f"unit {unit} disposals {since or 'all'} to {until}",))
