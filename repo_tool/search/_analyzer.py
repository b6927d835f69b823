"""The one analyzer, for indexing and queries alike: text in, tokens with offsets out.

Folding happens one character at a time through a cached translation table, so the folded text
lines up with the original and token offsets need no mapping:
- Unicode NFKC (full-width letters and digits become ASCII), then case-folding;
- Chinese script folded to Simplified with OpenCC's `hk2s` character table (HK variants
  included), never its phrase conversion, which can change the length of the text. The table
  is OpenCC's conversion done once (repo_tool/data/hk2s-chars.txt, by
  scripts/make_fold_table.py), so no command loads OpenCC. Simplified
  is the fold target because Traditional -> Simplified is many-to-one at the character level
  (發/髮 -> 发), so both scripts land on the same form; the reverse would have to guess.

Tokens:
- runs of CJK characters (Han, kana, hangul, bopomofo) become overlapping bigrams; a lone CJK
  character stays a unigram; whitespace between two CJK characters is dropped first, because PDF
  text layers often space out their glyphs or put one per line;
- where a run of two or more touches a number or a word (nothing but spaces between), the
  character on that side is also a unigram, just before (or after) the run's bigrams: dates and
  clause numbers are written `2018年12月10日舉行` and `第 3 條規定` alike, and a query such as
  `10日` or `第3條` (a lone character at a phrase's edge) must find them either way;
- letters and digits split apart (`SQS14` -> `sqs`, `14`; `316,877` -> `316`, `877`), so that
  `SQS14`, `SQS-14` and `sqs_14` all give the same adjacent tokens and match one another.

Two rare cases take a slower, still exact, path: text that is not NFC (decomposed accents,
conjoining jamo) and characters whose fold is longer than one letter (`ﬁ` -> `fi`, `ß` -> `ss`,
`①` -> `1`). Each output character then carries the span of the input it came from.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import cache
from itertools import pairwise
from operator import add
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Iterator

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


class CharClass:
    """One of the classes above as sorted code-point ranges, for testing one character: the
    same answer as matching `[class]`, without compiling the regex (the CJK classes take ~3 ms
    each, which a command that folds a few characters should not pay)."""

    def __init__(self, ranges: str) -> None:
        spans: list[tuple[int, int]] = []
        i = 0
        while i < len(ranges):
            if i + 2 < len(ranges) and ranges[i + 1] == "-":
                spans.append((ord(ranges[i]), ord(ranges[i + 2])))
                i += 3
            else:
                spans.append((ord(ranges[i]), ord(ranges[i])))
                i += 1
        merged: list[list[int]] = []
        for low, high in sorted(spans):
            if merged and low <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], high)
            else:
                merged.append([low, high])
        # [low, high + 1, low, high + 1, ...], ascending: inside when bisect lands on an odd index
        self._bounds = [bound for low, high in merged for bound in (low, high + 1)]

    def __contains__(self, char: str) -> bool:
        return bisect_right(self._bounds, ord(char)) % 2 == 1

    def code_points(self) -> Iterator[int]:
        """Every code point of the class, in order."""
        for low, end in zip(self._bounds[::2], self._bounds[1::2], strict=True):
            yield from range(low, end)


HAN = CharClass(_HAN)
CJK = CharClass(CJK_CLASS)
MARKS = CharClass(_MARKS)


def is_letter(char: str) -> bool:
    """`[^\\W\\d_{CJK_CLASS}]`: a word character, not a decimal digit, `_` or CJK."""
    return char.isalnum() and not char.isdecimal() and char != "_" and char not in CJK
_WORD = rf"{_LETTER}(?:{_LETTER}|[{_MARKS}])*"


@cache
def _token() -> re.Pattern[str]:
    """On folded text, where every kind of whitespace has become " ". Group 1: a CJK run,
    spaces allowed between its characters; group 2: a word or a number. Compiled on first use:
    the big CJK classes take milliseconds to compile, which a command that never analyzes text
    (or only through the C path) should not pay."""
    return re.compile(rf"([{CJK_CLASS}](?: *[{CJK_CLASS}])*)|({_WORD}|\d+)")


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

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = unicodedata.normalize("NFKC", char).casefold()
        if char in _INVISIBLE or folded.isspace():
            folded = " "  # every kind of whitespace: the token pattern looks for " " only
        elif len(folded) == 1 and folded in HAN:
            folded = _simplified().get(folded, folded)
        elif len(folded) != 1 and not any(part.isalnum() for part in folded):
            folded = char  # `…` -> `...`: punctuation either way, so keep the length
        self[code] = folded
        return folded


@cache
def _simplified() -> dict[str, str]:
    """Han character -> its Simplified form, where they differ: OpenCC's `hk2s` character
    conversion done once for every Han character (scripts/make_fold_table.py writes the table
    and tests/test_analyzer.py checks it against OpenCC), so no command loads OpenCC."""
    text = (Path(__file__).parent.parent / "data" / "hk2s-chars.txt").read_text(encoding="utf-8")
    return {line[0]: line[1] for line in text.splitlines() if line and line[0] != "#"}


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
    from repo_tool.search._terms import native_columns  # _terms builds on this module

    found = native_columns(text)
    return python_analyze_columns(text) if found is None else Columns(*found)


def python_analyze_columns(text: str) -> Columns:
    """`analyze_columns` in Python: the definition, for any text (the C path of
    search/_terms.py covers the common kinds, with the same result)."""
    folded, source_starts, source_ends = _fold_aligned(text)
    texts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    matches = list(_token().finditer(folded))
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
            # the run's characters are CJK but for the spaces between them
            chars = [(c, start + i) for i, c in enumerate(run) if c != " "]
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
    matches = list(_token().finditer(folded))
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
    return bool(token) and token[0] in CJK
