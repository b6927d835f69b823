"""Which files get page thumbnails, and which may be shown in the browser rather than downloaded.

Decided by the file's name first (cheap, for lists of hits) and confirmed by its first bytes
before anything is rendered or sent inline: a `.pdf` that is not a PDF is neither.
"""

from __future__ import annotations

from pathlib import PurePosixPath

PDF = "pdf"
IMAGE = "image"
OFFICE = "office"

_IMAGES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".gif", ".bmp", ".webp"}
_OFFICE = {".docx", ".doc", ".xlsx", ".xls", ".odt", ".ods", ".odp", ".pptx", ".ppt", ".rtf"}

# What a browser may show inline: the type, recognised by the file's first bytes.
_INLINE = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


def kind_of(path: str) -> str | None:
    """"pdf", "image" or "office" for a file that can have page thumbnails, else None."""
    suffix = PurePosixPath(path).suffix.lower()
    if suffix == ".pdf":
        return PDF
    if suffix in _IMAGES:
        return IMAGE
    if suffix in _OFFICE:
        return OFFICE
    return None


def may_show_inline(path: str) -> bool:
    """Whether a file's name says it is a PDF or an image a browser shows (checked again by
    `inline_type` on its bytes)."""
    return PurePosixPath(path).suffix.lower() in {".pdf", ".png", ".jpg", ".jpeg", ".gif"}


def inline_type(path: str, head: bytes) -> str | None:
    """The media type to send a file inline with, or None to send it as a download: only PDFs
    and PNG, JPEG and GIF images whose name and first bytes agree."""
    if not may_show_inline(path):
        return None
    suffix = PurePosixPath(path).suffix.lower()
    for magic, media in _INLINE:
        if suffix == ".pdf" and media == "application/pdf" and magic in head[:1024]:
            return media
        if suffix != ".pdf" and head.startswith(magic) and media != "application/pdf":
            expected = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
                        ".gif": "image/gif"}[suffix]
            return media if media == expected else None
    return None
