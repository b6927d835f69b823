"""Keeping versions: scan, import, log, show, restore, tag, verify, audit."""

from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path

import click

from repo_tool.cli._base import (
    EXIT_SKIPPED,
    as_of_day,
    by_option,
    cli,
    emit_json,
    json_option,
    open_repo,
    optional_day,
    progress_bar,
    repo_option,
    sqs_numbers,
)
from repo_tool.cli.text import (
    audit_lines,
    history_lines,
    recent_lines,
    scan_summary,
    show_lines,
)
from repo_tool.humanize import local_time
from repo_tool.repository import current_actor
from repo_tool.sqs import standard


@cli.command()
@click.option("--confirm-deletions", is_flag=True, help="Record documents held as missing, "
              "whose files are still gone, as deleted (after files were removed on purpose).")
@repo_option
@by_option
@json_option
@click.option("--no-ocr", is_flag=True, help="Do not read scanned pages now; `repo-tool ocr "
              "--run` does it later.")
def scan(confirm_deletions: bool, repo_path: Path | None, by: str | None, as_json: bool,
         no_ocr: bool) -> None:
    """Record new, changed, moved and deleted files (then OCR scanned pages)."""
    from repo_tool.ingest import scan as record_changes

    repo = open_repo(repo_path)
    with progress_bar("scanning") as progress:
        result = record_changes(repo, current_actor(by), progress,
                                confirm_deletions=confirm_deletions, ocr=not no_ocr)
    if as_json:
        emit_json({**result.counts(), "new_files": result.new, "changed_files": result.changed,
                   "moved_files": result.moved, "deleted_files": result.deleted,
                   "missing_files": result.missing, "warnings": result.warnings,
                   "still_missing": result.still_missing,
                   "no_text_files": [{"path": p, "status": st, "reason": r}
                                     for p, st, r in result.no_text],
                   "name_only": dict(result.name_only),
                   "skipped_files": [asdict(s) for s in result.skipped],
                   "ocr": asdict(result.ocr) if result.ocr else None})
    else:
        for line in scan_summary(result):
            click.echo(line)
    if result.skipped:
        sys.exit(EXIT_SKIPPED)


@cli.command("import")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--unit", "unit_code", required=True, help="The unit the files belong to.")
@click.option("--sqs", "sqs_values", multiple=True, help="SQS number(s) the files evidence; "
              "files go in the unit's folder for the first one.")
@click.option("--kind", type=click.Choice(["record", "policy"]), default="record",
              show_default=True, help="Evidence records or policies.")
@repo_option
@by_option
def import_command(sources: tuple[Path, ...], unit_code: str, sqs_values: tuple[str, ...],
                   kind: str, repo_path: Path | None, by: str | None) -> None:
    """Copy SOURCES (files or folders) into the repository and record them."""
    from repo_tool.ingest.importer import import_files

    repo = open_repo(repo_path)
    with progress_bar("importing") as progress:
        done = import_files(repo, list(sources), unit_code, "policy" if kind == "policy"
                            else "record", sqs_numbers(sqs_values), current_actor(by), progress)
    click.echo(f"copied {len(done.copied)} file(s) into {done.destination.relative_to(repo.root)}")
    for line in scan_summary(done.result):
        click.echo(line)
    if done.result.skipped:
        sys.exit(EXIT_SKIPPED)


@cli.command()
@click.argument("path", required=False)
@click.option("--unit", "unit_code", default=None, help="Only this unit (without PATH).")
@click.option("--limit", default=50, show_default=True, help="How many versions (without PATH).")
@click.option("--as-of", "as_of", default=None, metavar="DATE",
              help="Policy states as if today were DATE (YYYY-MM-DD).")
@repo_option
@json_option
def log(path: str | None, unit_code: str | None, limit: int, as_of: str | None,
        repo_path: Path | None, as_json: bool) -> None:
    """Show the history of PATH (with each policy version's state), or the latest versions."""
    from repo_tool.domain.policies import document_states
    from repo_tool.repository.history import history

    repo = open_repo(repo_path)
    if path is None:
        if unit_code:
            repo.config.unit(unit_code)
        versions = repo.catalog.recent_versions(limit, unit_code)
        if as_json:
            emit_json([asdict(v) for v in versions])
        else:
            for line in recent_lines(versions):
                click.echo(line)
        return
    found = history(repo, path)
    states = document_states(repo, found.document,
                             as_of_day(as_of) if as_of else None)
    if as_json:
        from repo_tool.domain.json_shapes import history_json

        emit_json(history_json(found, states))
        return
    for line in history_lines(found, states):
        click.echo(line)


@cli.command()
@click.argument("path")
@click.option("--version", "-v", "number", type=int, default=None, help="Version number "
              "(default: the latest).")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write the version's bytes to this file ('-' for standard output).")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@repo_option
@json_option
def show(path: str, number: int | None, output: Path | None, force: bool,
         repo_path: Path | None, as_json: bool) -> None:
    """Describe a version of PATH, or write its bytes out with -o."""
    from repo_tool.repository.history import save_version, write_version

    repo = open_repo(repo_path)
    document = repo.document(path)
    version = repo.version(document, number)
    if output is not None and str(output) == "-":
        write_version(repo, version, sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return
    if output is not None:
        save_version(repo, version, output, overwrite=force)
        click.echo(f"wrote {document.path} version {version.number} ({version.size} bytes) "
                   f"to {output}")
        return
    disposal = repo.catalog.disposals.of_version(version.id)
    if as_json:
        emit_json({"document": asdict(document), "version": asdict(version),
                   "disposed": asdict(disposal) if disposal else None})
        return
    for line in show_lines(document, version, disposal):
        click.echo(line)


@cli.command()
@click.argument("path")
@click.option("--version", "-v", "number", type=int, required=True,
              help="The version to bring back.")
@repo_option
@by_option
def restore(path: str, number: int, repo_path: Path | None, by: str | None) -> None:
    """Write an old version of PATH back as its newest version."""
    from repo_tool.ingest.restore import restore as restore_version

    repo = open_repo(repo_path)
    done = restore_version(repo, path, number, current_actor(by))
    if done.recorded_first is not None:
        click.echo(f"first recorded the unsaved changes on disk as version "
                   f"{done.recorded_first.number}")
    if done.version.number == done.source.number:
        click.echo(f"restored {done.version.path}: it is back on disk as version "
                   f"{done.version.number}")
    else:
        click.echo(f"restored {done.version.path}: version {done.version.number} now holds the "
                   f"bytes of version {done.source.number} "
                   f"({local_time(done.source.recorded_at)})")


@cli.command()
@click.argument("path")
@click.option("--sqs", "sqs_values", multiple=True, help="SQS numbers, repeated or comma-"
              "separated: --sqs 14 --sqs 15, or --sqs 14,15.")
@click.option("--clear", is_flag=True, help="Remove the tag; the SQS come from the path again.")
@repo_option
@by_option
def tag(path: str, sqs_values: tuple[str, ...], clear: bool, repo_path: Path | None,
        by: str | None) -> None:
    """Set the SQS numbers that PATH evidences."""
    numbers = sqs_numbers(sqs_values)
    if not numbers and not clear:
        raise click.UsageError("give --sqs N (one or more), or --clear")
    if numbers and clear:
        raise click.UsageError("give either --sqs or --clear, not both")
    repo = open_repo(repo_path)
    document = repo.tag(path, numbers, current_actor(by))
    labels = ", ".join(standard(n).label for n in document.sqs) or "none"
    click.echo(f"{document.path}: {labels} (from {document.sqs_source})")


@cli.command()
@repo_option
@json_option
def verify(repo_path: Path | None, as_json: bool) -> None:
    """Check every stored version, the catalog and the audit log."""
    from repo_tool.repository.verify import verify as run_verify

    repo = open_repo(repo_path)
    with progress_bar("verifying") as progress:
        report = run_verify(repo, progress)
    if as_json:
        emit_json({**asdict(report), "ok": report.ok})
    else:
        for problem in report.problems:
            click.echo(f"PROBLEM  {problem}")
        for pending in report.pending:
            click.echo(f"pending  {pending}")
        if report.head is not None:
            click.echo(f"audit head: entry {report.head[0]} {report.head[1][:16]} (note it "
                       "elsewhere: a later verify showing an older head means entries were cut)")
        state = "ok" if report.ok else f"{len(report.problems)} problem(s)"
        disposed = f" ({report.disposed} disposed of: tombstones)" if report.disposed else ""
        click.echo(f"verified {report.blobs} stored versions{disposed}, {report.documents} "
                   f"documents, {report.audit_entries} audit entries: {state}")
    if not report.ok:
        sys.exit(1)


@cli.command()
@click.option("--since", default=None, metavar="DATE", help="Only entries from this date "
              "(YYYY-MM-DD) on.")
@repo_option
@json_option
def audit(since: str | None, repo_path: Path | None, as_json: bool) -> None:
    """List the audit log: who changed what, and when."""
    from repo_tool.humanize import local_midnight

    repo = open_repo(repo_path)
    since_day = optional_day(since, "--since date")
    entries = list(repo.catalog.audit_entries(
        local_midnight(since_day).isoformat(timespec="seconds") if since_day else None))
    if as_json:
        emit_json([asdict(e) for e in entries])
        return
    for line in audit_lines(entries):
        click.echo(line)
