"""`generate changes-report`: what changed in a unit's documents since a date, for visitors.

The rows of `repo-tool changes` (added, revised, approved, withdrawn, deleted) in one A4
landscape table with versions, approver and role, effective date and what changed: the first
few changed clauses, old → new, shortened, and how many more there are (visitors read paper;
they do not run `repo-tool diff`).
"""

from __future__ import annotations

from datetime import date

from repo_tool.domain.changes import Change, WhatChanged, changes, what_changed
from repo_tool.generate import _tables as doc
from repo_tool.generate._files import write_files
from repo_tool.generate._output import Generated, Output
from repo_tool.models import Actor
from repo_tool.repository import Repository
from repo_tool.repository.diff import ClauseChange

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


def _differing(old: str, new: str) -> tuple[int, int]:
    """How many characters old and new share at the start and, after that, at the end (a
    number or an English word that changed is counted whole)."""
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    while head > 0 and _latin(old[head - 1]):  # whole numbers and words: 40 → 30, not 4 → 3
        head -= 1
    while tail > 0 and _latin(old[len(old) - tail]):
        tail -= 1
    return head, tail


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _clause(change: ClauseChange) -> list[doc.Run]:
    """`old` with what went struck through, then `→ new` with what came in bold."""
    if change.old is None:
        return [doc.Run("新增 added: "), doc.Run(change.new or "", bold=True)]
    if change.new is None:
        return [doc.Run("刪除 removed: "), doc.Run(change.old, strike=True)]
    old, new = change.old, change.new
    head, tail = _differing(old, new)
    return [doc.Run(old[:head]), doc.Run(old[head:len(old) - tail], strike=True),
            doc.Run(old[len(old) - tail:] + "\n→ " + new[:head]),
            doc.Run(new[head:len(new) - tail], bold=True), doc.Run(new[len(new) - tail:])]


def _what_changed(found: WhatChanged | None, change: Change) -> list[doc.Run]:
    """Each changed clause (old, then → new), then `另有 N 項變更 and N more changes`."""
    if found is None:
        return [doc.Run("新文件 new document" if change.kind == "added" else "")]
    if found.reason is not None:
        return [doc.Run(f"未能比較 cannot compare: {found.reason}")]
    if not found.clauses:
        return [doc.Run("內容相同 same text")]
    runs: list[doc.Run] = []
    for index, clause in enumerate(found.clauses):
        runs += [doc.Run("\n")] if index else []
        runs += _clause(clause)
    if found.more:
        runs.append(doc.Run(f"\n另有 {found.more} 項變更 and {found.more} more "
                            f"{'change' if found.more == 1 else 'changes'}"))
    return runs


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
    rows: list[list[doc.Cell]] = [[c.day.isoformat(), KIND_TEXT[c.kind],
             _document(c.path) + (f"\n{c.note}" if c.kind == "moved" and c.note else ""),
             _versions(c), _approval(c),
             c.effective_on.isoformat() if c.effective_on else "",
             _what_changed(what_changed(repo, c), c)]
            for c in found.items]
    doc.table(report, ["日期\nDate", "變更\nChange", "文件\nDocument", "版本\nVersion",
                       "批准 / 撤回\nApproved by", "生效\nEffective",
                       "變更內容\nWhat changed"], rows, font_pt=9)
    if not rows:
        report.add_paragraph("期間內沒有變更。 Nothing changed in this period.")
    stem = f"changes {found.since.isoformat()} to {found.until.isoformat()}"
    return write_files(repo, unit, stem, output, kind=KIND, actor=actor,
                       docx=lambda path: doc.save(report, path),
                       notes=(f"unit {unit} changes {found.since} to {found.until}",))
