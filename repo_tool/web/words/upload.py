"""Words of adding documents from the browser and of a unit's document table."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "up_add_documents": ("加入文件", "Add documents"),
    "up_unit_documents": ("單位文件", "The unit's documents"),
    "up_drop": ("把檔案拖放到這裏，或按下面選擇檔案（可選多個）",
                "Drop files here, or choose them below (several at once)"),
    "up_files": ("檔案", "Files"),
    "up_into": ("存放位置", "Where they go"),
    "up_no_sqs": ("不屬任何服務質素標準（單位資料夾）", "No SQS (the unit's own folder)"),
    "up_limit": ("每個檔案最多 200 MB；一次最多 1 GB。同名檔案不會被覆寫。",
                 "At most 200 MB a file and 1 GB at once. A file of the same name is never "
                 "overwritten."),
    "up_button": ("加入並記錄", "Add and record"),
    "up_sending": ("上載中", "Uploading"),
    "up_recording": ("記錄及編入索引中", "Recording and indexing"),
    "up_done": ("已記錄，可搜尋", "Recorded and searchable"),
    "up_failed": ("未能加入", "Not added"),
    "up_added": ("已加入 {n} 個檔案，已記錄並可搜尋：", "{n} file(s) added, recorded and "
                 "searchable:"),
    "up_skipped": ("以下檔案未能記錄：", "These files could not be recorded:"),
    "up_not_added": ("沒有加入任何檔案", "Nothing was added"),
    "up_request_too_large": ("一次上載的檔案太大：每個檔案最多 200 MB，一次最多 1 GB。請分開幾次"
                             "加入，或把大檔案複製到單位的資料夾後再掃描。",
                             "Too much at once: at most 200 MB a file and 1 GB in one go. Add "
                             "the files in several goes, or copy large files into the unit's "
                             "folder and scan."),
    "up_title": ("標題", "Title"),
    "up_sort": ("排序", "Sort"),
    "up_col_title": ("標題", "Title"),
    "up_col_sqs": ("服務質素標準", "SQS"),
    "up_col_modified": ("修改時間", "Modified"),
    "up_col_state": ("政策狀態", "Policy state"),
    "up_col_versions": ("版本數目", "Versions"),
    "up_sort_by": ("按此排序", "Sort by this"),
    "up_filter": ("篩選", "Filter"),
    "up_clear": ("清除篩選", "Clear the filters"),
    "up_zip": ("下載所選文件（zip）", "Download the selected (zip)"),
    "up_select_all": ("全選", "Select all"),
    "up_select": ("選擇", "Select"),
    "up_count": ("共 {n} 份文件", "{n} document(s)"),
    "up_none": ("沒有文件符合篩選", "No documents match the filters"),
    "up_record_no_state": ("—", "—"),
    "up_zip_note": ("zip 內是各文件現行版本的原本內容，按紀錄庫的資料夾排列。",
                    "The zip holds each document's current version, exactly as stored, in "
                    "the repository's folders."),
}
