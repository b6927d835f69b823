"""Searching a repository: the query through the index, hits joined with the catalog, snippets.

Readers need no lock: the engine is opened read-only and sees the last committed index. If the
index lags behind the catalog (a crash, or a scan still running) the result says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from repo_tool.domain.glossary import glossary_for
from repo_tool.domain.lifecycle import STATES
from repo_tool.domain.policies import PolicyStates, load_states
from repo_tool.errors import InvalidInput
from repo_tool.models import Document
from repo_tool.repository import Repository
from repo_tool.search import (
    EngineHit,
    Filters,
    IndexUnusable,
    Query,
    Snippet,
    parse_query,
    snippet,
)
from repo_tool.store import Catalog
from repo_tool.store.ocr_texts import OcrText

STATE_CHOICES = ("in-force", "draft", "approved", "superseded", "withdrawn", "any")


@dataclass(frozen=True)
class SearchHit:
    """One matching version, as the CLI and --json show it."""

    path: str
    unit: str
    kind: str
    sqs: tuple[int, ...]
    version: int
    versions: int
    current: bool
    modified: str
    score: float
    snippet: str
    highlights: tuple[tuple[int, int], ...]
    text_status: str
    source: str = "text"  # "ocr" when the matched text was read from scanned pages
    state: str | None = None  # a policy version's lifecycle state; None for records
    title: str = ""  # the document's title (see extract/_title.py), else its file name


@dataclass(frozen=True)
class SearchResult:
    """The hits, the total number of matches, and any warning about the index."""

    hits: list[SearchHit]
    total: int
    warning: str | None
    hidden: int = 0  # documents that match but the state filter left out
    hidden_generated: int = 0  # matches among the generated papers, left out by default
    also_searched: tuple[str, ...] = ()  # glossary terms searched besides the words typed


def _state_word(state: str | None) -> str | None:
    if state is None:
        return None
    word = state.replace("-", " ")
    if word != "any" and word not in STATES:
        raise InvalidInput(f"--state {state} is not a state; use one of "
                           f"{', '.join(STATE_CHOICES)}")
    return word


def search(repo: Repository, text: str, filters: Filters, limit: int = 20,
           state: str | None = None, today: date | None = None,
           generated: bool = False) -> SearchResult:
    """Run a query (terms ANDed, quoted or CJK terms as phrases) against the index.

    By default every document's current version is searched, each policy hit carrying its
    lifecycle state on `today`: nothing is hidden because a unit has begun approving policies.
    `state` keeps only policy versions in that state (`in-force`, `draft`, ...; records have no
    state and drop out), or `any` version in any state; `hidden` then counts the documents
    that match by default but the filter left out.

    The papers repo-tool generated (`records/<unit>/generated/`) are left out unless
    `generated`; `hidden_generated` counts the matches among them.
    """
    return search_each(repo, text, (filters,), limit, state, today, generated)


def search_each(repo: Repository, text: str, each: Sequence[Filters], limit: int = 20,
                state: str | None = None, today: date | None = None,
                generated: bool = False) -> SearchResult:
    """`search` of what any of `each` (filters that no document matches two of) lets through,
    as one result: the best `limit` hits of them all by score, the counts summed. The index
    is opened once, and only the hits kept are read and given snippets (a snippet costs more
    than the query: domain.scoped searches an account's units and the head office's
    policies this way)."""
    if limit < 1:
        raise InvalidInput("--limit must be at least 1")
    wanted = _state_word(state)
    for filters in each:
        for unit in filters.units:
            repo.config.unit(unit)
    query = parse_query(text, glossary_for(repo.config))
    catalog = repo.catalog
    if catalog.texts.meta("index_id") is None:
        if not catalog.recent_versions(1, None):
            return SearchResult([], 0, None)
        raise IndexUnusable("the search index has not been built yet; run `repo-tool reindex`")
    states = load_states(repo, today)
    by_state = wanted not in (None, "any")
    leave_out = () if generated else catalog.generated_document_ids(
        unit.code for unit in repo.config.units)
    found: list[EngineHit] = []
    total = hidden = hidden_generated = 0
    engine = repo.index.open_for_reading(catalog)
    try:
        for filters in each:
            if not generated:
                filters = replace(filters, leave_out=leave_out)
            if by_state:
                everything = replace(filters, all_versions=True)
                matched = engine.search(query, everything,
                                        max(engine.count(query, everything), 1))
                kept, left = _in_state(catalog, matched, states, str(wanted),
                                       filters.all_versions)
                total, hidden, found = total + len(kept), hidden + left, found + kept[:limit]
            else:  # by default, and `any`: every document's current version
                found += engine.search(query, filters, limit)
                counted = engine.count(query, filters)
                total += counted
                if filters.leave_out:
                    hidden_generated += engine.count(query, replace(filters, leave_out=())) \
                        - counted
    finally:
        engine.close()
    if len(each) > 1:  # the engine's order, over every part
        found = sorted(found, key=lambda hit: (-hit.score, -hit.modified, hit.key))[:limit]
    hits = []
    for hit in found:
        version = catalog.version_by_id(hit.key)
        if version is None:
            continue  # the index is ahead of this reader's view; the next search has it
        document = catalog.document_by_id(version.document_id)
        version_state = (states.state(document.id, version.number).state
                         if document.kind == "policy" else None)
        stored = catalog.texts.get(version.sha256)
        body = stored.text if stored else ""
        cut, source = _passage(body, catalog.ocr.get(version.sha256), query)
        hits.append(SearchHit(
            path=document.path, unit=document.unit, kind=document.kind, sqs=document.sqs,
            version=version.number, versions=document.versions,
            current=version.number == document.versions and document.status == "present",
            modified=datetime.fromtimestamp(version.mtime_ns / 1e9, UTC).isoformat(
                timespec="seconds"),
            score=round(hit.score, 4),
            snippet=cut.text if cut else "",
            highlights=cut.highlights if cut else (),
            text_status=stored.status if stored else "pending",
            source=source, state=version_state,
            title=(stored.title if stored else None) or document.path.rsplit("/", 1)[-1]))
    lagging = catalog.texts.lagging()
    warning = (f"{lagging} version(s) are not in the search index yet; run `repo-tool scan` "
               "to finish indexing them") if lagging else None
    return SearchResult(hits, total, warning, hidden, hidden_generated, query.also_searched)


def _in_state(catalog: Catalog, matched: list[EngineHit], states: PolicyStates, wanted: str,
              all_versions: bool) -> tuple[list[EngineHit], int]:
    """The hits (over all versions) of policy versions in state `wanted`, and how many
    documents the search shows by default (current versions, or every version with
    `all_versions`) that the state left out."""
    facts = catalog.lifecycle.version_facts(hit.key for hit in matched)
    kept: list[EngineHit] = []
    shown_by_default: set[int] = set()
    for hit in matched:
        if hit.key not in facts:
            continue  # the index is ahead of this reader's view
        document_id, number, kind, _unit, status, last = facts[hit.key]
        if all_versions or (number == last and status == "present"):
            shown_by_default.add(document_id)
        if kind == "policy" and states.state(document_id, number).state == wanted:
            kept.append(hit)
    return kept, len(shown_by_default - {facts[hit.key][0] for hit in kept})


def _passage(body: str, ocr: OcrText | None, query: Query) -> tuple[Snippet | None, str]:
    """The passage to show and where it comes from: the text layer, or OCR of scanned pages
    (a PDF with typed pages and scanned ones has both; the passage is where the match is)."""
    cut = snippet(body, query) if body.strip() else None
    if ocr is None or not ocr.text.strip() or (cut is not None and cut.highlights):
        return cut, "text"
    read = snippet(ocr.text, query)
    if read.highlights or cut is None:
        return read, "ocr"
    return cut, "text"


def browse(repo: Repository, unit: str | None = None, sqs: tuple[int, ...] = (),
           kind: str | None = None, limit: int = 500) -> list[Document]:
    """Present documents of a unit (or all), filed under any of `sqs`, of one kind, by path."""
    if unit is not None:
        repo.config.unit(unit)
    wanted = set(sqs)
    found = [d for d in repo.catalog.documents(unit) if d.status == "present"
             and (not wanted or wanted & set(d.sqs)) and (kind is None or d.kind == kind)]
    return sorted(found, key=lambda d: d.path)[:limit]
