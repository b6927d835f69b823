"""The internal service audit's messages as its web form says them: in the page's language,
told what to change on the form, never command-line syntax. A message these rules do not know
is said by the workflow forms' rules (`_wf_messages`), which fall back on `_messages`.
"""

from __future__ import annotations

from flask import g

from repo_tool.errors import Conflict, InvalidInput, NotFound, RepoError
from repo_tool.web import _wf_messages
from repo_tool.web._wf_messages import _Rule, _rule  # one rule shape for every form

_D = r"(?P<day>\d{4}-\d\d-\d\d)"
_Y = r"(?P<year>\d{4}-\d\d)"

_RULES: tuple[_Rule, ...] = (
    _rule(InvalidInput, r"^'(?P<value>.*)' is not a result",
          "「{value}」不是審查結果；請選擇符合、部分符合、未符合或不適用。",
          "'{value}' is not a result; choose met, partly met, not met or n/a."),
    _rule(InvalidInput, r"^evidence (?P<path>.+) belongs to unit '(?P<unit>[^']*)', not",
          "證據「{path}」屬於單位 {unit}，不是本單位或總辦事處的文件。",
          "The evidence '{path}' belongs to unit {unit}, not to this unit or the head office."),
    _rule(InvalidInput, r"^evidence (?P<path>.+) was first recorded on " + _D + r", after "
          + _Y + r" ended \((?P<end>[^)]*)\)",
          "證據「{path}」在 {day} 才首次記錄，已在 {year} 年度完結（{end}）之後。",
          "The evidence '{path}' was first recorded on {day}, after {year} ended ({end})."),
    _rule(InvalidInput, r"^evidence (?P<path>.+) v(?P<number>\d+) was recorded on " + _D
          + r", after " + _Y + r" ended \((?P<end>[^)]*)\)",
          "證據「{path}」第 {number} 版在 {day} 才記錄，已在 {year} 年度完結（{end}）之後；"
          "請引用該年度內有效的版本。",
          "The evidence '{path}' version {number} was recorded on {day}, after {year} ended "
          "({end}); cite a version current during the year."),
    _rule(InvalidInput, r"^evidence (?P<path>.+) v(?P<number>\d+) was replaced by "
          r"v(?P<later>\d+) on " + _D + r", before " + _Y + r" began \((?P<start>[^)]*)\)",
          "證據「{path}」第 {number} 版在 {day} 已由第 {later} 版取代，早於 {year} 年度開始"
          "（{start}）；請引用該年度內有效的版本。",
          "The evidence '{path}' version {number} was replaced by version {later} on {day}, "
          "before {year} began ({start}); cite a version current during the year."),
    _rule(InvalidInput, r"^a criterion judged (?P<result>met|partly) cites its evidence",
          "判為符合或部分符合的準則須引用證據；請剔選最少一份文件。",
          "A criterion judged met or partly met cites its evidence; tick at least one "
          "document."),
    _rule(NotFound, r"^the checklist has no criterion '(?P<value>[^']*)'",
          "檢核表沒有準則「{value}」。", "The checklist has no criterion '{value}'."),
    _rule(NotFound, r"^unit '(?P<unit>[^']*)' has no internal service audit of " + _Y,
          "單位 {unit} 未有 {year} 年度的內部服務審查；請先開始審查。",
          "Unit {unit} has no internal service audit of {year}; start the audit first."),
    _rule(InvalidInput, r"^--auditor is empty", "請填寫審查員姓名。",
          "Give the auditor's name."),
    _rule(Conflict, r"^the " + _Y + r" audit of unit '(?P<unit>[^']*)' is already started",
          "單位 {unit} 的 {year} 年度審查已經開始。",
          "The {year} audit of unit {unit} is already started."),
)


def said(error: RepoError, message: str) -> list[str]:
    """`error` as the audit's form says it."""
    english = g.get("lang") == "en"
    for rule in _RULES:
        match = rule.pattern.search(message)
        if match is not None and isinstance(error, rule.kind):
            words = {k: v for k, v in match.groupdict().items() if v is not None}
            return [(rule.en if english else rule.zh).format_map(words)]
    return _wf_messages.said(error, message)
