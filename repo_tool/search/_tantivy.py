"""The Tantivy engine (tantivy-py): the default, fast, and written in Rust.

Our analyzer's tokens go in space-joined through Tantivy's built-in `whitespace` tokenizer, which
splits on spaces only and keeps each token's position, so phrase queries see exactly our
bigrams; Tantivy never re-tokenizes Chinese. unit and kind are raw terms, sqs a multi-valued
integer, modified and current indexed fast integers. Filters are zero-scoring Must clauses, so
they narrow the hits without changing their relevance.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TypeVar

import tantivy

from repo_tool.errors import Locked
from repo_tool.search._engine import EngineHit, Filters, IndexDoc
from repo_tool.search._errors import IndexUnusable
from repo_tool.search._query import Clause, Query
from repo_tool.search._terms import index_text

SCHEMA_VERSION = 1
_TEXT_FIELDS = ("body", "path")
_WRITER_HEAP = 128_000_000  # bytes, shared by the indexing threads
_WRITER_THREADS = 1  # our Python analyzer, not Tantivy, is the bottleneck: leave it a core
_FETCH_MORE = 16  # hits fetched past the limit, to order equal scores by recency

T = TypeVar("T")


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("key", indexed=True, fast=True)
    builder.add_integer_field("document_id", indexed=True, fast=True)
    for field in _TEXT_FIELDS:
        builder.add_text_field(field, tokenizer_name="whitespace", index_option="position")
    builder.add_text_field("unit", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("kind", tokenizer_name="raw", index_option="basic")
    builder.add_integer_field("sqs", indexed=True)
    builder.add_integer_field("modified", indexed=True, fast=True)
    builder.add_integer_field("current", indexed=True, fast=True)
    return builder.build()


_STDERR = threading.Lock()


@contextmanager
def _panic_message_held() -> Iterator[None]:
    """Hold what is written to file descriptor 2 while Tantivy works, and pass it on unless
    Tantivy panicked: Rust's panic hook prints `thread ... panicked at ...` there before Python
    sees the panic, in front of our one-line message about the damaged index. The lock keeps
    two threads (the web server's) from swapping the descriptor under each other."""
    with _STDERR, tempfile.TemporaryFile() as held:
        sys.stderr.flush()
        saved = os.dup(2)
        os.dup2(held.fileno(), 2)
        panicked = False
        try:
            yield
        except BaseException as exc:
            panicked = _is_panic(exc)
            raise
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            if not panicked:
                held.seek(0)
                if written := held.read():
                    os.write(2, written)


def _is_panic(exc: BaseException) -> bool:
    """Whether `exc` is a Rust panic surfaced by pyo3 (a BaseException we cannot import)."""
    return type(exc).__name__ == "PanicException"


class TantivyEngine:
    """An index folder read and written with tantivy-py."""

    name = "tantivy"

    def __init__(self, folder: Path, *, create: bool) -> None:
        self.folder = folder
        self._writer: tantivy.IndexWriter | None = None
        self._counted: tuple[Query, Filters, int] | None = None  # from the last search
        if create:
            self._index = self._guard(
                lambda: tantivy.Index(_schema(), path=str(folder), reuse=False))
        else:
            self._index = self._guard(lambda: tantivy.Index.open(str(folder)))
        self._schema = self._index.schema
        self._searcher = self._guard(self._index.searcher)  # opens every segment's files

    def _guard(self, work: Callable[[], T]) -> T:
        """Run a read of index files, turning Tantivy's errors and panics into IndexUnusable
        (and keeping the panic's own message, which Rust prints itself, off the screen)."""
        try:
            with _panic_message_held():
                return work()
        except ValueError as exc:
            raise IndexUnusable.damaged(self.folder) from exc
        except BaseException as exc:
            if _is_panic(exc):
                raise IndexUnusable.damaged(self.folder) from exc
            raise

    def _writing(self) -> tantivy.IndexWriter:
        if self._writer is None:
            try:
                self._writer = self._index.writer(_WRITER_HEAP, _WRITER_THREADS)
            except ValueError as exc:
                if "LockBusy" in str(exc):
                    raise Locked(f"another process is writing the search index in "
                                 f"{self.folder}; try again when it has finished") from exc
                raise IndexUnusable.damaged(self.folder) from exc
        return self._writer

    def add(self, doc: IndexDoc) -> None:
        entry = tantivy.Document()
        entry.add_integer("key", doc.key)
        entry.add_integer("document_id", doc.document_id)
        entry.add_text("body", index_text(doc.text))
        entry.add_text("path", index_text(doc.path))
        entry.add_text("unit", doc.unit)
        entry.add_text("kind", doc.kind)
        for number in doc.sqs:
            entry.add_integer("sqs", number)
        entry.add_integer("modified", doc.modified)
        entry.add_integer("current", int(doc.current))
        self._writing().add_document(entry)

    def delete(self, key: int) -> None:
        self._writing().delete_documents_by_term("key", key)

    def commit(self) -> None:
        if self._writer is None:
            return
        self._writer.commit()
        self._index.reload()
        self._searcher = self._index.searcher()
        self._counted = None

    def close(self) -> None:
        writer, self._writer = self._writer, None
        if writer is not None:
            writer.rollback()  # what was not committed is discarded, as documented
            writer.wait_merging_threads()  # also releases the writer lock
        # Let go of Tantivy's index and searcher now, not whenever the garbage collector runs:
        # they keep memory maps of the segment files and a thread that reloads them when
        # meta.json changes, and a map of a file that is later rewritten (reindex, or damage)
        # kills the whole process with SIGBUS.
        self.__dict__.pop("_searcher", None)
        self.__dict__.pop("_index", None)

    def _field_query(self, field: str, clause: Clause) -> tantivy.Query:
        tokens = list(clause.tokens)
        if clause.partial:
            char = tokens[0]
            return tantivy.Query.regex_query(self._schema, field, f"{char}|{char}.|.{char}")
        if len(tokens) == 1:
            return tantivy.Query.term_query(self._schema, field, tokens[0])
        return tantivy.Query.phrase_query(self._schema, field, tokens)  # type: ignore[arg-type]

    def _clause_query(self, clause: Clause) -> tantivy.Query:
        """The clause (or a glossary equivalent) in the body text or in the file's path."""
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, self._field_query(field, one))
             for one in (clause, *clause.also) for field in _TEXT_FIELDS])

    def _filter_queries(self, filters: Filters) -> list[tantivy.Query]:
        schema, term = self._schema, tantivy.Query.term_query
        queries: list[tantivy.Query] = []
        if filters.units:
            queries.append(tantivy.Query.term_set_query(schema, "unit", list(filters.units)))
        if filters.sqs:
            queries.append(tantivy.Query.term_set_query(schema, "sqs", list(filters.sqs)))
        if filters.kind is not None:
            queries.append(term(schema, "kind", filters.kind))
        if filters.since is not None:
            queries.append(tantivy.Query.range_query(
                schema, "modified", tantivy.FieldType.Integer, lower_bound=filters.since))
        if not filters.all_versions:
            queries.append(term(schema, "current", 1))
        return [tantivy.Query.const_score_query(query, 0.0) for query in queries]

    def _left_out(self, filters: Filters) -> list[tuple[tantivy.Occur, tantivy.Query]]:
        if not filters.leave_out:
            return []
        return [(tantivy.Occur.MustNot, tantivy.Query.term_set_query(
            self._schema, "document_id", list(filters.leave_out)))]

    def _query(self, query: Query, filters: Filters) -> tantivy.Query:
        parts = [(tantivy.Occur.Must, self._clause_query(clause)) for clause in query.positive]
        if not parts:
            parts.append((tantivy.Occur.Must, tantivy.Query.all_query()))
        parts += [(tantivy.Occur.MustNot, self._clause_query(clause))
                  for clause in query.negative]
        parts += [(tantivy.Occur.Must, extra) for extra in self._filter_queries(filters)]
        parts += self._left_out(filters)
        return tantivy.Query.boolean_query(parts)

    def search(self, query: Query, filters: Filters, limit: int) -> list[EngineHit]:
        if limit < 1:
            return []
        built = self._query(query, filters)
        searcher = self._searcher
        fetch = limit + _FETCH_MORE
        while True:
            result = self._guard(partial(searcher.search, built, fetch, count=True))
            found = result.hits
            # Stop once the hits we did not fetch must score below the limit-th one.
            if len(found) < fetch or found[-1][0] < found[limit - 1][0]:
                break
            fetch *= 4
        # Callers ask for the count of the same query next: it came with the hits.
        self._counted = (query, filters, int(result.count))  # type: ignore[attr-defined]
        addresses = [address for _, address in found]
        keys = self._guard(lambda: searcher.fast_field_values("key", addresses))
        times = self._guard(lambda: searcher.fast_field_values("modified", addresses))
        hits = [EngineHit(int(key or 0), float(score), int(modified or 0))
                for (score, _), key, modified in zip(found, keys, times, strict=True)]
        hits.sort(key=lambda hit: (-hit.score, -hit.modified, hit.key))
        return hits[:limit]

    def count(self, query: Query, filters: Filters) -> int:
        if self._counted and self._counted[:2] == (query, filters):
            return self._counted[2]
        built = self._query(query, filters)
        result = self._guard(lambda: self._searcher.search(built, 1, count=True))
        return int(result.count)  # type: ignore[attr-defined]
