"""Searching a repository: the query through the index, hits joined with the catalog, snippets.

Readers need no lock: the engine is opened read-only and sees the last committed index. If the
index lags behind the catalog (a crash, or a scan still running) the result says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from repo_tool.errors import InvalidInput
from repo_tool.models import Document
from repo_tool.repository import Repository
from repo_tool.search import Filters, IndexUnusable, parse_query, snippet


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


@dataclass(frozen=True)
class SearchResult:
    """The hits, the total number of matches, and any warning about the index."""

    hits: list[SearchHit]
    total: int
    warning: str | None


def search(repo: Repository, text: str, filters: Filters, limit: int = 20) -> SearchResult:
    """Run a query (terms ANDed, quoted or CJK terms as phrases) against the index."""
    if limit < 1:
        raise InvalidInput("--limit must be at least 1")
    for unit in filters.units:
        repo.config.unit(unit)
    query = parse_query(text)
    catalog = repo.catalog
    if catalog.texts.meta("index_id") is None:
        if not catalog.recent_versions(1, None):
            return SearchResult([], 0, None)
        raise IndexUnusable("the search index has not been built yet; run `repo-tool reindex`")
    engine = repo.index.open_for_reading(catalog)
    try:
        found = engine.search(query, filters, limit)
        total = engine.count(query, filters)
    finally:
        engine.close()
    hits = []
    for hit in found:
        version = catalog.version_by_id(hit.key)
        if version is None:
            continue  # the index is ahead of this reader's view; the next search has it
        document = catalog.document_by_id(version.document_id)
        stored = catalog.texts.get(version.sha256)
        body = stored.text if stored else ""
        ocr = catalog.ocr.get(version.sha256)
        source = "text"
        if ocr and ocr.text and not body.strip():
            body, source = ocr.text, "ocr"
        cut = snippet(body, query) if body else None
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
            source=source))
    lagging = catalog.texts.pending_index() + catalog.texts.not_extracted()
    warning = (f"{lagging} version(s) are not in the search index yet; run `repo-tool scan` "
               "to finish indexing them") if lagging else None
    return SearchResult(hits, total, warning)


def browse(repo: Repository, unit: str | None = None, sqs: tuple[int, ...] = (),
           kind: str | None = None, limit: int = 500) -> list[Document]:
    """Present documents of a unit (or all), filed under any of `sqs`, of one kind, by path."""
    if unit is not None:
        repo.config.unit(unit)
    wanted = set(sqs)
    found = [d for d in repo.catalog.documents(unit) if d.status == "present"
             and (not wanted or wanted & set(d.sqs)) and (kind is None or d.kind == kind)]
    return sorted(found, key=lambda d: d.path)[:limit]
