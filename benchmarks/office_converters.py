"""LibreOffice headless as a reader of Word/Excel/PowerPoint 97-2003, for comparison with the
pure-Python readers repo-tool uses (benchmarks/extract_bench.py, `format_rows`).

Two ways of running it are measured:
- per file: `soffice --convert-to` once per file, its profile kept between files (what
  generate/_pdf.py does for PDFs); the first file pays the profile's creation.
- kept warm: one long-lived LibreOffice behind unoserver (PyPI), which needs Debian's
  python3-uno for the system Python; measured only where both are there.
Text comes out as UTF-8 text (.doc), CSV with the UTF-8 option (.xls: without it every
Chinese character becomes "?") and OpenDocument (.ppt, then read by repo-tool's ODF reader).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from xmlrpc.client import ServerProxy

from repo_tool.extract import extract_file
from repo_tool.generate import soffice_path

# target, filter, and how to read what LibreOffice wrote, per source extension
_TARGETS = {".doc": ("txt", "Text (encoded)", "UTF8"),
            ".xls": ("csv", "Text - txt - csv (StarCalc)", "44,34,76"),
            ".ppt": ("odp", "impress8", "")}
SYSTEM_PYTHON = "/usr/bin/python3"


def read_output(path: Path) -> str:
    """The text of a file LibreOffice wrote."""
    if path.suffix == ".odp":
        return extract_file(path, path.name).text
    return path.read_text(encoding="utf-8", errors="replace").lstrip("\ufeff")


def soffice_per_file(source: Path, out: Path, profile: Path) -> str:
    """One `soffice --convert-to` run for one file; the text it wrote."""
    soffice = soffice_path()
    assert soffice is not None
    target, filter_name, options = _TARGETS[source.suffix]
    spec = f"{target}:{filter_name}" + (f":{options}" if options else "")
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--norestore", "--convert-to", spec, "--outdir", str(out), str(source)],
                   capture_output=True, timeout=120, check=False)
    made = out / f"{source.stem}.{target}"
    return read_output(made) if made.is_file() else ""


def unoserver_available() -> bool:
    """unoserver in this environment and python3-uno for the system Python."""
    if importlib.util.find_spec("unoserver") is None or not os.path.exists(SYSTEM_PYTHON):
        return False
    return subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True,
                          check=False).returncode == 0


class WarmOffice:
    """A unoserver client: `convert(source)` is the text of one file."""

    def __init__(self, port: int, work: Path) -> None:
        from unoserver.client import UnoClient  # type: ignore[import-untyped, import-not-found, unused-ignore]

        self.client = UnoClient(port=str(port))
        self.work = work

    def convert(self, source: Path) -> str:
        target, filter_name, options = _TARGETS[source.suffix]
        out = self.work / f"{source.stem}.{target}"
        try:
            self.client.convert(inpath=str(source), outpath=str(out), convert_to=target,
                                filtername=filter_name,
                                filter_options=[f"FilterOptions={options}"] if options else [])
        except Exception:  # a crash of the converter is what is being measured
            return ""
        return read_output(out) if out.is_file() else ""


@contextmanager
def warm_office(port: int = 2203) -> Iterator[WarmOffice]:
    """unoserver with its LibreOffice, started in a process group of its own and killed
    with it on the way out (nothing left running)."""
    import unoserver  # type: ignore[import-untyped, import-not-found, unused-ignore]

    work = Path(tempfile.mkdtemp(prefix="repo-tool-unoserver-"))
    env = {**os.environ, "PYTHONPATH": str(Path(unoserver.__file__).parent.parent)}
    server = subprocess.Popen(
        [SYSTEM_PYTHON, "-m", "unoserver.server", "--port", str(port), "--uno-port",
         str(port + 1), "--user-installation", str(work / "profile")],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        office = WarmOffice(port, work)
        deadline = time.monotonic() + 60
        while True:  # ready once it answers; a benchmark may poll
            try:
                ServerProxy(f"http://127.0.0.1:{port}").info()
                break
            except Exception:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("unoserver did not start") from None
                time.sleep(0.2)
        yield office
    finally:
        try:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        shutil.rmtree(work, ignore_errors=True)
