"""The thumbnail cache: `.repo/thumbnails/<sha256>/` holds `1.png`... and `preview.json`.

A version's bytes never change, so its thumbnails are kept by its sha256 and shared by every
path and version with the same bytes. A set of thumbnails is made in a private work folder and
renamed into place whole, so a reader sees all of them or none; a failure is kept too (with its
reason), so a file that cannot be drawn is not tried again on every page view.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from repo_tool.store.objects import make_private_dir

RENDERER = 1  # bump when thumbnails are drawn differently: old ones are made again


@dataclass(frozen=True)
class Preview:
    """What a version's thumbnails are: "ready" (with pages), "pending", "failed" (with the
    reason) or "none" (a kind of file that has no pages to draw, such as plain text)."""

    state: str
    pages: int = 0
    of: int = 0  # the file's page count; more than `pages` when only the first few are drawn
    reason: str | None = None


def _valid(sha256: str) -> bool:
    return len(sha256) == 64 and all(c in "0123456789abcdef" for c in sha256)


class ThumbnailCache:
    """Thumbnails by sha256 under a repository's `.repo/thumbnails/` (0700, files 0600)."""

    def __init__(self, root: Path) -> None:
        self.folder = root / ".repo" / "thumbnails"

    def made(self, sha256: str) -> Preview | None:
        """The thumbnails already made for these bytes (ready or failed), or None."""
        if not _valid(sha256):
            return None
        try:
            meta = json.loads((self.folder / sha256 / "preview.json").read_text("utf-8"))
        except (OSError, ValueError):
            return None
        if meta.get("renderer") != RENDERER:
            return None
        if meta.get("error"):
            return Preview("failed", reason=str(meta["error"]))
        return Preview("ready", pages=int(meta["pages"]), of=int(meta["of"]))

    def page(self, sha256: str, number: int) -> Path | None:
        """The PNG of page `number` (from 1), if it was made."""
        made = self.made(sha256)
        if made is None or made.state != "ready" or not 1 <= number <= made.pages:
            return None
        return self.folder / sha256 / f"{number}.png"

    def work_folder(self) -> Path:
        """A new private folder to draw into (inside the cache, so the rename stays on one
        file system)."""
        make_private_dir(self.folder)
        return Path(tempfile.mkdtemp(prefix=".work-", dir=self.folder))

    def keep(self, sha256: str, work: Path, pages: int, of: int, error: str | None) -> Preview:
        """Move what `work` holds into place as the thumbnails of `sha256`."""
        for item in work.iterdir():
            os.chmod(item, 0o600)
        meta = {"renderer": RENDERER, "pages": pages, "of": of, "error": error}
        (work / "preview.json").write_text(json.dumps(meta), "utf-8")
        os.chmod(work / "preview.json", 0o600)
        target = self.folder / sha256
        if target.exists():  # another server made them meanwhile, or an old renderer's
            old = self.folder / f".old-{sha256}-{os.getpid()}"
            with contextlib.suppress(OSError):
                os.replace(target, old)
            shutil.rmtree(old, ignore_errors=True)
        try:
            os.replace(work, target)
        except OSError:
            shutil.rmtree(work, ignore_errors=True)
        return self.made(sha256) or Preview("failed", reason=error or "not kept")
