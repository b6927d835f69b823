"""Text extraction: what a document says, as lines of text, or why it cannot be read.

`extract_file` reads one file in this process; `ExtractorPool` runs the same function in
long-lived child processes with a time and a memory limit, for files that arrive from users
(docs/architecture.md, "Extraction in a sandboxed pool"). Neither raises for a bad file: every
outcome is an `Extraction` with a status and, when it is not "ok", a reason a person can act on.
The bytes of a file that cannot be read are still versioned by the caller; this package only
reports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from repo_tool.lazy import lazy_exports

EXTRACTOR_VERSION = 3
"""Bumped whenever extraction output changes, so that text stored by an older version is redone.
It lives in this light module, so that a writer can ask whether anything needs extracting
without importing the extractors (PDFium and the XML readers, ~80 ms).
2: each result carries the document's title (`Extraction.title`).
3: Word/Excel/PowerPoint 97-2003, .pptx, RTF, HTML, .eml and .msg are read, not only named."""

if TYPE_CHECKING:
    from repo_tool.extract._dispatch import extract_file
    from repo_tool.extract._name_only import NAME_ONLY, name_only_by_format
    from repo_tool.extract._pool import ExtractorPool, limit_memory
    from repo_tool.extract._sniff import preferred_name
    from repo_tool.extract._types import MAX_FILE_BYTES, Extraction, Status

__all__ = ["EXTRACTOR_VERSION", "MAX_FILE_BYTES", "NAME_ONLY", "Extraction", "ExtractorPool",
           "Status", "extract_file", "limit_memory", "name_only_by_format", "preferred_name"]

_LAZY = {"extract_file": "_dispatch", "ExtractorPool": "_pool", "limit_memory": "_pool",
         "preferred_name": "_sniff",
         "MAX_FILE_BYTES": "_types", "NAME_ONLY": "_name_only", "name_only_by_format": "_name_only",
         "Extraction": "_types", "Status": "_types"}

# The extractors load on first use, not when the package is imported.
__getattr__ = lazy_exports(__name__, _LAZY)
