"""Scale benchmark: how far one machine goes (issue 23), at 1,000,000 documents by default.

Not part of `make bench`: it takes about an hour and ~25 GB of disk. Run it on an idle
machine with `.venv/bin/python -m benchmarks --scale` (or `--scale 200000` for a smaller
run); it writes benchmarks/RESULTS-scale.md.

One repository of N text documents (search_bench's zh/en generator, 3,000 characters each, 20
units and a head office, all 16 SQSs; serve_bench writes them) goes through what an agency's
repository goes through, each step in a child process so that its peak memory is its own:

- **first scan**: record every file (hash, copy into the object store, catalog), read its
  text and index it. Made durable, a scan fsyncs every blob: at 1,000,000 files that alone is
  most of an hour, and it is measured at 10,000 files by the scan benchmark. Here the scan runs
  under `eatmydata` when it is installed (fsync made a no-op) and the row says so;
- **no-change rescan** (median of 3), beside a recursive scandir+stat of the same tree;
- **full reindex** from the stored text (`repo.reindex`, as `repo-tool reindex`);
- **query latency** per class of search_bench's mix, through `searching.search` (engine,
  catalog, snippets: what the CLI and the page call), 5 rounds;
- **whole processes**: `repo-tool search 私隱` and `repo-tool status` against `python -c pass`;
- **serve**: the search page's round trip over HTTP, and the server's peak memory;
- **sizes**: the index, the catalog, the object store;
- **real formats**: a first scan (made durable, fsync on) of 20,000 Word and PDF documents
  (python-docx writes the .docx files; LibreOffice turns a sample of them into PDFs, each
  PDF then made unique by a trailing comment), including text extraction, in docs/s.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from benchmarks.common import Options, Row, peak_rss_bytes, percentile_ms, ratio, say
from benchmarks.scan_bench import stat_every_file
from benchmarks.search_bench import QUERIES, Corpus
from benchmarks.serve_bench import LIMIT, library, load, server, write_documents
from benchmarks.startup_bench import median_seconds

DEFAULT_DOCS = 1_000_000
REAL_FORMAT_DOCS = 20_000
PDF_SAMPLES = 200  # distinct PDFs made by LibreOffice; the rest are byte-unique copies
RESCANS = 3
ROUNDS = 5
PROCESS_RUNS = 5
_PROJECT = Path(__file__).resolve().parent.parent
_MB = 2**20


def _progress(label: str) -> Callable[[int, int, str], None]:
    """A progress callback that says where a long step is, at most every 30 seconds."""
    last = [0.0]

    def report(done: int, total: int, what: str = "") -> None:
        now = time.monotonic()
        if now - last[0] >= 30 or (total and done == total):
            last[0] = now
            say(f"scale: {label}: {done:,}/{total:,} {what}".rstrip())

    return report


# --- the phases, each run in a child process ------------------------------------------------

def _first_scan(root: Path, label: str) -> dict[str, Any]:
    """A first scan (record, read, index) of the repository at `root`: wall and CPU seconds,
    what it recorded and the formats it found by name only."""
    from repo_tool.ingest import scan
    from repo_tool.models import Actor
    from repo_tool.repository import Repository

    repo = Repository.open(root)
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        result = scan(repo, Actor("bench"), _progress(label), ocr=False)
        return {"seconds": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
                "counts": result.counts(), "name_only": list(result.name_only)}
    finally:
        repo.close()


def _phase_scan(root: Path) -> dict[str, Any]:
    return _first_scan(root, "first scan")


def _phase_rescan(root: Path) -> dict[str, Any]:
    from repo_tool.ingest import scan
    from repo_tool.models import Actor
    from repo_tool.repository import Repository

    spent, baseline = [], []
    repo = Repository.open(root)
    try:
        for _ in range(RESCANS):
            started = time.perf_counter()
            result = scan(repo, Actor("bench"), ocr=False)
            spent.append(time.perf_counter() - started)
            if result.recorded_anything:
                raise RuntimeError(f"a rescan of an unchanged tree recorded {result.counts()}")
            started = time.perf_counter()
            stat_every_file(root)
            baseline.append(time.perf_counter() - started)
    finally:
        repo.close()
    return {"seconds": statistics.median(spent), "baseline": statistics.median(baseline)}


def _phase_reindex(root: Path) -> dict[str, Any]:
    from repo_tool.models import Actor
    from repo_tool.repository import Repository

    repo = Repository.open(root)
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        report = repo.reindex(Actor("bench"), _progress("reindex"))
        return {"seconds": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
                "indexed": report.indexed}
    finally:
        repo.close()


def _phase_query(root: Path) -> dict[str, Any]:
    from repo_tool.domain.searching import search
    from repo_tool.repository import Repository

    library(root, rounds=1)  # warm up: page cache and index readers
    latencies: dict[str, list[float]] = {}
    repo = Repository.open(root)
    try:
        for _ in range(ROUNDS):
            for category, text, filters in QUERIES:
                started = time.perf_counter()
                search(repo, text, filters, LIMIT)
                latencies.setdefault(category, []).append(time.perf_counter() - started)
    finally:
        repo.close()
    return {"latencies": latencies}


def _phase_real_formats(folder: Path) -> dict[str, Any]:
    return _first_scan(folder, "real formats: first scan")


PHASES: dict[str, Callable[[Path], dict[str, Any]]] = {
    "scan": _phase_scan, "rescan": _phase_rescan, "reindex": _phase_reindex,
    "query": _phase_query, "real-formats": _phase_real_formats,
}


def _child(phase: str, root: Path, fsync: bool = True) -> dict[str, Any]:
    """Run one phase in a fresh interpreter; what it measured, with its peak RSS in MB."""
    command = [sys.executable, "-m", "benchmarks.scale_bench", "--phase", phase, str(root)]
    if not fsync:
        command = ["eatmydata", *command]
    done = subprocess.run(command, cwd=_PROJECT, stdout=subprocess.PIPE, check=True, text=True)
    return dict(json.loads(done.stdout))


# --- what the parent does ---------------------------------------------------------------------

def _folder_mb(folder: Path) -> float:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file()) / _MB


def _server_round_trips(root: Path, log: Path) -> tuple[list[float], float | None]:
    """The search page's round trips (one client, the mix ROUNDS times) and the server's peak
    RSS in MB (VmHWM, read before it stops)."""
    with server(root, log) as base:
        load(base, 1)  # warm up
        spent = load(base, 1)
        pid = _listening_pid(log)
        peak = _vm_hwm_mb(pid) if pid else None
    return spent, peak


def _listening_pid(log: Path) -> int | None:
    """The serving process: the newest `python -m repo_tool serve` child of this process."""
    try:
        children = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read_text().split()
    except OSError:
        return None
    for pid in reversed(children):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"serve" in command:
            return int(pid)
    return None


def _vm_hwm_mb(pid: int) -> float | None:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def write_real_formats(folder: Path, count: int, seed: int) -> None:
    """A repository of `count` documents: half .docx (python-docx, the generator's text), half
    PDFs (LibreOffice from a sample of those .docx, each copy made unique by a trailing comment,
    which PDF readers skip)."""
    import docx  # type: ignore[import-untyped, unused-ignore]

    write_documents(folder, 0, seed)
    corpus = Corpus(seed + 1)
    samples = folder / ".samples"
    samples.mkdir()
    half = count // 2
    for i in range(count - half):
        doc = corpus.doc(i)
        unit = f"u{i % 20 + 1:02d}"
        path = folder / "records" / unit / f"SQS-{i % 16 + 1:02d}" / f"記錄 record {i:06d}.docx"
        path.parent.mkdir(parents=True, exist_ok=True)
        document = docx.Document()
        for paragraph in doc.text.split("。"):
            document.add_paragraph(paragraph + "。")
        document.save(str(path))
        if i < PDF_SAMPLES:
            shutil.copy(path, samples / f"{i:04d}.docx")
        if (i + 1) % 2000 == 0:
            say(f"scale: real formats: {i + 1:,} .docx written")
    say(f"scale: real formats: LibreOffice makes {PDF_SAMPLES} PDFs")
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(samples),
                    *sorted(str(p) for p in samples.glob("*.docx"))], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=3600)
    pdfs = sorted(samples.glob("*.pdf"))
    if not pdfs:
        raise RuntimeError("LibreOffice made no PDF")
    for i in range(half):
        unit = f"u{i % 20 + 1:02d}"
        path = folder / "policies" / unit / f"SQS-{i % 16 + 1:02d}" / f"政策 policy {i:06d}.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pdfs[i % len(pdfs)].read_bytes() + f"% copy {i}\n".encode())
    shutil.rmtree(samples)


def measure(count: int, seed: int) -> list[Row]:
    eatmydata = shutil.which("eatmydata") is not None
    label = f"scale, {count:,} docs"
    with TemporaryDirectory(prefix="repo-tool-scale-") as work:
        root = Path(work) / "repo"
        say(f"scale: writing {count:,} documents")
        started = time.perf_counter()
        write_documents(root, count, seed, _progress("writing"))
        written = time.perf_counter() - started
        source_mb = _folder_mb(root / "policies") + _folder_mb(root / "records")
        say(f"scale: wrote {source_mb:,.0f} MB in {written:,.0f} s; first scan")
        first = _child("scan", root, fsync=not eatmydata)
        say(f"scale: first scan took {first['seconds']:,.0f} s; rescans")
        rescan = _child("rescan", root)
        say("scale: reindex")
        reindex = _child("reindex", root)
        sizes = {"index": _folder_mb(root / "index"), "objects": _folder_mb(root / ".repo"
                                                                          / "objects")}
        catalog_mb = sum(p.stat().st_size
                         for p in (root / ".repo").glob("catalog.sqlite*")) / _MB
        say("scale: the query mix")
        queries = _child("query", root)
        say("scale: whole processes")
        tool = str(Path(sys.executable).with_name("repo-tool"))
        baseline = median_seconds([sys.executable, "-c", "pass"])
        whole_search = median_seconds([tool, "search", "私隱", "--repo", str(root)])
        whole_status = median_seconds([tool, "status", "--repo", str(root)])
        unit_status = median_seconds([tool, "status", "--unit", "u05", "--repo", str(root)])
        say("scale: serve")
        trips, serve_peak = _server_round_trips(root, Path(work) / "serve.log")
        shutil.rmtree(root)
        say(f"scale: real formats: writing {REAL_FORMAT_DOCS:,} Word and PDF documents")
        real = Path(work) / "real"
        write_real_formats(real, REAL_FORMAT_DOCS, seed)
        say("scale: real formats: first scan (fsync on)")
        formats = _child("real-formats", real)

    every = [value for values in queries["latencies"].values() for value in values]
    rows = [
        Row(f"{label}: writing the text files (s)", f"{written:,.0f}",
            f"{source_mb:,.0f} MB of UTF-8 text"),
        Row(f"{label}: first scan incl. text and index (docs/s)",
            f"{count / first['seconds']:,.0f}",
            f"{first['seconds'] / 60:,.1f} min wall, {first['cpu'] / 60:,.1f} min CPU"
            + (" (fsync off: eatmydata)" if eatmydata else " (fsync on)")),
        Row(f"{label}: first scan peak memory (RSS)", f"{first['peak_mb']:,.0f} MB"),
        Row(f"{label}: no-change rescan (s, median of {RESCANS})", f"{rescan['seconds']:,.1f}",
            f"{rescan['baseline']:,.1f} scandir+stat", ratio(rescan["seconds"],
                                                               rescan["baseline"])),
        Row(f"{label}: no-change rescan peak memory (RSS)", f"{rescan['peak_mb']:,.0f} MB"),
        Row(f"{label}: full reindex (min)", f"{reindex['seconds'] / 60:,.1f}",
            f"{reindex['indexed'] / reindex['seconds']:,.0f} docs/s; "
            f"{reindex['cpu'] / 60:,.1f} min CPU"),
        Row(f"{label}: full reindex peak memory (RSS)", f"{reindex['peak_mb']:,.0f} MB"),
        Row(f"{label}: index size (Tantivy)", f"{sizes['index']:,.0f} MB"),
        Row(f"{label}: catalog size (SQLite, with the stored text)", f"{catalog_mb:,.0f} MB"),
        Row(f"{label}: object store size", f"{sizes['objects']:,.0f} MB"),
        Row(f"{label}: query median / p95, all classes (ms)",
            f"{percentile_ms(every, 0.5):.1f} / {percentile_ms(every, 0.95):.1f}",
            "searching.search: engine, catalog, snippets"),
    ]
    rows += [Row(f"{label}: {category} median / p95 (ms)",
                 f"{percentile_ms(values, 0.5):.1f} / {percentile_ms(values, 0.95):.1f}")
             for category, values in queries["latencies"].items()]
    rows += [
        Row(f"{label}: query process peak memory (RSS)", f"{queries['peak_mb']:,.0f} MB"),
        Row(f"{label}: `repo-tool search 私隱`, whole process (ms)",
            f"{whole_search * 1000:,.0f}", f"{baseline * 1000:.0f} `python -c pass`",
            ratio(whole_search, baseline)),
        Row(f"{label}: `repo-tool status`, whole process (ms)", f"{whole_status * 1000:,.0f}",
            f"{baseline * 1000:.0f} `python -c pass`", ratio(whole_status, baseline)),
        Row(f"{label}: `repo-tool status --unit u05`, whole process (ms)",
            f"{unit_status * 1000:,.0f}", f"{baseline * 1000:.0f} `python -c pass`",
            ratio(unit_status, baseline)),
        Row(f"{label}: serve, search page round trip median / p95 (ms)",
            f"{percentile_ms(trips, 0.5):.1f} / {percentile_ms(trips, 0.95):.1f}"),
        Row(f"{label}: serve peak memory (RSS)",
            f"{serve_peak:,.0f} MB" if serve_peak is not None else "unknown"),
        Row(f"real formats, {REAL_FORMAT_DOCS:,} .docx and .pdf: first scan incl. extraction "
            "(docs/s, fsync on)", f"{REAL_FORMAT_DOCS / formats['seconds']:,.0f}",
            f"{formats['seconds']:,.0f} s wall, {formats['cpu']:,.0f} s CPU in the scanning "
            "process; name only: " + (", ".join(f"{n} {k}" for k, n in formats["name_only"])
                                      or "none")),
        Row(f"real formats, {REAL_FORMAT_DOCS:,}: first scan peak memory (RSS)",
            f"{formats['peak_mb']:,.0f} MB"),
    ]
    return rows


def run(options: Options) -> list[Row]:
    """`python -m benchmarks --scale N`: N documents (`options.files`)."""
    return measure(options.files, options.seed)


def main(argv: Sequence[str] | None = None) -> int:
    from benchmarks.common import render

    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale_bench")
    parser.add_argument("--phase", nargs=2, metavar=("NAME", "ROOT"), help=argparse.SUPPRESS)
    parser.add_argument("--docs", type=int, default=DEFAULT_DOCS)
    parser.add_argument("--seed", type=int, default=20240601)
    args = parser.parse_args(argv)
    if args.phase:
        name, root = args.phase
        measured = PHASES[name](Path(root))
        peak = peak_rss_bytes()
        measured["peak_mb"] = peak / _MB if peak else float("nan")
        print(json.dumps(measured))
        return 0
    print(render(measure(args.docs, args.seed)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
