"""The per-unit summaries `status` reads (store/unit_summaries.py): kept by the writer, counted
stale by catalog triggers whoever changes a unit, and never trusted once stale."""

from __future__ import annotations

import sqlite3
from datetime import date

from repo_tool.domain.status import status
from repo_tool.ingest import scan
from repo_tool.repository import Repository
from tests.conftest import ACTOR, rewind_catalog, write

TODAY = date(2026, 6, 1)


def rows(repo: Repository, unit: str) -> dict[int, tuple[int, int]]:
    (found,) = status(repo, unit, today=TODAY)
    return {row.sqs: (row.documents, row.policies) for row in found.rows if row.documents}


def filed(repo: Repository) -> None:
    write(repo.root / "policies/ycc/SQS-14 私隱/私隱政策.txt", "私隱政策")
    write(repo.root / "records/ycc/SQS-14 私隱/查閱紀錄.txt", "查閱紀錄")
    write(repo.root / "records/home/SQS-09/巡查.txt", "巡查紀錄")
    write(repo.root / "policies/agency/SQS-15/投訴程序.txt", "投訴程序")
    scan(repo, ACTOR)


def test_a_writer_leaves_every_summary_current(repo: Repository) -> None:
    filed(repo)
    assert repo.catalog.summaries.stale() == []
    kept = repo.catalog.summaries.read(["ycc"])["ycc"]
    assert [(t.sqs, t.documents, t.policies) for t in kept.tallies] == [(14, 2, 1)]
    assert [d.path for d in kept.policies] == ["policies/ycc/SQS-14 私隱/私隱政策.txt"]
    # and the rows come out as they did before: the head office's complaints policy credited
    assert rows(repo, "ycc") == {14: (2, 1), 15: (1, 1)}
    assert rows(repo, "home") == {9: (1, 0), 15: (1, 1)}


def test_a_change_made_without_the_writers_refresh_is_read_live(repo: Repository) -> None:
    filed(repo)
    # Any change to a unit's documents marks its summary stale, whichever code makes it (here,
    # a tag written straight into the catalog, as a crashed writer would leave it).
    db = sqlite3.connect(repo.state / "catalog.sqlite")
    with db:
        db.execute("INSERT INTO document_sqs (document_id, sqs, source) SELECT id, 3, 'tag' "
                   "FROM documents WHERE path LIKE 'records/ycc/%'")
    db.close()
    assert repo.catalog.summaries.stale() == ["ycc"]
    assert rows(repo, "ycc") == {3: (1, 0), 14: (1, 1), 15: (1, 1)}
    with repo.writing("test", ACTOR):
        pass
    assert repo.catalog.summaries.stale() == []
    assert rows(repo, "ycc") == {3: (1, 0), 14: (1, 1), 15: (1, 1)}


def test_a_new_version_a_deletion_and_a_move_each_mark_the_unit(repo: Repository) -> None:
    filed(repo)
    summaries = repo.catalog.summaries
    generation = {u: g for u, g in repo.catalog.db.execute("SELECT * FROM unit_changes")}
    write(repo.root / "records/ycc/SQS-14 私隱/查閱紀錄.txt", "查閱紀錄 第二版")
    (repo.root / "records/home/SQS-09/巡查.txt").unlink()
    scan(repo, ACTOR)
    after = {u: g for u, g in repo.catalog.db.execute("SELECT * FROM unit_changes")}
    assert after["ycc"] > generation["ycc"] and after["home"] > generation["home"]
    assert after["agency"] == generation["agency"]  # untouched
    assert summaries.stale() == []
    assert rows(repo, "home") == {15: (1, 1)}
    # a rescan that finds nothing new changes no unit
    scan(repo, ACTOR)
    assert {u: g for u, g in repo.catalog.db.execute("SELECT * FROM unit_changes")} == after


def test_an_older_catalog_reads_live_until_its_first_writer(repo: Repository) -> None:
    filed(repo)
    repo.close()
    assert rewind_catalog(repo.state / "catalog.sqlite", 13) == ["unit_changes",
                                                                "unit_summaries"]
    reopened = Repository.open(repo.root)  # the writer that opens it migrates it
    try:
        assert reopened.catalog.summaries.stale() == ["agency", "home", "ycc"]
        assert rows(reopened, "ycc") == {14: (2, 1), 15: (1, 1)}
        with reopened.writing("test", ACTOR):
            pass
        assert reopened.catalog.summaries.stale() == []
        assert rows(reopened, "ycc") == {14: (2, 1), 15: (1, 1)}
    finally:
        reopened.close()
