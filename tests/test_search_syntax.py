"""Search syntax as people type it."""

from __future__ import annotations

from repo_tool.repository import Repository
from tests.conftest import Cli, write


def test_an_excluded_word_needs_no_quotes(repo: Repository, cli: Cli) -> None:
    write(repo.root / "records/ycc/SQS-14/私隱政策.txt", "私隱政策 個人資料")
    write(repo.root / "records/ycc/SQS-14/閉路電視.txt", "私隱 閉路電視 錄影")
    assert cli("scan").exit_code == 0
    result = cli("search", "私隱", "-闭路")  # simplified: folded like every other word
    assert result.exit_code == 0, result.output
    assert "私隱政策.txt" in result.output and "閉路電視.txt" not in result.output
    assert "1 document(s)" in result.output
    assert cli("search", "私隱", "-闭路", "--unit", "ycc").exit_code == 0  # options still work
