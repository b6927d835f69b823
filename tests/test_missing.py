"""The mass-disappearance guard: a unit whose files vanish at once is held as missing, not
deleted, and comes back without new versions; only --confirm-deletions deletes."""

from __future__ import annotations

import shutil
from pathlib import Path

from repo_tool.ingest import scan
from repo_tool.repository import Repository
from tests.conftest import ACTOR, Cli, bump_mtime, write


def unit_files(repo: Repository, unit: str = "ycc", count: int = 8) -> list[str]:
    paths = [f"records/{unit}/SQS-05/register {n}.txt" for n in range(count)]
    for n, path in enumerate(paths):
        write(repo.root / path, f"register {n}")
    return paths


def missing_unit(repo: Repository, away: Path) -> list[str]:
    """ycc's files recorded, then its folder moved to `away` and scanned: all held missing."""
    paths = unit_files(repo)
    scan(repo, ACTOR)
    shutil.move(repo.root / "records/ycc", away)
    scan(repo, ACTOR)
    return paths


def statuses(repo: Repository, paths: list[str]) -> set[str]:
    return {repo.document(path).status for path in paths}


def test_a_unit_folder_gone_at_once_is_missing_with_a_warning_not_deleted(
        repo: Repository, tmp_path: Path) -> None:
    paths = unit_files(repo)
    scan(repo, ACTOR)
    shutil.move(repo.root / "records/ycc", tmp_path / "away")
    result = scan(repo, ACTOR)
    assert result.deleted == [] and result.missing == sorted(paths)
    assert len(result.warnings) == 1 and "8 of the 8 documents of unit 'ycc'" in result.warnings[0]
    assert "--confirm-deletions" in result.warnings[0]
    assert statuses(repo, paths) == {"missing"}
    assert [e.kind for e in repo.catalog.events(repo.document(paths[0]).id)] == ["missing"]


def test_missing_files_that_come_back_unchanged_are_present_with_no_new_version(
        repo: Repository, tmp_path: Path) -> None:
    paths = missing_unit(repo, tmp_path / "away")
    shutil.move(tmp_path / "away", repo.root / "records/ycc")
    result = scan(repo, ACTOR)
    assert sorted(result.reappeared) == sorted(paths)
    assert result.versions == [] and result.deleted == [] and result.missing == []
    assert statuses(repo, paths) == {"present"}
    assert {repo.document(path).versions for path in paths} == {1}


def test_a_missing_file_that_comes_back_edited_gets_a_new_version(
        repo: Repository, tmp_path: Path) -> None:
    paths = missing_unit(repo, tmp_path / "away")
    shutil.move(tmp_path / "away", repo.root / "records/ycc")
    edited = repo.root / paths[0]
    edited.write_text("edited while the share was away", encoding="utf-8")
    bump_mtime(edited, 5)
    result = scan(repo, ACTOR)
    assert result.changed == [paths[0]] and len(result.reappeared) == len(paths)
    assert repo.document(paths[0]).versions == 2


def test_a_few_deletions_are_still_deletions(repo: Repository) -> None:
    paths = unit_files(repo, count=10)
    scan(repo, ACTOR)
    for path in paths[:5]:  # half, not more than half
        (repo.root / path).unlink()
    result = scan(repo, ACTOR)
    assert result.deleted == sorted(paths[:5]) and result.missing == []


def test_a_small_unit_emptied_is_deleted_below_the_minimum(repo: Repository) -> None:
    paths = unit_files(repo, count=4)
    scan(repo, ACTOR)
    shutil.rmtree(repo.root / "records/ycc/SQS-05")
    assert scan(repo, ACTOR).deleted == sorted(paths)


def test_the_records_folder_itself_gone_holds_even_a_small_unit_as_missing(
        repo: Repository, tmp_path: Path) -> None:
    paths = unit_files(repo, count=2)
    scan(repo, ACTOR)
    shutil.move(repo.root / "records", tmp_path / "records")
    result = scan(repo, ACTOR)
    assert result.missing == sorted(paths) and result.deleted == []


def test_gone_for_good_stays_missing_until_deletions_are_confirmed(
        repo: Repository, cli: Cli, tmp_path: Path) -> None:
    paths = unit_files(repo)
    scan(repo, ACTOR)
    shutil.rmtree(repo.root / "records/ycc")
    scan(repo, ACTOR)
    again = cli("scan")
    assert again.exit_code == 0
    assert "8 document(s) are still missing" in again.output
    assert "repo-tool scan --confirm-deletions" in again.output
    assert statuses(repo, paths) == {"missing"}
    confirmed = cli("scan", "--confirm-deletions", "--by", "陳主任")
    assert confirmed.exit_code == 0, confirmed.output
    assert "8 deleted" in confirmed.output and "still missing" not in confirmed.output
    assert statuses(repo, paths) == {"deleted"}
    events = repo.catalog.events(repo.document(paths[0]).id)
    assert [(e.kind, e.detail) for e in events] == [("missing", {}),
                                                    ("deleted", {"confirmed": True})]
    log = cli("log", paths[0])
    assert "missing: vanished with most of its unit" in log.output
    assert "deletion confirmed" in log.output
    entry = list(repo.catalog.audit_entries())[-1]
    assert entry.action == "scan" and entry.detail["confirm_deletions"] is True


def test_confirm_deletions_records_a_missing_file_found_elsewhere_as_a_move(
        repo: Repository, tmp_path: Path) -> None:
    paths = missing_unit(repo, tmp_path / "away")
    write(repo.root / "records/home/register 0.txt", "register 0")
    result = scan(repo, ACTOR, confirm_deletions=True)
    assert result.moved == [(paths[0], "records/home/register 0.txt")]
    assert sorted(result.deleted) == sorted(paths[1:])
