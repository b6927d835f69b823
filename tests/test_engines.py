"""One suite for every search engine: real index folders in tmp_path, no mocks."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from repo_tool.errors import Conflict, Locked
from repo_tool.search import (
    ENGINES,
    Engine,
    Filters,
    Glossary,
    IndexDoc,
    IndexUnusable,
    open_engine,
    parse_query,
)
from repo_tool.search._engine import MARKER

ALL = Filters(all_versions=True)
NOW = 1_700_000_000


def doc(key: int, text: str, *, path: str | None = None, unit: str = "ycc",
        kind: str = "record", sqs: tuple[int, ...] = (), modified: int = NOW,
        current: bool = True, document_id: int | None = None) -> IndexDoc:
    return IndexDoc(key=key, document_id=key if document_id is None else document_id,
                    path=path or f"records/{unit}/note-{key}.txt", unit=unit, kind=kind,
                    sqs=sqs, modified=modified, current=current, text=text)


@pytest.fixture(params=ENGINES)
def engine_name(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "index" / "engine"


@pytest.fixture
def engine(engine_name: str, folder: Path) -> Iterator[Engine]:
    opened = open_engine(engine_name, folder, create=True)
    yield opened
    opened.close()


def index(engine: Engine, *docs: IndexDoc) -> None:
    for item in docs:
        engine.add(item)
    engine.commit()


def keys(engine: Engine, text: str, filters: Filters = ALL, limit: int = 50) -> list[int]:
    return [hit.key for hit in engine.search(parse_query(text), filters, limit)]


def found(engine: Engine, text: str, filters: Filters = ALL) -> set[int]:
    return set(keys(engine, text, filters))


def test_every_term_must_match(engine: Engine) -> None:
    index(engine, doc(1, "privacy policy 私隱"), doc(2, "privacy review"), doc(3, "policy"))
    assert found(engine, "privacy policy") == {1}
    assert found(engine, "privacy") == {1, 2}
    assert found(engine, "privacy 私隱") == {1}
    assert found(engine, "nowhere") == set()


def test_a_glossary_term_also_finds_its_equivalents(engine: Engine) -> None:
    index(engine, doc(1, "本中心尊重私隱。"), doc(2, "Privacy notice"), doc(3, "閉路電視 私隱"),
          doc(4, "fire drill twice a year"), doc(5, "每年兩次走火演習"), doc(6, "fire safety"))
    glossary = Glossary([("privacy", "私隱"), ("CCTV", "閉路電視"), ("fire drill", "走火演習")])

    def hits(text: str) -> set[int]:
        return {hit.key for hit in engine.search(parse_query(text, glossary), ALL, 50)}

    assert hits("privacy") == {1, 2, 3}
    assert hits("私隱") == {1, 2, 3}
    assert hits("privacy cctv") == {3}
    assert hits("privacy -閉路電視") == {1, 2}
    assert hits("privacy -cctv") == {1, 2, 3}  # an exclusion is the word typed, nothing more
    assert hits("fire drill") == {4, 5}
    assert engine.count(parse_query("privacy", glossary), ALL) == 3


def test_a_chinese_phrase_is_found_only_when_its_characters_are_adjacent(engine: Engine) -> None:
    index(engine, doc(1, "本會訂立服務質素標準。"), doc(2, "服務使用者的質素及標準"),
          doc(3, "服\n務\n質\n素\n標\n準"))
    assert found(engine, "服務質素標準") == {1, 3}
    assert found(engine, "服務 標準") == {1, 2, 3}
    assert found(engine, '"质素 标准"') == {1, 3}


def test_either_script_finds_both(engine: Engine) -> None:
    index(engine, doc(1, "保障私隱"), doc(2, "保障私隐"))
    assert found(engine, "私隱") == found(engine, "私隐") == {1, 2}


def test_quoted_words_and_numbers_are_phrases(engine: Engine) -> None:
    index(engine, doc(1, "Annual review date: 1 838 units, 316,877 people"),
          doc(2, "the date of review; 838 units in 1 year; 877 of 316"))
    assert found(engine, '"review date"') == {1}
    assert found(engine, "review date") == {1, 2}
    assert found(engine, "1 838") == {1}
    assert found(engine, "316,877") == {1}
    assert found(engine, "ＳＱＳ１４") == set()


def test_excluded_terms_remove_documents(engine: Engine) -> None:
    index(engine, doc(1, "私隱 CCTV"), doc(2, "私隱 complaints"), doc(3, "私隱政策"))
    assert found(engine, "私隱 -cctv") == {2, 3}
    assert found(engine, '私隱 -"隱政策" -complaints') == {1}


def test_a_lone_chinese_character_matches_inside_words(engine: Engine) -> None:
    index(engine, doc(1, "鐘聲"), doc(2, "時鐘"), doc(3, "鐘"), doc(4, "時間"))
    assert found(engine, "鐘") == {1, 2, 3}


def test_words_of_the_file_path_match(engine: Engine) -> None:
    index(engine, doc(1, "", path="policies/ycc/SQS-12 投訴/Complaints Procedure.docx"),
          doc(2, "no complaint here", path="records/ycc/minutes.docx"))
    assert found(engine, "complaints") == {1}
    assert found(engine, "sqs-12 投訴 procedure") == {1}
    assert found(engine, "SQS12") == {1}


def test_filters_narrow_the_hits(engine: Engine) -> None:
    index(engine,
          doc(1, "review", unit="ycc", kind="policy", sqs=(2, 14), modified=NOW - 100),
          doc(2, "review", unit="home", kind="record", sqs=(6,), modified=NOW),
          doc(3, "review", unit="agency", kind="record", sqs=(), modified=NOW + 100),
          doc(4, "review", unit="ycc", kind="policy", sqs=(14,), current=False,
              modified=NOW - 500, document_id=1))
    assert found(engine, "review", Filters(units=("ycc",))) == {1}
    assert found(engine, "review", Filters(units=("ycc", "home"))) == {1, 2}
    assert found(engine, "review", Filters(sqs=(14, 6))) == {1, 2}
    assert found(engine, "review", Filters(kind="record")) == {2, 3}
    assert found(engine, "review", Filters(since=NOW)) == {2, 3}
    assert found(engine, "review", Filters()) == {1, 2, 3}
    assert found(engine, "review", Filters(all_versions=True)) == {1, 2, 3, 4}
    assert found(engine, "review", Filters(units=("ycc",), sqs=(14,), all_versions=True)) == {
        1, 4}


def test_documents_left_out_never_match_and_are_not_counted(engine: Engine) -> None:
    index(engine, doc(1, "privacy policy"), doc(2, "privacy form 2.01"),
          doc(3, "privacy form 2.01 old", current=False, document_id=2), doc(4, "privacy log"))
    query, mine = parse_query("privacy"), Filters(leave_out=(2,))
    scores = {hit.key: hit.score for hit in engine.search(query, Filters(), 10)}
    kept = engine.search(query, mine, 10)
    assert {hit.key for hit in kept} == {1, 4}
    assert {hit.key: hit.score for hit in kept} == pytest.approx({k: scores[k] for k in (1, 4)})
    assert engine.count(query, mine) == 2
    assert found(engine, "privacy", Filters(all_versions=True, leave_out=(2, 4))) == {1}
    assert found(engine, "form", mine) == set()
    assert engine.count(parse_query("form"), Filters(all_versions=True)) == 2


def test_filters_do_not_change_scores(engine: Engine) -> None:
    index(engine, doc(1, "privacy privacy policy", unit="ycc"), doc(2, "privacy", unit="home"))
    query = parse_query("privacy")
    unfiltered = {hit.key: hit.score for hit in engine.search(query, Filters(), 10)}
    filtered = engine.search(query, Filters(units=("ycc",), since=0), 10)
    assert [hit.key for hit in filtered] == [1]
    assert filtered[0].score == pytest.approx(unfiltered[1])


def test_deleted_versions_are_gone(engine: Engine) -> None:
    index(engine, doc(1, "私隱"), doc(2, "私隱"))
    engine.delete(1)
    engine.add(doc(3, "私隱"))
    engine.delete(3)  # added earlier in the same batch
    engine.commit()
    assert found(engine, "私隱") == {2}


def test_replacing_a_version_keeps_one_copy(engine: Engine) -> None:
    index(engine, doc(1, "old text", current=True))
    engine.delete(1)
    engine.add(doc(1, "old text", current=False))
    engine.commit()
    assert keys(engine, "old") == [1]
    assert keys(engine, "old", Filters()) == []


def test_more_occurrences_rank_higher(engine: Engine) -> None:
    index(engine, doc(1, "privacy filler words here and more"),
          doc(2, "privacy filler privacy here privacy more"),
          doc(3, "privacy privacy words here and more"))
    assert keys(engine, "privacy") == [2, 3, 1]


def test_equal_relevance_lists_the_most_recent_first(engine: Engine) -> None:
    index(engine, *(doc(key, "same words 私隱", modified=NOW + key * 7 % 40)
                    for key in range(40)))
    hits = engine.search(parse_query("私隱"), ALL, 5)
    assert [hit.modified for hit in hits] == sorted((NOW + key * 7 % 40 for key in range(40)),
                                                    reverse=True)[:5]
    assert len({hit.score for hit in hits}) == 1


def test_count_is_every_match_not_just_the_page(engine: Engine) -> None:
    index(engine, *(doc(key, f"minutes {key}", current=key % 2 == 0) for key in range(30)))
    assert engine.count(parse_query("minutes"), ALL) == 30
    assert engine.count(parse_query("minutes"), Filters()) == 15
    assert len(engine.search(parse_query("minutes"), ALL, 10)) == 10
    assert engine.count(parse_query("minutes"), ALL) == 30  # right after a search, too
    assert engine.count(parse_query("minutes"), Filters()) == 15
    assert engine.search(parse_query("minutes"), ALL, 0) == []


def test_reopening_sees_what_was_committed_and_not_the_rest(engine_name: str,
                                                           folder: Path) -> None:
    first = open_engine(engine_name, folder, create=True)
    index(first, doc(1, "committed"))
    first.add(doc(2, "committed but not really"))
    first.close()
    again = open_engine(engine_name, folder, create=False)
    try:
        assert keys(again, "committed") == [1]
        index(again, doc(3, "committed later"))
        assert found(again, "committed") == {1, 3}
    finally:
        again.close()


def test_a_reader_sees_commits_made_before_it_opened(engine: Engine, engine_name: str,
                                                    folder: Path) -> None:
    index(engine, doc(1, "visible"))
    reader = open_engine(engine_name, folder, create=False)
    try:
        assert keys(reader, "visible") == [1]
    finally:
        reader.close()


def test_a_second_writer_is_told_the_index_is_locked(engine: Engine, engine_name: str,
                                                    folder: Path) -> None:
    engine.add(doc(1, "first writer"))
    other = open_engine(engine_name, folder, create=False)
    try:
        with pytest.raises(Locked, match="another process is writing the search index"):
            other.add(doc(2, "second writer"))
    finally:
        other.close()


def test_create_replaces_an_old_index(engine: Engine, engine_name: str, folder: Path) -> None:
    index(engine, doc(1, "old"))
    engine.close()
    fresh = open_engine(engine_name, folder, create=True)
    try:
        assert fresh.count(parse_query("old"), ALL) == 0
    finally:
        fresh.close()


def test_create_refuses_a_folder_holding_other_files(engine_name: str, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(Conflict, match="not empty"):
        open_engine(engine_name, tmp_path, create=True)
    assert (tmp_path / "notes.txt").exists()


def assert_one_line_saying_reindex(error: IndexUnusable) -> None:
    message = str(error)
    assert "\n" not in message
    assert "run `repo-tool reindex`" in message


def test_a_missing_index_says_to_reindex(engine_name: str, folder: Path) -> None:
    with pytest.raises(IndexUnusable, match="missing") as caught:
        open_engine(engine_name, folder, create=False)
    assert_one_line_saying_reindex(caught.value)


def test_an_index_from_another_version_says_to_reindex(engine: Engine, engine_name: str,
                                                       folder: Path) -> None:
    index(engine, doc(1, "text"))
    engine.close()
    marker = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    (folder / MARKER).write_text(json.dumps({**marker, "schema": 0}), encoding="utf-8")
    with pytest.raises(IndexUnusable, match="another version") as caught:
        open_engine(engine_name, folder, create=False)
    assert_one_line_saying_reindex(caught.value)


def engine_files(folder: Path) -> list[Path]:
    """The engine's own files, largest first (not our marker, not empty lock files)."""
    files = [path for path in folder.iterdir()
             if path.is_file() and path.name != MARKER and path.stat().st_size > 0]
    return sorted(files, key=lambda path: (-path.stat().st_size, path.name))


@pytest.mark.parametrize("damage", ["truncate", "overwrite"])
@pytest.mark.parametrize("which", ["largest", "every"])
def test_a_damaged_index_file_says_to_reindex(engine: Engine, engine_name: str, folder: Path,
                                              damage: str, which: str) -> None:
    for batch in range(3):
        index(engine, *(doc(batch * 50 + key, f"私隱政策 privacy {key} " * 30)
                        for key in range(50)))
    engine.close()
    files = engine_files(folder)
    assert files
    for path in files[:1] if which == "largest" else files:
        size = path.stat().st_size
        if damage == "truncate":
            os.truncate(path, size // 2)
        else:
            path.write_bytes(b"\0garbage" * (size // 8 + 1))
    with pytest.raises(IndexUnusable, match="damaged") as caught:
        reader = open_engine(engine_name, folder, create=False)
        try:  # damage some engines only notice when reading postings
            reader.search(parse_query("私隱 privacy"), ALL, 10)
            reader.count(parse_query("privacy"), ALL)
        finally:
            reader.close()
    assert_one_line_saying_reindex(caught.value)


def test_a_damaged_marker_says_to_reindex(engine: Engine, engine_name: str,
                                          folder: Path) -> None:
    index(engine, doc(1, "text"))
    engine.close()
    (folder / MARKER).write_bytes(b"\0garbage")
    with pytest.raises(IndexUnusable, match="damaged") as caught:
        open_engine(engine_name, folder, create=False)
    assert_one_line_saying_reindex(caught.value)
