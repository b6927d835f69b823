"""The org chart as SVG: boxes, lines and real `<text>` (searchable, selectable, editable).

Pages of a split chart are stacked one below the other in the one file.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from repo_tool.generate.org_chart.layout import LINE, STROKE, Box, Caption, Page

FONT_FAMILY = "'Noto Sans CJK TC', 'PMingLiU', sans-serif"
ASCENT = 0.88  # the ideographic top above the baseline, in ems (Noto Sans CJK)
INK, CONTEXT_INK = "#222222", "#666666"


def _n(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def baseline(line_top: float, line_height: float, size: float) -> float:
    """Where to put the baseline so the glyphs sit in the middle of their line."""
    return line_top + (line_height - size) / 2 + ASCENT * size


def _box(box: Box, size: float) -> list[str]:
    ink = CONTEXT_INK if box.context else INK
    dash = ' stroke-dasharray="3 2"' if box.context else ""
    out = [f'<rect x="{_n(box.x)}" y="{_n(box.y)}" width="{_n(box.w)}" height="{_n(box.h)}" '
           f'fill="#ffffff" stroke="{ink}" stroke-width="{STROKE}"{dash}/>']
    lines = sum(len(label.lines) for label in box.labels)
    step = LINE * size
    top = box.y + (box.h - lines * step) / 2
    centre = _n(box.x + box.w / 2)
    for label in box.labels:
        spans = []
        for line in label.lines:
            y = _n(baseline(top, step, size))
            spans.append(f'<tspan x="{centre}" y="{y}">{escape(line)}</tspan>')
            top += step
        out.append(f'<text text-anchor="middle" fill="{ink}" xml:space="preserve" '
                   f'lang={quoteattr("zh-HK" if label.lang == "zh" else "en")}>'
                   + "".join(spans) + "</text>")
    return out


def _caption(caption: Caption) -> str:
    x = caption.x + caption.w / 2 if caption.align == "center" else caption.x
    anchor = "middle" if caption.align == "center" else "start"
    weight = ' font-weight="bold"' if caption.bold else ""
    y = baseline(caption.y, caption.size * 1.4, caption.size)
    return (f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}" font-size="{_n(caption.size)}"'
            f'{weight} fill="{INK}" xml:space="preserve">{escape(caption.text)}</text>')


def chart_svg(pages: list[Page]) -> str:
    """The SVG document for these pages (A4 landscape each, in points)."""
    width, height = pages[0].width, pages[0].height
    total = height * len(pages)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<svg xmlns="http://www.w3.org/2000/svg" width="297mm" '
           f'height="{_n(210 * len(pages))}mm" '
           f'viewBox="0 0 {_n(width)} {_n(total)}">',
           f'<g font-family="{FONT_FAMILY}">']
    for index, page in enumerate(pages):
        out.append(f'<g transform="translate(0 {_n(index * height)})">')
        out.append(f'<rect x="0" y="0" width="{_n(width)}" height="{_n(height)}" '
                   'fill="#ffffff"/>')
        path = " ".join(f"M{_n(a[0])} {_n(a[1])}L{_n(b[0])} {_n(b[1])}" for a, b in page.segments)
        if path:
            out.append(f'<path d="{path}" fill="none" stroke="{INK}" '
                       f'stroke-width="{STROKE}"/>')
        out.append(f'<g font-size="{_n(page.size)}">')
        for box in page.boxes:
            out += _box(box, page.size)
        out.append("</g>")
        out += [_caption(c) for c in page.captions]
        out.append("</g>")
    out += ["</g>", "</svg>", ""]
    return "\n".join(out)
