"""Page thumbnails below the web (issue 20): drawn in a child process, cached by sha256 under
`.repo/thumbnails/`, made by one background thread; which versions may open in the browser;
the text the search reads, a part at a time. Real files, real PDFium, Pillow and LibreOffice."""

from __future__ import annotations

import stat
import time
from pathlib import Path

import pytest
from PIL import Image

from repo_tool.domain.reading import reading
from repo_tool.generate import soffice_path
from repo_tool.generate.thumbnails import MAX_PAGES, Thumbnailer, inline_type
from repo_tool.repository import Repository
from tests.conftest import PROJECT, Cli, write

FOLDER = "records/ycc/SQS-14"


def pdf_of(path: Path, pages: int) -> Path:
    """A real PDF of `pages` pages, each a different shade with its number drawn large."""
    from PIL import ImageDraw

    images = []
    for number in range(1, pages + 1):
        page = Image.new("RGB", (595, 842), (255, 255 - 10 * number, 255))
        ImageDraw.Draw(page).text((250, 400), str(number), fill=(0, 0, 0))
        images.append(page)
    path.parent.mkdir(parents=True, exist_ok=True)
    images[0].save(path, save_all=True, append_images=images[1:], resolution=72)
    return path


def recorded(repo: Repository, cli: Cli, relpath: str):  # type: ignore[no-untyped-def]
    assert cli("scan", "--no-ocr").exit_code == 0
    return repo.version(repo.document(relpath))


def test_a_long_pdf_gets_its_first_pages_drawn_and_kept_private(repo: Repository,
                                                                cli: Cli) -> None:
    pdf_of(repo.root / FOLDER / "register.pdf", 9)
    version = recorded(repo, cli, f"{FOLDER}/register.pdf")
    made = Thumbnailer(repo.root).make(version)
    assert (made.state, made.pages, made.of) == ("ready", MAX_PAGES, 9)
    folder = repo.root / ".repo" / "thumbnails"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    pages = sorted((folder / version.sha256).glob("*.png"))
    assert [p.name for p in pages] == [f"{n}.png" for n in range(1, MAX_PAGES + 1)]
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in pages)
    with Image.open(pages[0]) as first:
        assert first.width == 240 and 330 <= first.height <= 345  # A4's shape
    assert not list(folder.glob(".work-*"))  # drawn aside, renamed into place whole


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice is not installed")
def test_a_word_file_is_drawn_through_the_pdf_libreoffice_makes(repo: Repository,
                                                                cli: Cli) -> None:
    source = PROJECT / ("policies/ycc/SQS-14 私隱和保密/"
                        "私隱及保密政策 Privacy and Confidentiality Policy.docx")
    write(repo.root / FOLDER / "policy.docx", source.read_bytes())
    version = recorded(repo, cli, f"{FOLDER}/policy.docx")
    made = Thumbnailer(repo.root).make(version)
    assert made.state == "ready" and made.pages >= 2
    with Image.open(repo.root / ".repo" / "thumbnails" / version.sha256 / "1.png") as first:
        dark = sum(first.convert("L").histogram()[:128])
        assert dark > 500  # words were drawn, not a blank page


def test_a_photo_is_scaled_down(repo: Repository, cli: Cli) -> None:
    photo = repo.root / FOLDER / "notice.jpg"
    photo.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (3000, 2000), (200, 30, 30)).save(photo, quality=80)
    version = recorded(repo, cli, f"{FOLDER}/notice.jpg")
    made = Thumbnailer(repo.root).make(version)
    assert (made.state, made.pages, made.of) == ("ready", 1, 1)
    with Image.open(repo.root / ".repo" / "thumbnails" / version.sha256 / "1.png") as small:
        assert small.size == (240, 160)


def test_a_damaged_pdf_is_kept_as_failed_and_not_tried_again(repo: Repository,
                                                             cli: Cli) -> None:
    write(repo.root / FOLDER / "broken.pdf", b"%PDF-1.4\nnot really a pdf at all\n")
    version = recorded(repo, cli, f"{FOLDER}/broken.pdf")
    worker = Thumbnailer(repo.root)
    made = worker.make(version)
    assert made.state == "failed" and made.reason
    again = Thumbnailer(repo.root).ask(version)  # another server: read from the cache
    assert again.state == "failed"


def test_the_worker_answers_at_once_and_draws_in_the_background(repo: Repository,
                                                                cli: Cli) -> None:
    for name in ("a", "b"):
        pdf_of(repo.root / FOLDER / f"{name}.pdf", 2 if name == "a" else 3)
    write(repo.root / FOLDER / "notes.txt", "plain words")
    assert cli("scan", "--no-ocr").exit_code == 0
    a, b = (repo.version(repo.document(f"{FOLDER}/{n}.pdf")) for n in ("a", "b"))
    notes = repo.version(repo.document(f"{FOLDER}/notes.txt"))
    worker = Thumbnailer(repo.root)
    started = time.monotonic()
    assert worker.ask(a).state == "pending" and worker.ask(b, urgent=True).state == "pending"
    assert worker.ask(a).state in ("pending", "ready")  # asked twice: queued once
    assert time.monotonic() - started < 1.0  # nothing was drawn while asking
    assert worker.ask(notes).state == "none"  # plain text has no pages to draw
    assert worker.wait_idle(120)
    assert worker.ask(a).pages == 2 and worker.ask(b).pages == 3
    worker.close()


def test_only_pdfs_and_images_whose_bytes_agree_open_in_the_browser() -> None:
    assert inline_type("a/policy.pdf", b"%PDF-1.7\n...") == "application/pdf"
    assert inline_type("a/photo.JPG", b"\xff\xd8\xff\xe0...") == "image/jpeg"
    assert inline_type("a/scan.png", b"\x89PNG\r\n\x1a\n...") == "image/png"
    assert inline_type("a/page.pdf", b"<html><script>alert(1)</script>") is None
    assert inline_type("a/photo.png", b"\xff\xd8\xff\xe0...") is None  # name and bytes differ
    assert inline_type("a/policy.docx", b"PK\x03\x04") is None
    assert inline_type("a/scan.tiff", b"II*\x00") is None  # browsers do not show TIFF
    assert inline_type("a/page.html", b"%PDF-1.7") is None


def test_the_text_the_search_reads_comes_a_part_at_a_time(repo: Repository, cli: Cli) -> None:
    body = "\n".join(f"第{n:05d}行 line {n}" for n in range(3000))
    write(repo.root / FOLDER / "long.txt", body)
    version = recorded(repo, cli, f"{FOLDER}/long.txt")
    first = reading(repo, version, 1, size=20_000)
    assert first.status == "ok" and first.parts == -(-len(body) // 20_000)
    [text] = first.texts
    assert text.source == "text" and text.chars == len(body) and text.text == body[:20_000]
    last = reading(repo, version, 999, size=20_000)  # past the end: the last part
    assert last.part == last.parts and body.endswith(last.texts[0].text)
