"""Column widths from what the columns hold, so that no word is broken inside a cell.

LibreOffice lays a table out by its grid and Word by the cell widths, and neither widens a
column for a word that does not fit: it breaks the word (`overdu e`). So each column gets at
least the width of its longest piece that must not break (an English word, a number, a date, a
Chinese run of up to four characters; a longer Chinese run may break between any characters),
and the rest of the text width goes where it saves the most lines, so the table is as short as
the page allows. Text is measured with the Noto Sans CJK font the documents are
set in (through Pillow), or estimated when that font is not installed.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from itertools import groupby

from PIL import ImageFont

_FONT_FILES = {False: "NotoSansCJK-Regular.ttc", True: "NotoSansCJK-Bold.ttc"}
_SIZE = 200  # measured at 200 px to the em, so widths are exact to 1/200 em
_CM_PER_PT = 2.54 / 72
CELL_MARGINS_CM = 0.38 + 0.12  # Word's and LibreOffice's 0.19 cm each side, and some air
_STEP_CM = 0.1
_CJK_WORD = 4  # a Chinese run up to this long stays whole (一個詞), longer ones may break
_PIECE = re.compile(r"[^\s/]+/?|/")
_BILINGUAL = re.compile(r"(?<=[\u2e80-\u9fff\uf900-\uffef])\s+(?=[A-Za-z])")


def _is_cjk(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


@lru_cache(maxsize=2)
def _font(bold: bool) -> ImageFont.FreeTypeFont | None:
    try:
        return ImageFont.truetype(_FONT_FILES[bold], _SIZE)
    except OSError:
        return None


@lru_cache(maxsize=4096)
def text_cm(text: str, pt: float, bold: bool = False) -> float:
    """The width of one line of `text` at `pt` points, in cm."""
    font = _font(bold)
    if font is not None:
        ems = font.getlength(text) / _SIZE
    else:  # no Noto: a full em for CJK, a generous average for Latin
        ems = sum(1.0 if _is_cjk(c) else 0.62 for c in text) * (1.05 if bold else 1.0)
    return ems * pt * _CM_PER_PT


def _tokens(line: str) -> list[tuple[str, bool]]:
    """The unbreakable pieces of one line, each with whether a space comes before it."""
    found: list[tuple[str, bool]] = []
    for match in _PIECE.finditer(line):
        spaced = match.start() > 0 and line[match.start() - 1].isspace()
        for cjk, chars in groupby(match.group(), _is_cjk):
            run = "".join(chars)
            if cjk and len(run) > _CJK_WORD:
                found += [(char, spaced and i == 0) for i, char in enumerate(run)]
            else:
                found.append((run, spaced))
            spaced = False
    return found


def pieces(text: str) -> list[str]:
    """The parts of `text` a line may not break inside: words, numbers, dates, short Chinese
    runs, single characters of longer Chinese runs; a path breaks after each `/`."""
    return [piece for line in text.split("\n") for piece, _ in _tokens(line)]


def _lines(text: str, header: bool) -> list[str]:
    """The lines of a cell; a header may also wrap between its Chinese and its English."""
    lines = text.split("\n")
    return [part for line in lines for part in _BILINGUAL.split(line)] if header else lines


@lru_cache(maxsize=65536)
def _wrapped(text: str, width_cm: float, pt: float, bold: bool) -> int:
    """How many lines `text` takes in a cell `width_cm` wide, wrapped as a word processor does."""
    room = width_cm - CELL_MARGINS_CM
    space = text_cm(" ", pt, bold)
    count = 0
    for line in text.split("\n"):
        count += 1
        x = 0.0
        for piece, spaced in _tokens(line):
            wide = text_cm(piece, pt, bold)
            if x > 0 and x + (space if spaced else 0.0) + wide <= room:
                x += (space if spaced else 0.0) + wide
                continue
            if x > 0:
                count += 1
            count += max(0, math.ceil(wide / room) - 1)  # a piece wider than the cell breaks
            x = wide
    return count


def _least(cells: Sequence[str], pt: float) -> float:
    """The width of the widest unbreakable piece of a column (its header bold)."""
    return CELL_MARGINS_CM + max((text_cm(piece, pt, index == 0)
                                  for index, text in enumerate(cells)
                                  for line in _lines(text, index == 0)
                                  for piece in pieces(line)), default=0.0)


def widths_cm(headers: Sequence[str], rows: Sequence[Sequence[str]], total_cm: float,
              pt: float) -> list[float]:
    """Widths of the columns (cm, summing to `total_cm`) that break none of their words.

    From the least widths, the spare width goes step by step to the column where it saves the
    most lines of the whole table per cm; what no column needs widens all of them alike.
    """
    columns = [[header, *(row[i] for row in rows)] for i, header in enumerate(headers)]
    least = [_least(cells, pt) for cells in columns]
    if sum(least) >= total_cm:  # too many columns for the page: shrink evenly (words break)
        return [w * total_cm / sum(least) for w in least]
    steps = int((total_cm - sum(least)) / _STEP_CM)

    def lines(column: int, extra: int) -> list[int]:
        width = round(least[column] + extra * _STEP_CM, 3)
        return [_wrapped(cell, width, pt, row == 0) for row, cell in enumerate(columns[column])]

    given = [0] * len(columns)
    current = [lines(c, 0) for c in range(len(columns))]
    while sum(given) < steps:
        best: tuple[float, int, int, list[int]] | None = None
        for column in range(len(columns)):
            others = [max((current[c][r] for c in range(len(columns)) if c != column), default=0)
                      for r in range(len(columns[0]))]
            now = sum(map(max, others, current[column]))
            for extra in range(given[column] + 1, given[column] + steps - sum(given) + 1):
                tried = lines(column, extra)
                saved = now - sum(map(max, others, tried))
                if saved > 0:
                    gain = saved / (extra - given[column])
                    if best is None or gain > best[0]:
                        best = (gain, column, extra, tried)
                    break  # the nearest width that saves a line; wider is another step
        if best is None:
            break
        _, column, given[column], current[column] = best
    widths = [m + g * _STEP_CM for m, g in zip(least, given, strict=True)]
    room = total_cm - sum(widths)  # needed by none: widen all in proportion
    return [w + room * w / sum(widths) for w in widths]
