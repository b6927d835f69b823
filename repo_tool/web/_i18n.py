"""The interface's words in Traditional Chinese (Hong Kong) and English.

Messages from the library (errors, gaps) stay as the library words them; SQS names are always
shown in both languages, as the standards are published.
"""

from __future__ import annotations

from flask import g

from repo_tool.web.words import gathered

LANGS = ("zh", "en")

_WORDS: dict[str, tuple[str, str]] = {
    "title": ("紀錄庫", "Records repository"),
    "home": ("主頁", "Home"),
    "search": ("搜尋", "Search"),
    "generate": ("製作文件", "Generate"),
    "units": ("單位", "Units"),
    "unit": ("單位", "Unit"),
    "any": ("全部", "any"),
    "kind": ("類別", "Kind"),
    "policy": ("政策", "policy"),
    "record": ("紀錄", "record"),
    "since": ("修改日期由", "Modified since"),
    "all_versions": ("包括舊版本及已刪除文件", "Include old versions and deleted documents"),
    "policy_state": ("政策狀態", "Policy state"),
    "with_generated": ("包括本系統產生的表格、報告及通告",
                       "Include the forms, reports and notices repo-tool generated"),
    "hidden_generated": ("另有 {n} 份由本系統產生的文件（records/單位/generated/ 內的表格、報告、"
                         "通告及架構圖）符合搜尋；",
                         "{n} more document(s) match among the papers repo-tool generated "
                         "(forms, reports, notices and charts in records/UNIT/generated/);"),
    "show_generated": ("一併顯示", "show them too"),
    "sar": ("自我評估報告", "Self Assessment Report"),
    "head": ("機構主管", "Agency head"),
    "financial_year": ("財政年度（四月起）", "Financial year (from April)"),
    "prepared_by": ("擬備人", "Prepared by"),
    "ack_sheet": ("政策閱讀確認表", "Policy sign-off sheet"),
    "changes_report": ("政策及文件變更報告", "Changes report for visitors"),
    "since_visit": ("（留空：自上次探訪）", "(empty: since the last visit)"),
    "changes_since": ("變更日期由", "Changes since"),
    "state_default": ("全部（現行版本）", "all (current versions)"),
    "hidden_by_state": ("另有 {n} 份文件符合搜尋，但不屬所選狀態（紀錄或其他狀態的政策）；"
                        "清除狀態篩選即可顯示",
                        "{n} more document(s) match but are not in the chosen state (records, "
                        "or policies in another state); clear the state filter to see them"),
    "state_in-force": ("生效中", "in force"),
    "state_approved": ("已批核，未生效", "approved, not yet in force"),
    "state_draft": ("草稿", "draft"),
    "state_superseded": ("已被取代", "superseded"),
    "state_withdrawn": ("已撤回", "withdrawn"),
    "state_any": ("任何狀態", "any state"),
    "no_hits": ("沒有相符的文件", "No documents match"),
    "also_searched": ("同時搜尋：", "also searched: "),
    "hits": ("份文件", "document(s)"),
    "showing": ("顯示首", "showing the first"),
    "more": ("顯示更多", "Show more"),
    "documents": ("文件", "Documents"),
    "versions": ("版本", "Versions"),
    "version": ("版本", "Version"),
    "current": ("現行", "current"),
    "old": ("舊版", "old"),
    "path": ("路徑", "Path"),
    "status": ("狀態", "Status"),
    "present": ("現存", "present"),
    "deleted": ("已刪除", "deleted"),
    "missing": ("暫時找不到", "missing"),
    "sqs_tags": ("服務質素標準", "SQS"),
    "from_path": ("按路徑", "from the path"),
    "from_tag": ("已標記", "tagged"),
    "recorded": ("記錄時間", "Recorded"),
    "modified": ("修改時間", "Modified"),
    "size": ("大小", "Size"),
    "note": ("備註", "Note"),
    "download": ("下載", "Download"),
    "history": ("歷史", "History"),
    "events": ("其他事件", "Other events"),
    "compare": ("比較版本", "Compare versions"),
    "diff": ("版本比較", "Differences"),
    "same_text": ("兩個版本的文字相同（只有版面、圖片或屬性不同）",
                  "The text is the same (the file changed in layout, images or properties)"),
    "readiness": ("評估準備", "Readiness"),
    "state": ("狀況", "State"),
    "last_change": ("最後修改", "Last change"),
    "last_review": ("上次檢討", "Last review"),
    "next_due": ("下次檢討限期", "Next review due"),
    "gaps": ("欠缺", "Gaps"),
    "ok": ("良好", "ok"),
    "due soon": ("即將到期", "due soon"),
    "overdue": ("逾期", "overdue"),
    "no evidence": ("未有證據", "no evidence"),
    "never reviewed": ("未曾檢討", "never reviewed"),
    "due_reviews": ("需要處理的檢討", "Reviews needing attention"),
    "nothing_due": ("沒有需要處理的檢討", "No review needs attention"),
    "review_log": ("檢討紀錄", "Review log"),
    "amendment_log": ("修訂紀錄", "Amendment log"),
    "reviewer": ("檢討人", "Reviewer"),
    "outcome": ("結果", "Outcome"),
    "date": ("日期", "Date"),
    "changed_since_review": ("檢討後曾修改", "changed since review"),
    "head_office_policy": ("總辦事處政策", "head-office policy"),
    "head_office_review": ("總辦事處檢討", "head-office review"),
    "org_chart": ("組織架構圖", "Organisation chart"),
    "cctv_notice": ("閉路電視告示", "CCTV notice"),
    "form_201": ("表格 2.01 檢討清單", "Form 2.01 review checklist"),
    "form_202": ("表格 2.02 修訂紀錄", "Form 2.02 amendment record"),
    "pack": ("評估證據包", "Evidence pack"),
    "language": ("語言", "Language"),
    "format": ("格式", "Format"),
    "cycle": ("檢討週期", "Review cycle"),
    "this_cycle": ("（本週期）", " (this cycle)"),
    "as_of": ("截至日期", "As of"),
    "phone": ("查詢電話", "Enquiry phone"),
    "make": ("製作並下載", "Make and download"),
    "into_repo": ("同時存入紀錄庫（records/單位/generated/）",
                  "Also record it in the repository (records/UNIT/generated/)"),
    "read_only": ("唯讀模式：標記、檢討及修訂紀錄須以 --allow-write 啟動",
                  "Read-only: start with --allow-write to tag, record reviews and amendments"),
    "read_only_generate": ("唯讀模式：製作的文件只供下載，不會存入紀錄庫",
                           "Read-only: documents made here are downloads; nothing is recorded "
                           "in the repository"),
    "record_off": ("此伺服器為唯讀，文件不能存入紀錄庫；請只製作下載",
                   "This server is read-only, so the document cannot be recorded in the "
                   "repository; make it as a download only"),
    "policy_path": ("政策（路徑）", "Policy (its path)"),
    "phone_hint": ("留空：用單位的電話", "empty: the unit's number"),
    "sqs_hint": ("例如 2,14；留空：全部 16 項", "e.g. 2,14; empty: all 16"),
    "couldnt_make": ("未能製作文件", "The document was not made"),
    "write_mode": ("可寫入模式：每項更改均記入審計紀錄",
                   "Writing allowed: every change goes into the audit log"),
    "by": ("經辦人", "Your name"),
    "tag": ("標記服務質素標準", "Tag with SQS"),
    "tag_hint": ("以逗號分隔，例如 14,15；留空則按路徑",
                 "Comma-separated, e.g. 14,15; empty: from the path"),
    "save": ("儲存", "Save"),
    "record_review": ("記錄檢討", "Record a review"),
    "record_amendment": ("記錄修訂", "Record an amendment"),
    "no-change": ("無需修訂", "no change"),
    "amended": ("已修訂", "amended"),
    "clause": ("條文", "Clause"),
    "reason": ("修訂原因", "Reason"),
    "new_content": ("修訂內容", "New content"),
    "updated": ("修訂日期", "Updated"),
    "released": ("發放日期", "Released"),
    "done": ("已完成", "Done"),
    "error": ("錯誤", "Error"),
    "back_home": ("返回主頁", "Back to the home page"),
    "too_long": ("要求太長：每項輸入最多 1000 字", "The request is too long: at most 1000 "
                 "characters per field"),
    "nul": ("輸入含有不容許的字元", "The request holds a character that is not allowed"),
    "login": ("請登入", "Please log in"),
    "too_many_logins": ("登入失敗次數太多，請稍後再試",
                        "Too many failed log-ins; wait a minute and try again"),
    "http_400": ("要求無效", "The request is not valid"),
    "http_401": ("請登入", "Please log in"),
    "http_403": ("不容許此操作", "This is not allowed"),
    "http_404": ("找不到此頁", "There is no such page"),
    "http_405": ("此頁不接受這種要求", "This page does not accept this kind of request"),
    "http_413": ("要求太長", "The request is too long"),
    "http_500": ("伺服器發生內部錯誤；詳情已記錄在伺服器的輸出",
                 "Something went wrong inside the server; the details are in its output"),
    "bad_token": ("表格已過期，請重新載入頁面再試", "The form is out of date; reload the page "
                  "and try again"),
    "write_off": ("此伺服器以唯讀模式運行；須由管理員開放寫入才可更改",
                  "This server is read-only; the administrator must allow writing before "
                  "changes can be made"),
    "both": ("中英對照", "both"),
    "zh": ("中文", "Chinese"),
    "en": ("英文", "English"),
    "query": ("搜尋字詞", "Words to find"),
    "ocr": ("OCR", "OCR"),
    # the library's gap words (domain/status.py), shown in the interface's language
    "no documents": ("沒有文件", "no documents"),
    "no policy": ("沒有政策", "no policy"),
    "no records": ("沒有紀錄", "no records"),
}


_MORE = gathered()
_TWICE = _WORDS.keys() & _MORE.keys()
if _TWICE:
    raise RuntimeError(f"interface words defined twice: {sorted(_TWICE)}")
_WORDS.update(_MORE)


def translate(key: str, default: str | None = None) -> str:
    """The word for `key` in this request's language (zh-HK unless English was chosen)."""
    words = _WORDS.get(key)
    if words is None:
        return default if default is not None else key
    return words[1] if g.get("lang") == "en" else words[0]
