"""`repo-tool serve`: the local web interface (see repo_tool/web)."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import click

from repo_tool.cli._base import cli, open_repo, repo_option
from repo_tool.errors import InvalidInput

PASSWORD_ENV = "REPO_TOOL_PASSWORD"


def is_loopback(host: str) -> bool:
    """Whether `host` only listens on this machine (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on; anything but this machine needs a password.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="The port (0: any free port).")
@click.option("--allow-write", is_flag=True, help="Allow tagging, recording reviews and "
              "amendments, and generating into the repository (each change is audited).")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64),
              help="Requests served at once.")
@click.option("--hash-password", is_flag=True, help="Ask for a password and print the "
              "`serve:` lines to put in repo.yaml, then exit.")
@click.option("--proxy", is_flag=True, help="Behind a reverse proxy on this machine (HTTPS): "
              "trust its X-Forwarded-Proto and X-Forwarded-For headers.")
@repo_option
def serve(host: str, port: int, allow_write: bool, threads: int, hash_password: bool,
          proxy: bool, repo_path: Path | None) -> None:
    """Serve search, documents, readiness and the generators as web pages."""
    from repo_tool.domain.passwords import hash_password as make_hash

    if hash_password:
        password = click.prompt("password", hide_input=True, confirmation_prompt=True)
        if len(password) < 8:
            raise InvalidInput("use a password of at least 8 characters")
        click.echo(f'serve:\n  password_hash: "{make_hash(password)}"')
        return

    import waitress

    from repo_tool.web import Settings, create_app

    repo = open_repo(repo_path)
    repo.check_local_disk()
    stored = repo.config.serve_password_hash
    accounts = repo.catalog.accounts.any_active()
    repo.close()
    given = os.environ.get(PASSWORD_ENV)
    password_hash = make_hash(given) if given else stored
    if not is_loopback(host) and not accounts:
        if password_hash is None:
            raise InvalidInput(f"serving on {host} lets other machines in: add accounts first "
                               "(`repo-tool user add NAME --role admin`), or set one shared "
                               "password with `repo-tool serve --hash-password` into repo.yaml "
                               f"or in the environment variable {PASSWORD_ENV}")
        click.echo(f"warning: serving on {host}: anyone on the network who has the password can "
                   "read the repository, and the traffic (password included) is NOT encrypted; "
                   "use it only on a network you trust", err=True)
    app = create_app(Settings(root=repo.root, allow_write=allow_write,
                              password_hash=password_hash, thumbnails=True))
    try:
        trusted = {"trusted_proxy": "127.0.0.1", "trusted_proxy_count": 1,
                   "trusted_proxy_headers": {"x-forwarded-proto", "x-forwarded-for"}} \
            if proxy else {}
        server = waitress.create_server(app, host=host, port=port, threads=threads,
                                        ident="repo-tool", clear_untrusted_proxy_headers=True,
                                        **trusted)
    except OSError as exc:  # the port is taken, or the address is not this machine's
        raise InvalidInput(f"cannot listen on {host} port {port}: {exc.strerror}; choose another "
                           "--port, or stop the program that uses it") from None
    bound = server.getsockname()
    shown = f"[{bound[0]}]" if ":" in str(bound[0]) else bound[0]
    mode = "accounts" if accounts else ("read and write" if allow_write else "read-only")
    click.echo(f"serving {repo.root} ({mode}) on http://{shown}:{bound[1]}/ ; Ctrl-C stops",
               err=True)
    try:
        server.run()
    finally:
        server.close()


__all__ = ["serve"]
