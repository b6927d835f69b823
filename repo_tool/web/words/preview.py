"""Words of looking before downloading: page thumbnails, inline views, the text the search reads."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "pv_pages": ("頁面預覽", "Pages"),
    "pv_page": ("第", "Page"),
    "pv_view": ("開啟", "View"),
    "pv_open": ("在瀏覽器開啟此版本", "Open this version in the browser"),
    "pv_pending": ("預覽製作中", "Preview being made"),
    "pv_failed": ("此檔案未能製作預覽，請下載閱讀",
                  "No preview of this file; download it to read it"),
    "pv_first_pages": ("只預覽首 {n} 頁（共 {of} 頁）", "The first {n} of {of} pages"),
    "pv_text": ("搜尋讀取的文字", "The text the search reads"),
    "pv_source_text": ("檔案內的文字", "Text in the file"),
    "pv_source_ocr": ("掃描頁面經文字辨識讀出的文字", "Text read from scanned pages (OCR)"),
    "pv_chars": ("全文共 {n} 字", "{n} characters in all"),
    "pv_part": ("第 {n} 部分，共 {of} 部分", "Part {n} of {of}"),
    "pv_prev": ("上一部分", "Previous part"),
    "pv_next": ("下一部分", "Next part"),
    "pv_no_text": ("未能讀取此檔案的文字", "No text could be read from this file"),
    "pv_no_text_pending": ("此檔案的文字尚未讀取", "This file's text has not been read yet"),
}
