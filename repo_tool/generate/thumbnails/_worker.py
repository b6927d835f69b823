"""The background worker: one per server, one file at a time, so a page never waits.

`Thumbnailer.ask(version)` answers at once from the cache, or queues the version and says
"pending"; a single thread takes the queue in order (a document page's request goes first),
copies the version's checked bytes to a private temporary file, has LibreOffice make a PDF of a
Word, Excel or ODF file (with a time limit, killing its whole process group when it runs
over), and draws the pages in a child process with a memory and a time limit. The thread ends
when the queue is empty and starts again with the next request.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections import deque
from pathlib import Path, PurePosixPath

from repo_tool.errors import RepoError
from repo_tool.generate._pdf import soffice_path
from repo_tool.generate.thumbnails._cache import Preview, ThumbnailCache
from repo_tool.generate.thumbnails._kinds import OFFICE, PDF, kind_of
from repo_tool.models import Version
from repo_tool.repository import Repository

MAX_PAGES = 6  # pages drawn per document
WIDTH = 240  # pixels
MAX_BYTES = 50 * 1024 * 1024  # a larger version gets no thumbnails
SOFFICE_TIMEOUT = 120.0  # seconds for LibreOffice to make the PDF
DRAW_TIMEOUT = 60.0  # seconds for the child process to draw the pages
MEMORY_MB = 1024


def _run(command: list[str], timeout: float) -> subprocess.CompletedProcess[str] | None:
    """Run a command in its own process group; None (the group killed) when it runs over."""
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, start_new_session=True)
    try:
        out, err = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        if hasattr(os, "killpg"):
            with contextlib.suppress(OSError):
                os.killpg(child.pid, signal.SIGKILL)
        child.kill()
        child.communicate()
        return None
    return subprocess.CompletedProcess(command, child.returncode, out, err)


def office_pdf(source: Path, work: Path, timeout: float = SOFFICE_TIMEOUT) -> Path | str:
    """LibreOffice's PDF of a Word, Excel or ODF file, or the reason there is none."""
    soffice = soffice_path()
    if soffice is None:
        return "LibreOffice is not installed"
    profile = work / "profile"
    done = _run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                 "--norestore", "--convert-to", "pdf", "--outdir", str(work), str(source)],
                timeout)
    produced = work / (source.stem + ".pdf")
    if done is None:
        return f"LibreOffice took more than {timeout:.0f} s"
    if done.returncode != 0 or not produced.is_file() or produced.stat().st_size == 0:
        return "LibreOffice could not make a PDF of it"
    return produced


def draw(kind: str, source: Path, out: Path, pages: int = MAX_PAGES, width: int = WIDTH,
         timeout: float = DRAW_TIMEOUT) -> tuple[int, int, str | None]:
    """Draw a PDF's or image's first pages into `out` in a child process: (pages, of, error)."""
    done = _run([sys.executable, "-m", "repo_tool.generate.thumbnails._child", kind,
                 str(source), str(out), str(pages), str(width), str(MEMORY_MB)], timeout)
    if done is None:
        return 0, 0, f"drawing the pages took more than {timeout:.0f} s"
    try:
        said = json.loads(done.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return 0, 0, f"the drawing process stopped (exit status {done.returncode})"
    if "error" in said:
        return 0, 0, str(said["error"])
    return int(said["pages"]), int(said["of"]), None


class Thumbnailer:
    """The thumbnails of one repository's versions, made in the background."""

    def __init__(self, root: Path, background: bool = True) -> None:
        self.root = root
        self.background = background  # False: only what is already cached is shown
        self.cache = ThumbnailCache(root)
        self._lock = threading.Lock()
        self._queue: deque[Version] = deque()
        self._queued: set[str] = set()
        self._thread: threading.Thread | None = None
        self._closed = False

    def ask(self, version: Version, urgent: bool = False) -> Preview:
        """The version's thumbnails as they are now; queued when not made yet (first in the
        queue when `urgent`: a person is looking at that document)."""
        kind = kind_of(version.path)
        if kind is None:
            return Preview("none")
        made = self.cache.made(version.sha256)
        if made is not None:
            return made
        if version.size > MAX_BYTES:
            return Preview("failed", reason="the file is too large to preview")
        if not self.background:
            return Preview("none")
        with self._lock:
            if self._closed:
                return Preview("pending")
            if version.sha256 in self._queued:
                if urgent and self._queue and self._queue[0].sha256 != version.sha256:
                    for queued in list(self._queue):
                        if queued.sha256 == version.sha256:
                            self._queue.remove(queued)
                            self._queue.appendleft(queued)
            else:
                self._queued.add(version.sha256)
                (self._queue.appendleft if urgent else self._queue.append)(version)
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name="thumbnails",
                                                daemon=True)
                self._thread.start()
        return Preview("pending")

    def _next(self) -> Version | None:
        with self._lock:
            if self._closed or not self._queue:
                self._thread = None
                return None
            return self._queue.popleft()

    def _work(self) -> None:
        while (version := self._next()) is not None:
            try:
                self.make(version)
            except RepoError:
                pass  # the bytes are missing or damaged: `verify` says so; nothing is kept
            finally:
                with self._lock:
                    self._queued.discard(version.sha256)

    def make(self, version: Version) -> Preview:
        """Make a version's thumbnails now, in this thread (the worker's; tests, benchmarks)."""
        kind = kind_of(version.path) or PDF
        suffix = PurePosixPath(version.path).suffix.lower()
        scratch = Path(tempfile.mkdtemp(prefix="repo-tool-thumbs-"))  # 0700
        try:
            source = scratch / f"source{suffix}"
            repo = Repository.open(self.root)
            try:
                with repo.open_version(version) as blob, source.open("wb") as copy:
                    shutil.copyfileobj(blob, copy)
            finally:
                repo.close()
            error: str | None = None
            if kind == OFFICE:
                made = office_pdf(source, scratch)
                if isinstance(made, str):
                    error = made
                else:
                    source, kind = made, PDF
            out = self.cache.work_folder()
            pages = of = 0
            if error is None:
                pages, of, error = draw(kind, source, out)
            return self.cache.keep(version.sha256, out, pages, of, error)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)

    def wait_idle(self, timeout: float = 300.0) -> bool:
        """Wait for the queue to be done; whether it is."""
        with self._lock:
            thread = self._thread
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True

    def close(self, timeout: float = 300.0) -> None:
        """Drop what is queued and wait for the file in hand."""
        with self._lock:
            self._closed = True
            self._queue.clear()
            thread = self._thread
        if thread is not None:
            thread.join(timeout)
