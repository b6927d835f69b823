"""The library's error messages as the generate page says them, in the page's language.

The library words its errors in English for the person at the console, with the command that
fixes them (`repo-tool review record ...`, `--cycle`). A person on the web page gets the same
fact in Chinese or English, told what to change on the form or which page fixes it, and never
command-line syntax. Each rule matches one message of the library by its kind and its words;
a message no rule knows keeps its facts, with the clauses naming a command left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import g, url_for

from repo_tool.errors import (
    ConfigError,
    Conflict,
    Damaged,
    InvalidInput,
    Locked,
    NotFound,
    RepoError,
    Unsupported,
)


@dataclass(frozen=True)
class Said:
    """A message for the page: its text, and perhaps a link to the page that fixes it."""

    text: str
    link: str | None = None
    link_text: str | None = None


@dataclass(frozen=True)
class _Rule:
    kind: type[RepoError]
    pattern: re.Pattern[str]
    zh: str
    en: str
    link: str | None = None  # "unit", "document", "search": where the fix is made


def _rule(kind: type[RepoError], pattern: str, zh: str, en: str, link: str | None = None
          ) -> _Rule:
    return _Rule(kind, re.compile(pattern, re.DOTALL), zh, en, link)


_UNIT = r"unit '(?P<unit>[^']*)'"
_PDF_HINT = ("請選擇 Word（docx）格式，或請管理員安裝 LibreOffice",
             "choose the Word (docx) format, or ask the administrator to install LibreOffice")

_RULES: tuple[_Rule, ...] = (
    _rule(NotFound, _UNIT + r" has no reviews recorded for the (?P<cycle>\S+) cycle "
          r"\((?P<start>\S+) to (?P<end>\S+)\)",
          "單位 {unit} 在 {cycle} 檢討週期（{start} 至 {end}）未有檢討紀錄。請先在單位頁記錄"
          "檢討，或選擇另一個檢討週期。",
          "Unit {unit} has no reviews recorded for the {cycle} cycle ({start} to {end}). "
          "Record them on the unit page, or choose another cycle.", "unit"),
    _rule(NotFound, _UNIT + r" has no amendments recorded(?: updated (?P<period>.+?))?;",
          "單位 {unit} 未有修訂紀錄{period_zh}。請先在單位頁記錄修訂，或更改日期。",
          "Unit {unit} has no amendments recorded{period_en}. Record them on the unit page, "
          "or change the date.", "unit"),
    _rule(NotFound, _UNIT + r" is not in ",
          "紀錄庫沒有單位「{unit}」；請從清單選擇單位。",
          "There is no unit '{unit}' in this repository; choose a unit from the list."),
    _rule(InvalidInput, r"'(?P<unit>.*)' is not a unit code",
          "「{unit}」不是單位代號；請從清單選擇單位。",
          "'{unit}' is not a unit code; choose a unit from the list."),
    _rule(InvalidInput, _UNIT + r" has no enquiry phone number",
          "單位 {unit} 未有查詢電話；請在「查詢電話」一欄填寫。",
          "Unit {unit} has no enquiry phone number; fill in the enquiry phone."),
    _rule(NotFound, _UNIT + r" has no staff roster",
          "單位 {unit} 未有職員名單；請管理員建立名單後再試。",
          "Unit {unit} has no staff roster; ask the administrator to write it, then try "
          "again."),
    _rule(NotFound, r"(?P<path>\S+) lists no staff",
          "職員名單未列出任何職員；請管理員加入職員後再試。",
          "The staff roster lists no staff; ask the administrator to add them."),
    _rule(NotFound, _UNIT + r" has no (?P<path>\S+standards\.yaml)",
          "單位 {unit} 未有服務表現標準；請管理員建立後再試。",
          "Unit {unit} has no performance standards; ask the administrator to write them, "
          "then try again."),
    _rule(NotFound, _UNIT + r" has no visit recorded",
          "單位 {unit} 未有探訪紀錄；請填寫「變更日期由」。",
          "Unit {unit} has no visit recorded; fill in 'Changes since'."),
    _rule(Unsupported, r"LibreOffice is not installed",
          "伺服器未安裝 LibreOffice，無法製作 PDF；" + _PDF_HINT[0] + "。",
          "LibreOffice is not installed on the server, so no PDF can be made; "
          + _PDF_HINT[1] + "."),
    _rule(RepoError, r"LibreOffice took more than",
          "LibreOffice 轉換 PDF 的時間過長；請再試一次，或選擇 Word（docx）格式。",
          "LibreOffice took too long to make the PDF; try again, or choose the Word (docx) "
          "format."),
    _rule(RepoError, r"LibreOffice could not convert",
          "LibreOffice 未能製作 PDF；" + _PDF_HINT[0] + "。",
          "LibreOffice could not make the PDF; " + _PDF_HINT[1] + "."),
    _rule(Unsupported, r"does not fit on A4 pages|too many posts for one A4",
          "組織架構圖放不進 A4 頁面；請管理員在職員名單為職位分組（team），以便每組一頁。",
          "The org chart does not fit on A4 pages; ask the administrator to give the posts "
          "a team in the staff roster, so that each team gets a page."),
    _rule(ConfigError, r"post '(?P<post>[^']*)' has no title in Chinese",
          "職位「{post}」沒有中文名稱；請選擇英文或中英對照，或請管理員在職員名單補上。",
          "Post '{post}' has no Chinese title; choose English or both, or ask the "
          "administrator to add it to the staff roster."),
    _rule(ConfigError, r"post '(?P<post>[^']*)' has no title in English",
          "職位「{post}」沒有英文名稱；請選擇中文或中英對照，或請管理員在職員名單補上。",
          "Post '{post}' has no English title; choose Chinese or both, or ask the "
          "administrator to add it to the staff roster."),
    _rule(InvalidInput, r"'(?P<field>\w+)' is missing$",
          "請填寫「{field}」。", "Fill in '{field}'."),
    _rule(InvalidInput, r"'(?P<field>\w+)' must be a whole number from (?P<low>\d+) to "
          r"(?P<high>\d+)$",
          "「{field}」須為 {low} 至 {high} 的整數。",
          "'{field}' must be a whole number from {low} to {high}."),
    _rule(InvalidInput, r"'(?P<value>.*)' is not a date;",
          "「{value}」不是日期；請以年-月-日填寫，例如 2025-04-01。",
          "'{value}' is not a date; write it as year-month-day, e.g. 2025-04-01."),
    _rule(InvalidInput, r"'(?P<value>.*)' is not an SQS number",
          "「{value}」不是服務質素標準的編號；請填寫 1 至 16 的數字，以逗號分隔。",
          "'{value}' is not an SQS number; give numbers from 1 to 16, separated by commas."),
    _rule(InvalidInput, r"'(?P<value>.*)' is not a (?P<field>lang|format); use (?P<allowed>.+)$",
          "「{value}」不是可選的「{field}」；請從清單選擇。",
          "'{value}' is not a choice of '{field}'; choose from the list."),
    _rule(InvalidInput, r"--cycle (?P<value>\d+) is not a review year",
          "{value} 不是檢討年份；請從清單選擇檢討週期。",
          "{value} is not a review year; choose a cycle from the list."),
    _rule(InvalidInput, r"'(?P<value>.*)' is outside the repository",
          "「{value}」不在紀錄庫內；請填寫紀錄庫內的政策路徑（可在搜尋頁找到）。",
          "'{value}' is outside the repository; give the path of a policy in it (the search "
          "page shows it).", "search"),
    _rule(InvalidInput, r"no document path given",
          "請填寫政策的路徑（可在搜尋頁找到）。",
          "Give the path of the policy (the search page shows it).", "search"),
    _rule(NotFound, r"'(?P<path>.*)' is not in the catalog",
          "紀錄庫沒有文件「{path}」；請在搜尋頁找出政策的路徑。",
          "There is no document '{path}' in the repository; find the policy's path on the "
          "search page.", "search"),
    _rule(NotFound, r"'(?P<path>.*)' has no version (?P<number>\d+); it has versions 1 to "
          r"(?P<last>\d+)",
          "「{path}」沒有第 {number} 版（只有第 1 至 {last} 版）。",
          "'{path}' has no version {number} (it has versions 1 to {last}).", "document"),
    _rule(InvalidInput, r"'(?P<path>.*)' has no version in force on (?P<day>[0-9-]+)",
          "「{path}」在 {day} 沒有生效中的版本；請填寫版本號碼，或先批核政策。",
          "'{path}' has no version in force on {day}; give a version number, or approve the "
          "policy first.", "document"),
    _rule(InvalidInput, r"'(?P<path>.*)' is a record; staff acknowledge policies",
          "「{path}」是紀錄，不是政策；閱讀確認表只適用於政策。",
          "'{path}' is a record, not a policy; staff sign off policies."),
    _rule(InvalidInput, r"'(?P<path>.*)' is (?:not )?a policy of unit '(?P<unit>[^']*)'",
          "「{path}」不是所選單位或總辦事處的政策。",
          "'{path}' is not a policy of the chosen unit or of the head office."),
    _rule(InvalidInput, r"the visit date|--since (?P<since>\S+) is after (?P<until>\S+)",
          "日期不合理：開始日期不可在結束日期之後，亦不可在今天之後。",
          "The dates do not fit: the start cannot be after the end, or after today."),
    _rule(InvalidInput, r"an evidence pack is never stored inside the repository",
          "評估證據包不會存入紀錄庫（下次掃描會把整個證據包當作文件再記錄一次）。",
          "An evidence pack is never stored in the repository (the next scan would record the "
          "whole pack again as a document)."),
    _rule(Locked, r".",
          "紀錄庫正由另一項工作更改（例如自動掃描）；請稍後再試。",
          "Another job is changing the repository (an automatic scan, perhaps); try again in "
          "a moment."),
    _rule(Damaged, r".",
          "紀錄庫中的文件內容與紀錄不符（可能已損壞）；請管理員檢查紀錄庫。",
          "Stored content no longer matches its record (it may be damaged); ask the "
          "administrator to check the repository."),
)

# the form fields the library names in its messages, as the page labels them
_FIELDS: dict[str, tuple[str, str]] = {
    "unit": ("單位", "Unit"), "cycle": ("檢討週期", "Cycle"), "year": ("財政年度", "Year"),
    "version": ("版本", "Version"), "document": ("政策", "Policy"),
    "lang": ("語言", "Language"), "format": ("格式", "Format"),
}
_PERIOD = {"zh": "（{period} 期間）", "en": " (updated {period})"}
_LINKS = {"unit": ("前往單位頁", "Go to the unit page"),
          "search": ("前往搜尋頁", "Go to the search page"),
          "document": ("前往文件頁", "Go to the document page")}
_FALLBACK = {"zh": "無法製作文件：{detail}", "en": "The document could not be made: {detail}"}
_READ_ONLY_NOTE = {"zh": "（此伺服器為唯讀：須由管理員開放寫入才可記錄。）",
                   "en": " (This server is read-only: the administrator must allow writing "
                         "first.)"}


def _lang() -> str:
    return "en" if g.get("lang") == "en" else "zh"


def without_commands(message: str) -> str:
    """The clauses of a library message that name no command or option."""
    clauses = [c for c in re.split(r"; |\. ", message)
               if "`" not in c and "--" not in c and "repo-tool" not in c]
    return "; ".join(clauses) if clauses else message.split(";")[0].replace("`", "")


def _link(rule: _Rule, found: dict[str, str]) -> str | None:
    if rule.link == "unit" and found.get("unit"):
        return url_for("browse.unit", code=found["unit"])
    if rule.link == "document" and found.get("path"):
        return url_for("browse.document", path=found["path"])
    if rule.link == "search":
        return url_for("browse.search")
    return None


def said(error: RepoError, message: str, read_only: bool) -> Said:
    """`error` (its `message` already free of the server's folders) in the page's language."""
    lang = _lang()
    for rule in _RULES:
        match = rule.pattern.search(message)
        if not isinstance(error, rule.kind) or match is None:
            continue
        found = {k: v for k, v in match.groupdict().items() if v is not None}
        words = dict(found)
        if "field" in found and found["field"] in _FIELDS:
            words["field"] = _FIELDS[found["field"]][lang == "en"]
        period = found.get("period")
        words["period_zh"] = _PERIOD["zh"].format(period=period) if period else ""
        words["period_en"] = _PERIOD["en"].format(period=period) if period else ""
        text = (rule.en if lang == "en" else rule.zh).format_map(words)
        if rule.link == "unit" and read_only:
            text += _READ_ONLY_NOTE[lang]
        link = _link(rule, found)
        label = _LINKS[rule.link][lang == "en"] if link and rule.link else None
        return Said(text, link, label)
    return Said(_FALLBACK[lang].format(detail=without_commands(message)))


def status_of(error: RepoError) -> int:
    """400 for a value to correct, 409 for the repository's state, 422 for the rest."""
    if isinstance(error, InvalidInput):
        return 400
    if isinstance(error, (Locked, Conflict)):
        return 409
    return 422  # nothing to correct in the value itself: no reviews, no LibreOffice, ...
