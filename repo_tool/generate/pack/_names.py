"""Names inside a pack that every Windows PC can extract: no forbidden characters, no reserved
device names, no duplicates, and whole paths short enough for Explorer (under ~200 characters).
"""

from __future__ import annotations

import hashlib

from repo_tool.ingest.names import windows_name
from repo_tool.sqs import Standard

MAX_PATH = 200


def clean(name: str) -> str:
    """`name` with the characters Windows forbids replaced and trailing dots/spaces removed."""
    return windows_name(name)


def sqs_folder(std: Standard) -> str:
    """`SQS-14 私隱和保密 Privacy and confidentiality`."""
    return clean(f"SQS-{std.number:02d} {std.name_zh} {std.name_en}")


def _split(name: str) -> tuple[str, str]:
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or len(ext) > 8:
        return name, ""
    return stem, "." + ext


def shorten(folder: str, name: str, key: str) -> str:
    """`name` cut so that `folder/name` fits MAX_PATH, keeping the extension.

    A cut name ends in `~` and 8 hex digits of `key` (the source path), so it is deterministic
    and two long names that share a beginning stay apart.
    """
    room = MAX_PATH - len(folder) - 1
    if len(name) <= room:
        return name
    stem, ext = _split(name)
    tag = "~" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]
    keep = max(room - len(ext) - len(tag), 1)
    return stem[:keep].rstrip(". ") + tag + ext


class NamePicker:
    """Hands out unique member names (compared case-insensitively, as Windows does)."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def pick(self, folder: str, filename: str, key: str) -> str:
        """A unique `folder/name` for a document whose source path is `key`."""
        name = shorten(folder, clean(filename), key)
        candidate, n = name, 1
        while f"{folder}/{candidate}".casefold() in self._taken:
            n += 1
            stem, ext = _split(name)
            candidate = shorten(folder, f"{stem} ({n}){ext}", f"{key}#{n}")
        path = f"{folder}/{candidate}"
        self._taken.add(path.casefold())
        return path
