"""Scanning: what becomes a version, a move, a deletion, and what is skipped with a reason."""

from __future__ import annotations

import hashlib
import os
import unicodedata
from pathlib import Path

import pytest

from repo_tool.ingest import scan
from repo_tool.ingest.scanner import Scanner
from repo_tool.repository import Repository
from tests.conftest import ACTOR, bump_mtime, write

POLICY = "policies/ycc/SQS-14 私隱和保密/私隱政策 Privacy Policy.docx"


def versions_of(repo: Repository, relpath: str) -> list[bytes]:
    document = repo.document(relpath)
    out = []
    for version in repo.catalog.versions(document.id):
        with repo.objects.open(version.sha256) as blob:
            out.append(blob.read())
    return out


def test_new_file_is_version_one_with_unit_kind_and_sqs_from_its_path(repo: Repository) -> None:
    write(repo.root / POLICY, "私隱 v1")
    result = scan(repo, ACTOR)
    assert result.new == [POLICY]
    document = repo.document(POLICY)
    assert (document.unit, document.kind, document.sqs, document.versions) == (
        "ycc", "policy", (14,), 1)


@pytest.mark.parametrize("folder", ["SQS14", "SQS-14", "sqs_14", "SQS 14 私隱", "Sqs-014"])
def test_sqs_number_is_read_from_any_common_folder_spelling(repo: Repository,
                                                            folder: str) -> None:
    write(repo.root / "records/home" / folder / "register.txt", "x")
    scan(repo, ACTOR)
    assert repo.document(f"records/home/{folder}/register.txt").sqs == (14,)


def test_edit_records_a_new_version_and_keeps_the_old_bytes(repo: Repository) -> None:
    path = write(repo.root / POLICY, "first")
    scan(repo, ACTOR)
    path.write_text("second", encoding="utf-8")
    bump_mtime(path, 5)
    result = scan(repo, ACTOR)
    assert result.changed == [POLICY]
    assert versions_of(repo, POLICY) == [b"first", b"second"]


def test_unchanged_rescan_records_nothing_and_writes_no_audit_entry(repo: Repository) -> None:
    write(repo.root / POLICY, "same")
    scan(repo, ACTOR)
    entries = len(list(repo.catalog.audit_entries()))
    result = scan(repo, ACTOR)
    assert not result.recorded_anything
    assert result.unchanged == 1
    assert len(list(repo.catalog.audit_entries())) == entries


def test_touched_file_with_same_bytes_is_not_a_new_version(repo: Repository) -> None:
    path = write(repo.root / POLICY, "same")
    scan(repo, ACTOR)
    bump_mtime(path, 30)
    result = scan(repo, ACTOR)
    assert result.changed == [] and repo.document(POLICY).versions == 1


def test_atomic_save_is_one_new_version(repo: Repository) -> None:
    path = write(repo.root / POLICY, "original")
    scan(repo, ACTOR)
    temp = write(path.with_name("~WRD0001.tmp"), "saved by Word")
    os.replace(temp, path)
    result = scan(repo, ACTOR)
    assert result.changed == [POLICY] and result.new == [] and result.deleted == []
    assert versions_of(repo, POLICY) == [b"original", b"saved by Word"]


def test_office_lock_and_temp_files_never_become_documents(repo: Repository) -> None:
    folder = repo.root / "policies/ycc"
    for name in ["~$私隱政策.docx", ".~lock.policy.docx#", "~WRD1234.tmp", "x.tmp", ".DS_Store",
                 "Thumbs.db", "desktop.ini", "old.bak"]:
        write(folder / name, "junk")
    write(folder / "real.docx", "real")
    result = scan(repo, ACTOR)
    assert result.new == ["policies/ycc/real.docx"] and result.skipped == []


def test_move_keeps_history(repo: Repository) -> None:
    old = write(repo.root / POLICY, "v1")
    scan(repo, ACTOR)
    old.write_text("v2", encoding="utf-8")
    bump_mtime(old, 5)
    scan(repo, ACTOR)
    new = repo.root / "policies/ycc/SQS-15 申訴/moved.docx"
    new.parent.mkdir(parents=True)
    os.rename(old, new)
    result = scan(repo, ACTOR)
    assert result.moved == [(POLICY, "policies/ycc/SQS-15 申訴/moved.docx")]
    assert result.new == [] and result.deleted == []
    moved = repo.document("policies/ycc/SQS-15 申訴/moved.docx")
    assert moved.versions == 2 and moved.sqs == (15,)
    assert repo.catalog.document(POLICY) is None


def test_move_to_another_unit_changes_the_unit(repo: Repository) -> None:
    old = write(repo.root / "records/ycc/minutes.docx", "minutes")
    scan(repo, ACTOR)
    (repo.root / "records/home").mkdir(exist_ok=True)
    os.rename(old, repo.root / "records/home/minutes.docx")
    scan(repo, ACTOR)
    assert repo.document("records/home/minutes.docx").unit == "home"


def test_case_only_rename_keeps_history(repo: Repository) -> None:
    old = write(repo.root / "policies/ycc/Complaints.docx", "c1")
    scan(repo, ACTOR)
    os.rename(old, repo.root / "policies/ycc/complaints.docx")
    result = scan(repo, ACTOR)
    assert result.moved == [("policies/ycc/Complaints.docx", "policies/ycc/complaints.docx")]
    assert repo.document("policies/ycc/complaints.docx").versions == 1


def test_case_only_rename_with_an_edit_keeps_history_and_adds_a_version(
        repo: Repository) -> None:
    old = write(repo.root / "policies/ycc/Complaints.docx", "c1")
    scan(repo, ACTOR)
    old.unlink()
    write(repo.root / "policies/ycc/COMPLAINTS.docx", "c2")
    scan(repo, ACTOR)
    assert versions_of(repo, "policies/ycc/COMPLAINTS.docx") == [b"c1", b"c2"]


def test_deleted_file_is_marked_and_its_versions_kept(repo: Repository) -> None:
    path = write(repo.root / POLICY, "keep me")
    scan(repo, ACTOR)
    path.unlink()
    result = scan(repo, ACTOR)
    assert result.deleted == [POLICY]
    document = repo.document(POLICY)
    assert document.status == "deleted"
    assert versions_of(repo, POLICY) == [b"keep me"]


def test_file_that_comes_back_after_deletion_continues_its_history(repo: Repository) -> None:
    path = write(repo.root / POLICY, "one")
    scan(repo, ACTOR)
    path.unlink()
    scan(repo, ACTOR)
    write(path, "two")
    result = scan(repo, ACTOR)
    assert result.reappeared == [POLICY] and result.changed == [POLICY]
    assert versions_of(repo, POLICY) == [b"one", b"two"]
    assert repo.document(POLICY).status == "present"


def test_copy_of_a_file_is_a_new_document_sharing_one_blob(repo: Repository) -> None:
    write(repo.root / POLICY, "shared bytes")
    scan(repo, ACTOR)
    write(repo.root / "policies/home/copy.docx", "shared bytes")
    result = scan(repo, ACTOR)
    assert result.new == ["policies/home/copy.docx"] and result.moved == []
    assert len(list(repo.objects.all_blobs())) == 1


def test_zero_byte_file_is_recorded(repo: Repository) -> None:
    write(repo.root / "records/ycc/empty.docx", b"")
    scan(repo, ACTOR)
    version = repo.version(repo.document("records/ycc/empty.docx"))
    assert version.size == 0 and version.sha256 == hashlib.sha256(b"").hexdigest()


def test_unicode_names_are_stored_nfc_whatever_the_disk_says(repo: Repository) -> None:
    nfd = unicodedata.normalize("NFD", "Café 私隱 policy.docx")
    write(repo.root / "policies/ycc" / nfd, "accented")
    result = scan(repo, ACTOR)
    assert result.new == ["policies/ycc/Café 私隱 policy.docx"]
    assert unicodedata.is_normalized("NFC", result.new[0])
    assert scan(repo, ACTOR).unchanged == 1


def test_names_differing_only_in_unicode_form_are_not_confused(repo: Repository) -> None:
    folder = repo.root / "policies/ycc"
    write(folder / unicodedata.normalize("NFC", "é.txt"), "composed")
    write(folder / unicodedata.normalize("NFD", "é.txt"), "decomposed")
    result = scan(repo, ACTOR)
    assert len(result.new) == 1
    assert [s.reason for s in result.skipped] == [
        "another file in the same folder has the same name in a different Unicode form; "
        "rename one"]


def test_symlink_pointing_outside_is_reported_and_not_followed(repo: Repository,
                                                               tmp_path: Path) -> None:
    secret = write(tmp_path / "outside" / "secret.txt", "not ours")
    (repo.root / "records/ycc").mkdir(exist_ok=True)
    os.symlink(secret, repo.root / "records/ycc/link.txt")
    os.symlink(secret.parent, repo.root / "records/ycc/linked-folder")
    result = scan(repo, ACTOR)
    assert result.new == []
    reasons = {s.path: s.reason for s in result.skipped}
    assert reasons == {
        "records/ycc/link.txt": "is a symbolic link; links are not followed",
        "records/ycc/linked-folder": "is a symbolic link; links are not followed"}
    assert not any(repo.objects.all_blobs())


def test_fifo_is_skipped_without_blocking(repo: Repository) -> None:
    (repo.root / "records/ycc").mkdir(exist_ok=True)
    os.mkfifo(repo.root / "records/ycc/pipe.docx")
    result = scan(repo, ACTOR)
    assert [(s.path, s.reason) for s in result.skipped] == [
        ("records/ycc/pipe.docx", "is not a regular file (a pipe, device or socket)")]


def test_folder_named_like_a_document_is_a_folder(repo: Repository) -> None:
    write(repo.root / "policies/ycc/old.docx/inner.txt", "inside")
    result = scan(repo, ACTOR)
    assert result.new == ["policies/ycc/old.docx/inner.txt"]


def test_file_outside_any_registered_unit_is_reported_not_guessed(repo: Repository) -> None:
    write(repo.root / "policies/stray.docx", "x")
    write(repo.root / "records/u9/minutes.docx", "x")
    result = scan(repo, ACTOR)
    assert result.new == []
    reasons = {s.path: s.reason for s in result.skipped}
    assert "not inside a unit folder" in reasons["policies/stray.docx"]
    assert "`repo-tool unit add u9" in reasons["records/u9/minutes.docx"]


def test_file_that_vanishes_mid_scan_is_reported_and_the_scan_finishes(
        repo: Repository) -> None:
    write(repo.root / "records/ycc/a.txt", "a")
    doomed = write(repo.root / "records/ycc/z.txt", "z")

    def remove_z(done: int, total: int, item: str) -> None:
        if item.endswith("a.txt"):
            doomed.unlink()

    with repo.writing("scan", ACTOR) as session:
        result = Scanner(session, repo.config).run(remove_z)
    assert result.new == ["records/ycc/a.txt"]
    assert [(s.path, s.reason) for s in result.skipped] == [
        ("records/ycc/z.txt", "vanished before it could be read")]


def test_files_and_folders_are_created_private(repo: Repository) -> None:
    write(repo.root / POLICY, "x")
    scan(repo, ACTOR)
    assert (repo.state.stat().st_mode & 0o777) == 0o700
    (blob,) = list(repo.objects.all_blobs())
    assert (repo.objects.path_for(blob).stat().st_mode & 0o777) == 0o600
    assert (repo.state / "catalog.sqlite").stat().st_mode & 0o077 == 0
