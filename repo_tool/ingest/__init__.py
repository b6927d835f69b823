"""How files become versions: the folder walk, the scanner, watch, import and restore.

`scan(repo, actor)` records everything that changed on disk; `Scanner` does the recording for
the other writers (watch, import, restore, generated forms, reviews) inside their own session.
"""

from repo_tool.ingest.scanner import Scanner, ScanResult, scan

__all__ = ["ScanResult", "Scanner", "scan"]
