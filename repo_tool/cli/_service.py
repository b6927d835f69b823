"""`repo-tool backup` and `repo-tool service`: running the repository on a server."""

from __future__ import annotations

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
from repo_tool.repository import current_actor


@cli.command()
@click.argument("dest", type=click.Path(path_type=Path))
@by_option
@repo_option
@json_option
def backup(dest: Path, by: str | None, repo_path: Path | None, as_json: bool) -> None:
    """Copy the repository to the new folder DEST, consistently, while watch and serve run."""
    from dataclasses import asdict

    from repo_tool.repository.backup import backup as take_backup

    repo = open_repo(repo_path)
    with progress_bar("backing up") as progress:
        report = take_backup(repo, dest, current_actor(by), progress)
    if as_json:
        emit_json({**asdict(report), "dest": str(report.dest)})
        return
    click.echo(f"backed up {report.documents} documents ({report.blobs} stored versions' bytes, "
               f"audit log to entry {report.audit_entries}) to {report.dest}")
    click.echo(f"check it with `repo-tool verify --repo {report.dest}`; search there after "
               "`repo-tool reindex`")


@cli.group()
def service() -> None:
    """Files that run `watch` and `serve` as services on a server."""


@service.command("systemd")
@click.argument("what", type=click.Choice(["watch", "serve"]))
@click.option("--user", "run_as", default=None, metavar="NAME",
              help="The account the service runs as (default: the repository folder's owner).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="serve: the port on 127.0.0.1, behind the reverse proxy.")
@repo_option
def service_systemd(what: str, run_as: str | None, port: int, repo_path: Path | None) -> None:
    """Print a systemd unit that runs WHAT (watch or serve) for this repository."""
    from repo_tool.repository.service import systemd_unit

    repo = open_repo(repo_path)
    click.echo(systemd_unit(repo.root, what, run_as=run_as, port=port), nl=False)
