"""Files search finds by name only: the extraction statuses that mean it, counted by format.

Apart from the extractors' types, so that `status` counts them without loading those."""

from __future__ import annotations

from collections.abc import Iterable

NAME_ONLY: frozenset[str] = frozenset({"unsupported", "corrupt", "encrypted", "too-large",
                                      "timeout", "failed"})
"""Statuses whose files search finds by name only ("no-text" pages wait for OCR instead)."""


def name_only_by_format(found: Iterable[tuple[str, str]]) -> tuple[tuple[str, int], ...]:
    """(format, count) of the (path, status) pairs found by name only, most first; the format
    is the name's lower-case extension, or "no extension"."""
    tally: dict[str, int] = {}
    for path, status in found:
        if status in NAME_ONLY:
            name = path.rsplit("/", 1)[-1]
            stem, dot, suffix = name.rpartition(".")
            key = f".{suffix.lower()}" if dot and stem else "no extension"
            tally[key] = tally.get(key, 0) + 1
    return tuple(sorted(tally.items(), key=lambda item: (-item[1], item[0])))
