"""The analyzer's tokens for indexing, without offsets: the same tokens as `analyze`, faster.

Indexing needs only the token texts in order, and it reads every stored text, so it is where the
analyzer's speed shows. The steps that `analyze` takes one match at a time in Python run here
as a few whole-text operations in C:
- one `str.translate` folds the text (the analyzer's table: NFKC, case, OpenCC) and at the same
  time relabels what does not make tokens: whitespace is " ", everything else that is not a
  letter, an ASCII digit or a CJK character is one mark, `_JUNK`;
- one regex pass cuts the folded text into words, numbers and CJK runs; a run takes the junk
  mark next to it (spaces allowed between), which is how a run knows whether a word touches it;
- the bigrams of every run of the text are made at once: the runs, joined by `_JUNK`, become an
  array of code points, and two strided copies lay each character beside its successor
  (`ABC` -> `A AB BC C`, the run's edge characters as unigrams at both ends); a run keeps an
  edge unigram only where a word or number touches it, as in `analyze`.

The same steps run in C when `pip install` could build `_native_terms.c` (one pass over the
code points, with the label table above as its only source of Unicode knowledge), and in Python
otherwise; both give the same tokens.

Texts this shortcut does not cover take the analyzer's own path (`_analyzer.index_terms`): text
that is not NFC, characters whose fold is not one character, combining marks, letters and digits
outside the ranges below. tests/test_index_terms.py checks both paths against that analyzer
(which queries still use, so index and query terms stay one) on the shared corpus and on
generated text.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from array import array
from functools import cache
from types import ModuleType

from repo_tool.search._analyzer import _TABLE, CJK, CJK_CLASS, MARKS, is_letter
from repo_tool.search._analyzer import index_terms as _exact_terms

_JUNK = "\x00"  # a character that is not part of any token (punctuation, symbols, controls)
_OTHER = "\x01"  # a character this shortcut does not cover: the whole text takes the exact path
_CJK_FROM = "\u1100"
"""Every CJK character is at or above this, every letter the shortcut keeps is below it, so the
first character of a piece says what it is."""

_CODEC = "utf-32-le" if sys.byteorder == "little" else "utf-32-be"
_CODE_POINTS = next(code for code in "IL" if array(code).itemsize == 4)
_SPACE = array(_CODE_POINTS, " ".encode(_CODEC))


class _TermTable(dict[int, str]):
    """Code point -> its fold, relabelled for tokenizing (see the module's docstring)."""

    def __missing__(self, code: int) -> str:
        folded = _TABLE[code]
        label = _label(folded)
        self[code] = label
        return label


def _label(folded: str) -> str:
    if folded == " ":
        return " "
    if len(folded) != 1 or folded in MARKS:
        return _OTHER
    if folded in CJK:
        return folded if folded >= _CJK_FROM else _OTHER
    if folded.isdecimal():  # `\\d`
        return folded if "0" <= folded <= "9" else _OTHER
    if is_letter(folded):
        return folded if folded < _CJK_FROM else _OTHER
    return _JUNK


_LABELS = _TermTable()

_native: ModuleType | None
# The same steps in C (_native_terms.c), ~15x the Python path; `pip install` builds it with a
# C compiler.
try:
    import repo_tool.search._native_terms as _native
except ImportError:  # pragma: no cover - an install without a C compiler
    _native = None


@cache
def _token() -> re.Pattern[str]:
    # On relabelled text: a CJK run (spaces allowed inside) with the junk mark on either side if
    # only spaces lie between; a word; a number. Spaces and junk between words are skipped.
    return re.compile(rf"(?:\x00 *)?[{CJK_CLASS}][{CJK_CLASS} ]*\x00?"
                      r"|[^\x00 0-9\u1100-\U0010ffff]+|[0-9]+")


def _bigram_streams(runs: list[str]) -> list[str]:
    """For each run (spaces and junk marks removed), `A AB BC C`: its first character, its
    bigrams and its last character, space-separated; a lone character gives `A A`."""
    joined = _JUNK + _JUNK.join(runs) + _JUNK
    chars = array(_CODE_POINTS, joined.encode(_CODEC))
    pairs = _SPACE * (3 * (len(chars) - 1))
    pairs[0::3] = chars[:-1]
    pairs[1::3] = chars[1:]
    return pairs.tobytes().decode(_CODEC).split(_JUNK)[1::2]


def index_text(text: str) -> str:
    """The analyzer's token texts of `text`, in order, separated by spaces (what the engines
    index); the same tokens as `analyze(text)` gives."""
    if not unicodedata.is_normalized("NFC", text):
        return " ".join(_exact_terms(text))
    if _native is not None:
        found = _native.index_text(text, _LABELS)
        return " ".join(_exact_terms(text)) if found is None else found
    return python_index_text(text)


def native_columns(text: str) -> tuple[list[str], list[int], list[int]] | None:
    """`analyze_columns(text)` by the C path: texts, starts and ends of the tokens; None where
    it was not built or does not cover the text."""
    if _native is None or not unicodedata.is_normalized("NFC", text):
        return None
    found: tuple[list[str], list[int], list[int]] | None = _native.columns(text, _LABELS)
    return found


def python_index_text(text: str) -> str:
    """`index_text` in Python, for NFC text: where the C path could not be built, and the
    definition the C path is tested against."""
    labelled = text.translate(_LABELS)
    if _OTHER in labelled:
        return " ".join(_exact_terms(text))
    pieces = _token().findall(labelled)
    where = [i for i, piece in enumerate(pieces) if piece >= _CJK_FROM or piece < _OTHER]
    if not where:
        return " ".join(pieces)
    runs = [pieces[i] for i in where]
    streams = _bigram_streams([run.replace(" ", "").strip(_JUNK) for run in runs])
    last = len(pieces) - 1
    for i, run, stream in zip(where, runs, streams, strict=True):
        if len(stream) == 3:  # a lone character: itself, whatever touches it
            pieces[i] = stream[2:]
            continue
        # An edge unigram stays where a word or a number touches the run: the piece beside it
        # is a word (not a run) and no junk came between (the run did not take a junk mark).
        start = 0 if (run[0] != _JUNK and i and _CJK_FROM > pieces[i - 1] >= _OTHER) else 2
        touch_right = run[-1] != _JUNK and i < last and _CJK_FROM > pieces[i + 1] >= _OTHER
        pieces[i] = stream[start:] if touch_right else stream[start:-2]
    return " ".join(pieces)


def index_terms(text: str) -> list[str]:
    """The token texts of `text` in order, as `analyze` gives them, without offsets."""
    return index_text(text).split()
