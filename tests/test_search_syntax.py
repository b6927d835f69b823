"""Search syntax as people type it."""

from __future__ import annotations

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
