"""Helpers for the `serve` tests: the demo repository in tmp, the real server in a child
process (started with `python -m repo_tool serve --port 0`, stopped with Ctrl-C), and a plain
urllib client that returns 4xx/5xx responses instead of raising."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from email.message import Message
from pathlib import Path
from typing import TYPE_CHECKING

from tests.conftest import ACTOR, PROJECT, Cli, bump_mtime, wait_for, write

if TYPE_CHECKING:
    from repo_tool.repository import Repository

SECRET = "correct horse battery"  # every test account's password

_LISTENING = re.compile(r"on (http://[^ ]+/) ")


def add_people(repo: Repository, today: date, *, reviewer_expires: date,
               reviewer_sqs: tuple[int, ...] = ()) -> None:
    """The demo's people, all with SECRET: `admin-ho` (admin), `陳社工` (editor of ycc),
    `home-editor` (editor of home), `ycc-viewer` (viewer of ycc) and `swd-officer` (reviewer
    of ycc, of `reviewer_sqs` only when given, until `reviewer_expires`)."""
    from repo_tool.domain.accounts import add_account

    add_account(repo, "admin-ho", "admin", SECRET, ACTOR, today=today)
    add_account(repo, "陳社工", "editor", SECRET, ACTOR, units=("ycc",), today=today)
    add_account(repo, "home-editor", "editor", SECRET, ACTOR, units=("home",), today=today)
    add_account(repo, "ycc-viewer", "viewer", SECRET, ACTOR, units=("ycc",), today=today)
    add_account(repo, "swd-officer", "reviewer", SECRET, ACTOR, units=("ycc",), sqs=reviewer_sqs,
                expires=reviewer_expires, today=today)


def demo_repository(root: Path) -> Path:
    """The project's demo repository (repo.yaml, policies, records) copied to `root` and
    scanned, without the generated folders."""
    root.mkdir(parents=True)
    shutil.copy(PROJECT / "repo.yaml", root)
    for folder in ("policies", "records"):
        shutil.copytree(PROJECT / folder, root / folder,
                        ignore=shutil.ignore_patterns("generated", "demo-tour-*"))
    scanned = Cli(root)("scan", "--no-ocr")
    assert scanned.exit_code == 0, scanned.output
    return root


LOG = "records/ycc/SQS-14 私隱和保密/閉路電視查閱紀錄 CCTV access log.txt"
FIRST = "2024-05-02 查閱 第一版 first edition\n"
SECOND = FIRST + "2024-06-11 查閱 second entry 第二段\n"


def demo_with_history(root: Path) -> Path:
    """The demo repository with an SQS 14 review of ycc and a log in two versions (FIRST, then
    SECOND), for the pages that show history, downloads and diffs."""
    demo_repository(root)
    cli = Cli(root)
    assert cli("review", "record", "--unit", "ycc", "--sqs", "14", "--by", "陳美玲",
               "--date", "2024-03-22", "--outcome", "no-change").exit_code == 0
    log = write(root / LOG, FIRST)
    bump_mtime(log, -100)
    assert cli("scan", "--no-ocr").exit_code == 0
    write(log, SECOND)
    assert cli("scan", "--no-ocr").exit_code == 0
    return root


@dataclass
class Reply:
    status: int
    body: bytes
    headers: Message

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


@dataclass
class Server:
    url: str
    log: Path

    def get(self, path: str, headers: dict[str, str] | None = None) -> Reply:
        return self.request(path, None, headers)

    def post(self, path: str, form: dict[str, str], headers: dict[str, str] | None = None
             ) -> Reply:
        from urllib.parse import urlencode

        return self.request(path, urlencode(form).encode(), headers)

    def request(self, path: str, data: bytes | None, headers: dict[str, str] | None = None
                ) -> Reply:
        req = urllib.request.Request(self.url + path.lstrip("/"), data=data,
                                     headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=120) as response:
                return Reply(response.status, response.read(), response.headers)
        except urllib.error.HTTPError as error:
            with error:
                return Reply(error.code, error.read(), error.headers)

    def token(self) -> str:
        """The form token the server puts in its forms."""
        found = re.search(r'name="token" value="([^"]+)"', self.get("/generate").text)
        assert found, "no form token on the generate page"
        return found[1]


@contextmanager
def running_server(root: Path, *args: str, env: dict[str, str] | None = None
                   ) -> Iterator[Server]:
    """`repo-tool serve --port 0 ARGS` on `root` until the block ends; then Ctrl-C and reap."""
    log = root.parent / f"serve-{os.getpid()}-{id(root)}.log"
    with log.open("w") as sink:
        child = subprocess.Popen(
            [sys.executable, "-m", "repo_tool", "serve", "--repo", str(root), "--port", "0",
             *args], stdout=sink, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONPATH": str(PROJECT), **(env or {})})
    try:
        wait_for(lambda: bool(_LISTENING.search(log.read_text())) or child.poll() is not None,
                 "the server to listen", seconds=60)
        found = _LISTENING.search(log.read_text())
        assert found, f"the server did not start: {log.read_text()}"
        yield Server(found[1], log)
    finally:
        child.send_signal(signal.SIGINT)
        try:
            child.wait(timeout=20)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


@contextmanager
def serving_app(app: object) -> Iterator[str]:
    """A Flask app built in this process (with an injected clock, say) served by waitress on
    a free port in a thread until the block ends; yields its URL."""
    import threading

    import waitress

    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=4)
    stop = threading.Event()

    def run() -> None:
        # Sockets are closed by the thread that polls them, after its last poll: closing them
        # from the test's thread while select() waited on them raised EBADF in this thread.
        while not stop.is_set():
            server.asyncore.loop(timeout=0.05, map=server._map, count=1)
        server.close()
        for channel in list(server._map.values()):  # a browser's kept-alive connections
            channel.close()

    thread = threading.Thread(target=run, name="waitress-test", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}/"
    finally:
        stop.set()
        thread.join(30)
        server.task_dispatcher.shutdown(timeout=30)  # its worker threads
        assert not thread.is_alive(), "the test server did not stop"
