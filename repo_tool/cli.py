"""The `repo-tool` command line: parse, call the library, print. No logic lives here."""

from __future__ import annotations

import json
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any, TypeVar

import click

from repo_tool import __version__
from repo_tool.errors import InvalidInput, RepoError
from repo_tool.render import (
    audit_lines,
    history_lines,
    local_time,
    recent_lines,
    scan_summary,
    show_lines,
)
from repo_tool.repository import Repository, current_actor
from repo_tool.session import Progress
from repo_tool.sqs import standard

F = TypeVar("F", bound=Callable[..., Any])
EXIT_SKIPPED = 3


class _Group(click.Group):
    """The one error boundary: a RepoError becomes `error: <message>` and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except RepoError as exc:
            click.echo(f"error: {exc.message}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("interrupted; nothing recorded after the last completed batch is lost "
                       "on disk, run the command again to finish", err=True)
            ctx.exit(130)


def repo_option(command: F) -> F:
    """`--repo PATH` on every command."""
    return click.option("--repo", "repo_path", type=click.Path(path_type=Path, file_okay=False),
                        default=None, help="The repository folder (default: the nearest folder "
                        "upward holding repo.yaml).")(command)


def by_option(command: F) -> F:
    """`--by NAME` on every command that changes the repository."""
    return click.option("--by", default=None, metavar="NAME",
                        help="Who is doing this, for the audit log (the OS user is always "
                        "recorded).")(command)


def json_option(command: F) -> F:
    return click.option("--json", "as_json", is_flag=True,
                        help="Print JSON for scripts instead of text.")(command)


def _open(repo_path: Path | None) -> Repository:
    return Repository.open(repo_path)


def _emit_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


@contextmanager
def _progress(label: str) -> Iterator[Progress | None]:
    """A progress bar on stderr when it is a terminal; nothing in pipes and CI."""
    if not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=1, label=label, file=sys.stderr,
                           item_show_func=lambda item: item) as bar:
        def update(done: int, total: int, item: str) -> None:
            bar.length = max(total, 1)
            bar.current_item = item[-40:] if item else None
            bar.update(done - bar.pos)

        yield update


def _sqs_numbers(values: tuple[str, ...]) -> tuple[int, ...]:
    numbers: list[int] = []
    for value in values:
        for part in value.replace(",", " ").split():
            try:
                number = int(part)
            except ValueError:
                raise InvalidInput(f"'{part}' is not an SQS number (1 to 16)") from None
            standard(number)
            if number not in numbers:
                numbers.append(number)
    return tuple(sorted(numbers))


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="repo-tool")
def cli() -> None:
    """Keep every version of each unit's policies and SQS evidence, and find them again."""


@cli.command()
@click.argument("path", type=click.Path(path_type=Path, file_okay=False), default=".")
@click.option("--name-zh", required=True, help="The organisation's Chinese name.")
@click.option("--name-en", required=True, help="The organisation's English name.")
def init(path: Path, name_zh: str, name_en: str) -> None:
    """Create a repository in PATH (default: here)."""
    repo = Repository.init(path, name_zh, name_en)
    click.echo(f"created repository in {repo.root}")
    click.echo("next: `repo-tool unit add CODE --name-zh ... --name-en ...`, put files in "
               "policies/<unit>/ and records/<unit>/, then `repo-tool scan`")


@cli.group()
def unit() -> None:
    """Register and list units."""


@unit.command("add")
@click.argument("code")
@click.option("--name-zh", required=True, help="The unit's Chinese name.")
@click.option("--name-en", required=True, help="The unit's English name.")
@click.option("--phone", default=None, help="The unit's enquiry phone number (for notices).")
@repo_option
@by_option
def unit_add(code: str, name_zh: str, name_en: str, phone: str | None, repo_path: Path | None,
             by: str | None) -> None:
    """Register unit CODE in repo.yaml and create its folders."""
    repo = _open(repo_path)
    added = repo.add_unit(code, name_zh, name_en, phone, current_actor(by))
    click.echo(f"added unit {added.code}: {added.name}")
    click.echo(f"its files go in policies/{added.code}/ and records/{added.code}/")


@unit.command("list")
@repo_option
@json_option
def unit_list(repo_path: Path | None, as_json: bool) -> None:
    """List the units with their document counts."""
    repo = _open(repo_path)
    rows = repo.unit_summaries()
    if as_json:
        _emit_json([{**asdict(u), "documents": docs, "versions": versions}
                    for u, docs, versions in rows])
        return
    for u, docs, versions in rows:
        click.echo(f"{u.code:<12} {docs:>5} documents {versions:>6} versions  {u.name}")


@cli.command()
@click.option("--confirm-deletions", is_flag=True, help="Record documents held as missing, "
              "whose files are still gone, as deleted (after files were removed on purpose).")
@repo_option
@by_option
@json_option
def scan(confirm_deletions: bool, repo_path: Path | None, by: str | None,
         as_json: bool) -> None:
    """Record new, changed, moved and deleted files."""
    repo = _open(repo_path)
    with _progress("scanning") as progress:
        result = repo.scan(current_actor(by), progress, confirm_deletions=confirm_deletions)
    if as_json:
        _emit_json({**result.counts(), "new_files": result.new, "changed_files": result.changed,
                    "moved_files": result.moved, "deleted_files": result.deleted,
                    "missing_files": result.missing, "warnings": result.warnings,
                    "still_missing": result.still_missing,
                    "skipped_files": [asdict(s) for s in result.skipped]})
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
    from repo_tool.importer import import_files

    repo = _open(repo_path)
    with _progress("importing") as progress:
        done = import_files(repo, list(sources), unit_code, "policy" if kind == "policy"
                            else "record", _sqs_numbers(sqs_values), current_actor(by), progress)
    click.echo(f"copied {len(done.copied)} file(s) into {done.destination.relative_to(repo.root)}")
    for line in scan_summary(done.result):
        click.echo(line)
    if done.result.skipped:
        sys.exit(EXIT_SKIPPED)


@cli.command()
@click.argument("path", required=False)
@click.option("--unit", "unit_code", default=None, help="Only this unit (without PATH).")
@click.option("--limit", default=50, show_default=True, help="How many versions (without PATH).")
@repo_option
@json_option
def log(path: str | None, unit_code: str | None, limit: int, repo_path: Path | None,
        as_json: bool) -> None:
    """Show the history of PATH, or the latest versions recorded anywhere."""
    from repo_tool.history import history

    repo = _open(repo_path)
    if path is None:
        if unit_code:
            repo.config.unit(unit_code)
        versions = repo.catalog.recent_versions(limit, unit_code)
        if as_json:
            _emit_json([asdict(v) for v in versions])
        else:
            for line in recent_lines(versions):
                click.echo(line)
        return
    found = history(repo, path)
    if as_json:
        _emit_json({"document": asdict(found.document),
                    "versions": [asdict(v) for v in found.versions],
                    "events": [asdict(e) for e in found.events]})
        return
    for line in history_lines(found):
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
    from repo_tool.history import save_version, write_version

    repo = _open(repo_path)
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
    if as_json:
        _emit_json({"document": asdict(document), "version": asdict(version)})
        return
    for line in show_lines(document, version):
        click.echo(line)


@cli.command()
@click.argument("path")
@click.option("--version", "-v", "number", type=int, required=True,
              help="The version to bring back.")
@repo_option
@by_option
def restore(path: str, number: int, repo_path: Path | None, by: str | None) -> None:
    """Write an old version of PATH back as its newest version."""
    from repo_tool.history import restore as restore_version

    repo = _open(repo_path)
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
@click.option("--polling", is_flag=True, help="Poll the folders instead of waiting for the "
              "operating system's events (network shares where events do not arrive).")
@click.option("--poll-seconds", type=float, default=1.0, show_default=True,
              help="With --polling: how often the folders are compared.")
@click.option("--quiet-seconds", type=float, default=2.0, show_default=True,
              help="A file is recorded once it has not changed for this long.")
@click.option("--reconcile-minutes", type=float, default=10.0, show_default=True,
              help="How often a full scan catches whatever events were missed.")
@repo_option
@by_option
@json_option
def watch(polling: bool, poll_seconds: float, quiet_seconds: float, reconcile_minutes: float,
          repo_path: Path | None, by: str | None, as_json: bool) -> None:
    """Record every save as it happens, until Ctrl-C; one line per recorded change."""
    from repo_tool.render import change_line, notice_line
    from repo_tool.watch import Change, Notice, Watcher

    # watchdog warns when it re-adds the watches of a folder that moved back in: harmless.
    warnings.filterwarnings("ignore", "Callback with id", RuntimeWarning)
    repo = _open(repo_path)
    watcher = Watcher(repo, current_actor(by), quiet_seconds=quiet_seconds,
                      reconcile_minutes=reconcile_minutes, polling=polling,
                      poll_seconds=poll_seconds)
    count = 0

    def on_change(change: Change) -> None:
        nonlocal count
        count += 1
        click.echo(json.dumps(asdict(change), ensure_ascii=False) if as_json
                   else change_line(change))

    def on_notice(notice: Notice) -> None:
        if as_json:
            click.echo(json.dumps({"what": "notice", **asdict(notice)}, ensure_ascii=False))
        else:
            click.echo(notice_line(notice), err=True)

    how = f"polling every {poll_seconds:g} s" if polling else "file-system events"
    if not as_json:
        click.echo(f"watching {repo.root} ({how}; quiet period {quiet_seconds:g} s, reconcile "
                   f"every {reconcile_minutes:g} min); Ctrl-C stops", err=True)
    stop = threading.Event()
    with _stop_on_signals(stop):
        watcher.run(stop, on_change, on_notice)
    if not as_json:
        click.echo(f"stopped; {count} change(s) recorded", err=True)


@contextmanager
def _stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """Ctrl-C and SIGTERM set `stop` (the batch in progress finishes); a second Ctrl-C
    interrupts at once."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}

    def handle(number: int, frame: object) -> None:
        stop.set()
        signal.signal(signal.SIGINT, signal.default_int_handler)

    for number in previous:
        signal.signal(number, handle)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


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
    numbers = _sqs_numbers(sqs_values)
    if not numbers and not clear:
        raise click.UsageError("give --sqs N (one or more), or --clear")
    if numbers and clear:
        raise click.UsageError("give either --sqs or --clear, not both")
    repo = _open(repo_path)
    document = repo.tag(path, numbers, current_actor(by))
    labels = ", ".join(standard(n).label for n in document.sqs) or "none"
    click.echo(f"{document.path}: {labels} (from {document.sqs_source})")


@cli.command()
@repo_option
@json_option
def verify(repo_path: Path | None, as_json: bool) -> None:
    """Check every stored version, the catalog and the audit log."""
    from repo_tool.verify import verify as run_verify

    repo = _open(repo_path)
    with _progress("verifying") as progress:
        report = run_verify(repo, progress)
    if as_json:
        _emit_json({**asdict(report), "ok": report.ok})
    else:
        for problem in report.problems:
            click.echo(f"PROBLEM  {problem}")
        for pending in report.pending:
            click.echo(f"pending  {pending}")
        state = "ok" if report.ok else f"{len(report.problems)} problem(s)"
        click.echo(f"verified {report.blobs} stored versions, {report.documents} documents, "
                   f"{report.audit_entries} audit entries: {state}")
    if not report.ok:
        sys.exit(1)


@cli.command()
@click.option("--since", default=None, metavar="DATE", help="Only entries from this date "
              "(YYYY-MM-DD) on.")
@repo_option
@json_option
def audit(since: str | None, repo_path: Path | None, as_json: bool) -> None:
    """List the audit log: who changed what, and when."""
    from repo_tool.render import parse_date

    repo = _open(repo_path)
    entries = list(repo.catalog.audit_entries(parse_date(since) if since else None))
    if as_json:
        _emit_json([asdict(e) for e in entries])
        return
    for line in audit_lines(entries):
        click.echo(line)


def main() -> None:
    """Console entry point."""
    try:
        cli(prog_name="repo-tool")
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(1)
