"""The Whoosh engine (whoosh-reloaded): pure Python, slower, for where Tantivy cannot be installed.

Our analyzer's tokens are handed to Whoosh as a list, which Whoosh indexes as given, one position
each (its own analyzer never runs on them), so phrase queries see exactly our bigrams. unit, kind
and current are ID terms, sqs keywords, modified a numeric field; filters go in Whoosh's
`filter=`, which narrows the hits without scoring them.
"""

from __future__ import annotations

import pickle
import struct
import zlib
from pathlib import Path
from typing import Any

from whoosh import fields, index, query  # type: ignore[import-untyped]
from whoosh.analysis import SpaceSeparatedTokenizer  # type: ignore[import-untyped]
from whoosh.filedb.filestore import FileStorage  # type: ignore[import-untyped]

from repo_tool.errors import Locked
from repo_tool.search._engine import EngineHit, Filters, IndexDoc
from repo_tool.search._errors import IndexUnusable
from repo_tool.search._query import Clause, Query
from repo_tool.search._terms import index_terms

SCHEMA_VERSION = 1
_TEXT_FIELDS = ("body", "path")
_WRITER_MEMORY_MB = 128
_FETCH_MORE = 16
# What reading damaged Whoosh files raises (it has no error type of its own for that).
_DAMAGE = (OSError, ValueError, EOFError, KeyError, IndexError, TypeError, AttributeError,
           struct.error, zlib.error, pickle.UnpicklingError, index.IndexError)


def _schema() -> fields.Schema:
    text = {name: fields.TEXT(analyzer=SpaceSeparatedTokenizer(), phrase=True)
            for name in _TEXT_FIELDS}
    return fields.Schema(
        key=fields.ID(stored=True, unique=True),
        document_id=fields.ID(stored=True),
        unit=fields.ID, kind=fields.ID, current=fields.ID,
        sqs=fields.KEYWORD,
        modified=fields.NUMERIC(int, bits=64, signed=True, stored=True),
        **text,
    )


class WhooshEngine:
    """An index folder read and written with whoosh-reloaded."""

    name = "whoosh"

    def __init__(self, folder: Path, *, create: bool) -> None:
        self.folder = folder
        self._writer: Any = None
        self._pending: dict[int, int] = {}  # key -> number in the segment being written
        self._deleter: Any = None  # a searcher over the committed segments, for deletions
        # Files are read, not memory-mapped: merging maps whole segments, which counted
        # against peak memory (RSS) as the index grew.
        storage = FileStorage(str(folder), supports_mmap=False)
        try:
            if create:
                self._index = storage.create_index(_schema())
            else:
                self._index = storage.open_index()
            self._searcher = self._index.searcher()
        except Exception as exc:  # any failure to read the files means they are damaged
            raise IndexUnusable.damaged(folder) from exc

    def _writing(self) -> Any:
        if self._writer is None:
            try:
                self._writer = self._index.writer(limitmb=_WRITER_MEMORY_MB)
            except index.LockError as exc:
                raise Locked(f"another process is writing the search index in "
                             f"{self.folder}; try again when it has finished") from exc
            self._deleter = self._writer.searcher()
        return self._writer

    def add(self, doc: IndexDoc) -> None:
        writer = self._writing()
        self._pending[doc.key] = writer.docnum
        extra = {"sqs": " ".join(map(str, doc.sqs))} if doc.sqs else {}
        writer.add_document(
            key=str(doc.key), document_id=str(doc.document_id), unit=doc.unit, kind=doc.kind,
            current="1" if doc.current else "0", modified=doc.modified,
            body=index_terms(doc.text), path=index_terms(doc.path), **extra)

    def delete(self, key: int) -> None:
        writer = self._writing()
        pending = self._pending.pop(key, None)
        if pending is not None:
            # Whoosh deletes only in committed segments; a document added in this batch is
            # marked deleted in the segment being written.
            writer.newsegment.delete_document(pending - writer.docbase)
        writer.delete_by_term("key", str(key), searcher=self._deleter)

    def commit(self) -> None:
        writer, self._writer = self._writer, None
        if writer is None:
            return
        self._deleter.close()
        writer.commit()
        self._pending.clear()
        self._searcher.close()
        self._searcher = self._index.searcher()

    def close(self) -> None:
        writer, self._writer = self._writer, None
        if writer is not None:
            self._deleter.close()
            writer.cancel()
            self._pending.clear()
        if not self._searcher.is_closed:
            self._searcher.close()

    def _field_query(self, field: str, clause: Clause) -> query.Query:
        tokens = list(clause.tokens)
        if clause.partial:
            char = tokens[0]
            return query.Or([query.Term(field, char), query.Wildcard(field, f"{char}?"),
                             query.Wildcard(field, f"?{char}")])
        if len(tokens) == 1:
            return query.Term(field, tokens[0])
        return query.Phrase(field, tokens)

    def _clause_query(self, clause: Clause) -> query.Query:
        return query.Or([self._field_query(field, one) for one in (clause, *clause.also)
                         for field in _TEXT_FIELDS])

    def _query(self, parsed: Query) -> query.Query:
        positive: list[query.Query] = [self._clause_query(c) for c in parsed.positive]
        negative: list[query.Query] = [query.Not(self._clause_query(c)) for c in parsed.negative]
        if not positive:
            positive = [query.Every()]
        return query.And(positive + negative)

    def _filter(self, filters: Filters) -> query.Query | None:
        parts: list[query.Query] = []
        if filters.units:
            parts.append(query.Or([query.Term("unit", unit) for unit in filters.units]))
        if filters.sqs:
            parts.append(query.Or([query.Term("sqs", str(number)) for number in filters.sqs]))
        if filters.kind is not None:
            parts.append(query.Term("kind", filters.kind))
        if filters.since is not None:
            parts.append(query.NumericRange("modified", filters.since, None))
        if not filters.all_versions:
            parts.append(query.Term("current", "1"))
        if filters.leave_out:
            parts.append(query.Not(query.Or([query.Term("document_id", str(number))
                                             for number in filters.leave_out])))
        return query.And(parts) if parts else None

    def search(self, parsed: Query, filters: Filters, limit: int) -> list[EngineHit]:
        if limit < 1:
            return []
        built, only = self._query(parsed), self._filter(filters)
        fetch = limit + _FETCH_MORE
        try:
            while True:
                results = self._searcher.search(built, limit=fetch, filter=only)
                found = [(hit.score, hit.fields()) for hit in results]
                if len(found) < fetch or found[-1][0] < found[limit - 1][0]:
                    break
                fetch *= 4
        except _DAMAGE as exc:
            raise IndexUnusable.damaged(self.folder) from exc
        hits = [EngineHit(int(stored["key"]), float(score), int(stored["modified"]))
                for score, stored in found]
        hits.sort(key=lambda hit: (-hit.score, -hit.modified, hit.key))
        return hits[:limit]

    def count(self, parsed: Query, filters: Filters) -> int:
        built, only = self._query(parsed), self._filter(filters)
        try:
            results = self._searcher.search(built, limit=None, scored=False, filter=only)
            return len(results)
        except _DAMAGE as exc:
            raise IndexUnusable.damaged(self.folder) from exc
