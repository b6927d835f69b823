"""More of the interface's words, one module per part of the interface (each a `WORDS` dict of
key -> (zh-HK, English)), gathered by `web._i18n` so that parts add words without touching one
shared table."""

from __future__ import annotations

import importlib
import pkgutil


def gathered() -> dict[str, tuple[str, str]]:
    """Every module's WORDS, in module name order; a key defined twice is a bug."""
    words: dict[str, tuple[str, str]] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        found: dict[str, tuple[str, str]] = module.WORDS
        twice = words.keys() & found.keys()
        if twice:
            raise RuntimeError(f"interface words defined twice: {sorted(twice)}")
        words.update(found)
    return words
