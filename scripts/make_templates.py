#!/usr/bin/env python3
"""Build the built-in Word templates of forms 2.01 and 2.02 (HKCSS SQS 2 policy, seed 001).

Writes `repo_tool/templates/form-2.01.docx` and `form-2.02.docx` with python-docx: bilingual
headings, A4 (2.01 portrait, 2.02 landscape), a table whose rows come from a docxtpl
`{%tr for row in rows %}` loop, and one typeface for both scripts: every style sets Latin and
East Asian text in Noto Sans CJK TC (which has Latin letters in the same design), and the font
table tells Word to replace it with PMingLiU (新細明體) on a PC that lacks it. Form 2.01 keeps
its 16 rows and the sign-off on one A4 page, and says when it is the blank checklist. The
fields each template uses are listed in docs/reviews-and-forms.md ("Your own templates"); a
repository's `templates/` may hold its own files of the same names.

The output is reproducible (fixed document properties, zip entries with fixed timestamps), so
the committed templates can be checked against this script:

    .venv/bin/python scripts/make_templates.py            # write both templates
    .venv/bin/python scripts/make_templates.py --check    # exit 1 if a template is stale
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from repo_tool.generate._word import default_fonts, explicit_fonts

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "repo_tool" / "templates"

CJK_FONT = "Noto Sans CJK TC"
LATIN_FONT = CJK_FONT  # its Latin letters match its Chinese; Arial beside it looked pasted in
CJK_FALLBACK = "PMingLiU"
FIXED_TIME = datetime(2024, 1, 1)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
GREY = RGBColor(0x55, 0x55, 0x55)
BLANK = "＿＿＿＿＿＿＿＿"


@dataclass(frozen=True)
class Column:
    """One column of a form's table: its bilingual heading, width and row fields."""

    zh: str
    en: str
    width_cm: float
    fields: tuple[tuple[str, float, bool], ...]  # (jinja expression, size pt, bold) per line


# 18.0 cm between 1.5 cm margins, the most for the documents; the staff column holds a name
# and a title (陳美玲 中心主任) on one line. The review period is one cell down the whole
# table, as the seed's 每三年十二月開始檢討 is ({% vm %}: docxtpl merges the loop's copies of
# the cell).
FORM_201_COLUMNS = (
    Column("服務質素標準", "SQS", 4.1,
           (("{{ row.sqs }}　{{ row.name_zh }}", 8.5, True), ("{{ row.name_en }}", 7.0, False))),
    Column("檢討文件名稱", "Document reviewed", 5.7,
           (("{{ row.documents }}", 7.5, False), ("{{ row.outcome }}", 6.5, False))),
    Column("檢討時段", "Review period", 1.7, (("{% vm %}{{ row.period }}", 7.5, False),)),
    Column("負責職員", "Responsible staff", 2.3, (("{{ row.staff }}", 7.5, False),)),
    Column("檢討日期", "Review date", 2.0, (("{{ row.date }}", 8.0, False),)),
    Column("負責職員簽署", "Signature", 2.2, (("{{ row.signature }}", 8.0, False),)),
)

FORM_202_COLUMNS = (
    Column("服務質素標準編號", "SQS", 3.3,
           (("{{ row.sqs }}　{{ row.name_zh }}", 8.5, True), ("{{ row.name_en }}", 7.0, False))),
    Column("需修訂條文", "Clause amended", 3.3, (("{{ row.clause }}", 8.0, False),)),
    Column("修訂原因", "Reason", 4.0, (("原因 Reason：{{ row.reason }}", 8.0, False),)),
    Column("更新內容", "New content", 5.0, (("{{ row.new_content }}", 8.0, False),)),
    Column("更新日期", "Date updated", 2.2, (("{{ row.updated }}", 8.0, False),)),
    Column("發布日期", "Date released", 2.2, (("{{ row.released }}", 8.0, False),)),
    Column("下次檢討日期", "Next review", 2.2, (("{{ row.next_review }}", 8.0, False),)),
    # the seed's 負責職員簽署: the typed name, then an empty cell to sign in
    Column("負責職員", "Responsible staff", 2.3, (("{{ row.responsible }}", 8.0, False),)),
    Column("簽署", "Signature", 2.5, (("{{ row.signature }}", 8.0, False),)),
)


# -- fonts and styles -----------------------------------------------------------------------


def _set_fonts(rpr: Any) -> None:
    explicit_fonts(rpr, LATIN_FONT, CJK_FONT)


def _configure_styles(doc: Any) -> None:
    default_fonts(doc, LATIN_FONT, CJK_FONT)
    for style in doc.styles:
        element = style.element
        if element.find(qn("w:rPr")) is not None or style.name in ("Normal", "Table Grid"):
            _set_fonts(element.get_or_add_rPr())
    normal = doc.styles["Normal"]
    normal.font.size = Pt(9.5)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.1


def _font_entry(name: str, alt: str, charset: str, family: str, pitch: str) -> Any:
    font = OxmlElement("w:font")
    font.set(qn("w:name"), name)
    alt_name = OxmlElement("w:altName")
    alt_name.set(qn("w:val"), alt)
    font.append(alt_name)
    for tag, value in (("w:charset", charset), ("w:family", family), ("w:pitch", pitch)):
        child = OxmlElement(tag)
        child.set(qn("w:val"), value)
        font.append(child)
    return font


def _add_font_fallbacks(doc: Any) -> None:
    """Tell Word which font stands in for Noto Sans CJK TC on a PC without it (PMingLiU)."""
    from lxml import etree

    part = next(p for p in doc.part.package.parts if str(p.partname) == "/word/fontTable.xml")
    root = etree.fromstring(part.blob)
    for name in (CJK_FONT, CJK_FALLBACK):
        for old in root.findall(qn("w:font")):
            if old.get(qn("w:name")) == name:
                root.remove(old)
    root.insert(0, _font_entry(CJK_FALLBACK, "新細明體", "88", "roman", "variable"))
    root.insert(0, _font_entry(CJK_FONT, CJK_FALLBACK, "88", "swiss", "variable"))
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# -- building blocks ------------------------------------------------------------------------


def _page(doc: Any, landscape: bool) -> Any:
    section = doc.sections[0]
    short, long_ = Cm(21.0), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = long_, short
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = short, long_
    section.left_margin = section.right_margin = Cm(1.5)
    section.top_margin = Cm(1.4 if landscape else 1.2)
    section.bottom_margin = Cm(1.3 if landscape else 1.1)
    section.header_distance = Cm(0.6)
    section.footer_distance = Cm(0.6)
    return section


def _run(paragraph: Any, text: str, size: float, bold: bool = False,
         colour: RGBColor | None = None) -> Any:
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    if colour is not None:
        run.font.color.rgb = colour
    return run


def _para(container: Any, text: str, size: float, bold: bool = False,
          align: Any = None, before: float = 0, after: float = 0,
          colour: RGBColor | None = None) -> Any:
    paragraph = container.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_before = Pt(before)
    paragraph.paragraph_format.space_after = Pt(after)
    _run(paragraph, text, size, bold, colour)
    return paragraph


def _header_footer(section: Any, footer_text: str) -> None:
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _run(header, "{{ organisation_zh }} {{ organisation_en }}", 7.5, colour=GREY)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(footer, footer_text + "　第 ", 7, colour=GREY)
    _simple_field(footer, "PAGE", 7)
    _run(footer, " 頁，共 ", 7, colour=GREY)
    _simple_field(footer, "NUMPAGES", 7)
    _run(footer, " 頁 page(s)", 7, colour=GREY)


def _simple_field(paragraph: Any, instruction: str, size: float) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), str(int(size * 2)))
    rpr.append(sz)
    run.append(rpr)
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _headings(doc: Any, title_zh: str, title_en: str) -> None:
    centre = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, "{{ organisation_zh }}", 13, True, centre)
    _para(doc, "{{ organisation_en }}", 9.5, False, centre, after=4, colour=GREY)
    _para(doc, title_zh, 15, True, centre)
    _para(doc, title_en, 10.5, False, centre, after=8)


def _shade(cell: Any, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tcpr.append(shading)


def _cell_lines(cell: Any, lines: Sequence[tuple[str, float, bool]],
                align: Any = None, tight: bool = False) -> None:
    first = cell.paragraphs[0]
    for index, (text, size, bold) in enumerate(lines):
        paragraph = first if index == 0 else cell.add_paragraph()
        if align is not None:
            paragraph.alignment = align
        # at least a CJK line's height, so Latin-only cells sit on the same baseline; `tight`:
        # exactly 1.25 lines, which Noto Sans CJK's glyphs still fit (its ascent leaves room)
        paragraph.paragraph_format.line_spacing_rule = \
            WD_LINE_SPACING.EXACTLY if tight else WD_LINE_SPACING.AT_LEAST
        paragraph.paragraph_format.line_spacing = Pt(round(size * (1.25 if tight else 1.45), 1))
        _run(paragraph, text, size, bold, None if index == 0 or bold else GREY)


def _repeat_header(row: Any) -> None:
    trpr = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    trpr.append(marker)
    keep = OxmlElement("w:cantSplit")
    keep.set(qn("w:val"), "true")
    trpr.append(keep)


def _body_row(row: Any, min_height_cm: float) -> None:
    """A row that never breaks across pages and leaves room for a signature."""
    trpr = row._tr.get_or_add_trPr()
    keep = OxmlElement("w:cantSplit")
    keep.set(qn("w:val"), "true")
    trpr.append(keep)
    height = OxmlElement("w:trHeight")
    height.set(qn("w:val"), str(int(min_height_cm * 567)))
    height.set(qn("w:hRule"), "atLeast")
    trpr.append(height)


def _cell_margins(table: Any, top_bottom_pt: float) -> None:
    """A little room above and below each cell's text (left and right as Table Grid has)."""
    margins = OxmlElement("w:tblCellMar")
    for side, twips in (("top", top_bottom_pt * 20), ("left", 108),
                        ("bottom", top_bottom_pt * 20), ("right", 108)):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(int(twips)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    look = table._tbl.tblPr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        table._tbl.tblPr.append(margins)


def _form_table(doc: Any, columns: Sequence[Column], min_height_cm: float,
                tight: bool = False) -> Any:
    """Header row, then three rows docxtpl turns into one row per item of `rows`; `tight`
    lines where a page must hold many rows."""
    table = doc.add_table(rows=4, cols=len(columns))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    head, loop, body, end = table.rows
    for index, column in enumerate(columns):
        for row in table.rows:
            row.cells[index].width = Cm(column.width_cm)
        table.columns[index].width = Cm(column.width_cm)
        cell = head.cells[index]
        _cell_lines(cell, ((column.zh, 8.5, True), (column.en, 7.0, False)),
                    WD_ALIGN_PARAGRAPH.CENTER, tight)
        _shade(cell, "E7ECF2")
        _cell_lines(body.cells[index], column.fields, tight=tight)
    _repeat_header(head)
    _body_row(body, min_height_cm)
    if tight:
        _cell_margins(table, 1.2)
    loop.cells[0].paragraphs[0].add_run("{%tr for row in rows %}")
    end.cells[0].paragraphs[0].add_run("{%tr endfor %}")
    return table


def _sign_line(doc: Any, label: str, value: str, before: float = 5, size: float = 9.5) -> None:
    paragraph = _para(doc, label, size, True, before=before)
    _run(paragraph, value, size)


# -- the two forms --------------------------------------------------------------------------


def _keep_together(doc: Any, count: int) -> None:
    """The last `count` paragraphs move to a new page together, never one by one."""
    for paragraph in doc.paragraphs[-count:-1]:
        paragraph.paragraph_format.keep_with_next = True


def form_201() -> Any:
    """Form 2.01: the review checklist of all 16 SQSs for one cycle, on one A4 page (rows of
    two documents each still fit); the blank checklist says so under the title."""
    doc = Document()
    _configure_styles(doc)
    _add_font_fallbacks(doc)
    section = _page(doc, landscape=False)
    _header_footer(section, "表格 2.01 Form 2.01 · {{ unit_code }} · {{ cycle }}")
    centre = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, "{{ organisation_zh }}　{{ organisation_en }}", 10, True, centre, after=2)
    _para(doc, "檢討及更新各項服務質素標準一覽表", 14, True, centre)
    _para(doc, "Form 2.01 · Review Checklist of the 16 Service Quality Standards", 9.5, False,
          centre, after=4)
    _para(doc, "{%p if blank %}", 9)
    notice = _para(doc, "空白檢討清單：本周期未有檢討紀錄，供檢討會議填寫　", 9, True, centre,
                   after=3)
    _run(notice, "Blank checklist: no review recorded yet, to fill in at the review meeting", 7.5,
         colour=GREY)
    _para(doc, "{%p endif %}", 9)
    _sign_line(doc, "單位 Unit：", "{{ unit_zh }}　{{ unit_en }}", before=0, size=9)
    _sign_line(doc, "檢討周期 Review cycle：",
               "{{ cycle }}（{{ period }}）　生效日期 Effective from：{{ effective }}", before=1,
               size=9)
    _para(doc, "", 3)
    table = _form_table(doc, FORM_201_COLUMNS, 0.7, tight=True)
    # the blank checklist is written on by hand: taller rows (the page has room for them)
    height = table.rows[2]._tr.trPr.find(qn("w:trHeight"))
    height.set(qn("w:val"), "{{ " + str(int(0.85 * 567)) + " if blank else "
               + height.get(qn("w:val")) + " }}")
    _para(doc, "由 {{ led_by or '" + BLANK + "' }} "
          "負責推動及監察整個檢討流程，最後由機構主管確認。", 8.5, before=6)
    _para(doc, "The review was led and monitored by {{ led_by or '" + BLANK + "' }} and "
          "confirmed by the agency head.", 7.5, colour=GREY)
    _sign_line(doc, "負責推動檢討 Review led by：",
               "{{ led_by or '" + BLANK + "' }}　　簽署 Signature：" + BLANK, before=9, size=9)
    _sign_line(doc, "機構主管 Agency head：",
               "{{ head or '" + BLANK + "' }}　　簽署 Signature：" + BLANK, before=9, size=9)
    paragraph = _para(doc, "日期 Date：", 9, True, before=9)
    _run(paragraph, "{{ signed_on or '" + BLANK + "' }}　　", 9)
    _run(paragraph, "下次檢討年期 Next review：", 9, True)
    _run(paragraph, "{{ next_cycle }}（{{ next_period }}）", 9)
    _keep_together(doc, 5)
    return doc


def form_202() -> Any:
    """Form 2.02: the record of amendments between full reviews."""
    doc = Document()
    _configure_styles(doc)
    _add_font_fallbacks(doc)
    section = _page(doc, landscape=True)
    _header_footer(section, "表格 2.02 Form 2.02 · {{ unit_code }} · {{ period }}")
    _headings(doc, "服務質素標準政策及程序更新紀錄表",
              "Form 2.02 · Amendment Record of SQS Policies and Procedures")
    _sign_line(doc, "單位 Unit：", "{{ unit_zh }}　{{ unit_en }}", before=0)
    _sign_line(doc, "期間 Period：", "{{ period }}", before=2)
    _para(doc, "", 4)
    _form_table(doc, FORM_202_COLUMNS, 1.3)
    _sign_line(doc, "機構主管審核簽署 Approved by the agency head：",
               "{{ head or '" + BLANK + "' }}　　簽署 Signature：" + BLANK, before=14)
    _sign_line(doc, "日期 Date：", "{{ approved_on or '" + BLANK + "' }}", before=10)
    return doc


# -- reproducible output --------------------------------------------------------------------


def _fix_properties(doc: Any, title: str) -> None:
    props = doc.core_properties
    props.title = title
    props.author = "repo-tool"
    props.last_modified_by = "repo-tool"
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    props.comments = ""
    props.subject = "SQS 2"
    props.keywords = "SQS 2"


def to_bytes(doc: Any, title: str) -> bytes:
    """The .docx with fixed properties and zip timestamps: the same input, the same bytes."""
    _fix_properties(doc, title)
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest:
        for info in source.infolist():
            if info.filename == "docProps/thumbnail.jpeg":
                continue
            data = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b'<Default Extension="jpeg" ContentType="image/jpeg"/>', b"")
            if info.filename == "_rels/.rels":
                data = _drop_thumbnail_rel(data)
            entry = zipfile.ZipInfo(info.filename, ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            dest.writestr(entry, data)
    return out.getvalue()


def _drop_thumbnail_rel(data: bytes) -> bytes:
    from lxml import etree

    root = etree.fromstring(data)
    for rel in list(root):
        if rel.get("Target", "").endswith("thumbnail.jpeg"):
            root.remove(rel)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


TEMPLATES = {
    "form-2.01.docx": (form_201, "表格 2.01 檢討及更新各項服務質素標準一覽表 Form 2.01"),
    "form-2.02.docx": (form_202, "表格 2.02 服務質素標準政策及程序更新紀錄表 Form 2.02"),
}


def build_all() -> dict[str, bytes]:
    """Each template's file name and bytes."""
    return {name: to_bytes(build(), title) for name, (build, title) in TEMPLATES.items()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if a committed template differs from what this script makes")
    args = parser.parse_args(argv)
    stale = []
    for name, data in build_all().items():
        path = OUT / name
        if args.check:
            if not path.is_file() or path.read_bytes() != data:
                stale.append(name)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {path.relative_to(ROOT)} ({len(data):,} bytes)")
    if stale:
        print(f"stale: {', '.join(stale)}; run scripts/make_templates.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
