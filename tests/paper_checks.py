"""What a reader sees on a generated paper: its PDF's text, its words, and its pages as PNGs.

Pages are saved under tests/artifacts/papers/<name>-<page>.png (git-ignored) for a person to
look at; words broken across lines are found in `pdftotext -raw`, which keeps each table cell's
lines together.
"""

from __future__ import annotations

import re
import subprocess
from itertools import pairwise
from pathlib import Path

from docx import Document

PAPERS = Path(__file__).resolve().parent / "artifacts" / "papers"
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*[A-Za-z]")


def docx_words(path: Path) -> set[str]:
    """Every English word in a .docx, its tables included, in lower case."""
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return {word.lower() for word in _WORD.findall("\n".join(parts))}


def split_words(pdf: Path, words: set[str]) -> list[str]:
    """The words of `words` that the PDF breaks across two lines, as `overdu|e`."""
    lines = [line.strip() for line in subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
        check=True).stdout.splitlines()]
    broken = []
    for before, after in pairwise(lines):
        head, tail = re.search(r"([A-Za-z]+)$", before), re.match(r"([A-Za-z]+)", after)
        if head and tail and (head[1] + tail[1]).lower() in words \
                and not {head[1].lower(), tail[1].lower()} <= words:
            broken.append(f"{head[1]}|{tail[1]}")
    return broken


def save_pages(pdf: Path, name: str) -> list[Path]:
    """The PDF's pages as tests/artifacts/papers/<name>-<page>.png at 60 dpi."""
    PAPERS.mkdir(parents=True, exist_ok=True)
    for old in PAPERS.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(PAPERS / name)], check=True)
    return sorted(PAPERS.glob(f"{name}-*.png"))
