"""Search end to end: the whole corpus imported, every manifest phrase found through the CLI,
Chinese in either script, numbers in tables, filters, history, and a damaged index repaired."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from repo_tool.cli import cli as cli_group
from repo_tool.ingest import scan
from repo_tool.ingest.importer import ImportResult, import_files
from repo_tool.repository import Repository
from tests.conftest import ACTOR, PROJECT, ManifestRow, bump_mtime, manifest_rows, write

FIXTURES = PROJECT / "tests" / "fixtures"
CORPUS_DIR = "records/ycc/SQS-03 運作及活動記錄/corpus"
DEMO_PRIVACY = ("policies/ycc/SQS-14 私隱和保密/"
                "私隱及保密政策 Privacy and Confidentiality Policy.docx")


class Searcher:
    """`repo-tool search ... --json` against one repository."""

    def __init__(self, repo: Repository, imported: ImportResult | None = None) -> None:
        self.repo = repo
        self.imported = imported

    def run(self, *args: str) -> Result:
        return CliRunner().invoke(cli_group, ["search", *args, "--repo", str(self.repo.root)],
                                  catch_exceptions=False)

    def paths(self, *args: str) -> list[str]:
        result = self.run(*args, "--json", "--limit", "500")
        assert result.exit_code == 0, result.output
        return [hit["path"] for hit in json.loads(result.stdout)]


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Iterator[Searcher]:
    """The corpus, the search fixtures and the demo privacy policy in one repository."""
    root = tmp_path_factory.mktemp("search") / "repo"
    repo = Repository.init(root, "明德社會服務協會", "Ming Tak")
    repo.add_unit("ycc", "明德青少年中心", "Youth Centre", None, ACTOR)
    repo.add_unit("home", "明德兒童之家", "Children's Home", None, ACTOR)
    imported = import_files(repo, [corpus], "ycc", "record", (3,), ACTOR)
    import_files(repo, sorted(FIXTURES.glob("*.docx")) + sorted(FIXTURES.glob("*.pdf")),
                 "home", "record", (6,), ACTOR)
    privacy = root / DEMO_PRIVACY
    privacy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(PROJECT / DEMO_PRIVACY, privacy)
    scan(repo, ACTOR)
    yield Searcher(repo, imported)
    repo.close()


def test_every_manifest_phrase_is_found_as_a_phrase(searcher: Searcher,
                                                    manifest_phrase: ManifestRow) -> None:
    found = searcher.paths(f'"{manifest_phrase.expect_phrase}"')
    assert f"{CORPUS_DIR}/{manifest_phrase.relpath}" in found


def test_broken_files_are_kept_and_listed_with_their_reason(searcher: Searcher,
                                                            corpus: Path) -> None:
    imported = searcher.imported
    assert imported is not None
    reasons = {path.rsplit("/", 1)[-1]: reason for path, _status, reason
               in imported.result.no_text}
    for name in ("derived__zero-byte.docx", "derived__zen_of_python.truncated-60pct.docx",
                 "word-extractor__badfile-01-bad-header.doc"):
        assert reasons.get(name), f"{name} was not listed with a reason"
    # a Word 97 file renamed .docx is read now, not listed (issue 24)
    assert "derived__test05-binary-doc-renamed.docx" not in reasons
    encrypted = [row.relpath.rsplit("/", 1)[-1] for row in manifest_rows(corpus)
                 if "encrypted" in row.notes and not row.expect_phrase]
    assert encrypted and all(reasons.get(name) for name in encrypted)
    assert len(imported.copied) == 155


def test_privacy_in_either_script_finds_both_scripts(searcher: Searcher) -> None:
    traditional = searcher.paths("私隱")
    simplified = searcher.paths("私隐")
    assert DEMO_PRIVACY in traditional
    assert any(path.endswith("privacy-simplified.docx") for path in traditional)
    assert sorted(traditional) == sorted(simplified)


def test_a_phrase_printed_one_glyph_per_line_is_found(searcher: Searcher) -> None:
    assert any(path.endswith("sqs-vertical.pdf") for path in searcher.paths("服務質素標準"))
    assert any(path.endswith("sqs-vertical.pdf") for path in searcher.paths("服务质素标准"))


@pytest.mark.parametrize("number", ["1 838", '"1 838"', "316,877"])
def test_numbers_in_text_and_tables_are_found(searcher: Searcher, number: str) -> None:
    found = searcher.paths(number)
    assert any(path.endswith("spmis-2018.docx") for path in found)
    assert any(path.endswith("spmis-2018.pdf") for path in found)


def test_a_word_in_no_document_finds_nothing(searcher: Searcher) -> None:
    assert searcher.paths("qwzxjvk") == []
    result = searcher.run("qwzxjvk")
    assert (result.exit_code, result.output) == (0, "no documents match\n")


def test_filters_narrow_the_hits(searcher: Searcher) -> None:
    everywhere = searcher.paths("私隱")
    assert searcher.paths("私隱", "--unit", "home") == [
        path for path in everywhere if path.startswith("records/home/")]
    assert searcher.paths("私隱", "--kind", "policy") == [DEMO_PRIVACY]
    assert searcher.paths("私隱", "--sqs", "14") == [DEMO_PRIVACY]
    assert searcher.paths("私隱", "--since", "2999-01-01") == []


def test_terminal_output_shows_path_unit_sqs_version_and_snippet(searcher: Searcher) -> None:
    result = searcher.run('"1 838"')
    assert result.exit_code == 0
    lines = result.output.splitlines()
    header = next(line for line in lines if "spmis-2018.docx" in line)
    assert "[home · SQS 6 · v1 · " in header
    assert any("1 838 個服務單位" in line for line in lines)


def test_unknown_unit_and_empty_query_are_one_line_errors(searcher: Searcher) -> None:
    result = searcher.run("私隱", "--unit", "u9")
    assert result.exit_code == 1 and result.output.startswith("error: unit 'u9' is not in")
    empty = searcher.run("  ")
    assert empty.exit_code != 0 and empty.output.startswith("error: ")


def test_only_current_versions_unless_all_versions(tmp_path: Path) -> None:
    repo = Repository.init(tmp_path / "repo", "明德", "Ming Tak")
    note = write(repo.root / "records/agency/會議記錄.txt", "第一稿 討論投訴機制 complaints")
    scan(repo, ACTOR)
    note.write_text("第二稿 討論閉路電視 CCTV", encoding="utf-8")
    bump_mtime(note, -30)
    scan(repo, ACTOR)
    searcher = Searcher(repo)
    assert searcher.paths("complaints") == []
    assert searcher.paths("CCTV") == ["records/agency/會議記錄.txt"]
    old = json.loads(searcher.run("投訴機制", "--all-versions", "--json").stdout)
    assert [(hit["path"], hit["version"], hit["current"]) for hit in old] == [
        ("records/agency/會議記錄.txt", 1, False)]
    note.unlink()
    scan(repo, ACTOR)
    assert searcher.paths("CCTV") == []
    assert searcher.paths("CCTV", "--all-versions") == ["records/agency/會議記錄.txt"]


def test_moves_and_tags_are_seen_by_search(tmp_path: Path) -> None:
    repo = Repository.init(tmp_path / "repo", "明德", "Ming Tak")
    write(repo.root / "records/agency/plan.txt", "年度計劃 annual plan")
    scan(repo, ACTOR)
    os.rename(repo.root / "records/agency/plan.txt", repo.root / "records/agency/SQS-06 計劃.txt")
    scan(repo, ACTOR)
    searcher = Searcher(repo)
    assert searcher.paths("annual", "--sqs", "6") == ["records/agency/SQS-06 計劃.txt"]
    repo.tag("records/agency/SQS-06 計劃.txt", (9,), ACTOR)
    assert searcher.paths("annual", "--sqs", "9") == ["records/agency/SQS-06 計劃.txt"]
    assert searcher.paths("annual", "--sqs", "6") == []


def test_damaged_index_is_one_line_and_reindex_repairs_it(tmp_path: Path) -> None:
    repo = Repository.init(tmp_path / "repo", "明德", "Ming Tak")
    write(repo.root / "records/agency/minutes.txt", "私隱政策檢討 privacy review")
    scan(repo, ACTOR)
    searcher = Searcher(repo)
    assert searcher.paths("私隱") == ["records/agency/minutes.txt"]
    engine_files = [p for p in (repo.root / "index").rglob("*") if p.is_file()
                    and p.name != "state.json" and p.stat().st_size > 0]
    assert engine_files
    for path in engine_files:
        path.write_bytes(b"\0garbage" * 64)
    broken = searcher.run("私隱")
    assert broken.exit_code == 1
    assert broken.output.startswith("error: ") and len(broken.output.splitlines()) == 1
    assert "repo-tool reindex" in broken.output
    fixed = CliRunner().invoke(cli_group, ["reindex", "--repo", str(repo.root)])
    assert fixed.exit_code == 0, fixed.output
    assert searcher.paths("私隱") == ["records/agency/minutes.txt"]


def test_missing_index_is_one_line_and_reindex_rebuilds_it(tmp_path: Path) -> None:
    repo = Repository.init(tmp_path / "repo", "明德", "Ming Tak")
    write(repo.root / "records/agency/minutes.txt", "閉路電視 CCTV")
    scan(repo, ACTOR)
    shutil.rmtree(repo.root / "index")
    result = Searcher(repo).run("CCTV")
    assert result.output == ("error: the search index is missing; run `repo-tool reindex` to "
                             "rebuild it\n")
    assert CliRunner().invoke(cli_group, ["reindex", "--repo", str(repo.root)]).exit_code == 0
    assert Searcher(repo).paths("CCTV") == ["records/agency/minutes.txt"]


def test_whoosh_engine_works_end_to_end(tmp_path: Path) -> None:
    repo = Repository.init(tmp_path / "repo", "明德", "Ming Tak")
    config = repo.root / "repo.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "search:\n  engine: whoosh\n",
                      encoding="utf-8")
    repo = Repository.open(repo.root)
    write(repo.root / "records/agency/a.txt", "個人資料私隱 personal data")
    write(repo.root / "records/agency/b.txt", "申訴 complaints")
    scan(repo, ACTOR)
    searcher = Searcher(repo)
    assert searcher.paths("私隐") == ["records/agency/a.txt"]
    assert searcher.paths("complaints") == ["records/agency/b.txt"]
    assert (repo.root / "index" / "whoosh").is_dir()
