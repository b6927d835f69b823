"""The architecture as a test: which part of `repo_tool` may import which.

The import graph is read with `ast` from the source (imports at the top of a module, inside
functions and under `TYPE_CHECKING` alike), so a rule cannot be dodged by importing late. Each
module belongs to a part: a leaf module at the top (`errors`, `models`, ...) or a package
(`store`, `ingest`, ...). `ALLOWED` lists, for each part, the parts it may use; everything
else is a break. docs/architecture.md draws the same table.
"""

from __future__ import annotations

import ast
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "repo_tool"

LEAVES = frozenset({"errors", "lazy", "models", "config", "sqs", "humanize", "retention"})
_BELOW_STORE = LEAVES
_CORE = LEAVES | {"store", "extract", "search", "ocr"}

ALLOWED: dict[str, frozenset[str]] = {
    # leaves: plain data and rules with no I/O of the repository; only the error family
    "errors": frozenset(),
    # imports made on first use (importlib only)
    "lazy": frozenset(),
    "models": frozenset({"errors"}),
    "config": frozenset({"errors", "lazy", "retention"}),
    # retention schedules: rules and periods, parsed with config's reader (passed in)
    "retention": frozenset({"errors"}),
    "sqs": frozenset({"errors"}),
    "humanize": frozenset({"errors"}),
    # engines that know their own job and nothing of the repository
    "extract": LEAVES,
    "search": LEAVES,
    # persistence: the catalog, the object store, the lock and the write session
    "store": LEAVES,
    # reading scanned pages: needs the PDF extractor and stores its text
    "ocr": LEAVES | {"store", "extract"},
    # the handle: open, write sessions, index catch-up, history, diff, verify
    "repository": _CORE,
    # files becoming versions: the walk, the scanner, watch, import, restore
    "ingest": _CORE | {"repository"},
    # the rules of the work (SQS 2 reviews, status, lifecycle, performance, searching)
    "domain": _CORE | {"repository", "ingest"},
    # Word/PDF forms, notices, the SAR, the org chart, the evidence pack
    "generate": _CORE | {"repository", "ingest", "domain"},
    # the faces
    "web": _CORE | {"repository", "ingest", "domain", "generate"},
    "cli": _CORE | {"repository", "ingest", "domain", "generate", "web"},
    # `repo_tool/__init__.py` (the version) and `python -m repo_tool`
    "": frozenset(),
    "__main__": frozenset({"cli"}),
}


def part_of(module: str) -> str:
    """The part a dotted module name under repo_tool belongs to ('' for the package itself)."""
    pieces = module.split(".")
    return pieces[1] if len(pieces) > 1 else ""


def _module_name(path: Path, package: Path) -> tuple[str, bool]:
    relative = path.relative_to(package.parent).with_suffix("")
    pieces = list(relative.parts)
    is_init = pieces[-1] == "__init__"
    if is_init:
        pieces = pieces[:-1]
    return ".".join(pieces), is_init


def _imported(node: ast.AST, module: str, is_init: bool) -> Iterator[str]:
    if isinstance(node, ast.Import):
        for alias in node.names:
            yield alias.name
    elif isinstance(node, ast.ImportFrom):
        if node.level:
            base = module.split(".") if is_init else module.split(".")[:-1]
            base = base[: len(base) - (node.level - 1)]
            target = ".".join([*base, node.module] if node.module else base)
        else:
            target = node.module or ""
        yield target
        for alias in node.names:  # `from repo_tool import x` names the part x
            yield f"{target}.{alias.name}"


def import_edges(package: Path = PACKAGE) -> list[tuple[str, str, int]]:
    """(importing module, imported repo_tool module, line) for every import in the package."""
    edges = []
    for path in sorted(package.rglob("*.py")):
        module, is_init = _module_name(path, package)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            for target in _imported(node, module, is_init):
                if target.startswith("repo_tool.") and _exists(target, package):
                    edges.append((module, target, getattr(node, "lineno", 0)))
    return edges


def _exists(target: str, package: Path) -> bool:
    path = package.parent / target.replace(".", "/")
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def breaks(package: Path = PACKAGE) -> list[str]:
    """One line for each import that crosses the rules, naming file and line."""
    found = []
    seen: set[tuple[str, int, str]] = set()
    for module, target, line in import_edges(package):
        source, imported = part_of(module), part_of(target)
        if source == imported or (module, line, imported) in seen:
            continue
        seen.add((module, line, imported))  # `from a import b` is one import, not two
        if source not in ALLOWED:
            found.append(f"{module}: part '{source}' is not in the architecture (tests/"
                         "test_layers.py ALLOWED)")
        elif imported not in ALLOWED[source]:
            found.append(f"{module}:{line} imports {target}: '{source}' may not use '{imported}'")
    return found


def part_cycles(package: Path = PACKAGE) -> list[list[str]]:
    """Cycles in the graph of parts (each edge: some module of one imports some of the other)."""
    graph: dict[str, set[str]] = {}
    for module, target, _ in import_edges(package):
        source, imported = part_of(module), part_of(target)
        if source != imported:
            graph.setdefault(source, set()).add(imported)
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt):], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return cycles


def test_every_import_follows_the_layer_rules() -> None:
    assert breaks() == []


def test_no_cycle_between_parts() -> None:
    assert part_cycles() == []


def test_the_allowed_table_itself_has_no_cycle() -> None:
    order: list[str] = []
    seen: set[str] = set()

    def place(part: str, path: tuple[str, ...] = ()) -> None:
        assert part not in path, f"ALLOWED has a cycle: {' -> '.join((*path, part))}"
        if part in seen:
            return
        for used in sorted(ALLOWED[part]):
            place(used, (*path, part))
        seen.add(part)
        order.append(part)

    for part in sorted(ALLOWED):
        place(part)
    assert order.index("store") < order.index("repository") < order.index("cli")


def test_top_level_holds_only_the_leaves() -> None:
    loose = sorted(p.stem for p in PACKAGE.glob("*.py"))
    assert loose == sorted({"__init__", "__main__", *LEAVES})
    packages = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    assert set(packages) == set(ALLOWED) - LEAVES - {"", "__main__"}


@pytest.mark.parametrize(("module", "line", "expected"), [
    ("store/catalog.py", "from repo_tool.domain import reviews",
     "'store' may not use 'domain'"),
    ("extract/_plain.py", "from repo_tool.store import Catalog",
     "'extract' may not use 'store'"),
    ("search/_query.py", "from repo_tool.repository import Repository",
     "'search' may not use 'repository'"),
    ("domain/due.py", "from repo_tool.cli import text",
     "'domain' may not use 'cli'"),
    ("sqs.py", "from repo_tool.models import Actor",
     "'sqs' may not use 'models'"),
])
def test_a_forbidden_import_is_caught(tmp_path: Path, module: str, line: str,
                                      expected: str) -> None:
    copy = tmp_path / "repo_tool"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / module
    # hidden inside a function, as a late import would be
    target.write_text(target.read_text(encoding="utf-8")
                      + f"\n\ndef _late() -> None:\n    {line}  # noqa\n", encoding="utf-8")
    found = sorted(set(breaks(copy)) - set(breaks()))
    assert len(found) == 1
    assert expected in found[0]
    assert found[0].startswith("repo_tool." + module.removesuffix(".py").replace("/", "."))


def test_a_cycle_between_parts_is_caught(tmp_path: Path) -> None:
    copy = tmp_path / "repo_tool"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "errors.py").write_text((copy / "errors.py").read_text(encoding="utf-8")
                                    + "\nfrom repo_tool import config  # noqa\n",
                                    encoding="utf-8")
    assert ["config", "errors", "config"] in part_cycles(copy)
