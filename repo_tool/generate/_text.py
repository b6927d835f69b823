"""How wide a line of text is, in ems, and where it may break: enough to lay out boxes.

Widths are Noto Sans CJK TC's own advance widths (the font every output names first), rounded
up; Chinese characters and full-width punctuation are one em. Renderers are told to use the
same font, so a box sized from these widths holds its lines in the SVG, the DOCX and the PDF.
"""

from __future__ import annotations

import math
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


# Words of the posts and services of Hong Kong social-service units that a line break should
# not split. Chinese has no spaces, so without them a title could only break between any two
# characters (`計劃幹事（長者數碼共融計` / `劃）`); with them it breaks between words first.
_WORD_LIST = """
社會工作員 社會工作者 社會工作 社會 工作 工作員 工作者 主任 助理 服務 計劃 幹事
家庭 兒童 青少年 長者 發展 數碼 共融
中心 綜合 地區 鄰舍 社區 支援 照顧 護理 護士 登記 註冊 活動 輔導 功課 導師 文書 文員 書記
職業 治療師 治療 物理 言語 心理學家 臨床 院舍 家舍 家長 兼職 全職 替假 夜間 督導 行政 會計
司機 工友 廚師 保安 外展 學校 社工 項目 融合 教育 幼兒 特殊 康復 精神 健康 復康 就業 培訓
義工 統籌 經理 主管 高級 一級 二級 單位 營運 資訊 科技 技術 員工 職員 保健 宿舍 家務
日間 住宿 暫託 到戶 家居 自閉症 智障 弱智 殘疾 人士 婦女 男士 戒毒 義務 聯絡 服務處 協會
個案 小組 學苑 護老者 醫務 營養師 專職 輔導員 程序 外判 青年 兒童院 宿舍 舍監
"""
_CONJUNCTIONS = frozenset("及和與或")  # one-character words: a break beside them is between words
_WORDS = frozenset(_WORD_LIST.split())
_LONGEST = max(len(word) for word in _WORDS)
_BREAK_AFTER = set("、，；：／/")   # a line may end after these
_PUNCT = _NO_START | _NO_END | _BREAK_AFTER | set("「」『』 ")


def _ideograph(ch: str) -> bool:
    return _wide(ch) and ch not in _PUNCT


def _words(run: str) -> list[str]:
    """A run of Chinese characters cut into known words, longest first (unknown characters
    stand alone)."""
    out: list[str] = []
    at = 0
    while at < len(run):
        for size in range(min(_LONGEST, len(run) - at), 0, -1):
            if size == 1 or run[at:at + size] in _WORDS:
                out.append(run[at:at + size])
                at += size
                break
    return out


def _tokens(text: str) -> list[str]:
    """Pieces that may not be broken: a Latin word with its trailing space, a known Chinese
    word or a single character, held to its neighbour when kinsoku forbids a break between
    them (a closing bracket never starts a line, an opening one never ends one)."""
    pieces: list[str] = []
    word = ""
    run = ""
    for ch in text:
        if _ideograph(ch):
            if word:
                pieces.append(word)
                word = ""
            run += ch
            continue
        if run:
            pieces += _words(run)
            run = ""
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
    pieces += _words(run) if run else []
    if word:
        pieces.append(word)
    merged: list[str] = []
    for piece in pieces:
        if merged and (piece[0] in _NO_START or merged[-1][-1] in _NO_END or piece.isspace()):
            merged[-1] += piece
        else:
            merged.append(piece)
    return merged


# What a break costs, beside the cost of another line: between Latin words, before a bracket
# or after punctuation nothing to speak of; between Chinese words more; inside a Chinese word
# (between two characters neither of which is a known word) more than another line.
LINE_COST = 30.0
_AT_SPACE, _AT_BRACKET, _AT_SCRIPT, _AT_WORD, _IN_WORD = 1.0, 0.0, 3.0, 8.0, 40.0
_ORPHAN, _LONE_COUNT = 25.0, 15.0


def _known_word(piece: str) -> bool:
    core = [ch for ch in piece if _ideograph(ch)]
    return len(core) > 1 or "".join(core) in _CONJUNCTIONS


def _break_cost(before: str, after: str) -> float:
    """The cost of a line break between these two pieces."""
    if before.endswith(" "):
        return _AT_SPACE
    if after[0] in _NO_END or before[-1] in _NO_START or before[-1] in _BREAK_AFTER:
        return _AT_BRACKET
    if _wide(before[-1]) != _wide(after[0]):
        return _AT_SCRIPT
    if _known_word(before) or _known_word(after):
        return _AT_WORD
    return _IN_WORD


def _line_cost(pieces: list[str], max_em: float, last: bool, keep_last: str) -> float:
    text = "".join(pieces)
    if not last:
        return LINE_COST + 2.0 * ((max_em - width(text.rstrip())) / max_em) ** 2
    if keep_last and text == keep_last:
        return LINE_COST + _LONE_COUNT
    body = text[:len(text) - len(keep_last)] if keep_last else text
    chinese = sum(1 for ch in body if _ideograph(ch))
    latin = any(ch.isalnum() and not _wide(ch) for ch in body)
    return LINE_COST + (_ORPHAN if 0 < chinese <= 2 and not latin else 0.0)


def wrap(text: str, max_em: float, keep_last: str = "") -> list[str]:
    """Break `text` (followed by `keep_last`, which never breaks) into lines of at most
    `max_em` where it can; a piece longer than that gets a line of its own.

    Breaks come between words (before a bracket, after punctuation, between Latin words),
    and inside a Chinese word only when no line would fit otherwise; a last line of one or two
    characters is avoided when it can be. Among the ways to break, the one with the fewest
    lines and the cheapest breaks wins. Joining the lines gives the text back exactly (a line
    may end with its space).
    """
    pieces = _tokens(text)
    if keep_last:
        if pieces and not pieces[-1].endswith(" "):
            pieces[-1] += " "
        pieces.append(keep_last)
    if not pieces:
        return []
    count = len(pieces)
    best: list[tuple[float, int]] = [(0.0, 0)] + [(math.inf, 0)] * count
    for end in range(1, count + 1):
        for start in range(end - 1, -1, -1):
            if end - start > 1 and width("".join(pieces[start:end]).rstrip()) > max_em:
                break
            cost = best[start][0] + _line_cost(pieces[start:end], max_em, end == count,
                                               keep_last)
            if start:
                cost += _break_cost(pieces[start - 1], pieces[start])
            if cost < best[end][0]:
                best[end] = (cost, start)
    lines: list[str] = []
    end = count
    while end:
        start = best[end][1]
        lines.append("".join(pieces[start:end]))
        end = start
    return lines[::-1]
