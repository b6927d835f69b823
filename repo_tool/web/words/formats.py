"""Words of the formats search cannot read: the unit page's count of files found by name only."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "fm_name_only": ("只能按檔名搜尋：{counts}。系統未能讀取這些檔案的內文；如要按內文搜尋，"
                     "請另存為可讀取的格式（例如 .docx 或 PDF）。",
                     "Found by name only: {counts}. Their text cannot be read; save them in a "
                     "readable format (such as .docx or PDF) to search their contents."),
    "fm_count": ("{n} 個 {what} 檔", "{n} {what}"),
}
