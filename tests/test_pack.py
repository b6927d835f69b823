"""`repo-tool pack`: real files, a real zip, real LibreOffice and pypdf; nothing mocked."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from repo_tool.generate.pack import BINDER, MANIFEST, SUMS, check_pack, readiness_rows
from repo_tool.generate.pack._names import MAX_PATH, NamePicker, clean
from repo_tool.repository import Repository
from tests.conftest import PROJECT, Cli, write
from tests.paper_checks import docx_words, save_pages, split_words


@pytest.fixture
def demo(tmp_path: Path) -> Cli:
    """The project's demo repository, copied into tmp and scanned."""
    root = tmp_path / "demo"
    root.mkdir()
    shutil.copy(PROJECT / "repo.yaml", root)
    for folder in ("policies", "records"):
        shutil.copytree(PROJECT / folder, root / folder,
                        ignore=shutil.ignore_patterns("generated"))
    run = Cli(root)
    scanned = run("scan")
    assert scanned.exit_code == 0, scanned.output
    return run


def manifest_rows(pack: Path) -> list[dict[str, str]]:
    with zipfile.ZipFile(pack) as archive:
        text = archive.read(MANIFEST).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def catalog_sha(root: Path, source: str, number: str) -> str:
    repo = Repository.open(root)
    try:
        document = repo.document(source)
        return repo.version(document, int(number)).sha256
    finally:
        repo.close()


def rewrite_with_one_byte_flipped(pack: Path, member: str) -> None:
    """Rewrite the zip with `member`'s first byte changed (a valid zip, wrong content)."""
    altered = pack.with_suffix(".altered.zip")
    with zipfile.ZipFile(pack) as source, zipfile.ZipFile(altered, "w") as dest:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == member:
                data = bytes([data[0] ^ 0xFF]) + data[1:]
            dest.writestr(info, data)
    altered.replace(pack)


def test_demo_pack_matches_the_catalog_and_checks_clean(demo: Cli, tmp_path: Path) -> None:
    out = tmp_path / "out" / "ycc.zip"
    result = demo("pack", "--unit", "ycc", "--out", str(out), "--by", "Officer")
    assert result.exit_code == 0, result.output
    rows = manifest_rows(out)
    assert rows
    for row in rows:
        assert row["sha256"] == catalog_sha(demo.root, row["source_path"], row["version"])
        assert row["path_in_pack"].startswith(f"SQS-{int(row['sqs']):02d} ")
    checked = demo("pack", "--check", str(out))
    assert checked.exit_code == 0, checked.output
    # SHA256SUMS is in sha256sum's format
    work = tmp_path / "unpacked"
    with zipfile.ZipFile(out) as archive:
        archive.extractall(work)
        names = archive.namelist()
    assert "00 封面 Cover.docx" in names and "00 封面 Cover.pdf" in names
    done = subprocess.run(["sha256sum", "-c", "--quiet", SUMS], cwd=work, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_flipping_one_byte_makes_check_fail_naming_the_file(demo: Cli, tmp_path: Path) -> None:
    out = tmp_path / "ycc.zip"
    assert demo("pack", "--unit", "ycc", "--out", str(out)).exit_code == 0
    victim = manifest_rows(out)[0]["path_in_pack"]
    rewrite_with_one_byte_flipped(out, victim)
    result = demo("pack", "--check", str(out))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert any(line.startswith(victim + ":") for line in lines), result.output
    assert len(check_pack(out)) == 2  # SHA256SUMS and MANIFEST.csv both disagree


def test_corpus_unit_pack_names_intact_and_check_passes(repo: Repository, cli: Cli,
                                                        corpus: Path, tmp_path: Path) -> None:
    imported = cli("import", str(corpus), "--unit", "ycc", "--sqs", "3")
    assert imported.exit_code == 0, imported.output
    out = tmp_path / "corpus.zip"
    result = cli("pack", "--unit", "ycc", "--sqs", "3", "--out", str(out))
    assert result.exit_code == 0, result.output
    rows = manifest_rows(out)
    assert len(rows) == len([d for d in repo.catalog.documents("ycc") if 3 in d.sqs]) >= 153
    for row in rows:
        assert row["sha256"] == catalog_sha(repo.root, row["source_path"], row["version"])
        assert len(row["path_in_pack"]) <= MAX_PATH
    assert check_pack(out) == []
    listing = subprocess.run(["unzip", "-l", str(out)], capture_output=True, text=True,
                             check=True, env={"LC_ALL": "C.UTF-8"}).stdout
    assert "SQS-03 運作及活動記錄 Operational and activity records/" in listing
    with zipfile.ZipFile(out) as archive:
        for info in archive.infolist():
            assert info.flag_bits & 0x800 or info.filename.isascii()
    rewrite_with_one_byte_flipped(out, rows[5]["path_in_pack"])
    problems = check_pack(out)
    assert problems and all(p.startswith(rows[5]["path_in_pack"] + ":") for p in problems)


def test_binder_has_a_bookmark_per_sqs_and_per_document(demo: Cli, tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "binder.zip"
    result = demo("pack", "--unit", "ycc", "--sqs", "2,14-15", "--pdf", "--out", str(out))
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        (tmp_path / "binder.pdf").write_bytes(archive.read(BINDER))
    rows = manifest_rows(out)
    reader = PdfReader(str(tmp_path / "binder.pdf"))
    outline = reader.outline
    top = [item for item in outline if not isinstance(item, list)]
    assert [str(item.title).split()[:2] for item in top] == [["SQS", "2"], ["SQS", "14"],
                                                        ["SQS", "15"]]
    children = [item for item in outline if isinstance(item, list)]
    for number, kids in zip(("2", "14", "15"), children, strict=True):
        expected = [r["path_in_pack"].split("/", 1)[1] for r in rows if r["sqs"] == number]
        assert [kid.title for kid in kids if not isinstance(kid, list)] == expected
        assert len(kids) == len(expected)
    first_page = subprocess.run(["pdftotext", "-l", "1", str(tmp_path / "binder.pdf"), "-"],
                                capture_output=True, text=True, check=True).stdout
    assert "Ming Tak Sha Tin Integrated Children and Youth Services Centre" in first_page
    assert "私隱和保密" in first_page and "Privacy and" in first_page
    assert check_pack(out) == []


def test_binder_lists_what_it_cannot_convert_on_the_divider(repo: Repository, cli: Cli,
                                                            corpus: Path,
                                                            tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    for name in ("pdf/paperless__encrypted.pdf", "docx/derived__zen_of_python."
                 "truncated-60pct.docx", "docx/docx2python__example.docx"):
        shutil.copy(corpus / name, source / Path(name).name)
    write(source / "photo.jpg", b"\xff\xd8\xff\xe0 not much of a photo")
    imported = cli("import", str(source), "--unit", "home", "--sqs", "16")
    assert imported.exit_code == 0, imported.output  # unreadable files are kept, not skipped
    out = tmp_path / "home.zip"
    result = cli("pack", "--unit", "home", "--sqs", "16", "--pdf", "--out", str(out))
    assert result.exit_code == 0, result.output
    left_out = [line for line in result.output.splitlines()
                if line.startswith("not in the binder:")]
    assert len(left_out) == 3, result.output
    for name in ("paperless__encrypted.pdf", "truncated-60pct.docx", "photo.jpg"):
        assert any(name in line for line in left_out)
    with zipfile.ZipFile(out) as archive:
        (tmp_path / "b.pdf").write_bytes(archive.read(BINDER))
    divider = subprocess.run(["pdftotext", "-f", "2", "-l", "2", str(tmp_path / "b.pdf"), "-"],
                             capture_output=True, text=True, check=True).stdout
    assert "photo.jpg" in divider and "encrypted" in divider


def set_recorded_at(root: Path, path: str, number: int, when: str) -> None:
    db = sqlite3.connect(root / ".repo" / "catalog.sqlite")
    with db:
        db.execute("UPDATE versions SET recorded_at = ? WHERE number = ? AND document_id = "
                   "(SELECT id FROM documents WHERE path = ?)", (when, number, path))
    db.close()


def test_as_of_a_past_date_packs_the_versions_current_then(repo: Repository, cli: Cli,
                                                           tmp_path: Path) -> None:
    folder = repo.root / "policies" / "ycc" / "SQS-14 私隱和保密"
    write(folder / "policy.txt", "first edition")
    write(folder / "new.txt", "written after the date")
    assert cli("scan").exit_code == 0
    set_recorded_at(repo.root, "policies/ycc/SQS-14 私隱和保密/policy.txt", 1,
                    "2025-01-10T09:00:00.000+00:00")
    write(folder / "policy.txt", "second edition")
    assert cli("scan").exit_code == 0
    past = tmp_path / "past.zip"
    assert cli("pack", "--unit", "ycc", "--sqs", "14", "--as-of", "2025-06-30",
               "--out", str(past)).exit_code == 0
    rows = manifest_rows(past)
    assert [(Path(r["source_path"]).name, r["version"]) for r in rows] == [("policy.txt", "1")]
    with zipfile.ZipFile(past) as archive:
        assert archive.read(rows[0]["path_in_pack"]) == b"first edition"
    today = tmp_path / "today.zip"
    assert cli("pack", "--unit", "ycc", "--sqs", "14", "--out", str(today)).exit_code == 0
    assert sorted((Path(r["source_path"]).name, r["version"]) for r in manifest_rows(today)) \
        == [("new.txt", "1"), ("policy.txt", "2")]
    rows14 = readiness_rows(repo, "ycc", date(2025, 6, 30))
    assert [(r.sqs.number, r.documents) for r in rows14 if r.documents] == [(14, 1)]


def test_pack_is_in_the_audit_log(demo: Cli, tmp_path: Path) -> None:
    out = tmp_path / "a.zip"
    assert demo("pack", "--unit", "ycc", "--out", str(out), "--by", "Ms Chan").exit_code == 0
    repo = Repository.open(demo.root)
    try:
        entry = list(repo.catalog.audit_entries())[-1]
    finally:
        repo.close()
    assert entry.action == "pack" and entry.by == "Ms Chan"
    assert entry.detail["unit"] == "ycc" and entry.detail["out"] == str(out)
    assert entry.detail["documents"] == len({r["source_path"] for r in manifest_rows(out)})
    assert len(entry.detail["versions_digest"]) == 64
    assert demo("verify").exit_code == 0


def test_pack_takes_a_folder_and_replaces_a_zip_only_with_force(demo: Cli,
                                                                tmp_path: Path) -> None:
    first = demo("pack", "--unit", "ycc", "--sqs", "14", "--as-of", "2025-06-30", "-o",
                 str(tmp_path))
    assert first.exit_code == 0, first.output
    made = tmp_path / "pack-ycc-2025-06-30.zip"
    documents = len({r["source_path"] for r in manifest_rows(made)})
    assert first.output.splitlines()[:2] == [
        f"wrote {made} (not recorded: outside the units' folders)",
        f"{documents} documents in {len(manifest_rows(made))} files for 1 SQS, as of "
        "2025-06-30"]
    again = demo("pack", "--unit", "ycc", "--sqs", "14", "--as-of", "2025-06-30", "-o",
                 str(made))
    assert again.exit_code == 1
    assert again.stderr == f"error: {made} exists; add --force to replace it, or choose " \
                           "another --out\n"
    forced = demo("pack", "--unit", "ycc", "--sqs", "14,15", "--as-of", "2025-06-30", "-o",
                  str(made), "--force")
    assert forced.exit_code == 0, forced.output
    assert {r["sqs"] for r in manifest_rows(made)} <= {"14", "15"}
    assert check_pack(made) == []


def test_pack_refuses_to_write_where_the_next_scan_would_store_it(demo: Cli) -> None:
    result = demo("pack", "--unit", "ycc", "--out", str(demo.root / "records" / "p.zip"))
    assert result.exit_code == 2 and "elsewhere" in result.output


def test_names_are_safe_short_and_unique_on_windows() -> None:
    assert clean('a<b>c:"d|e?*f. ') == "a_b_c__d_e__f"
    assert clean("CON.txt") == "_CON.txt"
    picker = NamePicker()
    folder = "SQS-14 私隱和保密 Privacy and confidentiality"
    long_name = "政策" * 150 + ".docx"
    first = picker.pick(folder, long_name, "policies/a/" + long_name)
    second = picker.pick(folder, long_name, "policies/b/" + long_name)
    assert first != second
    assert all(len(p) <= MAX_PATH and p.endswith(".docx") for p in (first, second))
    assert NamePicker().pick(folder, long_name, "policies/a/" + long_name) == first
    assert picker.pick(folder, "x.txt", "a/x.txt") != picker.pick(folder, "X.TXT", "b/X.TXT")


def test_manifest_and_cover_carry_the_last_review_from_the_log(demo: Cli,
                                                              tmp_path: Path) -> None:
    recorded = demo("review", "record", "--unit", "ycc", "--sqs", "14", "--by", "陳主任",
                    "--date", "2024-03-01", "--outcome", "no-change")
    assert recorded.exit_code == 0, recorded.output
    out = tmp_path / "ycc.zip"
    assert demo("pack", "--unit", "ycc", "--sqs", "14,15", "--out", str(out)).exit_code == 0
    reviews = {(row["sqs"], row["last_review"]) for row in manifest_rows(out)}
    assert reviews == {("14", "2024-03-01"), ("15", "")}
    with zipfile.ZipFile(out) as archive, archive.open("00 封面 Cover.docx") as cover:
        cells = [cell.text for table in Document(cover).tables for row in table.rows
                 for cell in row.cells]
    assert "2024-03-01" in cells


def test_the_cover_judges_met_by_the_rule_status_uses(demo: Cli, tmp_path: Path) -> None:
    out = tmp_path / "ycc.zip"
    assert demo("review", "record", "--unit", "ycc", "--sqs", "14", "--by", "陳主任",
                "--date", "2026-03-01", "--outcome", "no-change").exit_code == 0
    assert demo("pack", "--unit", "ycc", "--sqs", "14,15", "--out", str(out)).exit_code == 0
    rows = json.loads(demo("status", "--unit", "ycc", "--json").output)[0]["rows"]
    with zipfile.ZipFile(out) as archive, archive.open("00 封面 Cover.docx") as cover:
        table = Document(cover).tables[0]
    shown = {row.cells[0].text: row.cells[5].text for row in table.rows[1:]}
    assert table.rows[0].cells[5].text == "符合 Met"
    for number in ("14", "15"):
        expected = "符合\nmet" if rows[int(number) - 1]["met"] else "未符合\nnot met"
        assert shown[number] == expected, (number, rows[int(number) - 1]["gaps"])
    assert set(shown.values()) == {"符合\nmet", "未符合\nnot met"}  # the demo has one of each


def test_the_cover_is_one_a4_page_that_breaks_no_word(demo: Cli, tmp_path: Path) -> None:
    out = tmp_path / "home.zip"
    assert demo("review", "record", "--unit", "home", "--sqs", "4", "--by", "周主任",
                "--date", "2026-03-01", "--outcome", "no-change").exit_code == 0
    assert demo("pack", "--unit", "home", "--out", str(out)).exit_code == 0
    with zipfile.ZipFile(out) as archive:
        archive.extractall(tmp_path / "unpacked", ["00 封面 Cover.docx", "00 封面 Cover.pdf"])
    cover = tmp_path / "unpacked" / "00 封面 Cover.pdf"
    save_pages(cover, "pack-cover")
    words = docx_words(cover.with_suffix(".docx"))
    assert {"responsibilities", "information", "environment", "confidentiality"} <= words
    assert split_words(cover, words) == []
    info = subprocess.run(["pdfinfo", str(cover)], capture_output=True, text=True,
                          check=True).stdout
    assert "Pages:           1" in info and "595.3" in info  # all 16 SQSs on one A4 page
    text = subprocess.run(["pdftotext", "-raw", str(cover), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Roles and responsibilities" in text and "2026-03-01" in text
