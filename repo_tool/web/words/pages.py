"""Words of titles, readable events, the search-as-you-type results and the phone layout."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "pg_title": ("標題", "Title"),
    "pg_document": ("文件", "Document"),
    "pg_when": ("時間", "When"),
    "pg_what": ("事件", "What happened"),
    "pg_read_only": ("唯讀模式：此伺服器只供查閱；標記、檢討及修訂紀錄須由管理員開放寫入",
                     "Read-only: this server only shows the records; ask the administrator to "
                     "allow writing to tag documents and record reviews and amendments"),
    "pg_updating": ("正在更新搜尋結果…", "Updating the results…"),
    "pg_results": ("搜尋結果", "Results"),
    "pg_sqs_label": ("服務質素標準", "SQS"),
    "pg_version_of": ("第 {n} 版", "version {n}"),
    "pg_event_restored": ("還原", "Restored"),
    "pg_event_uploaded": ("上載", "Uploaded"),
}
