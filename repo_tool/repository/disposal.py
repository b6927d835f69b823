"""Finishing a disposal: after the tombstones are committed, the bytes and the index entries go.

The order is what makes a crash harmless (see docs/retention.md): the catalog's tombstones,
the text and the audit entry are one transaction; then each disposed version leaves the search
index, then its blob is unlinked (unless a kept version holds the same bytes) and the folders
fsynced; only then is the tombstone marked finished. Every step is idempotent, so a run killed
anywhere is finished by the next writer (`Repository.writing` calls this first) or by `verify`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from repo_tool import search
from repo_tool.errors import RepoError
from repo_tool.store.objects import fsync_dir
from repo_tool.store.session import now

if TYPE_CHECKING:
    from repo_tool.repository.catch_up import SearchIndex
    from repo_tool.store.session import WriteSession


def finish_disposals(session: WriteSession, index: SearchIndex) -> int:
    """Remove what unfinished tombstones still leave behind; returns how many were finished."""
    catalog = session.catalog
    pending = catalog.disposals.unfinished()
    if not pending:
        return 0
    if index.problem(catalog) is None:  # else the index is rebuilt anyway, without them
        try:
            engine = search.open_engine(index.engine_name, index.engine_folder, create=False)
        except RepoError:
            engine = None
        if engine is not None:
            try:
                for disposal in pending:
                    engine.delete(disposal.version_id)
                engine.commit()
            finally:
                engine.close()
    folders: set[Path] = set()
    for sha256 in sorted({d.sha256 for d in pending}):
        if catalog.disposals.still_shared(sha256):
            continue
        blob = session.objects.path_for(sha256)
        try:
            os.unlink(blob)
        except FileNotFoundError:
            continue
        folders.add(blob.parent)
    for folder in folders:
        fsync_dir(folder)
    with catalog.transaction():
        catalog.disposals.finish([d.id for d in pending], now())
    return len(pending)
