"""A bilingual glossary for queries: terms that mean the same, in English and in Chinese.

Text only: which terms are equivalent is the caller's business (the domain's built-in terms,
the SQS names and repo.yaml's `glossary:`); this module reads each term the way the analyzer
reads a query, so `Privacy`, `privacy` and `PRIVACY` are one key, and 私隐 the same as 私隱. An
English word's plural `s` is ignored (`complaints` is the key `complaint`), since the index
keeps words as written and has no stemming.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from repo_tool.search._analyzer import analyze

MAX_WORDS = 6
"""The most words a glossary term may have (a key is matched over this many query words)."""


def _singular(token: str) -> str:
    if len(token) > 3 and token.isascii() and token.isalpha() and token.endswith("s") \
            and not token.endswith("ss"):
        return token[:-1]
    return token


def glossary_key(tokens: Sequence[str]) -> tuple[str, ...]:
    """The key of a term from its analyzed tokens."""
    return tuple(_singular(token) for token in tokens)


def term_tokens(term: str) -> tuple[str, ...]:
    """A term's tokens, as a query would give them."""
    return tuple(token.text for token in analyze(term))


class Glossary:
    """Groups of equivalent terms; a query term matching one also searches the others."""

    def __init__(self, groups: Iterable[Sequence[str]] = ()) -> None:
        self._others: dict[tuple[str, ...], list[str]] = {}
        self.longest = 1  # words in the longest term
        for group in groups:
            keyed = [(glossary_key(term_tokens(term)), term.strip()) for term in group]
            keyed = [(key, term) for key, term in keyed if key]
            for key, term in keyed:
                others = self._others.setdefault(key, [])
                # The term itself stays: `complaints` typed also searches `complaint`; the
                # parser leaves out whatever reads exactly as the words typed.
                others.extend(other for _, other in keyed if other not in others)
                self.longest = min(MAX_WORDS, max(self.longest, len(term.split())))

    def equivalents(self, tokens: Sequence[str]) -> list[str]:
        """Every term of the groups that the term with these tokens belongs to."""
        return list(self._others.get(glossary_key(tokens), ()))

    def __bool__(self) -> bool:
        return bool(self._others)
