"""The library's status lines (alerts, gaps, warnings, error messages) in the page's language.

The library words these in English for the person at the console, naming the command that
fixes them. A page says the same facts in Chinese or English without command-line syntax, the
way `_messages.py` does for the generate page: each rule matches one line by its words; a line
no rule knows keeps its facts, with the clauses naming a command left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from flask import g

from repo_tool.web._messages import without_commands

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_VERDICT = {"not met": ("未達標", "not met"), "at risk": ("有未達標風險", "at risk"),
            "met": ("達標", "met"), "on track": ("進度理想", "on track")}
_HOW = {"average": ("平均", "average"), "total": ("總數", "total"),
        "latest figure": ("最新數字", "latest figure")}
_STATUS = {"deleted": ("已刪除", "deleted"), "missing": ("暫時找不到", "missing")}


def english() -> bool:
    """Whether this request's page is in English."""
    return bool(g.get("lang") == "en")


def months_zh(text: str) -> str:
    """`Apr-Jun 2025` -> `2025年4月至6月`; `Oct 2025-Mar 2026` -> `2025年10月至2026年3月`."""
    def month(name: str) -> int:
        return _MONTHS.index(name) + 1

    same = re.fullmatch(r"(\w{3})-(\w{3}) (\d{4})", text)
    if same and same[1] in _MONTHS and same[2] in _MONTHS:
        return f"{same[3]}年{month(same[1])}月至{month(same[2])}月"
    across = re.fullmatch(r"(\w{3}) (\d{4})-(\w{3}) (\d{4})", text)
    if across and across[1] in _MONTHS and across[3] in _MONTHS:
        return f"{across[2]}年{month(across[1])}月至{across[4]}年{month(across[3])}月"
    return text


def _pair(words: dict[str, tuple[str, str]], key: str) -> str:
    found = words.get(key)
    return key if found is None else found[english()]


def _explain(text: str) -> str:
    """`performance._assess.Assessment.explain()` in the page's language."""
    en = english()
    if text == "no figures entered yet":
        return "no figures entered yet" if en else "尚未輸入數字"
    found = re.fullmatch(r"not met in (?P<shorts>.+)", text)
    if found:
        return f"not met in {found['shorts']}" if en else f"{found['shorts']} 未達標"
    found = re.fullmatch(r"(?P<verdict>not met|at risk|met|on track): year's (?P<how>average|"
                         r"total|latest figure)(?P<so_far> so far)? (?P<actual>.+?) against "
                         r"(?P<level>[^;]+)(?P<rest>.*)", text)
    if not found:
        return text
    if en:
        return text
    out = (f"{_pair(_VERDICT, found['verdict'])}：全年{_pair(_HOW, found['how'])}"
           f"{'（至今）' if found['so_far'] else ''} {found['actual']}，標準為 {found['level']}")
    for part in found["rest"].split("; ")[1:]:
        projected = re.fullmatch(r"projected (.+)", part)
        was = re.fullmatch(r"(\S+) was (.+)", part)
        if projected:
            out += f"；預計 {projected[1]}"
        elif was:
            out += f"；{was[1]} 為 {was[2]}"
    return out


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    say: Callable[[re.Match[str], bool], str]


def _rule(pattern: str, say: Callable[[re.Match[str], bool], str]) -> _Rule:
    return _Rule(re.compile(pattern, re.DOTALL), say)


def _period(m: re.Match[str], en: bool) -> str:
    if en:
        return f"{m['code']}: no figure for {m['period']} ({m['months']}); enter it"
    return f"{m['code']}：{m['period']}（{months_zh(m['months'])}）未有數字；請輸入"


def _return_due(m: re.Match[str], en: bool) -> str:
    if en:
        return f"The statistics return {m['period']} ({m['months']}) is not submitted; it " \
               f"was due by {m['day']}"
    return f"{m['period']}（{months_zh(m['months'])}）的統計報表未提交，限期為 {m['day']}"


_CHANGE = re.compile(r"(?P<what>\S+ \S+): (?:(?P<old>.+) → (?P<new>.+)|(?P<word>added|note "
                     r"changed|no longer in the return))")
_CHANGE_ZH = {"added": "新增", "note changed": "備註有改",
              "no longer in the return": "已不在報表內"}


def _change_zh(text: str) -> str:
    found = _CHANGE.fullmatch(text)
    if found is None:
        return text
    if found["word"]:
        return f"{found['what']}：{_CHANGE_ZH[found['word']]}"
    old, new = (v.replace("no figure", "沒有數字") for v in (found["old"], found["new"]))
    return f"{found['what']}：{old} → {new}"


def _return_revised(m: re.Match[str], en: bool) -> str:
    changes = m["changes"].split("; ")
    if en:
        return f"The statistics return {m['period']} ({m['months']}) changed after it was " \
               f"submitted (revision {m['n']}, {m['day']}): {'; '.join(changes)}; submit it " \
               "again"
    return f"{m['period']}（{months_zh(m['months'])}）的統計報表在提交後有修改（第 {m['n']} " \
           f"次提交，{m['day']}）：{'；'.join(_change_zh(c) for c in changes)}；請再次提交"


def _pledges_unreviewed(m: re.Match[str], en: bool) -> str:
    whose = ("head-office " if m["ho"] else "") if en else ("總辦事處" if m["ho"] else "")
    if en:
        return f"The {whose}pledges ({m['path']}) were last reviewed on {m['day']}, over a " \
               "year ago: review them and update their review date"
    return f"{whose}服務承諾（{m['path']}）最後於 {m['day']} 檢討，已超過一年；請檢討並更新檢討日期"


def _pledge_late(m: re.Match[str], en: bool) -> str:
    periods = m["periods"].split(", ")
    if en:
        return f"Pledge {m['code']}: results not published on schedule, none for " \
               f"{', '.join(periods)} (the last due by {m['day']})"
    return f"服務承諾 {m['code']}：未按時公布成果，{'、'.join(periods)} 未有成果（最後限期 " \
           f"{m['day']}）"


def _pledge_not_met(m: re.Match[str], en: bool) -> str:
    if en:
        return f"Pledge {m['code']} not met in {m['period']} ({m['months']}): {m['amount']} " \
               f"against {m['level']}" + (" (head-office pledges)" if m["ho"] else "")
    return f"服務承諾 {m['code']} 於 {m['period']}（{months_zh(m['months'])}）未達標：" \
           f"{m['amount']}，承諾為 {m['level']}" + ("（總辦事處承諾）" if m["ho"] else "")


def _draft(m: re.Match[str], en: bool) -> str:
    if en:
        return f"{m['path']}: version {m['n']} is a draft, not approved by its effective date " \
               f"{m['day']}"
    return f"{m['path']}：第 {m['n']} 版仍是草稿，未在生效日期 {m['day']} 前批核"


def _gone(m: re.Match[str], en: bool) -> str:
    status = _pair(_STATUS, m["status"])
    if en:
        return f"{m['path']}: in force but its file is {status}; withdraw the policy or " \
               "restore the file"
    return f"{m['path']}：政策生效中，但檔案{status}；請撤回政策或還原檔案"


_RULES: tuple[_Rule, ...] = (
    # domain/performance alerts
    _rule(r"performance standards cannot be read: (?P<why>.*)",
          lambda m, en: (f"The performance standards cannot be read: {m['why']}" if en
                         else f"未能讀取服務表現標準：{m['why']}")),
    _rule(r"SAR (?P<year>\S+) due (?P<day>\S+) \(in (?P<days>\d+) days\)",
          lambda m, en: (f"The {m['year']} Self Assessment Report is due on {m['day']} (in "
                         f"{m['days']} days); make it on the Generate page" if en else
                         f"{m['year']} 年度自我評估報告須於 {m['day']} 前完成（尚餘 "
                         f"{m['days']} 日）；可在「製作文件」頁製作")),
    _rule(r"(?P<code>\S+): no figure for (?P<period>\S+) \((?P<months>[^)]*)\)", _period),
    _rule(r"improvement plan #(?P<id>\d+) \((?P<std>[^)]*)\) overdue since (?P<day>\S+): "
          r"(?P<action>.*)",
          lambda m, en: (f"Improvement plan #{m['id']} ({m['std']}) overdue since {m['day']}: "
                         f"{m['action']}" if en else f"改善計劃 #{m['id']}（{m['std']}）自 "
                         f"{m['day']} 起逾期：{m['action']}")),
    # domain/performance/_returns alerts (statistics returns for SPMIS)
    _rule(r"statistics return (?P<period>\S+) \((?P<months>[^)]*)\) not submitted; it was due "
          r"by (?P<day>\S+):", _return_due),
    _rule(r"statistics return (?P<period>\S+) \((?P<months>[^)]*)\) revised since submission "
          r"\(revision (?P<n>\d+), (?P<day>\S+)\): (?P<changes>.*); submit it again with ",
          _return_revised),
    # domain/pledges flags
    _rule(r"pledges cannot be read: (?P<why>.*)",
          lambda m, en: (f"The pledges cannot be read: {m['why']}" if en
                         else f"未能讀取服務承諾：{m['why']}")),
    _rule(r"(?P<ho>head-office )?pledges \((?P<path>[^)]*)\) last reviewed (?P<day>\S+), over "
          r"a year ago", _pledges_unreviewed),
    _rule(r"pledge (?P<code>\S+): results not published on schedule, none for "
          r"(?P<periods>[^(]+?) \(the last due by (?P<day>[^)]+)\)", _pledge_late),
    _rule(r"pledge (?P<code>\S+) not met in (?P<period>\S+) \((?P<months>[^)]*)\): "
          r"(?P<amount>.+?) against (?P<level>.+?)(?P<ho> \(head-office pledges\))?$",
          _pledge_not_met),
    # domain/isa alerts
    _rule(r"no approved internal service audit report \([^)]*\) for (?P<year>\S+): "
          r"(?P<rest>.*)",
          lambda m, en: ((f"No approved internal service audit report for {m['year']} yet"
                          + ("; its report is waiting for approval" if "not approved"
                             in m["rest"] else "")) if en else
                         f"{m['year']} 年度尚未有已批核的內部服務審查報告"
                         + ("；報告尚待批核" if "not approved" in m["rest"] else ""))),
    _rule(r"(?P<code>[^\s:]+): persistently not met — close monitoring \(not met in "
          r"(?P<years>[^)]*)\)",
          lambda m, en: (f"{m['code']}: persistently not met — close monitoring (not met in "
                         f"{m['years']})" if en else f"{m['code']}：持續未達標，須密切監察（"
                         f"{m['years'].replace(', ', '、')} 年度未達標）")),
    _rule(r"(?P<code>[^\s:]+) in (?P<year>\d{4}-\d{2}): (?P<why>.*)",
          lambda m, en: (f"{m['code']} in {m['year']}: {_explain(m['why'])}" if en else
                         f"{m['code']}（{m['year']} 年度）：{_explain(m['why'])}")),
    # domain/status gaps and domain/policies alerts
    _rule(r"review overdue since (?P<day>\S+)",
          lambda m, en: (f"review overdue since {m['day']}" if en
                         else f"檢討自 {m['day']} 起逾期")),
    _rule(r"changed since review: (?P<path>.*)",
          lambda m, en: (f"changed since review: {m['path']}" if en
                         else f"檢討後曾修改：{m['path']}")),
    _rule(r"(?P<path>.+): v(?P<n>\d+) is a draft: not approved by its effective date "
          r"(?P<day>\S+)", _draft),
    _rule(r"(?P<path>.+): in force but its file is (?P<status>\w+)", _gone),
    # repository/diff.py's hunk headers
    _rule(r"paragraph (?P<p>\d+) of version (?P<a>\d+), paragraph (?P<q>\d+) of version "
          r"(?P<b>\d+)$",
          lambda m, en: (m.string if en else f"第 {m['a']} 版第 {m['p']} 段，第 {m['b']} 版第 "
                         f"{m['q']} 段")),
    # repository: a version disposed of under a retention rule (download, view, compare)
    _rule(r"(?:'(?P<path>[^']*)' )?version (?P<n>\d+) was disposed of on (?P<on>\S+) under "
          r"retention rule (?P<rule>\S+), approved by (?P<by>[^;]+);",
          lambda m, en: (f"{(m['path'] + ' ') if m['path'] else ''}version {m['n']} was "
                         f"disposed of on {m['on']} under retention rule {m['rule']}, approved "
                         f"by {m['by']}: its contents are no longer kept" if en else
                         f"{(m['path'] + ' ') if m['path'] else ''}第 {m['n']} 版已於 {m['on']} "
                         f"按保存規則 {m['rule']} 銷毀（{m['by']} 批准），內容已不再保存")),
    # search and error pages
    _rule(r"(?P<n>\d+) version\(s\) are not in the search index yet",
          lambda m, en: (f"{m['n']} version(s) are not in the search index yet; the next "
                         "scan finishes indexing them" if en else
                         f"有 {m['n']} 個版本尚未加入搜尋索引，下次掃描後便可搜尋")),
    _rule(r"'?(?P<path>[^']*?)'?(?: is| leads)? outside the repository",
          lambda m, en: (f"'{m['path']}' is outside the repository" if en
                         else f"「{m['path']}」不在紀錄庫內")),
    _rule(r"'(?P<path>.*)' is not in the catalog",
          lambda m, en: (f"'{m['path']}' is not in the catalog" if en
                         else f"紀錄庫沒有「{m['path']}」這份文件")),
    _rule(r"no document path given",
          lambda m, en: "No document path was given" if en else "未有指明文件路徑"),
    _rule(r"'(?P<value>.*)' is not a date",
          lambda m, en: (f"'{m['value']}' is not a date; write it as YYYY-MM-DD" if en
                         else f"「{m['value']}」不是日期；請寫成 YYYY-MM-DD")),
    _rule(r"'(?P<name>.*)' must be a whole number from (?P<low>\d+) to (?P<high>\d+)",
          lambda m, en: (f"'{m['name']}' must be a whole number from {m['low']} to "
                         f"{m['high']}" if en else
                         f"「{m['name']}」須為 {m['low']} 至 {m['high']} 的整數")),
    _rule(r"'(?P<name>.*)' is missing",
          lambda m, en: f"'{m['name']}' is missing" if en else f"欠缺「{m['name']}」"),
    _rule(r"'(?P<part>.*)' is not an SQS number",
          lambda m, en: (f"'{m['part']}' is not an SQS number (1 to 16)" if en
                         else f"「{m['part']}」不是服務質素標準編號（1 至 16）")),
    _rule(r"unit '(?P<unit>[^']*)' is not in ",
          lambda m, en: (f"There is no unit '{m['unit']}' in this repository" if en
                         else f"紀錄庫沒有單位「{m['unit']}」")),
    _rule(r"'(?P<kind>.*)' is not a kind",
          lambda m, en: (f"'{m['kind']}' is not a kind; use policy or record" if en
                         else f"「{m['kind']}」不是文件類別；請選擇政策或紀錄")),
    _rule(r"'(?P<state>.*)' is not a policy state",
          lambda m, en: (f"'{m['state']}' is not a policy state" if en
                         else f"「{m['state']}」不是政策狀態")),
)


def said(line: str, unknown_as_is: bool = False) -> str:
    """A library line (alert, gap, warning, error message) in the page's language; a line no
    rule knows loses its clauses naming a command, or with `unknown_as_is` (an error page,
    whose reader may need every word, such as which command holds the lock) stays whole."""
    en = english()
    for rule in _RULES:
        found = rule.pattern.match(line)
        if found is not None:
            return rule.say(found, en)
    return line if unknown_as_is else without_commands(line)


def days_text(days: int | None) -> str:
    """Days until a deadline: `尚餘 117 日` / `117 days left`; `逾期 978 日` / `978 days
    overdue` once it has passed."""
    if days is None:
        return ""
    if days < 0:
        return f"{-days} days overdue" if english() else f"逾期 {-days} 日"
    if days == 0:
        return "due today" if english() else "今日到期"
    return f"{days} days left" if english() else f"尚餘 {days} 日"
