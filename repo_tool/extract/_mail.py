"""E-mail text: .eml (RFC 5322, the standard library's `email`) and Outlook .msg (`_msg`).

A message reads as its headers (subject, from, to, cc, date), a blank line, the body (the
plain-text part, else the HTML part as text), then one `Attachment: NAME` line per attachment,
each followed by its text when it is of a kind repo-tool reads (a .docx, a PDF, another
message...), so a complaint's attached letter is found by searching the message. Attachments
nest at most two deep. Charsets come from the message (Big5 and GB2312 read as their
supersets); headers are decoded (=?big5?B?...?=). The subject is the title.
"""

from __future__ import annotations

import email
import email.policy
import tempfile
from collections.abc import Iterable
from dataclasses import replace
from email.message import EmailMessage, Message
from pathlib import Path

from repo_tool.extract._html import charset_name, html_lines
from repo_tool.extract._msg import guarded, msg_lines
from repo_tool.extract._ole import OleError, open_ole
from repo_tool.extract._title import clean_title
from repo_tool.extract._types import Extraction, failure, split_lines, text_result

EML, MSG = "eml", "msg-extract"
MAX_DEPTH = 2
MAX_ATTACHMENTS = 100
_HEADERS = (("Subject", "Subject"), ("From", "From"), ("To", "To"), ("Cc", "Cc"),
            ("Date", "Date"))
_depth = 0  # attachments being read inside attachments, in this process


def extract_eml(path: Path) -> Extraction:
    """The text of an .eml message and its readable attachments."""
    with path.open("rb") as stream:
        message = email.message_from_binary_file(stream, policy=email.policy.default)
    known = any(message.get(name) for name, _ in _HEADERS)
    if not isinstance(message, EmailMessage) or not message.keys() or (
            message.defects and not known):
        return failure("corrupt", "damaged e-mail message (.eml): it has no headers; the "
                                  "file is kept", EML)
    lines = [f"{label}: {_header(message, name)}" for name, label in _HEADERS
             if message.get(name)]
    lines.append("")
    attachments: list[tuple[str, bytes]] = []
    plain: list[str] = []
    html: list[str] = []
    for part in message.walk():
        if part.is_multipart():
            continue
        disposition = part.get_content_disposition()
        filename = part.get_filename()
        kind = part.get_content_type()
        if disposition == "attachment" or (filename and not kind.startswith("text/")):
            payload = part.get_payload(decode=True)
            attachments.append((filename or "attachment", payload
                                if isinstance(payload, bytes) else b""))
        elif kind == "text/plain":
            plain += split_lines(_part_text(part))
        elif kind == "text/html":
            html += html_lines(_part_text(part))[0]
        elif kind == "message/rfc822":
            attachments.append(("message.eml", part.as_bytes()))
    lines += plain or html
    lines += _attachment_lines(attachments)
    result = text_result(lines, EML, "the e-mail message has no text")
    return replace(result, title=clean_title(_header(message, "Subject")) or result.title)


def _header(message: Message, name: str) -> str:
    value = message.get(name)
    return " ".join(str(value).split()) if value is not None else ""


def _part_text(part: Message) -> str:
    """A text part's characters, in its charset (its superset for Big5 and GB2312)."""
    payload = part.get_payload(decode=True)
    data = payload if isinstance(payload, bytes) else b""
    label = part.get_content_charset() or "utf-8"
    encoding = charset_name(label) or "utf-8"
    return data.decode(encoding, errors="replace")


def extract_msg_file(path: Path) -> Extraction:
    """The text of an Outlook .msg message and its readable attachments (see `_msg`)."""
    try:
        with open_ole(path) as ole:
            if not ole.exists("__properties_version1.0"):
                return failure("corrupt", "damaged Outlook .msg (its properties stream is "
                                          "missing); the file is kept", MSG)
            lines, subject, attachments = guarded(lambda: msg_lines(ole, MAX_ATTACHMENTS))
    except OleError as error:
        return failure("corrupt", f"damaged Outlook .msg ({error}); the file is kept", MSG)
    files = [(a.name, a.data) for a in attachments if a.message is None]
    lines += _attachment_lines(files)
    for embedded in attachments:
        if embedded.message is not None:
            lines += [f"Attachment: {embedded.name}", *embedded.message]
    result = text_result(lines, MSG, "the Outlook message has no text")
    return replace(result, title=clean_title(subject) or result.title)


def _attachment_lines(attachments: Iterable[tuple[str, bytes]]) -> list[str]:
    """`Attachment: NAME` and, where readable, its text, for each attachment."""
    global _depth
    from repo_tool.extract._dispatch import extract_file  # the dispatcher imports this module

    lines: list[str] = []
    for index, (name, data) in enumerate(attachments):
        if index >= MAX_ATTACHMENTS:
            lines.append(f"(more than {MAX_ATTACHMENTS} attachments: the rest are not read)")
            break
        safe = Path(name.replace("\\", "/")).name or "attachment"
        lines.append(f"Attachment: {safe}")
        if not data or _depth >= MAX_DEPTH:
            continue
        _depth += 1
        try:
            with tempfile.TemporaryDirectory(prefix="repo-tool-attachment-") as folder:
                target = Path(folder) / "attachment"
                target.write_bytes(data)
                result = extract_file(target, safe)
        finally:
            _depth -= 1
        if result.status == "ok":
            lines += result.text.split("\n")
    return lines
