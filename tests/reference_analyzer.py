"""The analyzer as it was before the fast index path (ANALYZER_VERSION 2), kept as the reference
that tests compare the library against: same tokens for every text. Test code only; a copy
of repo_tool/search/_analyzer.py at commit f029b3a, its docstring shortened.
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache
from itertools import pairwise
from operator import add
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from opencc import OpenCC

ANALYZER_VERSION = 2
"""Bump when tokens change: an index built by another version must be rebuilt.
2: a CJK run touching a number or a word also gives its edge character as a unigram."""

_HAN = (
    "\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\U00020000-\U0003ffff"
)
_KANA = "\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff\U0001b000-\U0001b2ff"
_HANGUL = "\u1100-\u11ff\u3131-\u318e\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff"
_BOPOMOFO = "\u3100-\u312f\u31a0-\u31bf"
CJK_CLASS = _HAN + _KANA + _HANGUL + _BOPOMOFO
"""Characters (after folding) that form CJK runs; for use inside a regex [...] class."""

# Combining marks glue to the word they follow (Arabic harakat, Indic vowel signs, accents
# left uncomposed), so that they do not split it in two.
_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
    "\u0900-\u0dff\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff"
    "\ufe20-\ufe2f"
)
_LETTER = rf"[^\W\d_{CJK_CLASS}]"
_WORD = rf"{_LETTER}(?:{_LETTER}|[{_MARKS}])*"


class _Patterns(NamedTuple):
    # On folded text, where every kind of whitespace has become " ". Group 1: a CJK run,
    # spaces allowed between its characters; group 2: a word or a number.
    token: re.Pattern[str]
    cjk_char: re.Pattern[str]
    han_char: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    """Compiled on first use: the big CJK classes take ~20 ms to compile, which a CLI command
    that never analyzes text should not pay."""
    return _Patterns(
        token=re.compile(rf"([{CJK_CLASS}](?: *[{CJK_CLASS}])*)|({_WORD}|\d+)"),
        cjk_char=re.compile(rf"[{CJK_CLASS}]"),
        han_char=re.compile(rf"[{_HAN}]"),
    )


# One base character and the marks that may compose with it (the slow path's unit of work).
_CLUSTER = re.compile(r"(?s).[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
                      r"\u3099\u309a\u1160-\u11ff\ud7b0-\ud7ff]*")
# Invisible separators count as spaces: they must not glue or split words differently.
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff")


class Token(NamedTuple):
    """One token: its folded text and the span [start, end) of the original text it came from.

    A NamedTuple rather than a dataclass: analysis makes one per character of Chinese text, and
    a tuple is several times cheaper to build.
    """

    text: str
    start: int
    end: int


class _FoldTable(dict[int, str]):
    """Code point -> folded text, filled on first sight of each character (str.translate)."""

    def __init__(self) -> None:
        super().__init__()
        self._opencc: OpenCC | None = None

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = unicodedata.normalize("NFKC", char).casefold()
        if char in _INVISIBLE or folded.isspace():
            folded = " "  # every kind of whitespace: the token pattern looks for " " only
        elif len(folded) == 1 and _patterns().han_char.match(folded):
            folded = self._han(folded)
        elif len(folded) != 1 and not any(part.isalnum() for part in folded):
            folded = char  # `…` -> `...`: punctuation either way, so keep the length
        self[code] = folded
        return folded

    def _han(self, char: str) -> str:
        if self._opencc is None:
            import opencc  # imported on first Chinese character: ~15 ms

            self._opencc = opencc.OpenCC("hk2s")
        convert = self._opencc.convert
        for _ in range(3):  # a few characters chain (薴 -> 苧 -> 苎): fold to the end
            simplified = str(convert(char))
            if len(simplified) != 1 or simplified == char:
                break
            char = simplified
        return char


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Text folded for matching (NFKC, case, Chinese script); lengths may differ in rare cases."""
    return unicodedata.normalize("NFC", text).translate(_TABLE)


def _fold_aligned(text: str) -> tuple[str, list[int] | None, list[int] | None]:
    """The folded text, and per folded character the span of original text it came from.

    None for the spans means the identity (the common case: one character in, one out).
    """
    if unicodedata.is_normalized("NFC", text):
        folded = text.translate(_TABLE)
        if len(folded) == len(text):
            return folded, None, None
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for match in _CLUSTER.finditer(text):
        cluster = match.group()
        if len(cluster) > 1:
            cluster = unicodedata.normalize("NFC", cluster)
        piece = cluster.translate(_TABLE)
        start, end = match.span()
        if len(piece) == end - start:
            starts.extend(range(start, end))
            ends.extend(range(start + 1, end + 1))
        else:
            starts.extend([start] * len(piece))
            ends.extend([end] * len(piece))
        parts.append(piece)
    return "".join(parts), starts, ends


class Columns(NamedTuple):
    """Tokens as three parallel lists: cheaper than Token objects when only scanning them."""

    texts: list[str]
    starts: list[int]
    ends: list[int]


def _touching(folded: str, left: re.Match[str], right: re.Match[str]) -> bool:
    """Whether nothing but spaces lies between two token matches."""
    return not folded[left.end():right.start()].strip(" ")


def analyze_columns(text: str) -> Columns:
    """The tokens of `text` as columns: texts[i], starts[i], ends[i] describe token i."""
    folded, source_starts, source_ends = _fold_aligned(text)
    patterns = _patterns()
    texts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    matches = list(patterns.token.finditer(folded))
    last = len(matches) - 1
    for index, match in enumerate(matches):
        run = match.group(1)
        start, end = match.span()
        if run is None:
            texts.append(match.group(2))
            starts.append(start)
            ends.append(end)
            continue
        if len(run) == 1:
            texts.append(run)
            starts.append(start)
            ends.append(end)
            continue
        if " " in run:
            chars = [(c.group(), start + c.start()) for c in patterns.cjk_char.finditer(run)]
        else:
            chars = list(zip(run, range(start, end), strict=True))
        if index and matches[index - 1].group(2) and _touching(folded, matches[index - 1],
                                                               match):
            texts.append(chars[0][0])
            starts.append(chars[0][1])
            ends.append(chars[0][1] + 1)
        texts.extend(a + b for (a, _), (b, _) in pairwise(chars))
        starts.extend(i for (_, i), _ in pairwise(chars))
        ends.extend(j + 1 for _, (_, j) in pairwise(chars))
        if index < last and matches[index + 1].group(2) and _touching(folded, match,
                                                                      matches[index + 1]):
            texts.append(chars[-1][0])
            starts.append(chars[-1][1])
            ends.append(chars[-1][1] + 1)
    if source_starts is not None and source_ends is not None:
        starts = [source_starts[i] for i in starts]
        ends = [source_ends[i - 1] for i in ends]
    return Columns(texts, starts, ends)


def analyze(text: str) -> list[Token]:
    """The tokens of `text` in order; a token's index in the list is its position."""
    return list(map(Token, *analyze_columns(text)))


def index_terms(text: str) -> list[str]:
    """The token texts of `text` in order, as `analyze` gives them, without offsets (faster)."""
    if not unicodedata.is_normalized("NFC", text):
        return analyze_columns(text).texts
    folded = text.translate(_TABLE)
    if len(folded) != len(text):
        return analyze_columns(text).texts
    terms: list[str] = []
    append, extend = terms.append, terms.extend
    matches = list(_patterns().token.finditer(folded))
    last = len(matches) - 1
    for index, match in enumerate(matches):
        run, word = match.group(1, 2)
        if word:
            append(word)
            continue
        if len(run) == 1:
            append(run)
            continue
        if " " in run:
            run = run.replace(" ", "")
        if index and matches[index - 1].group(2) and _touching(folded, matches[index - 1],
                                                               match):
            append(run[0])
        extend(map(add, run, run[1:]))
        if index < last and matches[index + 1].group(2) and _touching(folded, match,
                                                                      matches[index + 1]):
            append(run[-1])
    return terms


def is_cjk(token: str) -> bool:
    """Whether a token is made of CJK characters (a bigram or a lone character)."""
    return _patterns().cjk_char.match(token) is not None
