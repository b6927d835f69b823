"""The `repo-tool` command line: parse, call the library, print. No logic lives here.

Commands live in one module per area and register themselves on the `cli` group when imported;
the group imports a module only when one of its commands runs (`cli/_lazy.py`), so
`repo-tool --help` and `--version` load none of the library.
"""

from repo_tool.cli._base import cli, generate, main

__all__ = ["cli", "generate", "main"]
