"""The result type every extractor returns, the limits they share, and text clean-up."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from repo_tool.extract._title import first_short_line

Status = Literal["ok", "empty", "no-text", "encrypted", "corrupt", "unsupported", "too-large",
                 "timeout", "failed"]

MB = 1024 * 1024
MAX_FILE_BYTES = 200 * MB
"""A file larger than this is not opened at all (status "too-large")."""
MAX_UNCOMPRESSED_BYTES = 200 * MB
"""A zip container whose members add up to more than this is refused as a possible bomb."""
MAX_MEMBER_RATIO = 100
"""A zip member over RATIO_CHECKED_FROM bytes that expands more than this many times is refused."""
RATIO_CHECKED_FROM = 1 * MB
MAX_MEMBERS = 10_000


@dataclass(frozen=True)
class Extraction:
    """The text of one file, or why there is none.

    `text` is "" unless `status` is "ok"; it holds one paragraph, table cell, heading or PDF
    line per line, so two versions can be compared paragraph by paragraph. `reason` says, for
    people, why the status is not "ok" (and may carry a note on an "ok" result, such as pages
    without a text layer). `extractor` names what read the file ("pdfium", "docx-xml",
    "plain-big5hkscs", ...), or what recognised it when nothing could be read.
    """

    status: Status
    text: str
    reason: str | None
    extractor: str
    pages: int | None = None
    scanned_pages: int = 0  # pages without a text layer (a scanned PDF, or some of its pages)
    title: str | None = None  # the declared title, first heading or first short line (_title.py)

    @property
    def needs_ocr(self) -> bool:
        """Whether OCR has something to read: no text layer at all, or on some pages only."""
        return self.status == "no-text" or self.scanned_pages > 0


def failure(status: Status, reason: str, extractor: str, pages: int | None = None,
            scanned_pages: int = 0) -> Extraction:
    """An Extraction with no text."""
    return Extraction(status, "", reason, extractor, pages, scanned_pages)


# Control characters other than tab; PDF text layers are full of them (\x02 for a hyphen at
# a line end, \x00 padding) and they mean nothing to a reader or a search.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")
_VERTICAL = re.compile(r"[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")


def one_line(text: str) -> str:
    """A paragraph's text with any line break inside it turned into a space."""
    return _VERTICAL.sub(" ", text)


def join_lines(lines: Iterable[str]) -> str:
    """Lines cleaned of control characters and outer whitespace, blank ones dropped, NFC."""
    kept = (_CONTROL.sub("", line).strip() for line in lines)
    return unicodedata.normalize("NFC", "\n".join(line for line in kept if line))


def split_lines(text: str) -> list[str]:
    """Text cut at every kind of line break (CR LF, CR, LF, form feed, U+2028...)."""
    return _VERTICAL.split(text)


def text_result(lines: Iterable[str], extractor: str, empty_reason: str,
                pages: int | None = None, note: str | None = None) -> Extraction:
    """"ok" with the joined lines (titled by the first short one), or "empty" with
    `empty_reason` when no text is left."""
    text = join_lines(lines)
    if not text:
        return failure("empty", empty_reason, extractor, pages)
    return Extraction("ok", text, note, extractor, pages,
                      title=first_short_line(text.split("\n", 8)[:8]))
