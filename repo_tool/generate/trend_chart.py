"""A trend chart of one standard in one year: a point per period against the agreed level.

One layout (boxes, lines, text in points of a 640 x 360 canvas) drawn two ways by our own small
code: as SVG (real text, for the web and print) and as PNG through Pillow (already a dependency,
for OCR), because python-docx cannot embed SVG in the SAR. Points that reach the per-period
target are green, points below it orange; the dashed line is the agreed level (for a `sum`
standard, the level's share per period); the dotted line is the average so far after each
period. Points, not bars: the value axis starts near the figures (88% and 92% would look alike
from zero), and a bar on a cut axis would exaggerate the difference.
Text is English and ASCII on purpose, so the PNG reads the same on a machine without CJK fonts;
the Chinese name goes in the caption of the document around the chart.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFont

from repo_tool.domain.performance import VERDICT_ZH, Assessment, Period

WIDTH, HEIGHT = 640, 420
_LEFT, _RIGHT, _TOP, _BOTTOM = 64, 24, 84, 82
_DIRECTION_ZH = {"at least": "不少於", "at most": "不多於"}
_FREQUENCY_ZH = {"quarterly": "季度", "half-yearly": "半年度", "yearly": "年度"}
_AGGREGATE_ZH = {"average": "{}數字的平均", "sum": "{}數字的總和", "latest": "最新的{}數字"}
_YEARS_ZH = {"average": ("全年平均", "year's average"), "sum": ("全年總和", "year's total"),
             "latest": ("最新數字", "year's latest")}
_PART_ZH = {"Q1": "第一季", "Q2": "第二季", "Q3": "第三季", "Q4": "第四季", "H1": "上半年",
            "H2": "下半年", "Y": "全年"}
GOOD, LOW, LEVEL, TREND, INK, GRID, MUTED = ("#3a8f4b", "#e07b24", "#b02a2a", "#2f5fa8",
                                            "#222222", "#dddddd", "#777777")


@dataclass(frozen=True)
class Line:
    points: tuple[tuple[float, float], ...]
    colour: str
    width: float = 1.0
    dash: tuple[float, float] | None = None


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # baseline
    text: str
    size: float = 11
    anchor: str = "start"  # start, middle, end
    colour: str = INK
    bold: bool = False


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    r: float
    fill: str


Shape = Line | Text | Dot


def _nice_step(span: float) -> float:
    raw = span / 5
    power = 10.0 ** math.floor(math.log10(raw))
    return float(next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw))


def _scale(values: list[float], level: float) -> tuple[float, float, float]:
    """(low, high, step) of the value axis: the level and every figure, with some room."""
    low, high = min([*values, level]), max([*values, level])
    span = max(high - low, abs(level) * 0.1, 1.0)
    step = _nice_step(span * 1.4)
    bottom = max(0.0, math.floor((low - span * 0.2) / step) * step)
    top = math.ceil((high + span * 0.2) / step) * step
    return bottom, max(top, bottom + step), step


def _wide(text: str, size: float, bold: bool) -> float:
    """How wide `text` is drawn at `size`: measured in the PNG's font (at 10 times the size, for
    precision), else a full em for Chinese and a bit over half an em for Latin."""
    font = _font(size * 10, bold)
    if isinstance(font, ImageFont.FreeTypeFont):
        return font.getlength(text) / 10
    return sum(size if unicodedata.east_asian_width(c) in "WF" else size * 0.6 for c in text)


def _fit(text: str, size: float, bold: bool = False,
         room: float = WIDTH - _LEFT - _RIGHT) -> str:
    """`text`, or as much of it as fits in `room` with `…` (cut at a word in English; the full
    name is in the caption around the chart)."""
    if _wide(text, size, bold) <= room:
        return text
    while text and _wide(text + "…", size, bold) > room:
        text = text[:-1]
    if text[-1:].isascii() and " " in text:
        text = text.rsplit(" ", 1)[0]
    return text.rstrip() + "…"


def _period_name(period: Period) -> str:
    """`第一季 Q1`, `上半年 H1`, `全年 2025-26`."""
    return f"{_PART_ZH[period.part]} {period.short}"


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def layout(found: Assessment) -> list[Shape]:
    """The chart's shapes for an OS or OC assessment."""
    s = found.standard
    level = found.target or 0.0
    by_period = {f.period: f.value for f in found.figures}
    running = []
    for index in range(1, len(found.figures) + 1):
        values = [f.value for f in found.figures[:index]]
        running.append(sum(values) / len(values) if s.aggregate == "average" else values[-1])
    show_running = s.aggregate == "average" and len(found.figures) > 1
    bottom, top, step = _scale([*by_period.values(), *running], level)
    plot_w, plot_h = WIDTH - _LEFT - _RIGHT, HEIGHT - _TOP - _BOTTOM

    def y_of(value: float) -> float:
        return _TOP + plot_h * (1 - (value - bottom) / (top - bottom))

    measure = "%" if s.measure == "%" else ""
    shapes: list[Shape] = [
        Text(_LEFT, 24, _fit(f"{s.code}  {s.name_zh}", 14, True), 14, bold=True),
        Text(_LEFT, 44, _fit(s.name_en, 12, True), 12, bold=True),
        Text(_LEFT, 64, _fit(f"{found.year}-{(found.year + 1) % 100:02d}  議定水平 agreed level: "
             f"{_DIRECTION_ZH[s.direction]} {s.direction} {_number(s.level or 0)}{measure}"
             f"（{_AGGREGATE_ZH[s.aggregate].format(_FREQUENCY_ZH[s.frequency])} {s.aggregate} "
             f"of {s.frequency} figures）", 10.5), 10.5, colour=MUTED)]
    tick = bottom
    while tick <= top + step / 1000:
        y = y_of(tick)
        shapes.append(Line(((_LEFT, y), (WIDTH - _RIGHT, y)), GRID))
        shapes.append(Text(_LEFT - 6, y + 4, f"{_number(tick)}{measure}", 10, "end", MUTED))
        tick += step
    slot = plot_w / len(found.periods)
    centres = []
    points: list[tuple[float, float]] = []
    for index, period in enumerate(found.periods):
        centre = _LEFT + slot * (index + 0.5)
        centres.append(centre)
        shapes.append(Text(centre, HEIGHT - _BOTTOM + 18, _period_name(period), 11, "middle"))
        shapes.append(Text(centre, HEIGHT - _BOTTOM + 32, period.months, 9, "middle", MUTED))
        if period not in by_period:
            label = "欠數字 missing" if period in found.missing else "未到 not yet"
            shapes.append(Text(centre, HEIGHT - _BOTTOM - 8, label, 10, "middle", MUTED))
            continue
        points.append((centre, y_of(by_period[period])))
    shapes.append(Line(((_LEFT, HEIGHT - _BOTTOM), (WIDTH - _RIGHT, HEIGHT - _BOTTOM)), INK))
    y_level = y_of(level)
    shapes.append(Line(((_LEFT, y_level), (WIDTH - _RIGHT, y_level)), LEVEL, 2, (6, 4)))
    per = " 每期 per period" if s.aggregate == "sum" else ""
    shapes.append(Text(_LEFT + 4, y_level - 5, f"議定水平 level {_number(level)}{measure}{per}",
                       10, "start", LEVEL))
    if show_running:
        trend = tuple((centres[found.periods.index(f.period)], y_of(value))
                      for f, value in zip(found.figures, running, strict=True))
        shapes.append(Line(trend, TREND, 1.5, (2, 3)))
    if len(points) > 1:
        shapes.append(Line(tuple(points), INK, 1.5))
    for figure, (x, y) in zip(found.figures, points, strict=True):
        colour = LOW if figure.period in found.below else GOOD
        shapes.append(Dot(x, y, 6, colour))
        shapes.append(Text(x, y - 11, f"{_number(figure.value)}{measure}", 11, "middle",
                           bold=True))
    summary = f"結果 result: {VERDICT_ZH[found.verdict]} {found.verdict}"
    if found.actual is not None:
        zh, en = _YEARS_ZH[s.aggregate]
        if not found.complete:
            zh, en = f"至今{zh}", f"{en} so far"
        summary += f"（{zh} {en} {_number(found.actual)}{measure}）"
    shapes.append(Text(_LEFT, HEIGHT - 26, summary, 11,
                       colour=LEVEL if found.needs_plan else GOOD, bold=True))
    if show_running:
        shapes.append(Text(_LEFT, HEIGHT - 8, "點線：累計平均 dotted line: average so far",
                           9.5, "start", TREND))
    return shapes


# -- SVG ------------------------------------------------------------------------------------

_ANCHOR = {"start": "start", "middle": "middle", "end": "end"}
_SVG_FONTS = ("'Noto Sans CJK TC', 'Noto Sans TC', 'Microsoft JhengHei', PMingLiU, "
              "'DejaVu Sans', Arial, sans-serif")


def to_svg(shapes: list[Shape]) -> str:
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
           f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="{_SVG_FONTS}">',
           f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>']
    for shape in shapes:
        if isinstance(shape, Dot):
            out.append(f'<circle cx="{shape.x:.1f}" cy="{shape.y:.1f}" r="{shape.r}" '
                       f'fill="{shape.fill}" stroke="#ffffff" stroke-width="1.5"/>')
        elif isinstance(shape, Line):
            dash = f' stroke-dasharray="{shape.dash[0]} {shape.dash[1]}"' if shape.dash else ""
            points = " ".join(f"{x:.1f},{y:.1f}" for x, y in shape.points)
            out.append(f'<polyline points="{points}" fill="none" stroke="{shape.colour}" '
                       f'stroke-width="{shape.width}"{dash}/>')
        else:
            weight = ' font-weight="bold"' if shape.bold else ""
            out.append(f'<text x="{shape.x:.1f}" y="{shape.y:.1f}" font-size="{shape.size}" '
                       f'text-anchor="{_ANCHOR[shape.anchor]}" fill="{shape.colour}"{weight} '
                       'xml:space="preserve">'
                       f"{escape(shape.text)}</text>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


# -- PNG ------------------------------------------------------------------------------------

_PIL_ANCHOR = {"start": "ls", "middle": "ms", "end": "rs"}
_TC = 3  # Noto Sans CJK TC in the .ttc collection (JP, KR, SC, TC, HK)
_FONTS = {False: (("NotoSansCJK-Regular.ttc", _TC), ("msjh.ttc", 0), ("DejaVuSans.ttf", 0)),
          True: (("NotoSansCJK-Bold.ttc", _TC), ("msjhbd.ttc", 0), ("DejaVuSans-Bold.ttf", 0))}


@lru_cache(maxsize=32)
def _font(size: float, bold: bool) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for name, index in _FONTS[bold]:
        try:
            return ImageFont.truetype(name, round(size), index=index)
        except OSError:
            continue
    return ImageFont.load_default(round(size))


def _dashed(draw: ImageDraw.ImageDraw, a: tuple[float, float], b: tuple[float, float],
            colour: str, width: int, dash: tuple[float, float]) -> None:
    length = math.dist(a, b)
    if length == 0:
        return
    on, off = dash
    pos = 0.0
    while pos < length:
        end = min(pos + on, length)
        draw.line([(a[0] + (b[0] - a[0]) * pos / length, a[1] + (b[1] - a[1]) * pos / length),
                   (a[0] + (b[0] - a[0]) * end / length, a[1] + (b[1] - a[1]) * end / length)],
                  fill=colour, width=width)
        pos += on + off


def to_png(shapes: list[Shape], path: Path, scale: int = 3) -> Path:
    """Draw the shapes at `scale` times the layout's size (3: about 190 dpi at 16 cm wide)."""
    image = Image.new("RGB", (WIDTH * scale, HEIGHT * scale), "#ffffff")
    draw = ImageDraw.Draw(image)
    for shape in shapes:
        if isinstance(shape, Dot):
            r = shape.r * scale
            draw.ellipse([shape.x * scale - r, shape.y * scale - r, shape.x * scale + r,
                          shape.y * scale + r], fill=shape.fill, outline="#ffffff",
                         width=max(1, round(1.5 * scale)))
        elif isinstance(shape, Line):
            width = max(1, round(shape.width * scale))
            points = [(x * scale, y * scale) for x, y in shape.points]
            for a, b in pairwise(points):
                if shape.dash:
                    _dashed(draw, a, b, shape.colour, width,
                            (shape.dash[0] * scale, shape.dash[1] * scale))
                else:
                    draw.line([a, b], fill=shape.colour, width=width)
        else:
            draw.text((shape.x * scale, shape.y * scale), shape.text, fill=shape.colour,
                      font=_font(shape.size * scale, shape.bold),
                      anchor=_PIL_ANCHOR[shape.anchor])
    image.save(path, "PNG", optimize=True)
    return path


def write_chart(found: Assessment, folder: Path, stem: str) -> tuple[Path, Path]:
    """`stem.svg` and `stem.png` of one standard's chart in `folder`."""
    shapes = layout(found)
    folder.mkdir(parents=True, exist_ok=True)
    svg = folder / f"{stem}.svg"
    svg.write_text(to_svg(shapes), encoding="utf-8")
    return svg, to_png(shapes, folder / f"{stem}.png")
