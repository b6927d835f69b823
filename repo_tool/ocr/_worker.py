"""One blob's OCR in a child process:
`python -m repo_tool.ocr._worker FILE LANGS DPI PIPELINE [OUT]` (with OUT, the pages of a
searchable PDF, see `layers`).

Rendering an untrusted PDF or image happens here, never in the writer: the parent gives this
process a time limit and reads one JSON object from stdout:
{"pages": [{"page", "text", "error", "blank"}...], "of": page count} or {"error": reason}.
Only pages without a text layer are read (a PDF mixing typed and scanned pages has only its
scans read).
The file is only read.

Two pipelines (benchmarks/README.md, "What the measurements decided", has the figures):
- `prepared`, the default: a blank page is skipped; the page is straightened and its table rules
  taken out (`_prepare.py`); it goes to Tesseract uncompressed (PGM: encoding a page as PNG
  took 0.45-0.7 s, a fifth of Tesseract's own time) with --psm 3, which skips orientation
  detection; only a page read with low confidence (one scanned sideways or upside down) has
  its orientation detected and is read again turned.
- `classic`, kept for the benchmark's before/after: PNG, --psm 1 (orientation detection on
  every page), the page as scanned.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from repo_tool.ocr._prepare import prepare

PAGE_TIMEOUT = 300  # seconds for one page in Tesseract
MAX_PIXELS = 60_000_000  # a page bigger than this is refused, not rendered (memory)
PIPELINES = ("prepared", "classic")
LOW_CONFIDENCE = 55  # mean word confidence below which a page may be turned; upright ~ 85+
# The resolution Tesseract is told, whatever the scan's: at the true 200 dpi (or with none, when
# it estimates one) its column finder split the two-column document-control tables into
# columns, reading every label before every value (65% on that page); told 96 it reads them
# row by row (91%), and every other test page the same (measured, see benchmarks/README.md).
TOLD_DPI = 96


class _Pages:
    """The page images of one file to read, with their page numbers (from 1)."""

    count = 0

    def pdf(self, path: Path, dpi: int) -> Iterator[tuple[int, Any]]:
        import pypdfium2 as pdfium  # type: ignore[import-untyped, unused-ignore]

        from repo_tool.extract._pdf import is_scanned

        pdf = pdfium.PdfDocument(str(path))
        try:
            self.count = len(pdf)
            for index in range(self.count):
                page = pdf[index]
                try:
                    textpage = page.get_textpage()
                    try:
                        text = textpage.get_text_range()
                    finally:
                        textpage.close()
                    if not is_scanned(page, text):
                        continue  # typed text (already extracted) or a blank page
                    width, height = page.get_size()
                    scale = dpi / 72
                    if width * height * scale * scale > MAX_PIXELS:
                        scale = (MAX_PIXELS / (width * height)) ** 0.5
                    image = page.render(scale=scale, grayscale=True).to_pil()
                finally:
                    page.close()
                yield index + 1, image
        finally:
            pdf.close()

    def image(self, path: Path) -> Iterator[tuple[int, Any]]:
        from PIL import Image, ImageOps

        try:  # HEIC/HEIF phone photos, where the maintained decoder is installed
            from pillow_heif import register_heif_opener  # type: ignore[import-not-found, unused-ignore]
        except ImportError:
            pass
        else:
            register_heif_opener()
        Image.MAX_IMAGE_PIXELS = MAX_PIXELS
        with Image.open(path) as image:
            self.count = getattr(image, "n_frames", 1)
            for frame in range(self.count):
                image.seek(frame)
                # Phone photos carry their rotation in EXIF; Tesseract does not read it.
                yield frame + 1, ImageOps.exif_transpose(image.convert("L"))


def tesseract(png: bytes, languages: str) -> str:
    """Text of one page image.

    --psm 1 finds the layout after orientation and script detection (the `osd` data Debian's
    tesseract-ocr installs), so a page scanned sideways or upside down is read the right way
    up; small skews are straightened by the layout analysis itself. On upright pages it reads
    the same text as --psm 3, no slower (measured on the SPMIS page at 200 dpi).
    """
    done = subprocess.run(
        ["tesseract", "stdin", "stdout", "-l", languages, "--psm", "1"],
        input=png, capture_output=True, timeout=PAGE_TIMEOUT, check=False)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RuntimeError(message[-1] if message else f"tesseract exit {done.returncode}")
    return done.stdout.decode("utf-8", "replace")


def _tesseract(image: Any, languages: str, out: str, psm: str, *configs: str) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PPM")  # PGM for a greyscale page: no compression to undo
    # The configs go after every option: Tesseract reads the rest of the line as config names.
    command = ["tesseract", "stdin", out, "-l", languages, "--psm", psm, "--dpi",
               str(TOLD_DPI), *configs]
    done = subprocess.run(command, input=buffer.getvalue(), capture_output=True,
                          timeout=PAGE_TIMEOUT, check=False)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RuntimeError(message[-1] if message else f"tesseract exit {done.returncode}")
    return done.stdout


def _read(image: Any, languages: str) -> tuple[str, float]:
    """Text of an upright page (--psm 3) and its mean word confidence, weighted by length."""
    with tempfile.TemporaryDirectory(prefix="repo-tool-ocr-") as temp:
        _tesseract(image, languages, f"{temp}/page", "3", "txt", "tsv")
        text = Path(temp, "page.txt").read_text(encoding="utf-8", errors="replace")
        rows = Path(temp, "page.tsv").read_text(encoding="utf-8", errors="replace")
    weight = total = 0.0
    for row in rows.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) == 12 and cells[0] == "5" and cells[11].strip():
            size = len(cells[11].strip())
            weight += size
            total += size * float(cells[10])
    return text, (total / weight if weight else 0.0)


def _turn(image: Any) -> int:
    """Degrees (counter-clockwise) that Tesseract's orientation detection says the page needs
    to stand upright, 0 when it is upright or cannot tell."""
    try:
        # With the osd data alone: with the reading languages loaded too, Tesseract 5.3 took
        # an upside-down page for one turned 270 degrees.
        found = _tesseract(image, "osd", "stdout", "0").decode()
    except (RuntimeError, subprocess.TimeoutExpired):
        return 0
    for line in found.splitlines():
        if line.startswith("Rotate:"):
            return -int(line.split(":", 1)[1]) % 360
    return 0


def read_page(image: Any, languages: str) -> tuple[str, bool]:
    """The prepared pipeline on one greyscale page: (text, whether the page was blank)."""
    page = prepare(image)
    if page is None:
        return "", True
    text, confidence = _read(page, languages)
    if confidence < LOW_CONFIDENCE:
        # Sideways or upside down, most likely: turned as orientation detection says, or
        # upside down when it cannot tell (a page of a line or two); kept if read better.
        turn = _turn(page) or 180
        again, better = _read(page.rotate(turn, expand=True, fillcolor=255), languages)
        if better > confidence:
            text = again
    return text, False


def run(path: Path, languages: str, dpi: int, pipeline: str = "prepared") -> dict[str, Any]:
    """OCR every page of the file at `path`."""
    with path.open("rb") as handle:
        head = handle.read(8)
    pages: list[dict[str, Any]] = []
    source = _Pages()
    number = 0
    try:
        is_pdf = head.startswith(b"%PDF")
        for number, image in source.pdf(path, dpi) if is_pdf else source.image(path):
            try:
                if pipeline == "classic":
                    buffer = io.BytesIO()
                    image.save(buffer, format="PNG")
                    pages.append({"page": number, "text": tesseract(buffer.getvalue(),
                                                                    languages), "error": None})
                    continue
                text, blank = read_page(image, languages)
                pages.append({"page": number, "text": text, "error": None, "blank": blank})
            except subprocess.TimeoutExpired:
                pages.append({"page": number, "text": "", "error": f"page {number}: Tesseract "
                              f"took longer than {PAGE_TIMEOUT} s"})
            except RuntimeError as exc:
                pages.append({"page": number, "text": "", "error": f"page {number}: {exc}"})
    except Exception as exc:  # any decoder failure is this file's reason, not a crash
        if not pages:
            return {"error": f"the pages could not be read as images ({type(exc).__name__}: "
                             f"{str(exc)[:200]})"}
        pages.append({"page": number + 1, "text": "",
                      "error": f"page {number + 1}: {type(exc).__name__}"})
    return {"pages": pages, "of": source.count}


def layers(path: Path, languages: str, dpi: int, out: Path) -> dict[str, Any]:
    """For a searchable PDF: one PDF per scanned page, written to `out`, by Tesseract's PDF
    renderer. A PDF's pages get an invisible text layer only (to lay over the original page,
    so the scan itself is kept as it is); a picture's frames get the picture and the text."""
    with path.open("rb") as handle:
        is_pdf = handle.read(8).startswith(b"%PDF")
    source = _Pages()
    pages: list[dict[str, Any]] = []
    try:
        for number, image in source.pdf(path, dpi) if is_pdf else source.image(path):
            picture = out / f"page-{number:05d}.{'png' if is_pdf else 'jpg'}"
            if is_pdf:
                image.save(picture, format="PNG")
            else:
                image.save(picture, format="JPEG", quality=90, dpi=(dpi, dpi))
            base = out / f"page-{number:05d}"
            command = ["tesseract", str(picture), str(base), "-l", languages, "--psm", "1",
                       "--dpi", str(dpi)]
            if is_pdf:
                command += ["-c", "textonly_pdf=1"]
            done = subprocess.run([*command, "pdf"], capture_output=True, timeout=PAGE_TIMEOUT,
                                  check=False)
            picture.unlink()
            error = None if done.returncode == 0 else (
                done.stderr.decode("utf-8", "replace").strip().splitlines() or ["failed"])[-1]
            pages.append({"page": number, "pdf": f"{base}.pdf", "error": error})
    except Exception as exc:  # a decoder failure is this file's reason, not a crash
        return {"error": f"the pages could not be read as images ({type(exc).__name__}: "
                         f"{str(exc)[:200]})"}
    return {"pages": pages, "of": source.count, "pdf": is_pdf}


if __name__ == "__main__":
    if len(sys.argv) > 5:
        result = layers(Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), Path(sys.argv[5]))
    else:
        result = run(Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4])
    sys.stdout.write(json.dumps(result, ensure_ascii=False))
