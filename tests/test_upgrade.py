"""A catalog written by an older repo-tool keeps its meaning after the upgrade."""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image, ImageDraw
from pypdf import PdfWriter

from repo_tool.ingest import scan
from repo_tool.repository import Repository
from tests.conftest import ACTOR, PROJECT, Cli, rewind_catalog


def _picture_page(folder: Path) -> Path:
    """A page that is only a picture: what a scanner makes, with no text layer."""
    page = Image.new("L", (1200, 1600), 255)
    ImageDraw.Draw(page).rectangle((100, 100, 1100, 300), outline=0, width=8)
    pdf = folder / "scan.pdf"
    page.convert("RGB").save(pdf, resolution=150)
    return pdf


def test_a_partly_scanned_pdf_stays_in_the_ocr_queue_across_the_upgrade(
        repo: Repository, cli: Cli, tmp_path: Path) -> None:
    mixed = PdfWriter()
    mixed.append(str(PROJECT / "tests" / "fixtures" / "spmis-2018.pdf"))  # a typed page
    mixed.append(str(_picture_page(tmp_path)))                              # a signed scan
    target = repo.root / "records" / "ycc" / "minutes-signed.pdf"
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as out:
        mixed.write(out)
    typed = repo.root / "records" / "ycc" / "typed.pdf"
    typed.write_bytes((PROJECT / "tests" / "fixtures" / "spmis-2018.pdf").read_bytes())
    scan(repo, ACTOR, ocr=False)
    assert [path for _, path in repo.ocr_queue()] == ["records/ycc/minutes-signed.pdf"]
    repo.close()

    # the catalog as repo-tool left it before the queue had its own flag (migration 6)
    rewind_catalog(repo.state / "catalog.sqlite", 5)
    result = cli("scan", "--no-ocr")  # the next writer upgrades it
    assert result.exit_code == 0, result.output
    queued = json.loads(cli("ocr", "--json").output)["pending"]
    assert queued == ["records/ycc/minutes-signed.pdf"]
