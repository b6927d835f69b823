"""The text the search reads in a version, to be read on the document page: what extraction
found and what OCR read from its scanned pages, a part at a time.

Long text is cut into parts of `PART` characters; the page shows one part and says how many
there are, so a 300-page register never makes one enormous page.
"""

from __future__ import annotations

from dataclasses import dataclass

from repo_tool.models import Version
from repo_tool.repository import Repository

PART = 20_000  # characters of each text shown at once


@dataclass(frozen=True)
class TextPart:
    """One source's text ("text": the file's own, "ocr": read from scanned pages), cut to the
    part asked for; `chars` is its whole length."""

    source: str
    text: str
    chars: int


@dataclass(frozen=True)
class Reading:
    """What can be read of a version: its texts, which part of them this is, and why there is
    none when extraction could not read the file (the reason) or has not yet (pending)."""

    texts: tuple[TextPart, ...]
    part: int
    parts: int
    status: str  # "ok", "pending", or the extraction's status ("failed", "unsupported"...)
    reason: str | None


def reading(repo: Repository, version: Version, part: int = 1, size: int = PART) -> Reading:
    """The version's stored text and OCR text, part `part` (from 1) of each."""
    catalog = repo.catalog
    stored = catalog.texts.get(version.sha256)
    read = catalog.ocr.get(version.sha256)
    whole = [("text", stored.text if stored else ""),
             ("ocr", read.text if read is not None and read.status == "ok" else "")]
    whole = [(source, body) for source, body in whole if body.strip()]
    parts = max([1, *(-(-len(body) // size) for _source, body in whole)])
    part = min(max(part, 1), parts)
    start = (part - 1) * size
    texts = tuple(TextPart(source, body[start:start + size], len(body))
                  for source, body in whole)
    status = "pending" if stored is None else stored.status
    return Reading(texts, part, parts, status, stored.reason if stored else None)
