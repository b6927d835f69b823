"""The binder: one PDF with the cover, then per SQS a divider and each document as PDF, with a
bookmark per SQS and per document beneath it.

PDFs go in as they are (if pypdf can read them); Office files are converted by LibreOffice;
with OCR (`pack --pdf --ocr`), scanned PDFs get an invisible text layer and photos and scans
become searchable pages (repo_tool/ocr/searchable.py); anything else, and anything that fails,
is named on its SQS divider with the reason. Each blob
is converted once even when it evidences several SQS. Converted files live in a temporary
folder, never all in memory; the merged PDF itself is assembled by pypdf in memory.

A paper repo-tool generated is printed once (`one_copy_each`), though the zip keeps all its
files: a form made as .docx and .pdf, or a chart as .docx, .svg and .pdf, is one document.
"""

from __future__ import annotations

import shutil
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from repo_tool.generate.pack import _pages
from repo_tool.models import is_generated
from repo_tool.repository import Repository
from repo_tool.sqs import standard
from repo_tool.store.session import Progress

if TYPE_CHECKING:
    from repo_tool.generate.pack._build import Member, PackResult

OFFICE = {".doc", ".docx", ".odt", ".rtf", ".txt", ".xls", ".xlsx", ".ods", ".csv", ".ppt",
          ".pptx", ".odp"}
_PROBLEM_STATUS = {"encrypted", "corrupt"}
IMAGES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".heic", ".heif"}


def one_copy_each(members: list[Member]) -> list[Member]:
    """The members to print: each generated paper once, under each of its SQS.

    The files of one generated paper share a stem (`org-chart.docx`, `.svg`, `.pdf`). Its PDF
    is printed when it is at least as new as its .docx (the PDF is that .docx printed), else
    the .docx, which was made or edited since; a stem with neither keeps its first file.
    Everything else is printed as it is.
    """
    papers: dict[tuple[int, str], list[Member]] = {}
    for member in members:
        path = PurePosixPath(member.packed.document.path)
        if is_generated(str(path)):
            papers.setdefault((member.packed.sqs, str(path.with_suffix(""))), []).append(member)
    chosen = {id(_printed(files)) for files in papers.values()}
    return [m for m in members if not is_generated(m.packed.document.path) or id(m) in chosen]


def _printed(files: list[Member]) -> Member:
    by_format = {PurePosixPath(m.packed.document.path).suffix.lower(): m for m in files}
    pdf, docx = by_format.get(".pdf"), by_format.get(".docx")
    if pdf is not None and (docx is None
                            or pdf.packed.version.mtime_ns >= docx.packed.version.mtime_ns):
        return pdf
    return docx or files[0]


def _readable_pdf(path: Path) -> str | None:
    """None if pypdf can read every page's count, else the reason."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            return "encrypted PDF (needs a password)"
        if len(reader.pages) == 0:
            return "PDF without pages"
    except (PdfReadError, OSError, ValueError, KeyError, TypeError) as exc:
        return f"damaged PDF ({type(exc).__name__})"
    except Exception as exc:  # pypdf raises many kinds on broken files
        return f"damaged PDF ({type(exc).__name__})"
    return None


def _scanned(repo: Repository, sha256: str, ext: str) -> bool:
    """Whether the blob has pages without a text layer (the flag the OCR queue selects on)."""
    stored = repo.catalog.texts.get(sha256)
    return stored is not None and stored.scanned and (ext == ".pdf" or ext in IMAGES)


def _ocr_pdfs(repo: Repository, members: list[Member], languages: tuple[str, ...], work: Path,
              on_progress: Progress | None) -> dict[str, Path | str]:
    """sha256 -> a searchable PDF of each scanned PDF or photo, or why OCR could not make one."""
    from repo_tool.errors import RepoError
    from repo_tool.ocr.searchable import write_searchable_pdf

    scans: dict[str, str] = {}
    for member in members:
        version = member.packed.version
        ext = PurePosixPath(version.path).suffix.lower()
        if version.sha256 not in scans and _scanned(repo, version.sha256, ext):
            scans[version.sha256] = version.path
    made: dict[str, Path | str] = {}
    folder = work / "ocr"
    folder.mkdir(parents=True, exist_ok=True)
    for done, (sha256, path) in enumerate(scans.items(), start=1):
        if on_progress:
            on_progress(done - 1, len(scans), f"OCR: {PurePosixPath(path).name}")
        try:
            made[sha256] = write_searchable_pdf(repo.objects.path_for(sha256), languages,
                                                folder / f"{done:05d}.pdf").out
        except RepoError as exc:
            made[sha256] = f"OCR could not make it searchable: {exc.message}"
    return made


def _as_pdfs(repo: Repository, members: list[Member], work: Path,
             on_progress: Progress | None, offset: int, total: int,
             ocr_languages: tuple[str, ...] | None = None) -> dict[str, Path | str]:
    """sha256 -> a PDF of that blob, or why there is none."""
    results: dict[str, Path | str] = {}
    searchable = _ocr_pdfs(repo, members, ocr_languages, work, on_progress) \
        if ocr_languages else {}
    to_convert: dict[Path, str] = {}
    blobs = work / "blobs"
    blobs.mkdir(parents=True, exist_ok=True)
    for member in members:
        version = member.packed.version
        if version.sha256 in results or version.sha256 in to_convert.values():
            continue
        ext = PurePosixPath(version.path).suffix.lower()
        if isinstance(searchable.get(version.sha256), Path):
            results[version.sha256] = searchable[version.sha256]
            continue
        stored = repo.catalog.texts.get(version.sha256)
        if stored is not None and stored.status in _PROBLEM_STATUS:
            results[version.sha256] = f"{stored.status}: {stored.reason or 'cannot be opened'}"
            continue
        if ext == ".pdf" or ext in OFFICE:
            copy = blobs / f"{len(results) + len(to_convert):05d}{ext}"
            with repo.open_version(version) as source, copy.open("wb") as sink:
                shutil.copyfileobj(source, sink)
            if ext == ".pdf":
                problem = _readable_pdf(copy)
                results[version.sha256] = problem or copy
            else:
                to_convert[copy] = version.sha256
        elif version.sha256 in searchable:  # a photo OCR could not read
            results[version.sha256] = str(searchable[version.sha256])
        else:
            hint = " (`pack --pdf --ocr` puts photos in as searchable pages)" \
                if ext in IMAGES else ""
            results[version.sha256] = f"{ext or 'files without an extension'} cannot be made " \
                                      f"into PDF; see the file in the zip{hint}"
    if to_convert:
        def converting(done: int, count: int, item: str) -> None:
            if on_progress:
                on_progress(offset + done * (total - offset) // count, total, item)

        outcomes = _pages.convert_many(list(to_convert), work / "converted", converting)
        for office, outcome in outcomes.items():
            if isinstance(outcome, Path):
                problem = _readable_pdf(outcome)
                results[to_convert[office]] = problem or outcome
            else:
                results[to_convert[office]] = outcome
    return results


def make_binder(repo: Repository, members: list[Member], numbers: tuple[int, ...],
                cover_pdf: Path, work: Path, result: PackResult,
                on_progress: Progress | None,
                ocr_languages: tuple[str, ...] | None = None) -> Path:
    """Write the binder PDF into `work` and return its path; notes what was left out."""
    from pypdf import PdfReader, PdfWriter

    members = one_copy_each(members)
    total = len(members) * 2
    pdfs = _as_pdfs(repo, members, work, on_progress, len(members), total, ocr_languages)
    dividers: dict[int, Path] = {}
    for number in numbers:
        mine = [m for m in members if m.packed.sqs == number]
        missing = [(PurePosixPath(m.name).name, reason) for m in mine
                   if isinstance(reason := pdfs[m.packed.version.sha256], str)]
        result.not_in_binder.extend((m.name, pdfs[m.packed.version.sha256])  # type: ignore[misc]
                                    for m in mine
                                    if isinstance(pdfs[m.packed.version.sha256], str))
        dividers[number] = _pages.write_divider(
            work / "dividers" / f"sqs-{number:02d}.docx", standard(number),
            [PurePosixPath(m.name).name for m in mine], missing)
    converted = _pages.convert_many(list(dividers.values()), work / "dividers-pdf")
    writer = PdfWriter()
    writer.append(str(cover_pdf), import_outline=False)
    for number in numbers:
        divider = converted[dividers[number]]
        start = len(writer.pages)
        if isinstance(divider, Path):
            writer.append(str(divider), import_outline=False)
        std = standard(number)
        parent = writer.add_outline_item(title=f"SQS {number} {std.name_zh} {std.name_en}",
                                         page_number=min(start, len(writer.pages) - 1))
        for member in (m for m in members if m.packed.sqs == number):
            pdf = pdfs[member.packed.version.sha256]
            if not isinstance(pdf, Path):
                continue
            start = len(writer.pages)
            try:
                writer.append(PdfReader(str(pdf)), import_outline=False)
            except Exception as exc:
                result.not_in_binder.append((member.name, f"damaged PDF ({type(exc).__name__})"))
                continue
            if len(writer.pages) > start:
                writer.add_outline_item(title=PurePosixPath(member.name).name, page_number=start,
                                        parent=parent)
    dest = work / "binder.pdf"
    with dest.open("wb") as sink:
        writer.write(sink)
    return dest
