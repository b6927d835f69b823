"""History: log, show and restore give back every version byte for byte."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from repo_tool.ingest import scan
from repo_tool.ingest.restore import restore
from repo_tool.repository import Repository
from tests.conftest import ACTOR, Cli, bump_mtime, write

DOC = "records/ycc/SQS-15 申訴/投訴記錄 Complaints register.docx"


def edit(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    bump_mtime(path, 5)


def three_versions(repo: Repository) -> Path:
    path = write(repo.root / DOC, "v1")
    scan(repo, ACTOR)
    for text in ("v2", "v3"):
        edit(path, text)
        scan(repo, ACTOR)
    return path


def test_restore_round_trip_writes_old_bytes_back_as_a_new_version(repo: Repository) -> None:
    path = three_versions(repo)
    done = restore(repo, DOC, 1, ACTOR)
    assert path.read_text(encoding="utf-8") == "v1"
    assert (done.version.number, done.version.note) == (4, "restored from version 1")
    assert repo.document(DOC).versions == 4


def test_restore_first_records_unsaved_changes_so_nothing_is_lost(repo: Repository) -> None:
    path = three_versions(repo)
    edit(path, "edited but never scanned")
    done = restore(repo, DOC, 2, ACTOR)
    assert done.recorded_first is not None and done.recorded_first.number == 4
    assert path.read_text(encoding="utf-8") == "v2"
    versions = repo.catalog.versions(repo.document(DOC).id)
    with repo.objects.open(versions[3].sha256) as blob:
        assert blob.read() == b"edited but never scanned"


def test_restore_brings_back_a_deleted_file(repo: Repository) -> None:
    path = three_versions(repo)
    path.unlink()
    scan(repo, ACTOR)
    restore(repo, DOC, 3, ACTOR)
    assert path.read_text(encoding="utf-8") == "v3"
    assert repo.document(DOC).status == "present"


def test_restore_of_current_content_is_refused_with_a_reason(repo: Repository, cli: Cli) -> None:
    three_versions(repo)
    result = cli("restore", DOC, "--version", "3")
    assert result.exit_code == 1
    assert result.output.strip() == (f"error: '{DOC}' already holds the bytes of version 3 (it is "
                                     "version 3); nothing to restore")


def test_show_writes_the_exact_bytes_of_any_version(repo: Repository, cli: Cli,
                                                    tmp_path: Path) -> None:
    three_versions(repo)
    for number in (1, 2, 3):
        out = tmp_path / f"v{number}.docx"
        result = cli("show", DOC, "--version", str(number), "-o", str(out))
        assert result.exit_code == 0, result.output
        assert out.read_bytes() == f"v{number}".encode()


def test_show_refuses_to_overwrite_without_force(repo: Repository, cli: Cli,
                                                 tmp_path: Path) -> None:
    three_versions(repo)
    out = write(tmp_path / "mine.docx", "precious")
    result = cli("show", DOC, "-o", str(out))
    assert result.exit_code == 1 and "already exists" in result.output
    assert out.read_text(encoding="utf-8") == "precious"
    assert cli("show", DOC, "-o", str(out), "--force").exit_code == 0
    assert out.read_text(encoding="utf-8") == "v3"


def test_show_to_stdout_gives_raw_bytes(repo: Repository, cli: Cli) -> None:
    three_versions(repo)
    result = cli("show", DOC, "--version", "2", "-o", "-")
    assert result.stdout_bytes == b"v2"


def test_show_unknown_version_names_the_range(repo: Repository, cli: Cli) -> None:
    three_versions(repo)
    result = cli("show", DOC, "--version", "9")
    assert result.exit_code == 1
    assert "has no version 9; it has versions 1 to 3" in result.output


def test_log_json_lists_versions_and_events(repo: Repository, cli: Cli) -> None:
    path = three_versions(repo)
    os.rename(path, path.with_name("renamed.docx"))
    scan(repo, ACTOR)
    result = cli("log", str(path.with_name("renamed.docx")), "--json")
    data = json.loads(result.output)
    assert [v["number"] for v in data["versions"]] == [1, 2, 3]
    assert [e["kind"] for e in data["events"]] == ["moved"]
    assert data["events"][0]["detail"]["from"] == DOC
    assert data["document"]["sqs"] == [15]


def test_log_of_the_repository_shows_latest_versions_first(repo: Repository, cli: Cli) -> None:
    three_versions(repo)
    result = cli("log", "--json", "--limit", "2")
    assert [v["number"] for v in json.loads(result.output)] == [3, 2]
    text = cli("log").output
    assert text.splitlines()[0].endswith(DOC) and " v3 " in text.splitlines()[0]


def test_path_can_be_given_relative_to_the_current_folder(
        repo: Repository, monkeypatch: pytest.MonkeyPatch) -> None:
    three_versions(repo)
    monkeypatch.chdir(repo.root / "records/ycc")
    assert repo.document("SQS-15 申訴/投訴記錄 Complaints register.docx").path == DOC
