"""The single-writer lock: `.repo/lock` holds the host, pid, command and start time.

Created with O_EXCL, so two writers cannot both hold it. A lock left by a process that no longer
runs on this host is taken over; a lock held by a live process, or by another host (which we
cannot check), is reported with who holds it.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from repo_tool.errors import Locked

_STARTING_SECONDS = 10


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid runs on this machine."""
    if pid == 0:
        return True  # a lock file still being written: its writer is alive
    if pid < 0:
        return False
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        kernel32.CloseHandle(handle)
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class WriterLock:
    """Held while a command changes the repository; use as a context manager."""

    def __init__(self, path: Path, command: str) -> None:
        self.path = path
        self.command = command
        self.held = False

    def __enter__(self) -> WriterLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()

    def acquire(self) -> None:
        info = {
            "host": _hostname(),
            "pid": os.getpid(),
            "command": self.command,
            "started": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        for _attempt in range(3):
            try:
                self._create(json.dumps(info))
            except FileExistsError:
                self._take_over_if_stale()
                continue
            self.held = True
            return
        raise Locked(f"could not take the lock {self.path}; try again")

    def _create(self, text: str) -> None:
        """Create the lock file already holding `text`, or raise FileExistsError.

        The text is written to a private file first and hard-linked into place, so no other
        writer ever sees an empty lock, even if this process is killed half-way. Where the
        file system has no hard links (some shares), an exclusive create is the fallback.
        """
        tmp = self.path.with_name(f"lock.{os.getpid()}.{os.urandom(4).hex()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
            try:
                os.link(tmp, self.path)
                return
            except FileExistsError:
                raise
            except OSError:
                pass  # no hard links here
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
        finally:
            tmp.unlink(missing_ok=True)

    def _take_over_if_stale(self) -> None:
        holder = read_lock(self.path)
        if holder is None:
            return  # released meanwhile, or unreadable; the next attempt tells
        host, pid = holder.get("host"), holder.get("pid")
        if host == _hostname() and isinstance(pid, int) and not pid_alive(pid):
            stale = self.path.with_name(f"lock.stale-{os.getpid()}")
            try:
                os.replace(self.path, stale)
                os.unlink(stale)
            except FileNotFoundError:
                pass
            return
        raise Locked(
            f"another repo-tool is changing this repository: `{holder.get('command', '?')}` "
            f"(pid {pid} on {host}, since {holder.get('started', '?')}); wait for it to finish. "
            f"If that process is gone, delete {self.path}"
        )

    def release(self) -> None:
        if self.held:
            holder = read_lock(self.path)
            if holder and holder.get("pid") == os.getpid():
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(self.path)
            self.held = False


def read_lock(path: Path) -> dict[str, object] | None:
    """The holder recorded in a lock file, or None if there is none."""
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, UnicodeDecodeError):
        return None
    try:
        value = json.loads(text)
    except ValueError:
        # Empty or torn: a writer is between creating and filling the file, or was killed
        # right there. A fresh file is taken as live, an old one as dead.
        try:
            age = time.time() - path.stat().st_mtime
        except FileNotFoundError:
            return None
        pid = 0 if age < _STARTING_SECONDS else -1
        return {"host": _hostname(), "pid": pid, "command": "(starting)"}
    return value if isinstance(value, dict) else None


def _hostname() -> str:
    import socket  # only a writer needs it: a search never takes the lock

    return socket.gethostname()
