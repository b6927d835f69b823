"""Reading request parameters: every bad value becomes InvalidInput (a 400 page), never a crash.

A document path from a URL is only ever a key into the catalog: it is checked like a path
given on the command line (no `..`, nothing absolute), and no route opens a file by it.
"""

from __future__ import annotations

from datetime import date

from flask import request

from repo_tool.errors import InvalidInput
from repo_tool.repository import Repository
from repo_tool.sqs import standard


def text(name: str, required: bool = False) -> str | None:
    """A stripped text parameter (query string or form); empty counts as absent."""
    value = (request.values.get(name) or "").strip()
    if not value:
        if required:
            raise InvalidInput(f"'{name}' is missing")
        return None
    return value


def whole(name: str, low: int, high: int, default: int | None = None) -> int | None:
    """A whole number within [low, high]."""
    value = text(name)
    if value is None:
        return default
    if not value.isascii() or not value.isdigit() or not low <= int(value) <= high:
        raise InvalidInput(f"'{name}' must be a whole number from {low} to {high}")
    return int(value)


def day(name: str) -> date | None:
    """A YYYY-MM-DD date."""
    value = text(name)
    if value is None:
        return None
    try:
        return date.fromisoformat(value) if len(value) == 10 else _bad_date(value)
    except ValueError:
        return _bad_date(value)


def required_day(name: str, what: str) -> date:
    """A YYYY-MM-DD date that must be given (`what`: "the due date" names it in the message)."""
    found = day(name)
    if found is None:
        raise InvalidInput(f"{what} is empty; give it")
    return found


def _bad_date(value: str) -> date:
    raise InvalidInput(f"'{value}' is not a date; write it as YYYY-MM-DD")


def sqs_list(name: str) -> tuple[int, ...]:
    """SQS numbers, repeated or comma-separated."""
    numbers: list[int] = []
    for value in request.values.getlist(name):
        for part in value.replace(",", " ").split():
            if not part.isascii() or not part.isdigit():
                raise InvalidInput(f"'{part}' is not an SQS number (1 to 16)")
            standard(int(part))
            if int(part) not in numbers:
                numbers.append(int(part))
    return tuple(sorted(numbers))


def document_path(repo: Repository, name: str = "path") -> str:
    """A catalog path: relative, inside the repository, never `..` or absolute."""
    return checked_path(repo, request.values.get(name) or "")


def checked_path(repo: Repository, value: str) -> str:
    """One catalog path given by a request (see `document_path`)."""
    if not value.strip():
        raise InvalidInput("no document path given")
    # A backslash is a letter of a name on Linux (search links to such files); as a separator,
    # in an absolute path, a drive or a `..`, it is refused.
    pieces = value.replace("\\", "/").split("/")
    if value.startswith(("/", "\\")) or (len(value) > 1 and value[1] == ":") or ".." in pieces:
        raise InvalidInput(f"'{value}' is outside the repository")
    return repo.relpath(value)
