"""Catalog queries for the accounts of `repo-tool serve` and their API tokens.

An account row is changed in place (password, status) but never deleted: a removed account
keeps its name, role and units with status 'removed' and no password, so every name the audit
log carries stays explained. API tokens are stored as the SHA-256 of the token (a random 32-byte
secret needs no slow hash); the token itself is shown once, when made.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

Role = Literal["admin", "editor", "reviewer", "viewer"]
Status = Literal["active", "disabled", "removed"]
ROLES: tuple[Role, ...] = ("admin", "editor", "reviewer", "viewer")


@dataclass(frozen=True)
class AccountRow:
    """One account as stored (the password hash stays in the store)."""

    id: int
    name: str
    role: Role
    units: tuple[str, ...]
    sqs: tuple[int, ...]
    expires: date | None
    status: Status
    created_at: str
    created_by: str
    changed_at: str


class AccountStore:
    """The account tables of one catalog connection."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    _SELECT = ("SELECT id, name, role, expires, status, created_at, created_by, changed_at "
               "FROM accounts")

    def _rows(self, where: str = "", params: tuple[Any, ...] = ()) -> list[AccountRow]:
        rows = self.db.execute(f"{self._SELECT}{where} ORDER BY name, id", params).fetchall()
        units: dict[int, list[str]] = defaultdict(list)
        for account_id, unit in self.db.execute(
                "SELECT account_id, unit FROM account_units ORDER BY unit"):
            units[account_id].append(unit)
        numbers: dict[int, list[int]] = defaultdict(list)
        for account_id, sqs in self.db.execute(
                "SELECT account_id, sqs FROM account_sqs ORDER BY sqs"):
            numbers[account_id].append(sqs)
        return [AccountRow(id=r[0], name=r[1], role=r[2], units=tuple(units[r[0]]),
                           sqs=tuple(numbers[r[0]]),
                           expires=date.fromisoformat(r[3]) if r[3] else None, status=r[4],
                           created_at=r[5], created_by=r[6], changed_at=r[7]) for r in rows]

    def all(self, removed: bool = False) -> list[AccountRow]:
        """Every account by name (removed ones only when asked)."""
        return self._rows("" if removed else " WHERE status != 'removed'")

    def named(self, name: str) -> AccountRow | None:
        """The account called `name` that is not removed."""
        found = self._rows(" WHERE name = ? AND status != 'removed'", (name,))
        return found[0] if found else None

    def by_id(self, account_id: int) -> AccountRow | None:
        found = self._rows(" WHERE id = ?", (account_id,))
        return found[0] if found else None

    def any_active(self) -> bool:
        """Whether any account can sign in (then every page needs signing in)."""
        return self.db.execute(
            "SELECT 1 FROM accounts WHERE status = 'active' LIMIT 1").fetchone() is not None

    def password_hash(self, account_id: int) -> str | None:
        row = self.db.execute("SELECT password_hash FROM accounts WHERE id = ?",
                              (account_id,)).fetchone()
        return row[0] if row else None

    # -- writing (inside the caller's transaction) ------------------------------------------

    def add(self, name: str, role: Role, units: tuple[str, ...], sqs: tuple[int, ...],
            expires: date | None, password_hash: str, at: str, by: str) -> int:
        cursor = self.db.execute(
            "INSERT INTO accounts (name, role, password_hash, expires, status, created_at, "
            "created_by, changed_at) VALUES (?, ?, ?, ?, 'active', ?, ?, ?)",
            (name, role, password_hash, expires.isoformat() if expires else None, at, by, at))
        assert cursor.lastrowid is not None
        self.db.executemany("INSERT INTO account_units (account_id, unit) VALUES (?, ?)",
                            [(cursor.lastrowid, u) for u in sorted(set(units))])
        self.db.executemany("INSERT INTO account_sqs (account_id, sqs) VALUES (?, ?)",
                            [(cursor.lastrowid, n) for n in sorted(set(sqs))])
        return cursor.lastrowid

    def set_password(self, account_id: int, password_hash: str, at: str) -> None:
        self.db.execute("UPDATE accounts SET password_hash = ?, changed_at = ? WHERE id = ?",
                        (password_hash, at, account_id))

    def set_status(self, account_id: int, status: Status, at: str) -> None:
        if status == "removed":  # nothing a removed account held can sign in again
            self.db.execute("UPDATE accounts SET password_hash = NULL WHERE id = ?",
                            (account_id,))
            self.db.execute("UPDATE api_tokens SET revoked_at = ? WHERE account_id = ? "
                            "AND revoked_at IS NULL", (at, account_id))
        self.db.execute("UPDATE accounts SET status = ?, changed_at = ? WHERE id = ?",
                        (status, at, account_id))

    # -- API tokens -------------------------------------------------------------------------

    def add_token(self, account_id: int, token_sha256: str, at: str) -> int:
        cursor = self.db.execute(
            "INSERT INTO api_tokens (account_id, token_sha256, created_at) VALUES (?, ?, ?)",
            (account_id, token_sha256, at))
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def revoke_tokens(self, account_id: int, at: str) -> int:
        return self.db.execute("UPDATE api_tokens SET revoked_at = ? WHERE account_id = ? "
                               "AND revoked_at IS NULL", (at, account_id)).rowcount

    def token_owner(self, token_sha256: str) -> int | None:
        """The account a live token belongs to."""
        row = self.db.execute("SELECT account_id FROM api_tokens WHERE token_sha256 = ? "
                              "AND revoked_at IS NULL", (token_sha256,)).fetchone()
        return row[0] if row else None
