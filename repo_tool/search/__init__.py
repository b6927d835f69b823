"""Search: the CJK analyzer, the query parser, snippets, and the engines behind one interface.

    engine = open_engine("tantivy", repo_root / "index" / "tantivy", create=True)
    engine.add(IndexDoc(...)); engine.commit()
    hits = engine.search(parse_query('私隱 "review date"'), Filters(units=("ycc",)), limit=20)
    engine.close()
"""

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
