"""Time to first thumbnail (issue 20): a 20-page PDF and a Word file, each from a version's
bytes to its first page's PNG in `.repo/thumbnails/`, against the bare work in the same run
(PDFium drawing page 1 in this process; LibreOffice making the PDF). The server's worker adds
the copy of the checked bytes, the child process and the cache on top of that."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks.common import Options, Row, ratio, say
from repo_tool.generate import soffice_path
from repo_tool.generate.thumbnails import Thumbnailer
from repo_tool.models import Actor
from repo_tool.repository import Repository

ACTOR = Actor(user="bench", by="bench")
PDF_TARGET = 3.0  # seconds: a reviewer clicking a document sees its pages at once
WORD_TARGET = 30.0  # LibreOffice's start dominates; the page shows a placeholder meanwhile


def _word(path: Path, pages: int) -> Path:
    from docx import Document
    from docx.enum.text import WD_BREAK

    document = Document()
    for number in range(1, pages + 1):
        document.add_heading(f"第 {number} 頁 私隱及保密政策 Page {number}", level=1)
        for _ in range(12):
            document.add_paragraph("服務使用者的個人資料只可用於收集時所述的目的。 "
                                   "Personal data are used only for the purpose stated.")
        if number < pages:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.save(str(path))
    return path


def _first_thumbnail(root: Path, relpath: str) -> float:
    repo = Repository.open(root)
    try:
        version = repo.version(repo.document(relpath))
    finally:
        repo.close()
    worker = Thumbnailer(root)
    started = time.perf_counter()
    worker.ask(version, urgent=True)
    while worker.cache.page(version.sha256, 1) is None:
        if not worker.wait_idle(0.01) and time.perf_counter() - started > 600:
            raise RuntimeError("no thumbnail after 600 s")
        if worker.cache.made(version.sha256) is not None:
            break
    elapsed = time.perf_counter() - started
    worker.close()
    if worker.cache.page(version.sha256, 1) is None:
        raise RuntimeError(f"no thumbnail: {worker.cache.made(version.sha256)}")
    return elapsed


def _bare_pdf_page(pdf: Path) -> float:
    import pypdfium2 as pdfium  # type: ignore[import-untyped, unused-ignore]

    started = time.perf_counter()
    document = pdfium.PdfDocument(str(pdf))
    page = document[0]
    width, _height = page.get_size()
    page.render(scale=240 / width).to_pil().save(pdf.with_suffix(".png"))
    page.close()
    document.close()
    return time.perf_counter() - started


def run(options: Options) -> list[Row]:
    del options  # two files, whatever the corpus size
    if soffice_path() is None:
        return [Row("time to first thumbnail", "skipped: LibreOffice is not installed")]
    from repo_tool.generate.thumbnails._worker import office_pdf
    from repo_tool.ingest import scan

    with tempfile.TemporaryDirectory(prefix="repo-tool-bench-preview-") as work:
        root = Path(work) / "repo"
        repo = Repository.init(root, "明德社會服務協會", "Ming Tak Social Service Association")
        repo.add_unit("u01", "單位一", "Unit one", None, ACTOR)
        folder = root / "policies" / "u01" / "SQS-14"
        folder.mkdir(parents=True)
        say("preview: making a 20-page PDF and a Word file")
        word = _word(folder / "policy.docx", 3)
        long_word = _word(Path(work) / "register.docx", 20)
        made = office_pdf(long_word, Path(work))
        assert not isinstance(made, str), made
        made.rename(folder / "register.pdf")
        scan(repo, ACTOR)
        repo.close()
        say("preview: first thumbnail of the 20-page PDF")
        pdf_seconds = _first_thumbnail(root, "policies/u01/SQS-14/register.pdf")
        bare_pdf = _bare_pdf_page(folder / "register.pdf")
        say("preview: first thumbnail of the Word file")
        word_seconds = _first_thumbnail(root, "policies/u01/SQS-14/policy.docx")
        started = time.perf_counter()
        bare = office_pdf(word, Path(work) / "bare")
        bare_word = time.perf_counter() - started
        assert not isinstance(bare, str), bare
    return [
        Row("time to first thumbnail, 20-page PDF (s)", f"{pdf_seconds:.2f}",
            f"{bare_pdf:.3f} (PDFium, page 1, in process)", ratio(pdf_seconds, bare_pdf),
            f"< {PDF_TARGET:.0f} s", pdf_seconds < PDF_TARGET),
        Row("time to first thumbnail, Word file (s)", f"{word_seconds:.2f}",
            f"{bare_word:.2f} (LibreOffice to PDF alone)", ratio(word_seconds, bare_word),
            f"< {WORD_TARGET:.0f} s", word_seconds < WORD_TARGET),
    ]
