"""The one error family: every expected failure is a RepoError with a message for people.

The CLI catches RepoError in one place, prints `error: <message>` and exits with `exit_code`.
Anything else that escapes is a bug and keeps its traceback.
"""

from __future__ import annotations

import errno
import sqlite3


class RepoError(Exception):
    """An expected failure; the message says what is wrong and what to do."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotARepository(RepoError):
    """No repo.yaml here or in any folder above."""


class ConfigError(RepoError):
    """repo.yaml (or another YAML file) is malformed or breaks the schema."""


class NotFound(RepoError):
    """A unit, document or version that does not exist."""


class Locked(RepoError):
    """Another writer holds the repository lock."""


class Conflict(RepoError):
    """The operation would overwrite or contradict something that exists."""


class Unsupported(RepoError):
    """A file or request the tool cannot handle."""


class CatalogError(RepoError):
    """The catalog is missing, damaged or from a version this tool cannot read."""


class Damaged(RepoError):
    """Stored bytes that no longer match their sha256: never handed out."""


class NotAllowed(RepoError):
    """A signed-in account asked for something outside its role, units or SQSs, or a sign-in
    was refused (the message never says which part was wrong)."""


class InvalidInput(RepoError):
    """A value given on the command line or to the library is not acceptable."""

    exit_code = 2


def from_environment(exc: BaseException) -> RepoError | None:
    """The failure of the machine rather than of repo-tool (a full disk, a file size limit, a
    read-only file system, a permission), as one message; None for anything else, which is a
    bug and keeps its traceback. The faces call this at their one error boundary."""
    if isinstance(exc, OSError) and exc.errno is not None:
        where = f" ({exc.filename})" if exc.filename else ""
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return RepoError(f"no space left on the disk{where}; free some space and run the "
                             "command again (what was recorded before is kept)")
        if exc.errno == errno.EFBIG:
            return RepoError(f"a file size limit was reached{where} (`ulimit -f`); raise it and "
                             "run the command again")
        if exc.errno == errno.EROFS:
            return RepoError(f"the file system is read-only{where}; repo-tool needs to write "
                             "there")
        if exc.errno in (errno.EACCES, errno.EPERM):
            return RepoError(f"permission denied{where}; the repository's files must belong to "
                             "the user who runs repo-tool (check with `ls -l`)")
    if isinstance(exc, sqlite3.OperationalError):
        text = str(exc)
        if "full" in text:
            return RepoError("no space left on the disk holding the catalog; free some space "
                             "and run the command again (what was recorded before is kept)")
        if "readonly" in text or "read-only" in text:
            return RepoError("the catalog cannot be written: .repo/catalog.sqlite, its -wal or "
                             "-shm file, or .repo itself is read-only; they must belong to the "
                             "user who runs repo-tool")
    return None
