"""The packages that load their names on first use (repo_tool/lazy.py) still offer every name
they list, from the module that defines it, and refuse a name they do not have."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

LAZY_PACKAGES = ("repo_tool.search", "repo_tool.extract", "repo_tool.domain.performance",
                 "repo_tool.domain.isa")


def checked_names(package: str) -> dict[str, str]:
    """name -> `module:original` as the package's `if TYPE_CHECKING:` block imports it (the
    names mypy sees)."""
    module = importlib.import_module(package)
    assert module.__file__ is not None
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    block = next(node for node in tree.body if isinstance(node, ast.If)
                 and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING")
    return {alias.asname or alias.name: f"{node.module}:{alias.name}"
            for node in block.body if isinstance(node, ast.ImportFrom)
            for alias in node.names}


@pytest.mark.parametrize("package", LAZY_PACKAGES)
def test_every_listed_name_loads_from_where_mypy_was_told(package: str) -> None:
    module = importlib.import_module(package)
    checked = checked_names(package)
    assert set(module.__all__) - {"EXTRACTOR_VERSION"} == set(checked)
    for name, where in checked.items():
        source, original = where.split(":")
        assert getattr(module, name) is getattr(importlib.import_module(source), original), name


@pytest.mark.parametrize("package", LAZY_PACKAGES)
def test_a_name_the_package_does_not_have_is_refused(package: str) -> None:
    module = importlib.import_module(package)
    with pytest.raises(AttributeError, match="no attribute 'not_a_name'"):
        module.not_a_name  # noqa: B018
    with pytest.raises(ImportError):
        exec(f"from {package} import not_a_name")
