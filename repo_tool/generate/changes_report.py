"""`generate changes-report`: what changed in a unit's documents since a date, for visitors.

The rows of `repo-tool changes` (added, revised, approved, withdrawn, deleted) in one A4
landscape table with versions, approver and role, effective date and the `repo-tool diff`
command that shows each change paragraph by paragraph.
"""

from __future__ import annotations

from datetime import date

from repo_tool.domain.changes import Change, changes
from repo_tool.generate import _tables as doc
from repo_tool.generate._files import write_files
from repo_tool.generate._output import Generated, Output
from repo_tool.models import Actor
from repo_tool.repository import Repository

KIND = "changes report"
KIND_TEXT = {"added": "新增 added", "revised": "修訂 revised", "approved": "批准 approved",
             "withdrawn": "撤回 withdrawn", "moved": "移動 moved", "deleted": "刪除 deleted"}
VISIT_TEXT = {"review": "檢討探訪 review visit", "surprise": "突擊探訪 surprise visit",
              "new-service": "新服務探訪 new-service visit",
              "risk-based": "風險為本探訪 risk-based visit"}


def _versions(change: Change) -> str:
    if change.version is None:
        return ""
    if change.previous is None:
        return f"v{change.version}"
    return f"v{change.previous} → v{change.version}"


def _document(path: str) -> str:
    """The file name (the document's title) on the first line, its folder below."""
    folder, _, name = path.rpartition("/")
    return f"{name}\n{folder}/" if folder else name


def _approval(change: Change) -> str:
    if change.approver is None:
        return ""
    return f"{change.approver}（{change.role}）" if change.role else change.approver


def generate_changes_report(repo: Repository, unit: str, *, actor: Actor, output: Output,
                            since: date | None = None, today: date | None = None,
                            everything: bool = False) -> list[Generated]:
    """The changes since `since` (default: the last visit) as a .docx (and a PDF when
    `output` asks), recorded in the unit's records unless `output` says not; changes to the
    tool's own files (generated papers, roster, standards) only with `everything`."""
    found = changes(repo, unit, since, today, everything)
    registered = repo.config.unit(unit)
    report = doc.new_document(landscape=True)
    doc.heading(report, "政策及文件變更報告")
    doc.heading(report, "Changes to policies and documents", 13)
    doc.line(report, "機構 Organisation: ", f"{repo.config.name_zh} {repo.config.name_en}")
    doc.line(report, "單位 Unit: ", f"{registered.name_zh} {registered.name_en}")
    period = f"{found.since.isoformat()} 至 to {found.until.isoformat()}"
    if found.visit is not None:
        period += (f"（上次探訪 last visit: {VISIT_TEXT[found.visit.type]} "
                   f"{found.visit.visited_on.isoformat()}）")
    doc.line(report, "期間 Period: ", period)
    doc.line(report, "變更 Changes: ", str(len(found.items)))
    rows = [[c.day.isoformat(), KIND_TEXT[c.kind],
             _document(c.path) + (f"\n{c.note}" if c.kind == "moved" and c.note else ""),
             _versions(c), _approval(c),
             c.effective_on.isoformat() if c.effective_on else "", c.diff_command or ""]
            for c in found.items]
    doc.table(report, ["日期\nDate", "變更\nChange", "文件\nDocument", "版本\nVersion",
                       "批准 / 撤回\nApproved by", "生效\nEffective", "比較\nDiff"], rows,
              [2.3, 2.6, 7.6, 1.9, 3.4, 2.3, 6.0], font_pt=9)
    if not rows:
        report.add_paragraph("期間內沒有變更。 Nothing changed in this period.")
    stem = f"changes {found.since.isoformat()} to {found.until.isoformat()}"
    return write_files(repo, unit, stem, output, kind=KIND, actor=actor,
                       docx=lambda path: doc.save(report, path),
                       notes=(f"unit {unit} changes {found.since} to {found.until}",))
