"""Zip containers (.docx, .xlsx, .odt) opened only after a bomb check, and their XML parsed
only through defusedxml.

The check reads the central directory (bounded by the file size, which is capped before) and
refuses a container whose members add up to more than MAX_UNCOMPRESSED_BYTES, hold more than
MAX_MEMBERS entries, or one of which expands more than MAX_MEMBER_RATIO times. zipfile itself
never returns more bytes than a member's declared size (and fails the CRC if the data disagrees),
so the declared sizes checked here bound what a parser can be fed.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException  # type: ignore[import-untyped, unused-ignore]
from defusedxml.ElementTree import (  # type: ignore[import-untyped, unused-ignore]
    fromstring as _defused_fromstring,
)
from defusedxml.ElementTree import (  # type: ignore[import-untyped, unused-ignore]
    iterparse as _defused_iterparse,
)

from repo_tool.extract._types import (
    MAX_MEMBER_RATIO,
    MAX_MEMBERS,
    MAX_UNCOMPRESSED_BYTES,
    RATIO_CHECKED_FROM,
    Extraction,
    Status,
    failure,
)
from repo_tool.humanize import human_size

RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"


class ContainerError(Exception):
    """A container that cannot be read; `status` is "corrupt", "too-large" or "encrypted"."""

    def __init__(self, status: Status, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


XmlEvent = tuple[str, Element]
READ_ERRORS = (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError, zlib.error)
"""What reading a damaged member can raise: a bad CRC, a cut deflate stream, an unknown method."""


@contextmanager
def open_container(path: Path, kind: str) -> Iterator[zipfile.ZipFile]:
    """The zip at `path`, checked for bombs; ContainerError names what is wrong."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as error:
        raise ContainerError("corrupt", f"not a valid {kind} ({_zip_problem(path, error)})"
                             ) from error
    except (OSError, EOFError, ValueError) as error:  # a broken directory can raise any of these
        raise ContainerError("corrupt", f"not a valid {kind} ({error})") from error
    with archive:
        check_bomb(archive, kind)
        yield archive


def extract_container(path: Path, kind: str, extractor: str,
                      read: Callable[[zipfile.ZipFile, str], Extraction]) -> Extraction:
    """`read(archive, kind)` on the checked container at `path`; a container that cannot be
    opened becomes a failed Extraction with the reason."""
    try:
        with open_container(path, kind) as archive:
            return read(archive, kind)
    except ContainerError as error:
        return failure(error.status, error.reason, extractor)


def _zip_problem(path: Path, error: Exception) -> str:
    with path.open("rb") as stream:
        head = stream.read(4)
    if head.startswith(b"PK"):
        return f"zip is truncated or damaged: {error}"
    return f"the bytes are not a zip archive: {error}"


def check_bomb(archive: zipfile.ZipFile, kind: str) -> None:
    """Refuse a container that would expand beyond the limits (ContainerError "too-large")."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise ContainerError("too-large", f"{kind} holds {len(members):,} parts, more than the "
                                          f"limit of {MAX_MEMBERS:,} (possible zip bomb)")
    total = 0
    for member in members:
        total += member.file_size
        if total > MAX_UNCOMPRESSED_BYTES:
            raise ContainerError(
                "too-large", f"{kind} would expand to more than {human_size(total)} "
                             f"(limit {human_size(MAX_UNCOMPRESSED_BYTES)}; possible zip bomb)")
        if (member.file_size > RATIO_CHECKED_FROM
                and member.file_size > MAX_MEMBER_RATIO * max(member.compress_size, 1)):
            raise ContainerError(
                "too-large", f"{member.filename} in the {kind} expands from "
                             f"{human_size(member.compress_size)} to "
                             f"{human_size(member.file_size)}, more than {MAX_MEMBER_RATIO} "
                             f"times (possible zip bomb)")
    if any(member.flag_bits & 0x1 for member in members):
        raise ContainerError("encrypted", f"{kind} has encrypted parts: needs a password")


def read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    """A member's bytes (its size is bounded by check_bomb); ContainerError if unreadable."""
    try:
        return archive.read(name)
    except READ_ERRORS as error:
        raise ContainerError("corrupt", f"cannot read {name}: {error}") from error


def open_member(archive: zipfile.ZipFile, name: str) -> IO[bytes]:
    """A member as a stream, for iterparse."""
    try:
        return archive.open(name)
    except READ_ERRORS as error:
        raise ContainerError("corrupt", f"cannot read {name}: {error}") from error


def parse_xml(data: bytes, part: str) -> Element:
    """A whole XML part as a tree, parsed by defusedxml; ContainerError if malformed."""
    try:
        root: Element = _defused_fromstring(data)
    except (DefusedXmlException, ParseError) as error:
        raise part_error(part, error) or error from error
    return root


def iterparse_xml(stream: IO[bytes]) -> Iterator[XmlEvent]:
    """("start"|"end", element) events of an XML stream, parsed by defusedxml.

    Raises ParseError or DefusedXmlException; callers decide whether to recover.
    """
    events: Iterator[XmlEvent] = _defused_iterparse(stream, events=("start", "end"))
    return events


def part_error(part: str, error: Exception) -> ContainerError | None:
    """The ContainerError for an error met while parsing a part, or None if it is a bug.

    defusedxml's refusals are ValueErrors too, so they are told apart first.
    """
    if isinstance(error, DefusedXmlException):
        return ContainerError("corrupt", f"{part} uses forbidden XML constructs ({error!r}); "
                                         f"refused as a possible XML bomb")
    if isinstance(error, ParseError):
        return ContainerError("corrupt", f"malformed XML in {part}: {error}")
    if isinstance(error, READ_ERRORS):
        return ContainerError("corrupt", f"cannot read {part}: {error}")
    return None


def relationships(archive: zipfile.ZipFile, part: str) -> list[tuple[str, str, str]]:
    """(id, type, target part name) of each internal relationship of `part` ("" for the
    package), in document order."""
    folder, base = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", f"{base}.rels")
    if rels_name not in member_names(archive):
        return []
    root = parse_xml(read_member(archive, rels_name), rels_name)
    found = []
    for rel in root:
        if local(rel.tag) != "Relationship" or rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        name = (target.lstrip("/") if target.startswith("/")
                else posixpath.normpath(posixpath.join(folder, target)))
        found.append((rel.get("Id", ""), rel.get("Type", ""), name))
    return found


def main_part(archive: zipfile.ZipFile, content_type_suffix: str, fallback: str) -> str | None:
    """The package's main part: from _rels/.rels, else [Content_Types].xml, else `fallback`."""
    names = member_names(archive)
    for _, rel_type, target in relationships(archive, ""):
        if rel_type.endswith("/officeDocument") and target in names:
            return target
    if "[Content_Types].xml" in names:
        types = parse_xml(read_member(archive, "[Content_Types].xml"), "[Content_Types].xml")
        for override in types:
            name = override.get("PartName", "").lstrip("/")
            if override.get("ContentType", "").endswith(content_type_suffix) and name in names:
                return name
    return fallback if fallback in names else None


def member_names(archive: zipfile.ZipFile) -> set[str]:
    """The names of the container's members."""
    return set(archive.namelist())


def local(tag: str) -> str:
    """An element's name without its namespace."""
    return tag.rsplit("}", 1)[-1]
