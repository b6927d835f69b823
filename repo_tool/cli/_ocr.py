"""Reading scanned pages: `repo-tool ocr --status` and `repo-tool ocr --run`."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import click

from repo_tool.cli._base import (
    by_option,
    cli,
    emit_json,
    json_option,
    open_repo,
    progress_bar,
    repo_option,
)
from repo_tool.cli.text import ocr_lines
from repo_tool.errors import InvalidInput
from repo_tool.repository import Repository, current_actor


@cli.command()
@click.option("--run", "run_queue", is_flag=True, help="Read every queued file now.")
@click.option("--retry-failed", is_flag=True, help="With --run: read again the files whose "
              "OCR failed before.")
@click.option("--pdf", "pdf_of", default=None, metavar="PATH",
              help="Write a searchable PDF of this scanned document (needs -o).")
@click.option("--version", "-v", "number", type=int, default=None,
              help="With --pdf: which version (default: the latest).")
@click.option("-o", "--out", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="With --pdf: the new PDF to write.")
@click.option("--status", "show_status", is_flag=True, help="Show what waits for OCR "
              "(the default).")
@repo_option
@by_option
@json_option
def ocr(run_queue: bool, retry_failed: bool, pdf_of: str | None, number: int | None,
        out: Path | None, show_status: bool, repo_path: Path | None, by: str | None,
        as_json: bool) -> None:
    """OCR of scanned PDFs and pictures, so their text is searchable."""
    from repo_tool.ocr import engine_problem

    repo = open_repo(repo_path)
    if pdf_of is not None:
        _searchable_pdf(repo, pdf_of, number, out, as_json)
        return
    if out is not None or number is not None:
        raise InvalidInput("-o and --version go with --pdf: `repo-tool ocr --pdf PATH -o OUT.pdf`")
    if retry_failed and not run_queue:
        raise InvalidInput("--retry-failed goes with --run: `repo-tool ocr --run --retry-failed`")
    if run_queue:
        with progress_bar("OCR") as progress:
            report = repo.ocr(current_actor(by), progress, retry_failed=retry_failed)
        if as_json:
            emit_json(asdict(report))
            return
        for line in ocr_lines(report) or ["nothing waits for OCR"]:
            click.echo(line)
        return
    queue = repo.ocr_queue()
    problem = engine_problem(repo.config.ocr_languages) if repo.config.ocr_enabled else \
        "OCR is switched off in repo.yaml (ocr: enabled: false)"
    counts = repo.catalog.ocr.counts()
    failures = repo.catalog.ocr.failures()
    if as_json:
        emit_json({"pending": [path for _, path in queue], "done": counts,
                   "flagged": [{"path": p, "status": s, "reason": r} for p, s, r in failures],
                   "languages": list(repo.config.ocr_languages), "problem": problem})
        return
    for _, path in queue:
        click.echo(f"pending  {path}")
    for path, status, reason in failures:
        click.echo(f"{status:<8} {path}: {reason}")
    done = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "none"
    click.echo(f"{len(queue)} file(s) wait for OCR; read so far: {done}")
    if problem:
        click.echo(problem)


def _searchable_pdf(repo: Repository, given: str, number: int | None, out: Path | None,
                    as_json: bool) -> None:
    from repo_tool.ocr.searchable import write_searchable_pdf

    if out is None:
        raise InvalidInput("--pdf needs -o OUT.pdf: the searchable copy is a new file")
    document = repo.document(given)
    version = repo.version(document, number)
    made = write_searchable_pdf(repo.objects.path_for(version.sha256),
                                repo.config.ocr_languages, out)
    if as_json:
        emit_json({**asdict(made), "out": str(made.out), "document": document.path,
                   "version": version.number})
        return
    click.echo(f"wrote {made.out}: {made.pages} page(s), {made.read} read by OCR "
               f"({document.path} version {version.number})")
    for problem in made.problems:
        click.echo(f"ocr      {problem}")
