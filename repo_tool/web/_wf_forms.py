"""What every workflow form shares: the day it is today, a form coming back with its reason,
and an uploaded CSV file as the library reads it (a file on disk, in a folder of its own that
is removed when the request ends).
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path, PurePosixPath

from flask import g, render_template, request

from repo_tool.config import Unit
from repo_tool.errors import InvalidInput, RepoError
from repo_tool.repository import Repository
from repo_tool.web._access import require_unit, require_write
from repo_tool.web._app import current_repo, public_message
from repo_tool.web._messages import status_of
from repo_tool.web._wf_messages import said


def today() -> date:
    """The server's today (injectable in the tests, as for accounts' expiry)."""
    day: date = g.settings.today()
    return day


def came_back(template: str, error: RepoError, **context: object) -> tuple[str, int]:
    """The page again, with the form as it was filled in and the reason in the page's
    language; 400 for a value to correct, 409 when the repository is busy, 422 otherwise."""
    return render_template(template, problems=said(error, public_message(error)),
                           posted=request.form, **context), status_of(error)


def _upload_name(given: str) -> str:
    """The uploaded file's own name (no folders, no control characters), for messages."""
    name = PurePosixPath(given.replace("\\", "/")).name
    name = re.sub(r"[\x00-\x1f\x7f]", "_", name)[:120].strip(". ")
    return name or "upload.csv"


@contextmanager
def uploaded_csv(field: str = "file") -> Iterator[Path]:
    """The CSV file posted in `field`, written to a temporary folder for the library."""
    posted = request.files.get(field)
    if posted is None or not posted.filename:
        raise InvalidInput("choose the CSV file to upload")
    with tempfile.TemporaryDirectory(prefix="repo-tool-upload-") as folder:
        path = Path(folder) / _upload_name(posted.filename)
        posted.save(path)
        yield path


def unit_page(code: str, write: bool = False) -> tuple[Repository, Unit]:
    """The repository and the URL's unit, which the account must see (and, for a change,
    write in): 404 for a unit that is not there, 403 outside the account's scope."""
    repo = current_repo()
    unit = repo.config.unit(code)
    require_unit(unit.code)
    if write:
        require_write(unit.code)
    return repo, unit
