"""`generate ack-sheet`: a printable sign-off sheet for one policy version and a unit's staff.

One row per person of the unit's roster (`staff:` in records/<unit>/staff.yaml) under the
document's title, version, effective date and approver, with space to sign; people who have
already acknowledged that version show the date recorded. The signed sheet comes back as a
scan (a record) and its rows go in with `repo-tool ack import`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from repo_tool.domain.acks import ack_report, staff_of, version_for
from repo_tool.domain.policies import document_states
from repo_tool.domain.roster import load_roster
from repo_tool.errors import InvalidInput
from repo_tool.generate import _tables as doc
from repo_tool.generate._files import write_files
from repo_tool.generate._output import Generated, Output
from repo_tool.models import Actor
from repo_tool.repository import Repository

KIND = "acknowledgement sheet"
STATEMENT = ("本人確認已閱讀並明白上述政策及程序。\n"
             "I confirm that I have read and understood the above policy and procedure.")


def document_title(path: str) -> str:
    """A document's title: its file name without the suffix."""
    name = path.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name else name


def generate_ack_sheet(repo: Repository, unit: str, *, actor: Actor, output: Output,
                       document: str | Path, number: int | None = None,
                       today: date | None = None) -> list[Generated]:
    """The sheet for version `number` of `document` (default: the one in force), as a .docx
    (and a PDF when `output` asks), recorded in the unit's records unless `output` says not."""
    on = today or date.today()
    registered = repo.config.unit(unit)
    people = staff_of(repo, unit)
    found = repo.document(document)
    if found.kind != "policy" or found.unit not in (unit, "agency"):
        raise InvalidInput(f"'{found.path}' is not a policy of unit '{unit}' or the head office")
    version = version_for(repo, found, number, on)
    state = document_states(repo, found, on)[version.number]
    title = document_title(found.path)
    acked: dict[str, date | None] = {}
    for report in ack_report(repo, unit, found.path, on) if state.state == "in force" else []:
        acked = {row.staff_id: row.acknowledged_on for row in report.acknowledged}
    roster = load_roster(repo.root, unit)
    posts = {p.id: p.post_zh or p.post_en or p.id for p in roster.posts}

    sheet = doc.new_document()
    doc.heading(sheet, "政策及程序閱讀確認表")
    doc.heading(sheet, "Policy read-and-understood sign-off sheet", 13)
    doc.line(sheet, "機構 Organisation: ", f"{repo.config.name_zh} {repo.config.name_en}")
    doc.line(sheet, "單位 Unit: ", f"{registered.name_zh} {registered.name_en}")
    doc.line(sheet, "文件 Document: ", title)
    doc.line(sheet, "版本 Version: ", f"v{version.number}")
    approval = state.approval
    effective = state.effective_on.isoformat() if state.effective_on else "未批准 not approved"
    doc.line(sheet, "生效日期 Effective date: ", effective)
    if approval is not None:
        doc.line(sheet, "批准 Approved by: ",
                 f"{approval.approver}（{approval.role}）{approval.approved_on.isoformat()}")
    sheet.add_paragraph(STATEMENT)
    rows = []
    for index, person in enumerate(people, start=1):
        signed = acked.get(person.id)
        rows.append([str(index), person.id, person.name,
                     posts.get(person.post or "", person.post or ""), "",
                     f"已確認 {signed.isoformat()}" if signed else ""])
    doc.table(sheet, ["編號\nNo.", "職員編號\nStaff ID", "姓名\nName", "職位\nPost",
                      "簽署\nSignature", "日期\nDate"], rows, [1.3, 1.9, 2.8, 3.5, 4.0, 3.9],
              row_height_cm=1.0, font_pt=10)
    sheet.add_paragraph(f"\n{found.path} v{version.number} · 製作日期 generated {on.isoformat()}")

    return write_files(repo, unit, f"ack-sheet {title} v{version.number}", output, kind=KIND,
                       actor=actor, docx=lambda path: doc.save(sheet, path),
                       inputs=(roster.path,), notes=(f"{found.path} v{version.number}",))
