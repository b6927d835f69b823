"""How values read for people, and how people's dates are read: one rule for each.

Sizes are 1024-based with the units Windows Explorer shows (KB, MB, GB), because that is where
the office sees its files; dates are `YYYY-MM-DD`; stored times are UTC and shown in the local
time zone; terminal columns are counted by display width, since a Chinese character takes two.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from functools import lru_cache

from repo_tool.errors import InvalidInput

_KB = 1024
_MB = _KB * 1024
_GB = _MB * 1024
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Characters that change what a terminal or a reader sees: control characters (a CR can hide
# the start of a line, BEL rings, ESC starts a terminal command) and the bidirectional
# overrides and isolates (U+202E shows `evil\u202etxt.exe` as `evilexe.txt`).
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_DECEIVING = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def human_size(size: int) -> str:
    """Bytes as people read them: `12 bytes`, `12 KB`, `3.4 MB`, `200 MB`, `1.0 GB`."""
    if size >= _GB:
        return f"{size / _GB:.1f} GB"
    if size >= 10 * _MB:
        return f"{size / _MB:.0f} MB"
    if size >= _MB:
        return f"{size / _MB:.1f} MB"
    if size >= _KB:
        return f"{size / _KB:.0f} KB"
    return f"{size} byte" if size == 1 else f"{size} bytes"


def parse_day(text: str, what: str = "date") -> date:
    """A `YYYY-MM-DD` date given by a person; anything else is one clear error naming `what`."""
    value = text.strip()
    if _ISO_DAY.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidInput(f"'{text}' is not a valid {what}; write it as YYYY-MM-DD, "
                       "e.g. 2024-03-28")


def local_midnight(day: date) -> datetime:
    """The start of `day` in the local time zone (for `--since` filters on stored times)."""
    return datetime(day.year, day.month, day.day).astimezone()


def day_text(value: date | None) -> str:
    """A date as `YYYY-MM-DD`, or a dash when there is none."""
    return value.isoformat() if value else "—"


def local_time(stamp: str) -> str:
    """A stored UTC time such as `2026-11-23T11:27:15+00:00`, as local `2026-11-23 19:27`."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


def mtime_text(mtime_ns: int) -> str:
    """A file modification time as local `YYYY-MM-DD HH:MM`."""
    return datetime.fromtimestamp(mtime_ns / 1e9).strftime("%Y-%m-%d %H:%M")


def display_width(text: str) -> int:
    """Columns `text` takes in a terminal (wide East Asian characters take two)."""
    return len(text) if text.isascii() else _wide_width(text)


@lru_cache(maxsize=4096)
def _wide_width(text: str) -> int:
    # A table repeats its names and paths row after row (status: 16 SQS names for each unit).
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def pad(text: str, columns: int) -> str:
    """`text` cut to `columns` display columns (with …) and padded to exactly that many."""
    if display_width(text) > columns:
        out = ""
        for char in text:
            if display_width(out + char) > columns - 1:
                break
            out += char
        text = out + "…"
    return text + " " * (columns - display_width(text))


def shown(text: str) -> str:
    """`text` safe to print for people: control and bidirectional characters written as
    escapes (`\\n`, `\\x07`, `\\u202e`), so a file name cannot forge what a line says."""
    return _DECEIVING.sub(_escape, text)


def deceiving(text: str) -> bool:
    """Whether `text` holds a control or bidirectional character (see `shown`)."""
    return _DECEIVING.search(text) is not None


def shown_bidi(text: str) -> str:
    """`text` with only its bidirectional controls escaped (for HTML, where line breaks and
    other control characters cannot move text around)."""
    return _BIDI.sub(_escape, text)


def _escape(found: re.Match[str]) -> str:
    """A character as Python writes it in a string: `\\n`, `\\x07`, `\\u202e`."""
    return found.group().encode("unicode_escape").decode("ascii")
