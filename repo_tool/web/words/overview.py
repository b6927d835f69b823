"""Words of the head office's overview page (`/overview`)."""

from __future__ import annotations

# a header's parts (split at "\n") each stay on one line, so no word is ever broken
WORDS: dict[str, tuple[str, str]] = {
    "ov_title": ("單位概覽", "Units overview"),
    "ov_summary": ("顯示 {shown} 個單位，共 {total} 個；截至 {day}。",
                   "{shown} of {total} units shown, as of {day}."),
    "ov_filter": ("顯示", "Show"),
    "ov_only_all": ("全部單位", "all units"),
    "ov_only_attention": ("需要跟進的單位", "units needing attention"),
    "ov_only_overdue": ("有逾期事項的單位", "units with something overdue"),
    "ov_group_sqs": ("服務質素標準準備情況", "SQS readiness"),
    "ov_group_standards": ("本年度表現標準", "Standards this year"),
    "ov_unit": ("單位", "Unit"),
    "ov_sqs_ok": ("妥當", "OK"),
    "ov_sqs_due_soon": ("即將\n到期", "Due\nsoon"),
    "ov_sqs_overdue": ("逾期", "Overdue"),
    "ov_sqs_no_evidence": ("未有\n證據", "No\nevidence"),
    "ov_reviews_overdue": ("逾期\n檢討", "Reviews\noverdue"),
    "ov_met": ("符合", "Met"),
    "ov_at_risk": ("有\n風險", "At\nrisk"),
    "ov_not_met": ("未\n符合", "Not\nmet"),
    "ov_persistent": ("持續\n未符合", "Persistently\nnot met"),
    "ov_returns": ("未提交\n統計表", "Returns not\nsubmitted"),
    "ov_plans": ("逾期改善\n計劃", "Plan items\noverdue"),
    "ov_pledges": ("服務承諾\n待跟進", "Pledges\nflagged"),
    "ov_last_visit": ("上次\n評估探訪", "Last\nvisit"),
    "ov_sar": ("自評報告\n尚餘日數", "SAR due\nin days"),
    "ov_no_standards": ("未有表現標準檔案", "no standards file"),
    "ov_never": ("未有記錄", "none"),
    "ov_nothing": ("沒有單位符合這個篩選。", "No unit matches this filter."),
    "ov_legend": ("按欄名排序（再按一次倒轉次序）；按數字查看該單位的詳情。表現標準按本財政年度"
                  "計算；持續未符合指連續兩年或以上未符合。",
                  "Click a column's name to sort by it (again to reverse); click a figure for "
                  "the unit's details. Standards are judged for this financial year; "
                  "persistently not met means not met two years running or more."),
}
