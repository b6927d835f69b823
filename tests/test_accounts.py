"""Accounts of the web server (issue 19): `repo-tool user ...`, sign-in, scopes, API tokens.

Real catalog, real hashing; the clock is injected through `today` where expiry matters.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta

import pytest
from click.testing import CliRunner, Result

from repo_tool.cli import cli as cli_group
from repo_tool.domain.accounts import (
    REFUSED,
    Scope,
    account_for_token,
    accounts,
    add_account,
    current_account,
    sign_in,
)
from repo_tool.errors import NotAllowed
from repo_tool.repository import Repository
from tests.conftest import ACTOR, rewind_catalog

SECRET = "correct horse battery"


def user(repo: Repository, *args: str, password: str | None = SECRET) -> Result:
    """`repo-tool user ARGS` with the password on stdin (when given)."""
    extra = ["--password-stdin"] if password is not None and args[0] in ("add", "passwd") \
        else []
    if args[0] != "list":
        extra.extend(["--by", "何總幹事"])
    return CliRunner().invoke(cli_group, ["user", *args, *extra, "--repo", str(repo.root)],
                              input=f"{password}\n" if password is not None else None)


def test_add_list_and_json(repo: Repository) -> None:
    done = user(repo, "add", "admin-ho", "--role", "admin")
    assert done.exit_code == 0, done.output
    assert done.output == "added admin-ho (admin; every unit)\n"
    done = user(repo, "add", "陳社工", "--role", "editor", "--unit", "ycc")
    assert done.output == "added 陳社工 (editor; units ycc)\n"
    done = user(repo, "add", "swd-officer", "--role", "reviewer", "--unit", "home", "--sqs",
                "14,15", "--expires", (date.today() + timedelta(days=30)).isoformat())
    assert done.exit_code == 0, done.output
    listed = user(repo, "list", password=None)
    lines = listed.output.splitlines()
    assert lines[0].split() == ["name", "role", "state", "expires", "units", "(SQS)"]
    reviewer = next(line for line in lines if line.startswith("swd-officer"))
    assert "reviewer" in reviewer and "active" in reviewer and "home (SQS 14, 15)" in reviewer
    data = json.loads(user(repo, "list", "--json", password=None).output)
    assert {a["name"]: (a["role"], a["units"], a["sqs"], a["state"]) for a in data} == {
        "admin-ho": ("admin", [], [], "active"), "陳社工": ("editor", ["ycc"], [], "active"),
        "swd-officer": ("reviewer", ["home"], [14, 15], "active")}
    assert "password" not in listed.output and "pbkdf2" not in json.dumps(data)


@pytest.mark.parametrize("args, message", [
    (("add", "x", "--role", "editor"), "say which units a editor may use with --unit"),
    (("add", "x", "--role", "viewer", "--unit", "u9"), "unit 'u9'"),
    (("add", "x", "--role", "admin", "--unit", "ycc"), "an admin sees every unit"),
    (("add", "x", "--role", "editor", "--unit", "ycc", "--sqs", "14"), "--sqs narrows a reviewer"),
    (("add", "x", "--role", "reviewer", "--unit", "ycc"), "a reviewer's access must end"),
    (("add", "x", "--role", "reviewer", "--unit", "ycc", "--expires", "2020-01-01"),
     "has already passed"),
    (("add", "x", "--role", "viewer", "--unit", "ycc", "--sqs", "17"), "17"),
    (("add", "a/b", "--role", "admin"), "cannot be an account name"),
])
def test_bad_accounts_are_refused_in_one_line(repo: Repository, args: tuple[str, ...],
                                              message: str) -> None:
    done = user(repo, *args)
    assert done.exit_code != 0
    assert done.output.startswith("error: ") and message in done.output, done.output
    assert len(done.output.strip().splitlines()) == 1
    assert accounts(repo) == []


def test_short_passwords_and_duplicates_are_refused(repo: Repository) -> None:
    done = user(repo, "add", "admin-ho", "--role", "admin", password="short")
    assert "the password is too short; use at least 10 characters" in done.output
    assert user(repo, "add", "admin-ho", "--role", "admin").exit_code == 0
    again = user(repo, "add", "admin-ho", "--role", "viewer", "--unit", "ycc")
    assert again.exit_code == 1 and "there is already an account 'admin-ho'" in again.output


def test_the_password_is_kept_only_as_a_salted_hash_and_never_audited(repo: Repository) -> None:
    assert user(repo, "add", "admin-ho", "--role", "admin").exit_code == 0
    db = sqlite3.connect(repo.state / "catalog.sqlite")
    (stored,) = db.execute("SELECT password_hash FROM accounts").fetchone()
    audit = " ".join(row[0] for row in db.execute("SELECT detail FROM audit"))
    db.close()
    assert stored.startswith("pbkdf2_sha256$600000$") and SECRET not in stored
    assert SECRET not in audit and "pbkdf2" not in audit
    entry = [e for e in repo.catalog.audit_entries() if e.action == "user add"][-1]
    assert entry.by == "何總幹事" and entry.detail["name"] == "admin-ho"


def test_sign_in_password_change_disable_enable_remove(repo: Repository) -> None:
    assert user(repo, "add", "陳社工", "--role", "editor", "--unit", "ycc").exit_code == 0
    assert sign_in(repo, "陳社工", SECRET).name == "陳社工"
    with pytest.raises(NotAllowed, match=REFUSED):
        sign_in(repo, "陳社工", "wrong password")
    with pytest.raises(NotAllowed, match=REFUSED):
        sign_in(repo, "nobody", SECRET)
    assert user(repo, "passwd", "陳社工", password="a new long password").exit_code == 0
    with pytest.raises(NotAllowed):
        sign_in(repo, "陳社工", SECRET)
    assert sign_in(repo, "陳社工", "a new long password")
    assert user(repo, "disable", "陳社工", password=None).output == "disabled 陳社工\n"
    with pytest.raises(NotAllowed):
        sign_in(repo, "陳社工", "a new long password")
    with pytest.raises(NotAllowed):
        current_account(repo, "陳社工")  # a signed-in session ends at its next request
    assert user(repo, "enable", "陳社工", password=None).exit_code == 0
    assert sign_in(repo, "陳社工", "a new long password")
    removed = user(repo, "remove", "陳社工", password=None)
    assert removed.output.startswith("removed 陳社工")
    with pytest.raises(NotAllowed):
        sign_in(repo, "陳社工", "a new long password")
    assert "陳社工" not in user(repo, "list", password=None).output
    assert "removed" in user(repo, "list", "--removed", password=None).output
    # the name may be used again by a new person; the old row stays
    assert user(repo, "add", "陳社工", "--role", "viewer", "--unit", "home").exit_code == 0
    assert len(accounts(repo, removed=True)) == 2
    actions = [e.action for e in repo.catalog.audit_entries() if e.action.startswith("user ")]
    assert actions == ["user add", "user passwd", "user disable", "user enable", "user remove",
                       "user add"]


def test_a_reviewer_cannot_sign_in_after_expiry(repo: Repository) -> None:
    last_day = date(2026, 3, 31)
    add_account(repo, "swd-officer", "reviewer", SECRET, ACTOR, units=("home",),
                expires=last_day, today=date(2026, 1, 5))
    assert sign_in(repo, "swd-officer", SECRET, today=last_day).name == "swd-officer"
    with pytest.raises(NotAllowed):
        sign_in(repo, "swd-officer", SECRET, today=last_day + timedelta(days=1))
    (found,) = accounts(repo, today=last_day + timedelta(days=1))
    assert found.state == "expired"


def test_scopes_follow_role_units_and_sqs(repo: Repository) -> None:
    later = date.today() + timedelta(days=10)
    reviewer = add_account(repo, "swd", "reviewer", SECRET, ACTOR, units=("home",), sqs=(14,),
                           expires=later).scope
    assert reviewer.sees("home", "record", (14,)) and reviewer.sees("home", "policy", (2, 14))
    assert not reviewer.sees("home", "policy", (2,))
    assert not reviewer.sees("ycc", "policy", (14,))
    assert reviewer.sees("agency", "policy", (14,)) and not reviewer.sees("agency", "record", (14,))
    assert not reviewer.writes("home") and not reviewer.sees_unit("ycc")
    editor = add_account(repo, "ed", "editor", SECRET, ACTOR, units=("ycc",)).scope
    assert editor.writes("ycc") and not editor.writes("home") and not editor.writes("agency")
    assert editor.sees("ycc", "record", ()) and not editor.sees("home", "record", (14,))
    viewer = add_account(repo, "vi", "viewer", SECRET, ACTOR, units=("ycc",)).scope
    assert viewer.sees("ycc", "record", (3,)) and not viewer.writes("ycc")
    admin = add_account(repo, "ad", "admin", SECRET, ACTOR).scope
    assert admin.manage and admin.writes("home") and admin.sees("agency", "record", ())
    assert Scope.everything().writes("ycc") and not Scope.everything().manage


def test_api_tokens_are_shown_once_and_stop_with_the_account(repo: Repository) -> None:
    add_account(repo, "intranet", "viewer", SECRET, ACTOR, units=("ycc",))
    made = user(repo, "token", "intranet", password=None)
    token = made.output.strip()
    assert made.exit_code == 0 and token.startswith("rt_") and len(token) > 40
    assert account_for_token(repo, token).name == "intranet"
    db = sqlite3.connect(repo.state / "catalog.sqlite")
    assert token not in " ".join(r[0] for r in db.execute("SELECT token_sha256 FROM api_tokens"))
    db.close()
    with pytest.raises(NotAllowed):
        account_for_token(repo, token + "x")
    user(repo, "disable", "intranet", password=None)
    with pytest.raises(NotAllowed):
        account_for_token(repo, token)
    user(repo, "enable", "intranet", password=None)
    user(repo, "remove", "intranet", password=None)
    with pytest.raises(NotAllowed):
        account_for_token(repo, token)


def test_an_older_catalog_gains_the_account_tables(repo: Repository) -> None:
    dropped = rewind_catalog(repo.state / "catalog.sqlite", 6)
    assert "accounts" in dropped
    repo.close()
    reopened = Repository.open(repo.root)
    try:
        assert accounts(reopened) == []
        add_account(reopened, "admin-ho", "admin", SECRET, ACTOR)
        assert [a.name for a in accounts(reopened)] == ["admin-ho"]
    finally:
        reopened.close()


def test_without_a_terminal_the_password_must_come_on_stdin(repo: Repository) -> None:
    done = CliRunner().invoke(cli_group, ["user", "add", "x", "--role", "admin", "--repo",
                                          str(repo.root)])
    assert done.exit_code == 2
    assert done.output == ("error: no terminal to ask for the password on; pipe it with "
                           "--password-stdin\n")
