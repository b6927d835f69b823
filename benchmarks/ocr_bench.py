"""OCR of test scans made from real Chinese PDFs: repo-tool's pipeline in `make bench` (`run`),
beside the pipeline before issue 23 (`classic`) in the same run, and the engine candidates side
by side with `python -m benchmarks.ocr_bench [OUT]` (`main`).

Each source PDF page (the demo policies and tests/fixtures) is rendered at 200 dpi, rotated
1.5 degrees, blurred and given noise, then saved as an image-only PDF and as a JPEG. Character
accuracy is 1 - edit distance / length over the source text's letters, digits and CJK
characters, both sides folded by the search analyzer (NFKC, case, OpenCC) and spaces dropped.
Pages/s is wall time for the pages one after another, on this machine (2 cores).
Candidates: Tesseract 5 (chi_tra+eng, Debian) and RapidOCR (onnxruntime, models inside its
wheel) when `rapidocr_onnxruntime` is importable; it is not a dependency of repo-tool.
"""

from __future__ import annotations

import io
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from tempfile import TemporaryDirectory

import pypdfium2 as pdfium  # type: ignore[import-untyped, unused-ignore]
from PIL import Image, ImageFilter

from benchmarks.common import Options, Row, ratio, say
from repo_tool.ingest import scan
from repo_tool.ocr._worker import read_page, tesseract
from repo_tool.search._analyzer import fold

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [*sorted((ROOT / "policies").rglob("*.pdf")), ROOT / "tests/fixtures/spmis-2018.pdf"]
DPI = 200


def degrade(image: Image.Image, seed: int) -> Image.Image:
    """A scanner's damage: a small rotation, blur and speckle noise (reproducible by seed)."""
    rng = random.Random(seed)
    out = image.convert("L").rotate(rng.choice((-1.5, 1.5)), expand=True, fillcolor=255)
    out = out.filter(ImageFilter.GaussianBlur(0.8))
    noise = Image.effect_noise(out.size, 18)
    return Image.blend(out, noise, 0.12)


def make_scans(pdf: Path, out: Path, seed: int = 1) -> list[tuple[Path, Path, str]]:
    """(image-only PDF, JPEG, source text) for each page of `pdf`, written under `out`."""
    out.mkdir(parents=True, exist_ok=True)
    document = pdfium.PdfDocument(str(pdf))
    made = []
    for index in range(len(document)):
        page = document[index]
        text = page.get_textpage().get_text_range()
        image = degrade(page.render(scale=DPI / 72).to_pil(), seed + index)
        stem = f"{pdf.stem[:20]}-p{index + 1}"
        jpeg, scan = out / f"{stem}.jpg", out / f"{stem}.pdf"
        image.save(jpeg, quality=80)
        image.convert("RGB").save(scan, resolution=DPI)
        made.append((scan, jpeg, text))
    document.close()
    return made


def _chars(text: str) -> str:
    return "".join(ch for ch in fold(text) if ch.isalnum())


def accuracy(source: str, found: str) -> float:
    """1 - Levenshtein distance / source length, over folded letters, digits and CJK."""
    a, b = _chars(source), _chars(found)
    if not a:
        return 1.0
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return max(0.0, 1 - row[-1] / len(a))


def _png(path: Path) -> bytes:
    buffer = io.BytesIO()
    Image.open(path).save(buffer, format="PNG")
    return buffer.getvalue()


def _prepared(path: Path) -> str:
    with Image.open(path) as image:
        return read_page(image.convert("L"), "chi_tra+eng")[0]


def candidates() -> dict[str, Callable[[Path], str]]:
    found: dict[str, Callable[[Path], str]] = {
        "tesseract chi_tra+eng, classic": lambda p: tesseract(_png(p), "chi_tra+eng"),
        "tesseract chi_tra+eng, prepared pipeline": _prepared}
    try:
        from rapidocr_onnxruntime import RapidOCR  # type: ignore[import-untyped, import-not-found, unused-ignore]
    except ImportError:
        return found
    engine = RapidOCR()

    def rapid(path: Path) -> str:
        result, _ = engine(str(path))
        return "\n".join(line[1] for line in result or [])

    found["rapidocr-onnxruntime"] = rapid
    return found


def scan_without_ocr(out: Path, name: str = "repo") -> float:
    """Seconds for `scan --no-ocr` of the test scans in a fresh repository (the baseline)."""
    import shutil

    from repo_tool.models import Actor
    from repo_tool.repository import Repository

    root = out / name
    if root.exists():
        shutil.rmtree(root)
    repo = Repository.init(root, "測試", "Test")
    repo.add_unit("u1", "單位", "Unit", None, Actor("bench", None))
    shutil.copytree(out / "scans", root / "records" / "u1" / "scans")
    start = time.perf_counter()
    scan(repo, Actor("bench", None), ocr=False)
    return time.perf_counter() - start


def read_queue(root: Path, scans: list[tuple[Path, Path, str]],
               pipeline: str) -> tuple[float, list[float], int]:
    """`ocr --run` of the repository at `root` with `pipeline`: (seconds, accuracy of each
    page as stored, files read)."""
    from repo_tool.models import Actor
    from repo_tool.ocr import run_queue
    from repo_tool.repository import Repository

    repo = Repository.open(root)
    start = time.perf_counter()
    with repo.writing("ocr", Actor("bench", None)) as session:
        report = run_queue(session, repo.config.ocr_languages, pipeline=pipeline)
        repo.catch_up(session)
    seconds = time.perf_counter() - start
    scores = []
    for pdf, jpeg, text in scans:
        for path in (pdf, jpeg):
            relpath = f"records/u1/scans/{path.name}"
            document = repo.catalog.document(relpath)
            assert document is not None, relpath
            version = repo.catalog.versions(document.id)[-1]
            read = repo.catalog.ocr.get(version.sha256)
            scores.append(accuracy(text, read.text if read else ""))
    return seconds, scores, report.done


def _scores(scores: list[float]) -> str:
    return f"{statistics.mean(scores):.1%}; {min(scores):.1%}"


def run(options: Options) -> list[Row]:
    """`make bench`: the test scans through `scan --no-ocr` (baseline), then `ocr --run` with
    the pipeline before issue 23 and with today's, one right after the other."""
    from repo_tool.ocr import engine_problem, workers

    if engine_problem(("chi_tra", "eng")):
        return [Row("OCR", "skipped: Tesseract with chi_tra is not installed")]
    with TemporaryDirectory(prefix="ocr-bench-") as temp:
        out = Path(temp)
        say("ocr: making test scans")
        scans = [scan for pdf in SOURCES for scan in make_scans(pdf, out / "scans")]
        baseline = scan_without_ocr(out, "before")
        scan_without_ocr(out, "after")
        pages = 2 * len(scans)
        say(f"ocr: reading {pages} scanned pages, classic pipeline (before issue 23)")
        old, old_scores, old_done = read_queue(out / "before", scans, "classic")
        say(f"ocr: reading {pages} scanned pages, prepared pipeline")
        new, new_scores, new_done = read_queue(out / "after", scans, "prepared")
        rapid = rapidocr_row(scans)
    speedup = old / new
    return [
        Row(f"OCR pages/s before (classic: PNG, --psm 1), {workers()} at once ({pages} pages; "
            "scan --no-ocr of the same files as baseline)",
            f"{pages / old:.2f} pages/s ({old:.1f} s)", f"{baseline:.2f} s",
            ratio(old, baseline)),
        Row("OCR accuracy before (mean; worst page)", _scores(old_scores)),
        Row(f"OCR pages/s, prepared pipeline (blank check, deskew, rules out, PGM, --psm 3), "
            f"{workers()} at once", f"{pages / new:.2f} pages/s ({new:.1f} s)",
            f"{pages / old:.2f} pages/s before", f"{speedup:.2f}x as fast", ">= 2x before",
            passed=speedup >= 2 and new_done == pages),
        Row("OCR accuracy, prepared pipeline (mean; worst page)", _scores(new_scores),
            f"{_scores(old_scores)} before", "-", ">= before's mean, worst >= 90%",
            passed=(statistics.mean(new_scores) >= statistics.mean(old_scores)
                    and min(new_scores) >= 0.9 and old_done == pages)),
        *rapid,
    ]


def rapidocr_row(scans: list[tuple[Path, Path, str]]) -> list[Row]:
    """RapidOCR (onnxruntime) on the JPEGs, page after page, where it is installed."""
    engines = candidates()
    if "rapidocr-onnxruntime" not in engines:
        return [Row("RapidOCR (onnxruntime), JPEGs one after another", "not installed")]
    say(f"ocr: RapidOCR on {len(scans)} JPEGs")
    read = engines["rapidocr-onnxruntime"]
    start = time.perf_counter()
    scores = [accuracy(text, read(jpeg)) for _, jpeg, text in scans]
    seconds = time.perf_counter() - start
    return [Row(f"RapidOCR (onnxruntime), {len(scans)} JPEGs one after another (mean; worst)",
                f"{len(scans) / seconds:.2f} pages/s; {_scores(scores)}")]


def main(out: Path) -> None:
    scans = [scan for pdf in SOURCES for scan in make_scans(pdf, out / "scans")]
    print(f"{len(scans)} test pages at {DPI} dpi from {len(SOURCES)} PDFs")
    seconds = scan_without_ocr(out)
    print(f"scan --no-ocr of these {2 * len(scans)} files (PDF + JPEG): {seconds:.2f} s")
    print("| engine | char accuracy (mean, min) | pages/s |")
    print("|---|---|---|")
    for name, run in candidates().items():
        scores = []
        start = time.perf_counter()
        for _, jpeg, text in scans:
            scores.append(accuracy(text, run(jpeg)))
        rate = len(scans) / (time.perf_counter() - start)
        print(f"| {name} | {sum(scores) / len(scores):.1%} ({min(scores):.1%}) | {rate:.2f} |")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/ocr-bench"))
