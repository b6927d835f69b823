"""File names every Windows PC can hold: no forbidden characters, no reserved device names,
no trailing dots or spaces. The evidence pack names its members with these rules, and a file
added from the browser is named with them before it is written into the repository.
"""

from __future__ import annotations

import re
import unicodedata

FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
            *(f"LPT{i}" for i in range(1, 10))}


def windows_name(name: str) -> str:
    """`name` with the characters Windows forbids replaced and trailing dots/spaces removed."""
    name = FORBIDDEN.sub("_", unicodedata.normalize("NFC", name)).rstrip(". ").strip()
    if not name:
        name = "_"
    if name.split(".")[0].upper() in RESERVED:
        name = "_" + name
    return name
