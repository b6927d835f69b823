"""Outlook .msg messages read with olefile (MS-OXMSG), no other library.

A .msg is a compound file: each string property of the message is a stream named
`__substg1.0_PPPPTTTT` (property id, then type: `001F` UTF-16LE, `001E` 8-bit text in the
message's code page, `0102` bytes); fixed-size properties (dates, the code page) are 16-byte
rows of `__properties_version1.0`; each attachment is a storage `__attach_version1.0_#N` holding
its name and bytes (`3701 0102`), or a whole embedded message (`3701 000D`, a storage laid out
like the message itself). Read here: subject, sender, to, cc, the date sent, the plain body
(else the HTML body as text), and the attachments (their text through `_mail`).

Why not extract-msg: it is licensed GPL-3.0, which an MIT tool cannot depend on, and needs six
further packages; the properties read here are a few dozen lines on top of olefile.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from repo_tool.extract._html import charset_name, html_lines
from repo_tool.extract._ole import OleError, read_stream
from repo_tool.extract._types import split_lines

SUBJECT, SENDER_NAME, SENDER_ADDRESS, DISPLAY_TO, DISPLAY_CC = 0x0037, 0x0C1A, 0x0C1F, 0x0E04, \
    0x0E03
BODY, HTML = 0x1000, 0x1013
SUBMIT_TIME, DELIVERY_TIME = 0x0039, 0x0E06
MESSAGE_CODEPAGE, INTERNET_CPID = 0x3FFD, 0x3FDE
ATTACH_DATA, ATTACH_LONG_NAME, ATTACH_NAME, ATTACH_DISPLAY = 0x3701, 0x3707, 0x3704, 0x3001
_PROPERTIES = "__properties_version1.0"
_ATTACHMENT = "__attach_version1.0_#"
_FILETIME_EPOCH = datetime(1601, 1, 1, tzinfo=UTC)
_TOP_HEADER, _EMBEDDED_HEADER, _ATTACHMENT_HEADER = 32, 24, 8


@dataclass(frozen=True)
class MsgAttachment:
    """One attachment: a file's name and bytes, or an embedded message's lines."""

    name: str
    data: bytes
    message: tuple[str, ...] | None = None  # the lines of an embedded message


class _Storage:
    """One message (or attachment) inside the compound file: its streams under `prefix`."""

    def __init__(self, ole: Any, prefix: tuple[str, ...], header: int) -> None:
        self.ole, self.prefix, self.header = ole, prefix, header
        self._fixed: dict[int, bytes] | None = None

    def path(self, name: str) -> str:
        return "/".join((*self.prefix, name))

    def raw(self, prop: int, kind: int) -> bytes | None:
        name = self.path(f"__substg1.0_{prop:04X}{kind:04X}")
        return read_stream(self.ole, name) if self.ole.exists(name) else None

    def fixed(self, prop: int) -> bytes | None:
        """The 8-byte value of a fixed-size property from the properties stream."""
        if self._fixed is None:
            self._fixed = {}
            name = self.path(_PROPERTIES)
            data = read_stream(self.ole, name) if self.ole.exists(name) else b""
            for start in range(self.header, len(data) - 15, 16):
                tag, _flags, value = struct.unpack_from("<II8s", data, start)
                self._fixed[tag >> 16] = value
        return self._fixed.get(prop)

    def codepage(self) -> str:
        for prop in (MESSAGE_CODEPAGE, INTERNET_CPID):
            value = self.fixed(prop)
            if value is not None:
                number = struct.unpack_from("<I", value)[0]
                found = {65001: "utf-8", 1200: "utf-16-le", 950: "big5hkscs",
                         936: "gb18030"}.get(number, f"cp{number}")
                try:
                    "".encode(found)
                except LookupError:
                    continue
                return found
        return "cp1252"

    def text(self, prop: int) -> str:
        """A string property, whichever of the two string types it was written as."""
        wide = self.raw(prop, 0x001F)
        if wide is not None:
            return wide.decode("utf-16-le", errors="replace").rstrip("\0")
        narrow = self.raw(prop, 0x001E)
        if narrow is not None:
            return narrow.decode(self.codepage(), errors="replace").rstrip("\0")
        return ""

    def sent(self) -> str:
        for prop in (SUBMIT_TIME, DELIVERY_TIME):
            value = self.fixed(prop)
            if value:
                ticks = struct.unpack("<Q", value)[0]
                if 0 < ticks < 2**62:
                    when = _FILETIME_EPOCH + timedelta(microseconds=ticks // 10)
                    return when.strftime("%Y-%m-%d %H:%M UTC")
        return ""

    def children(self, start: str) -> list[str]:
        """The names of the storages right under this one that start with `start`."""
        depth = len(self.prefix)
        found = {entry[depth] for entry in self.ole.listdir(streams=False, storages=True)
                 if len(entry) == depth + 1 and tuple(entry[:depth]) == self.prefix
                 and entry[depth].startswith(start)}
        return sorted(found)


def msg_lines(ole: Any, limit: int) -> tuple[list[str], str, list[MsgAttachment]]:
    """The message's lines (headers, blank line, body), its subject and its attachments;
    `limit` bounds the attachments read."""
    return _message(_Storage(ole, (), _TOP_HEADER), limit, depth=0)


def _message(store: _Storage, limit: int, depth: int
             ) -> tuple[list[str], str, list[MsgAttachment]]:
    subject = store.text(SUBJECT)
    sender = store.text(SENDER_NAME)
    address = store.text(SENDER_ADDRESS)
    if address and address not in sender:
        sender = f"{sender} <{address}>" if sender else address
    lines = [f"{label}: {' '.join(value.split())}" for label, value in (
        ("Subject", subject), ("From", sender), ("To", store.text(DISPLAY_TO)),
        ("Cc", store.text(DISPLAY_CC)), ("Date", store.sent())) if value.strip()]
    lines.append("")
    body = store.text(BODY)
    if body.strip():
        lines += split_lines(body)
    else:
        markup = store.raw(HTML, 0x0102)
        if markup:
            encoding = charset_name(store.codepage()) or store.codepage()
            lines += html_lines(markup.decode(encoding, errors="replace"))[0]
    attachments = []
    for name in store.children(_ATTACHMENT)[:limit]:
        attachments.append(_attachment(_Storage(store.ole, (*store.prefix, name),
                                                _ATTACHMENT_HEADER), limit, depth))
    return lines, subject, attachments


def _attachment(store: _Storage, limit: int, depth: int) -> MsgAttachment:
    name = (store.text(ATTACH_LONG_NAME) or store.text(ATTACH_NAME)
            or store.text(ATTACH_DISPLAY) or "attachment")
    embedded = f"__substg1.0_{ATTACH_DATA:04X}000D"
    if store.ole.exists(store.path(embedded)) and depth < 2:
        inner = _Storage(store.ole, (*store.prefix, embedded), _EMBEDDED_HEADER)
        lines, _, nested = _message(inner, limit, depth + 1)
        lines += [f"Attachment: {item.name}" for item in nested]
        return MsgAttachment(name, b"", tuple(lines))
    return MsgAttachment(name, store.raw(ATTACH_DATA, 0x0102) or b"")


def guarded(read: Callable[[], Any]) -> Any:
    """Run `read`; a damaged stream or directory becomes OleError."""
    try:
        return read()
    except OleError:
        raise
    except Exception as error:  # olefile meets damage with many exception types
        raise OleError(f"{type(error).__name__}: {error}") from error
