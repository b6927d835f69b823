"""Old Office compound files (OLE2): which kind a file is, its streams and its declared title.

olefile reads the compound file's directory and streams; it never runs anything and bounds what
it reads by the file, whose size is capped before. A file olefile cannot open is damaged.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from repo_tool.extract._title import clean_title

# The root streams that say what a compound file holds, in the order they are looked for.
_KINDS = (("EncryptionInfo", "encrypted"), ("WordDocument", "doc"), ("Workbook", "xls"),
          ("Book", "xls"), ("PowerPoint Document", "ppt"), ("__properties_version1.0", "msg"))
MAX_STREAM_BYTES = 200 * 1024 * 1024


class OleError(Exception):
    """A compound file that cannot be read (its directory or a stream is damaged)."""


@contextlib.contextmanager
def open_ole(path: Path) -> Iterator[Any]:
    """The compound file at `path` (an olefile.OleFileIO); OleError if it cannot be opened."""
    import olefile  # type: ignore[import-untyped, unused-ignore]

    logging.getLogger("olefile").setLevel(logging.CRITICAL)  # it logs every oddity it meets
    try:
        ole = olefile.OleFileIO(str(path))
    except Exception as error:  # olefile raises OSError, struct.error, IndexError...
        raise OleError(str(error) or type(error).__name__) from error
    try:
        yield ole
    finally:
        ole.close()


def ole_kind(ole: Any) -> str:
    """"encrypted", "doc", "xls", "ppt", "msg" or "unknown", from the root's streams."""
    roots = {entry[0] for entry in ole.listdir(streams=True, storages=True) if len(entry) == 1}
    for stream, kind in _KINDS:
        if stream in roots:
            return kind
    return "unknown"


def read_stream(ole: Any, name: str) -> bytes:
    """A stream's bytes; OleError if it is missing or damaged."""
    try:
        if not ole.exists(name):
            raise OleError(f"the {name} stream is missing")
        if ole.get_size(name) > MAX_STREAM_BYTES:
            raise OleError(f"the {name} stream is larger than the file could hold")
        data: bytes = ole.openstream(name).read()
    except OleError:
        raise
    except Exception as error:
        raise OleError(f"cannot read the {name} stream: {error}") from error
    return data


def ole_title(ole: Any) -> str | None:
    """The title of the SummaryInformation property set, decoded with its code page."""
    try:
        meta = ole.get_metadata()
    except Exception:  # a title is a nicety: a damaged property set never fails the text
        return None
    title = meta.title
    if isinstance(title, bytes):
        # a signed 16-bit field: UTF-8 (65001) reads as -535
        codepage = meta.codepage & 0xFFFF if isinstance(meta.codepage, int) else 1252
        encoding = {1200: "utf-16-le", 65001: "utf-8"}.get(codepage, f"cp{codepage}")
        try:
            title = title.decode(encoding, errors="replace")
        except LookupError:
            title = title.decode("cp1252", errors="replace")
    return clean_title(title) if isinstance(title, str) else None
