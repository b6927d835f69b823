"""One file's page thumbnails in a child process:
`python -m repo_tool.generate.thumbnails._child KIND SOURCE OUT PAGES WIDTH MEMORY_MB`.

Rendering an untrusted PDF or image happens here, never in the server: this process lowers its
own address-space limit, the parent gives it a time limit, and it prints one JSON object on
stdout: {"pages": n, "of": total} once OUT holds 1.png .. n.png, or {"error": reason}.
"""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path
from typing import Any

MAX_PIXELS = 40_000_000  # an image or page bigger than this is refused, not rendered
MAX_HEIGHT_RATIO = 3  # a thumbnail is at most three times as tall as it is wide


def _limit_memory(memory_mb: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: the time limit still holds
        return
    if hasattr(resource, "RLIMIT_AS"):
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = memory_mb * 1024 * 1024
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _save(image: Any, out: Path, number: int, width: int) -> None:
    image.thumbnail((width, width * MAX_HEIGHT_RATIO))
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    image.save(out / f"{number}.png", optimize=True)


def render_pdf(source: Path, out: Path, pages: int, width: int) -> tuple[int, int]:
    """The first `pages` pages of a PDF as PNGs `width` pixels wide; (made, page count)."""
    import pypdfium2 as pdfium  # type: ignore[import-untyped, unused-ignore]

    pdf = pdfium.PdfDocument(str(source))
    try:
        total = len(pdf)
        made = 0
        for index in range(min(total, pages)):
            page = pdf[index]
            try:
                page_width, page_height = page.get_size()
                scale = width / max(page_width, 1.0)
                if page_width * page_height * scale * scale > MAX_PIXELS:
                    raise ValueError("a page is too large to draw")
                image = page.render(scale=scale).to_pil()
            finally:
                page.close()
            _save(image, out, index + 1, width)
            made += 1
        return made, total
    finally:
        pdf.close()


def render_image(source: Path, out: Path, pages: int, width: int) -> tuple[int, int]:
    """A photo or scan (each frame of a multi-page TIFF a page), scaled down, turned upright."""
    from PIL import Image, ImageOps

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    with Image.open(source) as image:
        total = getattr(image, "n_frames", 1)
        for frame in range(min(total, pages)):
            image.seek(frame)
            _save(ImageOps.exif_transpose(image.copy()), out, frame + 1, width)
        return min(total, pages), total


def main(argv: list[str]) -> int:
    kind, source, out, pages, width, memory_mb = argv
    _limit_memory(int(memory_mb))
    render = render_pdf if kind == "pdf" else render_image
    try:
        made, total = render(Path(source), Path(out), int(pages), int(width))
    except MemoryError:
        print(json.dumps({"error": "too large to draw within the memory limit"}))
        return 0
    except Exception as error:  # a damaged, encrypted or unsupported file: say why
        print(json.dumps({"error": f"{type(error).__name__}: {error}"[:300]}))
        return 0
    print(json.dumps({"pages": made, "of": total}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
