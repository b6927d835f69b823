"""PDF output through LibreOffice headless, when it is installed.

Each conversion uses its own throw-away LibreOffice profile, so two conversions (or a user's
open LibreOffice window) never block each other on the profile lock.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from repo_tool.errors import RepoError, Unsupported

INSTALL_HINT = ("install LibreOffice to make PDFs: on Debian/Ubuntu `apt-get install "
                "libreoffice-writer-nogui fonts-noto-cjk`, on Windows or macOS from "
                "libreoffice.org")
_TIMEOUT = 180


def soffice_path() -> str | None:
    """The LibreOffice command, or None when it is not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in (r"C:\Program Files\LibreOffice\program\soffice.exe",
                      "/Applications/LibreOffice.app/Contents/MacOS/soffice"):
        if os.path.isfile(candidate):
            return candidate
    return None


def convert_to_pdf(source: Path, dest: Path) -> Path:
    """Convert a .docx (or .odt/.svg) to `dest` as PDF; returns `dest`."""
    soffice = soffice_path()
    if soffice is None:
        raise Unsupported(f"cannot make a PDF: LibreOffice is not installed; {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="repo-tool-pdf-") as work:
        profile = Path(work) / "profile"
        out_dir = Path(work) / "out"
        out_dir.mkdir()
        try:
            done = subprocess.run(
                [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                 "--norestore", "--convert-to", "pdf", "--outdir", str(out_dir), str(source)],
                capture_output=True, text=True, timeout=_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise RepoError(f"LibreOffice took more than {_TIMEOUT} s to convert {source.name} "
                            "to PDF; try again, or convert it by hand") from None
        produced = out_dir / (source.stem + ".pdf")
        if done.returncode != 0 or not produced.is_file():
            detail = (done.stderr or done.stdout).strip().splitlines()
            raise RepoError(f"LibreOffice could not convert {source.name} to PDF"
                            + (f": {detail[-1]}" if detail else ""))
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(f".{dest.name}.{os.getpid()}.part")
        shutil.copyfile(produced, tmp)
        os.replace(tmp, dest)
    return dest
