"""What a person types into `search`, parsed into clauses of analyzed tokens.

- Terms separated by whitespace must all match (AND).
- A "quoted string" is a phrase: its tokens at adjacent positions. So is an unquoted term that
  analyzes to several tokens (`服務質素標準`, `316,877`, `SQS-14`).
- A number followed by groups of exactly three digits is one phrase: `1 838` is how Hong Kong
  tables often print 1,838, and nobody means "a 1 somewhere and an 838 somewhere".
- Numbers and lone Chinese characters typed with spaces between them are one phrase:
  `2018 年 12 月 10 日` and `第 3 條` are how dates and clause numbers are often typeset, and
  they mean `2018年12月10日` and `第3條`.
- `-term` (or `-"a phrase"`) excludes documents that match it.
- A term that is one CJK character (`鐘`) also matches inside the bigrams of longer words.

Quotes may be ASCII, full-width, curly (“ ”) or corner brackets (「 」), since Chinese input
methods type those.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from repo_tool.search._analyzer import analyze, is_cjk
from repo_tool.search._errors import QueryError

_QUOTES = str.maketrans({"“": '"', "”": '"', "「": '"', "」": '"', "『": '"', "』": '"'})
_TERM = re.compile(r'(-?)(?:"([^"]*)"?|(\S+))')
_THOUSANDS = re.compile(r"\d{3}")


@dataclass(frozen=True)
class Clause:
    """One thing a document must (or, negated, must not) hold: tokens at adjacent positions."""

    tokens: tuple[str, ...]
    negated: bool = False
    partial: bool = False
    """One CJK character: also matches any indexed bigram that holds it."""

    @property
    def is_phrase(self) -> bool:
        return len(self.tokens) > 1


@dataclass(frozen=True)
class Query:
    """A parsed query: every positive clause must match, no negated clause may."""

    clauses: tuple[Clause, ...]

    @property
    def positive(self) -> tuple[Clause, ...]:
        return tuple(clause for clause in self.clauses if not clause.negated)

    @property
    def negative(self) -> tuple[Clause, ...]:
        return tuple(clause for clause in self.clauses if clause.negated)


@dataclass
class _Term:
    tokens: list[str]
    negated: bool
    quoted: bool
    raw: str


def _terms(text: str) -> list[_Term]:
    """The terms of the query, analyzed, with `1 838`-style numbers joined into one."""
    terms: list[_Term] = []
    for match in _TERM.finditer(unicodedata.normalize("NFKC", text).translate(_QUOTES)):
        negated, quoted, bare = match.group(1) == "-", match.group(2), match.group(3)
        raw = quoted if quoted is not None else bare or ""
        tokens = [token.text for token in analyze(raw)]
        if not tokens:
            continue
        previous = terms[-1] if terms else None
        if (previous and quoted is None and not negated and not previous.quoted
                and previous.tokens[-1].isdigit() and _THOUSANDS.fullmatch(raw)
                and not previous.negated):
            previous.tokens.append(raw)
            previous.raw = f"{previous.raw} {raw}"
            continue
        if previous and quoted is None and not negated and _spaced_number(previous, tokens):
            previous.raw = f"{previous.raw} {raw}"
            previous.tokens = [token.text for token in analyze(previous.raw)]
            continue
        terms.append(_Term(tokens, negated, quoted is not None, raw))
    return terms


def _spaced_number(previous: _Term, tokens: list[str]) -> bool:
    """Whether `tokens` continue a date or a clause number typed with spaces: a number after a
    lone Chinese character, or a lone Chinese character after a number (`2018 年 12 月`)."""
    if previous.quoted or previous.negated:
        return False
    if len(tokens) == 1 and len(tokens[0]) == 1 and is_cjk(tokens[0]):
        return previous.tokens[-1].isdigit()
    last = previous.tokens[-1]
    return all(token.isdigit() for token in tokens) and len(last) == 1 and is_cjk(last)


def parse_query(text: str) -> Query:
    """Parse a query; raises QueryError if it holds nothing to look for."""
    clauses: list[Clause] = []
    for term in _terms(text):
        single = len(term.tokens) == 1 and len(term.tokens[0]) == 1 and is_cjk(term.tokens[0])
        clause = Clause(tuple(term.tokens), term.negated, partial=single)
        if clause not in clauses:
            clauses.append(clause)
    if not clauses:
        shown = text.strip()
        raise QueryError(f"nothing to search for in '{shown}': type a word, a number or Chinese "
                         "text" if shown else "the search query is empty: type what to look for")
    if all(clause.negated for clause in clauses):
        raise QueryError("every term of the query is excluded with '-': add at least one term "
                         "to look for")
    return Query(tuple(clauses))
