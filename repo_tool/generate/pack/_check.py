"""`pack --check`: does a pack still hold exactly what its SHA256SUMS and MANIFEST.csv say?

Every listed member is re-hashed while streaming; each problem is one line naming the file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
import zlib
from pathlib import Path

from repo_tool.errors import InvalidInput
from repo_tool.generate.pack._build import MANIFEST, SUMS
from repo_tool.humanize import deceiving, shown

_CHUNK = 1 << 20


def _hash_member(archive: zipfile.ZipFile, name: str) -> str:
    digest = hashlib.sha256()
    with archive.open(name) as source:
        while chunk := source.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _read_sums(archive: zipfile.ZipFile, problems: list[str]) -> dict[str, str]:
    sums: dict[str, str] = {}
    text = archive.read(SUMS).decode("utf-8")
    for number, line in enumerate(text.splitlines(), 1):
        digest, sep, name = line.partition("  ")
        if not sep or len(digest) != 64:
            problems.append(f"{SUMS} line {number}: not `<sha256>  <name>`")
            continue
        sums[name] = digest.lower()
    return sums


def _unsafe(name: str) -> str | None:
    """Why extracting an entry with this name could write outside the folder, or mislead."""
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return "an absolute path (it would be written wherever it names)"
    if ".." in parts:
        return "it climbs out with '..' (it would be written outside the folder)"
    if deceiving(name):
        return "control or bidirectional characters in the name"
    return None


def check_pack(path: Path) -> list[str]:
    """Every problem found in the pack at `path`, one line each (empty: the pack is sound)."""
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise InvalidInput(f"{path} does not exist") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise InvalidInput(f"{path} is not a readable zip file ({exc})") from None
    problems: list[str] = []
    with archive:
        names = set(archive.namelist())
        problems += [f"{shown(name)}: unsafe to extract: {why}" for name in sorted(names)
                     if (why := _unsafe(name)) is not None]
        for required in (SUMS, MANIFEST):
            if required not in names:
                problems.append(f"{required}: missing from the pack, so it cannot be checked")
        if problems:
            return problems
        sums = _read_sums(archive, problems)
        actual: dict[str, str] = {}
        for name in sorted(names - {SUMS}):
            if name.endswith("/"):
                continue
            if name not in sums:
                problems.append(f"{name}: in the zip but not in {SUMS}")
                continue
            try:
                actual[name] = _hash_member(archive, name)
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
                problems.append(f"{name}: cannot be read from the zip ({exc})")
                continue
            if actual[name] != sums[name]:
                problems.append(f"{name}: sha256 is {actual[name]}, {SUMS} says {sums[name]}")
        for name in sorted(set(sums) - names):
            problems.append(f"{name}: listed in {SUMS} but missing from the zip")
        text = archive.read(MANIFEST).decode("utf-8-sig")
        for row in csv.DictReader(io.StringIO(text)):
            name = row.get("path_in_pack", "")
            if name not in names:
                problems.append(f"{name}: listed in {MANIFEST} but missing from the zip")
            elif name in actual and actual[name] != row.get("sha256", "").lower():
                problems.append(f"{name}: sha256 is {actual[name]}, {MANIFEST} says "
                                f"{row.get('sha256')}")
    return problems
