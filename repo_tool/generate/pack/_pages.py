"""The cover page and the SQS divider pages, as .docx (python-docx), and PDFs from them.

They are built in code rather than from a template because their length varies with the data
(one table row per SQS, one line per document); the font is Noto Sans CJK TC (PMingLiU on
Windows as Word's own fallback) so that Chinese never prints as boxes.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from repo_tool.config import Unit
from repo_tool.errors import Unsupported
from repo_tool.generate import soffice_path

__all__ = ["convert_many", "need_soffice", "soffice_path", "write_cover", "write_divider"]
from repo_tool.generate._pdf import INSTALL_HINT
from repo_tool.generate.pack._select import ReadinessRow
from repo_tool.sqs import Standard
from repo_tool.store.session import Progress

_BATCH = 20
_TIMEOUT = 300


def _document() -> Any:
    """An A4 page (as the binder's other papers) in the CJK font."""
    from repo_tool.generate._tables import new_document

    return new_document()


def write_cover(dest: Path, unit: Unit, as_of: str, made_at: str, by: str,
                rows: list[ReadinessRow]) -> Path:
    """The cover: unit, date, who made it, and one row per SQS with what the pack holds."""
    from repo_tool.generate._tables import table

    document = _document()
    document.add_heading("評估文件 Evidence pack", level=0)
    document.add_paragraph(f"{unit.name_zh}\n{unit.name_en} ({unit.code})")
    document.add_paragraph(f"截至日期 As of: {as_of}\n製作 Made: {made_at} by {by}")
    # the shared table: 9 pt, columns as wide as their words need, so no word or date breaks
    table(document, ["SQS", "標準 Standard", "文件 Documents", "最近更改 Latest change",
                     "最近檢討 Last review", "符合 Met"],
          [[str(row.sqs.number), f"{row.sqs.name_zh}\n{row.sqs.name_en}", str(row.documents),
            row.latest_change or "-", row.last_review or "-",
            "符合\nmet" if row.met else "未符合\nnot met"] for row in rows],
          font_pt=9)
    return _save(document, dest)


def write_divider(dest: Path, std: Standard, titles: list[str],
                  not_converted: list[tuple[str, str]]) -> Path:
    """An SQS divider: number, both names, its documents, and those not in the binder (why)."""
    document = _document()
    document.add_heading(f"SQS {std.number}", level=0)
    document.add_heading(f"{std.name_zh}\n{std.name_en}", level=1)
    document.add_paragraph(f"文件 Documents ({len(titles)})" if titles else
                           "沒有文件 No documents")
    for title in titles:
        document.add_paragraph(title, style="List Number")
    if not_converted:
        document.add_paragraph("未能轉為 PDF 的文件 Documents that could not be made into PDF "
                               "(in the zip, not in this binder):")
        for title, reason in not_converted:
            document.add_paragraph(f"{title}: {reason}", style="List Bullet")
    return _save(document, dest)


def _save(document: Any, dest: Path) -> Path:
    dest.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(dest))
    return dest


def need_soffice() -> str:
    """The LibreOffice command, or Unsupported naming what to install."""
    soffice = soffice_path()
    if soffice is None:
        raise Unsupported(f"cannot make the binder: LibreOffice is not installed; {INSTALL_HINT}")
    return soffice


def convert_many(sources: list[Path], out_dir: Path,
                 on_progress: Progress | None = None) -> dict[Path, Path | str]:
    """Convert files to PDF with LibreOffice, a batch per process; each source -> PDF or reason.

    Sources must have distinct stems. A batch that times out marks each of its files unconverted.
    """
    soffice = need_soffice()
    out_dir.mkdir(parents=True, exist_ok=True)
    results: dict[Path, Path | str] = {}
    for start in range(0, len(sources), _BATCH):
        batch = sources[start:start + _BATCH]
        with tempfile.TemporaryDirectory(prefix="repo-tool-pack-") as work:
            profile = Path(work) / "profile"
            try:
                subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}",
                                "--headless", "--norestore", "--convert-to", "pdf",
                                "--outdir", str(out_dir), *map(str, batch)],
                               capture_output=True, text=True, timeout=_TIMEOUT)
                timed_out = False
            except subprocess.TimeoutExpired:
                timed_out = True
        for source in batch:
            produced = out_dir / (source.stem + ".pdf")
            if produced.is_file() and produced.stat().st_size > 0:
                results[source] = produced
            else:
                results[source] = ("LibreOffice took too long" if timed_out else
                                   "LibreOffice could not convert it")
        if on_progress:
            on_progress(min(start + _BATCH, len(sources)), len(sources), batch[-1].name)
    return results


def copy_file(source: Path, dest: Path) -> Path:
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, dest)
    return dest
