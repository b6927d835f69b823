"""Build the built-in notice templates in repo_tool/templates/ (run after changing this file).

    .venv/bin/python scripts/make_notice_templates.py

cctv-notice.docx: the SQS 14 CCTV notice in the wording of SWD's sample (seed 000): a camera
pictogram (drawn here, below), the unit's name, the notice, its purpose (protecting service
users, a safe environment), 24-hour recording, footage for management purposes only, the enquiry
phone, and the unit's name + 示. A4 portrait, large type. Jinja fields (docxtpl): `zh`, `en`
(which languages), `unit_name_zh`, `unit_name_en`, `phone`. A unit can put its own version in
the repository's templates/ folder.

The template holds three versions of the notice, one per choice of languages, each with its own
type sizes: a one-language notice is set larger so that it fills the page as the bilingual one
does. Chinese lines are broken by hand at the ends of phrases (a soft line break, Shift+Enter in
Word), so no renderer can leave `聯絡。` alone on the last line: Chinese has no spaces, and
neither Word nor LibreOffice keeps characters joined by U+2060 together.
"""

from __future__ import annotations

import io
import math
import sys
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt, RGBColor
from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from repo_tool.generate._word import font_properties, use_cjk_font

TEMPLATES = Path(__file__).resolve().parent.parent / "repo_tool" / "templates"
CENTER, LEFT, RIGHT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT

BODY_ZH = ("為保護以及提供安全的環境予服務使用者，", "24 小時閉路電視錄影操作中，",
           "所收集的錄像只作管理用途。")
ENQUIRY_ZH = ("若有查詢，可致電 {{ phone }}", "與本單位聯絡。")
BODY_EN = ("To protect our service users and provide a safe environment for them, CCTV "
           "recording is in operation 24 hours a day. The footage collected is used for "
           "management purposes only.")
ENQUIRY_EN = "For enquiries, please call {{ phone }}."


def camera_pictogram(width: int = 1200) -> bytes:
    """A CCTV camera on a wall bracket, black on a transparent ground, as PNG: drawn here from
    simple shapes (a body and its hood tilted to the front, the recording light, the bracket)."""
    units_w, units_h = 120, 72
    k = width * 4 / units_w                 # drawn four times larger, then reduced: smooth edges
    angle = math.radians(16)                # the camera looks down, to the left
    pivot = (84.0, 34.0)

    def turn(x: float, y: float) -> tuple[float, float]:
        dx, dy = x - pivot[0], y - pivot[1]
        return (pivot[0] + dx * math.cos(angle) - dy * math.sin(angle),
                pivot[1] + dx * math.sin(angle) + dy * math.cos(angle))

    def turned(points: list[tuple[float, float]]) -> list[tuple[int, int]]:
        return [(round(x * k), round(y * k)) for x, y in (turn(*p) for p in points)]

    def box(x0: float, y0: float, x1: float, y1: float) -> tuple[int, int, int, int]:
        return round(x0 * k), round(y0 * k), round(x1 * k), round(y1 * k)

    image = Image.new("L", (round(units_w * k), round(units_h * k)), 255)
    draw = ImageDraw.Draw(image)
    top, bottom = 30.0, 50.0
    draw.polygon(turned([(34, top), (90, top), (94, top + 4), (94, bottom - 4), (90, bottom),
                         (34, bottom)]), fill=0)                             # the body
    draw.polygon(turned([(8, top - 6), (32, top - 2), (32, bottom), (12, bottom)]),
                 fill=0)                                                     # the hood
    light_x, light_y = turn(84, 40)
    draw.ellipse(box(light_x - 3.2, light_y - 3.2, light_x + 3.2, light_y + 3.2), fill=255)
    post_x, post_y = turn(82, top + 3)
    arm_y = 16.0
    draw.rectangle(box(post_x - 3.5, arm_y, post_x + 3.5, post_y), fill=0)   # the post
    draw.rectangle(box(post_x - 3.5, arm_y, 106, arm_y + 6), fill=0)         # the arm
    draw.rounded_rectangle(box(106, 4, 114, 36), radius=round(1.5 * k), fill=0)  # wall plate
    left, upper, right, lower = Image.eval(image, lambda v: 255 - v).getbbox() or (0, 0, 1, 1)
    margin = round(3 * k)
    framed = Image.new("L", (right - left + 2 * margin, lower - upper + 2 * margin), 255)
    framed.paste(image.crop((left, upper, right, lower)), (margin, margin))
    small = framed.resize((width, round(framed.height * width / framed.width)), Image.LANCZOS)
    # black ink on a transparent ground: no box of not-quite-white around it when printed
    ink = Image.merge("LA", (Image.new("L", small.size, 0), Image.eval(small, lambda v: 255 - v)))
    out = io.BytesIO()
    ink.save(out, format="PNG", optimize=True)
    return out.getvalue()


@dataclass(frozen=True)
class Sizes:
    """One version of the notice: the pictogram's width (mm) and the type sizes (points)."""

    condition: str
    picture: float
    name_zh: float
    name_en: float
    title_zh: float
    title_en: float
    body_zh: float
    body_en: float
    sign_zh: float
    sign_en: float
    gap: float            # space above the title, the body and the signature (points)


# A one-language notice fills the page with larger type and a larger pictogram. The Chinese
# lines break at phrase ends; the one-language version, set larger, breaks its first phrase too.
VERSIONS = (
    Sizes("zh and en", 55, 24, 15, 56, 36, 24, 18, 22, 15, 16),
    Sizes("zh and not en", 80, 30, 0, 66, 0, 32, 0, 28, 0, 34),
    Sizes("en and not zh", 85, 0, 22, 0, 50, 0, 27, 0, 20, 42),
)


def cctv_notice() -> Document:
    document = Document()
    use_cjk_font(document)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(22))
    section.top_margin, section.bottom_margin = Mm(18), Mm(16)
    core = document.core_properties
    core.title = "閉路電視監察告示 CCTV notice"
    core.subject = "SQS 14 私隱和保密 Privacy and confidentiality"
    picture = io.BytesIO(camera_pictogram())

    def add(lines: str | tuple[str, ...], size: float, *, bold: bool = False,
            align: object = CENTER, before: float = 0, after: float = 0,
            grey: bool = False) -> None:
        paragraph = document.add_paragraph()
        paragraph.alignment = align
        form = paragraph.paragraph_format
        form.space_before, form.space_after = Pt(before), Pt(after)
        form.line_spacing = Pt(size * 1.35)  # exact: Noto CJK's own line gap is 1.45 em
        run = paragraph.add_run("\n".join(lines) if isinstance(lines, tuple) else lines)
        run.font.size = Pt(size)
        run.font.bold = bold
        if grey:
            run.font.color.rgb = RGBColor(0x44, 0x44, 0x44)
        font_properties(run._r.get_or_add_rPr())

    def tag(text: str) -> None:
        document.add_paragraph(text)

    for v in VERSIONS:
        tag(f"{{%p if {v.condition} %}}")
        paragraph = document.add_paragraph()
        paragraph.alignment = CENTER
        paragraph.paragraph_format.space_after = Pt(v.gap / 2)
        picture.seek(0)
        paragraph.add_run().add_picture(picture, width=Mm(v.picture))
        if v.name_zh:
            add("{{ unit_name_zh }}", v.name_zh, bold=True)
        if v.name_en:
            add("{{ unit_name_en }}", v.name_en, bold=True)
        if v.title_zh:
            add("閉路電視監察中", v.title_zh, bold=True, before=v.gap)
        if v.title_en:
            add("CCTV in operation", v.title_en, bold=True, before=0 if v.title_zh else v.gap)
        if v.body_zh:
            body = BODY_ZH if v.name_en else ("為保護以及提供安全的環境", "予服務使用者，",
                                              *BODY_ZH[1:])
            add(body, v.body_zh, align=LEFT, before=v.gap * 1.2, after=v.gap / 2)
            add(ENQUIRY_ZH, v.body_zh, align=LEFT, after=v.gap / 2)
        if v.body_en:
            grey = bool(v.body_zh)
            add(BODY_EN, v.body_en, align=LEFT, before=v.gap / 2 if grey else v.gap * 1.2,
                after=v.gap / 2, grey=grey)
            add(ENQUIRY_EN, v.body_en, align=LEFT, after=v.gap / 2, grey=grey)
        if v.sign_zh:
            add("{{ unit_name_zh }}　示", v.sign_zh, bold=True, align=RIGHT, before=v.gap * 1.5)
        if v.sign_en:
            add("{{ unit_name_en }}", v.sign_en, bold=True, align=RIGHT,
                before=4 if v.sign_zh else v.gap * 1.5)
        tag("{%p endif %}")
    return document


def main() -> None:
    TEMPLATES.mkdir(parents=True, exist_ok=True)
    dest = TEMPLATES / "cctv-notice.docx"
    cctv_notice().save(str(dest))
    print(f"wrote {dest}")


if __name__ == "__main__":
    main()
