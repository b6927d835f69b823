"""The evidence pack for an assessment visit: a zip by SQS with a manifest, checksums, a cover
and, on request, one PDF binder; and the check that a pack still holds what it says.
"""

from repo_tool.generate.pack._build import (
    ALL_SQS,
    BINDER,
    FORMATS,
    MANIFEST,
    SUMS,
    PackResult,
    make_pack,
)
from repo_tool.generate.pack._check import check_pack
from repo_tool.generate.pack._select import ReadinessRow, readiness_rows, select, version_at

__all__ = ["ALL_SQS", "BINDER", "FORMATS", "MANIFEST", "SUMS", "PackResult", "ReadinessRow",
           "check_pack", "make_pack", "readiness_rows", "select", "version_at"]
