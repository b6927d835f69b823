"""Search: the CJK analyzer, the query parser, snippets, and the engines behind one interface.

    engine = open_engine("tantivy", repo_root / "index" / "tantivy", create=True)
    engine.add(IndexDoc(...)); engine.commit()
    hits = engine.search(parse_query('私隱 "review date"'), Filters(units=("ycc",)), limit=20)
    engine.close()
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from repo_tool.lazy import lazy_exports

if TYPE_CHECKING:
    from repo_tool.search._analyzer import ANALYZER_VERSION, Token, analyze
    from repo_tool.search._checksums import tantivy_damage
    from repo_tool.search._engine import (
        DEFAULT_ENGINE,
        ENGINES,
        Engine,
        EngineHit,
        Filters,
        IndexDoc,
        open_engine,
    )
    from repo_tool.search._errors import IndexUnusable, QueryError
    from repo_tool.search._glossary import Glossary
    from repo_tool.search._query import Clause, Query, parse_query
    from repo_tool.search._snippet import Snippet, snippet

__all__ = [
    "ANALYZER_VERSION",
    "DEFAULT_ENGINE",
    "ENGINES",
    "Clause",
    "Engine",
    "EngineHit",
    "Filters",
    "Glossary",
    "IndexDoc",
    "IndexUnusable",
    "Query",
    "QueryError",
    "Snippet",
    "Token",
    "analyze",
    "open_engine",
    "parse_query",
    "snippet",
    "tantivy_damage",
]

# Each name loads from its submodule when first used.
_LAZY = {"ANALYZER_VERSION": "_analyzer", "Token": "_analyzer", "analyze": "_analyzer",
         "tantivy_damage": "_checksums", "DEFAULT_ENGINE": "_engine", "ENGINES": "_engine",
         "Engine": "_engine", "EngineHit": "_engine", "Filters": "_engine", "IndexDoc": "_engine",
         "open_engine": "_engine", "IndexUnusable": "_errors", "QueryError": "_errors",
         "Glossary": "_glossary", "Clause": "_query", "Query": "_query", "parse_query": "_query",
         "Snippet": "_snippet", "snippet": "_snippet"}
__getattr__ = lazy_exports(__name__, _LAZY)
