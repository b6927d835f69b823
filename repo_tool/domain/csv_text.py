"""CSV files as Excel saves them on a Hong Kong PC.

"CSV UTF-8" comes with a byte-order mark; plain "CSV" is in the Windows code page, which is
Big5 on a Traditional Chinese Windows (read as Big5-HKSCS, its superset with the Hong Kong
characters). Rosters, statistics returns and signed attendance sheets all arrive this way.
"""

from __future__ import annotations

ADVICE = "neither UTF-8 nor Big5 text; save it from Excel as 'CSV UTF-8'"


def decode_csv(data: bytes) -> str | None:
    """The text of a CSV file's bytes, or None when it is neither UTF-8 nor Big5."""
    for encoding in ("utf-8-sig", "big5hkscs"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None
