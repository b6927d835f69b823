"""The tool's own papers do not drown real evidence (issue 18, item 4): search leaves the files
it generated out unless `--generated`, `changes` and the changes report leave out those and the
unit's data files unless `--all`, and the pack's binder prints each generated paper once.

Everything real: the CLI in-process, the generators, python-docx, LibreOffice, pdftotext."""

from __future__ import annotations

import html
import json
import re
import subprocess
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest
from docx import Document
from pypdf import PdfReader

from repo_tool.generate.pack import BINDER
from repo_tool.repository import Repository
from tests.conftest import PROJECT, Cli, write
from tests.serving import running_server
from tests.test_acks import ROSTER

POLICY = "policies/ycc/SQS-14 私隱和保密/私隱政策.txt"
FORM = "records/ycc/generated/SQS-02 form-2.01 2023-24.docx"
FORM_PDF = "records/ycc/generated/SQS-02 form-2.01 2023-24.pdf"
HIDDEN_LINE = ("(1 more document(s) match among the papers repo-tool generated in "
               "records/UNIT/generated/; add --generated to see them)")
ARTIFACTS = PROJECT / "tests" / "artifacts" / "papers"


@pytest.fixture
def papers(repo: Repository, cli: Cli) -> Cli:
    """ycc with a privacy policy, its roster and standards, an SQS 14 review and form 2.01
    (which names every SQS, 私隱和保密 among them) generated into records/ycc/generated/."""
    write(repo.root / POLICY, "私隱政策 第一版 Privacy policy")
    write(repo.root / "records/ycc/staff.yaml", ROSTER)
    write(repo.root / "records/ycc/standards.yaml", "standards: []\n")
    assert cli("scan").exit_code == 0
    assert cli("review", "record", "--unit", "ycc", "--sqs", "14", "--by", "陳主任", "--date",
               "2024-02-20", "--outcome", "no-change").exit_code == 0
    made = cli("generate", "form-2.01", "--unit", "ycc", "--cycle", "2023")
    assert made.exit_code == 0, made.output
    assert (repo.root / FORM).is_file()
    return cli


def test_search_leaves_generated_papers_out_and_says_how_to_see_them(papers: Cli) -> None:
    plain = papers("search", "私隱")
    assert plain.exit_code == 0, plain.output
    assert POLICY in plain.output
    assert FORM not in plain.output
    assert HIDDEN_LINE in plain.output
    assert plain.output.rstrip().endswith("\n1 document(s)")

    everything = papers("search", "私隱", "--generated")
    assert POLICY in everything.output and FORM in everything.output
    assert "add --generated" not in everything.output
    assert everything.output.rstrip().endswith("\n2 document(s)")

    listed = json.loads(papers("search", "私隱", "--json").stdout)
    assert [hit["path"] for hit in listed] == [POLICY]
    with_form = json.loads(papers("search", "私隱", "--generated", "--json").stdout)
    assert {hit["path"] for hit in with_form} == {POLICY, FORM}


def test_search_says_nothing_when_no_generated_paper_matches(papers: Cli) -> None:
    result = papers("search", "第一版")
    assert POLICY in result.output
    assert "--generated" not in result.output


def test_the_web_search_page_hides_generated_papers_and_links_to_them(papers: Cli) -> None:
    with running_server(papers.root) as server:
        page = server.get("/search?q=" + quote("私隱"))
        assert page.status == 200
        assert '<p id="total">1 ' in page.text
        assert POLICY in page.text and FORM not in page.text
        assert ("另有 1 份由本系統產生的文件（records/單位/generated/ 內的表格、報告、"
                "通告及架構圖）符合搜尋；") in page.text
        english = server.get("/search?q=" + quote("私隱") + "&lang=en")
        assert ("1 more document(s) match among the papers repo-tool generated (forms, reports, "
                "notices and charts in records/UNIT/generated/);") in english.text
        link = re.search(r'id="show-generated" href="([^"]+)"', page.text)
        assert link is not None
        shown = server.get(html.unescape(link[1]))
        assert '<p id="total">2 ' in shown.text
        assert POLICY in shown.text and FORM in shown.text
        assert 'id="hidden-generated"' not in shown.text
        assert '<input type="checkbox" name="generated" value="1" checked>' in shown.text
        assert "包括本系統產生的表格、報告及通告" in shown.text
        unrelated = server.get("/search?q=" + quote("第一版"))
        assert 'id="hidden-generated"' not in unrelated.text
