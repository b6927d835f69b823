"""`serve` benchmark: the search page's round trip over HTTP at 20,000 documents, next to the
library's own `search()` on the same queries in the same run.

A repository of 2N documents (20,000 by default) is written as text files from search_bench's
reproducible zh/en generator (3,000 characters each, 20 units, all 16 SQSs), scanned, and served
by `python -m repo_tool serve` in a child process. A small concurrent urllib client (the local
HTTP load tool) asks for `/search?q=...` with search_bench's query mix: first one request at a
time (the round trip a person sees), then 4 clients at once (several reviewers). Each round trip
includes opening the repository, the search, snippets, rendering 20 hits as HTML and the
transfer. The baseline is `repo_tool.domain.searching.search` with the same query and limit, called
in this process.

    .venv/bin/python -m benchmarks.serve_bench              # 20,000 documents
    .venv/bin/python -m benchmarks.serve_bench --docs 2000  # a quick look
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

from benchmarks.common import Options, Row, percentile_ms, ratio, render, say, stop_child
from benchmarks.search_bench import QUERIES, Corpus
from repo_tool.domain.searching import search
from repo_tool.ingest import scan
from repo_tool.models import Actor
from repo_tool.repository import Repository
from repo_tool.search import Filters

LIMIT = 20  # hits on the search page (web._browse.PAGE)
ROUNDS = 5  # each query of the mix, this many times, per measurement
CLIENTS = 4
MEDIAN_MS, P95_MS = 100.0, 300.0  # "results in under a blink": a blink takes 100-400 ms
_PROJECT = Path(__file__).resolve().parent.parent
_LISTENING = re.compile(r"on (http://[^ ]+/) ")


def build(root: Path, count: int, seed: int) -> float:
    """Write `count` generated documents as text files and scan them; the scan's seconds."""
    units = "\n".join(f"  - {{code: u{n:02d}, name_zh: 單位{n}, name_en: Unit {n}}}"
                      for n in range(1, 21))
    root.mkdir(parents=True)
    (root / "repo.yaml").write_text(f"organisation: {{name_zh: 基準, name_en: Bench}}\n"
                                    f"units:\n{units}\nocr: {{enabled: false}}\n",
                                    encoding="utf-8")
    corpus = Corpus(seed)
    for i in range(count):
        doc = corpus.doc(i)
        kind, rest = doc.path.split("/", 1)
        path = root / ("policies" if kind == "policys" else "records") / rest
        path = path.with_suffix(".txt")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(doc.text, encoding="utf-8")
        os.utime(path, (doc.modified, doc.modified))
    repo = Repository.open(root)
    try:
        started = time.perf_counter()
        scan(repo, Actor("bench"), ocr=False)
        return time.perf_counter() - started
    finally:
        repo.close()


def page(text: str, filters: Filters) -> str:
    """The search page's URL for a query of the mix."""
    params: list[tuple[str, str]] = [("q", text)]
    params += [("unit", unit) for unit in filters.units]
    params += [("sqs", str(n)) for n in filters.sqs]
    if filters.kind:
        params.append(("kind", filters.kind))
    if filters.since is not None:
        params.append(("since", time.strftime("%Y-%m-%d", time.localtime(filters.since))))
    if filters.all_versions:
        params.append(("all", "1"))
    return "search?" + urlencode(params)


def _library_filters(filters: Filters) -> Filters:
    """The filters as the page builds them (a date's local midnight, like the CLI's --since)."""
    if filters.since is None:
        return filters
    day = time.strftime("%Y-%m-%d", time.localtime(filters.since))
    midnight = int(time.mktime(time.strptime(day, "%Y-%m-%d")))
    return Filters(filters.units, filters.sqs, filters.kind, midnight, filters.all_versions)


def round_trip(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        body = response.read()
        if response.status != 200 or b'id="total"' not in body:
            raise RuntimeError(f"{url}: unexpected answer {response.status}")
    return time.perf_counter() - started


def load(base: str, clients: int) -> list[float]:
    """Every query of the mix ROUNDS times, `clients` requests at once."""
    urls = [base + page(text, filters) for _ in range(ROUNDS) for _, text, filters in QUERIES]
    with ThreadPoolExecutor(clients) as pool:
        return list(pool.map(round_trip, urls))


def library(root: Path) -> list[float]:
    """The same queries through `searching.search`, as the page calls it."""
    spent = []
    repo = Repository.open(root)
    try:
        for _ in range(ROUNDS):
            for _, text, filters in QUERIES:
                started = time.perf_counter()
                search(repo, text, _library_filters(filters), LIMIT)
                spent.append(time.perf_counter() - started)
    finally:
        repo.close()
    return spent


def measure(count: int, seed: int) -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="repo-tool-serve-bench-") as work:
        root = Path(work) / "repo"
        say(f"serve: writing and scanning {count:,} documents")
        scan_seconds = build(root, count, seed)
        say(f"serve: scanned in {scan_seconds:.0f} s; starting the server")
        log = Path(work) / "serve.log"
        with log.open("w") as sink:
            child = subprocess.Popen(
                [sys.executable, "-m", "repo_tool", "serve", "--repo", str(root), "--port", "0"],
                stdout=sink, stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONPATH": str(_PROJECT)})
        try:
            deadline = time.monotonic() + 60
            while not (found := _LISTENING.search(log.read_text())):
                if child.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the server did not start: {log.read_text()}")
                time.sleep(0.05)
            base = found[1]
            load(base, 1)  # warm up: page cache, index readers, templates
            library(root)
            say("serve: measuring")
            one = load(base, 1)
            lib = library(root)
            many = load(base, CLIENTS)
        finally:
            stop_child(child)
    label = f"serve, {count:,} docs"
    lib_median, lib_p95 = percentile_ms(lib, 0.5), percentile_ms(lib, 0.95)
    median, p95 = percentile_ms(one, 0.5), percentile_ms(one, 0.95)
    targets = count >= 20_000
    return [
        Row(f"{label}: search page round trip median (ms)", f"{median:.1f}",
            f"{lib_median:.1f} library search()", ratio(median, lib_median),
            f"< {MEDIAN_MS:.0f} ms", median < MEDIAN_MS if targets else None),
        Row(f"{label}: search page round trip p95 (ms)", f"{p95:.1f}",
            f"{lib_p95:.1f} library search()", ratio(p95, lib_p95),
            f"< {P95_MS:.0f} ms", p95 < P95_MS if targets else None),
        Row(f"{label}: {CLIENTS} clients at once, median / p95 (ms)",
            f"{percentile_ms(many, 0.5):.1f} / {percentile_ms(many, 0.95):.1f}",
            f"{len(many) / sum(many) * CLIENTS:.0f} pages/s" if many else "-"),
        Row(f"{label}: requests per measurement", f"{len(one)}",
            f"{len(QUERIES)} queries x {ROUNDS}"),
        Row(f"{label}: scan to build the repository (s)", f"{scan_seconds:.0f}"),
    ]


def run(options: Options) -> list[Row]:
    """The benchmark as `python -m benchmarks` runs it: 2N documents (20,000 by default)."""
    return measure(2 * options.files, options.seed)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.serve_bench")
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=20240601)
    args = parser.parse_args(argv)
    print(render(measure(args.docs, args.seed)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
