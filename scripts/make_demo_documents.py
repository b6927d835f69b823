#!/usr/bin/env python3
"""Generate the demo repository documents for the fictional Ming Tak Social Service Association.

The demo repository (``repo.yaml``, ``policies/``, ``records/``) describes a fictional agency with a
head office (``agency``) and two service units: an integrated children and youth services centre
(``ycc``) and a small group home for children with mild intellectual disability (``home``).

This script writes every ``.docx`` under ``policies/`` and ``records/`` from the content below and
converts the documents marked ``pdf=True`` to PDF with LibreOffice. ``repo.yaml`` and the
``records/<unit>/staff.yaml`` rosters are hand-written and are not touched.

The output is reproducible:

* every ``.docx`` has fixed core properties (created, modified, last modified by, revision) and
  is re-zipped with fixed timestamps, so re-running the script gives byte-identical files;
* the PDFs have their creation date and document ID pinned; their bytes still depend on the
  LibreOffice version and the installed fonts (``fonts-noto-cjk``).

Usage::

    .venv/bin/python scripts/make_demo_documents.py            # write docx and pdf
    .venv/bin/python scripts/make_demo_documents.py --no-pdf   # docx only
    .venv/bin/python scripts/make_demo_documents.py --check    # exit 1 if any docx is stale

The text is fictional. Names of people are invented; complainants in the registers are anonymised.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor, Twips

from repo_tool.generate._word import default_fonts, explicit_fonts

ROOT = Path(__file__).resolve().parent.parent

LATIN_FONT = "Arial"
CJK_FONT = "Noto Sans CJK HK"
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)

ORG_ZH = "明德社會服務協會"
ORG_EN = "Ming Tak Social Service Association"


@dataclass(frozen=True)
class Unit:
    code: str
    short: str  # used in document numbers
    name_zh: str
    name_en: str
    phone: str
    head_zh: str  # post title of the person in charge
    head_en: str
    head_name: str


UNITS: dict[str, Unit] = {
    u.code: u
    for u in (
        Unit(
            "agency",
            "HO",
            "明德社會服務協會總辦事處",
            "Ming Tak Social Service Association Head Office",
            "2345 6789",
            "總幹事",
            "Chief Executive",
            "何家明",
        ),
        Unit(
            "ycc",
            "YCC",
            "明德沙田綜合青少年服務中心",
            "Ming Tak Sha Tin Integrated Children and Youth Services Centre",
            "2468 1357",
            "中心主任",
            "Centre-in-charge",
            "陳美玲",
        ),
        Unit(
            "home",
            "SGH",
            "明德晴天輕度弱智兒童之家",
            "Ming Tak Sunny Small Group Home for Children with Mild Intellectual Disability",
            "2690 4321",
            "家舍主任",
            "Home-in-charge",
            "周麗華",
        ),
    )
}

SQS_NAMES: dict[int, tuple[str, str]] = {
    1: ("服務資料", "Service information"),
    2: ("檢討及修訂政策和程序", "Review and update of policies and procedures"),
    3: ("運作及活動記錄", "Operational and activity records"),
    4: ("職務及責任", "Roles and responsibilities"),
    5: ("人力資源", "Human resources"),
    6: ("計劃、評估及收集意見", "Planning, evaluation and feedback"),
    7: ("財政管理", "Financial management"),
    8: ("法律責任", "Legal obligations"),
    9: ("安全的環境", "Safe environment"),
    10: ("申請和退出服務", "Service access and exit"),
    11: ("評估服務使用者的需要", "Assessment of service users' needs"),
    12: ("知情的選擇", "Informed choice"),
    13: ("私人財產", "Private property"),
    14: ("私隱和保密", "Privacy and confidentiality"),
    15: ("申訴", "Complaints"),
    16: ("免受侵犯", "Freedom from abuse"),
}

CHIEF_EXECUTIVE = "何家明 總幹事 Chief Executive"


def sqs_folder(sqs: int) -> str:
    """Folder name of one SQS, e.g. ``SQS-14 私隱和保密``."""
    return f"SQS-{sqs:02d} {SQS_NAMES[sqs][0]}"


def sqs_line(sqs: int) -> str:
    zh, en = SQS_NAMES[sqs]
    return f"服務質素標準 {sqs}：{zh} ｜ SQS {sqs}: {en}"


def stamp(day: str, hour: int = 10) -> datetime:
    """A fixed timestamp on an ISO date (core properties are written as UTC)."""
    return datetime.combine(date.fromisoformat(day), datetime.min.time()).replace(hour=hour)


# --------------------------------------------------------------------------------------------
# Document model
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Para:
    text: str
    english: bool = False
    bold: bool = False
    center: bool = False
    size: float | None = None


@dataclass(frozen=True)
class Clause:
    number: str
    zh: str
    en: str


@dataclass(frozen=True)
class Bullet:
    text: str


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # cm, one per column
    header: bool = True  # first row is a (repeated, shaded) header row
    key_column: bool = False  # first column is shaded (key / value tables)
    size: float = 9.0


Block = Heading | Para | Clause | Bullet | Table


@dataclass(frozen=True)
class DocSpec:
    path: str  # relative to the repository root
    title: str
    subject: str
    keywords: str
    author: str
    last_modified_by: str
    created: datetime
    modified: datetime
    revision: int
    header_right: str
    footer_left: str
    blocks: tuple[Block, ...]
    category: str = ""
    version: str = ""
    status: str = ""
    landscape: bool = False
    pdf: bool = False


@dataclass(frozen=True)
class Revision:
    version: str
    day: str
    zh: str
    en: str


@dataclass(frozen=True)
class Policy:
    unit: str
    sqs: int
    stem: str  # file name without extension
    title_zh: str
    title_en: str
    purpose: tuple[str, str]
    scope: tuple[str, str]
    clauses: tuple[tuple[str, str], ...]
    history: tuple[Revision, ...]
    next_review: str
    drafted: str
    approved: str
    author: str
    references: tuple[str, ...] = ()
    approved_by: str = CHIEF_EXECUTIVE
    pdf: bool = False
    number: int = 1

    @property
    def version(self) -> str:
        return self.history[-1].version

    @property
    def effective(self) -> str:
        return self.history[-1].day

    @property
    def doc_no(self) -> str:
        return f"MT-{UNITS[self.unit].short}-SQS{self.sqs:02d}-P{self.number:02d}"


def policy_spec(p: Policy) -> DocSpec:
    """Lay out a policy: heading block, purpose, scope, numbered clauses, document control."""
    unit = UNITS[p.unit]
    blocks: list[Block] = [
        Para(f"{ORG_ZH} {ORG_EN}", bold=True, center=True, size=11),
        Para(f"{unit.name_zh}｜{unit.name_en}", center=True, size=9.5),
        Para(sqs_line(p.sqs), center=True, size=9.5),
        Heading(p.title_zh, 0),
        Para(p.title_en, english=True, bold=True, center=True, size=13),
        Heading("1. 目的 Purpose"),
        Para(p.purpose[0]),
        Para(p.purpose[1], english=True),
        Heading("2. 適用範圍 Scope"),
        Para(p.scope[0]),
        Para(p.scope[1], english=True),
        Heading("3. 政策及程序 Policy and procedures"),
    ]
    blocks += [Clause(f"3.{i}", zh, en) for i, (zh, en) in enumerate(p.clauses, start=1)]
    section = 4
    if p.references:
        blocks.append(Heading(f"{section}. 相關文件及參考 Related documents and references"))
        blocks += [Bullet(r) for r in p.references]
        section += 1
    blocks.append(Heading(f"{section}. 文件控制 Document control"))
    blocks.append(
        Table(
            (
                ("文件編號 Document no.", p.doc_no),
                ("版本 Version", p.version),
                ("核准人 Approved by", p.approved_by),
                ("核准日期 Date approved", p.approved),
                ("生效日期 Effective date", p.effective),
                ("下次檢討日期 Next review date", p.next_review),
                ("文件負責人 Document owner", p.author),
            ),
            (5.5, 11.0),
            header=False,
            key_column=True,
            size=9.5,
        )
    )
    blocks.append(Para("修訂紀錄 Revision history", bold=True, size=9.5))
    blocks.append(
        Table(
            (
                ("版本 Version", "生效日期 Effective", "修訂摘要 Summary of changes"),
                *((r.version, r.day, f"{r.zh}\n{r.en}") for r in p.history),
            ),
            (2.3, 3.2, 11.0),
        )
    )
    zh_sqs, en_sqs = SQS_NAMES[p.sqs]
    return DocSpec(
        path=f"policies/{p.unit}/{sqs_folder(p.sqs)}/{p.stem}.docx",
        title=f"{p.title_zh} {p.title_en}",
        subject=f"SQS {p.sqs} {zh_sqs} {en_sqs}",
        keywords=f"SQS {p.sqs}; {zh_sqs}; {en_sqs}; {unit.name_en}; policy",
        author=p.author,
        last_modified_by=p.author,
        created=stamp(p.drafted, 9),
        modified=stamp(p.approved, 17),
        revision=3 * len(p.history) + 1,
        header_right=f"{p.doc_no}　v{p.version}",
        footer_left=f"生效日期 Effective {p.effective}｜下次檢討 Next review {p.next_review}",
        blocks=tuple(blocks),
        category="政策及程序 Policy and procedure",
        version=p.version,
        status="已核准 Approved",
        pdf=p.pdf,
    )


@dataclass(frozen=True)
class Record:
    """An evidence record: free-form blocks under a title."""

    unit: str
    sqs: int
    stem: str
    title_zh: str
    title_en: str
    blocks: tuple[Block, ...]
    created: str
    modified: str
    author: str
    ref: str
    revision: int = 1
    landscape: bool = False
    last_modified_by: str = ""


def record_spec(r: Record) -> DocSpec:
    unit = UNITS[r.unit]
    zh_sqs, en_sqs = SQS_NAMES[r.sqs]
    head: tuple[Block, ...] = (
        Para(f"{unit.name_zh}｜{unit.name_en}", bold=True, center=True, size=11),
        Heading(r.title_zh, 0),
        Para(r.title_en, english=True, bold=True, center=True, size=12),
    )
    return DocSpec(
        path=f"records/{r.unit}/{sqs_folder(r.sqs)}/{r.stem}.docx",
        title=f"{r.title_zh} {r.title_en}",
        subject=f"SQS {r.sqs} {zh_sqs} {en_sqs}",
        keywords=f"SQS {r.sqs}; {zh_sqs}; {en_sqs}; {unit.name_en}; record",
        author=r.author,
        last_modified_by=r.last_modified_by or r.author,
        created=stamp(r.created, 9),
        modified=stamp(r.modified, 16),
        revision=r.revision,
        header_right=r.ref,
        footer_left=f"紀錄 Record｜SQS {r.sqs} {zh_sqs} {en_sqs}",
        blocks=head + r.blocks,
        category="紀錄 Record",
        landscape=r.landscape,
    )


# --------------------------------------------------------------------------------------------
# Rendering with python-docx
# --------------------------------------------------------------------------------------------


def _set_run_fonts(rpr: Any) -> None:
    explicit_fonts(rpr, LATIN_FONT, CJK_FONT)


def _configure_styles(doc: Any) -> None:
    styles = doc.styles
    default_fonts(doc, LATIN_FONT, CJK_FONT)

    normal = styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.15
    for name, size in (("Title", 16.0), ("Heading 1", 12.5), ("Heading 2", 11.0)):
        style = styles[name]
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
        _set_run_fonts(style.element.get_or_add_rPr())
    _set_run_fonts(normal.element.get_or_add_rPr())
    title = styles["Title"]
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(8)
    title.paragraph_format.space_after = Pt(2)
    # the default Title style has a bottom border; drop it for a cleaner form look
    ppr = title.element.find(qn("w:pPr"))
    if ppr is not None:
        border = ppr.find(qn("w:pBdr"))
        if border is not None:
            ppr.remove(border)
    h1 = styles["Heading 1"]
    h1.paragraph_format.space_before = Pt(10)
    h1.paragraph_format.space_after = Pt(4)


def _add_field(paragraph: Any, instr: str) -> None:
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), f" {instr} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    fld.append(run)
    paragraph._p.append(fld)


def _shade(cell: Any, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _set_cell_text(cell: Any, text: str, size: float, bold: bool) -> None:
    lines = text.split("\n")
    first = cell.paragraphs[0]
    paragraphs = [first] + [cell.add_paragraph() for _ in lines[1:]]
    for paragraph, line in zip(paragraphs, lines, strict=True):
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.line_spacing = 1.0
        run = paragraph.add_run(line)
        run.font.size = Pt(size)
        run.bold = bold


def _render_table(doc: Any, table: Table) -> None:
    ncols = len(table.widths)
    t = doc.add_table(rows=len(table.rows), cols=ncols)
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    for grid_col, width in zip(t._tbl.tblGrid.findall(qn("w:gridCol")), table.widths, strict=True):
        grid_col.set(qn("w:w"), str(int(width * 567)))
    for r, values in enumerate(table.rows):
        if len(values) != ncols:
            raise ValueError(f"table row {r} has {len(values)} cells, expected {ncols}")
        row = t.rows[r]
        is_header = table.header and r == 0
        if is_header:
            trpr = row._tr.get_or_add_trPr()
            trpr.append(OxmlElement("w:tblHeader"))
        for c, value in enumerate(values):
            cell = row.cells[c]
            cell.width = Cm(table.widths[c])
            is_key = table.key_column and c == 0
            _set_cell_text(cell, value, table.size, bold=is_header or is_key)
            if is_header:
                _shade(cell, "D9E2F3")
            elif is_key:
                _shade(cell, "F2F2F2")
    doc.add_paragraph().paragraph_format.space_after = Pt(2)


def _render_block(doc: Any, block: Block) -> None:
    add = doc.add_paragraph
    if isinstance(block, Heading):
        doc.add_heading(block.text, block.level)
    elif isinstance(block, Para):
        p = add()
        run = p.add_run(block.text)
        run.bold = block.bold
        if block.size is not None:
            run.font.size = Pt(block.size)
        if block.english:
            run.font.color.rgb = RGBColor(0x40, 0x40, 0x40)
            if block.size is None:
                run.font.size = Pt(10)
        if block.center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif isinstance(block, Clause):
        zh = add()
        fmt = zh.paragraph_format
        fmt.left_indent = Cm(1.1)
        fmt.first_line_indent = Cm(-1.1)
        fmt.tab_stops.add_tab_stop(Cm(1.1))
        fmt.space_after = Pt(1)
        fmt.keep_with_next = True
        zh.add_run(f"{block.number}\t").bold = True
        zh.add_run(block.zh)
        en = add()
        en.paragraph_format.left_indent = Cm(1.1)
        en.paragraph_format.space_after = Pt(6)
        run = en.add_run(block.en)
        run.font.size = Pt(10)
        run.font.color.rgb = RGBColor(0x40, 0x40, 0x40)
    elif isinstance(block, Bullet):
        # a literal bullet rather than Word numbering: the Symbol-font bullet of "List Bullet"
        # comes out of PDF text extraction as a private-use character
        p = add()
        p.paragraph_format.left_indent = Cm(0.8)
        p.paragraph_format.first_line_indent = Cm(-0.5)
        p.paragraph_format.tab_stops.add_tab_stop(Cm(0.8))
        p.paragraph_format.space_after = Pt(2)
        p.add_run(f"•\t{block.text}")
    else:
        _render_table(doc, block)


def _page_setup(doc: Any, spec: DocSpec) -> None:
    section = doc.sections[0]
    short, long_ = Cm(21.0), Cm(29.7)
    if spec.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = long_, short
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = short, long_
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    section.top_margin = Cm(2.0)
    section.bottom_margin = Cm(1.8)
    text_width = section.page_width - section.left_margin - section.right_margin

    header = section.header.paragraphs[0]
    footer = section.footer.paragraphs[0]
    for paragraph in (header, footer):
        tabs = paragraph.paragraph_format.tab_stops
        for inherited in (4680, 9360):  # the template's Header/Footer styles: centre and right
            tabs.add_tab_stop(Twips(inherited), WD_TAB_ALIGNMENT.CLEAR)
        tabs.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
    run = header.add_run(f"{ORG_ZH}\t{spec.header_right}")
    run.font.size = Pt(8.5)
    run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)

    for text, fieldname in ((f"{spec.footer_left}\t第 ", "PAGE"), (" 頁，共 ", "NUMPAGES")):
        run = footer.add_run(text)
        run.font.size = Pt(8)
        _add_field(footer, fieldname)
    footer.add_run(" 頁").font.size = Pt(8)


def _core_properties(doc: Any, spec: DocSpec) -> None:
    cp = doc.core_properties
    cp.title = spec.title
    cp.subject = spec.subject
    cp.keywords = spec.keywords
    cp.author = spec.author
    cp.last_modified_by = spec.last_modified_by
    cp.created = spec.created
    cp.modified = spec.modified
    cp.last_printed = spec.modified
    cp.revision = spec.revision
    cp.category = spec.category
    cp.version = spec.version
    cp.content_status = spec.status
    cp.language = "zh-HK"
    cp.comments = "Fictional demo document generated by scripts/make_demo_documents.py"
    cp.identifier = spec.path


def build_docx(spec: DocSpec) -> bytes:
    """Render one document and return the bytes of a reproducible .docx file."""
    doc = Document()
    _configure_styles(doc)
    _page_setup(doc, spec)
    for block in spec.blocks:
        _render_block(doc, block)
    _core_properties(doc, spec)
    raw = io.BytesIO()
    doc.save(raw)
    return normalise_zip(raw.getvalue())


THUMBNAIL = "docProps/thumbnail.jpeg"


def _fix_part(name: str, data: bytes) -> bytes:
    """Drop traces of python-docx's template that would mislead a reader of the package."""
    if name == "_rels/.rels":  # the template's thumbnail shows another document
        return re.sub(rb"<Relationship [^>]*Target=\"docProps/thumbnail\.jpeg\"/>", b"", data)
    if name == "[Content_Types].xml":
        return data.replace(b'<Default Extension="jpeg" ContentType="image/jpeg"/>', b"")
    if name == "docProps/app.xml":
        company = f"<Company>{ORG_EN}</Company>".encode()
        return data.replace(b"<Company/>", company)
    return data


def normalise_zip(data: bytes) -> bytes:
    """Re-zip with fixed timestamps and attributes so that equal content gives equal bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as zin,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for info in zin.infolist():
            if info.filename == THUMBNAIL:
                continue
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIMESTAMP)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.create_system = 0
            fixed.external_attr = 0
            body = _fix_part(info.filename, zin.read(info.filename))
            zout.writestr(fixed, body, compresslevel=9)
    return out.getvalue()


# --------------------------------------------------------------------------------------------
# PDF conversion (LibreOffice)
# --------------------------------------------------------------------------------------------


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def pin_pdf(data: bytes, when: datetime, seed: bytes) -> bytes:
    """Pin the creation date, the document ID and LibreOffice's checksum of a PDF.

    Each value is replaced by one of the same length, so the cross-reference offsets stay valid.
    The date becomes ``when`` (``D:YYYYMMDDHHmmSS`` keeps the original time-zone suffix).
    """
    stamp16 = f"D:{when:%Y%m%d%H%M%S}".encode()

    def fixed_date(m: re.Match[bytes]) -> bytes:
        value = m.group(2)
        if len(value) >= len(stamp16) and value.startswith(b"D:"):
            value = stamp16 + value[len(stamp16) :]
        return m.group(1) + value + b")"

    data = re.sub(rb"(/(?:CreationDate|ModDate)\s*\()([^)]*)\)", fixed_date, data)
    digest = hashlib.md5(seed).hexdigest().upper().encode()

    def fixed_hex(m: re.Match[bytes]) -> bytes:
        whole = m.group(0)
        for value in m.groups():
            whole = whole.replace(value, digest[: len(value)])
        return whole

    data = re.sub(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]", fixed_hex, data)
    return re.sub(rb"/DocChecksum\s*/([0-9A-Fa-f]+)", fixed_hex, data)


def convert_to_pdf(soffice: str, docx_bytes: bytes, when: datetime, target: Path) -> bytes:
    """Convert .docx bytes to PDF via a private LibreOffice profile in a temporary directory."""
    with tempfile.TemporaryDirectory(prefix="demo-pdf-") as tmp:
        tmpdir = Path(tmp)
        source = tmpdir / "document.docx"
        source.write_bytes(docx_bytes)
        env = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8", TZ="UTC")
        cmd = [
            soffice,
            f"-env:UserInstallation={(tmpdir / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmpdir),
            str(source),
        ]
        result = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
        produced = tmpdir / "document.pdf"
        if result.returncode != 0 or not produced.exists():
            raise RuntimeError(
                f"LibreOffice failed for {target}: rc={result.returncode}\n"
                f"{result.stdout}\n{result.stderr}"
            )
        return pin_pdf(produced.read_bytes(), when, docx_bytes)


# --------------------------------------------------------------------------------------------
# Content
# --------------------------------------------------------------------------------------------

AGENCY_REVIEW = Policy(
    unit="agency",
    sqs=2,
    stem="政策及程序檢討指引 Policy Review Procedure",
    title_zh="政策及程序檢討指引",
    title_en="Policy Review Procedure",
    purpose=(
        "確保本會設有清晰的機制，定期檢討及更新與十六項服務質素標準有關的政策及程序，"
        "讓職員及服務使用者可透過既定渠道表達意見；本會會盡量吸納意見，使服務與時並進，"
        "並符合社會福利署《津貼及服務協議》的要求。",
        "To ensure that the Association has a clear mechanism for reviewing and updating its "
        "policies and procedures under the 16 Service Quality Standards (SQSs) at regular "
        "intervals, so that staff and service users can give their views through established "
        "channels. The Association adopts their views as far as possible so that its services "
        "keep pace with changing needs and meet the requirements of the Funding and Service "
        "Agreements with the Social Welfare Department (SWD).",
    ),
    scope=(
        "本指引適用於總辦事處及轄下所有服務單位。總辦事處制訂的機構政策適用於所有單位；"
        "各單位可按服務性質另訂單位程序，惟內容不得與機構政策相抵觸。",
        "This procedure applies to the Head Office and to every service unit. Agency-wide "
        "policies issued by the Head Office apply to all units; a unit may issue its own "
        "procedures to suit the nature of its service, provided they do not conflict with "
        "agency policy.",
    ),
    clauses=(
        (
            "全面檢討週期：本會每三年就全部十六項服務質素標準的政策及程序進行一次全面檢討。"
            "檢討於該年十二月開始，須於翌年三月底前完成，修訂後的政策於新財政年度（即四月一日）"
            "起生效。",
            "Full review cycle: the Association carries out a full review of the policies and "
            "procedures under all 16 SQSs once every three years. The review starts in December "
            "and must be completed by the end of the following March; revised policies take "
            "effect from the new financial year, i.e. 1 April.",
        ),
        (
            "統籌及監察：行政及人力資源經理負責擬定檢討時間表，推動及監察整個檢討流程，"
            "並以表格 2.01「檢討及更新各項服務質素標準一覽表」記錄每項標準的檢討文件、"
            "檢討時段、負責職員及檢討日期。",
            "Coordination: the Administration and Human Resources Manager draws up the review "
            "timetable, drives and monitors the whole review, and records on Form 2.01 (Review "
            "Checklist of the 16 SQSs) the documents reviewed, the review period, the "
            "responsible staff and the review date of each standard.",
        ),
        (
            "單位檢討：各單位主任須於一月底前召開單位政策檢討會議，檢討單位程序，特別是與"
            "服務提供有關的標準（服務質素標準 6 及 10 至 16），並於二月底前把會議記錄及"
            "建議修訂提交總辦事處。",
            "Unit review: each unit-in-charge holds a unit policy review meeting by the end of "
            "January to review the unit's procedures, in particular the standards on service "
            "delivery (SQS 6 and SQS 10 to 16), and sends the minutes and the proposed "
            "amendments to the Head Office by the end of February.",
        ),
        (
            "收集職員意見：透過職員會議、個別面談或職員諮詢會收集職員意見；如有需要，"
            "以書面問卷收集。",
            "Staff views are collected through staff meetings, individual interviews or the "
            "staff consultation forum, and in writing where necessary.",
        ),
        (
            "收集服務使用者意見：各單位於每次全面檢討期間，最少以一種方式（問卷、焦點小組"
            "或服務使用者會議）收集服務使用者及其家長／監護人的意見，並於會議記錄中說明"
            "採納或不採納的理由。",
            "Service users' views: during each full review every unit collects the views of "
            "service users and their parents or guardians by at least one method "
            "(questionnaire, focus group or service users' meeting) and states in the minutes "
            "why each view was or was not adopted.",
        ),
        (
            "審批：修訂後的政策及程序經服務總監審閱後，由總幹事審批及簽署確認；涉及機構"
            "政策重大改變者，須提交執行委員會通過。",
            "Approval: revised policies and procedures are vetted by the Director of Services "
            "and approved and signed off by the Chief Executive. Major changes to agency policy "
            "are submitted to the Executive Committee for endorsement.",
        ),
        (
            "期間修訂：在兩次全面檢討之間，如因法例、社會福利署要求、服務轉變或事故檢討而需"
            "修訂個別條文，負責職員須填寫表格 2.02「服務質素標準政策及程序更新紀錄表」，"
            "列明修訂條文、原因、更新內容、發布日期及下次檢討日期，經總幹事核准後發布。",
            "Interim amendments: between full reviews, where a clause has to be amended because "
            "of legislation, SWD requirements, a change of service or an incident review, the "
            "responsible staff completes Form 2.02 (Amendment Record), stating the clause, the "
            "reason, the new content, the release date and the next review date, and releases "
            "it after approval by the Chief Executive.",
        ),
        (
            "發布及簡介：經核准的政策須於生效日前上載本會電子文件庫，並由單位主任於職員會議"
            "上簡介；所有現職及新入職職員須閱讀有關政策並簽署確認。",
            "Release and briefing: approved policies are uploaded to the Association's "
            "electronic document repository before the effective date and explained at staff "
            "meetings by the unit-in-charge. All current and newly appointed staff must read "
            "them and sign to confirm.",
        ),
        (
            "版本控制及存檔：每份政策文件須載有文件控制表（版本、核准人、生效日期及下次檢討"
            "日期）。被取代的版本須標示「已廢止」並存檔最少七年，以供服務表現評估探訪時查閱。",
            "Version control: every policy document carries a document-control table (version, "
            "approved by, effective date, next review date). Superseded versions are marked "
            '"Superseded" and kept for at least seven years for inspection during performance '
            "assessment visits.",
        ),
        (
            "公開查閱：各項政策及程序的摘要須存放於各單位接待處，供服務使用者、職員及其他"
            "關注人士閱覽。",
            "Public access: a summary of the policies and procedures is kept at the reception "
            "counter of every unit for service users, staff and other stakeholders to read.",
        ),
    ),
    references=(
        "表格 2.01 檢討及更新各項服務質素標準一覽表 Form 2.01 Review Checklist of the 16 SQSs",
        "表格 2.02 服務質素標準政策及程序更新紀錄表 Form 2.02 Amendment Record",
        "社會福利署《服務質素標準及準則》 SWD Service Quality Standards and Criteria",
        "香港社會服務聯會 服務質素標準 2 政策範本 HKCSS SQS 2 model policy",
    ),
    history=(
        Revision("1.0", "2003-04-01", "首次制訂。", "First issue."),
        Revision(
            "2.0",
            "2021-04-01",
            "全面檢討：加入網上問卷收集服務使用者意見。",
            "Full review: online questionnaires added for collecting service users' views.",
        ),
        Revision(
            "3.0",
            "2024-04-01",
            "全面檢討：訂明單位檢討時限、電子文件庫及舊版本存檔期。",
            "Full review: deadlines for unit reviews, the electronic repository and the "
            "retention of superseded versions laid down.",
        ),
    ),
    next_review="2027-04-01",
    drafted="2024-01-08",
    approved="2024-03-28",
    author="梁淑儀 行政及人力資源經理",
    pdf=True,
)

YCC_AUTHOR = "陳美玲 中心主任"

YCC_REVIEW = Policy(
    unit="ycc",
    sqs=2,
    stem="單位政策檢討及意見收集程序 Unit Policy Review and Consultation Procedure",
    title_zh="單位政策檢討及意見收集程序",
    title_en="Unit Policy Review and Consultation Procedure",
    purpose=(
        "按照總辦事處《政策及程序檢討指引》（MT-HO-SQS02-P01），訂定本中心檢討單位程序，"
        "以及收集服務使用者、家長和職員意見的具體安排。",
        "To set out, under the Head Office Policy Review Procedure (MT-HO-SQS02-P01), how the "
        "Centre reviews its own procedures and how it collects the views of service users, "
        "parents and staff.",
    ),
    scope=(
        "本程序適用於本中心所有單位程序及全體職員。",
        "This procedure applies to all unit procedures of the Centre and to all staff.",
    ),
    clauses=(
        (
            "一致性：本中心的單位程序須與機構政策一致；如有抵觸，以機構政策為準。",
            "Consistency: unit procedures must be consistent with agency policy; where they "
            "conflict, agency policy prevails.",
        ),
        (
            "檢討小組：中心主任為本中心的檢討負責人，於全面檢討年度的十二月成立檢討小組，"
            "成員包括兩名助理社會工作主任、文書主任及一名前線職員代表。",
            "Review team: the Centre-in-charge leads the review and sets up a review team in "
            "December of each full-review year, made up of the two Assistant Social Work "
            "Officers, the Clerical Officer and one frontline staff representative.",
        ),
        (
            "檢討範圍：檢討小組須於一月底前完成服務質素標準 6、10、11、12、13、14、15 及 16 "
            "的單位程序檢討；其他標準按總辦事處的時間表檢討。",
            "Scope of review: the team reviews the unit procedures under SQS 6, 10, 11, 12, 13, "
            "14, 15 and 16 by the end of January; the other standards follow the Head Office "
            "timetable.",
        ),
        (
            "服務使用者意見：於十二月至一月期間向會員、活動參加者及家長派發意見問卷（紙本及"
            "網上表格），並於會員大會或家長會設諮詢環節。兒童及青少年的意見須以切合其年齡"
            "的方式收集，例如圖像問卷或小組討論。",
            "Service users' views: between December and January the Centre distributes "
            "questionnaires (paper and online) to members, programme participants and parents, "
            "and holds a consultation session at the members' general meeting or a parents' "
            "meeting. Children and young people are consulted in ways suited to their age, such "
            "as picture questionnaires or group discussions.",
        ),
        (
            "職員意見：於中心職員會議設專項討論，並容許職員在兩星期內以書面提交意見。",
            "Staff views: a dedicated item is placed on the agenda of the staff meeting, and "
            "staff may send written comments within two weeks.",
        ),
        (
            "會議記錄：檢討會議須有會議記錄，列明每項標準的檢討結果（維持、修訂或新增）、"
            "所收集的意見及中心的回應、跟進事項、負責職員及完成限期。",
            "Minutes: the review meeting is minuted, showing for each standard the outcome "
            "(no change, amended or new), the views received and the Centre's response, the "
            "follow-up actions, the responsible staff and the deadline.",
        ),
        (
            "提交及審批：建議修訂經中心主任確認後，於二月底前提交總辦事處，由服務總監審閱及"
            "總幹事審批。",
            "Submission and approval: proposed amendments confirmed by the Centre-in-charge are "
            "sent to the Head Office by the end of February for vetting by the Director of "
            "Services and approval by the Chief Executive.",
        ),
        (
            "公布：中心須於四月一日前向全體職員簡介修訂內容，並在會員通訊及中心網頁公布"
            "與服務使用者有關的修訂。",
            "Announcement: the Centre briefs all staff on the amendments before 1 April and "
            "announces the amendments that affect service users in the members' newsletter "
            "and on the Centre's web page.",
        ),
        (
            "期間修訂：兩次全面檢討之間的修訂按機構指引填寫表格 2.02，副本存於本中心"
            "「SQS-02」紀錄檔案。",
            "Interim amendments: amendments between full reviews are recorded on Form 2.02 "
            "under the agency procedure; a copy is filed in the Centre's SQS-02 records.",
        ),
    ),
    references=(
        "MT-HO-SQS02-P01 政策及程序檢討指引 Policy Review Procedure",
        "表格 2.02 服務質素標準政策及程序更新紀錄表 Form 2.02 Amendment Record",
    ),
    history=(
        Revision("1.0", "2018-04-01", "首次制訂。", "First issue."),
        Revision(
            "2.0",
            "2024-04-01",
            "全面檢討：加入網上問卷及兒童圖像問卷。",
            "Full review: online and picture questionnaires added.",
        ),
    ),
    next_review="2027-04-01",
    drafted="2024-02-21",
    approved="2024-03-22",
    author=YCC_AUTHOR,
)

YCC_ROLES = Policy(
    unit="ycc",
    sqs=4,
    stem="職務及責任指引 Roles and Responsibilities",
    title_zh="職務及責任指引",
    title_en="Roles and Responsibilities",
    purpose=(
        "清楚界定中心各職位的職責、問責關係及決策組織的職權，確保中心資源得到有效管理，"
        "服務使用者及公眾亦能知悉中心的組織架構。",
        "To define clearly the duties of each post, the lines of accountability and the "
        "powers of the decision-making bodies of the Centre, so that its resources are "
        "managed effectively and service users and the public know how the Centre is "
        "organised.",
    ),
    scope=(
        "本指引適用於中心所有受資助及非資助職位，包括以計劃撥款聘請的職員。",
        "This guideline covers every subvented and non-subvented post of the Centre, including "
        "staff employed with project funding.",
    ),
    clauses=(
        (
            "組織架構圖：中心備有組織架構圖，列明各職位、人手編制及問責關係。按社會福利署"
            "要求，由2023年1月起，架構圖及各常設職位的人手編制須於中心報告板及網頁展示；"
            "括號內為受資助職位數目，非資助職位以「*」標示。",
            "Organisation chart: the Centre keeps an organisation chart showing every post, its "
            "establishment and its line of accountability. As required by SWD since January "
            "2023, the chart and the establishment of each permanent post are displayed on the "
            "Centre's notice board and web page; the number of subvented posts is shown in "
            "brackets and non-subvented posts are marked with an asterisk (*).",
        ),
        (
            "職責說明：每個職位均備有職責說明，列明主要職責、匯報對象及所需資歷，於職員入職"
            "時發出並由職員簽收。",
            "Job descriptions: every post has a job description stating its main duties, to "
            "whom it reports and the qualifications required; it is given to the staff member "
            "on appointment and signed for.",
        ),
        (
            "中心主任：負責中心整體運作、服務策劃、財政管理、職員督導及服務質素監察，"
            "向總辦事處服務總監匯報。",
            "Centre-in-charge: responsible for the overall operation of the Centre, service "
            "planning, financial management, staff supervision and monitoring of service "
            "quality; reports to the Director of Services at the Head Office.",
        ),
        (
            "助理社會工作主任：分別負責兒童及家庭服務組和青少年發展服務組，策劃及督導所屬"
            "組別的小組、活動及個案工作，並督導社會工作助理。",
            "Assistant Social Work Officers: one leads the Children and Family Services team and "
            "one the Youth Development Services team; each plans and supervises the groups, "
            "programmes and casework of the team and supervises its Social Work Assistants.",
        ),
        (
            "社會工作助理及計劃社工：負責個案、小組及活動的推行及紀錄，並督導活動助理及"
            "功課輔導導師。「共創明『Teen』計劃」計劃社工（非資助）負責計劃的師友配對及"
            "活動，向青少年發展服務組的助理社會工作主任匯報。",
            "Social Work Assistants and project social worker: they carry out and record "
            "casework, groups and programmes, and supervise the Programme Assistants and "
            "tutors. The project social worker of the Strive and Rise Programme "
            "(non-subvented) runs the mentor matching and activities of the programme and "
            "reports to the Assistant Social Work Officer of the Youth Development team.",
        ),
        (
            "行政支援：文書主任負責中心行政、會計、物資及檔案管理，並督導文書助理、工友及"
            "兼職司機。",
            "Administrative support: the Clerical Officer is responsible for administration, "
            "accounts, supplies and records management, and supervises the Clerical Assistants, "
            "the Workmen and the part-time driver.",
        ),
        (
            "決策組織：中心管理委員會由中心主任（主席）、兩名助理社會工作主任及文書主任組成，"
            "每月開會一次，會議記錄須存檔。中心另設會員代表大會，每年最少召開一次。",
            "Decision-making bodies: the Centre Management Committee, made up of the "
            "Centre-in-charge (chair), the two Assistant Social Work Officers and the Clerical "
            "Officer, meets monthly and its minutes are filed. The Members' Representative "
            "Assembly meets at least once a year.",
        ),
        (
            "署任安排：中心主任休假期間，由指定的助理社會工作主任署任，署任安排須以書面"
            "通知全體職員。",
            "Acting arrangements: when the Centre-in-charge is on leave, a designated Assistant "
            "Social Work Officer acts in the post, and all staff are informed in writing.",
        ),
        (
            "更新：職責說明及組織架構圖須於人手變動後一個月內更新，並以表格 2.02 記錄。",
            "Updating: job descriptions and the organisation chart are updated within one month "
            "of any change in staffing and the change is recorded on Form 2.02.",
        ),
    ),
    references=(
        "中心組織架構圖（records/ycc/staff.yaml）Organisation chart of the Centre",
        "各職位職責說明 Job descriptions of all posts",
    ),
    history=(
        Revision("1.0", "2018-04-01", "首次制訂。", "First issue."),
        Revision(
            "2.0",
            "2024-04-01",
            "全面檢討：更新組織架構圖及決策組織成員。",
            "Full review: organisation chart and membership of decision-making bodies updated.",
        ),
        Revision(
            "2.1",
            "2024-09-01",
            "新增「共創明『Teen』計劃」計劃社工（非資助）職位（第3.1、3.5條）。",
            "New non-subvented post of project social worker, Strive and Rise Programme "
            "(clauses 3.1 and 3.5).",
        ),
    ),
    next_review="2027-04-01",
    drafted="2024-08-12",
    approved="2024-08-26",
    author=YCC_AUTHOR,
)

YCC_PRIVACY = Policy(
    unit="ycc",
    sqs=14,
    stem="私隱及保密政策 Privacy and Confidentiality Policy",
    title_zh="私隱及保密政策",
    title_en="Privacy and Confidentiality Policy",
    purpose=(
        "尊重服務使用者的私隱和尊嚴，並確保服務使用者的個人資料按照《個人資料（私隱）條例》"
        "（第486章）的規定收集、使用、儲存、查閱及銷毀。",
        "To respect the privacy and dignity of service users and to make sure that their "
        "personal data are collected, used, stored, accessed and destroyed in accordance "
        "with the Personal Data (Privacy) Ordinance (Cap. 486).",
    ),
    scope=(
        "本政策適用於中心全體職員、實習學生及義工，涵蓋紙本及電子形式的個人資料，以及"
        "中心的閉路電視錄像。",
        "This policy applies to all staff, placement students and volunteers of the Centre, "
        "and covers personal data on paper and in electronic form as well as the Centre's "
        "CCTV footage.",
    ),
    clauses=(
        (
            "收集個人資料：只收集與提供服務直接有關、足夠但不超乎適度的個人資料。收集時須向"
            "服務使用者或其家長／監護人提供「收集個人資料聲明」，說明收集目的、可能獲轉移"
            "資料的人士類別，以及查閱和改正資料的權利。",
            "Collection: only personal data that are directly related to the service, adequate "
            "and not excessive are collected. A Personal Information Collection Statement is "
            "given to the service user or the parent or guardian, stating the purpose, the "
            "classes of persons to whom the data may be transferred and the right to access "
            "and correct the data.",
        ),
        (
            "使用及披露：個人資料只可用於收集時所述的目的或直接有關的目的。如需用作其他用途，"
            "包括在宣傳刊物或社交媒體使用相片，須事先取得服務使用者書面同意；未滿十八歲者"
            "須取得家長／監護人同意。",
            "Use and disclosure: personal data are used only for the purpose stated at "
            "collection or a directly related purpose. Any other use, including photographs in "
            "publicity materials or on social media, needs the prior written consent of the "
            "service user, or of the parent or guardian for those under 18.",
        ),
        (
            "保密原則：職員對工作中得悉的服務使用者資料須予保密，只按「有需要知道」原則與"
            "同事分享。除法例要求、保護兒童或防止嚴重傷害的情況外，未經同意不得向第三者披露。",
            "Confidentiality: staff keep confidential all information about service users "
            "learned at work and share it with colleagues only on a need-to-know basis. It is "
            "not disclosed to third parties without consent, except where the law requires, "
            "to protect a child or to prevent serious harm.",
        ),
        (
            "檔案儲存：個案檔案存放於上鎖的檔案櫃，鑰匙由指定職員保管；電子紀錄須存放於設有"
            "密碼及存取權限控制的伺服器，不得儲存於私人電腦或流動裝置。",
            "Storage: case files are kept in locked cabinets whose keys are held by designated "
            "staff. Electronic records are kept on a server with passwords and access control "
            "and must not be stored on personal computers or mobile devices.",
        ),
        (
            "保留及銷毀：個案結束後，檔案保留七年後銷毀；紙本文件以碎紙機或認可的保密文件"
            "銷毀服務處理，並記錄於銷毀紀錄表。",
            "Retention and destruction: case files are destroyed seven years after the case is "
            "closed; paper is shredded or handled by an approved confidential-waste service, "
            "and each destruction is recorded in the destruction log.",
        ),
        (
            "查閱及改正資料：服務使用者可以書面提出查閱資料要求，中心須於收到要求後40日內"
            "依從或回覆；改正資料要求亦須於40日內處理。",
            "Access and correction: service users may make a data access request in writing; "
            "the Centre complies or replies within 40 days of receipt. Data correction requests "
            "are also handled within 40 days.",
        ),
        (
            "閉路電視監察：為保護服務使用者及提供安全的環境，中心於入口、接待處及活動室設置"
            "閉路電視，24小時錄影操作。更衣室及洗手間不設閉路電視，亦不作錄音。所有監察範圍"
            "均須張貼閉路電視告示。",
            "CCTV: to protect service users and provide a safe environment, CCTV cameras at the "
            "entrance, the reception counter and the activity rooms record 24 hours a day. "
            "There are no cameras in changing rooms or toilets and no sound is recorded. "
            "A CCTV notice is posted at every monitored area.",
        ),
        (
            "錄像使用：閉路電視所收集的錄像只作管理用途，例如處理事故、保安及調查投訴，"
            "須經中心主任授權方可查閱；每次查閱均須記錄於「閉路電視錄影查閱紀錄」。",
            "Use of footage: CCTV footage is used for management purposes only, such as "
            "handling incidents, security and investigating complaints. It may be viewed only "
            "with the authorisation of the Centre-in-charge, and every viewing is entered in "
            "the CCTV Footage Access Log.",
        ),
        (
            "錄像保存：錄像一般保存31日後自動覆蓋。如涉及事故調查或執法機關要求，經中心主任"
            "批准可另行保存，調查完結後即予銷毀。",
            "Retention of footage: footage is normally overwritten automatically after 31 days. "
            "Where it is needed for an incident investigation or requested by a law enforcement "
            "agency, it may be kept with the approval of the Centre-in-charge and is destroyed "
            "when the investigation ends.",
        ),
        (
            "資料外洩：如懷疑個人資料外洩，職員須即時通知中心主任；中心主任須於24小時內"
            "通報總辦事處，並按需要通知受影響人士及個人資料私隱專員公署。",
            "Data breach: any suspected leak of personal data is reported to the "
            "Centre-in-charge at once; the Centre-in-charge notifies the Head Office within 24 "
            "hours and, where appropriate, the persons affected and the Office of the Privacy "
            "Commissioner for Personal Data.",
        ),
    ),
    references=(
        "《個人資料（私隱）條例》（第486章） Personal Data (Privacy) Ordinance, Cap. 486",
        "個人資料私隱專員公署《閉路電視監察及使用航拍機指引》（2017年3月） PCPD Guidance on "
        "CCTV Surveillance and Use of Drones (March 2017)",
        "閉路電視告示及閉路電視錄影查閱紀錄 CCTV notice and CCTV Footage Access Log",
    ),
    history=(
        Revision("1.0", "2018-04-01", "首次制訂。", "First issue."),
        Revision(
            "2.0",
            "2024-04-01",
            "全面檢討：更新收集個人資料聲明及相片使用同意安排。",
            "Full review: collection statement and consent for the use of photographs updated.",
        ),
        Revision(
            "2.1",
            "2025-02-01",
            "新增閉路電視監察條文（第3.7至3.9條）。",
            "CCTV clauses added (clauses 3.7 to 3.9).",
        ),
    ),
    next_review="2027-04-01",
    drafted="2025-01-06",
    approved="2025-01-24",
    author=YCC_AUTHOR,
    pdf=True,
)

YCC_COMPLAINTS = Policy(
    unit="ycc",
    sqs=15,
    stem="投訴處理程序 Complaints Procedure",
    title_zh="投訴處理程序",
    title_en="Complaints Procedure",
    purpose=(
        "為服務使用者、家長及公眾提供公平、公開及有效的申訴渠道，使投訴得到適時處理，"
        "並藉此改善服務質素。",
        "To give service users, parents and the public a fair, open and effective way to "
        "make complaints, so that complaints are dealt with promptly and used to improve the "
        "quality of service.",
    ),
    scope=(
        "本程序適用於任何人士就中心服務、職員或設施提出的投訴，包括口頭、書面及匿名投訴。",
        "This procedure covers complaints by anyone about the Centre's services, staff or "
        "facilities, whether made orally, in writing or anonymously.",
    ),
    clauses=(
        (
            "投訴渠道：投訴人可親身、致電中心（2468 1357）、書信、電郵"
            "（ycc@mingtak.example.org）或使用中心意見箱提出投訴；亦可直接向總辦事處"
            "（2345 6789）提出申訴。",
            "Channels: complaints may be made in person, by telephone to the Centre "
            "(2468 1357), by letter, by email (ycc@mingtak.example.org) or through the "
            "suggestion box, or directly to the Head Office (2345 6789).",
        ),
        (
            "接收及登記：接獲投訴的職員須於當日記錄於「投訴登記冊」，並交中心主任指派負責"
            "職員跟進。口頭投訴須由職員筆錄，並請投訴人確認內容。",
            "Receipt and registration: the staff member receiving a complaint enters it in the "
            "Complaints Register on the same day and passes it to the Centre-in-charge, who "
            "assigns an officer. Oral complaints are written down by the staff member and "
            "confirmed with the complainant.",
        ),
        (
            "處理時限：中心須於收到投訴後三個工作天內確認收到，並於一個月內以書面回覆調查"
            "結果。如需較長時間，須於限期前通知投訴人原因及預計回覆日期。",
            "Response times: the Centre acknowledges a complaint within three working days of "
            "receipt and gives a written reply on the outcome within one month. If more time is "
            "needed, the complainant is told the reason and the expected reply date before the "
            "deadline.",
        ),
        (
            "調查：由與事件無直接關係的職員負責調查；涉及中心主任的投訴交由總辦事處服務總監處理。",
            "Investigation: complaints are investigated by staff not directly involved in the "
            "matter. Complaints about the Centre-in-charge are handled by the Director of "
            "Services at the Head Office.",
        ),
        (
            "匿名投訴：匿名投訴如資料充足，中心仍會跟進及記錄，但毋須作出回覆。",
            "Anonymous complaints are followed up and recorded if there is enough information, "
            "but no reply is made.",
        ),
        (
            "覆核：投訴人如不滿意處理結果，可於收到回覆後14日內向總辦事處服務總監要求覆核，"
            "總辦事處須於一個月內作書面回覆。如仍不滿意，投訴人可向社會福利署反映。",
            "Review: a complainant who is not satisfied may ask the Director of Services at the "
            "Head Office for a review within 14 days of the reply; the Head Office replies in "
            "writing within one month. A complainant still not satisfied may approach the "
            "Social Welfare Department.",
        ),
        (
            "不受歧視：投訴人不會因提出投訴而受到任何不公平對待，其所接受的服務亦不受影響。",
            "No victimisation: complainants are not treated unfairly in any way for making a "
            "complaint, and their services are not affected.",
        ),
        (
            "紀錄及檢討：投訴紀錄保存七年。中心主任每季向總辦事處匯報投訴數字，並於每年"
            "服務檢討中分析投訴趨勢及改善措施。",
            "Records and review: complaint records are kept for seven years. The "
            "Centre-in-charge reports the number of complaints to the Head Office every quarter "
            "and analyses trends and improvements in the annual service review.",
        ),
    ),
    references=(
        "投訴登記冊 Complaints Register",
        "總辦事處投訴處理政策 Head Office complaints handling policy",
    ),
    history=(
        Revision("1.0", "2018-04-01", "首次制訂。", "First issue."),
        Revision(
            "2.0",
            "2024-04-01",
            "全面檢討：確認收到時限由五個工作天縮短為三個工作天；加入電郵渠道。",
            "Full review: acknowledgement time cut from five to three working days; email "
            "channel added.",
        ),
    ),
    next_review="2027-04-01",
    drafted="2024-02-21",
    approved="2024-03-22",
    author=YCC_AUTHOR,
)

HOME_AUTHOR = "周麗華 家舍主任"

HOME_REVIEW = Policy(
    unit="home",
    sqs=2,
    stem="家舍政策檢討程序 Home Policy Review Procedure",
    title_zh="家舍政策檢討程序",
    title_en="Home Policy Review Procedure",
    purpose=(
        "按照總辦事處《政策及程序檢討指引》，訂定本兒童之家檢討家舍程序的安排，確保住童、"
        "家長／監護人、轉介社工及職員的意見得到收集及考慮。",
        "To set out, under the Head Office Policy Review Procedure, how the Home reviews its "
        "procedures, and to make sure that the views of the children, their parents or "
        "guardians, the referring social workers and staff are collected and considered.",
    ),
    scope=(
        "本程序適用於本兒童之家所有家舍程序及全體職員。",
        "This procedure applies to all procedures and all staff of the Home.",
    ),
    clauses=(
        (
            "檢討負責人：家舍主任負責統籌家舍程序的檢討，於全面檢討年度的十二月擬定檢討"
            "時間表，並指派職員負責各項標準。",
            "Lead: the Home-in-charge coordinates the review of the Home's procedures, draws up "
            "a timetable in December of each full-review year and assigns staff to each "
            "standard.",
        ),
        (
            "住童意見：住童均為輕度智障兒童，須以簡單字句及圖像問卷收集意見，並由與住童"
            "關係良好的職員協助；亦可於每月住童會議中討論。",
            "Children's views: as the children have mild intellectual disability, their views "
            "are collected with simple words and picture questionnaires, with help from a staff "
            "member they know well, and may also be discussed at the monthly children's "
            "meeting.",
        ),
        (
            "家長及轉介社工意見：於家長探訪日或電話面談收集家長／監護人意見，並以書面邀請"
            "轉介社工提出意見。",
            "Parents and referring social workers: the views of parents or guardians are "
            "collected on visiting days or by telephone interviews; referring social workers "
            "are invited in writing to comment.",
        ),
        (
            "職員意見：於家舍職員會議設專項討論；輪班職員可於兩星期內以書面提交意見。",
            "Staff views: a dedicated item is placed on the agenda of the staff meeting; staff "
            "on shifts may send written comments within two weeks.",
        ),
        (
            "檢討會議：家舍主任須於一月底前召開檢討會議，重點檢討服務質素標準 6 及 10 至 16，"
            "會議記錄須列明各標準的檢討結果、意見回應、跟進事項及負責職員。",
            "Review meeting: the Home-in-charge holds a review meeting by the end of January, "
            "focusing on SQS 6 and SQS 10 to 16. The minutes record the outcome for each "
            "standard, the response to views, the follow-up actions and the responsible staff.",
        ),
        (
            "審批及公布：建議修訂於二月底前提交總辦事處審批；經核准的程序於四月一日生效，"
            "並於職員會議上簡介，所有職員須簽署確認。",
            "Approval and release: proposed amendments are sent to the Head Office for approval "
            "by the end of February; approved procedures take effect on 1 April, are explained "
            "at a staff meeting and signed for by all staff.",
        ),
        (
            "期間修訂：兩次全面檢討之間的修訂以表格 2.02 記錄，副本存於家舍「SQS-02」紀錄檔案。",
            "Interim amendments are recorded on Form 2.02 and a copy is filed in the Home's "
            "SQS-02 records.",
        ),
    ),
    references=("MT-HO-SQS02-P01 政策及程序檢討指引 Policy Review Procedure",),
    history=(
        Revision("1.0", "2021-04-01", "首次制訂。", "First issue."),
        Revision(
            "2.0",
            "2024-04-01",
            "全面檢討：加入住童圖像問卷及轉介社工意見。",
            "Full review: picture questionnaires and referring social workers' views added.",
        ),
    ),
    next_review="2027-04-01",
    drafted="2024-02-28",
    approved="2024-03-26",
    author=HOME_AUTHOR,
)

HOME_ROLES = Policy(
    unit="home",
    sqs=4,
    stem="職務及責任指引 Roles and Responsibilities",
    title_zh="職務及責任指引",
    title_en="Roles and Responsibilities",
    purpose=(
        "界定兒童之家各職位的職責及問責關係，確保家舍24小時均有足夠及合資格的職員照顧住童，"
        "並符合《津貼及服務協議》的基本服務規定。",
        "To define the duties and accountability of each post in the Home, so that the "
        "children are cared for by enough qualified staff 24 hours a day and the Essential "
        "Service Requirements of the Funding and Service Agreement are met.",
    ),
    scope=(
        "本指引適用於家舍所有受資助及非資助職位，包括替假及兼職職員。",
        "This guideline covers all subvented and non-subvented posts of the Home, including "
        "relief and part-time staff.",
    ),
    clauses=(
        (
            "組織架構圖：家舍備有組織架構圖，列明各職位及人手編制，並於家舍報告板及機構網頁"
            "展示；非資助職位以「*」標示。為保障住童私隱，架構圖不顯示家舍地址。",
            "Organisation chart: the Home keeps an organisation chart showing every post and "
            "its establishment, displayed on the Home's notice board and the Association's web "
            "page; non-subvented posts are marked with an asterisk (*). To protect the "
            "children's privacy the chart does not show the address of the Home.",
        ),
        (
            "家舍主任：由註冊社會工作者出任，負責家舍整體運作、住童個案管理、與轉介社工及"
            "家長聯繫、職員督導及服務質素監察，向服務總監匯報。",
            "Home-in-charge: a registered social worker, responsible for the overall operation "
            "of the Home, case management of the children, liaison with referring social "
            "workers and parents, staff supervision and monitoring of service quality; reports "
            "to the Director of Services.",
        ),
        (
            "社會工作助理：協助個案工作、住童個人計劃及定期個案覆檢，並督導功課輔導導師。",
            "Social Work Assistant: assists with casework, the children's individual plans and "
            "periodic case reviews, and supervises the tutor.",
        ),
        (
            "家舍家長：負責住童的日常照顧、生活技能訓練及家舍運作，編排值更表，並督導助理"
            "家舍家長、家務助理及替假職員。",
            "Houseparents: responsible for the children's daily care, training in daily living "
            "skills and the running of the Home; they draw up the duty roster and supervise "
            "the Assistant Houseparents, the Domestic Assistant and relief staff.",
        ),
        (
            "助理家舍家長及夜間照顧員：協助住童起居、接送上學及覆診；夜間照顧員負責夜間"
            "巡查及緊急應變，向當值助理家舍家長匯報。",
            "Assistant Houseparents and Night Care Worker: they help the children with daily "
            "routines and escort them to school and medical follow-ups. The Night Care Worker "
            "makes night rounds and handles emergencies, reporting to the Assistant "
            "Houseparent on duty.",
        ),
        (
            "家務助理：負責膳食準備及家居清潔，確保每日提供三餐及種類多元化的食物。",
            "Domestic Assistant: prepares meals and cleans the Home, making sure that three "
            "varied meals are served every day.",
        ),
        (
            "人手當值：家舍任何時間須最少有一名職員當值；家舍家長須確保值更表已涵蓋24小時，"
            "如有職員缺勤須即時安排替假。",
            "Staffing: at least one staff member is on duty at all times. The houseparents make "
            "sure that the duty roster covers 24 hours and arrange relief staff at once when "
            "anyone is absent.",
        ),
        (
            "決策及署任：家舍管理會議由家舍主任、家舍家長及社會工作助理組成，每月開會一次；"
            "家舍主任休假期間，由服務總監指定的家舍家長署任。",
            "Decisions and acting arrangements: the Home Management Meeting of the "
            "Home-in-charge, the houseparents and the Social Work Assistant meets monthly. When "
            "the Home-in-charge is on leave, a houseparent named by the Director of Services "
            "acts in the post.",
        ),
    ),
    references=(
        "家舍組織架構圖（records/home/staff.yaml）Organisation chart of the Home",
        "輕度弱智兒童之家基本服務規定 Essential Service Requirements",
    ),
    history=(
        Revision("1.0", "2021-04-01", "首次制訂。", "First issue."),
        Revision(
            "2.0",
            "2024-04-01",
            "全面檢討：新增夜間照顧員職責及人手當值條文。",
            "Full review: duties of the Night Care Worker and the staffing clause added.",
        ),
    ),
    next_review="2027-04-01",
    drafted="2024-02-28",
    approved="2024-03-26",
    author=HOME_AUTHOR,
)

HOME_PRIVACY = Policy(
    unit="home",
    sqs=14,
    stem="私隱及保密政策 Privacy and Confidentiality Policy",
    title_zh="私隱及保密政策",
    title_en="Privacy and Confidentiality Policy",
    purpose=(
        "尊重住童的私隱和尊嚴，保障住童及其家庭的個人資料，並按照《個人資料（私隱）條例》"
        "（第486章）處理個人資料及閉路電視錄像。",
        "To respect the privacy and dignity of the children, to protect the personal data of "
        "the children and their families, and to handle personal data and CCTV footage in "
        "accordance with the Personal Data (Privacy) Ordinance (Cap. 486).",
    ),
    scope=(
        "本政策適用於家舍全體職員、實習學生及義工。",
        "This policy applies to all staff, placement students and volunteers of the Home.",
    ),
    clauses=(
        (
            "家舍地址保密：為保障住童安全，家舍地址不作公開；探訪須預約，訪客須登記。",
            "Confidential address: for the children's safety the address of the Home is not "
            "published; visits are by appointment and visitors must sign in.",
        ),
        (
            "個人資料：住童的個案資料只由家舍主任、社會工作助理及家舍家長按工作需要查閱；"
            "向學校、醫院或轉介社工提供資料前，須確認屬收集目的之內或已取得家長／監護人同意。",
            "Personal data: the children's case records are read only by the Home-in-charge, "
            "the Social Work Assistant and the houseparents as their work requires. Before data "
            "are given to schools, hospitals or referring social workers, staff make sure this "
            "is within the purpose of collection or that the parent or guardian has consented.",
        ),
        (
            "日常私隱：住童的睡房按性別分開安排；職員協助住童梳洗及更衣時須尊重其私隱，"
            "並盡量由同性別職員協助。",
            "Privacy in daily life: bedrooms are separate for boys and girls. Staff respect the "
            "children's privacy when helping them wash and dress, with staff of the same sex "
            "helping wherever possible.",
        ),
        (
            "相片及影片：未經家長／監護人書面同意，不得拍攝或發布可辨認住童身份的相片或影片；"
            "職員不得以私人手機拍攝住童。",
            "Photographs and videos: no photograph or video from which a child can be "
            "identified is taken or published without the written consent of the parent or "
            "guardian; staff must not photograph the children with their own phones.",
        ),
        (
            "閉路電視監察：為保護住童及提供安全的環境，家舍於出入口、客廳及飯廳設置閉路電視，"
            "24小時錄影操作；睡房、浴室及洗手間一律不設閉路電視。監察範圍須張貼告示，"
            "並向家長／監護人解釋。",
            "CCTV: to protect the children and keep the Home safe, CCTV cameras at the entrance, "
            "the living room and the dining room record 24 hours a day. There are no cameras in "
            "bedrooms, bathrooms or toilets. Notices are posted at the monitored areas and the "
            "arrangement is explained to parents and guardians.",
        ),
        (
            "錄像使用及保存：閉路電視錄像只作管理用途，例如住童安全事故及懷疑虐待個案的"
            "調查；查閱須經家舍主任批准並作記錄。錄像一般保存14日後自動覆蓋，涉及調查者"
            "另行保存至調查完結。",
            "Use and retention of footage: CCTV footage is used for management purposes only, "
            "such as investigating accidents to children and suspected abuse; viewing needs "
            "the approval of the Home-in-charge and is logged. Footage is normally overwritten "
            "after 14 days; footage needed for an investigation is kept until it ends.",
        ),
        (
            "檔案保存：住童離舍後，個案檔案保存至住童年滿二十五歲或離舍後七年（以較後者為準），"
            "然後以保密方式銷毀。",
            "Records: after a child leaves the Home, the case file is kept until the child is "
            "25 or for seven years after leaving, whichever is later, and is then destroyed "
            "confidentially.",
        ),
        (
            "查閱資料要求：家長／監護人可書面提出查閱資料要求，家舍須於40日內依從或回覆。",
            "Data access requests: parents and guardians may make a data access request in "
            "writing; the Home complies or replies within 40 days.",
        ),
    ),
    references=(
        "《個人資料（私隱）條例》（第486章） Personal Data (Privacy) Ordinance, Cap. 486",
        "個人資料私隱專員公署《閉路電視監察及使用航拍機指引》（2017年3月） PCPD Guidance on "
        "CCTV Surveillance and Use of Drones (March 2017)",
        "社會福利署《保護兒童免受虐待——多專業合作程序指引》 SWD Protecting Children from "
        "Maltreatment: Procedural Guide for Multi-disciplinary Co-operation",
    ),
    history=(
        Revision("1.0", "2021-04-01", "首次制訂。", "First issue."),
        Revision(
            "2.0",
            "2024-04-01",
            "全面檢討：新增閉路電視監察及相片使用條文。",
            "Full review: clauses on CCTV and on photographs added.",
        ),
    ),
    next_review="2027-04-01",
    drafted="2024-02-28",
    approved="2024-03-26",
    author=HOME_AUTHOR,
)

HOME_COMPLAINTS = Policy(
    unit="home",
    sqs=15,
    stem="投訴處理程序 Complaints Procedure",
    title_zh="投訴處理程序",
    title_en="Complaints Procedure",
    purpose=(
        "讓住童、家長／監護人、轉介社工及公眾可以安全及方便地提出投訴或申訴，並確保投訴"
        "得到公平及適時的處理。",
        "To let the children, their parents or guardians, referring social workers and the "
        "public make complaints safely and easily, and to make sure that complaints are "
        "handled fairly and promptly.",
    ),
    scope=(
        "本程序適用於有關家舍服務、職員或設施的所有投訴。",
        "This procedure applies to all complaints about the services, staff or facilities of "
        "the Home.",
    ),
    clauses=(
        (
            "投訴渠道：家長／監護人及公眾可致電家舍（2690 4321）、致函或親身向家舍主任提出"
            "投訴，亦可致電總辦事處（2345 6789）。住童可向任何職員表達，或使用家舍的"
            "「心聲信箱」。",
            "Channels: parents, guardians and the public may make complaints by telephone to the "
            "Home (2690 4321), by letter or in person to the Home-in-charge, or by telephone to "
            "the Head Office (2345 6789). Children may tell any member of staff or use the "
            'Home\'s "voice box".',
        ),
        (
            "住童投訴：職員須耐心聆聽住童的投訴，以住童明白的方式解釋跟進安排；涉及懷疑"
            "虐待的投訴須即時按保護兒童程序處理。",
            "Complaints by children: staff listen patiently and explain the follow-up in a way "
            "the child understands. Complaints involving suspected abuse are handled at once "
            "under the child protection procedure.",
        ),
        (
            "登記：所有投訴須記錄於「投訴登記冊」，由家舍主任指派職員跟進。",
            "Registration: every complaint is entered in the Complaints Register and the "
            "Home-in-charge assigns an officer to follow it up.",
        ),
        (
            "處理時限：家舍須於收到投訴後五個工作天內確認收到，並於30日內以書面回覆調查結果。",
            "Response times: the Home acknowledges a complaint within five working days and "
            "gives a written reply on the outcome within 30 days.",
        ),
        (
            "覆核：投訴人如不滿意結果，可向總辦事處服務總監要求覆核；如仍不滿意，可向"
            "社會福利署反映。",
            "Review: a complainant who is not satisfied may ask the Director of Services for a "
            "review, and may then approach the Social Welfare Department.",
        ),
        (
            "不受歧視：住童及家長不會因提出投訴而受到任何不公平對待。",
            "No victimisation: children and parents are not treated unfairly in any way for "
            "making a complaint.",
        ),
        (
            "紀錄：投訴紀錄保存七年，家舍主任每季向總辦事處匯報投訴數字。",
            "Records: complaint records are kept for seven years and the Home-in-charge reports "
            "the number of complaints to the Head Office every quarter.",
        ),
    ),
    references=("投訴登記冊 Complaints Register",),
    history=(Revision("1.0", "2021-04-01", "首次制訂。", "First issue."),),
    next_review="2024-04-01",
    drafted="2021-02-15",
    approved="2021-03-25",
    author=HOME_AUTHOR,
    pdf=True,
)

POLICIES: tuple[Policy, ...] = (
    AGENCY_REVIEW,
    YCC_REVIEW,
    YCC_ROLES,
    YCC_PRIVACY,
    YCC_COMPLAINTS,
    HOME_REVIEW,
    HOME_ROLES,
    HOME_PRIVACY,
    HOME_COMPLAINTS,
)


def key_table(*rows: tuple[str, str], widths: tuple[float, float] = (4.2, 12.8)) -> Table:
    return Table(tuple(rows), widths, header=False, key_column=True, size=9.5)


SIGNED = "（已簽署 signed）"

FORM_201_DOCS: tuple[tuple[str, str], ...] = (
    ("服務資料政策 Service Information Policy", "羅國輝 服務總監"),
    ("政策及程序檢討指引 Policy Review Procedure", "梁淑儀 行政及人力資源經理"),
    ("運作及活動紀錄政策 Operational and Activity Records Policy", "羅國輝 服務總監"),
    ("職務及責任指引 Roles and Responsibilities", "梁淑儀 行政及人力資源經理"),
    ("人力資源政策 Human Resources Policy", "梁淑儀 行政及人力資源經理"),
    ("計劃、評估及收集意見政策 Planning, Evaluation and Feedback Policy", "羅國輝 服務總監"),
    ("財務管理政策 Financial Management Policy", "馮志偉 會計主任"),
    (
        "法律責任指引及法例檢核表 Legal Obligations Guideline and Checklist",
        "梁淑儀 行政及人力資源經理",
    ),
    ("安全環境及緊急事故應變政策 Safe Environment and Emergency Policy", "馮志偉 會計主任"),
    ("申請和退出服務政策 Service Access and Exit Policy", "陳美玲 中心主任"),
    ("評估服務使用者需要政策 Assessment of Users' Needs Policy", "周麗華 家舍主任"),
    ("知情選擇政策 Informed Choice Policy", "陳美玲 中心主任"),
    ("服務使用者私人財產政策 Private Property Policy", "周麗華 家舍主任"),
    ("私隱及保密政策 Privacy and Confidentiality Policy", "羅國輝 服務總監"),
    ("投訴處理政策 Complaints Policy", "羅國輝 服務總監"),
    ("防止及處理侵犯事件政策 Freedom from Abuse Policy", "周麗華 家舍主任"),
)

FORM_201_DATES = (
    "2024-01-18", "2024-01-18", "2024-01-25", "2024-02-01", "2024-02-01", "2024-02-08",
    "2024-02-15", "2024-02-15", "2024-02-22", "2024-02-29", "2024-02-29", "2024-03-07",
    "2024-03-07", "2024-03-14", "2024-03-14", "2024-03-21",
)  # fmt: skip

AGENCY_FORM_201 = Record(
    unit="agency",
    sqs=2,
    stem="表格2.01 2023-24全面檢討一覽表 Form 2.01 Review Checklist 2023-24",
    title_zh="檢討及更新各項服務質素標準一覽表（2023-24年度全面檢討）",
    title_en="Form 2.01 Review Checklist of the 16 SQSs (2023-24 full review)",
    blocks=(
        key_table(
            ("表格編號 Form", "MT/SQS/2.01"),
            ("檢討時段 Review period", "2023年12月1日至2024年3月31日 1 Dec 2023 to 31 Mar 2024"),
            ("生效日期 Effective", "2024-04-01"),
        ),
        Table(
            (
                (
                    "標準 SQS",
                    "檢討文件名稱 Document reviewed",
                    "檢討時段 Period",
                    "負責職員 Responsible staff",
                    "檢討日期 Date",
                    "簽署 Signature",
                ),
                *(
                    (str(n), name, "2023-12 至 2024-03", staff, day, "已簽署")
                    for n, ((name, staff), day) in enumerate(
                        zip(FORM_201_DOCS, FORM_201_DATES, strict=True), start=1
                    )
                ),
            ),
            (1.1, 5.9, 2.2, 3.3, 2.3, 2.2),
            size=8.5,
        ),
        Para(
            "由行政及人力資源經理負責推動及監察整個檢討流程，最後由總幹事確認。"
            "The review was driven and monitored by the Administration and Human Resources "
            "Manager and confirmed by the Chief Executive.",
            size=9.5,
        ),
        key_table(
            ("行政及人力資源經理簽署", f"梁淑儀 {SIGNED}"),
            ("總幹事簽署 Chief Executive", f"何家明 {SIGNED}"),
            ("日期 Date", "2024-03-28"),
            ("下次檢討年期 Next review", "2026-27年度（2026年12月開始）Dec 2026 to Mar 2027"),
        ),
    ),
    created="2023-12-01",
    modified="2024-03-28",
    author="梁淑儀 行政及人力資源經理",
    ref="MT/SQS/2.01",
    revision=9,
)

YCC_MINUTES = Record(
    unit="ycc",
    sqs=2,
    stem="2024-02-20 政策及程序檢討會議記錄 Policy Review Meeting Minutes",
    title_zh="2023-24年度服務質素標準政策及程序全面檢討會議記錄",
    title_en="Minutes of the 2023-24 Full Review Meeting on SQS Policies and Procedures",
    blocks=(
        key_table(
            ("日期 Date", "2024年2月20日（星期二） Tuesday, 20 February 2024"),
            ("時間 Time", "下午2時30分至4時45分 2:30 pm to 4:45 pm"),
            ("地點 Venue", "中心會議室 Centre meeting room"),
            ("主席 Chair", "陳美玲 中心主任"),
            (
                "出席 Present",
                "黃志強 助理社會工作主任（青少年發展服務）、李詠詩 助理社會工作主任（兒童及家庭"
                "服務）、劉文傑 文書主任、張嘉欣 社會工作助理（職員代表）、會員代表（M-12）、"
                "家長代表（P-21）",
            ),
            ("記錄 Minutes", "張嘉欣 社會工作助理"),
        ),
        Heading("1. 通過議程 Adoption of agenda"),
        Para("議程獲一致通過。The agenda was adopted."),
        Heading("2. 檢討安排 Review arrangements"),
        Para(
            "主席報告，按總辦事處《政策及程序檢討指引》（MT-HO-SQS02-P01），本年度為三年一度"
            "的全面檢討，須於2024年2月底前把建議修訂提交總辦事處，修訂後的程序於2024年4月1日"
            "生效。本會議重點檢討服務質素標準 6 及 10 至 16，並一併檢討標準 2 及 4 的單位程序。"
        ),
        Para(
            "The Chair reported that this year is the three-yearly full review under the Head "
            "Office Policy Review Procedure. Proposed amendments must reach the Head Office by "
            "the end of February 2024 and take effect on 1 April 2024.",
            english=True,
        ),
        Heading("3. 意見收集結果 Views collected"),
        Bullet("服務使用者問卷：2023年12月4日至2024年1月12日派發180份，收回126份（回應率70%）。"),
        Bullet("家長會諮詢環節：2024年1月13日舉行，出席家長32人。"),
        Bullet("職員會議專項討論：2024年1月16日舉行，另收到書面意見3份。"),
        Para("主要意見及中心回應 Main views and the Centre's response:", bold=True),
        Table(
            (
                ("意見 View", "回應 Response", "相關標準 SQS"),
                (
                    "家長希望網上報名時清楚說明個人資料的用途。",
                    "採納：更新收集個人資料聲明及相片使用同意書。",
                    "14",
                ),
                (
                    "家長認為投訴確認時間太長。",
                    "採納：確認收到時限由五個工作天縮短為三個工作天，並新增電郵渠道。",
                    "15",
                ),
                (
                    "職員建議於入口及活動室加設閉路電視。",
                    "原則上同意；待總辦事處批准撥款及安裝後，以表格 2.02 修訂私隱及保密政策。",
                    "14",
                ),
                (
                    "會員希望延長自修室開放時間。",
                    "不屬政策範圍，交中心管理委員會跟進。",
                    "—",
                ),
            ),
            (7.0, 8.2, 1.8),
        ),
        Heading("4. 逐項檢討結果 Outcome by standard"),
        Table(
            (
                ("標準 SQS", "文件 Document", "結果 Outcome", "負責職員 Staff"),
                ("2", "單位政策檢討及意見收集程序", "修訂 Amended", "陳美玲"),
                ("4", "職務及責任指引", "修訂（更新架構圖）Amended", "劉文傑"),
                ("6", "服務計劃、評估及收集意見程序", "維持 No change", "陳美玲"),
                ("10", "會籍申請及退出服務程序", "修訂（網上登記）Amended", "黃志強"),
                ("11", "評估服務使用者需要程序", "維持 No change", "李詠詩"),
                ("12", "知情選擇程序", "維持 No change", "李詠詩"),
                ("13", "服務使用者私人財產程序", "維持 No change", "劉文傑"),
                ("14", "私隱及保密政策", "修訂 Amended", "陳美玲"),
                ("15", "投訴處理程序", "修訂 Amended", "陳美玲"),
                (
                    "16",
                    "防止及處理侵犯事件程序",
                    "修訂（更新保護兒童程序指引版本）Amended",
                    "李詠詩",
                ),
            ),
            (1.6, 7.0, 5.8, 2.6),
        ),
        Heading("5. 跟進事項 Follow-up actions"),
        Table(
            (
                ("事項 Action", "負責 By", "限期 Deadline"),
                ("把修訂文本及本會議記錄提交總辦事處", "陳美玲", "2024-02-28"),
                ("更新中心組織架構圖並於報告板展示", "劉文傑", "2024-03-31"),
                ("向全體職員簡介修訂內容", "陳美玲", "2024-03-26"),
                ("於會員通訊公布投訴程序修訂", "黃志強", "2024-04-15"),
                ("研究閉路電視安裝及撥款申請", "劉文傑", "2024-06-30"),
            ),
            (10.0, 3.0, 4.0),
        ),
        Heading("6. 下次會議 Next meeting"),
        Para("2024年3月12日下午2時30分，確認修訂文本。12 March 2024, 2:30 pm."),
        key_table(
            ("主席簽署 Chair", f"陳美玲 {SIGNED}"),
            ("確認日期 Confirmed", "2024-03-12"),
        ),
    ),
    created="2024-02-21",
    modified="2024-03-12",
    author="張嘉欣 社會工作助理",
    last_modified_by=YCC_AUTHOR,
    ref="YCC/SQS02/M/2024-01",
    revision=4,
)

YCC_FORM_202 = Record(
    unit="ycc",
    sqs=2,
    stem="表格2.02 政策及程序更新紀錄 2024-25 Form 2.02 Amendment Record",
    title_zh="服務質素標準政策及程序更新紀錄表（2024-25年度）",
    title_en="Form 2.02 Amendment Record of SQS Policies and Procedures (2024-25)",
    blocks=(
        Table(
            (
                (
                    "標準編號 SQS",
                    "需修訂條文 Clause",
                    "修訂原因 Reason",
                    "更新內容 New content",
                    "更新日期 Updated",
                    "發布日期 Released",
                    "下次檢討 Next review",
                    "負責職員簽署 Signed",
                ),
                (
                    "4",
                    "第3.1、3.5條；組織架構圖",
                    "原因：中心獲撥款推行「共創明『Teen』計劃」，新增計劃社工（非資助）職位。",
                    "組織架構圖加入計劃社工（*）；第3.5條加入計劃社工職責及匯報對象。",
                    "2024-08-20",
                    "2024-09-01",
                    "2027-04-01",
                    f"陳美玲 {SIGNED}",
                ),
                (
                    "14",
                    "新增第3.7至3.9條",
                    "原因：中心入口、接待處及活動室安裝閉路電視（2025年1月完成）。",
                    "訂明閉路電視監察範圍、錄像只作管理用途、查閱須經中心主任授權及紀錄、"
                    "錄像保存31日。",
                    "2025-01-20",
                    "2025-02-01",
                    "2027-04-01",
                    f"陳美玲 {SIGNED}",
                ),
            ),
            (1.8, 3.0, 4.4, 6.2, 2.3, 2.3, 2.4, 3.3),
            size=8.5,
        ),
        key_table(
            ("總幹事審核簽署 Chief Executive", f"何家明 {SIGNED}"),
            ("日期 Date", "2024-08-26（第1項 item 1）；2025-01-24（第2項 item 2）"),
            widths=(6.0, 19.7),
        ),
    ),
    created="2024-08-20",
    modified="2025-01-24",
    author=YCC_AUTHOR,
    ref="MT/SQS/2.02 YCC 2024-25",
    revision=3,
    landscape=True,
)

REGISTER_HEAD = (
    "編號 Ref",
    "收到日期 Received",
    "途徑 Channel",
    "投訴人 Complainant",
    "投訴內容摘要 Summary",
    "負責職員 Officer",
    "確認收到 Acknow-ledged",
    "書面回覆 Replied",
    "結果及跟進 Outcome and follow-up",
    "狀態 Status",
)
REGISTER_WIDTHS = (2.6, 2.1, 1.8, 2.0, 5.0, 1.6, 2.1, 2.1, 4.8, 1.6)
REGISTER_NOTE = Para(
    "投訴人身份以編號代替，詳細資料存於上鎖的投訴檔案。Complainants are identified by code "
    "only; details are kept in the locked complaint files.",
    size=9,
)

YCC_REGISTER = Record(
    unit="ycc",
    sqs=15,
    stem="投訴登記冊 2026-27 Complaints Register",
    title_zh="投訴登記冊（2026-27年度）",
    title_en="Complaints Register 2026-27 (as at 15 November 2026)",
    blocks=(
        REGISTER_NOTE,
        Table(
            (
                REGISTER_HEAD,
                (
                    "YCC-C-2026-01",
                    "2026-04-14",
                    "電話 Phone",
                    "家長 P-01",
                    "暑期活動網上報名系統故障，未能於截止前報名。",
                    "黃志強",
                    "2026-04-15",
                    "2026-04-28",
                    "成立。延長報名兩日並加設電話報名。Substantiated.",
                    "已結案 Closed",
                ),
                (
                    "YCC-C-2026-02",
                    "2026-05-06",
                    "意見箱 Box",
                    "匿名 Anonymous",
                    "自修室冷氣過冷。",
                    "劉文傑",
                    "不適用 N/A",
                    "不適用 N/A",
                    "已調校溫度至25°C。匿名投訴，毋須回覆。",
                    "已結案 Closed",
                ),
                (
                    "YCC-C-2026-03",
                    "2026-06-22",
                    "電郵 Email",
                    "會員 M-07",
                    "接待處職員態度欠佳，未有解釋活動取消原因。",
                    "陳美玲",
                    "2026-06-23",
                    "2026-07-17",
                    "部分成立。個別督導及安排前線服務培訓。Partly substantiated.",
                    "已結案 Closed",
                ),
                (
                    "YCC-C-2026-04",
                    "2026-08-03",
                    "書信 Letter",
                    "家長 P-02",
                    "功課輔導班更換導師而未有事先通知家長。",
                    "李詠詩",
                    "2026-08-05",
                    "2026-08-26",
                    "成立。訂立更換導師須一星期前通知家長的安排。Substantiated.",
                    "已結案 Closed",
                ),
                (
                    "YCC-C-2026-05",
                    "2026-09-15",
                    "親身 In person",
                    "鄰近居民 R-01",
                    "晚間活動後青少年在大廈門口聚集，聲浪過大。",
                    "黃志強",
                    "2026-09-16",
                    "2026-10-12",
                    "部分成立。活動後由職員疏導離開；曾查閱閉路電視錄像。",
                    "已結案 Closed",
                ),
                (
                    "YCC-C-2026-06",
                    "2026-11-09",
                    "電話 Phone",
                    "家長 P-03",
                    "取消活動的退款仍未收到。",
                    "劉文傑",
                    "2026-11-10",
                    "—",
                    "調查中。Under investigation.",
                    "跟進中 Open",
                ),
            ),
            REGISTER_WIDTHS,
            size=8,
        ),
        Para("統計 Summary（截至2026年11月15日 as at 15 Nov 2026）", bold=True, size=9.5),
        Table(
            (
                (
                    "總數 Total",
                    "成立 Substantiated",
                    "部分成立 Partly",
                    "不成立 Not",
                    "其他 Other",
                    "跟進中 Open",
                ),
                ("6", "2", "2", "0", "1", "1"),
            ),
            (3.0, 3.2, 3.2, 3.0, 3.0, 3.0),
        ),
        key_table(
            ("中心主任核閱 Checked by", f"陳美玲 中心主任 {SIGNED}"),
            ("日期 Date", "2026-11-16"),
            widths=(6.0, 19.7),
        ),
    ),
    created="2026-04-14",
    modified="2026-11-16",
    author="劉文傑 文書主任",
    last_modified_by=YCC_AUTHOR,
    ref="YCC/SQS15/REG/2026-27",
    revision=12,
    landscape=True,
)

YCC_CCTV_LOG = Record(
    unit="ycc",
    sqs=14,
    stem="閉路電視錄影查閱紀錄 2026 CCTV Footage Access Log",
    title_zh="閉路電視錄影查閱紀錄（2026年）",
    title_en="CCTV Footage Access Log 2026",
    blocks=(
        Para(
            "按《私隱及保密政策》第3.8條，每次查閱閉路電視錄像均須記錄。錄像只作管理用途。"
            "Every viewing of CCTV footage is logged under clause 3.8 of the Privacy and "
            "Confidentiality Policy. Footage is used for management purposes only.",
            size=9,
        ),
        Table(
            (
                (
                    "日期 Date",
                    "查閱原因 Reason",
                    "鏡頭及錄像時段 Camera and period",
                    "查閱人 Viewed by",
                    "授權人 Authorised by",
                    "複製及交付 Copies",
                    "備註 Remarks",
                ),
                (
                    "2026-02-11",
                    "會員報失手提電話。",
                    "活動室一 2026-02-10 18:00-19:30",
                    "黃志強",
                    "陳美玲",
                    "沒有複製 None",
                    "已尋回電話。",
                ),
                (
                    "2026-06-24",
                    "調查投訴 YCC-C-2026-03。",
                    "接待處 2026-06-20 15:00-15:30",
                    "劉文傑",
                    "陳美玲",
                    "沒有複製 None",
                    "錄像不含聲音，只用作核對時間。",
                ),
                (
                    "2026-09-16",
                    "調查居民投訴 YCC-C-2026-05。",
                    "入口 2026-09-12 21:30-22:15",
                    "黃志強",
                    "陳美玲",
                    "複製一份，保存至調查完結。",
                    "複本已於2026-10-12銷毀。",
                ),
                (
                    "2026-10-05",
                    "警方書面要求協助刑事調查（附警方要求信）。",
                    "入口 2026-10-01 20:00-23:00",
                    "陳美玲",
                    "羅國輝 服務總監",
                    "複製一份交警方，已簽收。",
                    "按《個人資料（私隱）條例》第58條提供。",
                ),
            ),
            (2.3, 5.0, 4.6, 2.2, 2.7, 4.4, 4.5),
            size=8.5,
        ),
    ),
    created="2026-02-11",
    modified="2026-10-05",
    author="劉文傑 文書主任",
    ref="YCC/SQS14/CCTV/2026",
    revision=5,
    landscape=True,
)

HOME_MINUTES = Record(
    unit="home",
    sqs=2,
    stem="2024-02-27 家舍政策檢討會議記錄 Policy Review Meeting Minutes",
    title_zh="2023-24年度家舍政策及程序全面檢討會議記錄",
    title_en="Minutes of the 2023-24 Full Review Meeting on the Home's Policies and Procedures",
    blocks=(
        key_table(
            ("日期 Date", "2024年2月27日（星期二） Tuesday, 27 February 2024"),
            ("時間 Time", "下午1時30分至3時15分（住童上學時段） 1:30 pm to 3:15 pm"),
            ("地點 Venue", "家舍辦公室 Home office"),
            ("主席 Chair", "周麗華 家舍主任"),
            (
                "出席 Present",
                "馬秀英 家舍家長、鄭偉 助理家舍家長、吳家豪 社會工作助理、"
                "家長代表（G-04，電話參與 by telephone）",
            ),
            ("記錄 Minutes", "吳家豪 社會工作助理"),
        ),
        Heading("1. 意見收集結果 Views collected"),
        Bullet("住童圖像問卷：2024年1月派發8份，完成7份；住童普遍表示喜歡家舍的飯菜及周末活動。"),
        Bullet("家長／監護人：於2024年1月探訪日及電話面談收集6位家長意見。"),
        Bullet("轉介社工：以書面邀請5位轉介社工提出意見，收到3份回覆。"),
        Bullet("職員：於2024年1月23日職員會議討論，另收到夜更職員書面意見2份。"),
        Heading("2. 逐項檢討結果 Outcome by standard"),
        Table(
            (
                ("標準 SQS", "文件 Document", "結果 Outcome", "負責職員 Staff"),
                ("2", "家舍政策檢討程序", "修訂（加入圖像問卷）Amended", "周麗華"),
                ("4", "職務及責任指引", "修訂（夜間照顧員職責）Amended", "馬秀英"),
                ("6", "服務計劃及檢討程序", "維持 No change", "周麗華"),
                ("10", "入住及離舍程序", "維持 No change", "吳家豪"),
                ("11", "個人計劃及個案覆檢程序", "修訂（覆檢提醒）Amended", "吳家豪"),
                ("12", "知情選擇程序", "維持 No change", "吳家豪"),
                ("13", "住童零用錢及私人物品程序", "維持 No change", "馬秀英"),
                ("14", "私隱及保密政策", "修訂（閉路電視、相片）Amended", "周麗華"),
                ("15", "投訴處理程序", "延後 Deferred", "周麗華"),
                ("16", "防止及處理虐兒事件程序", "修訂 Amended", "周麗華"),
            ),
            (1.6, 7.0, 5.8, 2.6),
        ),
        Heading("3. 討論摘要 Discussion"),
        Para(
            "3.1 私隱及保密：家長同意於出入口、客廳及飯廳設置閉路電視，但強調睡房、浴室及"
            "洗手間不可設置。會議通過把有關安排寫入私隱及保密政策，錄像保存14日。"
        ),
        Para(
            "3.2 投訴處理程序：總辦事處正草擬機構統一的投訴處理政策，會議決定暫沿用2021年版本"
            "（第1.0版），待機構政策發出後再行檢討，並須把確認收到時限與機構政策看齊。"
        ),
        Para(
            "3.2 Complaints procedure: as the Head Office is drafting an agency-wide complaints "
            "policy, the meeting decided to keep the 2021 version (v1.0) for now and to review "
            "it once the agency policy is issued.",
            english=True,
        ),
        Heading("4. 跟進事項 Follow-up actions"),
        Table(
            (
                ("事項 Action", "負責 By", "限期 Deadline"),
                ("把修訂文本及本會議記錄提交總辦事處", "周麗華", "2024-02-29"),
                ("張貼閉路電視告示並向家長解釋", "馬秀英", "2024-03-31"),
                ("機構投訴政策發出後檢討家舍投訴處理程序", "周麗華", "2024-09-30"),
            ),
            (10.0, 3.0, 4.0),
        ),
        key_table(
            ("主席簽署 Chair", f"周麗華 {SIGNED}"),
            ("確認日期 Confirmed", "2024-03-05"),
        ),
    ),
    created="2024-02-28",
    modified="2024-03-05",
    author="吳家豪 社會工作助理",
    last_modified_by=HOME_AUTHOR,
    ref="SGH/SQS02/M/2024-01",
    revision=3,
)

HOME_REGISTER = Record(
    unit="home",
    sqs=15,
    stem="投訴登記冊 2025-26 Complaints Register",
    title_zh="投訴登記冊（2025-26年度）",
    title_en="Complaints Register 2025-26",
    blocks=(
        REGISTER_NOTE,
        Table(
            (
                REGISTER_HEAD,
                (
                    "SGH-C-2025-01",
                    "2025-05-19",
                    "電話 Phone",
                    "家長 G-01",
                    "平日探訪時段與家長工作時間衝突。",
                    "周麗華",
                    "2025-05-20",
                    "2025-06-10",
                    "部分成立。增設星期六下午探訪時段。Partly substantiated.",
                    "已結案 Closed",
                ),
                (
                    "SGH-C-2025-02",
                    "2025-09-02",
                    "心聲信箱 Voice box",
                    "住童 R-03",
                    "晚上不能看完電視節目便要睡覺。",
                    "馬秀英",
                    "2025-09-03（口頭）",
                    "2025-09-20（口頭及住童會議）",
                    "部分成立。周末就寢時間延後30分鐘。",
                    "已結案 Closed",
                ),
                (
                    "SGH-C-2026-01",
                    "2026-01-12",
                    "書信 Letter",
                    "轉介社工 S-02",
                    "家舍未有按時提交住童個案覆檢報告。",
                    "周麗華",
                    "2026-01-13",
                    "2026-02-06",
                    "成立。設立覆檢報告提醒表，由社會工作助理每月核對。Substantiated.",
                    "已結案 Closed",
                ),
            ),
            REGISTER_WIDTHS,
            size=8,
        ),
        key_table(
            ("家舍主任核閱 Checked by", f"周麗華 家舍主任 {SIGNED}"),
            ("日期 Date", "2026-04-07"),
            widths=(6.0, 19.7),
        ),
    ),
    created="2025-05-19",
    modified="2026-04-07",
    author=HOME_AUTHOR,
    ref="SGH/SQS15/REG/2025-26",
    revision=6,
    landscape=True,
)

RECORDS: tuple[Record, ...] = (
    AGENCY_FORM_201,
    YCC_MINUTES,
    YCC_FORM_202,
    YCC_REGISTER,
    YCC_CCTV_LOG,
    HOME_MINUTES,
    HOME_REGISTER,
)


def all_specs() -> list[DocSpec]:
    return [policy_spec(p) for p in POLICIES] + [record_spec(r) for r in RECORDS]


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


def write_if_changed(path: Path, data: bytes) -> bool:
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--root", type=Path, default=ROOT, help="repository root")
    parser.add_argument("--no-pdf", action="store_true", help="do not convert to PDF")
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a .docx is missing or stale"
    )
    args = parser.parse_args(argv)
    root: Path = args.root

    specs = all_specs()
    paths = [s.path for s in specs]
    if len(set(paths)) != len(paths):
        raise SystemExit("duplicate output paths")

    stale: list[str] = []
    built: dict[str, bytes] = {}
    for spec in specs:
        data = build_docx(spec)
        built[spec.path] = data
        target = root / spec.path
        if args.check:
            if not target.exists() or target.read_bytes() != data:
                stale.append(spec.path)
        elif write_if_changed(target, data):
            print(f"wrote {spec.path}")
    if args.check:
        for path in stale:
            print(f"stale: {path}", file=sys.stderr)
        return 1 if stale else 0

    pdf_specs = [s for s in specs if s.pdf]
    if args.no_pdf or not pdf_specs:
        return 0
    soffice = find_soffice()
    if soffice is None:
        print("soffice not found: PDFs not regenerated (use --no-pdf to silence)", file=sys.stderr)
        return 0
    for spec in pdf_specs:
        target = (root / spec.path).with_suffix(".pdf")
        if write_if_changed(
            target, convert_to_pdf(soffice, built[spec.path], spec.modified, target)
        ):
            print(f"wrote {target.relative_to(root)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
