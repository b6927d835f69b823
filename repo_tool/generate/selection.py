"""A selection of documents as one zip: each document's current version, read through the
object store (so altered or missing bytes are refused, as a download is), under its catalog
path with every part made Windows-safe and unique (the evidence pack's naming rules).

This is a download of several documents at once, not an evidence pack: it writes no MANIFEST,
cover or binder and is not audited, as a single download on the document page is not (see
docs/web.md, "Documents").
"""

from __future__ import annotations

import shutil
import zipfile
from datetime import datetime
from typing import IO

from repo_tool.errors import InvalidInput
from repo_tool.generate.pack._names import NamePicker, clean
from repo_tool.humanize import shown_bidi
from repo_tool.models import Document
from repo_tool.repository import Repository

MAX_DOCUMENTS = 500  # in one zip; the form cannot carry many more paths anyway


def member_name(picker: NamePicker, path: str) -> str:
    """The name in the zip of the document at catalog `path`."""
    parts = shown_bidi(path).split("/")  # a bidi control in a name cannot disguise it
    folder = "/".join(clean(part) for part in parts[:-1])
    return picker.pick(folder, parts[-1], path)


def zip_documents(repo: Repository, documents: list[Document], out: IO[bytes]) -> list[str]:
    """Write the current version of each document into a zip on `out`; the names used."""
    if not documents:
        raise InvalidInput("choose at least one document to download")
    if len(documents) > MAX_DOCUMENTS:
        raise InvalidInput(f"choose at most {MAX_DOCUMENTS} documents for one zip")
    picker = NamePicker()
    names = []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for document in documents:
            version = repo.version(document)
            name = member_name(picker, document.path)
            stamp = datetime.fromtimestamp(max(version.mtime_ns / 1e9, 315532800))
            info = zipfile.ZipInfo(name, stamp.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            large = version.size > 1 << 30
            with repo.open_version(version) as blob, \
                    archive.open(info, "w", force_zip64=large) as member:
                shutil.copyfileobj(blob, member, 1 << 20)
            names.append(name)
    return names
