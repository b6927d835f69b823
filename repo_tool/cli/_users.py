"""`repo-tool user ...`: the accounts of the web server (see repo_tool/domain/accounts.py)."""

from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path

import click

from repo_tool.cli._base import (
    by_option,
    cli,
    emit_json,
    json_option,
    open_repo,
    optional_day,
    repo_option,
    sqs_numbers,
)
from repo_tool.errors import InvalidInput
from repo_tool.repository import current_actor

_ROLES = ("admin", "editor", "reviewer", "viewer")


@cli.group()
def user() -> None:
    """People who sign in to `repo-tool serve`: roles, units, passwords, API tokens."""


def _password(from_stdin: bool) -> str:
    """The new password, from the first line of stdin or asked twice on the terminal."""
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise InvalidInput("--password-stdin read no password (give it on the first line)")
        return line
    if not sys.stdin.isatty():
        raise InvalidInput("no terminal to ask for the password on; pipe it with "
                           "--password-stdin")
    return str(click.prompt("password", hide_input=True, confirmation_prompt=True))


password_stdin = click.option("--password-stdin", is_flag=True,
                              help="Read the password from the first line of stdin instead of "
                              "asking for it.")


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(_ROLES), required=True,
              help="admin: everything; editor: read and write its units; viewer: read its "
              "units; reviewer: read its units (and --sqs) until --expires.")
@click.option("--unit", "units", multiple=True, metavar="UNIT",
              help="A unit the account may use (repeat for several; not for admin).")
@click.option("--sqs", "sqs_values", multiple=True, metavar="N",
              help="Only these SQSs (reviewers only): 14, 2,14 or repeat the option.")
@click.option("--expires", default=None, metavar="DATE",
              help="The last day the account may sign in (YYYY-MM-DD; required for reviewers).")
@password_stdin
@by_option
@repo_option
def user_add(name: str, role: str, units: tuple[str, ...], sqs_values: tuple[str, ...],
             expires: str | None, password_stdin: bool, by: str | None,
             repo_path: Path | None) -> None:
    """Create the account NAME (audited)."""
    from repo_tool.domain.accounts import add_account

    repo = open_repo(repo_path)
    expiry = optional_day(expires, "--expires date")
    made = add_account(repo, name, role, _password(password_stdin), current_actor(by),
                       units=units, sqs=sqs_numbers(sqs_values), expires=expiry)
    click.echo(f"added {made.name} ({made.role}"
               + (f"; units {', '.join(made.units)}" if made.units else "; every unit")
               + (f"; SQS {', '.join(map(str, made.sqs))}" if made.sqs else "")
               + (f"; until {made.expires}" if made.expires else "") + ")")


@user.command("list")
@click.option("--removed", is_flag=True, help="Include removed accounts.")
@json_option
@repo_option
def user_list(removed: bool, as_json: bool, repo_path: Path | None) -> None:
    """Every account: role, units, SQSs, expiry and state."""
    from repo_tool.cli.text_accounts import account_lines
    from repo_tool.domain.accounts import accounts

    found = accounts(open_repo(repo_path), removed=removed)
    if as_json:
        emit_json([asdict(a) for a in found])
        return
    for line in account_lines(found):
        click.echo(line)


@user.command("passwd")
@click.argument("name")
@password_stdin
@by_option
@repo_option
def user_passwd(name: str, password_stdin: bool, by: str | None, repo_path: Path | None) -> None:
    """Set a new password for NAME (audited, without the password)."""
    from repo_tool.domain.accounts import change_password

    change_password(open_repo(repo_path), name, _password(password_stdin), current_actor(by))
    click.echo(f"changed the password of {name.strip()}")


@user.command("disable")
@click.argument("name")
@by_option
@repo_option
def user_disable(name: str, by: str | None, repo_path: Path | None) -> None:
    """Stop NAME signing in (and its API tokens working) until enabled again."""
    from repo_tool.domain.accounts import set_enabled

    done = set_enabled(open_repo(repo_path), name, False, current_actor(by))
    click.echo(f"disabled {done.name}")


@user.command("enable")
@click.argument("name")
@by_option
@repo_option
def user_enable(name: str, by: str | None, repo_path: Path | None) -> None:
    """Let a disabled account sign in again."""
    from repo_tool.domain.accounts import set_enabled

    done = set_enabled(open_repo(repo_path), name, True, current_actor(by))
    click.echo(f"enabled {done.name}" + (" (but it has expired)" if done.state == "expired"
                                         else ""))


@user.command("remove")
@click.argument("name")
@by_option
@repo_option
def user_remove(name: str, by: str | None, repo_path: Path | None) -> None:
    """Remove NAME for good (kept in `user list --removed` and the audit log)."""
    from repo_tool.domain.accounts import remove_account

    remove_account(open_repo(repo_path), name, current_actor(by))
    click.echo(f"removed {name.strip()}; its past actions keep its name in the audit log")


@user.command("token")
@click.argument("name")
@by_option
@repo_option
def user_token(name: str, by: str | None, repo_path: Path | None) -> None:
    """Make an API token for NAME, printed once (only its hash is kept)."""
    from repo_tool.domain.accounts import make_token

    click.echo(make_token(open_repo(repo_path), name, current_actor(by)))
