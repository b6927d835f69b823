"""Files of every format an office shared drive holds, made here (for tests and benchmarks).

Word/Excel/PowerPoint 97-2003, .pptx and RTF are written by LibreOffice from a .docx
(python-docx), an .xlsx (openpyxl) or a flat OpenDocument presentation written here; Big5 RTF
and HTML are written byte by byte; e-mails by the standard library; .msg by tests/msgfile.py.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from email.message import EmailMessage
from pathlib import Path
from xml.sax.saxutils import escape

import docx
import openpyxl

from repo_tool.generate import soffice_path

_FODP = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.2"
 office:mimetype="application/vnd.oasis.opendocument.presentation">
<office:body><office:presentation>{pages}</office:presentation></office:body></office:document>
"""
_FRAME = ('<draw:frame svg:x="1cm" svg:y="{y}cm" svg:width="22cm" svg:height="3cm">'
          '<draw:text-box><text:p>{text}</text:p></draw:text-box></draw:frame>')


def make_docx(path: Path, paragraphs: Sequence[str], title: str | None = None) -> Path:
    """A .docx with a heading (the first paragraph) and body paragraphs."""
    document = docx.Document()
    if title:
        document.core_properties.title = title
    document.add_heading(paragraphs[0], 1)
    for paragraph in paragraphs[1:]:
        document.add_paragraph(paragraph)
    document.save(str(path))
    return path


def make_xlsx(path: Path, sheet: str, rows: Sequence[Sequence[str | int | float]]) -> Path:
    """An .xlsx of one sheet."""
    book = openpyxl.Workbook()
    first = book.active
    first.title = sheet
    for row in rows:
        first.append(list(row))
    book.save(str(path))
    return path


def make_fodp(path: Path, slides: Sequence[tuple[str, str]]) -> Path:
    """A flat OpenDocument presentation: one slide per (text, speaker notes)."""
    pages = []
    for number, (text, notes) in enumerate(slides, start=1):
        body = _FRAME.format(y=1, text=escape(text))
        if notes:
            body += ("<presentation:notes>" + _FRAME.format(y=2, text=escape(notes))
                     + "</presentation:notes>")
        pages.append(f'<draw:page draw:name="p{number}">{body}</draw:page>')
    path.write_text(_FODP.format(pages="".join(pages)), encoding="utf-8")
    return path


def convert(sources: Sequence[Path], target: str, out: Path, profile: Path) -> list[Path]:
    """LibreOffice headless converts `sources` to `target` ("doc", "xls", "ppt", "pptx",
    "rtf") in `out`, in one run; the converted paths, in order."""
    soffice = soffice_path()
    if soffice is None:
        raise RuntimeError("LibreOffice is needed to write Office 97-2003 files "
                           "(scripts/system-deps.sh installs it)")
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--norestore", "--convert-to", target, "--outdir", str(out),
                    *map(str, sources)], check=True, capture_output=True, timeout=300)
    made = [out / f"{source.stem}.{target}" for source in sources]
    missing = [path.name for path in made if not path.is_file()]
    if missing:
        raise RuntimeError(f"LibreOffice did not write {missing} (is libreoffice-calc-nogui / "
                           f"libreoffice-impress-nogui installed?)")
    return made


def rtf_escaped(text: str, encoding: str) -> str:
    """`text` with every non-ASCII character as its `\\'hh` bytes in `encoding`."""
    return "".join(char if ord(char) < 128 else
                   "".join(f"\\'{byte:02x}" for byte in char.encode(encoding)) for char in text)


def big5_rtf(path: Path, title: str, lines: Sequence[str]) -> Path:
    """An RTF as a Traditional Chinese Word writes it: \\ansicpg950, a Big5 font (charset 136),
    the text as \\'hh bytes, and one line as \\uN with its Big5 fallback."""
    body = "\\par ".join(rtf_escaped(line, "big5") for line in lines)
    unicode_line = "".join(f"\\u{ord(char)}" + rtf_escaped(char, "big5") for char in lines[0])
    text = ("{\\rtf1\\ansi\\ansicpg950\\deff0{\\fonttbl{\\f0\\fnil\\fcharset136 "
            + rtf_escaped("新細明體", "big5") + ";}{\\f1\\fswiss\\fcharset0 Arial;}}"
            + "{\\info{\\title " + rtf_escaped(title, "big5") + "}{\\author x}}"
            + "\\uc2\\f0 " + body + "\\par " + unicode_line + "\\par}")
    path.write_bytes(text.encode("ascii"))
    return path


def big5_html(path: Path, title: str, shown: str, hidden: str) -> Path:
    """A Big5 HTML page declaring its charset in http-equiv, with hidden text and a script."""
    page = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=big5">'
            f"<title>{title}</title><style>.x {{}}</style></head><body>"
            f"<h1>{title}</h1><p>{shown}</p><div style=\"display:none\">{hidden}</div>"
            f"<script>var s = '{hidden}';</script></body></html>")
    path.write_bytes(page.encode("big5"))
    return path


def make_eml(path: Path, subject: str, body: str, charset: str, html: str | None = None,
             attachments: Sequence[Path] = ()) -> Path:
    """An e-mail: a text body in `charset` (or only an HTML body when `body` is ""), a
    subject encoded in the header, and files attached."""
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = "陳大文 <chan@example.org>"
    message["To"] = "centre@example.org"
    message["Date"] = "Mon, 05 Feb 2024 10:00:00 +0800"
    if body:
        message.set_content(body, charset=charset)
        if html:
            message.add_alternative(html, subtype="html", charset=charset)
    elif html:
        message.set_content(html, subtype="html", charset=charset)
    for attachment in attachments:
        message.add_attachment(attachment.read_bytes(), maintype="application",
                               subtype="octet-stream", filename=attachment.name)
    path.write_bytes(bytes(message))
    return path
