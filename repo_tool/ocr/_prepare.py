"""A scanned page made ready for Tesseract: blank pages found, skew straightened, table rules
taken out (runs in the OCR worker, Pillow only).

Measured on the benchmark's scans (benchmarks/README.md, "What the measurements decided"):
Tesseract dropped or garbled the cells of the document-control tables on pages scanned 1.5
degrees askew (worst page 74%); straightened and without the ruled lines, every page read
>= 90%. A blank page (the back of a duplex scan) is not given to Tesseract at all.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from PIL import Image, ImageChops, ImageFilter, ImageOps

BLANK_INK = 0.0005  # a page with less ink than this share of its area (margins aside) is blank
MARGIN = 0.08       # share of each edge ignored when looking for ink: punch holes, scanner edges
MAX_SKEW = 5.0      # degrees either way that deskew looks for


def _threshold(image: Any) -> int:
    """Otsu's grey level between ink and paper."""
    histogram = image.histogram()
    total = sum(histogram)
    weighted = sum(level * count for level, count in enumerate(histogram))
    below = below_sum = 0
    best, chosen = 0.0, 128
    for level, count in enumerate(histogram):
        below += count
        below_sum += level * count
        above = total - below
        if not below or not above:
            continue
        spread = below * above * (below_sum / below - (weighted - below_sum) / above) ** 2
        if spread > best:
            best, chosen = spread, level
    return chosen


def is_blank(image: Any) -> bool:
    """Whether a greyscale page has no ink worth reading: scanner speckle and punch holes in
    the margins do not count (a 4x4 average smooths the speckle away)."""
    small = image.reduce(4) if min(image.size) >= 64 else image
    width, height = small.size
    inner = small.crop((int(width * MARGIN), int(height * MARGIN),
                        int(width * (1 - MARGIN)), int(height * (1 - MARGIN))))
    histogram: list[int] = inner.histogram()
    pixels = sum(histogram)
    if not pixels:
        return True
    running, paper = 0, 255
    for level, count in enumerate(histogram):  # the median grey is the paper
        running += count
        if running * 2 >= pixels:
            paper = level
            break
    ink = sum(histogram[:max(0, paper - 60)])
    return ink < BLANK_INK * pixels


def skew_angle(image: Any) -> float:
    """The rotation (degrees) that makes the text lines level: the angle whose row profile of
    ink is sharpest, looked for on a quarter-size copy."""
    small = ImageOps.invert(image.reduce(4) if min(image.size) >= 64 else image)

    def sharpness(angle: float) -> float:
        turned = small.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=0)
        rows = turned.resize((1, turned.height), Image.Resampling.BOX).tobytes()
        return float(sum((a - b) ** 2 for a, b in pairwise(rows)))

    coarse = [step / 2 for step in range(int(-2 * MAX_SKEW), int(2 * MAX_SKEW) + 1)]
    best: float = max(coarse, key=sharpness)
    fine = [best + step / 10 for step in range(-4, 5)]
    chosen: float = max(fine, key=sharpness)
    return round(chosen, 2)


def remove_rules(image: Any) -> Any:
    """The page with its long horizontal and vertical lines (table rules, underlines) painted
    over in white: a line longer than any character's stroke is found by a morphological
    opening along it (box blurs thresholded at full and at any ink)."""
    level = _threshold(image)
    ink = image.point(lambda grey: 255 if grey <= level else 0)
    # A rule is at least an eighth of the page's longer side: far longer than any stroke of a
    # character, even in a photo of a notice in large type.
    radius = max(20, max(image.size) // 16)

    def opening(box: tuple[int, int]) -> Any:
        eroded = ink.filter(ImageFilter.BoxBlur(box)).point(lambda v: 255 if v >= 250 else 0)
        return eroded.filter(ImageFilter.BoxBlur(box)).point(lambda v: 255 if v > 0 else 0)

    rules = ImageChops.lighter(opening((radius, 0)), opening((0, radius)))
    rules = rules.filter(ImageFilter.BoxBlur(1)).point(lambda v: 255 if v > 0 else 0)
    cleaned = image.copy()
    cleaned.paste(255, mask=rules)
    return cleaned


def prepare(image: Any) -> Any | None:
    """The greyscale page straightened and without rules, or None if it is blank."""
    if is_blank(image):
        return None
    angle = skew_angle(image)
    if abs(angle) >= 0.2:
        image = image.rotate(angle, resample=Image.Resampling.BILINEAR, expand=True,
                             fillcolor=255)
    return remove_rules(image)
