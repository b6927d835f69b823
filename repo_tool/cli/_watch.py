"""`watch`: record every save as it happens, until Ctrl-C."""

from __future__ import annotations

import json
import signal
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

import click

from repo_tool.cli._base import by_option, cli, json_option, open_repo, repo_option
from repo_tool.repository import current_actor


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
    from repo_tool.cli.text import change_line, notice_line
    from repo_tool.ingest.watch import Change, Notice, Watcher

    # watchdog warns when it re-adds the watches of a folder that moved back in: harmless.
    warnings.filterwarnings("ignore", "Callback with id", RuntimeWarning)
    repo = open_repo(repo_path)
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
