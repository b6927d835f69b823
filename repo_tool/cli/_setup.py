"""Setting up: `init` and `unit add/list`."""

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
    repo_option,
)
from repo_tool.repository import Repository, current_actor


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
    repo = open_repo(repo_path)
    added = repo.add_unit(code, name_zh, name_en, phone, current_actor(by))
    click.echo(f"added unit {added.code}: {added.name}")
    click.echo(f"its files go in policies/{added.code}/ and records/{added.code}/")


@unit.command("list")
@repo_option
@json_option
def unit_list(repo_path: Path | None, as_json: bool) -> None:
    """List the units with their document counts."""
    repo = open_repo(repo_path)
    rows = repo.unit_summaries()
    if as_json:
        emit_json([{**asdict(u), "documents": docs, "versions": versions}
                    for u, docs, versions in rows])
        return
    for u, docs, versions in rows:
        click.echo(f"{u.code:<12} {docs:>5} documents {versions:>6} versions  {u.name}")
