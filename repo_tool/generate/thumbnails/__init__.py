"""Page thumbnails and inline views: what a person sees before downloading a version.

`Thumbnailer` makes a version's first pages into small PNGs in the background (PDF pages with
PDFium, Word, Excel and ODF files through the PDF LibreOffice makes, images scaled with
Pillow), cached by sha256 under `.repo/thumbnails/`; `inline_type` says whether a version may
open in the browser (PDFs and PNG, JPEG and GIF images, by name and bytes) or stays a download.
"""

from repo_tool.generate.thumbnails._cache import Preview, ThumbnailCache
from repo_tool.generate.thumbnails._kinds import inline_type, kind_of, may_show_inline
from repo_tool.generate.thumbnails._worker import MAX_PAGES, Thumbnailer

__all__ = ["MAX_PAGES", "Preview", "ThumbnailCache", "Thumbnailer", "inline_type", "kind_of",
           "may_show_inline"]
