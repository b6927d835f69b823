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
    return rows + pool_rows(corpus) + format_rows()


# --- the formats of issue 24 ------------------------------------------------------------------

FORMAT_COPIES = 30
LIBREOFFICE_FILES = 5


def format_samples(folder: Path) -> dict[str, tuple[Path, str]]:
    """One file per format (LibreOffice writes the Office ones), each with a Chinese phrase."""
    from tests.msgfile import msg_bytes
    from tests.office_files import (
        big5_html,
        big5_rtf,
        convert,
        make_docx,
        make_eml,
        make_fodp,
        make_xlsx,
    )

    phrase = "個人資料只作服務用途"
    paragraphs = ["私隱政策", phrase] + [f"第{n}條 服務使用者的資料只供中心職員查閱。Clause {n}."
                                         for n in range(1, 40)]
    docx_file = make_docx(folder / "policy.docx", paragraphs)
    xlsx_file = make_xlsx(folder / "stats.xlsx", "統計",
                          [["服務", phrase]] + [[f"活動{n}", n] for n in range(200)])
    fodp_file = make_fodp(folder / "slides.fodp", [(phrase, "講者備註")]
                          + [(f"第{n}頁 培訓內容", "") for n in range(10)])
    out, profile = folder / "out", folder / "profile"
    files = {".docx": docx_file, ".doc": convert([docx_file], "doc", out, profile)[0],
             ".xls": convert([xlsx_file], "xls", out, profile)[0],
             ".ppt": convert([fodp_file], "ppt", out, profile)[0],
             ".pptx": convert([fodp_file], "pptx", out, profile)[0],
             ".rtf": big5_rtf(folder / "big5.rtf", "私隱政策", [phrase, *paragraphs[2:]]),
             ".htm": big5_html(folder / "page.htm", "私隱政策", phrase, "hidden"),
             ".eml": make_eml(folder / "mail.eml", "私隱政策", phrase + "\n", "big5")}
    msg = folder / "mail.msg"
    msg.write_bytes(msg_bytes("私隱政策", "a <a@example.org>", "b@example.org", phrase))
    files[".msg"] = msg
    return {ext: (path, phrase) for ext, path in files.items()}


def _found(text: str, phrase: str) -> bool:
    return normalise(phrase) in normalise(text)


def format_rows() -> list[Row]:
    """Files/s per new format beside .docx; the first .doc of a scan against the next ones;
    LibreOffice headless (per file, and kept warm by unoserver) against the pure-Python
    readers on .doc/.xls/.ppt, by Chinese correctness and speed."""
    from repo_tool.generate import soffice_path

    if soffice_path() is None:
        return [Row("formats", "skipped: LibreOffice is not installed to write the files")]
    rows: list[Row] = []
    with TemporaryDirectory(prefix="repo-tool-formats-bench-") as tmp:
        folder = Path(tmp)
        samples = format_samples(folder)
        say(f"extract: {len(samples)} formats, {FORMAT_COPIES} files each")
        docx_rate = 0.0
        for ext, (path, phrase) in samples.items():
            result = extract_file(path, path.name)
            start = time.perf_counter()
            for _ in range(FORMAT_COPIES):
                extract_file(path, path.name)
            rate = FORMAT_COPIES / (time.perf_counter() - start)
            docx_rate = rate if ext == ".docx" else docx_rate
            rows.append(Row(f"{ext} files/s ({result.extractor}), phrase found",
                            f"{rate:,.0f}, {'yes' if _found(result.text, phrase) else 'NO'}",
                            f"{docx_rate:,.0f} (.docx)" if ext != ".docx" else "-"))
        rows += _first_and_next(samples)
        rows += _libreoffice_rows(samples, folder)
    return rows


def _first_and_next(samples: dict[str, tuple[Path, str]]) -> list[Row]:
    """The first .doc of a scan (a fresh pool: its worker starts and imports the reader)
    against the next ones, beside the same for .docx."""
    rows = []
    for ext in (".doc", ".docx"):
        path = samples[ext][0]
        items = [(index, path, path.name) for index in range(FORMAT_COPIES + 1)]
        with ExtractorPool(workers=1) as pool:
            start = time.perf_counter()
            list(pool.map(items[:1]))
            first = time.perf_counter() - start
            start = time.perf_counter()
            list(pool.map(items[1:]))
            following = (time.perf_counter() - start) / FORMAT_COPIES
        rows.append(Row(f"first {ext} of a scan vs the next ones (ms, pool start-up included)",
                        f"{first * 1e3:,.0f}", f"{following * 1e3:.1f}"))
    return rows


def _libreoffice_rows(samples: dict[str, tuple[Path, str]], folder: Path
                      ) -> list[Row]:
    from benchmarks import office_converters as lo

    rows = []
    for ext in (".doc", ".xls", ".ppt"):
        path, phrase = samples[ext]
        start = time.perf_counter()
        found = _found(lo.soffice_per_file(path, folder / "lo-out", folder / "lo-profile"),
                       phrase)
        first = time.perf_counter() - start
        start = time.perf_counter()
        for _ in range(LIBREOFFICE_FILES):
            lo.soffice_per_file(path, folder / "lo-out", folder / "lo-profile")
        following = (time.perf_counter() - start) / LIBREOFFICE_FILES
        rows.append(Row(f"{ext} by soffice per file: first, next (s), phrase found",
                        f"{first:.2f}, {following:.2f}, {'yes' if found else 'NO'}"))
    if not lo.unoserver_available():
        rows.append(Row("LibreOffice kept warm (unoserver)",
                        "skipped: needs unoserver and Debian's python3-uno"))
        return rows
    start = time.perf_counter()
    with lo.warm_office() as warm:
        started = time.perf_counter() - start
        rows.append(Row("LibreOffice kept warm (unoserver): start-up (s)", f"{started:.2f}"))
        for ext in (".doc", ".xls", ".ppt"):
            path, phrase = samples[ext]
            start = time.perf_counter()
            texts = [warm.convert(path) for _ in range(LIBREOFFICE_FILES)]
            each = (time.perf_counter() - start) / LIBREOFFICE_FILES
            read = sum(1 for text in texts if _found(text, phrase))
            rows.append(Row(f"{ext} by warm LibreOffice: files/s, phrase found",
                            f"{1 / each:,.1f}, {read}/{LIBREOFFICE_FILES}"))
    return rows
