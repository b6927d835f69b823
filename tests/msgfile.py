"""A small writer of Outlook .msg files, for tests: no maintained Python package writes them.

A .msg is a compound file (MS-CFB, version 3: 512-byte sectors, streams under 4,096 bytes in
64-byte mini sectors) holding the message's properties as MS-OXMSG lays them out: string
properties in `__substg1.0_TTTTTTTT` streams (UTF-16LE, type 001F), fixed ones in the
`__properties_version1.0` stream, and each attachment in an `__attach_version1.0_#N` storage.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass, field

SECTOR, MINI, CUTOFF = 512, 64, 4096
FREE, END, FAT_SECTOR, NONE = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


@dataclass
class _Entry:
    name: str
    data: bytes | None = None  # None for a storage
    kids: list[_Entry] = field(default_factory=list)
    start: int = END
    index: int = 0
    right: int = NONE  # the next sibling: a degenerate, all-black tree that readers walk


def _string_stream(prop: int, text: str, codepage: str | None = None) -> _Entry:
    if codepage is None:
        return _Entry(f"__substg1.0_{prop:04X}001F", text.encode("utf-16-le"))
    return _Entry(f"__substg1.0_{prop:04X}001E", text.encode(codepage) + b"\0")


def _properties(header: bytes, fixed: list[tuple[int, int]], strings: dict[int, str],
                string_type: int = 0x001F) -> bytes:
    """The properties stream: its header, then a 16-byte entry per property."""
    rows = [struct.pack("<IIQ", (prop << 16) | 0x0003, 6, value) for prop, value in fixed]
    rows += [struct.pack("<IIII", (prop << 16) | string_type, 6, len(text.encode("utf-16-le"))
                         + 2, 0) for prop, text in strings.items()]
    return header + b"".join(rows)


@dataclass(frozen=True)
class Message:
    """A message to write, alone or embedded in another as an attachment."""

    subject: str
    sender: str
    to: str
    body: str
    attachments: Sequence[tuple[str, bytes | Message]] = ()
    codepage: int | None = None  # write 8-bit strings in this Windows code page (950: Big5)


def _message(message: Message, header_size: int) -> list[_Entry]:
    """The streams and storages of a message (MS-OXMSG), at the top or embedded."""
    encoding = None if message.codepage is None else f"cp{message.codepage}"
    strings = {0x001A: "IPM.Note", 0x0037: message.subject, 0x0C1A: message.sender,
               0x0E04: message.to, 0x1000: message.body}
    entries = [_string_stream(prop, text, encoding) for prop, text in strings.items()]
    count = len(message.attachments)
    header = struct.pack("<8sIIII", b"", count, count, count, count).ljust(header_size, b"\0")
    fixed = [] if message.codepage is None else [(0x3FFD, message.codepage)]
    entries.append(_Entry("__properties_version1.0", _properties(
        header, fixed, strings, 0x001F if encoding is None else 0x001E)))
    for number, (name, data) in enumerate(message.attachments):
        names = {0x3707: name, 0x3704: name[:8]}
        storage = _Entry(f"__attach_version1.0_#{number:08X}")
        storage.kids += [_string_stream(prop, text) for prop, text in names.items()]
        if isinstance(data, Message):
            storage.kids.append(_Entry("__substg1.0_3701000D", None, _message(data, 24)))
            method = 5  # ATTACH_EMBEDDED_MSG
        else:
            storage.kids.append(_Entry("__substg1.0_37010102", data))
            method = 1  # ATTACH_BY_VALUE
        storage.kids.append(_Entry("__properties_version1.0", _properties(
            b"\0" * 8, [(0x3705, method), (0x0E21, number)], names)))
        entries.append(storage)
    return entries


def msg_bytes(subject: str, sender: str, to: str, body: str,
              attachments: Sequence[tuple[str, bytes | Message]] = (),
              codepage: int | None = None) -> bytes:
    """An Outlook message (IPM.Note) with its string properties (Unicode, or 8-bit in
    `codepage`) and attachments (files, or messages embedded whole)."""
    root = _Entry("Root Entry")
    root.kids.append(_Entry("__nameid_version1.0", None, [
        _Entry("__substg1.0_00020102", b""), _Entry("__substg1.0_00030102", b""),
        _Entry("__substg1.0_00040102", b"")]))
    root.kids += _message(Message(subject, sender, to, body, attachments, codepage), 32)
    return _compound(root)


def _flatten(entry: _Entry, out: list[_Entry]) -> None:
    entry.index = len(out)
    out.append(entry)
    entry.kids.sort(key=lambda kid: (len(kid.name), kid.name.upper()))
    for kid in entry.kids:
        _flatten(kid, out)
    for kid, following in zip(entry.kids, entry.kids[1:], strict=False):
        kid.right = following.index


def _compound(root: _Entry) -> bytes:
    entries: list[_Entry] = []
    _flatten(root, entries)
    streams = [entry for entry in entries if entry.data is not None]
    mini = bytearray()
    minifat: list[int] = []
    for entry in streams:
        assert entry.data is not None
        if len(entry.data) < CUTOFF:
            count = max(1, -(-len(entry.data) // MINI)) if entry.data else 0
            entry.start = len(minifat) if count else END
            minifat += [len(minifat) + i + 1 for i in range(count - 1)] + ([END] if count else [])
            mini += entry.data.ljust(count * MINI, b"\0")
    sectors: list[bytes] = []
    fat: list[int] = []

    def put(data: bytes) -> int:
        count = max(1, -(-len(data) // SECTOR))
        first = len(sectors)
        for i in range(count):
            sectors.append(data[i * SECTOR:(i + 1) * SECTOR].ljust(SECTOR, b"\0"))
            fat.append(first + i + 1 if i < count - 1 else END)
        return first

    for entry in streams:
        assert entry.data is not None
        if len(entry.data) >= CUTOFF:
            entry.start = put(entry.data)
    root.start = put(bytes(mini)) if mini else END
    minifat_start = put(b"".join(struct.pack("<I", v) for v in minifat)) if minifat else END
    minifat_sectors = -(-len(minifat) * 4 // SECTOR)
    directory = b"".join(_dir_entry(entry, len(mini)) for entry in entries)
    directory_start = put(directory)
    fat_count = 1
    while (len(sectors) + fat_count) * 4 > fat_count * SECTOR:
        fat_count += 1
    fat_first = len(sectors)
    fat += [FAT_SECTOR] * fat_count
    table = b"".join(struct.pack("<I", v) for v in fat).ljust(fat_count * SECTOR, b"\xff")
    sectors += [table[i * SECTOR:(i + 1) * SECTOR] for i in range(fat_count)]
    difat = [fat_first + i for i in range(fat_count)] + [FREE] * (109 - fat_count)
    head = struct.pack("<8s16sHHHHH6sIIIIIIIII", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
                       b"\0" * 16, 0x3E, 3, 0xFFFE, 9, 6, b"\0" * 6, 0, fat_count,
                       directory_start, 0, CUTOFF, minifat_start, minifat_sectors, END, 0)
    head += b"".join(struct.pack("<I", v) for v in difat)
    return head + b"".join(sectors)


def _dir_entry(entry: _Entry, mini_size: int) -> bytes:
    name = entry.name.encode("utf-16-le") + b"\0\0"
    kind = 5 if entry.name == "Root Entry" else (1 if entry.data is None else 2)
    size = mini_size if kind == 5 else len(entry.data or b"")
    child = entry.kids[0].index if entry.kids else NONE
    return (name.ljust(64, b"\0") + struct.pack("<HBBIII", len(name), kind, 1, NONE,
                                                 entry.right, child)
            + b"\0" * 16 + b"\0" * 4 + b"\0" * 16 + struct.pack("<IQ", entry.start, size))

