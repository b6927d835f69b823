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
- A term (or a run of words) that is in the glossary also matches its equivalents in the other
  language: `privacy` finds 私隱 too, and the query says which terms it also searched.

Quotes may be ASCII, full-width, curly (“ ”) or corner brackets (「 」), since Chinese input
methods type those.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from repo_tool.search._analyzer import analyze, is_cjk
from repo_tool.search._errors import QueryError
from repo_tool.search._glossary import Glossary, term_tokens

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
    also: tuple[Clause, ...] = ()
    """Glossary equivalents: the clause also matches where any of these does."""

    @property
    def is_phrase(self) -> bool:
        return len(self.tokens) > 1


@dataclass(frozen=True)
class Query:
    """A parsed query: every positive clause must match, no negated clause may."""

    clauses: tuple[Clause, ...]
    also_searched: tuple[str, ...] = ()
    """Glossary terms searched besides the words typed, as the glossary writes them."""

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


def _clause(tokens: tuple[str, ...], negated: bool = False,
            also: tuple[Clause, ...] = ()) -> Clause:
    single = len(tokens) == 1 and len(tokens[0]) == 1 and is_cjk(tokens[0])
    return Clause(tokens, negated, partial=single, also=also)


def _with_glossary(terms: list[_Term], glossary: Glossary) -> list[tuple[_Term, list[str]]]:
    """The terms, each positive one (or run of bare words) that the glossary knows merged into
    one term, with its equivalents; the longest run wins (`human resources` before `human`)."""
    out: list[tuple[_Term, list[str]]] = []
    index = 0
    while index < len(terms):
        term = terms[index]
        for size in range(min(glossary.longest, len(terms) - index), 0, -1):
            span = terms[index:index + size]
            if term.negated or (size > 1 and any(t.negated or t.quoted for t in span)):
                continue
            raw = " ".join(t.raw for t in span)
            tokens = list(term_tokens(raw)) if size > 1 else term.tokens
            found = glossary.equivalents(tokens)
            if found:
                out.append((_Term(tokens, False, term.quoted, raw), found))
                index += size
                break
        else:
            out.append((term, []))
            index += 1
    return out


def parse_query(text: str, glossary: Glossary | None = None) -> Query:
    """Parse a query; raises QueryError if it holds nothing to look for."""
    clauses: list[Clause] = []
    searched: list[str] = []
    for term, equivalents in _with_glossary(_terms(text), glossary or Glossary()):
        tokens = tuple(term.tokens)
        also: list[Clause] = []
        for other in equivalents:
            other_tokens = term_tokens(other)
            if other_tokens and other_tokens != tokens:
                also.append(_clause(other_tokens))
                if other not in searched:
                    searched.append(other)
        clause = _clause(tokens, term.negated, tuple(dict.fromkeys(also)))
        if clause not in clauses:
            clauses.append(clause)
    if not clauses:
        shown = text.strip()
        raise QueryError(f"nothing to search for in '{shown}': type a word, a number or Chinese "
                         "text" if shown else "the search query is empty: type what to look for")
    if all(clause.negated for clause in clauses):
        raise QueryError("every term of the query is excluded with '-': add at least one term "
                         "to look for")
    return Query(tuple(clauses), tuple(searched))
