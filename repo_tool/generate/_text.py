"""How wide a line of text is, in ems, and where it may break: enough to lay out boxes.

Widths are Noto Sans CJK TC's own advance widths (the font every output names first), rounded
up; Chinese characters and full-width punctuation are one em. Renderers are told to use the
same font, so a box sized from these widths holds its lines in the SVG, the DOCX and the PDF.
"""

from __future__ import annotations

import unicodedata

# Advance widths of printable ASCII in Noto Sans CJK TC Regular (em), from its hmtx table.
_ASCII = dict(zip(
    "".join(chr(code) for code in range(32, 127)),
    (0.224, 0.323, 0.474, 0.555, 0.555, 0.921, 0.680, 0.278, 0.338, 0.338, 0.467, 0.555, 0.278,
     0.347, 0.278, 0.392, *([0.555] * 10), 0.278, 0.278, 0.555, 0.555, 0.555, 0.474, 0.946,
     0.608, 0.657, 0.638, 0.688, 0.589, 0.552, 0.689, 0.728, 0.293, 0.535, 0.646, 0.543, 0.812,
     0.723, 0.742, 0.633, 0.742, 0.635, 0.596, 0.599, 0.721, 0.575, 0.878, 0.573, 0.531, 0.603,
     0.338, 0.392, 0.338, 0.555, 0.559, 0.606, 0.563, 0.618, 0.510, 0.620, 0.554, 0.325, 0.564,
     0.607, 0.275, 0.275, 0.552, 0.284, 0.926, 0.610, 0.606, 0.620, 0.620, 0.388, 0.468, 0.377,
     0.607, 0.521, 0.802, 0.498, 0.521, 0.475, 0.338, 0.270, 0.338, 0.555),
    strict=True))
# Closing marks never start a line and opening marks never end one (kinsoku).
_NO_START = set("）」』】〕》〉，。、；：！？)],.;:!?%")
_NO_END = set("（「『【〔《〈([")


AUTOSPACE = 0.25  # LibreOffice puts a quarter em between Chinese and Latin text


def width(text: str) -> float:
    """The advance width of `text` in ems (with LibreOffice's space between scripts)."""
    total = 0.0
    previous: bool | None = None
    for ch in text:
        wide = _wide(ch)
        total += _ASCII.get(ch, 1.0 if wide else 0.6)
        if ch != " " and previous is not None and wide != previous:
            total += AUTOSPACE
        previous = None if ch == " " else wide
    return total


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F", "A") or ord(ch) > 0x2E7F


def _tokens(text: str) -> list[str]:
    """Pieces that may not be broken: a Latin word with its trailing space, or one Chinese
    character (held to its neighbour when kinsoku forbids a break between them)."""
    pieces: list[str] = []
    word = ""
    for ch in text:
        if _wide(ch):
            if word:
                pieces.append(word)
                word = ""
            pieces.append(ch)
        else:
            word += ch
            if ch == " ":
                pieces.append(word)
                word = ""
    if word:
        pieces.append(word)
    merged: list[str] = []
    for piece in pieces:
        if merged and (piece[0] in _NO_START or merged[-1][-1] in _NO_END):
            merged[-1] += piece
        else:
            merged.append(piece)
    return merged


def wrap(text: str, max_em: float, keep_last: str = "") -> list[str]:
    """Break `text` (followed by `keep_last`, which never breaks) into lines of at most
    `max_em` where it can; a piece longer than that gets a line of its own.

    Joining the lines gives the text back exactly (a line may end with its space).
    """
    pieces = _tokens(text)
    if keep_last:
        if pieces and not pieces[-1].endswith(" "):
            pieces[-1] += " "
        pieces.append(keep_last)
    lines: list[str] = []
    line = ""
    for piece in pieces:
        if line and width((line + piece).rstrip()) > max_em:
            lines.append(line)
            line = piece
        else:
            line += piece
    if line:
        lines.append(line)
    return lines
