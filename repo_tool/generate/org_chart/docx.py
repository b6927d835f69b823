"""The org chart as an editable Word document: one DrawingML shape per box and per line.

Why shapes: the layout is a tree of boxes at exact positions, and Word's own drawing shapes keep
those positions while every box stays an ordinary text box (click, retype, restyle, drag). A
table cannot centre a parent over children of different widths, nor stack posts beside a line,
without merged cells that fall apart at the first edit; an embedded picture is not editable.
Each shape is anchored to the page at the layout's coordinates, so the DOCX, the SVG and the
PDF (LibreOffice prints this DOCX) show the same chart.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import parse_xml
from docx.shared import Emu, Pt

from repo_tool.generate._word import FONT, use_cjk_font
from repo_tool.generate.org_chart.layout import LINE, PAD_X, STROKE, Box, Caption, Page
from repo_tool.generate.org_chart.pages import CAPTION_LINE

EMU_PER_PT = 12700
_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
       'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
       'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
       'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
       'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"')
_WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"


def _emu(points: float) -> int:
    return round(points * EMU_PER_PT)


class _Shapes:
    """Builds anchored shapes with unique ids; lines first so boxes are drawn over them."""

    def __init__(self) -> None:
        self.next_id = 1

    def anchor(self, name: str, x: float, y: float, w: float, h: float, shape: str) -> str:
        shape_id = self.next_id
        self.next_id += 1
        return (
            f'<w:r {_NS}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
            f'<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" '
            f'relativeHeight="{251658240 + shape_id}" behindDoc="0" locked="0" '
            f'layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
            f'<wp:positionH relativeFrom="page"><wp:posOffset>{_emu(x)}</wp:posOffset>'
            f'</wp:positionH><wp:positionV relativeFrom="page"><wp:posOffset>{_emu(y)}'
            f'</wp:posOffset></wp:positionV><wp:extent cx="{_emu(w)}" cy="{_emu(h)}"/>'
            f'<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
            f'<wp:docPr id="{shape_id}" name="{escape(name)} {shape_id}"/>'
            f'<wp:cNvGraphicFramePr/><a:graphic><a:graphicData uri="{_WPS}">{shape}'
            f'</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
            f'</mc:AlternateContent></w:r>')

    def line(self, a: tuple[float, float], b: tuple[float, float]) -> str:
        """A connector stretch as a thin filled rectangle: LibreOffice lays some zero-width
        line shapes flat when it prints, a rectangle it always draws where it is."""
        half = STROKE / 2
        x, y = min(a[0], b[0]) - half, min(a[1], b[1]) - half
        w, h = abs(a[0] - b[0]) + STROKE, abs(a[1] - b[1]) + STROKE
        shape = (f'<wps:wsp><wps:cNvSpPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
                 f'<a:ext cx="{_emu(w)}" cy="{_emu(h)}"/></a:xfrm>'
                 f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
                 f'<a:solidFill><a:srgbClr val="222222"/></a:solidFill><a:ln><a:noFill/></a:ln>'
                 f'</wps:spPr><wps:bodyPr/></wps:wsp>')
        return self.anchor("Line", x, y, w, h, shape)

    def text_box(self, name: str, x: float, y: float, w: float, h: float,
                 paragraphs: list[str], *, border: str | None, dashed: bool = False,
                 inset: float = 0.0, middle: bool = True) -> str:
        fill = '<a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill>' if border else "<a:noFill/>"
        dash = '<a:prstDash val="dash"/>' if dashed else ""
        line = (f'<a:ln w="{_emu(STROKE)}"><a:solidFill><a:srgbClr val="{border}"/>'
                f'</a:solidFill>{dash}</a:ln>' if border else "<a:ln><a:noFill/></a:ln>")
        shape = (f'<wps:wsp><wps:cNvSpPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
                 f'<a:ext cx="{_emu(w)}" cy="{_emu(h)}"/></a:xfrm>'
                 f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{fill}{line}</wps:spPr>'
                 f'<wps:txbx><w:txbxContent>{"".join(paragraphs)}</w:txbxContent></wps:txbx>'
                 f'<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="{_emu(inset)}" tIns="0" '
                 f'rIns="{_emu(inset)}" bIns="0" anchor="{"ctr" if middle else "t"}" '
                 f'anchorCtr="0"><a:noAutofit/></wps:bodyPr></wps:wsp>')
        return self.anchor(name, x, y, w, h, shape)


def _paragraph(lines: tuple[str, ...] | list[str], size: float, line_height: float,
               align: str, *, bold: bool = False, colour: str = "222222") -> str:
    """One paragraph; the layout's line breaks are kept as Word line breaks."""
    props = (f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" '
             f'w:cs="{FONT}"/>{"<w:b/>" if bold else ""}<w:color w:val="{colour}"/>'
             f'<w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/>'
             f'<w:lang w:val="en-GB" w:eastAsia="zh-HK"/></w:rPr>')
    runs = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in lines)
    return (f'<w:p><w:pPr><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>'
            f'<w:spacing w:before="0" w:after="0" '
            f'w:line="{round(line_height * 20)}" w:lineRule="exact"/><w:jc w:val="{align}"/>'
            f'</w:pPr><w:r>{props}{runs}</w:r></w:p>')


def _box(shapes: _Shapes, box: Box, size: float) -> str:
    colour = "666666" if box.context else "222222"
    paragraphs = [_paragraph(label.lines, size, LINE * size, "center", colour=colour)
                  for label in box.labels]
    return shapes.text_box(f"Post {box.post_id}", box.x, box.y, box.w, box.h, paragraphs,
                           border=colour, dashed=box.context, inset=PAD_X * size / 2)


def _caption(shapes: _Shapes, caption: Caption) -> str:
    height = caption.size * CAPTION_LINE
    paragraph = _paragraph([caption.text], caption.size, height,
                           "center" if caption.align == "center" else "left", bold=caption.bold)
    return shapes.text_box("Caption", caption.x, caption.y, caption.w, height, [paragraph],
                           border=None, middle=False)


def chart_docx(pages: list[Page], dest: Path) -> Path:
    """Write the chart's pages to `dest` as A4 landscape pages of Word shapes."""
    document = Document()
    use_cjk_font(document)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Emu(_emu(pages[0].width)), Emu(_emu(pages[0].height))
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Pt(20))
    shapes = _Shapes()
    for index, page in enumerate(pages):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.page_break_before = index > 0
        parts = [shapes.line(a, b) for a, b in page.segments]
        parts += [_box(shapes, box, page.size) for box in page.boxes]
        parts += [_caption(shapes, caption) for caption in page.captions]
        for part in parts:
            paragraph._p.append(parse_xml(part))
    dest.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(dest))
    return dest
