"""Build the built-in notice templates in repo_tool/templates/ (run after changing this file).

    .venv/bin/python scripts/make_notice_templates.py

cctv-notice.docx: the SQS 14 CCTV notice in the wording of SWD's sample (seed 000): the unit's
name, the notice, its purpose (protecting service users, a safe environment), 24-hour recording,
footage for management purposes only, the enquiry phone, and the unit's name + 示. A4 portrait,
large type. Jinja fields (docxtpl): `zh`, `en` (which languages), `unit_name_zh`,
`unit_name_en`, `phone`. A unit can put its own version in the repository's templates/ folder.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt, RGBColor

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from repo_tool.generate._word import font_properties, use_cjk_font

TEMPLATES = Path(__file__).resolve().parent.parent / "repo_tool" / "templates"
CENTER, RIGHT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT


def cctv_notice() -> Document:
    document = Document()
    use_cjk_font(document)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(22))
    section.top_margin, section.bottom_margin = Mm(20), Mm(18)
    core = document.core_properties
    core.title = "閉路電視監察告示 CCTV notice"
    core.subject = "SQS 14 私隱和保密 Privacy and confidentiality"

    def add(text: str, size: float, *, bold: bool = False, align: object = CENTER,
            before: float = 0, after: float = 0, grey: bool = False) -> None:
        paragraph = document.add_paragraph()
        paragraph.alignment = align
        form = paragraph.paragraph_format
        form.space_before, form.space_after = Pt(before), Pt(after)
        form.line_spacing = Pt(size * 1.35)  # exact: Noto CJK's own line gap is 1.45 em
        run = paragraph.add_run(text)
        run.font.size = Pt(size)
        run.font.bold = bold
        if grey:
            run.font.color.rgb = RGBColor(0x44, 0x44, 0x44)
        font_properties(run._r.get_or_add_rPr())

    def tag(text: str) -> None:
        document.add_paragraph(text)

    tag("{%p if zh %}")
    add("{{ unit_name_zh }}", 24, bold=True)
    tag("{%p endif %}")
    tag("{%p if en %}")
    add("{{ unit_name_en }}", 16, bold=True)
    tag("{%p endif %}")
    tag("{%p if zh %}")
    add("閉路電視監察中", 54, bold=True, before=36)
    tag("{%p endif %}")
    tag("{%p if en %}")
    add("CCTV in operation", 34, bold=True, after=18)
    tag("{%p endif %}")
    tag("{%p if zh %}")
    add("為保護以及提供安全的環境予服務使用者，24 小時閉路電視錄影操作中，"
        "所收集的錄像只作管理用途。", 26, align=WD_ALIGN_PARAGRAPH.LEFT, before=30, after=10)
    add("若有查詢，可致電 {{ phone }} 與本單位聯絡。", 26, align=WD_ALIGN_PARAGRAPH.LEFT,
        after=12)
    tag("{%p endif %}")
    tag("{%p if en %}")
    add("To protect our service users and provide a safe environment for them, CCTV recording "
        "is in operation 24 hours a day. The footage collected is used for management purposes "
        "only.", 18, align=WD_ALIGN_PARAGRAPH.LEFT, before=10, after=8, grey=True)
    add("For enquiries, please call {{ phone }}.", 18, align=WD_ALIGN_PARAGRAPH.LEFT,
        after=12, grey=True)
    tag("{%p endif %}")
    tag("{%p if zh %}")
    add("{{ unit_name_zh }}　示", 22, bold=True, align=RIGHT, before=40)
    tag("{%p endif %}")
    tag("{%p if en %}")
    add("{{ unit_name_en }}", 15, bold=True, align=RIGHT, before=4)
    tag("{%p endif %}")
    return document


def main() -> None:
    TEMPLATES.mkdir(parents=True, exist_ok=True)
    dest = TEMPLATES / "cctv-notice.docx"
    cctv_notice().save(str(dest))
    print(f"wrote {dest}")


if __name__ == "__main__":
    main()
