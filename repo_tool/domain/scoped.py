"""Searching and browsing within what one account may see (repo_tool.domain.accounts.Scope).

The scope becomes engine filters, never a filter on a page of hits, so totals and "more"
counts stay exact: the account's units in one query, and the head office's documents in a
second when the account sees only the head office's policies; the two are merged by score
(in one opening of the index, with snippets only for the hits shown).
A repository without a head office (no `agency` unit in repo.yaml) has no second query.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from repo_tool.domain.accounts import Scope
from repo_tool.domain.head_office import HEAD_OFFICE
from repo_tool.domain.searching import SearchResult, browse, search_each
from repo_tool.models import Document
from repo_tool.repository import Repository
from repo_tool.search import Filters


def slices(scope: Scope, filters: Filters, head_office: bool = True) -> list[Filters]:
    """The engine filters that together cover `filters` within `scope` (none: nothing);
    `head_office`: whether the repository has one (a unit `agency`)."""
    if scope.units is None:
        return [filters]
    sqs = filters.sqs
    if scope.sqs is not None:
        sqs = tuple(n for n in (filters.sqs or tuple(sorted(scope.sqs))) if n in scope.sqs)
        if not sqs:
            return []
    asked = filters.units or (*sorted(scope.units), *((HEAD_OFFICE,) if head_office else ()))
    found = []
    own = tuple(u for u in asked if u in scope.units)
    if own:
        found.append(replace(filters, units=own, sqs=sqs))
    if HEAD_OFFICE in asked and HEAD_OFFICE not in scope.units:
        if scope.write:  # an editor reads every head-office document
            found.append(replace(filters, units=(HEAD_OFFICE,), sqs=sqs))
        elif filters.kind in (None, "policy"):
            found.append(replace(filters, units=(HEAD_OFFICE,), sqs=sqs, kind="policy"))
    return found


def search_within(repo: Repository, scope: Scope, text: str, filters: Filters,
                  limit: int = 20, state: str | None = None, today: date | None = None,
                  generated: bool = False) -> SearchResult:
    """`domain.searching.search`, holding only what the scope lets the account see."""
    parts = slices(scope, filters, repo.config.has_unit(HEAD_OFFICE))
    if not parts:
        return SearchResult([], 0, None)
    return search_each(repo, text, parts, limit, state=state, today=today, generated=generated)


def browse_within(repo: Repository, scope: Scope, unit: str | None = None,
                  sqs: tuple[int, ...] = (), kind: str | None = None,
                  limit: int = 500) -> list[Document]:
    """`domain.searching.browse`, holding only the documents the account may read."""
    found = browse(repo, unit, sqs, kind, limit=100_000 if scope.units is not None else limit)
    return [d for d in found if scope.sees(d.unit, d.kind, d.sqs)][:limit]
