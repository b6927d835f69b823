"""One blob's OCR in a child process: `python -m repo_tool.ocr._worker FILE LANGS DPI`.

Rendering an untrusted PDF or image happens here, never in the writer: the parent gives this
process a time limit and reads one JSON object from stdout: {"pages": [{"text", "error"}...]}
or {"error": reason}. Each page goes to Tesseract through stdin as PNG; the file is only read.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

PAGE_TIMEOUT = 300  # seconds for one page in Tesseract
MAX_PIXELS = 60_000_000  # a page bigger than this is refused, not rendered (memory)


def _pdf_pages(path: Path, dpi: int) -> Iterator[Any]:
    import pypdfium2 as pdfium  # type: ignore[import-untyped, unused-ignore]

    pdf = pdfium.PdfDocument(str(path))
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            width, height = page.get_size()
            scale = dpi / 72
            if width * height * scale * scale > MAX_PIXELS:
                scale = (MAX_PIXELS / (width * height)) ** 0.5
            yield page.render(scale=scale, grayscale=True).to_pil()
            page.close()
    finally:
        pdf.close()


def _image_pages(path: Path) -> Iterator[Any]:
    from PIL import Image, ImageOps

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    with Image.open(path) as image:
        for frame in range(getattr(image, "n_frames", 1)):
            image.seek(frame)
            # Phone photos carry their rotation in EXIF; Tesseract does not read it.
            yield ImageOps.exif_transpose(image.convert("L"))


def tesseract(png: bytes, languages: str) -> str:
    """Text of one page image; --psm 3 finds the layout, Tesseract deskews small angles."""
    done = subprocess.run(
        ["tesseract", "stdin", "stdout", "-l", languages, "--psm", "3"],
        input=png, capture_output=True, timeout=PAGE_TIMEOUT, check=False)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RuntimeError(message[-1] if message else f"tesseract exit {done.returncode}")
    return done.stdout.decode("utf-8", "replace")


def run(path: Path, languages: str, dpi: int) -> dict[str, Any]:
    """OCR every page of the file at `path`."""
    with path.open("rb") as handle:
        head = handle.read(8)
    pages: list[dict[str, str | None]] = []
    try:
        source = _pdf_pages(path, dpi) if head.startswith(b"%PDF") else _image_pages(path)
        for image in source:
            buffer = io.BytesIO()
            image.save(buffer, format="PNG")
            try:
                pages.append({"text": tesseract(buffer.getvalue(), languages), "error": None})
            except subprocess.TimeoutExpired:
                pages.append({"text": "", "error": f"page {len(pages) + 1}: Tesseract took "
                                                   f"longer than {PAGE_TIMEOUT} s"})
            except RuntimeError as exc:
                pages.append({"text": "", "error": f"page {len(pages) + 1}: {exc}"})
    except Exception as exc:  # any decoder failure is this file's reason, not a crash
        if not pages:
            return {"error": f"the pages could not be read as images ({type(exc).__name__}: "
                             f"{str(exc)[:200]})"}
        pages.append({"text": "", "error": f"page {len(pages) + 1}: {type(exc).__name__}"})
    return {"pages": pages}


if __name__ == "__main__":
    result = run(Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]))
    sys.stdout.write(json.dumps(result, ensure_ascii=False))
