"""Forms 2.01 and 2.02: exact rows and columns, Chinese in the PDF, safe replaceable templates."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn

from repo_tool.domain.review_cycles import default_cycle
from repo_tool.domain.reviews import record_amendment, record_review
from repo_tool.errors import InvalidInput, NotFound, Unsupported
from repo_tool.generate import Output
from repo_tool.generate._templating import TemplateProblem
from repo_tool.generate.sqs2_forms import (
    TO_TICK,
    generate_form_201,
    generate_form_202,
)
from repo_tool.ingest import scan
from repo_tool.repository import Repository
from repo_tool.sqs import STANDARDS
from tests.conftest import ACTOR, PROJECT, Cli, bump_mtime, write
from tests.paper_checks import PAPERS, save_pages

UNIT_ZH, UNIT_EN = "甲 & 乙 <中心>", "A & B <Centre>"
HERE, PDF = Output(), Output(formats=("docx", "pdf"))  # records/ab/generated/, recorded

CJK = "Noto Sans CJK TC"
HEAD_201 = ["服務質素標準 SQS", "檢討文件名稱 Document reviewed", "檢討時段 Review period",
            "負責職員 Responsible staff", "檢討日期 Review date", "負責職員簽署 Signature"]
HEAD_202 = ["服務質素標準編號 SQS", "需修訂條文 Clause amended", "修訂原因 Reason",
            "更新內容 New content", "更新日期 Date updated", "發布日期 Date released",
            "下次檢討日期 Next review", "負責職員 Responsible staff", "簽署 Signature"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository whose unit `ab` is named with XML's special characters, with reviews and
    two amendments; built once, and copied for each test."""
    repo = Repository.init(tmp_path_factory.mktemp("forms") / "repo", "明德社會服務協會",
                           "Ming Tak Social Service Association")
    repo.add_unit("ab", UNIT_ZH, UNIT_EN, "2345 6789", ACTOR)
    privacy = write(repo.root / "policies/ab/SQS-14/私隱 & 保密政策 <v1>.txt", "第一版")
    write(repo.root / "policies/ab/SQS-15/投訴處理程序.txt", "投訴")
    scan(repo, ACTOR)
    for sqs in range(1, 17):
        if sqs in (5, 9):
            continue  # two standards not reviewed in this cycle
        record_review(repo, unit="ab", sqs=sqs, reviewed_on=date(2024, 1, sqs + 10),
                      reviewer="陳美玲 & 周麗華", outcome="amended" if sqs == 14 else "no-change",
                      actor=ACTOR)
    record_review(repo, unit="ab", sqs=2, reviewed_on=date(2021, 2, 1), reviewer="前任主任",
                  outcome="no-change", actor=ACTOR)  # an earlier cycle: not on the 2023 form
    privacy.write_text("第二版 3.7 閉路電視", encoding="utf-8")
    bump_mtime(privacy)
    scan(repo, ACTOR)
    record_amendment(repo, unit="ab", sqs=14, clause="第3.7至3.9條 <新增>",
                     reason="中心安裝閉路電視 & 更新查閱程序",
                     new_content="錄像只作管理用途，保存31日。",
                     updated_on=date(2025, 1, 20), released_on=date(2025, 2, 1),
                     responsible="陳美玲", actor=ACTOR)
    record_amendment(repo, unit="ab", sqs=4, clause="組織架構圖", reason="新增計劃社工職位",
                     new_content="組織架構圖加入計劃社工（*）", updated_on=date(2024, 8, 20),
                     released_on=date(2024, 9, 1), responsible="劉文傑", actor=ACTOR)
    _full_unit(repo)
    repo.close()
    return repo.root


def _full_unit(repo: Repository) -> None:
    """Unit `full`: every SQS has a policy saved as .docx and .pdf (SQS 9 and 14 two of them),
    with long bilingual names, and every SQS was reviewed in 2023-24: the most a checklist
    usually has to hold."""
    repo.add_unit("full", "明德長者鄰舍中心", "Ming Tak Neighbourhood Elderly Centre", None, ACTOR)
    extra = {9: "消防及緊急事故應變程序 Fire and Emergency Procedure",
             14: "閉路電視使用及查閱指引 CCTV Use and Access Guidelines"}
    for standard in STANDARDS:
        folder = repo.root / f"policies/full/SQS-{standard.number:02d} {standard.name_zh}"
        names = [f"{standard.name_zh}政策 {standard.name_en} Policy"]
        names += [extra[standard.number]] if standard.number in extra else []
        for name in names:
            word = Document()
            word.add_paragraph(f"{name} 第一版")
            folder.mkdir(parents=True, exist_ok=True)
            word.save(str(folder / f"{name}.docx"))
            write(folder / f"{name}.pdf", b"%PDF-1.4\n%%EOF\n")  # its printed copy
    scan(repo, ACTOR)
    for standard in STANDARDS:
        record_review(repo, unit="full", sqs=standard.number, reviewed_on=date(2024, 3, 20),
                      reviewer="陳美玲 中心主任", outcome="no-change", actor=ACTOR)


@pytest.fixture
def ab(built: Path, tmp_path: Path) -> Iterator[Repository]:
    shutil.copytree(built, tmp_path / "repo")
    repo = Repository.open(tmp_path / "repo")
    yield repo
    repo.close()


@pytest.fixture
def cli(ab: Repository) -> Cli:
    return Cli(ab.root)


def pdf_text(pdf: Path, *options: str) -> str:
    return subprocess.run(["pdftotext", *options, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def texts(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


def table_of(path: Path, nbsp: str = " ") -> list[list[str]]:
    """The form's table as it reads (no-break spaces as spaces unless `nbsp` says)."""
    (table,) = Document(str(path)).tables
    return [[cell.text.replace("\u00a0", nbsp) for cell in row.cells] for row in table.rows]


def test_form_201_has_all_sixteen_rows_and_the_six_columns(ab: Repository) -> None:
    (docx,) = generate_form_201(ab, "ab", actor=ACTOR, output=HERE, cycle_year=2023,
                                led_by="梁淑儀", head="何家明 <總幹事>",
                                signed_on=date(2024, 3, 28))
    assert docx.relpath == "records/ab/generated/SQS-02 form-2.01 2023-24.docx"
    rows = table_of(docx.path)
    assert len(Document(str(docx.path)).tables[0].columns) == 6
    assert rows[0] == [h.replace(" ", "\n", 1) for h in HEAD_201]
    assert len(rows) == 17
    for standard, row in zip(STANDARDS, rows[1:], strict=True):
        assert row[0] == f"{standard.number}　{standard.name_zh}\n{standard.name_en}"
        assert row[2] == "2023-12 至\n2024-03"
        assert row[5] == ""
    assert rows[14][1] == "私隱 & 保密政策 <v1> (v1)\n結果：已修訂 amended"
    assert rows[15][1:5] == ["投訴處理程序 (v1)\n結果：無需修訂 no change", "2023-12 至\n2024-03",
                             "陳美玲 & 周麗華", "2024-01-25"]
    assert rows[2][3:5] == ["陳美玲 & 周麗華", "2024-01-12"]  # the 2021 review is not this cycle
    assert rows[5][1:5] == ["—\n未有檢討紀錄 not reviewed", "2023-12 至\n2024-03", "", ""]
    paragraphs = "\n".join(texts(docx.path))
    assert f"單位 Unit：{UNIT_ZH}　{UNIT_EN}" in paragraphs
    assert ("檢討周期 Review cycle：2023-24（2023-12-01 – 2024-03-31）"
            "　生效日期 Effective from：2024-04-01") in paragraphs
    assert "由 梁淑儀 負責推動及監察整個檢討流程，最後由機構主管確認。" in paragraphs
    assert "機構主管 Agency head：何家明 <總幹事>　　簽署 Signature：" in paragraphs
    assert ("日期 Date：2024-03-28　　下次檢討年期 Next review：2026-27（2026-12-01 – "
            "2027-03-31）") in paragraphs


def test_form_201_signature_lines_are_blank_when_no_names_are_given(ab: Repository) -> None:
    (docx,) = generate_form_201(ab, "ab", cycle_year=2023, actor=ACTOR, output=HERE)
    paragraphs = texts(docx.path)
    assert ("日期 Date：＿＿＿＿＿＿＿＿　　下次檢討年期 Next review：2026-27（2026-12-01 – "
            "2027-03-31）") in paragraphs
    assert ("機構主管 Agency head：＿＿＿＿＿＿＿＿　　簽署 Signature："
            "＿＿＿＿＿＿＿＿") in paragraphs


def test_form_202_has_one_row_per_amendment_then_five_blank_rows(ab: Repository) -> None:
    (docx,) = generate_form_202(ab, "ab", actor=ACTOR, output=HERE, head="何家明",
                                approved_on=date(2025, 1, 24))
    assert docx.relpath == "records/ab/generated/SQS-02 form-2.02.docx"
    rows = table_of(docx.path)
    assert rows[0] == [h.replace(" ", "\n", 1) for h in HEAD_202]
    blank = ["　\n", "", "原因 Reason：", "", "", "", "", "", ""]
    assert rows[1:] == [
        ["4　職務及責任\nRoles and responsibilities", "組織架構圖", "原因 Reason：新增計劃社工職位",
         "組織架構圖加入計劃社工（*）", "2024-08-20", "2024-09-01", "2027-03-31", "劉文傑", ""],
        ["14　私隱和保密\nPrivacy and confidentiality", "第3.7至3.9條 <新增>",
         "原因 Reason：中心安裝閉路電視 & 更新查閱程序", "錄像只作管理用途，保存31日。",
         "2025-01-20", "2025-02-01", "2027-03-31", "陳美玲", ""],
        *[blank] * 5]  # the signature cell is left to sign; blank rows as the seed's form has
    paragraphs = texts(docx.path)
    assert f"單位 Unit：{UNIT_ZH}　{UNIT_EN}" in paragraphs
    assert ("機構主管審核簽署 Approved by the agency head：何家明　　簽署 Signature："
            "＿＿＿＿＿＿＿＿") in paragraphs
    assert "日期 Date：2025-01-24" in paragraphs


def test_form_202_for_a_period(ab: Repository, tmp_path: Path) -> None:
    (docx,) = generate_form_202(ab, "ab", actor=ACTOR, output=Output(out=tmp_path),
                                since=date(2025, 1, 1))
    assert docx.path == tmp_path / "SQS-02 form-2.02 2025-01-01 to last.docx"
    assert (docx.relpath, docx.version) == (None, None)  # outside the repository: not recorded
    assert [row[4] for row in table_of(docx.path)[1:]] == ["2025-01-20"] + [""] * 5
    assert "期間 Period：2025-01-01 – …" in texts(docx.path)
    with pytest.raises(NotFound, match="has no amendments recorded updated 2026-01-01 – …"):
        generate_form_202(ab, "ab", actor=ACTOR, output=HERE, since=date(2026, 1, 1))


def test_forms_in_pdf_show_every_standard_in_chinese_with_embedded_cjk_fonts(
        ab: Repository) -> None:
    done = generate_form_201(ab, "ab", cycle_year=2023, actor=ACTOR, output=PDF)
    done += generate_form_202(ab, "ab", actor=ACTOR, output=PDF)
    pdfs = [g.path for g in done if g.path.suffix == ".pdf"]
    assert [g.relpath for g in done if g.path.suffix == ".pdf"] == [
        "records/ab/generated/SQS-02 form-2.01 2023-24.pdf",
        "records/ab/generated/SQS-02 form-2.02.pdf"]
    checklist = subprocess.run(["pdftotext", "-layout", str(pdfs[0]), "-"], capture_output=True,
                               text=True, check=True).stdout
    for standard in STANDARDS:
        assert standard.name_zh in checklist.replace(" ", ""), standard.name_zh
    for pdf in pdfs:
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert f"{UNIT_ZH}" in text and UNIT_EN in text
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                               check=True).stdout.splitlines()[2:]
        assert any("CJK" in line for line in fonts), fonts
        assert all(line.split()[-5] == "yes" for line in fonts), fonts  # every font embedded
        pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                               check=True).stdout
        assert "Pages:           1" in pages and "(A4)" in pages
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf),
                        str(pdf.with_suffix(""))], check=True)
        assert pdf.with_suffix(".png").stat().st_size > 10_000


def test_generated_forms_are_recorded_with_their_inputs_and_regenerated_as_new_versions(
        ab: Repository) -> None:
    first = generate_form_201(ab, "ab", cycle_year=2023, actor=ACTOR, output=HERE)
    again = generate_form_201(ab, "ab", cycle_year=2023, actor=ACTOR, output=HERE,
                              head="何家明")
    assert (first[0].version, again[0].version) == (1, 2)
    document = ab.document(again[0].path)
    assert document.sqs == (2,)  # filed under SQS 2 by its name
    note = ab.version(document).note or ""
    assert note.startswith("generated form 2.01 from reviews #")
    assert "(unit ab, cycle 2023-24), the built-in form-2.01.docx (" in note
    entry = list(ab.catalog.audit_entries())[-1]
    assert (entry.action, entry.detail["kind"]) == ("generate", "form 2.01")


def test_a_cycle_without_reviews_is_the_blank_checklist(ab: Repository) -> None:
    made = generate_form_201(ab, "ab", cycle_year=2026, actor=ACTOR, output=PDF)
    docx, pdf = (g.path for g in made)
    assert [g.relpath for g in made] == ["records/ab/generated/SQS-02 form-2.01 2026-27 blank.docx",
                                         "records/ab/generated/SQS-02 form-2.01 2026-27 blank.pdf"]
    assert made[0].remarks == ("空白檢討清單 the blank checklist: no review of unit ab is recorded "
                               "for the 2026-27 cycle (2026-12-01 – 2027-03-31); take it to the "
                               "review meeting",)
    rows = table_of(docx)
    assert len(rows) == 17
    for standard, row in zip(STANDARDS, rows[1:], strict=True):
        assert row[0] == f"{standard.number}　{standard.name_zh}\n{standard.name_en}"
        assert row[1].endswith(f"\n{TO_TICK}")  # the outcome is ticked at the meeting
        assert row[2] == "2026-12 至\n2027-03"
        assert row[3:] == ["", "", ""]  # responsible staff, review date, signature
    assert rows[14][1] == f"私隱 & 保密政策 <v1>\n{TO_TICK}"  # the unit's policies, listed
    assert rows[15][1] == f"投訴處理程序\n{TO_TICK}"
    assert rows[1][1] == f"—\n{TO_TICK}"
    paragraphs = texts(docx)
    assert ("空白檢討清單：本周期未有檢討紀錄，供檢討會議填寫　Blank checklist: no review recorded "
            "yet, to fill in at the review meeting") in paragraphs
    assert ("日期 Date：＿＿＿＿＿＿＿＿　　下次檢討年期 Next review：2029-30（2029-12-01 – "
            "2030-03-31）") in paragraphs
    assert save_pages(pdf, "form-2.01-blank") == [PAPERS / "form-2.01-blank-1.png"]
    assert pdf_pages(pdf) == 1
    text = pdf_text(pdf)
    assert "空白檢討清單" in text and "Blank checklist" in text and "陳美玲" not in text
    assert text.count("□ 無需修訂 no change") == 16
    note = ab.version(ab.document(docx)).note or ""
    assert note.startswith("generated form 2.01 (blank checklist) from the current policies of "
                           "unit ab (cycle 2026-27, no reviews yet)")
    with pytest.raises(InvalidInput, match="--cycle 23 is not a review year"):
        generate_form_201(ab, "ab", cycle_year=23, actor=ACTOR, output=HERE)


def test_the_command_line_says_it_made_the_blank_checklist(cli: Cli) -> None:
    result = cli("generate", "form-2.01", "--unit", "ab", "--cycle", "2029")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "wrote records/ab/generated/SQS-02 form-2.01 2029-30 blank.docx (version 1)\n"
        "空白檢討清單 the blank checklist: no review of unit ab is recorded for the 2029-30 cycle "
        "(2029-12-01 – 2030-03-31); take it to the review meeting\n")


def test_without_a_cycle_the_form_is_of_the_latest_cycle_reviewed_else_blank(
        ab: Repository, cli: Cli) -> None:
    assert cli("generate", "form-2.01", "--unit", "ab").output == (
        "wrote records/ab/generated/SQS-02 form-2.01 2023-24.docx (version 1)\n")
    ab.add_unit("new", "新中心", "New Centre", None, ACTOR)
    # no review yet: the window open on the day, or the next to open
    assert [default_cycle(ab, "new", date(*day)) for day in
            ((2026, 6, 1), (2026, 12, 1), (2027, 3, 31), (2027, 4, 1))] == [2026, 2026, 2026, 2027]
    assert default_cycle(ab, "ab", date(2030, 1, 1)) == 2023
    upcoming = default_cycle(ab, "new")
    assert cli("generate", "form-2.01", "--unit", "new").output.startswith(
        f"wrote records/new/generated/SQS-02 form-2.01 {upcoming}-{(upcoming + 1) % 100:02d} "
        "blank.docx (version 1)\n空白檢討清單 the blank checklist: ")


def test_every_sqs_reviewed_with_two_documents_fits_one_a4_page(ab: Repository) -> None:
    made = generate_form_201(ab, "full", cycle_year=2023, actor=ACTOR, output=PDF,
                             led_by="梁淑儀 行政及人力資源經理", head="何家明 總幹事")
    docx, pdf = (g.path for g in made)
    rows = table_of(docx)
    assert len(rows) == 17 and all(row[3] == "陳美玲 中心主任" for row in rows[1:])
    assert save_pages(pdf, "form-2.01-full") == [PAPERS / "form-2.01-full-1.png"]
    assert pdf_pages(pdf) == 1
    lines = pdf_text(pdf, "-layout").splitlines()
    for standard in STANDARDS:
        assert any(standard.name_zh in line.replace(" ", "") for line in lines), standard.name_zh

    def line_of(words: str) -> int:
        return next(number for number, line in enumerate(lines) if words in line)
    # the sign-off block is on the page, below the table
    assert line_of("免受侵犯政策") < line_of("機構主管 Agency head：何家明 總幹事") \
        < line_of("下次檢討年期 Next review：2026-27（2026-12-01 – 2027-03-31）")
    # and its blank checklist for the next cycle, with the title's notice and taller rows
    blank = generate_form_201(ab, "full", cycle_year=2026, actor=ACTOR, output=PDF)[1].path
    assert save_pages(blank, "form-2.01-full-blank") == [PAPERS / "form-2.01-full-blank-1.png"]
    assert pdf_pages(blank) == 1
    assert "空白檢討清單" in pdf_text(blank)


def test_a_document_saved_as_docx_and_pdf_is_one_row_naming_both(ab: Repository) -> None:
    made = generate_form_201(ab, "full", cycle_year=2023, actor=ACTOR, output=PDF)
    docx, pdf = (g.path for g in made)
    rows = table_of(docx)
    assert rows[14][1] == (
        "私隱和保密政策 Privacy and confidentiality Policy.docx / .pdf (v1)\n"
        "閉路電視使用及查閱指引 CCTV Use and Access Guidelines.docx / .pdf (v1)\n"
        "結果：無需修訂 no change")
    assert rows[1][1] == ("服務資料政策 Service information Policy.docx / .pdf (v1)\n"
                          "結果：無需修訂 no change")
    # the formats and version never start a line of their own: no-break spaces keep them on
    assert table_of(docx, nbsp="~")[14][1].startswith(
        "私隱和保密政策 Privacy and confidentiality Policy.docx~/~.pdf~(v1)\n")
    text = pdf_text(pdf).replace("\n", " ").replace("\u00a0", " ")
    assert text.count("閉路電視使用及查閱指引") == 1
    assert "CCTV Use and Access Guidelines.docx / .pdf (v1)" in text


def test_a_pair_whose_versions_differ_names_each_version(ab: Repository) -> None:
    policy = (ab.root / "policies/full/SQS-14 私隱和保密"
              / "私隱和保密政策 Privacy and confidentiality Policy.docx")
    word = Document()
    word.add_paragraph("第二版")
    word.save(str(policy))
    bump_mtime(policy)
    scan(ab, ACTOR)
    record_review(ab, unit="full", sqs=14, reviewed_on=date(2024, 3, 28), reviewer="陳美玲",
                  outcome="amended", actor=ACTOR)
    (made,) = generate_form_201(ab, "full", cycle_year=2023, actor=ACTOR, output=HERE)
    assert table_of(made.path)[14][1].split("\n")[0] == (
        "私隱和保密政策 Privacy and confidentiality Policy.docx (v2) / .pdf (v1)")


def test_latin_text_is_set_in_the_chinese_typeface(ab: Repository) -> None:
    made = generate_form_201(ab, "ab", cycle_year=2023, actor=ACTOR, output=PDF)
    docx, pdf = (g.path for g in made)
    document = Document(str(docx))
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    assert fonts_of(defaults.find(qn("w:rPr"))) == {CJK}
    for style in document.styles:
        rpr = style.element.find(qn("w:rPr"))
        if rpr is not None and rpr.find(qn("w:rFonts")) is not None:
            assert fonts_of(rpr) == {CJK}, style.name
    runs = document.element.body.iter(qn("w:r"))
    assert all(fonts_of(run.find(qn("w:rPr"))) <= {CJK} for run in runs)  # none of their own
    used = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                          check=True).stdout.splitlines()[2:]
    assert used and all("NotoSansCJK" in line for line in used), used  # no DejaVu, no Arial


def fonts_of(rpr: Any) -> set[str]:
    """The fonts a `w:rPr` names for Latin, Chinese and complex scripts (none: empty)."""
    fonts = None if rpr is None else rpr.find(qn("w:rFonts"))
    if fonts is None:
        return set()
    return {fonts.get(qn(f"w:{kind}")) for kind in ("ascii", "hAnsi", "eastAsia", "cs")}


def test_out_must_be_a_folder_or_a_docx(ab: Repository, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match=r"give a folder, or a file name ending in \.docx"):
        generate_form_201(ab, "ab", cycle_year=2023, actor=ACTOR,
                          output=Output(out=tmp_path / "f.pdf"))
    (done,) = generate_form_201(ab, "ab", cycle_year=2023, actor=ACTOR,
                                output=Output(out=tmp_path / "checklist.docx"))
    assert done.path == tmp_path / "checklist.docx" and done.path.is_file()


def test_pdf_without_libreoffice_is_one_line_and_writes_nothing(
        ab: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    with pytest.raises(Unsupported, match="LibreOffice is not installed; install LibreOffice"):
        generate_form_201(ab, "ab", cycle_year=2023, actor=ACTOR, output=PDF)
    assert not (ab.root / "records/ab/generated/SQS-02 form-2.01 2023-24.docx").exists()


# -- templates ---------------------------------------------------------------------------------


def own_template(repo: Repository, name: str, *paragraphs: str) -> Path:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    path = repo.root / "templates" / name
    document.save(str(path))
    return path


def test_the_repositorys_own_template_replaces_the_built_in_one(ab: Repository) -> None:
    own_template(ab, "form-2.01.docx", "本會自訂表格 {{ unit_en }} {{ cycle }}",
                 "{% for row in rows %}{{ row.sqs }}:{{ row.date }};{% endfor %}")
    (done,) = generate_form_201(ab, "ab", cycle_year=2023, actor=ACTOR, output=HERE)
    lines = texts(done.path)
    assert lines[0] == "本會自訂表格 A & B <Centre> 2023-24"
    assert lines[1].startswith("1:2024-01-11;2:2024-01-12;3:2024-01-13;4:2024-01-14;5:;")
    note = ab.version(ab.document(done.path)).note or ""
    assert "templates/form-2.01.docx (" in note


def test_a_template_with_an_unknown_field_fails_naming_it(ab: Repository, cli: Cli) -> None:
    own_template(ab, "form-2.02.docx", "{{ unit_en }} {% for row in rows %}{{ row.clasue }}"
                 "{% endfor %}")
    with pytest.raises(TemplateProblem, match="has no attribute 'clasue'"):
        generate_form_202(ab, "ab", actor=ACTOR, output=HERE)
    result = cli("generate", "form-2.02", "--unit", "ab")
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "clasue" in result.output


def test_a_template_reaching_for_python_internals_is_refused(ab: Repository) -> None:
    own_template(ab, "form-2.01.docx", "{{ ''.__class__.__mro__ }}")
    with pytest.raises(TemplateProblem, match="was refused"):
        generate_form_201(ab, "ab", cycle_year=2023, actor=ACTOR, output=HERE)


def test_built_in_templates_are_what_the_script_makes() -> None:
    check = subprocess.run([sys.executable, str(PROJECT / "scripts/make_templates.py"),
                            "--check"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


@pytest.mark.parametrize(("name", "width", "height"), [("form-2.01.docx", 11906, 16838),
                                                       ("form-2.02.docx", 16838, 11906)])
def test_built_in_templates_are_a4_with_a_chinese_font_and_its_fallback(
        name: str, width: int, height: int) -> None:
    with zipfile.ZipFile(PROJECT / "repo_tool/templates" / name) as docx:
        document = docx.read("word/document.xml").decode()
        styles = docx.read("word/styles.xml").decode()
        fonts = docx.read("word/fontTable.xml").decode()
    assert f'w:w="{width}" w:h="{height}"' in document
    assert "{%tr for row in rows %}" in document and "{%tr endfor %}" in document
    assert 'w:eastAsia="Noto Sans CJK TC"' in styles
    assert 'w:eastAsia="zh-HK"' in styles
    assert '<w:font w:name="Noto Sans CJK TC"><w:altName w:val="PMingLiU"/>' in fonts
