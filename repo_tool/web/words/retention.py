"""Words of retention: a disposed version on the document page, and the admins' count on the
unit page."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "rt_event_disposed": ("第 {version} 版已於 {on} 按保存規則 {rule} 銷毀，由 {by} 批准",
                          "v{version} disposed of on {on} under rule {rule}, approved by {by}"),
    "rt_disposed": ("已銷毀：{on}（規則 {rule}，{by} 批准）",
                    "Disposed of on {on} (rule {rule}, approved by {by})"),
    "rt_overdue": ("保存期已過：{count} 個版本（{size}）尚未銷毀。請由管理員以 "
                   "<code>repo-tool retention plan</code> 列出並審閱。",
                   "Past their retention period: {count} version(s) ({size}) not yet disposed "
                   "of. An administrator lists them for review with "
                   "<code>repo-tool retention plan</code>."),
}
