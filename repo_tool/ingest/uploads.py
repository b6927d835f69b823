"""Files added from the browser: named for Windows, checked, then imported like `import`.

The web hands over each file as the name the browser gave and a stream of its bytes. Every
name is made Windows-safe and every file checked (not empty, not over the size limit, not a
name that could never become a document) before anything is written into the repository; the
files are then staged in a temporary folder under their safe names and go through
`import_files`, so the rules are import's: nothing is overwritten (one clash and nothing is
added), the files are recorded and indexed at once, and the audit log has an `import` entry.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from repo_tool.errors import InvalidInput
from repo_tool.humanize import human_size
from repo_tool.ingest.importer import ImportResult, import_files
from repo_tool.ingest.names import windows_name
from repo_tool.ingest.tree import Rules
from repo_tool.models import Actor, Kind
from repo_tool.repository import Repository
from repo_tool.sqs import standard

UPLOAD_LIMIT = 200 * 1024 * 1024  # bytes a file may have when it comes from the browser
MAX_NAME = 200  # characters: Explorer copes with a whole path of ~260


@dataclass(frozen=True)
class Upload:
    """One file as the browser sent it."""

    name: str
    stream: IO[bytes]


def safe_name(given: str, rules: Rules) -> str:
    """The name a file from the browser is written under, or InvalidInput saying why not."""
    last = given.replace("\\", "/").rsplit("/", 1)[-1]  # some browsers send a whole path
    name = windows_name(last)
    if not name.strip("_. "):
        raise InvalidInput(f"'{given}' cannot be made into a file name; rename the file and "
                           "add it again")
    if len(name) > MAX_NAME or len(name.encode("utf-8")) > 255:
        raise InvalidInput(f"'{name}' is too long a name (at most {MAX_NAME} characters); "
                           "rename the file and add it again")
    if rules.ignored(name, name):
        raise InvalidInput(f"'{name}' would never become a document (a hidden name, an Office "
                           "lock or temporary file, or one repo.yaml ignores); rename it")
    return name


def _stage(upload: Upload, dest: Path, limit: int) -> None:
    """Write the upload to `dest`, refusing an empty file or one over `limit` bytes."""
    written = 0
    with dest.open("xb") as out:
        while chunk := upload.stream.read(1 << 20):
            written += len(chunk)
            if written > limit:
                raise InvalidInput(f"'{dest.name}' is larger than {human_size(limit)}, the most "
                                   "a file added from the browser may be; copy it into the "
                                   "unit's folder and scan instead")
            out.write(chunk)
    if written == 0:
        raise InvalidInput(f"'{dest.name}' is empty (0 bytes); choose the file again")


def add_uploads(repo: Repository, uploads: Sequence[Upload], unit: str, kind: Kind,
                sqs: tuple[int, ...], actor: Actor, limit: int = UPLOAD_LIMIT) -> ImportResult:
    """Write `uploads` into `<kind>/<unit>/[SQS folder]` and record them, all or none."""
    repo.config.unit(unit)
    for number in sqs:
        standard(number)
    if not uploads:
        raise InvalidInput("choose at least one file to add")
    rules = Rules(repo.config)
    names = [safe_name(upload.name, rules) for upload in uploads]
    seen: set[str] = set()
    for name in names:
        if name.casefold() in seen:  # Windows would see one file
            raise InvalidInput(f"two of the files are named '{name}'; rename one of them")
        seen.add(name.casefold())
    staging = Path(tempfile.mkdtemp(prefix="repo-tool-upload-"))
    try:
        staged = []
        for upload, name in zip(uploads, names, strict=True):
            _stage(upload, staging / name, limit)
            staged.append(staging / name)
        return import_files(repo, staged, unit, kind, sqs, actor,
                            audited_as=[f"browser: {name}" for name in names])
    finally:
        shutil.rmtree(staging, ignore_errors=True)
