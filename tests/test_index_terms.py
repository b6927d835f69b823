"""The fast index path (`search/_terms.py`) gives exactly the tokens of the analyzer that
queries and snippets use (`search/_analyzer.py`, one token at a time: the reference), on the
shared corpus, on the search benchmark's documents, and on generated text of every kind."""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.search_bench import Corpus
from repo_tool.extract import extract_file
from repo_tool.search import _analyzer as reference
from repo_tool.search import _terms, analyze
from repo_tool.search._terms import index_terms, index_text

TRADITIONAL = "私隱服務質素標準機構職員紀錄檢討投訴會議資料個人衞生裏面頭髮發展後來麵包週年"
SIMPLIFIED = "私隐服务质素标准机构职员纪录检讨投诉会议资料个人卫生里面头发发展后来面包周年"
OTHER_CJK = "ねじ止めコントロール침하게흐린품이ㄅㄆ〇々⺀⼀𠀀𪚥豈"
LATIN = "abcXYZ0123456789 ,.-_/'’“”()（）「」，。：；!?#%&*+=<>@[]{}|~"
ODD = ("ＳＱＳ１４ﬁßé\u0301\u3099①㈱…\u200b\u00a0İﬂＡ\u0665\u0966क्षΣσςДжÆ\u1e9e\u212b"
       "\u1200\u13a0\u17e0\U0001f600\x00\x01\x1c\x1f\x7f\u2028\u3000\ufeff")
SPACES = [" ", "\n", "\t", "\r\n", "\u3000", "  \n "]
ALPHABET = list(TRADITIONAL + SIMPLIFIED + OTHER_CJK + LATIN + ODD) + SPACES
MIXED = st.lists(st.sampled_from(ALPHABET), max_size=80).map("".join)
PLAIN = st.lists(st.sampled_from(list(TRADITIONAL + SIMPLIFIED + LATIN) + SPACES),
                 max_size=80).map("".join)


def same_as_reference(text: str) -> None:
    expected = reference.index_terms(text)
    assert index_terms(text) == expected
    assert index_text(text) == " ".join(expected)
    assert expected == [token.text for token in analyze(text)]
    if unicodedata.is_normalized("NFC", text):  # both the C and the Python path, whichever runs
        assert _terms.python_index_text(text) == " ".join(expected)
        if _terms._native is not None:
            native = _terms._native.index_text(text, _terms._LABELS)
            assert native is None or native == " ".join(expected)
    columns = _terms.native_columns(text)  # the tokens with their spans, as snippets use them
    assert columns is None or columns == tuple(reference.python_analyze_columns(text))


def test_the_c_path_was_built() -> None:
    # `pip install` builds it wherever a C compiler is found; without one the Python path gives
    # the same tokens, slower. CI has a compiler, so a missing module there is a build failure.
    if _terms._native is None:
        pytest.skip("repo_tool/search/_native_terms.c was not built (no C compiler at install)")
    text = "私隱 privacy，政策"
    assert _terms._native.index_text(text, _terms._LABELS) == \
        " ".join(reference.index_terms(text))


@given(MIXED)
@settings(max_examples=1500)
def test_any_mixed_text_gives_the_reference_tokens(text: str) -> None:
    same_as_reference(text)


@given(PLAIN)
@settings(max_examples=1500)
def test_chinese_and_ascii_text_gives_the_reference_tokens(text: str) -> None:
    # Text of the common kind only, so that most examples take the fast path, not the exact one.
    same_as_reference(text)


@given(st.text(max_size=80))
@settings(max_examples=1000)
def test_any_unicode_text_gives_the_reference_tokens(text: str) -> None:
    same_as_reference(text)


@pytest.mark.parametrize("text", [
    "", " ", "，", "私", "私隱", " 私 ", "a私", "私a", "a 私 b", "a，私，b", "a私隱b", "a 私 隱 b",
    "第3條", "第 3 條規定", "依照第3條", "2018年12月10日舉行", "2018 年 12 月 10 日舉行",
    "私，隱", "私，，隱", "私 ， 隱", "abc_私隱", "私隱_abc", "SQS14私隱政策", "316,877",
    "服\n務\n質\n素", "ねじ止め", "눈이 온다", "cafe\u0301", "ﬁnance", "x\u0301私隱",
    "私隱\x00政策", "\x00私隱\x00", "𠀀𠀁", "a𠀀b", "🙂私隱🙂", "\u1200私隱", "১২৩私隱",
    "Complaints Procedure.docx", "policies/u01/SQS-14 私隱和保密/2024/私隱政策 (3).docx",
])
def test_examples_give_the_reference_tokens(text: str) -> None:
    same_as_reference(text)


def test_search_benchmark_documents_give_the_reference_tokens() -> None:
    corpus = Corpus(20240601)
    for i in range(300):
        doc = corpus.doc(i)
        same_as_reference(doc.text)
        same_as_reference(doc.path)


def test_every_corpus_document_gives_the_reference_tokens(corpus: Path) -> None:
    with (corpus / "MANIFEST.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    read = 0
    for row in rows:
        path = corpus / row["relpath"]
        extraction = extract_file(path, path.name)
        same_as_reference(row["relpath"])
        if extraction.text:
            read += 1
            same_as_reference(extraction.text)
    assert read > 100  # the corpus is real documents, most of them readable


def test_character_classes_answer_as_their_regexes_for_every_code_point() -> None:
    # The fold and label tables test one character at a time without compiling the big classes;
    # they must say what the analyzer's regexes say, for every character there is.
    regexes = {reference.HAN: re.compile(f"[{reference._HAN}]"),
               reference.CJK: re.compile(f"[{reference.CJK_CLASS}]"),
               reference.MARKS: re.compile(f"[{reference._MARKS}]")}
    letter = re.compile(reference._LETTER)
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        for ranges, regex in regexes.items():
            assert (char in ranges) == bool(regex.match(char)), (hex(code), regex.pattern[:20])
        assert reference.is_letter(char) == bool(letter.match(char)), hex(code)
