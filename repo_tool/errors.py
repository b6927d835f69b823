"""The one error family: every expected failure is a RepoError with a message for people.

The CLI catches RepoError in one place, prints `error: <message>` and exits with `exit_code`.
Anything else that escapes is a bug and keeps its traceback.
"""

from __future__ import annotations


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


class InvalidInput(RepoError):
    """A value given on the command line or to the library is not acceptable."""

    exit_code = 2
