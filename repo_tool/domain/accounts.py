"""The people who use `repo-tool serve`: accounts, roles, and what each may see and change.

Roles (the issue's words, and docs/accounts.md):
- **admin**: everything, in every unit, and managing accounts;
- **editor**: reads and writes in its units, and reads the head office's (`agency`)
  documents;
- **viewer**: reads its units and the head office's policies;
- **reviewer**: reads its units (only the listed SQSs when some are given) and the head
  office's policies under those SQSs, until its expiry date, which it must have.

Passwords are kept as salted PBKDF2-SHA256 hashes (domain/passwords.py, 600,000 iterations as
OWASP advises): the standard library has it, so no compiled dependency is needed on the
head office's server, and the parameters travel inside each hash so they can be raised later.
Every change to an account is written to the audit log (never the password or its hash).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass, fields
from datetime import date

from repo_tool.domain.head_office import HEAD_OFFICE
from repo_tool.domain.passwords import check_password, hash_password
from repo_tool.errors import Conflict, InvalidInput, NotAllowed, NotFound
from repo_tool.models import Actor
from repo_tool.repository import Repository
from repo_tool.sqs import standard
from repo_tool.store.accounts import ROLES, AccountRow, Role
from repo_tool.store.session import now

__all__ = [
    "ROLES",
    "Account",
    "Role",
    "Scope",
    "account_for_token",
    "accounts",
    "add_account",
    "change_password",
    "make_token",
    "remove_account",
    "set_enabled",
    "sign_in",
]

MIN_PASSWORD = 10
_NAME = re.compile(r"^[^\x00-\x1f\x7f/\\:*?\"<>|]{1,64}$")
REFUSED = "the name or password is wrong, or the account is disabled or expired"
# a hash to check against when the name is unknown, so a wrong name costs as long as a wrong
# password and timing does not tell which names exist
_DECOY = hash_password(secrets.token_hex(16))


@dataclass(frozen=True)
class Account(AccountRow):
    """An account as people see it; `state` is its status, or "expired" past its date."""

    state: str = "active"

    @classmethod
    def of(cls, row: AccountRow, today: date) -> Account:
        expired = row.status == "active" and row.expires is not None and row.expires < today
        return cls(**{f.name: getattr(row, f.name) for f in fields(row)},
                   state="expired" if expired else row.status)

    @property
    def scope(self) -> Scope:
        return Scope.of(self)


@dataclass(frozen=True)
class Scope:
    """What one account may read and write; `units` None means every unit."""

    units: frozenset[str] | None
    sqs: frozenset[int] | None  # None: every SQS
    write: bool
    manage: bool  # may manage accounts

    @classmethod
    def of(cls, account: Account) -> Scope:
        if account.role == "admin":
            return cls(None, None, True, True)
        return cls(frozenset(account.units), frozenset(account.sqs) or None,
                   account.role == "editor", False)

    @classmethod
    def everything(cls) -> Scope:
        """The local single-user server with no accounts."""
        return cls(None, None, True, False)

    def sees_unit(self, unit: str) -> bool:
        """Whether the unit's pages (readiness, browse) may be shown."""
        return self.units is None or unit in self.units

    def sees(self, unit: str, kind: str, sqs: tuple[int, ...]) -> bool:
        """Whether a document of `unit`, of this kind and SQS numbers, may be read."""
        if self.units is None:
            return True
        if unit in self.units:
            return self.sqs is None or any(n in self.sqs for n in sqs)
        if unit == HEAD_OFFICE and (self.write or kind == "policy"):
            # an editor reads the head office's documents; everyone its policies, which apply
            # to their units (repo_tool.domain.head_office)
            return self.sqs is None or any(n in self.sqs for n in sqs)
        return False

    def writes(self, unit: str) -> bool:
        return self.write and (self.units is None or unit in self.units)


# -- checking what was given ----------------------------------------------------------------


def _check_name(name: str) -> str:
    cleaned = name.strip()
    if not _NAME.match(cleaned):
        raise InvalidInput(f"'{name}' cannot be an account name; use 1 to 64 characters without "
                           "control characters or / \\ : * ? \" < > |")
    return cleaned


def check_new_password(name: str, password: str) -> None:
    """At least MIN_PASSWORD characters, and not the account's name."""
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"the password is too short; use at least {MIN_PASSWORD} characters "
                           "(a few words are easier to remember than symbols)")
    if password.strip().casefold() == name.casefold():
        raise InvalidInput("the password may not be the account's name")


def _check_grant(repo: Repository, role: str, units: tuple[str, ...], sqs: tuple[int, ...],
                 expires: date | None, today: date) -> Role:
    if role not in ROLES:
        raise InvalidInput(f"'{role}' is not a role; use {', '.join(ROLES)}")
    for unit in units:
        repo.config.unit(unit)  # NotFound names the unknown unit
    for number in sqs:
        standard(number)
    if role == "admin" and (units or sqs):
        raise InvalidInput("an admin sees every unit; give --unit and --sqs only to the other "
                           "roles")
    if role != "admin" and not units:
        raise InvalidInput(f"say which units a {role} may use with --unit (one or more)")
    if sqs and role != "reviewer":
        raise InvalidInput("--sqs narrows a reviewer's view; editors and viewers see every SQS "
                           "of their units")
    if role == "reviewer" and expires is None:
        raise InvalidInput("a reviewer's access must end: give --expires DATE (e.g. the day "
                           "after the visit)")
    if expires is not None and expires < today:
        raise InvalidInput(f"--expires {expires} has already passed (today is {today})")
    return role


def _find(repo: Repository, name: str) -> AccountRow:
    found = repo.catalog.accounts.named(name.strip())
    if found is None:
        raise NotFound(f"there is no account '{name}'; `repo-tool user list` shows them")
    return found


# -- managing -------------------------------------------------------------------------------


def add_account(repo: Repository, name: str, role: str, password: str, actor: Actor, *,
                units: tuple[str, ...] = (), sqs: tuple[int, ...] = (),
                expires: date | None = None, today: date | None = None) -> Account:
    """Create an account (audited; the password is stored only as a salted hash)."""
    on = today or date.today()
    name = _check_name(name)
    granted = _check_grant(repo, role, units, sqs, expires, on)
    check_new_password(name, password)
    if repo.catalog.accounts.named(name) is not None:
        raise Conflict(f"there is already an account '{name}'; choose another name or change "
                       "that one")
    hashed = hash_password(password)
    with repo.writing("user add", actor) as session, session.catalog.transaction():
        if session.catalog.accounts.named(name) is not None:
            raise Conflict(f"there is already an account '{name}'")
        session.catalog.accounts.add(name, granted, units, sqs, expires, hashed, now(),
                                     actor.label)
        session.audit("user add", {"name": name, "role": granted, "units": sorted(set(units)),
                                   "sqs": sorted(set(sqs)),
                                   "expires": expires.isoformat() if expires else None})
    return Account.of(_find(repo, name), on)


def accounts(repo: Repository, *, removed: bool = False, today: date | None = None
             ) -> list[Account]:
    """Every account by name; removed ones only when asked."""
    on = today or date.today()
    return [Account.of(row, on) for row in repo.catalog.accounts.all(removed)]


def change_password(repo: Repository, name: str, password: str, actor: Actor) -> None:
    """Set a new password (audited, without the password)."""
    row = _find(repo, name)
    check_new_password(row.name, password)
    hashed = hash_password(password)
    with repo.writing("user passwd", actor) as session, session.catalog.transaction():
        session.catalog.accounts.set_password(row.id, hashed, now())
        session.audit("user passwd", {"name": row.name})


def set_enabled(repo: Repository, name: str, enabled: bool, actor: Actor) -> Account:
    """Disable an account (it cannot sign in, its tokens stop working) or enable it again."""
    row = _find(repo, name)
    action = "user enable" if enabled else "user disable"
    with repo.writing(action, actor) as session, session.catalog.transaction():
        session.catalog.accounts.set_status(row.id, "active" if enabled else "disabled", now())
        session.audit(action, {"name": row.name})
    return Account.of(_find(repo, name), date.today())


def remove_account(repo: Repository, name: str, actor: Actor) -> None:
    """Remove an account: it can never sign in again, but it stays in `user list --removed`
    and in the audit log under its name."""
    row = _find(repo, name)
    with repo.writing("user remove", actor) as session, session.catalog.transaction():
        session.catalog.accounts.set_status(row.id, "removed", now())
        session.audit("user remove", {"name": row.name, "role": row.role,
                                      "units": list(row.units)})


def make_token(repo: Repository, name: str, actor: Actor) -> str:
    """A new API token for the account (shown once; only its SHA-256 is kept)."""
    row = _find(repo, name)
    token = "rt_" + secrets.token_urlsafe(32)
    with repo.writing("user token", actor) as session, session.catalog.transaction():
        session.catalog.accounts.add_token(row.id, _token_digest(token), now())
        session.audit("user token", {"name": row.name})
    return token


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# -- signing in -----------------------------------------------------------------------------


def _usable(row: AccountRow | None, today: date) -> Account:
    if row is None:
        raise NotAllowed(REFUSED)
    account = Account.of(row, today)
    if account.state != "active":
        raise NotAllowed(REFUSED)
    return account


def sign_in(repo: Repository, name: str, password: str, today: date | None = None) -> Account:
    """The account, if the name and password match and it is active and not expired; else
    NotAllowed with one message that does not say which part was wrong."""
    row = repo.catalog.accounts.named(name.strip())
    stored = repo.catalog.accounts.password_hash(row.id) if row is not None else None
    matches = check_password(password, stored or _DECOY)
    if row is None or stored is None or not matches:
        raise NotAllowed(REFUSED)
    return _usable(row, today or date.today())


def account_for_token(repo: Repository, token: str, today: date | None = None) -> Account:
    """The account an API token belongs to, if it is live and the account usable."""
    owner = repo.catalog.accounts.token_owner(_token_digest(token))
    row = repo.catalog.accounts.by_id(owner) if owner is not None else None
    if row is None:
        raise NotAllowed("the API token is not valid; make one with `repo-tool user token NAME`")
    return _usable(row, today or date.today())


def current_account(repo: Repository, name: str, today: date | None = None) -> Account:
    """A signed-in account again, on each request (so disabling or expiry takes effect at
    once); NotAllowed when it can no longer be used."""
    return _usable(repo.catalog.accounts.named(name), today or date.today())
