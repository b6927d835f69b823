"""The password of `repo-tool serve` on a network: stored as a salted PBKDF2-SHA256 hash.

repo.yaml holds `serve: {password_hash: "pbkdf2_sha256$600000$<salt>$<hash>"}` (made by
`repo-tool serve --hash-password`), never the password itself; REPO_TOOL_PASSWORD in the
environment is the other way to give one.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from repo_tool.config import PASSWORD_HASH

ITERATIONS = 600_000  # OWASP's 2023 figure for PBKDF2-HMAC-SHA256


def _derive(password: str, salt: bytes, iterations: int) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)


def hash_password(password: str, iterations: int = ITERATIONS) -> str:
    """A new salted hash of `password`, in the form repo.yaml accepts."""
    salt = secrets.token_bytes(16)
    return f"pbkdf2_sha256${iterations}${salt.hex()}${_derive(password, salt, iterations).hex()}"


def check_password(password: str, stored: str) -> bool:
    """Whether `password` matches a stored hash (compared in constant time)."""
    found = PASSWORD_HASH.match(stored)
    if found is None:
        return False
    iterations, salt, expected = int(found[1]), bytes.fromhex(found[2]), found[3]
    return hmac.compare_digest(_derive(password, salt, iterations).hex(), expected)
