"""The library's messages about added files and document tables, in the page's language.

Each rule matches one message of `ingest/uploads.py`, `ingest/importer.py`,
`domain/unit_documents.py` or `generate/selection.py`; anything else goes to the generate
page's rules (web/_messages.py), which keep a message's facts without command-line syntax.
"""

from __future__ import annotations

import re

from flask import g

from repo_tool.errors import Conflict, InvalidInput, RepoError
from repo_tool.web._messages import said

_RULES: tuple[tuple[type[RepoError], re.Pattern[str], str, str], ...] = tuple(
    (kind, re.compile(pattern, re.DOTALL), zh, en) for kind, pattern, zh, en in (
        (InvalidInput, r"^'(?P<name>.*)' is larger than (?P<size>.+?), the most",
         "「{name}」大於 {size}，即從瀏覽器加入的檔案上限；請把它複製到單位的資料夾，再掃描。",
         "'{name}' is larger than {size}, the most a file added from the browser may be; "
         "copy it into the unit's folder and scan instead."),
        (InvalidInput, r"^'(?P<name>.*)' is empty",
         "「{name}」是空白檔案（0 位元組）；請重新選擇檔案。",
         "'{name}' is empty (0 bytes); choose the file again."),
        (InvalidInput, r"^'(?P<name>.*)' cannot be made into a file name",
         "「{name}」不能用作檔案名稱；請把檔案改名後再加入。",
         "'{name}' cannot be made into a file name; rename the file and add it again."),
        (InvalidInput, r"^'(?P<name>.*)' is too long a name \(at most (?P<n>\d+)",
         "「{name}」的名稱太長（最多 {n} 字）；請把檔案改名後再加入。",
         "'{name}' is too long a name (at most {n} characters); rename the file and add it "
         "again."),
        (InvalidInput, r"^'(?P<name>.*)' would never become a document",
         "「{name}」不會成為文件（隱藏檔、Office 鎖定檔或暫存檔，或設定略過的名稱）；請改名。",
         "'{name}' would never become a document (a hidden name, an Office lock or temporary "
         "file, or a name the settings ignore); rename it."),
        (InvalidInput, r"^two of the files are named '(?P<name>.*)'",
         "有兩個檔案同名「{name}」；請把其中一個改名。",
         "Two of the files are named '{name}'; rename one of them."),
        (InvalidInput, r"^choose at least one file",
         "請選擇最少一個檔案。", "Choose at least one file."),
        (Conflict, r"^(?P<path>.+?)(?: and (?P<more>\d+) more)? already exist",
         "「{path}」已存在{more_zh}；沒有加入任何檔案（已有的檔案不會被覆寫）。請把檔案改名後再加入。",
         "'{path}' already exists{more_en}; nothing was added (an existing file is never "
         "overwritten). Rename the file and add it again."),
        (InvalidInput, r"^'(?P<kind>.*)' is not a kind",
         "「{kind}」不是類別；請選擇政策或紀錄。",
         "'{kind}' is not a kind; choose policy or record."),
        (InvalidInput, r"^'sqs' must be a whole number",
         "服務質素標準須是 1 至 16。", "The SQS must be a number from 1 to 16."),
        (InvalidInput, r"^'(?P<state>.*)' is not a policy state",
         "「{state}」不是政策狀態；請從清單選擇。", "'{state}' is not a policy state; choose one "
         "from the list."),
        (InvalidInput, r"^'(?P<sort>.*)' is not a column to sort by",
         "不能按「{sort}」排序；請按表頭排序。", "'{sort}' is not a column to sort by; use the "
         "table's headings."),
        (InvalidInput, r"^choose at least one document",
         "請先剔選最少一份文件。", "Tick at least one document first."),
        (InvalidInput, r"^choose at most (?P<n>\d+) documents",
         "一次最多下載 {n} 份文件。", "At most {n} documents in one zip."),
        (InvalidInput, r"^'(?P<path>.*)' is not a document of unit '(?P<unit>[^']*)'",
         "「{path}」不是單位 {unit} 的文件。", "'{path}' is not a document of unit {unit}."),
    ))


def upload_said(error: RepoError, message: str, read_only: bool) -> str:
    """`error` (its `message` free of the server's folders) in the page's language."""
    english = g.get("lang") == "en"
    for kind, pattern, zh, en in _RULES:
        found = pattern.search(message)
        if isinstance(error, kind) and found is not None:
            words = {k: v or "" for k, v in found.groupdict().items()}
            more = words.get("more")
            words["more_zh"] = f"（另有 {more} 個）" if more else ""
            words["more_en"] = f" (and {more} more)" if more else ""
            return (en if english else zh).format_map(words)
    return said(error, message, read_only).text
