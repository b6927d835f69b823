"""Search syntax as people type it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document

from repo_tool.repository import Repository
from tests.conftest import Cli, write


def word_file(path: Path, *paragraphs: str, title: str | None = None,
              heading: str | None = None) -> Path:
    """A real .docx made with python-docx: an optional title property and Heading 1."""
    document = Document()
    if title is not None:
        document.core_properties.title = title
    if heading is not None:
        document.add_heading(heading, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def test_an_excluded_word_needs_no_quotes(repo: Repository, cli: Cli) -> None:
    write(repo.root / "records/ycc/SQS-14/私隱政策.txt", "私隱政策 個人資料")
    write(repo.root / "records/ycc/SQS-14/閉路電視.txt", "私隱 閉路電視 錄影")
    assert cli("scan").exit_code == 0
    result = cli("search", "私隱", "-闭路")  # simplified: folded like every other word
    assert result.exit_code == 0, result.output
    assert "私隱政策.txt" in result.output and "閉路電視.txt" not in result.output
    assert "1 document(s)" in result.output
    assert cli("search", "私隱", "-闭路", "--unit", "ycc").exit_code == 0  # options still work


@pytest.mark.parametrize("typed", ["2018年12月10日", "2018 年 12 月 10 日", "第3條", "第 3 條",
                                   '"第 3 條"', "12月10日"])
def test_dates_and_clause_numbers_are_found_with_or_without_spaces(
        repo: Repository, cli: Cli, typed: str) -> None:
    folder = repo.root / "records/ycc/SQS-14"
    # Typeset with spaces, as PDF exports and some typists do, and without.
    word_file(folder / "會員大會.docx", "本中心於 2018 年 12 月 10 日舉行會員大會。",
              "根據本守則第 3 條規定，職員須為服務使用者保密。")
    word_file(folder / "週年大會.docx", "週年大會於2018年12月10日舉行。",
              "根據本守則第3條規定，職員須保障私隱。")
    word_file(folder / "其他.docx", "2018年12月11日舉行，第 4 條及第 13 條。")
    assert cli("scan").exit_code == 0
    result = cli("search", typed)
    assert result.exit_code == 0, result.output
    assert "會員大會.docx" in result.output and "週年大會.docx" in result.output, result.output
    assert "其他.docx" not in result.output
    assert "2 document(s)" in result.output


def glossary_files(repo: Repository) -> None:
    folder = repo.root / "records/ycc/SQS-14"
    word_file(folder / "個人資料.docx", "本中心尊重服務使用者的私隱，並妥善保管個人資料。")
    word_file(folder / "camera.docx", "CCTV cameras record the entrance hall around the clock.")
    word_file(folder / "人手.docx", "本年度人力資源計劃：招聘兩名社工。")
    word_file(folder / "旅行.docx", "暑期戶外活動：西貢郊遊。")
    word_file(folder / "notes.docx", "Nothing about anything in particular.")


def test_an_english_word_also_finds_its_chinese_term_and_says_so(repo: Repository,
                                                                 cli: Cli) -> None:
    glossary_files(repo)
    assert cli("scan").exit_code == 0
    result = cli("search", "privacy")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "also searched: 私隱"
    assert "個人資料.docx" in result.output and "<" not in lines[0]
    assert "1 document(s)" in result.output
    # The reverse: a Chinese term also finds the English word.
    reverse = cli("search", "閉路電視")
    assert reverse.output.splitlines()[0] == "also searched: CCTV"
    assert "camera.docx" in reverse.output
    # An SQS name in English finds the Chinese name.
    named = cli("search", "human", "resources")
    assert named.output.splitlines()[0] == "also searched: 人力資源"
    assert "人手.docx" in named.output
    # --json stays a list of hits.
    as_json = cli("search", "privacy", "--json")
    assert [hit["path"].rsplit("/", 1)[-1] for hit in json.loads(as_json.output)] == [
        "個人資料.docx"]
    # A word the glossary does not know says nothing more.
    plain = cli("search", "particular")
    assert "also searched" not in plain.output and "notes.docx" in plain.output


def test_the_glossary_is_edited_in_repo_yaml(repo: Repository, cli: Cli) -> None:
    glossary_files(repo)
    config = repo.root / "repo.yaml"
    config.write_text(config.read_text(encoding="utf-8")
                      + "glossary:\n  outing: [戶外活動, 郊遊]\n  privacy: []\n",
                      encoding="utf-8")
    assert cli("scan").exit_code == 0
    outing = cli("search", "outings")
    assert outing.output.splitlines()[0] == "also searched: outing, 戶外活動, 郊遊"
    assert "旅行.docx" in outing.output
    # `privacy: []` leaves out the built-in term.
    privacy = cli("search", "privacy")
    assert "also searched" not in privacy.output and "no documents match" in privacy.output

