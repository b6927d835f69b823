"""Walking the repository's folders: which files are documents, and where each one belongs.

Only regular files are documents: symlinks, FIFOs and devices are reported, never followed or
read. Office lock and temp files, hidden names and repo.yaml's ignore globs never become
documents. Paths are stored NFC, '/'-separated and relative to the repository root.
"""

from __future__ import annotations

import fnmatch
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from repo_tool.config import Config
from repo_tool.models import KIND_FOLDERS, Kind
from repo_tool.repository import first_link
from repo_tool.sqs import numbers_in_path

# Files that editors and operating systems leave beside documents (docs/architecture.md,
# "Files becoming versions").
OFFICE_TEMP_PATTERNS = ("~$*", ".~lock.*#", "~wrd*.tmp", "*.tmp", ".ds_store", "thumbs.db",
                        "desktop.ini")


@dataclass(frozen=True, slots=True)  # a first scan holds one per new file
class FileEntry:
    """A regular file found on disk."""

    path: str          # NFC, relative, '/'-separated: the document's name in the catalog
    disk: str          # where it is on disk (the name as the file system spells it)
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Skipped:
    """A file that was not recorded, with the reason in words."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class Place:
    """Where a document belongs: its unit, its kind and the SQS numbers its path names."""

    unit: str
    kind: Kind
    sqs: tuple[int, ...]


NOT_UTF8 = ("its name is not valid UTF-8 (perhaps Big5 from an old share); rename it (in "
            "Windows Explorer, or `convmv -f big5 -t utf-8`) and scan again")


def readable_name(name: str) -> bool:
    """Whether a name from the file system is text (a name in other bytes, such as Big5 from
    an old share, reaches Python as lone surrogates, which nothing can store or print)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def shown_name(name: str) -> str:
    """A file name that is not valid UTF-8, with its odd bytes written as `\\xa4`."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def nfc(text: str) -> str:
    """The NFC form of a name (macOS and some shares hand out NFD)."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


class Rules:
    """Which names are never documents, compiled once per walk."""

    def __init__(self, config: Config) -> None:
        name_globs = list(OFFICE_TEMP_PATTERNS) + [g.lower() for g in config.ignore if "/" not in g]
        self._names = re.compile("|".join(fnmatch.translate(g) for g in name_globs))
        path_globs = [g.lower() for g in config.ignore if "/" in g]
        self._paths = (re.compile("|".join(fnmatch.translate(g) for g in path_globs))
                       if path_globs else None)
        self.config = config

    def ignored(self, name: str, relpath: str) -> bool:
        """True for names that never become documents (temp files, hidden names, ignore globs)."""
        if name.startswith("."):
            return True
        lowered = name.lower()
        if self._names.match(lowered):
            return True
        return bool(self._paths and self._paths.match(relpath.lower()))

    def ignored_path(self, relpath: str) -> bool:
        """True if the file or any folder it is in is ignored, as a walk would skip it."""
        parts = relpath.split("/")
        return any(self.ignored(parts[i], "/".join(parts[:i + 1])) for i in range(1, len(parts)))

    def place(self, relpath: str) -> Place | str:
        """The unit, kind and SQS numbers of a path, or the reason it belongs to no unit."""
        parts = relpath.split("/")
        kind = KIND_FOLDERS.get(parts[0])
        if kind is None:
            return f"is outside {' and '.join(KIND_FOLDERS)}/"
        if len(parts) < 3:
            return (f"is not inside a unit folder; move it into {parts[0]}/<unit>/ "
                    "(units are listed by `repo-tool unit list`)")
        unit = parts[1]
        if not self.config.has_unit(unit):
            return (f"is in folder '{unit}', which is not a registered unit; add it with "
                    f"`repo-tool unit add {unit} --name-zh ... --name-en ...`")
        return Place(unit, kind, numbers_in_path("/".join(parts[2:])))


@dataclass
class Walk:
    """What a walk found: files to read, every document path on disk, what was skipped."""

    to_read: list[FileEntry] = field(default_factory=list)
    on_disk: set[str] = field(default_factory=set)
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)


def walk(root: Path, rules: Rules, known: Mapping[str, tuple[int, int]]) -> Walk:
    """Walk policies/ and records/; files whose (size, mtime_ns) match `known` are not listed
    for reading, only counted (the no-change rescan must stay close to a bare scandir)."""
    result = Walk()
    for top in KIND_FOLDERS:
        folder = root / top
        if folder.is_symlink():
            result.skipped.append(Skipped(top, "is a symbolic link; links are not followed, so "
                                               "nothing under it is recorded (make it a real "
                                               "folder)"))
        elif folder.is_dir():
            _walk_folder(str(folder), top, rules, known, result)
    result.to_read.sort(key=lambda entry: entry.path)
    return result


def _walk_folder(folder: str, relfolder: str, rules: Rules, known: Mapping[str, tuple[int, int]],
                 result: Walk) -> None:
    skipped, on_disk, to_read = result.skipped, result.on_disk, result.to_read
    stack = [(folder, relfolder)]
    while stack:
        here, relhere = stack.pop()
        try:
            with os.scandir(here) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            skipped.append(Skipped(relhere, f"folder cannot be read ({exc.strerror})"))
            continue
        names: set[str] = set()
        for entry in entries:
            if not readable_name(entry.name):
                skipped.append(Skipped(f"{relhere}/{shown_name(entry.name)}", NOT_UTF8))
                continue
            name = nfc(entry.name)
            relpath = f"{relhere}/{name}"
            if rules.ignored(name, relpath):
                continue
            if name in names:
                skipped.append(Skipped(relpath, "another file in the same folder has the same "
                                                "name in a different Unicode form; rename one"))
                continue
            names.add(name)
            try:
                if entry.is_symlink():
                    skipped.append(Skipped(relpath, "is a symbolic link; links are not followed"))
                elif entry.is_dir(follow_symlinks=False):
                    stack.append((entry.path, relpath))
                elif entry.is_file(follow_symlinks=False):
                    info = entry.stat(follow_symlinks=False)
                    on_disk.add(relpath)
                    if known.get(relpath) == (info.st_size, info.st_mtime_ns):
                        result.unchanged += 1
                    else:
                        to_read.append(FileEntry(relpath, entry.path, info.st_size,
                                                 info.st_mtime_ns))
                else:
                    skipped.append(Skipped(relpath, "is not a regular file (a pipe, device or "
                                                    "socket)"))
            except FileNotFoundError:
                skipped.append(Skipped(relpath, "vanished while the scan ran; the next scan "
                                                "will record it"))


def stat_paths(root: Path, rules: Rules, relpaths: Iterable[str]
               ) -> tuple[list[FileEntry], list[Skipped], list[str]]:
    """Stat just these paths: (files found, skipped, paths that no longer exist)."""
    found: list[FileEntry] = []
    skipped: list[Skipped] = []
    gone: list[str] = []
    for relpath in sorted(set(relpaths)):
        disk = root / relpath
        if rules.ignored_path(relpath):
            continue
        if not readable_name(relpath):
            skipped.append(Skipped(shown_name(relpath), NOT_UTF8))
            continue
        link = first_link(root, relpath)
        if link is not None and link != relpath:
            skipped.append(Skipped(relpath, f"is inside '{link}', a symbolic link; links are "
                                            "not followed"))
            continue
        try:
            info = disk.lstat()
        except FileNotFoundError:
            gone.append(relpath)
            continue
        except OSError as exc:
            skipped.append(Skipped(relpath, f"cannot be read ({exc.strerror})"))
            continue
        if stat.S_ISLNK(info.st_mode):
            skipped.append(Skipped(relpath, "is a symbolic link; links are not followed"))
        elif stat.S_ISREG(info.st_mode):
            found.append(FileEntry(relpath, str(disk), info.st_size, info.st_mtime_ns))
        elif not stat.S_ISDIR(info.st_mode):
            skipped.append(Skipped(relpath, "is not a regular file (a pipe, device or socket)"))
    return found, skipped, gone
