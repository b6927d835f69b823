"""Finding and comparing: search, reindex, diff."""

from __future__ import annotations

import functools
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
    sqs_numbers,
)
from repo_tool.repository import current_actor


@cli.command(context_settings={"ignore_unknown_options": True})  # `-闭路` is a word to exclude
@click.argument("words", nargs=-1, required=True, type=click.UNPROCESSED)
@click.option("--unit", "units", multiple=True, help="Only these units (repeatable).")
@click.option("--sqs", "sqs_values", multiple=True, help="Only documents of these SQSs.")
@click.option("--kind", type=click.Choice(["policy", "record"]), default=None,
              help="Only policies or only records.")
@click.option("--since", default=None, metavar="DATE", help="Only versions modified on or "
              "after this date (YYYY-MM-DD).")
@click.option("--limit", default=20, show_default=True, help="How many hits to show.")
@click.option("--all-versions", is_flag=True, help="Search older versions and deleted "
              "documents too.")
@click.option("--state", type=click.Choice(["in-force", "draft", "approved", "superseded",
                                            "withdrawn", "any"]), default=None,
              help="Only policy versions in this state (default: every document's current "
              "version, each policy with its state).")
@click.option("--as-of", "as_of", default=None, metavar="DATE",
              help="Judge states as if today were DATE (YYYY-MM-DD).")
@click.option("--generated", is_flag=True, help="Search the papers repo-tool generated too "
              "(forms, SAR, notices, charts in records/UNIT/generated/).")
@repo_option
@json_option
def search(words: tuple[str, ...], units: tuple[str, ...], sqs_values: tuple[str, ...],
           kind: str | None, since: str | None, limit: int, all_versions: bool,
           state: str | None, as_of: str | None, generated: bool, repo_path: Path | None,
           as_json: bool) -> None:
    """Find documents: words are ANDed, "quoted words" and Chinese are phrases, -word excludes."""
    from repo_tool.cli._base import as_of_day, optional_day
    from repo_tool.cli.text import highlighted, hit_header
    from repo_tool.domain.searching import search as run_search
    from repo_tool.humanize import local_midnight, shown
    from repo_tool.search import Filters

    repo = open_repo(repo_path)
    since_day = optional_day(since, "--since date")
    filters = Filters(units=units, sqs=sqs_numbers(sqs_values), kind=kind,
                      since=int(local_midnight(since_day).timestamp()) if since_day else None,
                      all_versions=all_versions)
    today = as_of_day(as_of) if as_of else None
    result = run_search(repo, " ".join(words), filters, limit, state, today, generated)
    if result.warning:
        click.echo(f"warning: {result.warning}", err=True)
    if as_json:  # the hits only, as ever: a program reading them wants no note
        from repo_tool.domain.json_shapes import hits_json

        emit_json(hits_json(result.hits))
        return
    if result.also_searched:
        click.echo(f"also searched: {', '.join(result.also_searched)}")
    if not result.hits:
        click.echo("no documents match")
    if result.hidden:
        click.echo(f"({result.hidden} more document(s) match but are not {state}: records, or "
                   "policies in another state; search without --state to see them)", err=True)
    if result.hidden_generated:
        click.echo(f"({result.hidden_generated} more document(s) match among the papers "
                   "repo-tool generated in records/UNIT/generated/; add --generated to see "
                   "them)", err=True)
    if not result.hits:
        return
    mark = functools.partial(click.style, fg="yellow", bold=True)
    for hit in result.hits:
        click.echo(click.style(shown(hit.title), bold=True))
        click.echo("  " + hit_header(hit))
        if hit.snippet:
            marker = click.style("[OCR] ", fg="cyan") if hit.source == "ocr" else ""
            click.echo("    " + marker + highlighted(hit.snippet, hit.highlights, mark))
    listed = len(result.hits)
    more = f" (showing {listed}; use --limit for more)" if result.total > listed else ""
    click.echo(f"{result.total} document(s){more}")


@cli.command()
@repo_option
@by_option
def reindex(repo_path: Path | None, by: str | None) -> None:
    """Rebuild the search index from the stored text."""
    repo = open_repo(repo_path)
    with progress_bar("reindexing") as progress:
        report = repo.reindex(current_actor(by), progress)
    click.echo(f"indexed {report.indexed} version(s) with the {repo.index.engine_name} engine"
               + (f"; read the text of {report.extracted} file(s)" if report.extracted else ""))


@cli.command()
@click.argument("path")
@click.argument("old", type=int, required=False)
@click.argument("new", type=int, required=False)
@click.option("--context", default=1, show_default=True, help="Unchanged paragraphs shown "
              "around each change.")
@repo_option
def diff(path: str, old: int | None, new: int | None, context: int,
         repo_path: Path | None) -> None:
    """Show what changed between versions OLD and NEW of PATH (default: the last two)."""
    from repo_tool.repository.diff import text_diff

    repo = open_repo(repo_path)
    result = text_diff(repo, path, old, new, context)
    click.echo(click.style(f"{result.old.path}: version {result.old.number} -> "
                           f"{result.new.number}", bold=True))
    if result.same:
        click.echo("the text is the same (the file changed in other ways: layout, images or "
                   "properties)")
        return
    colours = {"-": "red", "+": "green", " ": None, "@": "cyan"}
    for line in result.lines:
        prefix = "@@ " if line.kind == "@" else f"{line.kind} "
        click.echo(click.style(prefix + line.text, fg=colours[line.kind]))
