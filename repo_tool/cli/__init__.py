"""The `repo-tool` command line: parse, call the library, print. No logic lives here.

Commands live in one module per area; importing them registers them on the `cli` group.
"""

from repo_tool.cli import (  # noqa: F401  (registers the commands)
    _isa,
    _lifecycle,
    _notices,
    _ocr,
    _overview,
    _pack,
    _performance,
    _records,
    _reviews,
    _search,
    _serve,
    _service,
    _setup,
    _users,
    _watch,
)
from repo_tool.cli._base import cli, generate, main

__all__ = ["cli", "generate", "main"]
