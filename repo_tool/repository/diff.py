"""diff: what changed between two versions of a document, paragraph by paragraph.

Compares the stored extracted text (one paragraph per line), so it works the same for Word,
PDF and plain text, and needs no parsing at diff time.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from repo_tool.errors import InvalidInput, NotFound, Unsupported
from repo_tool.models import Version
from repo_tool.repository import Repository

ALIKE = 0.5


@dataclass(frozen=True)
class DiffLine:
    """One line of a diff: ' ' context, '-' removed, '+' added, '@' where a hunk starts."""

    kind: Literal[" ", "-", "+", "@"]
    text: str


@dataclass(frozen=True)
class ClauseChange:
    """One changed paragraph: `old` → `new`; an added one has no `old`, a removed one no `new`."""

    old: str | None
    new: str | None


@dataclass(frozen=True)
class TextDiff:
    old: Version
    new: Version
    lines: list[DiffLine]

    @property
    def same(self) -> bool:
        return not any(line.kind in "+-" for line in self.lines)

    @property
    def clauses(self) -> list[ClauseChange]:
        """The changed paragraphs in order, each removed one paired with the one that took its
        place (among the `+` lines that follow its run of `-` lines, the first alike)."""
        found: list[ClauseChange] = []
        removed: list[str] = []
        added: list[str] = []

        def flush() -> None:
            found.extend(_paired(removed, added))
            removed.clear()
            added.clear()

        for line in self.lines:
            if line.kind == "-":
                if added:
                    flush()
                removed.append(line.text)
            elif line.kind == "+":
                added.append(line.text)
            else:
                flush()
        flush()
        return found


def _alike(old: str, new: str) -> bool:
    """Whether `new` reads as an edit of `old` (half or more of the text in common)."""
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    return matcher.quick_ratio() >= ALIKE and matcher.ratio() >= ALIKE


def _paired(removed: list[str], added: list[str]) -> list[ClauseChange]:
    """Each removed paragraph with the first added one alike after the last pair, in order;
    the others as removed or added on their own."""
    found: list[ClauseChange] = []
    taken = 0
    for old in removed:
        match = next((k for k in range(taken, len(added)) if _alike(old, added[k])), None)
        if match is None:
            found.append(ClauseChange(old, None))
            continue
        found += [ClauseChange(None, new) for new in added[taken:match]]
        found.append(ClauseChange(old, added[match]))
        taken = match + 1
    return found + [ClauseChange(None, new) for new in added[taken:]]


def paragraphs(text: str) -> list[str]:
    """The non-empty paragraphs of extracted text, whitespace tidied."""
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def _text(repo: Repository, version: Version) -> list[str]:
    disposal = repo.catalog.disposals.of_version(version.id)
    if disposal is not None:
        raise NotFound(f"version {version.number} was disposed of on {disposal.disposed_on} "
                       f"under retention rule {disposal.rule}, approved by "
                       f"{disposal.approved_by}; it has no text to compare")
    stored = repo.catalog.texts.get(version.sha256)
    if stored is None:
        raise Unsupported(f"the text of version {version.number} has not been read yet; run "
                          "`repo-tool scan` first")
    if stored.status != "ok" and stored.status != "empty":
        raise Unsupported(f"version {version.number} has no text to compare: "
                          f"{stored.reason or stored.status}")
    return paragraphs(stored.text)


def text_diff(repo: Repository, given: str | Path, a: int | None = None,
              b: int | None = None, context: int = 1) -> TextDiff:
    """Compare versions A and B of a document (default: the last two)."""
    document = repo.document(given)
    if a is None and b is None:
        if document.versions < 2:
            raise InvalidInput(f"'{document.path}' has only one version; nothing to compare")
        a, b = document.versions - 1, document.versions
    elif b is None:
        b = document.versions
    assert a is not None
    old, new = repo.version(document, a), repo.version(document, b)
    before, after = _text(repo, old), _text(repo, new)
    lines: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        lines.append(DiffLine("@", f"paragraph {group[0][1] + 1} of version {a}, "
                                   f"paragraph {group[0][3] + 1} of version {b}"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines += [DiffLine(" ", text) for text in before[i1:i2]]
                continue
            lines += [DiffLine("-", text) for text in before[i1:i2]]
            lines += [DiffLine("+", text) for text in after[j1:j2]]
    return TextDiff(old, new, lines)
