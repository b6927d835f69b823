"""CSV files as Excel saves them on a Hong Kong PC.

"CSV UTF-8" comes with a byte-order mark; plain "CSV" is in the Windows code page, which is
Big5 on a Traditional Chinese Windows (read as Big5-HKSCS, its superset with the Hong Kong
characters). Rosters, statistics returns and signed attendance sheets all arrive this way.
"""

from __future__ import annotations

import csv
import io

from repo_tool.errors import InvalidInput, RepoError

ADVICE = "neither UTF-8 nor Big5 text; save it from Excel as 'CSV UTF-8'"


def decode_csv(data: bytes) -> str | None:
    """The text of a CSV file's bytes, or None when it is neither UTF-8 nor Big5."""
    for encoding in ("utf-8-sig", "big5hkscs"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def check_csv(text: str, name: str, error: type[RepoError] = InvalidInput) -> None:
    """Refuse, in one line, text that Python's CSV reader cannot read through (a field over
    its 128 KB limit, a NUL byte), so that the callers' own readers never meet the error."""
    try:
        for _ in csv.reader(io.StringIO(text)):
            pass
    except csv.Error as exc:
        raise error(f"{name}: not a table Excel would write ({_reason(exc)})") from None


def _reason(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return f"a cell holds more than {csv.field_size_limit() // 1024} KB of text"
    return text
