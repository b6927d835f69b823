"""`repo-tool ocr --pdf PATH -o OUT`: a searchable copy of a scanned document for the pack.

The worker (`_worker.layers`, in a child process like all OCR) has Tesseract write one PDF per
scanned page. For a PDF, those are invisible text layers, laid here over the original pages
with pypdf, so the scanned images and every typed page stay exactly as they were; for a
picture, they are the picture with its text. The stored version is only read; OUT is a new
file and is never written over.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from repo_tool.errors import Conflict, RepoError, Unsupported
from repo_tool.ocr import FILE_TIMEOUT, OcrJob, engine_problem, languages_key


@dataclass(frozen=True)
class SearchablePdf:
    """What `write_searchable_pdf` made."""

    out: Path
    pages: int        # pages in OUT
    read: int         # pages given a text layer by OCR
    problems: tuple[str, ...]


def write_searchable_pdf(blob: Path, languages: tuple[str, ...], out: Path) -> SearchablePdf:
    """Write a searchable PDF of the scanned PDF or picture at `blob` to `out` (a new file)."""
    from pypdf import PdfReader, PdfWriter, Transformation

    problem = engine_problem(languages)
    if problem:
        raise Unsupported(problem)
    if out.exists():
        raise Conflict(f"{out} already exists; choose another name (nothing is written over)")
    with tempfile.TemporaryDirectory(prefix="repo-tool-ocr-") as temp:
        got = OcrJob(str(blob), languages_key(languages), temp).wait_answer()
        if got is None:
            raise Unsupported(f"OCR took longer than {FILE_TIMEOUT} s; nothing was written")
        answer, exit_code = got
        try:
            result = json.loads(answer.decode("utf-8"))
        except ValueError:
            raise RepoError(f"OCR stopped (exit {exit_code}); nothing was written") from None
        if "error" in result:
            raise Unsupported(f"cannot OCR this file: {result['error']}")
        pages = result["pages"]
        problems = tuple(str(page["error"]) for page in pages if page["error"])
        layers = {page["page"]: Path(page["pdf"]) for page in pages if not page["error"]}
        writer = PdfWriter()
        if result["pdf"]:
            writer.append(PdfReader(blob))
            for number, layer in layers.items():
                target = writer.pages[number - 1]
                if target.rotation:
                    target.transfer_rotation_to_content()
                text = PdfReader(layer).pages[0]
                box, have = target.mediabox, text.mediabox
                target.merge_transformed_page(text, Transformation()
                                              .scale(float(box.width) / float(have.width),
                                                     float(box.height) / float(have.height))
                                              .translate(float(box.left), float(box.bottom)))
        else:
            for number in sorted(layers):
                writer.append(PdfReader(layers[number]))
        if not len(writer.pages):
            raise Unsupported("no page of this file could be read by OCR"
                              + (f" ({problems[0]})" if problems else ""))
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(f".{out.name}.partial")
        with partial.open("wb") as stream:
            writer.write(stream)
        partial.replace(out)
        return SearchablePdf(out, len(writer.pages), len(layers), problems)
