"""The acknowledgement sheet and the changes report: real .docx read back with python-docx, and
PDFs from LibreOffice read with pdftotext."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from docx import Document

from repo_tool.repository import Repository
from tests.conftest import Cli, bump_mtime, write
from tests.paper_checks import save_pages
from tests.test_acks import POLICY, ROSTER


@pytest.fixture
def unit(repo: Repository, cli: Cli) -> Repository:
    write(repo.root / "records/ycc/staff.yaml", ROSTER)
    write(repo.root / POLICY, "私隱政策 第一版")
    cli("scan")
    cli("approve", POLICY, "--by", "陳大文", "--role", "總幹事", "--effective", "2024-04-01",
        "--date", "2024-03-20")
    cli("ack", "record", "--unit", "ycc", "--staff", "S002", "--document", POLICY, "--date",
        "2024-04-03")
    return repo


def table_rows(path: Path) -> list[list[str]]:
    (table,) = Document(str(path)).tables
    return [[cell.text for cell in row.cells] for row in table.rows]


def text_of(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_the_ack_sheet_lists_the_staff_under_the_policy(unit: Repository, cli: Cli) -> None:
    result = cli("generate", "ack-sheet", "--unit", "ycc", "--document", POLICY, "--pdf",
                 "--json")
    assert result.exit_code == 0, result.output
    files = {Path(f["path"]).suffix: f for f in json.loads(result.output)}
    assert files[".docx"]["recorded_as"] == "records/ycc/generated/ack-sheet 私隱政策 v1.docx"
    docx = Path(files[".docx"]["path"])
    rows = table_rows(docx)
    assert [r[1:4] for r in rows[1:]] == [["S001", "陳小明", "中心主任"],
                                         ["S002", "李美玲", "社會工作員"],
                                         ["3", "黃志強", "社會工作員"]]
    assert [r[5] for r in rows[1:]] == ["", "已確認 2024-04-03", ""]
    header = text_of(docx)
    for expected in ("政策及程序閱讀確認表", "文件 Document: 私隱政策", "版本 Version: v1",
                     "生效日期 Effective date: 2024-04-01", "陳大文（總幹事）2024-03-20"):
        assert expected in header
    text = pdf_text(Path(files[".pdf"]["path"]))
    for expected in ("政策及程序閱讀確認表", "私隱政策", "陳小明", "黃志強", "2024-04-01"):
        assert expected in text
    sheet = unit.catalog.document(files[".docx"]["recorded_as"])
    assert sheet is not None
    note = unit.catalog.versions(sheet.id)[0].note
    assert note is not None and f"{POLICY} v1" in note and "records/ycc/staff.yaml v1" in note


def test_the_changes_report_has_a_row_per_change(unit: Repository, cli: Cli,
                                                 tmp_path: Path) -> None:
    cli("visit", "record", "--unit", "ycc", "--date", "2024-03-01", "--type", "review")
    result = cli("generate", "changes-report", "--unit", "ycc", "--pdf", "--json")
    assert result.exit_code == 0, result.output
    files = {Path(f["path"]).suffix: Path(f["path"]) for f in json.loads(result.output)}
    listed = json.loads(cli("changes", "--unit", "ycc", "--json").output)["changes"]
    rows = table_rows(files[".docx"])
    assert rows[0][1] == "變更\nChange"
    # the report was made from the changes before it was itself recorded
    made = [c for c in listed if "changes " not in c["path"]]
    assert [(r[1], r[2].replace("\n", ""), r[3]) for r in rows[1:]] == [
        ({"added": "新增 added", "approved": "批准 approved"}[c["kind"]],
         "{1}{0}/".format(*c["path"].rsplit("/", 1)), f"v{c['version']}") for c in made]
    approved = next(r for r in rows if r[1] == "批准 approved")
    assert approved[4:6] == ["陳大文（總幹事）", "2024-04-01"]
    assert "上次探訪 last visit: 檢討探訪 review visit 2024-03-01" in text_of(files[".docx"])
    text = pdf_text(files[".pdf"])
    for expected in ("政策及文件變更報告", "私隱政策", "批准 approved", "檢討探訪"):
        assert expected in text


def test_a_sheet_for_a_version_not_yet_in_force_shows_its_date(unit: Repository, cli: Cli,
                                                                tmp_path: Path) -> None:
    write(unit.root / POLICY, "私隱政策 第二版")
    cli("scan")
    cli("approve", POLICY, "--by", "陳大文", "--role", "總幹事", "--effective", "2999-04-01")
    result = cli("generate", "ack-sheet", "--unit", "ycc", "--document", POLICY, "--version",
                 "2", "-o", str(tmp_path), "--json")
    assert result.exit_code == 0, result.output
    (made,) = json.loads(result.output)
    assert made["recorded_as"] is None  # written outside the repository
    docx = Path(made["path"])
    assert docx.name == "ack-sheet 私隱政策 v2.docx"
    assert "生效日期 Effective date: 2999-04-01" in text_of(docx)
    assert [r[5] for r in table_rows(docx)[1:]] == ["", "", ""]  # S002 signed v1, not v2
    draft = cli("generate", "ack-sheet", "--unit", "ycc", "--document", POLICY, "--version",
                "9", "-o", str(tmp_path))
    assert draft.exit_code == 1 and "has no version 9" in draft.output


CCTV_POLICY = "policies/ycc/SQS-14 私隱和保密/閉路電視政策 CCTV Policy.docx"
LONG_CLAUSE = ("3.4 查閱錄像：只有中心主任及其書面授權的職員可查閱錄像，查閱須有正當理由，"
               "例如處理事故、保安或調查投訴；每次查閱均須記錄查閱日期、時間、查閱人、原因及"
               "結果，並由中心主任每月覆核查閱紀錄，發現不當查閱須即時向總辦事處報告，"
               "錄像以加密方式儲存。")


def save_clauses(path: Path, clauses: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    document = Document()
    for clause in clauses:
        document.add_paragraph(clause)
    document.save(str(path))


def test_the_changes_report_shows_what_changed_not_a_command(unit: Repository, cli: Cli) -> None:
    path = unit.root / CCTV_POLICY
    before = ["閉路電視政策", "3.1 錄像一般保存31日後自動覆蓋。",
              "3.2 Footage is normally overwritten after 31 days.", LONG_CLAUSE,
              "3.3 更衣室及洗手間不設閉路電視。", "3.5 每年檢討本政策一次。"]
    save_clauses(path, before)
    assert cli("scan").exit_code == 0
    after = ["閉路電視政策", "3.1 錄像一般保存60日後自動覆蓋。",
             "3.2 Footage is normally overwritten after 60 days.",
             LONG_CLAUSE.replace("加密", "離線"), "3.6 新入職職員須完成私隱培訓。"]
    # three clauses edited, two removed, one added: six changes, the first three shown
    save_clauses(path, after)
    bump_mtime(path, -30)
    assert cli("scan").exit_code == 0
    cli("visit", "record", "--unit", "ycc", "--date", "2024-03-01", "--type", "review")
    result = cli("generate", "changes-report", "--unit", "ycc", "--pdf", "--json")
    assert result.exit_code == 0, result.output
    files = {Path(f["path"]).suffix: Path(f["path"]) for f in json.loads(result.output)}
    (table,) = Document(str(files[".docx"])).tables
    assert table.rows[0].cells[6].text == "變更內容\nWhat changed"
    revised = next(row.cells for row in table.rows if row.cells[1].text == "修訂 revised")
    assert revised[3].text == "v1 → v2"
    assert revised[6].text.split("\n") == [
        "3.1 錄像一般保存31日後自動覆蓋。", "→ 3.1 錄像一般保存60日後自動覆蓋。",
        "3.2 Footage is normally overwritten after 31 days.",
        "→ 3.2 Footage is normally overwritten after 60 days.",
        # the long clause (122 characters): its last 60 a side, where the difference is
        f"3.4 …{LONG_CLAUSE[-60:]}", f"→ 3.4 …{LONG_CLAUSE.replace('加密', '離線')[-60:]}",
        "另有 3 項變更 and 3 more changes"]
    runs = revised[6].paragraphs[0].runs
    assert [r.text for r in runs if r.font.strike] == ["31", "31", "加密"]  # what went
    assert [r.text for r in runs if r.bold] == ["60", "60", "離線"]  # and what came
    document_text = "\n".join(cell.text for row in table.rows for cell in row.cells)
    assert "repo-tool diff" not in document_text
    added = next(row.cells for row in table.rows if CCTV_POLICY.rsplit("/", 1)[1]
                 in row.cells[2].text and row.cells[1].text == "新增 added")
    assert added[6].text == "新文件 new document"
    pdf = files[".pdf"]
    save_pages(pdf, "changes-report")
    text = "".join(pdf_text(pdf).split())  # LibreOffice spaces 60 from 日; compare without
    for phrase in ("變更內容", "Whatchanged", "→3.1錄像一般保存60日後自動覆蓋", "and3morechanges"):
        assert phrase in text, phrase
    assert "repo-tooldiff" not in text
