"""Checking a Tantivy index's own checksums, which a search does not read.

Every segment file Tantivy writes ends with a footer: a JSON object holding the CRC32 of the
bytes before it, its length (u32, little-endian) and the magic number 1337. A flipped byte in
a `.pos` or `.store` file can leave searches working but wrong, so `verify` recomputes each
CRC; this module knows the file format and nothing else (no import of tantivy).
"""

from __future__ import annotations

import json
import re
import struct
import zlib
from pathlib import Path

_MAGIC = 1337
_SEGMENT_FILE = re.compile(r"^[0-9a-f]{32}(\.\d+)?\.[a-z]+$")
_CHUNK = 1 << 20


def tantivy_damage(folder: Path) -> list[str]:
    """The segment files in `folder` whose footer is unreadable or whose CRC32 does not hold."""
    damaged = []
    for path in sorted(folder.iterdir()):
        if _SEGMENT_FILE.match(path.name) and path.is_file() and not _sound(path):
            damaged.append(path.name)
    return damaged


def _sound(path: Path) -> bool:
    with path.open("rb") as source:
        size = source.seek(0, 2)
        if size < 8:
            return False
        source.seek(size - 8)
        length, magic = struct.unpack("<II", source.read(8))
        if magic != _MAGIC or length > size - 8:
            return False
        body = size - 8 - length
        source.seek(body)
        try:
            footer = json.loads(source.read(length))
        except ValueError:
            return False
        expected = footer.get("crc") if isinstance(footer, dict) else None
        source.seek(0)
        crc, left = 0, body
        while left:
            chunk = source.read(min(_CHUNK, left))
            if not chunk:
                return False
            crc, left = zlib.crc32(chunk, crc), left - len(chunk)
        return crc == expected
