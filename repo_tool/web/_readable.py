"""Template filters that make the catalog's records read as sentences in the page's language:
a document's events, the command that made a version, sizes, days left and the library's
status lines (see `_wording.py`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import Blueprint
from markupsafe import Markup, escape

from repo_tool.humanize import human_size
from repo_tool.models import Event
from repo_tool.web._i18n import translate
from repo_tool.web._wording import days_text, english, said

pages = Blueprint("readable", __name__)

# the command that recorded a version (store/session.py's command), as people say it
_COMMANDS = {
    "scan": ("掃描時記錄", "recorded by a scan"),
    "watch": ("自動記錄", "recorded while watching the folders"),
    "import": ("匯入", "imported"),
    "restore": ("還原舊版本", "an old version restored"),
    "generate": ("由本系統製作", "made by repo-tool"),
    "upload": ("上載", "uploaded"),
    "save": ("儲存", "saved"),
}


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _role(detail: dict[str, Any], en: bool) -> str:
    role = _text(detail.get("role"))
    if not role:
        return ""
    return f" ({role})" if en else f"（{role}）"


def _note(detail: dict[str, Any], en: bool) -> str:
    note = _text(detail.get("note"))
    if not note:
        return ""
    return f"; note: {note}" if en else f"；備註：{note}"


def _path(value: object) -> str:
    """A path inside a sentence, set as code (escaped here: the sentence is Markup)."""
    return f"<code>{escape(_text(value))}</code>"


def _approved(d: dict[str, Any], en: bool) -> str:
    who = _text(d.get("approver")) + _role(d, en)
    if en:
        return (f"Version {d.get('version')} approved by {who} on {d.get('approved_on')}, "
                f"effective {d.get('effective_on')}{_note(d, en)}")
    return (f"批核第 {d.get('version')} 版：{who} {d.get('approved_on')}，"
            f"{d.get('effective_on')} 生效{_note(d, en)}")


def _withdrawn(d: dict[str, Any], en: bool) -> str:
    who = _text(d.get("by")) + _role(d, en)
    why = _text(d.get("note"))
    if en:
        return (f"Withdrawn by {who} on {d.get('decided_on')}, no longer in force from "
                f"{d.get('effective_on')}" + (f"; reason: {why}" if why else ""))
    return (f"撤回：{who} {d.get('decided_on')} 決定，{d.get('effective_on')} 起不再生效"
            + (f"；原因：{why}" if why else ""))


def _tagged(d: dict[str, Any], en: bool) -> str:
    numbers = [str(n) for n in d.get("sqs") or []]
    if not numbers:
        return ("Tags cleared: the SQS comes from the path" if en
                else "清除標記：服務質素標準按路徑")
    return ("Tagged SQS " + ", ".join(numbers) if en
            else "標記為服務質素標準 " + "、".join(numbers))


_SENTENCES: dict[str, Callable[[dict[str, Any], bool], str]] = {
    "approved": _approved,
    "withdrawn": _withdrawn,
    "tagged": _tagged,
    "moved": lambda d, en: (f"Moved from {_path(d.get('from'))} to {_path(d.get('to'))}"
                            if en else
                            f"移動：由 {_path(d.get('from'))} 移至 {_path(d.get('to'))}"),
    "deleted": lambda d, en: (
        ("Deleted: the missing file was confirmed gone" if d.get("confirmed")
         else "Deleted: the file is no longer in its folder") if en else
        ("已刪除：確定找不到的檔案已不存在" if d.get("confirmed")
         else "已刪除：檔案已不在資料夾內")),
    "missing": lambda d, en: ("The file could not be found in its folder" if en
                              else "暫時找不到：檔案不在資料夾內"),
    "reappeared": lambda d, en: ("The file is back in its folder" if en
                                 else "檔案重現：已回到資料夾"),
    "disposed": lambda d, en: translate("rt_event_disposed").format(
        version=d.get("version"), on=d.get("disposed_on"), rule=d.get("rule"),
        by=d.get("approved_by")),
}


@pages.app_template_filter("event_sentence")
def event_sentence(event: Event) -> Markup:
    """One event as a sentence: `批核第 1 版：何總幹事（總幹事）2025-03-20，2025-04-01 生效`."""
    return Markup(_sentence(event))  # every value in it was escaped


def _sentence(event: Event) -> str:
    en = english()
    say = _SENTENCES.get(event.kind)
    if say is not None:
        safe = {k: v if k in ("from", "to") else  # _path escapes these
                (str(escape(v)) if isinstance(v, str) else v) for k, v in event.detail.items()}
        return say(safe, en)
    # a kind this page does not know yet: its name and its values, never JSON
    values = [str(escape(_text(v))) if not isinstance(v, list)
              else ", ".join(str(escape(str(x))) for x in v)
              for k, v in sorted(event.detail.items()) if v not in (None, "", []) and k != "path"]
    name = str(escape(translate(f"pg_event_{event.kind}", default=event.kind)))
    return name + ((": " if en else "：") + ("; " if en else "；").join(values) if values else "")


@pages.app_template_filter("version_note")
def version_note(command: str) -> str:
    """The command that recorded a version, in words (`scan` -> 掃描時記錄)."""
    words = _COMMANDS.get(command)
    return command if words is None else words[english()]


@pages.app_template_filter("size_text")
def size_text(size: int) -> str:
    """`83 bytes` / `83 位元組`; KB, MB and GB read the same in both languages."""
    shown = human_size(size)
    if english():
        return shown
    return shown.replace(" bytes", " 位元組").replace(" byte", " 位元組")


@pages.app_template_filter("said")
def said_filter(line: str) -> str:
    """A library status line in the page's language (see `_wording.said`)."""
    return said(line)


_UNBROKEN = re.compile(r"\d{4}-\d{2}(?:-\d{2}|-[QH]\d)?|[≥≤] \d[\d.,]*%?")


@pages.app_template_filter("unbroken")
def unbroken(text: str) -> Markup:
    """`text` escaped, with its dates, financial years, periods (`2025-26-Q4`) and levels
    (`≥ 95%`) each kept on one line: a narrow screen breaks a line at their hyphens."""
    out, last = [], 0
    for found in _UNBROKEN.finditer(text):
        out += [str(escape(text[last:found.start()])),
                f'<span class="date">{escape(found.group())}</span>']
        last = found.end()
    out.append(str(escape(text[last:])))
    return Markup("".join(out))


@pages.app_template_filter("name_only_text")
def name_only_text(found: tuple[tuple[str, int], ...]) -> str:
    """`只能按檔名搜尋：2 個 .doc 檔、1 個 .dwg 檔。…` / `Found by name only: 2 .doc, 1 .dwg. …`"""
    counts = [translate("fm_count").format(n=n, what=what) for what, n in found]
    return translate("fm_name_only").format(counts=(", " if english() else "、").join(counts))


@pages.app_template_filter("days_text")
def days_filter(days: int | None) -> str:
    return days_text(days)
