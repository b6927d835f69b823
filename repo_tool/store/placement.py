"""Where a repository may live: on the server's own disk, not on a network share.

SQLite's write-ahead log needs shared memory between the processes that use a database, which
network file systems (SMB/CIFS, NFS) do not give; its locks are unreliable there too. A catalog
on such a share can be corrupted as soon as `watch` and `serve` run at once. `init`, `watch` and
`serve` therefore refuse a repository on one, with this reason.
"""

from __future__ import annotations

import os
from pathlib import Path

NETWORK_TYPES = frozenset({"cifs", "smb3", "smbfs", "nfs", "nfs4", "ncpfs", "afs",
                           "fuse.sshfs", "davfs", "fuse.rclone"})
MOUNTINFO = Path("/proc/self/mountinfo")


def _unescape(field: str) -> str:
    """Mount points in mountinfo write space, tab, newline and backslash as octal escapes."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def filesystem_type(path: Path, mountinfo: str | None = None) -> str | None:
    """The type of the file system holding `path` (`ext4`, `cifs`, ...), from the mount table;
    None where there is no /proc (not Linux)."""
    if mountinfo is None:
        try:
            mountinfo = MOUNTINFO.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    target = os.path.realpath(path)
    best, found = -1, None
    for line in mountinfo.splitlines():
        before, sep, after = line.partition(" - ")
        fields = before.split()
        if not sep or len(fields) < 5 or not after.split():
            continue
        point = _unescape(fields[4])
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= best:  # the last, longest mount point wins (stacked mounts)
            best, found = len(point), after.split()[0]
    return found


def network_share_problem(path: Path, mountinfo: str | None = None) -> str | None:
    """Why a repository at `path` must move, or None when it is on a local disk."""
    kind = filesystem_type(path, mountinfo)
    if kind is None or kind not in NETWORK_TYPES:
        return None
    return (f"{path} is on a network share ({kind}); the catalog (SQLite in WAL mode) can be "
            "corrupted there when watch and serve run at once. Keep the repository on the "
            "server's own disk and share it through `repo-tool serve` (see docs/operations.md)")
