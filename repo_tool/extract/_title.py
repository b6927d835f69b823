"""A document's title, as a search hit shows it above the path.

In order: the title the file itself declares (Word's core property, a PDF's Title metadata),
else its first heading (Word's Title or Heading styles), else its first short line of text.
None when there is nothing; the caller then shows the file name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MAX_TITLE = 120
"""A title longer than this is cut (with an ellipsis): a hit's title is one line."""
SHORT_LINE = 80
"""The first line of text is a title only when it is at most this long."""

_SPACE = re.compile(r"\s+")
# What Word's PDF export and old templates leave in the title property.
_PREFIX = re.compile(r"^microsoft (?:word|excel|powerpoint) - ", re.IGNORECASE)
_EXTENSION = re.compile(r"\.(?:docx?|dotx?|docm|xlsx?|pdf|odt|txt)$", re.IGNORECASE)
_FILE_NAME = re.compile(r"^(\S+)\.[A-Za-z][A-Za-z0-9]{1,7}$")  # `IBM-PDFs.graffle`
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ufeff]")
_PLACEHOLDERS = frozenset({"untitled", "title", "document", "about:blank", "無標題", "无标题"})


def clean_title(value: str | None) -> str | None:
    """A declared title made fit to show, or None if it says nothing."""
    if not value:
        return None
    text = _SPACE.sub(" ", _CONTROL.sub(" ", value)).strip()
    text = _EXTENSION.sub("", _PREFIX.sub("", text)).strip()
    text = _FILE_NAME.sub(r"\1", text)
    if not any(char.isalpha() for char in text) or text.casefold() in _PLACEHOLDERS:
        return None
    return text if len(text) <= MAX_TITLE else text[:MAX_TITLE - 1].rstrip() + "…"


def first_short_line(lines: Iterable[str]) -> str | None:
    """The first line of text short enough to be a title, holding a letter or a character."""
    for line in lines:
        text = _SPACE.sub(" ", line).strip()
        if not text:
            continue
        if len(text) <= SHORT_LINE and any(char.isalpha() for char in text):
            return text
        return None  # a long first paragraph is no title; later lines are body text
    return None
