"""diff: paragraph by paragraph, between any two versions."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from repo_tool.ingest import scan
from repo_tool.repository import Repository
from repo_tool.repository.diff import ClauseChange, text_diff
from tests.conftest import ACTOR, Cli, bump_mtime

POLICY = "policies/ycc/SQS-15 申訴/投訴處理程序.docx"


def save_policy(path: Path, paragraphs: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    doc.save(str(path))


def test_diff_shows_changed_paragraphs_between_the_last_two_versions(repo: Repository,
                                                                    cli: Cli) -> None:
    path = repo.root / POLICY
    save_policy(path, ["一、目的", "本中心於十個工作天內回覆投訴。", "二、範圍", "三、檢討"])
    scan(repo, ACTOR)
    save_policy(path, ["一、目的", "本中心於七個工作天內回覆投訴。", "二、範圍", "三、檢討"])
    bump_mtime(path, -30)
    scan(repo, ACTOR)
    result = cli("diff", POLICY)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"{POLICY}: version 1 -> 2",
        "@@ paragraph 1 of version 1, paragraph 1 of version 2",
        "  一、目的",
        "- 本中心於十個工作天內回覆投訴。",
        "+ 本中心於七個工作天內回覆投訴。",
        "  二、範圍",
    ]


def test_diff_of_a_single_version_says_so(repo: Repository, cli: Cli) -> None:
    save_policy(repo.root / POLICY, ["only"])
    scan(repo, ACTOR)
    result = cli("diff", POLICY)
    assert result.exit_code == 2
    assert result.output == f"error: '{POLICY}' has only one version; nothing to compare\n"


def test_diff_of_a_file_without_text_says_why(repo: Repository, cli: Cli) -> None:
    path = repo.root / "records/ycc/photo.jpg"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xff\xd8\xff\xe0 not really a photo")
    scan(repo, ACTOR)
    path.write_bytes(b"\xff\xd8\xff\xe0 another photo")
    bump_mtime(path, -30)
    scan(repo, ACTOR)
    result = cli("diff", "records/ycc/photo.jpg")
    assert result.exit_code == 1
    assert result.output.startswith("error: version 1 has no text to compare: ")


def test_changed_clauses_pair_each_edit_with_its_old_text(repo: Repository) -> None:
    path = repo.root / POLICY
    save_policy(path, ["一、目的", "本中心於十個工作天內回覆投訴。", "投訴可以電郵提出。",
                       "二、範圍", "三、檢討", "每年檢討一次。"])
    scan(repo, ACTOR)
    save_policy(path, ["一、目的", "新增：投訴人可要求面談。", "本中心於七個工作天內回覆投訴。",
                       "二、範圍", "三、檢討", "每兩年檢討一次。"])
    bump_mtime(path, -30)
    scan(repo, ACTOR)
    assert text_diff(repo, POLICY).clauses == [
        ClauseChange(None, "新增：投訴人可要求面談。"),  # not paired with the reply clause
        ClauseChange("本中心於十個工作天內回覆投訴。", "本中心於七個工作天內回覆投訴。"),
        ClauseChange("投訴可以電郵提出。", None),
        ClauseChange("每年檢討一次。", "每兩年檢討一次。")]
