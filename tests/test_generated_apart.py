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


def test_changes_leave_out_the_tools_own_files_unless_all(papers: Cli) -> None:
    own = ("records/ycc/staff.yaml", "records/ycc/standards.yaml", FORM)
    listed = papers("changes", "--unit", "ycc", "--since", "2020-01-01")
    assert listed.exit_code == 0, listed.output
    assert POLICY in listed.output
    for path in own:
        assert path not in listed.output
    assert listed.output.startswith("ycc: 1 change(s) from 2020-01-01")
    assert ("(3 more change(s) to repo-tool's own files: the papers it generated and the "
            "unit's staff.yaml, standards.yaml; add --all to list them)") in listed.output

    every = papers("changes", "--unit", "ycc", "--since", "2020-01-01", "--all")
    assert every.output.startswith("ycc: 4 change(s) from 2020-01-01")
    for path in (POLICY, *own):
        assert path in every.output
    assert "--all" not in every.output

    report = json.loads(papers("changes", "--unit", "ycc", "--since", "2020-01-01",
                               "--json").stdout)
    assert [c["path"] for c in report["changes"]] == [POLICY]
    assert report["left_out"] == 3


def report_documents(path: Path) -> list[str]:
    """The Document column of the report's table, one entry per row, as a visitor reads it."""
    (table,) = Document(str(path)).tables
    return [row.cells[2].text for row in table.rows][1:]


def test_the_changes_report_lists_evidence_not_the_tools_own_files(papers: Cli) -> None:
    first = papers("generate", "changes-report", "--unit", "ycc", "--since", "2020-01-01",
                   "--json")
    assert first.exit_code == 0, first.output
    # a second report must not list the first one (nor the form, roster or standards)
    papers("generate", "form-2.01", "--unit", "ycc", "--cycle", "2023", "--signed",
           "2024-03-01")
    second = papers("generate", "changes-report", "--unit", "ycc", "--since", "2019-12-31",
                    "--json")
    (made,) = json.loads(second.output)
    rows = report_documents(Path(made["path"]))
    assert rows == ["私隱政策.txt\npolicies/ycc/SQS-14 私隱和保密/"]
    paragraphs = [p.text for p in Document(made["path"]).paragraphs]
    assert "變更 Changes: 1" in paragraphs

    everything = papers("generate", "changes-report", "--unit", "ycc", "--since",
                        "2019-12-30", "--all", "--json")
    (made,) = json.loads(everything.output)
    names = [row.split("\n")[0] for row in report_documents(Path(made["path"]))]
    for name in ("私隱政策.txt", "staff.yaml", "standards.yaml",
                 "SQS-02 form-2.01 2023-24.docx", "changes 2020-01-01 to "):
        assert any(n.startswith(name) for n in names), (name, names)


def outline(binder: Path) -> dict[str, list[str]]:
    """The binder's bookmarks: each SQS's title -> the documents beneath it."""
    found: dict[str, list[str]] = {}
    current = ""
    for item in PdfReader(str(binder)).outline:
        if isinstance(item, list):
            found[current] = [str(child.title) for child in item]  # type: ignore[union-attr]
        else:
            current = str(item.title)
            found[current] = []
    return found


def test_the_binder_prints_each_generated_paper_once_and_its_latest_file(
        papers: Cli, tmp_path: Path) -> None:
    root = papers.root
    chart = papers("generate", "org-chart", "--unit", "ycc")  # docx, svg and pdf
    assert chart.exit_code == 0, chart.output
    assert papers("generate", "form-2.01", "--unit", "ycc", "--cycle", "2023",
                  "--pdf").exit_code == 0
    # another review, and form 2.01 made again as .docx only: its PDF is now out of date
    assert papers("review", "record", "--unit", "ycc", "--sqs", "4", "--by", "李督導",
                  "--date", "2024-03-01", "--outcome", "no-change").exit_code == 0
    assert papers("generate", "form-2.01", "--unit", "ycc", "--cycle", "2023").exit_code == 0
    assert (root / FORM_PDF).stat().st_mtime_ns < (root / FORM).stat().st_mtime_ns

    out = tmp_path / "pack.zip"
    packed = papers("pack", "--unit", "ycc", "--pdf", "--out", str(out))
    assert packed.exit_code == 0, packed.output
    assert "not in the binder" not in packed.output  # no .svg left out: its PDF is printed
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        binder = tmp_path / "binder.pdf"
        binder.write_bytes(archive.read(BINDER))
    # the zip keeps every file
    for name in ("org-chart.docx", "org-chart.svg", "org-chart.pdf",
                 "SQS-02 form-2.01 2023-24.docx", "SQS-02 form-2.01 2023-24.pdf"):
        assert any(n.endswith("/" + name) for n in names), name
    marks = outline(binder)
    sqs4 = next(v for k, v in marks.items() if k.startswith("SQS 4 "))
    sqs2 = next(v for k, v in marks.items() if k.startswith("SQS 2 "))
    assert sqs4 == ["org-chart.pdf"]
    assert sqs2 == ["SQS-02 form-2.01 2023-24.docx"]  # newer than its PDF
    text = subprocess.run(["pdftotext", "-layout", str(binder), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "李督導" in text  # the form as it is now, not the PDF made before that review
    assert "org-chart.svg" not in text and "org-chart.docx" not in text  # dividers too
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("binder-generated-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(binder),
                    str(ARTIFACTS / "binder-generated")], check=True)
    assert len(list(ARTIFACTS.glob("binder-generated-*.png"))) == len(
        PdfReader(str(binder)).pages)
