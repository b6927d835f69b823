"""The analyzer: what it promises about Chinese, scripts, spacing and offsets, as properties
(hypothesis) and as the examples people will actually type."""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import opencc
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from repo_tool.search import (
    Clause,
    Glossary,
    QueryError,
    Snippet,
    Token,
    analyze,
    parse_query,
    snippet,
)
from repo_tool.search._analyzer import CJK_CLASS, fold, index_terms

# Traditional (HK) and Simplified spellings of words from policies and records.
PAIRS = [
    ("私隱", "私隐"), ("服務", "服务"), ("質素", "质素"), ("標準", "标准"), ("機構", "机构"),
    ("職員", "职员"), ("紀錄", "纪录"), ("檢討", "检讨"), ("投訴", "投诉"), ("會議", "会议"),
    ("資料", "资料"), ("個人", "个人"), ("衞生", "卫生"), ("裏面", "里面"), ("頭髮", "头发"),
    ("檔案", "档案"), ("電視", "电视"), ("閉路", "闭路"), ("兒童", "儿童"), ("綜合", "综合"),
    ("發展", "发展"), ("後來", "后来"), ("麵包", "面包"), ("週年", "周年"), ("處理", "处理"),
    ("營運", "营运"), ("單位", "单位"), ("計劃", "计划"), ("風險", "风险"), ("評估", "评估"),
    ("安全", "安全"), ("政策", "政策"), ("保密", "保密"), ("程序", "程序"), ("中心", "中心"),
]
TRADITIONAL = "".join(t for t, _ in PAIRS) + "本會致力為青少年長者家庭提供優質專業的社會福利"
KANA = "ねじ止め端子であることコントロールパネル"
HANGUL = "침하게흐린품이눈이"
CJK = TRADITIONAL + "".join(s for _, s in PAIRS) + KANA + HANGUL
SPACES = [" ", "\n", "\t", "\r\n", "\u3000", "  \n "]
LATIN = "abcXYZ0123456789 ,.-_/'’“”()（）「」，。：；"
ODD = "ＳＱＳ１４ﬁßé\u0301\u3099①㈱…\u200b\u00a0İﬂＡ"
MIXED = st.lists(st.sampled_from(list(CJK + LATIN + ODD) + SPACES), max_size=60).map("".join)
CJK_CHAR = re.compile(f"[{CJK_CLASS}]")
CJK_CHAR_RUN = re.compile(f"[{CJK_CLASS}]{{2,}}")


def texts(tokens: list[Token]) -> list[str]:
    return [token.text for token in tokens]


def occurs_at_adjacent_positions(needle: list[str], haystack: list[str]) -> bool:
    size = len(needle)
    return any(haystack[i:i + size] == needle for i in range(len(haystack) - size + 1))


@given(st.data(), MIXED)
def test_any_run_of_two_or_more_cjk_characters_is_found_as_a_phrase(data: st.DataObject,
                                                                   text: str) -> None:
    # Every stretch of CJK characters (whitespace allowed between them) of two or more, as a
    # reader sees them: こ followed by a combining dakuten is one character, ご (NFC), as the
    # analyzer reads it too.
    text = unicodedata.normalize("NFC", text)
    stretches = [m for m in re.finditer(r"[^\W\d_a-zA-Z]+(?:\s+[^\W\d_a-zA-Z]+)*", text)
                 if len(CJK_CHAR.findall(m.group())) >= 2
                 and all(CJK_CHAR.match(c) or c.isspace() for c in m.group())]
    assume(stretches)
    stretch = data.draw(st.sampled_from(stretches)).group()
    chars = [i for i, c in enumerate(stretch) if not c.isspace()]
    first = data.draw(st.integers(0, len(chars) - 2))
    last = data.draw(st.integers(first + 1, len(chars) - 1))
    needle = texts(analyze(stretch[chars[first]:chars[last] + 1]))
    assert len(needle) == last - first
    assert occurs_at_adjacent_positions(needle, texts(analyze(text)))


@given(st.lists(st.tuples(st.sampled_from(PAIRS), st.sampled_from(["", " ", "\n", "，", "a"])),
                min_size=1, max_size=12))
def test_the_other_script_gives_the_same_tokens(words: list[tuple[tuple[str, str], str]]) -> None:
    traditional = "".join(pair[0] + gap for pair, gap in words)
    simplified = "".join(pair[1] + gap for pair, gap in words)
    assert analyze(traditional) == analyze(simplified)


@given(st.text(alphabet=st.sampled_from(list(TRADITIONAL)), min_size=1, max_size=40))
@settings(max_examples=60)
def test_opencc_conversion_either_way_gives_the_same_tokens(text: str) -> None:
    simplified = opencc.OpenCC("hk2s").convert(text)
    assert texts(analyze(simplified)) == texts(analyze(text))
    assert texts(analyze(opencc.OpenCC("s2hk").convert(simplified))) == texts(analyze(text))


@given(st.data(), st.text(alphabet=st.sampled_from(list(CJK)), min_size=1, max_size=30))
def test_whitespace_between_cjk_characters_changes_nothing(data: st.DataObject,
                                                          text: str) -> None:
    spaced = "".join(char + data.draw(st.sampled_from(["", *SPACES])) for char in text[:-1])
    spaced += text[-1]
    assert texts(analyze(spaced)) == texts(analyze(text))


@given(st.one_of(MIXED, st.text(max_size=60)))
def test_offsets_slice_the_original_text_to_what_folds_to_the_token(text: str) -> None:
    tokens = analyze(text)
    for token in tokens:
        assert 0 <= token.start < token.end <= len(text)
        source = re.sub(r"\s+", "", fold(text[token.start:token.end]))
        assert token.text in source, (token, text[token.start:token.end])
    assert [token.start for token in tokens] == sorted(token.start for token in tokens)


@given(st.one_of(MIXED, st.text(max_size=60)))
def test_index_terms_are_the_analyzed_tokens(text: str) -> None:
    assert index_terms(text) == texts(analyze(text))


@pytest.mark.parametrize(("text", "expected"), [
    ("私隱", ["私隐"]),
    ("私隐", ["私隐"]),
    ("服務質素標準", ["服务", "务质", "质素", "素标", "标准"]),
    ("服\n務\n質\n素", ["服务", "务质", "质素"]),
    ("ＳＱＳ１４", ["sqs", "14"]),
    ("SQS-14", ["sqs", "14"]),
    ("sqs_14", ["sqs", "14"]),
    ("1 838 個服務單位", ["1", "838", "个", "个服", "服务", "务单", "单位"]),
    ("316,877", ["316", "877"]),
    ("第14條", ["第", "14", "条"]),
    ("第 3 條規定", ["第", "3", "条", "条规", "规定"]),
    ("依照第3條", ["依照", "照第", "第", "3", "条"]),
    ("2018 年 12 月 10 日舉行", ["2018", "年", "12", "月", "10", "日", "日举", "举行"]),
    ("ねじ止め", ["ねじ", "じ止", "止め"]),
    ("눈이 온다", ["눈이", "이온", "온다"]),
    ("Complaints Procedure.docx", ["complaints", "procedure", "docx"]),
    ("CONTRACTING OFFICE’S ZIP", ["contracting", "office", "s", "zip"]),
    ("ﬁnance Straße", ["finance", "strasse"]),
    ("cafe\u0301", ["café"]),
    ("私", ["私"]),
    ("…", []),
])
def test_examples(text: str, expected: list[str]) -> None:
    assert texts(analyze(text)) == expected


def test_full_width_and_ascii_spellings_of_an_sqs_number_are_the_same_tokens() -> None:
    # Letters and digits split, so SQS14, SQS-14 and ＳＱＳ１４ all match one another as phrases.
    assert texts(analyze("ＳＱＳ１４")) == texts(analyze("SQS 14")) == texts(analyze("sqs14"))


def test_offsets_point_into_the_original_text() -> None:
    text = "服\n務 ＳＱＳ１４ ﬁle"
    assert [(t.text, text[t.start:t.end]) for t in analyze(text)] == [
        ("服务", "服\n務"), ("务", "務"), ("sqs", "ＳＱＳ"), ("14", "１４"), ("file", "ﬁle")]


def test_the_list_index_is_the_position() -> None:
    tokens = analyze("review 私隱政策 2024")
    assert texts(tokens) == ["review", "私", "私隐", "隐政", "政策", "策", "2024"]
    assert tokens[2] == Token("私隐", 7, 9)


# The query parser and snippets are made of the analyzer's tokens, so they are tested here too.


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "…", "-- ,,"])
def test_a_query_with_nothing_to_look_for_is_refused(text: str) -> None:
    with pytest.raises(QueryError, match=r"query is empty|nothing to search for"):
        parse_query(text)


def test_a_query_of_only_excluded_terms_is_refused() -> None:
    with pytest.raises(QueryError, match="excluded"):
        parse_query("-cctv -私隱")


@pytest.mark.parametrize(("text", "expected"), [
    ("privacy policy", [("privacy",), ("policy",)]),
    ('"privacy policy"', [("privacy", "policy")]),
    ("「私隱政策」", [("私隐", "隐政", "政策")]),
    ("私隱政策", [("私隐", "隐政", "政策")]),
    ("私隱　政策", [("私隐",), ("政策",)]),
    ("1 838", [("1", "838")]),
    ("1 838 000 units", [("1", "838", "000"), ("units",)]),
    ("2024 14", [("2024",), ("14",)]),
    ("316,877", [("316", "877")]),
    ("SQS-14", [("sqs", "14")]),
    ("privacy PRIVACY", [("privacy",)]),
])
def test_terms_and_phrases(text: str, expected: list[tuple[str, ...]]) -> None:
    query = parse_query(text)
    assert [clause.tokens for clause in query.clauses] == expected
    assert not query.negative


SPACED_AND_NOT = [
    ("2018年12月10日", "本中心於 2018 年 12 月 10 日舉行會員大會。"),
    ("2018 年 12 月 10 日", "本中心於2018年12月10日舉行會員大會。"),
    ("第3條", "根據本政策第 3 條規定，職員須保密。"),
    ("第 3 條", "根據本政策第3條規定，職員須保密。"),
    ("12月10日", "於 2018 年 12 月 10 日舉行"),
    ('"第 3 條規定"', "根據本政策第3條規定"),
]


@pytest.mark.parametrize(("typed", "text"), SPACED_AND_NOT)
def test_dates_and_clause_numbers_match_with_or_without_spaces(typed: str, text: str) -> None:
    # One phrase, whichever way the query and the document space the numbers out.
    query = parse_query(typed)
    assert len(query.clauses) == 1
    assert occurs_at_adjacent_positions(list(query.clauses[0].tokens), texts(analyze(text)))


@given(st.lists(st.tuples(st.integers(0, 3000), st.sampled_from("年月日條號名座樓期")),
                min_size=1, max_size=4), st.sampled_from(["", "舉行", "規定"]),
       st.sampled_from(["", "於", "根據第"]), st.data())
def test_spaces_around_numbers_change_no_phrase(parts: list[tuple[int, str]], after: str,
                                                before: str, data: st.DataObject) -> None:
    solid = "".join(f"{number}{char}" for number, char in parts)
    spaced = " ".join(f"{number} {char}" for number, char in parts)
    document = data.draw(st.sampled_from([solid, spaced]))
    typed = spaced if document == solid else solid
    haystack = texts(analyze(f"{before}{document}{after}"))
    for query in (typed, f'"{typed}"'):
        clauses = parse_query(query).clauses
        assert len(clauses) == 1
        assert occurs_at_adjacent_positions(list(clauses[0].tokens), haystack)


def test_a_minus_excludes_a_term_or_a_phrase() -> None:
    query = parse_query('私隱 -cctv -"閉路電視" covid-19')
    assert [(c.tokens, c.negated) for c in query.clauses] == [
        (("私隐",), False), (("cctv",), True), (("闭路", "路电", "电视"), True),
        (("covid", "19"), False)]


def test_one_chinese_character_is_a_partial_term() -> None:
    assert parse_query("鐘").clauses == (Clause(("钟",), partial=True),)
    assert not parse_query("鐘錶").clauses[0].partial


def test_a_snippet_shows_the_match_in_the_script_it_was_written_in() -> None:
    text = "前言。" * 100 + "本中心重視服務使用者的私隱，並定期檢討。" + "附錄。" * 100
    cut = snippet(text, parse_query("私隐"), width=40)
    assert len(cut.text) <= 40
    assert [cut.text[a:b] for a, b in cut.highlights] == ["私隱"]


def test_a_glossary_term_is_searched_with_its_equivalents_and_named() -> None:
    glossary = Glossary([("complaint", "投訴", "申訴"), ("Human resources", "人力資源")])
    query = parse_query("Complaints human resources -私隱", glossary)
    assert query.also_searched == ("complaint", "投訴", "申訴", "人力資源")
    assert [(c.tokens, [a.tokens for a in c.also], c.negated) for c in query.clauses] == [
        (("complaints",), [("complaint",), ("投诉",), ("申诉",)], False),
        (("human", "resources"), [("人力", "力资", "资源")], False),
        (("私隐",), [], True)]
    assert parse_query("complaint procedure", Glossary()).also_searched == ()
    cut = snippet("本中心處理投訴的程序。", query)
    assert [cut.text[a:b] for a, b in cut.highlights] == ["投訴"]


def test_a_snippet_reads_glyph_per_line_pdf_text_as_a_sentence() -> None:
    cut = snippet("第\n一\n章\n服\n務\n質\n素\n標\n準\n及 review  dates", parse_query("服務質素"))
    assert cut.text == "第一章服務質素標準及 review dates"
    assert [cut.text[a:b] for a, b in cut.highlights] == ["服務質素"]


def test_a_snippet_marks_every_term_in_view() -> None:
    cut = snippet("The privacy policy: review of privacy, 私隱 and CCTV.",
                  parse_query("privacy cctv -review"))
    assert [cut.text[a:b] for a, b in cut.highlights] == ["privacy", "privacy", "CCTV"]


def test_a_snippet_without_a_match_is_the_start_of_the_text() -> None:
    text = "Complaints   procedure\n\nfor all units. " * 20
    cut = snippet(text, parse_query("nowhere"), width=30)
    assert cut.text.startswith("Complaints procedure for all")
    assert cut.highlights == ()
    assert snippet("", parse_query("x")) == Snippet("", ())


def test_a_snippet_finds_a_match_far_into_a_long_document() -> None:
    text = "filler words " * 40_000 + "the 316,877 people"
    cut = snippet(text, parse_query("316,877"))
    assert [cut.text[a:b] for a, b in cut.highlights] == ["316,877"]


@given(st.data(), MIXED)
def test_a_snippet_highlights_the_phrase_it_was_asked_for(data: st.DataObject,
                                                          text: str) -> None:
    words = [m.group() for m in re.finditer(
        r"(?<![^\W\d_])[A-Za-z]{2,}(?![^\W\d_])|(?<!\d)\d+(?!\d)", text)]
    words += [m.group() for m in CJK_CHAR_RUN.finditer(text)]
    assume(words)
    word = data.draw(st.sampled_from(words))
    assume(occurs_at_adjacent_positions(texts(analyze(word)), texts(analyze(text))))
    cut = snippet(text, parse_query(f'"{word}"'), width=30)
    assert len(cut.text) <= 30
    assert cut.highlights
    start, end = cut.highlights[0]
    assert fold(word) in re.sub(r"\s", "", fold(cut.text[start:end]))


def test_the_chinese_fold_table_is_opencc_hk2s_for_every_han_character() -> None:
    # repo_tool/data/hk2s-chars.txt is OpenCC's conversion done once; a stale table would fold
    # some characters differently from OpenCC, and scripts/make_fold_table.py must be run again.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    try:
        import make_fold_table  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    assert (make_fold_table.TABLE.read_text(encoding="utf-8")
            == make_fold_table.table_text()), "run scripts/make_fold_table.py"
