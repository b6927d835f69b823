"""Failed sign-ins slowed per key (a client address, or an account name), so a password cannot
be guessed at network speed.

A client (by address) may fail `ALLOWED` times within `WINDOW` seconds; after that it is refused
without its password being checked, for a pause that doubles with each further burst (up to
`LONGEST`). A person who mistypes a few times never meets it; a success forgets the failures.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

ALLOWED = 5
WINDOW = 60.0
FIRST_PAUSE = 60.0
LONGEST = 15 * 60.0


@dataclass
class _Client:
    failures: int = 0
    since: float = 0.0
    blocked_until: float = 0.0
    pause: float = FIRST_PAUSE


class LoginThrottle:
    """Thread-safe bookkeeping of failed logins per client address."""

    def __init__(self) -> None:
        self._clients: dict[str, _Client] = {}
        self._lock = threading.Lock()

    def wait_left(self, client: str) -> float:
        """Seconds this client must still wait before a password is checked (0: go ahead)."""
        with self._lock:
            found = self._clients.get(client)
            return max(0.0, found.blocked_until - time.monotonic()) if found else 0.0

    def failed(self, client: str, allowed: int = ALLOWED) -> None:
        now = time.monotonic()
        with self._lock:
            found = self._clients.setdefault(client, _Client(since=now))
            if now - found.since > WINDOW:
                found.failures, found.since = 0, now
            found.failures += 1
            if found.failures >= allowed:
                found.blocked_until = now + found.pause
                found.pause = min(found.pause * 2, LONGEST)
                found.failures, found.since = 0, now

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._clients.pop(client, None)
