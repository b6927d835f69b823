"""OCR: making scanned pages and pictures searchable, after the scan has recorded them.

Extraction marks a blob "no-text" when it has no text layer (image-only PDFs, photos). Those
blobs form the OCR queue (see `store/ocr_texts.py`). `run_queue` takes them one at a time, reads
them in a child process (`_worker.py`: pypdfium2 or Pillow renders each page at 200 dpi, blank
pages are skipped, the others straightened and their table rules taken out, and Tesseract
reads them with the configured languages) under a time limit, and stores the text per blob, so
`reindex` never runs OCR again. The blob's bytes are only read, never changed.
The engine is Tesseract 5 with chi_tra+eng; benchmarks/README.md says why.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import suppress
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import IO

from repo_tool.store.ocr_texts import languages_key as languages_key
from repo_tool.store.session import Progress, WriteSession, now

ENGINE = "tesseract"
DPI = 200
FILE_TIMEOUT = 900  # seconds for one file, all its pages
_POLL = 0.05  # seconds between looks at the running OCR children
_INSTALL = ("install Tesseract with the languages (Debian/Ubuntu: `apt-get install tesseract-ocr "
            "tesseract-ocr-chi-tra`; Windows/macOS: the Tesseract installer or `brew install "
            "tesseract tesseract-lang`)")


@dataclass
class OcrReport:
    """What one pass over the queue did."""

    done: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    pending: int = 0
    problem: str | None = None  # why OCR could not run at all


@lru_cache(maxsize=8)
def engine_problem(languages: tuple[str, ...]) -> str | None:
    """Why OCR cannot run here (one line saying how to enable it), or None if it can."""
    if shutil.which("tesseract") is None:
        return f"OCR is not available: Tesseract is not installed; {_INSTALL}"
    try:
        import PIL  # noqa: F401
    except ImportError:
        return "OCR is not available: the Pillow package is missing; `pip install Pillow`"
    try:
        listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True,
                                timeout=30, check=False).stdout.split()
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"OCR is not available: Tesseract does not run ({exc})"
    missing = [name for name in languages if name not in listed]
    if missing:
        return (f"OCR is not available: Tesseract has no {', '.join(missing)} language data; "
                f"{_INSTALL}")
    return None


def worker(path: str, languages: str, *extra: str, stdout: IO[bytes],
           pipeline: str = "prepared") -> subprocess.Popen[bytes]:
    """Start `repo_tool.ocr._worker` on one file, its JSON answer going to `stdout`
    (`pipeline` "classic" is the pipeline before issue 23, kept for the benchmark)."""
    # One thread per Tesseract: its OpenMP threads spin-wait, and with two of them on a busy
    # 2-core machine a page took 14-23 s wall instead of 2-5 s (measured, SPMIS page 1).
    # Throughput comes from reading several files at once instead (see run_queue).
    from repo_tool.extract import limit_memory  # resolved here, not in the child

    env = {**os.environ, "OMP_THREAD_LIMIT": os.environ.get("OMP_THREAD_LIMIT", "1")}
    return subprocess.Popen(
        [sys.executable, "-m", "repo_tool.ocr._worker", path, languages, str(DPI), pipeline,
         *extra],
        stdin=subprocess.DEVNULL, stdout=stdout, stderr=subprocess.DEVNULL, env=env,
        preexec_fn=partial(limit_memory, 3 * 1024) if os.name == "posix" else None)


class OcrJob:
    """One blob's OCR running in a child process; `poll` without waiting, `wait`, `cancel`.

    The child writes its JSON answer to a temporary file rather than a pipe, so a long text
    cannot fill a pipe buffer while nobody reads it (watch polls the job between events).
    """

    def __init__(self, path: str, languages: str, *extra: str, pipeline: str = "prepared") -> None:
        self._out = tempfile.TemporaryFile()  # noqa: SIM115 - closed by poll() or cancel()
        self._deadline = time.monotonic() + FILE_TIMEOUT
        self._process = worker(path, languages, *extra, stdout=self._out, pipeline=pipeline)

    def poll(self) -> OcrResult | None:
        """The result if the child has finished (or run out of time), else None."""
        if self._process.poll() is None:
            if time.monotonic() < self._deadline:
                return None
            self.cancel()
            return _TIMED_OUT
        return _result(*self._collect())

    def wait(self) -> OcrResult:
        """Block until the result is in."""
        got = self.wait_answer()
        return _TIMED_OUT if got is None else _result(*got)

    def wait_answer(self) -> tuple[bytes, int] | None:
        """Block until the child ends: its raw JSON answer and exit code, or None when it ran
        out of time (it is then stopped)."""
        with suppress(subprocess.TimeoutExpired):
            self._process.wait(max(0.0, self._deadline - time.monotonic()))
        if self._process.poll() is None:
            self.cancel()
            return None
        return self._collect()

    def _collect(self) -> tuple[bytes, int]:
        self._out.seek(0)
        answer = self._out.read()
        self._out.close()
        return answer, self._process.returncode

    def cancel(self) -> None:
        """Stop the child now; its blob stays in the queue."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        self._out.close()


@dataclass(frozen=True)
class OcrResult:
    """What OCR made of one blob: ok, empty (no text found) or failed, and why."""

    status: str
    reason: str | None
    pages: int
    text: str


_TIMED_OUT = OcrResult("failed", f"OCR took longer than {FILE_TIMEOUT} s", 0, "")


def _result(answer: bytes, exit_code: int) -> OcrResult:
    try:
        result = json.loads(answer.decode("utf-8"))
    except ValueError:
        return OcrResult("failed", f"the OCR worker stopped (exit {exit_code})", 0, "")
    if "error" in result:
        return OcrResult("failed", str(result["error"]), 0, "")
    pages = result["pages"]
    text = "\n\f".join(page["text"] for page in pages)
    errors = [page["error"] for page in pages if page["error"]]
    reason = "; ".join(errors)[:500] if errors else None
    if not pages:
        return OcrResult("empty", f"none of the file's {result.get('of', 0)} page(s) is a scan",
                         0, "")
    if len(errors) == len(pages):
        return OcrResult("failed", reason or "no pages", len(pages), "")
    if not text.strip():
        return OcrResult("empty", reason or f"OCR found no text on {len(pages)} page(s)",
                         len(pages), text)
    return OcrResult("ok", reason, len(pages), text)


def read_file(path: str, languages: str) -> OcrResult:
    """OCR one stored blob in a child process, waiting for it."""
    return OcrJob(path, languages).wait()


def store(session: WriteSession, sha256: str, languages: str, result: OcrResult) -> None:
    """Commit one blob's OCR result; its versions are re-indexed on the next catch-up."""
    with session.catalog.transaction():
        session.catalog.ocr.put(sha256, result.status, result.reason, ENGINE, languages,
                                result.pages, result.text, now())


def workers() -> int:
    """How many files are read at once: one Tesseract per core, at most four."""
    return max(1, min(4, os.cpu_count() or 1))


def run_queue(session: WriteSession, languages: tuple[str, ...],
              on_progress: Progress | None = None, pipeline: str = "prepared") -> OcrReport:
    """OCR every queued blob, `workers()` files at a time, committing each result as soon as
    its file is read (so a crash loses at most the files being read at that moment)."""
    report = OcrReport()
    report.problem = engine_problem(languages)
    key = languages_key(languages)
    queue = session.catalog.ocr.queue(key)
    if report.problem:
        report.pending = len(queue)
        return report
    waiting = list(reversed(queue))
    running: list[tuple[OcrJob, str, str]] = []
    try:
        while waiting or running:
            while waiting and len(running) < workers():
                sha, path = waiting.pop()
                running.append((OcrJob(str(session.objects.path_for(sha)), key, pipeline=pipeline),
                                sha, path))
            if on_progress:
                on_progress(report.done, len(queue), f"OCR: {running[0][2].rsplit('/', 1)[-1]}")
            finished = [(job, sha, path, result) for job, sha, path in running
                        if (result := job.poll()) is not None]
            if not finished:
                time.sleep(_POLL)
                continue
            for job, sha, path, result in finished:
                running.remove((job, sha, path))
                store(session, sha, key, result)
                report.done += 1
                if result.reason:
                    report.failed.append((path, result.reason))
    finally:
        for job, _sha, _path in running:
            job.cancel()  # interrupted: these files stay in the queue
    if on_progress and queue:
        on_progress(len(queue), len(queue), "OCR done")
    return report
