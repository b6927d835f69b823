"""A few lines of a document around the first match of a query, with the matches marked.

Engine-independent: the query is matched against the analyzer's tokens of the original text, so
the snippet shows exactly what was found, in the script it was written in, even when the query
was typed in the other one. Whitespace is collapsed to single spaces, and dropped between two
CJK characters (a PDF that prints one glyph per line reads as a sentence again).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from repo_tool.search._analyzer import Columns, analyze_columns, is_cjk
from repo_tool.search._query import Clause, Query

_WHITESPACE = re.compile(r"\s+")
# Long documents are analyzed a prefix at a time: most first matches are near the top. A match
# that ends this far before the cut is final (the analyzer looks one character ahead at most,
# across whitespace).
_PREFIXES = (8_192, 131_072)
_SAFE_MARGIN = 512
_WORD_EDGE = 20  # move the window's edges up to this far to avoid cutting a word


@dataclass(frozen=True)
class Snippet:
    """Part of a document's text, and the [start, end) spans in it that matched the query."""

    text: str
    highlights: tuple[tuple[int, int], ...]


def _clause_matches(tokens: Columns, clause: Clause) -> list[tuple[int, int]]:
    """Every span of the original text where `clause` matches, in order."""
    texts, starts, ends = tokens
    wanted = clause.tokens
    if clause.partial:
        char = wanted[0]
        return [(starts[i], ends[i]) for i, text in enumerate(texts) if char in text]
    spans: list[tuple[int, int]] = []
    first, size = wanted[0], len(wanted)
    position = -1
    while True:
        try:
            position = texts.index(first, position + 1)
        except ValueError:
            return spans
        if size == 1 or tuple(texts[position:position + size]) == wanted:
            spans.append((starts[position], ends[position + size - 1]))


def _matches(text: str, query: Query) -> list[tuple[int, int]]:
    """The spans of every positive clause's matches, sorted, found in the shortest prefix that
    holds one."""
    for limit in (*_PREFIXES, None):
        part = text if limit is None or limit >= len(text) else text[:limit]
        tokens = analyze_columns(part)
        spans = sorted(span for clause in query.positive for one in (clause, *clause.also)
                       for span in _clause_matches(tokens, one))
        if part is text or (spans and spans[0][1] <= len(part) - _SAFE_MARGIN):
            return spans
    return []  # pragma: no cover - the loop always ends with the whole text


def _collapse(text: str, start: int, end: int) -> tuple[str, list[int]]:
    """text[start:end] with whitespace collapsed, and for each original offset in
    [start, end] its offset in the collapsed text."""
    pieces: list[str] = []
    where = [0] * (end - start + 1)
    size = 0
    position = start
    for gap in _WHITESPACE.finditer(text, start, end):
        left, right = gap.span()
        where[position - start:left - start] = range(size, size + left - position)
        pieces.append(text[position:left])
        size += left - position
        between_cjk = left > start and right < end and is_cjk(text[left - 1]) and is_cjk(
            text[right])
        keep = "" if left == start or right == end or between_cjk else " "
        where[left - start:right - start] = [size] * (right - left)
        pieces.append(keep)
        size += len(keep)
        position = right
    where[position - start:end - start] = range(size, size + end - position)
    pieces.append(text[position:end])
    where[end - start] = size + end - position
    return "".join(pieces), where


def snippet(text: str, query: Query, width: int = 160) -> Snippet:
    """About `width` characters of `text` around the query's first match (its start when none)."""
    spans = _matches(text, query)
    first_start, first_end = spans[0] if spans else (0, 0)
    region_start = max(0, first_start - 2 * width)
    region_end = min(len(text), first_end + 4 * width)
    flat, where = _collapse(text, region_start, region_end)
    begin, finish = where[first_start - region_start], where[first_end - region_start]
    lead = max(0, (width - (finish - begin)) // 3)
    start = max(0, begin - lead)
    stop = min(len(flat), start + width)
    start = max(0, min(start, stop - width))
    start, stop = _word_edges(flat, start, stop, begin, finish)
    while start < stop and flat[start] == " ":
        start += 1
    while stop > start and flat[stop - 1] == " ":
        stop -= 1
    highlights: list[tuple[int, int]] = []
    for left, right in spans:
        if left < region_start or right > region_end:
            continue
        a = max(where[left - region_start], start) - start
        b = min(where[right - 1 - region_start] + 1, stop) - start
        if a >= b:
            continue
        if highlights and a <= highlights[-1][1]:
            highlights[-1] = (highlights[-1][0], max(b, highlights[-1][1]))
        else:
            highlights.append((a, b))
    return Snippet(flat[start:stop], tuple(highlights))


def _word_edges(flat: str, start: int, stop: int, begin: int, finish: int) -> tuple[int, int]:
    """Move the window's edges to spaces nearby, rather than cut a word, never past the match."""
    if 0 < start < len(flat) and flat[start - 1].isalnum() and flat[start].isalnum():
        space = flat.find(" ", start, min(begin, start + _WORD_EDGE))
        if space != -1:
            start = space + 1
    if 0 < stop < len(flat) and flat[stop - 1].isalnum() and flat[stop].isalnum():
        space = flat.rfind(" ", max(finish, stop - _WORD_EDGE), stop)
        if space != -1:
            stop = space
    return start, stop
