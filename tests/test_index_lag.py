"""The "not in the search index yet" warning: shown exactly while the index lags the catalog.

Searches skip counting the lag when the last catch-up marked the index synced and nothing has
changed since; these tests change the catalog without a catch-up (as a crash between recording
and indexing would leave it) and check that the warning still appears, then goes.
"""

from __future__ import annotations

import json

import pytest

from repo_tool.ingest.scanner import Scanner
from repo_tool.repository import Repository
from tests.conftest import ACTOR, Cli, bump_mtime, write


def warning(cli: Cli, query: str) -> str | None:
    done = cli("search", query)
    lines = [line for line in done.output.splitlines() if "not in the search index" in line]
    return lines[0] if lines else None


def record_without_indexing(repo: Repository) -> None:
    """What a scan records, without the catch-up that follows it (a crash in between)."""
    with repo.writing("scan", ACTOR) as session:
        Scanner(session, repo.config).run()


def test_the_lag_warning_comes_and_goes_with_each_kind_of_change(repo: Repository,
                                                               cli: Cli) -> None:
    policy = repo.root / "policies/ycc/私隱政策.txt"
    write(policy, "私隱政策 第一版")
    write(repo.root / "records/ycc/minutes.txt", "會議紀錄 私隱")
    assert cli("scan").exit_code == 0
    assert warning(cli, "私隱") is None
    assert len(json.loads(cli("search", "私隱", "--json").output)) == 2

    write(policy, "私隱政策 第二版")  # a new version, recorded but not indexed
    bump_mtime(policy)
    record_without_indexing(repo)
    assert warning(cli, "私隱") == ("warning: 2 version(s) are not in the search index yet; "
                                    "run `repo-tool scan` to finish indexing them")
    assert cli("scan").exit_code == 0
    assert warning(cli, "私隱") is None

    (repo.root / "records/ycc/minutes.txt").unlink()  # a deletion: an event, no version
    record_without_indexing(repo)
    assert warning(cli, "私隱") is not None
    assert cli("scan").exit_code == 0
    assert warning(cli, "私隱") is None
    assert [hit["path"] for hit in json.loads(cli("search", "私隱", "--json").output)] == [
        "policies/ycc/私隱政策.txt"]

    # a change that only forgets index entries
    with repo.writing("tag", ACTOR) as session, session.catalog.transaction():
        session.catalog.texts.forget_index()
    assert warning(cli, "私隱") is not None
    assert cli("scan").exit_code == 0
    assert warning(cli, "私隱") is None


def test_a_rebuild_reads_its_work_a_page_at_a_time_and_misses_none(
        repo: Repository, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    # A million versions are indexed _COMMIT_EVERY at a time (by version id); with pages of 3,
    # 11 documents and a second version of one take five pages, and every one is found.
    from repo_tool.repository import catch_up

    for n in range(11):
        write(repo.root / f"records/ycc/紀錄 {n:02d}.txt", f"會議紀錄 私隱 第{n}號")
    assert cli("scan").exit_code == 0
    write(repo.root / "records/ycc/紀錄 03.txt", "會議紀錄 私隱 第3號 修訂")
    bump_mtime(repo.root / "records/ycc/紀錄 03.txt")
    assert cli("scan").exit_code == 0
    monkeypatch.setattr(catch_up, "_COMMIT_EVERY", 3)
    done = cli("reindex")
    assert done.exit_code == 0, done.output
    assert "indexed 12 version(s)" in done.output
    found = json.loads(cli("search", "私隱", "--json").output)
    assert sorted(hit["path"] for hit in found) == [f"records/ycc/紀錄 {n:02d}.txt"
                                                   for n in range(11)]
    assert warning(cli, "私隱") is None


def test_a_first_scan_reads_text_a_page_at_a_time_and_misses_none(
        repo: Repository, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    # A first scan of a million files reads the blobs to extract _EXTRACT_PAGE at a time (by
    # sha256); with pages of 2, 7 files (two of them the same bytes under two names) and one
    # that cannot be read take four pages, and every one is read, told and found.
    from repo_tool.extract import EXTRACTOR_VERSION
    from repo_tool.repository import catch_up

    monkeypatch.setattr(catch_up, "_EXTRACT_PAGE", 2)
    for n in range(6):
        write(repo.root / f"records/ycc/紀錄 {n:02d}.txt", f"會議紀錄 私隱 第{n}號")
    write(repo.root / "records/home/紀錄 副本.txt", "會議紀錄 私隱 第0號")
    write(repo.root / "records/ycc/損壞.docx", b"PK\x03\x04 not a zip")
    done = cli("scan", "--json")
    assert done.exit_code == 0, done.output
    report = json.loads(done.output)
    assert [f["path"] for f in report["no_text_files"]] == ["records/ycc/損壞.docx"]
    found = json.loads(cli("search", "私隱", "--json").output)
    assert sorted(hit["path"] for hit in found) == sorted(
        [f"records/ycc/紀錄 {n:02d}.txt" for n in range(6)] + ["records/home/紀錄 副本.txt"])
    assert repo.catalog.texts.missing_count(EXTRACTOR_VERSION) == 0
