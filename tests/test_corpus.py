"""The shared corpus of 153 real documents: every file stored and given back byte for byte."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

from repo_tool.repository import Repository
from tests.conftest import Cli


def manifest(corpus: Path) -> list[dict[str, str]]:
    with (corpus / "MANIFEST.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def test_whole_corpus_imports_verifies_and_shows_back_identical(
        repo: Repository, cli: Cli, corpus: Path, tmp_path: Path) -> None:
    rows = manifest(corpus)
    assert len(rows) == 153
    result = cli("import", str(corpus), "--unit", "ycc", "--sqs", "3")
    assert result.exit_code == 0, result.output
    assert "copied 155 file(s) into records/ycc/SQS-03 運作及活動記錄" in result.output

    listing = json.loads(cli("log", "--json", "--limit", "1000").output)
    assert len(listing) == 155

    out = tmp_path / "out"
    out.mkdir()
    for row in rows:
        relpath = f"records/ycc/SQS-03 運作及活動記錄/corpus/{row['relpath']}"
        target = out / hashlib.sha1(relpath.encode()).hexdigest()
        shown = cli("show", relpath, "-o", str(target))
        assert shown.exit_code == 0, shown.output
        got = hashlib.sha256(target.read_bytes()).hexdigest()
        assert got == row["sha256"], row["relpath"]
        assert got == hashlib.sha256((corpus / row["relpath"]).read_bytes()).hexdigest()
        document = repo.document(relpath)
        assert document.sqs == (3,) and document.sqs_source == "tag"

    verified = cli("verify", "--json")
    report = json.loads(verified.output)
    assert verified.exit_code == 0 and report["problems"] == [] and report["pending"] == []
    assert report["documents"] == 155

    rescan = cli("scan", "--json")
    assert json.loads(rescan.output)["unchanged"] == 155


def test_import_refuses_to_overwrite_and_copies_nothing(repo: Repository, cli: Cli,
                                                        corpus: Path) -> None:
    source = corpus / "docx" / "docx2python__comments.docx"
    assert cli("import", str(source), "--unit", "home").exit_code == 0
    again = cli("import", str(corpus / "docx"), str(source), "--unit", "home")
    assert again.exit_code == 1
    assert again.output.startswith("error: records/home/docx2python__comments.docx already "
                                   "exist(s); nothing was imported")
    assert not (repo.root / "records/home/docx").exists()


def test_import_into_an_unknown_unit_is_refused(repo: Repository, cli: Cli,
                                                corpus: Path) -> None:
    result = cli("import", str(corpus / "README.md"), "--unit", "u9")
    assert result.exit_code == 1
    assert result.output.startswith("error: unit 'u9' is not in repo.yaml")


def test_import_from_inside_the_store_is_refused(repo: Repository, cli: Cli) -> None:
    result = cli("import", str(repo.state / "objects"), "--unit", "ycc")
    assert result.exit_code == 2
    assert "inside the repository's own store (.repo/)" in result.output


def test_policy_import_goes_to_an_existing_sqs_folder(repo: Repository, cli: Cli,
                                                      corpus: Path) -> None:
    existing = repo.root / "policies/ycc/SQS-14 私隱 Privacy"
    existing.mkdir(parents=True)
    result = cli("import", str(corpus / "README.md"), "--unit", "ycc", "--kind", "policy",
                 "--sqs", "14")
    assert result.exit_code == 0, result.output
    assert (existing / "README.md").is_file()
    assert repo.document("policies/ycc/SQS-14 私隱 Privacy/README.md").kind == "policy"
