"""Imports made on first use, so that a command loads only the modules it runs (issue 23).

Two shapes: `LazyModule` stands for a third-party module a file needs in one rare path (PyYAML
when a file is not in a cache); `lazy_exports` gives a package's `__getattr__`, so that its
public names load from their submodule when first read, not all when the package is imported.
A package keeps its names in a `TYPE_CHECKING` import block too, so that mypy sees them.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


class LazyModule:
    """A module imported when one of its attributes is first read."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        return getattr(importlib.import_module(self._name), attribute)


def lazy_exports(package: str, table: Mapping[str, str]) -> Callable[[str], Any]:
    """A package's `__getattr__` for `table` (name -> the submodule holding it, or
    "submodule:its name" when the package renames it): the submodule is imported when the name
    is first read, and the name is kept on the package after that."""

    def __getattr__(name: str) -> Any:
        if name not in table:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module, _, original = table[name].partition(":")
        value = getattr(importlib.import_module(f"{package}.{module}"), original or name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
