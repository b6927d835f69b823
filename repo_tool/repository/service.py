"""The systemd units that run `watch` and `serve` for one repository on a server.

`serve` listens on 127.0.0.1 only: a reverse proxy (nginx, Caddy; see docs/operations.md) gives
it HTTPS. Both run as the repository folder's owner, may write only inside the repository, and
stop on SIGINT, which lets the batch in progress finish.
"""

from __future__ import annotations

import pwd
import shlex
import sys
from pathlib import Path

from repo_tool.errors import InvalidInput, NotFound

_DESCRIPTION = {"watch": "records each save in the repository",
                "serve": "web interface of the repository"}


def _owner(root: Path, run_as: str | None) -> str:
    if run_as is None:
        return pwd.getpwuid(root.stat().st_uid).pw_name
    try:
        pwd.getpwnam(run_as)
    except KeyError:
        raise NotFound(f"there is no account '{run_as}' on this machine; create it first or "
                       "leave out --user to run as the repository folder's owner") from None
    return run_as


def systemd_unit(root: Path, what: str, *, run_as: str | None = None, port: int = 8000) -> str:
    """The text of `repo-tool-WHAT.service` for the repository at `root`."""
    if what not in _DESCRIPTION:
        raise InvalidInput(f"'{what}' is not a service; use watch or serve")
    root = root.resolve()
    if any(c.isspace() or c in "\"'\\%$;" for c in str(root)):
        raise InvalidInput(f"the repository's path {root} holds spaces or characters a systemd "
                           "unit cannot carry unquoted; keep a server's repository at a plain "
                           "path such as /srv/repo-tool/<agency>")
    command = [sys.executable, "-m", "repo_tool", what, "--repo", str(root)]
    if what == "serve":
        command += ["--host", "127.0.0.1", "--port", str(port)]
    user = _owner(root, run_as)
    return f"""[Unit]
Description=repo-tool {what}: {_DESCRIPTION[what]} {root}
After=network.target local-fs.target

[Service]
Type=simple
User={user}
WorkingDirectory={root}
ExecStart={shlex.join(command)}
KillSignal=SIGINT
TimeoutStopSec=60
Restart=on-failure
RestartSec=5
NoNewPrivileges=yes
PrivateTmp=yes
ProtectSystem=strict
ReadWritePaths={root}
UMask=0077

[Install]
WantedBy=multi-user.target
"""
