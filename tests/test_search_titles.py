"""Search hits show the document's title above its path: the title the file declares, else its
first heading, else its first short line, else the file name; in the CLI, --json and the web."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from urllib.parse import quote

from repo_tool.repository import Repository
from tests.conftest import Cli, rewind_catalog, write
from tests.serving import running_server
from tests.test_search_syntax import word_file

FOLDER = "records/ycc/SQS-14"


def make_files(repo: Repository) -> None:
    folder = repo.root / FOLDER
    word_file(folder / "p1.docx", "本政策說明如何保障私隱。", title="私隱政策 Privacy Policy",
              heading="第一章 總則")
    word_file(folder / "p2.docx", "本守則說明職員如何保障私隱。", heading="職員私隱守則")
    word_file(folder / "p3.docx", "私隱通告", "本中心收集個人資料只作服務用途，保障私隱。")
    write(folder / "p4.txt", "私隱" + "，這是一段很長的說明文字" * 10 + "\n短句\n")


def titles(output: str) -> dict[str, str]:
    """Each hit's path (from the line below its title) -> its title line."""
    lines = output.splitlines()
    return {lines[i + 1].split()[0].rsplit("/", 1)[-1]: lines[i] for i in range(len(lines) - 1)
            if lines[i + 1].startswith(f"  {FOLDER}/")}


def test_a_hit_shows_its_title_above_the_path(repo: Repository, cli: Cli) -> None:
    make_files(repo)
    assert cli("scan").exit_code == 0
    result = cli("search", "私隱")
    assert result.exit_code == 0, result.output
    assert titles(result.output) == {
        "p1.docx": "私隱政策 Privacy Policy",  # the Word title property
        "p2.docx": "職員私隱守則",  # no property: the first heading
        "p3.docx": "私隱通告",  # no heading: the first short line
        "p4.txt": "p4.txt",  # a long first line is no title: the file name
    }
    hits = json.loads(cli("search", "私隱", "--json").output)
    assert {hit["path"].rsplit("/", 1)[-1]: hit["title"] for hit in hits} == {
        "p1.docx": "私隱政策 Privacy Policy", "p2.docx": "職員私隱守則", "p3.docx": "私隱通告",
        "p4.txt": "p4.txt"}


def test_a_pdf_is_titled_by_its_metadata_else_its_first_line(repo: Repository, cli: Cli,
                                                             corpus: Path) -> None:
    folder = repo.root / FOLDER
    folder.mkdir(parents=True)
    # Title metadata 面談紀錄; and one without Title metadata, titled by its first line.
    shutil.copy(corpus / "pdf/printcoord__test-pdf02.pdf", folder / "interview.pdf")
    shutil.copy(corpus / "pdf/pypdf-samples__google-doc-document.pdf", folder / "google.pdf")
    assert cli("scan").exit_code == 0
    hits = {hit["path"].rsplit("/", 1)[-1]: hit["title"]
            for hit in json.loads(cli("search", "pdf", "--json").output)}
    hits |= {hit["path"].rsplit("/", 1)[-1]: hit["title"]
             for hit in json.loads(cli("search", "面談", "--json").output)}
    assert hits["interview.pdf"] == "面談紀錄"
    assert hits["google.pdf"] == "PDF Example Document"


def test_an_upgraded_repository_gets_titles_from_reindex(repo: Repository, cli: Cli) -> None:
    make_files(repo)
    assert cli("scan").exit_code == 0
    catalog = repo.state / "catalog.sqlite"
    repo.close()
    # As repo-tool left it before titles: catalog schema 6, text from extractor version 1.
    rewind_catalog(catalog, 6)
    db = sqlite3.connect(catalog)
    db.execute("UPDATE texts SET extractor_version = 1")
    db.commit()
    db.close()
    before = cli("search", "私隱", "--json")
    assert before.exit_code == 0, before.output
    # Until the files are read again, a hit is titled by its file name.
    assert {hit["title"] for hit in json.loads(before.output)} == {
        "p1.docx", "p2.docx", "p3.docx", "p4.txt"}
    reindexed = cli("reindex")
    assert reindexed.exit_code == 0, reindexed.output
    assert "read the text of 4 file(s)" in reindexed.output
    assert titles(cli("search", "私隱").output)["p1.docx"] == "私隱政策 Privacy Policy"


def test_the_web_search_page_shows_the_title_above_the_path(repo: Repository, cli: Cli) -> None:
    make_files(repo)
    assert cli("scan").exit_code == 0
    repo.close()
    with running_server(repo.root) as server:
        for lang, label in (("zh", "本政策說明"), ("en", "本政策說明")):
            page = server.get("/search?q=" + quote("私隱") + f"&lang={lang}").text
            title = page.index(">私隱政策 Privacy Policy</a>")
            path = page.index(f"<code>{FOLDER}/p1.docx</code>")
            assert title < path < page.index(label)
            assert ">p4.txt</a>" in page
