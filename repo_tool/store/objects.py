"""Content-addressed blobs: every version's bytes under `.repo/objects/ab/cdef...` by sha256.

A blob is written to a temporary file, fsynced and renamed into place, so a crash leaves
either no blob or a whole one. The folders holding new blobs are fsynced by `flush()`, which
callers run before the catalog transaction that refers to them.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from repo_tool.errors import Damaged

_CHUNK = 1 << 20
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)


class FileChanged(Exception):
    """The source file changed, vanished or stopped being a regular file while it was read."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def open_regular_file(path: str | Path) -> int:
    """Open `path` for reading only if it is a regular file (never through a symlink or a FIFO)."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _BINARY)
    except FileNotFoundError:
        raise FileChanged("vanished before it could be read") from None
    except OSError as exc:
        if os.path.islink(path):
            raise FileChanged("is a symbolic link; links are not followed") from None
        raise FileChanged(f"cannot be opened ({exc.strerror})") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise FileChanged("is not a regular file")
    return fd


def make_private_dir(path: Path) -> None:
    """Create a folder (and parents) readable by the owner only."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)


def fsync_dir(path: Path) -> None:
    """Make a rename inside `path` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class ObjectStore:
    """The blob folder of one repository."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.tmp = root / "tmp"
        self._dirty: set[Path] = set()

    def create(self) -> None:
        make_private_dir(self.tmp)

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:]

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def add_file(self, path: str | Path, expect_size: int, expect_mtime_ns: int) -> tuple[str, int]:
        """Store the bytes of a regular file; returns (sha256, size).

        Raises FileChanged if the file is not what `expect_*` described by the time it has been
        read: a file being saved is recorded on a later pass, never half-written.
        """
        fd = open_regular_file(path)
        try:
            with os.fdopen(fd, "rb", closefd=False) as source:
                sha256, size = self._write(source)
            after = os.fstat(fd)
        finally:
            os.close(fd)
        if (after.st_size, after.st_mtime_ns, size) != (expect_size, expect_mtime_ns, expect_size):
            raise FileChanged("changed while it was being read; it will be recorded next time")
        return sha256, size

    def add_stream(self, source: BinaryIO) -> tuple[str, int]:
        """Store bytes read from an open binary stream; returns (sha256, size)."""
        return self._write(source)

    def _write(self, source: BinaryIO) -> tuple[str, int]:
        import hashlib  # OpenSSL's, ~3 ms to load: not for commands that only read

        digest = hashlib.sha256()
        size = 0
        fd, tmp_name = _temp_file(self.tmp)
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := source.read(_CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
                    size += len(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha256 = digest.hexdigest()
            final = self.path_for(sha256)
            if final.exists():
                os.unlink(tmp_name)
            else:
                make_private_dir(final.parent)
                os.replace(tmp_name, final)
                self._dirty.add(final.parent)
        except BaseException:
            _unlink_quietly(tmp_name)
            raise
        return sha256, size

    def flush(self) -> None:
        """fsync the folders that gained blobs, before the catalog refers to them."""
        for folder in self._dirty:
            fsync_dir(folder)
        if self._dirty:
            fsync_dir(self.root)
        self._dirty.clear()

    def open(self, sha256: str) -> BinaryIO:
        """The stored bytes of a blob, for reading, after checking that they still hash to
        `sha256` (Damaged if not: altered bytes are never handed out)."""
        blob = self.path_for(sha256).open("rb")
        try:
            actual = hash_stream(blob)
            if actual != sha256:
                raise Damaged(f"blob {sha256} was altered: its bytes now hash to {actual}")
            blob.seek(0)
        except BaseException:
            blob.close()
            raise
        return blob

    def hash_of(self, sha256: str) -> str | None:
        """The sha256 of the blob's bytes as they are now, or None if the blob is missing."""
        try:
            with self.path_for(sha256).open("rb") as blob:
                return hash_stream(blob)
        except FileNotFoundError:
            return None

    def all_blobs(self) -> Iterator[str]:
        """Every stored blob's name (its sha256 as recorded by its path)."""
        for folder in sorted(self.root.iterdir()):
            if len(folder.name) == 2 and folder.is_dir():
                for blob in sorted(folder.iterdir()):
                    yield folder.name + blob.name

    def remove_temp_files(self) -> int:
        """Delete temporary files left by an interrupted writer; returns how many."""
        removed = 0
        if self.tmp.is_dir():
            for leftover in self.tmp.iterdir():
                _unlink_quietly(str(leftover))
                removed += 1
        return removed


def hash_stream(stream: BinaryIO) -> str:
    """sha256 of everything left in a binary stream."""
    import hashlib  # OpenSSL's, ~3 ms to load: not for commands that only read

    digest = hashlib.sha256()
    while chunk := stream.read(_CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def hash_file(path: Path) -> str:
    """sha256 of a regular file (FileChanged if it cannot be read as one)."""
    fd = open_regular_file(path)
    with os.fdopen(fd, "rb") as source:
        return hash_stream(source)


def _temp_file(folder: Path) -> tuple[int, str]:
    make_private_dir(folder)
    while True:
        name = str(folder / f"{os.getpid()}-{os.urandom(6).hex()}.part")
        try:
            return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o600), name
        except FileExistsError:
            continue


def _unlink_quietly(name: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(name)
