"""Extraction benchmark: PDF readers on the shared corpus, and the cost of the worker pool.

- PDF text: pypdfium2 (what repo-tool uses) against pypdf on the PDFs of `../shared/corpus`:
  files read (opened, every page's text taken without an error), manifest phrases found (after
  the same normalisation the tests use), and pages per second over the whole set. pypdf runs
  as installed: without the `cryptography` package it cannot open AES-encrypted files.
- Pool: `ExtractorPool.map` with one worker against `extract_file` in this process, on the
  same small generated files; the difference per file is the pool's overhead (pickling, a pipe
  round trip, the wait). Its start-up (spawning a worker) is shown apart.
- Corpus through the pool with 2 workers, against `extract_file` in this process.

`python -m benchmarks extract` runs this benchmark alone.
"""

from __future__ import annotations

import csv
import logging
import re
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryDirectory

from benchmarks.common import Options, Row, ratio, say
from repo_tool.extract import ExtractorPool, extract_file

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
POOL_FILES = 400
_CJK = r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\u3040-\u30ff\uff66-\uff9f]"
_CJK_GAP = re.compile(rf"(?<={_CJK})\s+(?={_CJK})")


def normalise(text: str) -> str:
    """NFKC, case-fold, whitespace collapsed, and none left between two CJK characters."""
    folded = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).casefold())
    return _CJK_GAP.sub("", folded).strip()


@dataclass(frozen=True)
class ReaderScore:
    """How one PDF reader did on the corpus."""

    files: int
    read: int
    phrases: int
    found: int
    pages: int
    seconds: float

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def pdfium_text(path: Path) -> tuple[str, int]:
    """All page text of a PDF through pypdfium2, and its page count; raises if unreadable."""
    import pypdfium2 as pdfium  # type: ignore[import-untyped, unused-ignore]

    document = pdfium.PdfDocument(path)
    try:
        pieces = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            pieces.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\n".join(pieces), len(pieces)
    finally:
        document.close()


def pypdf_text(path: Path) -> tuple[str, int]:
    """All page text of a PDF through pypdf, and its page count; raises if unreadable."""
    from pypdf import PdfReader

    reader = PdfReader(path)
    if reader.is_encrypted:
        reader.decrypt("")
    pieces = [page.extract_text() for page in reader.pages]
    return "\n".join(pieces), len(pieces)


def pdf_phrases(corpus: Path) -> dict[Path, str]:
    """Every corpus PDF, with its manifest phrase ("" where none is expected)."""
    with (corpus / "MANIFEST.tsv").open(encoding="utf-8", newline="") as manifest:
        rows = csv.DictReader(manifest, delimiter="\t")
        return {corpus / row["relpath"]: row["expect_phrase"] for row in rows
                if row["relpath"].endswith(".pdf")}


def score(reader: Callable[[Path], tuple[str, int]], phrases: dict[Path, str]) -> ReaderScore:
    """Run `reader` over every PDF once; errors count as files not read."""
    read = found = pages = 0
    start = time.perf_counter()
    for path, phrase in phrases.items():
        try:
            text, count = reader(path)
        except Exception:  # a reader's failure is what is being measured
            continue
        read += 1
        pages += count
        if phrase and normalise(phrase) in normalise(text):
            found += 1
    seconds = time.perf_counter() - start
    wanted = sum(1 for phrase in phrases.values() if phrase)
    return ReaderScore(len(phrases), read, wanted, found, pages, seconds)


def pdf_rows(corpus: Path) -> list[Row]:
    """pypdfium2 against pypdf on the corpus PDFs."""
    phrases = pdf_phrases(corpus)
    say(f"extract: {len(phrases)} corpus PDFs through pypdfium2 and pypdf")
    score(pdfium_text, phrases)  # warm the page cache and the library once
    pdfium = score(pdfium_text, phrases)
    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.CRITICAL)  # it logs every damaged object it meets
    try:
        pypdf = score(pypdf_text, phrases)
    finally:
        pypdf_log.setLevel(level)
    return [
        Row("PDF files read: pypdfium2 vs pypdf", f"{pdfium.read}/{pdfium.files}",
            f"{pypdf.read}/{pypdf.files}"),
        Row("PDF manifest phrases found", f"{pdfium.found}/{pdfium.phrases}",
            f"{pypdf.found}/{pypdf.phrases}", target=f"{pdfium.phrases}/{pdfium.phrases}",
            passed=pdfium.found == pdfium.phrases),
        Row("PDF text (pages/s)", f"{pdfium.pages_per_s:,.0f}", f"{pypdf.pages_per_s:,.0f}",
            ratio(pdfium.pages_per_s, pypdf.pages_per_s)),
    ]


def small_files(folder: Path, count: int) -> Iterator[tuple[int, Path, str]]:
    """`count` small bilingual text files, written once."""
    for index in range(count):
        path = folder / f"note-{index:04d}.txt"
        path.write_text(f"第{index}號 服務質素標準 SQS {index % 16 + 1}\nReview note {index}\n",
                        encoding="utf-8")
        yield index, path, path.name


def pool_rows(corpus: Path | None) -> list[Row]:
    """The pool's start-up and per-file cost, and its throughput on the corpus."""
    rows: list[Row] = []
    with TemporaryDirectory(prefix="repo-tool-extract-bench-") as tmp:
        items = list(small_files(Path(tmp), POOL_FILES))
        start = time.perf_counter()
        for _, path, name in items:
            extract_file(path, name)
        direct = (time.perf_counter() - start) / POOL_FILES
        start = time.perf_counter()
        with ExtractorPool(workers=1) as pool:
            list(pool.map(items[:1]))  # the worker is up and has read one file
            started = time.perf_counter() - start
            start = time.perf_counter()
            done = list(pool.map(items))
            pooled = (time.perf_counter() - start) / POOL_FILES
        if len(done) != POOL_FILES:
            raise RuntimeError(f"the pool returned {len(done)} of {POOL_FILES} results")
    say(f"extract: pool {pooled * 1e6:,.0f} us/file, in-process {direct * 1e6:,.0f} us/file")
    rows += [
        Row("pool start-up, 1 worker (s)", f"{started:.2f}"),
        Row(f"pool per-file overhead, {POOL_FILES} small files (ms)",
            f"{(pooled - direct) * 1e3:.2f}", f"{direct * 1e3:.2f}", ratio(pooled, direct),
            target="< 5 ms", passed=pooled - direct < 0.005),
    ]
    if corpus is not None:
        files = [(path, path, path.name) for path in sorted(corpus.rglob("*"))
                 if path.is_file() and path.parent != corpus]
        start = time.perf_counter()
        for _, path, name in files:
            extract_file(path, name)
        direct_s = time.perf_counter() - start
        with ExtractorPool(workers=2) as pool:
            start = time.perf_counter()
            list(pool.map(files))
            pooled_s = time.perf_counter() - start
        rows.append(Row(f"corpus, {len(files)} files: pool of 2 vs in-process (s)",
                        f"{pooled_s:.2f}", f"{direct_s:.2f}", ratio(pooled_s, direct_s)))
    return rows


def run(options: Options) -> list[Row]:
    """PDF readers on the shared corpus (when it is there), then the pool's overhead."""
    del options  # the corpus is fixed; the generated-corpus size does not apply here
    corpus = CORPUS if (CORPUS / "MANIFEST.tsv").is_file() else None
    rows = pdf_rows(corpus) if corpus is not None else [
        Row("PDF readers", f"skipped: no corpus at {CORPUS}")]
    return rows + pool_rows(corpus)
