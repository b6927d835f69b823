"""The library's messages about approvals, sign-offs, figures, plans, visits and restores, as
the workflow forms say them: in the page's language, told what to change on the form, never
command-line syntax (the approach of `_messages`, whose rules answer the messages both share:
dates, paths, versions, units, a busy repository).

A message that lists wrong lines of a CSV file is said line by line, each line's own message
said again by these rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import g

from repo_tool.errors import Conflict, InvalidInput, NotFound, RepoError
from repo_tool.web import _messages


@dataclass(frozen=True)
class _Rule:
    kind: type[RepoError]
    pattern: re.Pattern[str]
    zh: str
    en: str


def _rule(kind: type[RepoError], pattern: str, zh: str, en: str) -> _Rule:
    return _Rule(kind, re.compile(pattern, re.DOTALL), zh, en)


_P = r"'(?P<path>[^']*)'"
_D = r"(?P<day>\d{4}-\d\d-\d\d)"
_T = r"\(today is (?P<today>\d{4}-\d\d-\d\d)\)"

_RULES: tuple[_Rule, ...] = (
    _rule(InvalidInput, r"^the (?P<what>date|effective date|version|due date) is empty",
          "請填寫{what_zh}。", "Give the {what}."),
    # approve / withdraw
    _rule(InvalidInput, r"^--by \(the approver\) is empty",
          "請填寫批核人姓名。", "Give the approver's name."),
    _rule(InvalidInput, r"^--role is empty", "請填寫批核人職位。", "Give the approver's role."),
    _rule(InvalidInput, r"^--by is empty", "請填寫決定撤回的人。",
          "Give who decided the withdrawal."),
    _rule(InvalidInput, r"^--note \(why it is withdrawn\) is empty",
          "請填寫撤回原因。", "Give the reason for the withdrawal."),
    _rule(InvalidInput, r"^the approval date " + _D + r" is in the future " + _T,
          "批核日期 {day} 在今天（{today}）之後；請在批核後才記錄。",
          "The approval date {day} is in the future (today is {today}); record an approval "
          "once it is given."),
    _rule(InvalidInput, r"^the decision date " + _D + r" is in the future " + _T,
          "決定日期 {day} 在今天（{today}）之後。",
          "The decision date {day} is in the future (today is {today})."),
    _rule(InvalidInput, _P + r" is a record, not a policy",
          "「{path}」是紀錄，不是政策；只有政策可以批核或撤回。",
          "'{path}' is a record, not a policy; only policies are approved or withdrawn."),
    _rule(Conflict, _P + r" is (?P<status>deleted|missing); bring it back",
          "「{path}」已不在資料夾內；請先還原舊版本，再批核。",
          "'{path}' is no longer in its folder; restore a version first, then approve it."),
    _rule(Conflict, r"^version (?P<last>\d+) of " + _P + r" is already approved; to go back to "
          r"version (?P<number>\d+)",
          "「{path}」第 {last} 版已批核；如要回復第 {number} 版，請先還原該版本，"
          "再批核還原後的版本。",
          "Version {last} of '{path}' is already approved; to go back to version {number}, "
          "restore it and approve the restored version."),
    _rule(InvalidInput, r"^the effective date " + _D + r" is before (?P<since>\S+), when the "
          r"approval of version (?P<number>\d+)",
          "生效日期 {day} 早於第 {number} 版的生效日期 {since}；請填寫較後的日期。",
          "The effective date {day} is before {since}, when the approval of version {number} "
          "takes effect; give a later date."),
    _rule(InvalidInput, r"^the withdrawal date " + _D + r" is before (?P<since>\S+), when the "
          r"approval of version (?P<number>\d+)",
          "撤回生效日期 {day} 早於第 {number} 版的生效日期 {since}。",
          "The withdrawal date {day} is before {since}, when the approval of version {number} "
          "takes effect."),
    _rule(Conflict, _P + r" was never approved",
          "「{path}」從未批核，沒有生效中的版本可撤回。",
          "'{path}' was never approved, so there is nothing in force to withdraw."),
    _rule(Conflict, _P + r" is already withdrawn on " + _D,
          "「{path}」在 {day} 已經撤回。", "'{path}' is already withdrawn on {day}."),
    # staff sign-offs
    _rule(InvalidInput, r"^staff id '(?P<staff>[^']*)' is not in the staff list",
          "職員編號「{staff}」不在單位的職員名單內。",
          "Staff id '{staff}' is not on the unit's staff list."),
    _rule(InvalidInput, r"^no staff id given", "請剔選已簽署的職員。",
          "Tick the staff who signed."),
    _rule(InvalidInput, r"^the date " + _D + r" is in the future " + _T,
          "日期 {day} 在今天（{today}）之後。",
          "The date {day} is in the future (today is {today})."),
    _rule(InvalidInput, r":1: the header must name the columns staff",
          "CSV 檔第一行須列出欄位 staff，另可有 document、version、date。",
          "The CSV file's first line must name the column staff, and may name document, "
          "version and date."),
    _rule(InvalidInput, r": no document column",
          "CSV 檔沒有 document 欄；請選擇政策。",
          "The CSV file has no document column; choose the policy."),
    _rule(InvalidInput, r": no date column", "CSV 檔沒有 date 欄；請填寫簽署日期。",
          "The CSV file has no date column; give the date signed."),
    _rule(InvalidInput, r"^the staff id is empty", "職員編號空白。", "The staff id is empty."),
    _rule(InvalidInput, r"^the date or document is empty", "日期或政策空白。",
          "The date or the policy is empty."),
    _rule(InvalidInput, r"version '(?P<value>[^']*)' is not a number",
          "版本「{value}」不是數字。", "Version '{value}' is not a number."),
    # CSV files
    _rule(InvalidInput, r"neither UTF-8 nor Big5 text",
          "檔案既不是 UTF-8 亦不是 Big5 文字；請在 Excel 以「CSV UTF-8」格式另存後再上載。",
          "The file is neither UTF-8 nor Big5 text; save it from Excel as 'CSV UTF-8' and "
          "upload it again."),
    _rule(InvalidInput, r"not a table Excel would write",
          "檔案不是 Excel 會寫出的表格；請在 Excel 以「CSV UTF-8」格式另存。",
          "The file is not a table Excel would write; save it from Excel as 'CSV UTF-8'."),
    _rule(InvalidInput, r":1: the header needs (?P<needed>[^(]+) \(and may have note\)",
          "CSV 檔第一行須列出欄位 {needed}（另可有 note）。",
          "The CSV file's first line must name the columns {needed} (and may name note)."),
    _rule(InvalidInput, r"no rows under the header",
          "CSV 檔在標題行以下沒有資料；沒有匯入任何數字。",
          "The CSV file has no rows under its header; nothing was imported."),
    _rule(InvalidInput, r"^'(?P<value>[^']*)' is not the unit given",
          "「{value}」不是所選的單位。", "'{value}' is not the unit chosen."),
    _rule(InvalidInput, r"^(?P<code>\S+) (?P<period>\S+) is already on line (?P<line>\d+)",
          "{code} {period} 已在本檔第 {line} 行。", "{code} {period} is already on line {line}."),
    _rule(InvalidInput, r"^choose the CSV file", "請選擇要上載的 CSV 檔。",
          "Choose the CSV file to upload."),
    # figures
    _rule(InvalidInput, r"^'(?P<value>.*)' is not a number$",
          "「{value}」不是數字；請填寫數字，例如 92.5 或 92.5%。",
          "'{value}' is not a number; give a figure such as 92.5 or 92.5%."),
    _rule(InvalidInput, r"^'(?P<value>.*)' is not a figure; give a number from 0 to "
          r"(?P<most>\S+)",
          "「{value}」不是合理的數字；請填寫 0 至 {most} 的數字。",
          "'{value}' is not a figure; give a number from 0 to {most}."),
    _rule(InvalidInput, r"^'(?P<value>.*)' is not a judgement; (?P<code>\S+) is an ESR",
          "「{value}」不是判斷；{code} 是基本服務規定，請選擇「符合」或「未符合」。",
          "'{value}' is not a judgement; {code} is an ESR: choose met or not met."),
    _rule(InvalidInput, r"^(?P<code>\S+) is reported (?P<freq>quarterly|half-yearly|yearly); "
          r"give a period such as (?P<example>\S+), not '(?P<value>[^']*)'",
          "{code} 按{freq_zh}匯報；請填寫例如 {example} 的期間，而不是「{value}」。",
          "{code} is reported {freq}; give a period such as {example}, not '{value}'."),
    _rule(InvalidInput, r"^(?P<code>\S+) \((?P<months>[^)]*)\) has not begun " + _T,
          "{code} 尚未開始（今天是 {today}）；請在有數字後才填寫。",
          "{code} ({months}) has not begun (today is {today}); enter its figure once there is "
          "one."),
    _rule(InvalidInput, r"^'(?P<value>.*)' is not a period",
          "「{value}」不是期間；請寫作 2025-26-Q1（2025 年 4 至 6 月）、2025-26-H2 "
          "或 2025-26（全年）。",
          "'{value}' is not a period; write 2025-26-Q1 (Apr-Jun 2025), 2025-26-H2 or 2025-26 "
          "(the whole year)."),
    _rule(InvalidInput, r"^'(?P<value>.*)' is not a financial year",
          "「{value}」不是財政年度；請寫作 2025 或 2025-26。",
          "'{value}' is not a financial year; write 2025 or 2025-26."),
    _rule(NotFound, r"^unit '(?P<unit>[^']*)' has no standard '(?P<code>[^']*)' in \S+ "
          r"\(it has (?P<known>[^)]*)\)",
          "單位 {unit} 沒有標準「{code}」（只有 {known}）。",
          "Unit {unit} has no standard '{code}' (it has {known})."),
    # improvement plans
    _rule(InvalidInput, r"^the (?P<what>action|method|person responsible|expected benefit) "
          r"\(--\w+\) is empty",
          "請填寫「{what_zh}」。", "Fill in '{what}'."),
    _rule(NotFound, r"^there is no plan item #(?P<id>\d+)",
          "沒有第 {id} 項改善計劃。", "There is no plan item #{id}."),
    _rule(Conflict, r"^plan item #(?P<id>\d+) was already marked done on " + _D,
          "第 {id} 項改善計劃已於 {day} 完成。",
          "Plan item #{id} was already marked done on {day}."),
    _rule(InvalidInput, r"^the date done " + _D + r" is in the future",
          "完成日期 {day} 在今天之後；請在完成後才記錄。",
          "The date done {day} is in the future; mark it done once it is."),
    # visits
    _rule(InvalidInput, r"^'(?P<value>[^']*)' is not a visit type",
          "「{value}」不是探訪類別；請從清單選擇。",
          "'{value}' is not a type of visit; choose from the list."),
    _rule(InvalidInput, r"^the visit date " + _D + r" is in the future " + _T,
          "探訪日期 {day} 在今天（{today}）之後；請在探訪後才記錄。",
          "The visit date {day} is in the future (today is {today}); record a visit once it "
          "has happened."),
    # restore
    _rule(Conflict, _P + r" already holds the bytes of version (?P<number>\d+) \(it is version "
          r"(?P<latest>\d+)\)",
          "「{path}」現時已是第 {number} 版的內容（即第 {latest} 版）；毋須還原。",
          "'{path}' already holds the bytes of version {number} (it is version {latest}); "
          "nothing to restore."),
    _rule(Conflict, _P + r" was written back but could not be recorded",
          "「{path}」已寫回，但未能記錄；請管理員掃描紀錄庫。",
          "'{path}' was written back but could not be recorded; ask the administrator to scan "
          "the repository."),
)

_FREQUENCY_ZH = {"quarterly": "季", "half-yearly": "半年", "yearly": "年"}
_PLAN_FIELDS_ZH = {"action": "行動", "method": "方法", "person responsible": "負責人",
                   "expected benefit": "預期效益"}
_EMPTY_ZH = {"date": "日期", "effective date": "生效日期", "version": "版本",
             "due date": "限期"}
_FIELDS_ZH = {"unit": "單位", "standard": "標準", "period": "期間", "value": "數值"}
_WRONG_ROWS = re.compile(r"^(?P<name>[^\n]*): (?P<count>\d+) row\(s\) are wrong, nothing was "
                         r"recorded:\n(?P<lines>.*)$", re.DOTALL)
_NOT_IMPORTED = re.compile(r"^nothing imported; fix these lines and import again:\n"
                           r"(?P<lines>.*)$", re.DOTALL)
_ACK_LINE = re.compile(r"^\s*line (?P<line>\d+): (?P<rest>.*)$")
_STATS_LINE = re.compile(r"^\s*[^\n:]*:(?P<line>\d+): (?P<field>\w+): (?P<rest>.*)$")
_FALLBACK = {"zh": "未能記錄：{detail}", "en": "Nothing was recorded: {detail}"}
_THEIR_FALLBACK = ("無法製作文件：", "The document could not be made: ")


def _lang() -> str:
    return "en" if g.get("lang") == "en" else "zh"


def _one(kind: type[RepoError], message: str) -> str | None:
    """One message by these rules, or None when none knows it."""
    lang = _lang()
    for rule in _RULES:
        match = rule.pattern.search(message)
        if match is None or not issubclass(kind, rule.kind):
            continue
        words = {k: v for k, v in match.groupdict().items() if v is not None}
        words["freq_zh"] = _FREQUENCY_ZH.get(words.get("freq", ""), "")
        what = words.get("what", "")
        words["what_zh"] = _PLAN_FIELDS_ZH.get(what) or _EMPTY_ZH.get(what, "")
        return (rule.en if lang == "en" else rule.zh).format_map(words)
    return None


def _line(number: str, field: str | None, rest: str) -> str:
    """One wrong line of a CSV file: `第 7 行（數值）：…` / `Line 7 (value): …`."""
    inner = _one(InvalidInput, rest) or _messages.said(InvalidInput(rest), rest, False).text
    if inner.startswith(_THEIR_FALLBACK):
        inner = _messages.without_commands(rest)
    if _lang() == "en":
        return f"Line {number}" + (f" ({field})" if field else "") + f": {inner}"
    return f"第 {number} 行" + (f"（{_FIELDS_ZH.get(field, field)}）" if field else "") + \
        f"：{inner}"


def _lines(message: str) -> list[str] | None:
    """The wrong lines of a CSV import, each said again; None for another message."""
    lang = _lang()
    found = _WRONG_ROWS.match(message) or _NOT_IMPORTED.match(message)
    if found is None:
        return None
    said: list[str] = []
    for raw in found["lines"].splitlines():
        ack, stats = _ACK_LINE.match(raw), _STATS_LINE.match(raw)
        if stats:
            said.append(_line(stats["line"], stats["field"], stats["rest"]))
        elif ack:
            said.append(_line(ack["line"], None, ack["rest"]))
        elif raw.strip():
            said.append(raw.strip())
    head = ("以下各行有錯，沒有記錄任何一行：" if lang == "zh"
            else "These lines are wrong; nothing was recorded:")
    return [head, *said]


def said(error: RepoError, message: str) -> list[str]:
    """`error` as the form says it: one sentence, or a heading and one line per wrong row."""
    rows = _lines(message)
    if rows is not None:
        return rows
    mine = _one(type(error), message)
    if mine is not None:
        return [mine]
    theirs = _messages.said(error, message, read_only=False).text
    if theirs.startswith(_THEIR_FALLBACK):
        return [_FALLBACK[_lang()].format(detail=_messages.without_commands(message))]
    return [theirs]
