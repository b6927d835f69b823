"""The template system and PDF output shared by every generated document."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document

from repo_tool.errors import NotFound, Unsupported
from repo_tool.generate import convert_to_pdf, find_template, record_outputs, render_docx
from repo_tool.generate._templating import TemplateProblem
from repo_tool.repository import Repository
from tests.conftest import ACTOR


def template(path: Path, *paragraphs: str) -> Path:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    doc.save(str(path))
    return path


def text_of(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


def test_values_with_xml_characters_appear_as_written(tmp_path: Path) -> None:
    source = template(tmp_path / "t.docx", "單位：{{ unit }}", "電話：{{ phone }}")
    out = render_docx(source, {"unit": "A & B <Centre> 中心", "phone": "2345 6789"},
                      tmp_path / "out.docx")
    assert text_of(out) == ["單位：A & B <Centre> 中心", "電話：2345 6789"]


def test_unknown_field_is_an_error_naming_it(tmp_path: Path) -> None:
    source = template(tmp_path / "t.docx", "{{ unit_nmae }}")
    with pytest.raises(TemplateProblem, match="'unit_nmae' is undefined"):
        render_docx(source, {"unit_name": "x"}, tmp_path / "out.docx")
    assert not (tmp_path / "out.docx").exists()


def test_sandbox_refuses_python_internals(tmp_path: Path) -> None:
    source = template(tmp_path / "t.docx", "{{ ''.__class__.__mro__ }}")
    with pytest.raises(TemplateProblem, match="was refused"):
        render_docx(source, {}, tmp_path / "out.docx")


def test_repository_template_is_found_and_missing_one_named(repo: Repository) -> None:
    local = template(repo.root / "templates" / "my-notice.docx", "{{ x }}")
    assert find_template(repo.root, "my-notice.docx") == local
    with pytest.raises(NotFound, match=r"there is no template called nothing\.docx"):
        find_template(repo.root, "nothing.docx")


def test_pdf_has_the_chinese_text(tmp_path: Path) -> None:
    source = template(tmp_path / "notice.docx", "閉路電視 CCTV 私隱和保密")
    pdf = convert_to_pdf(source, tmp_path / "notice.pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "閉路電視 CCTV 私隱和保密" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                           check=True).stdout
    assert "CJK" in fonts


def test_missing_libreoffice_is_one_clear_line(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    source = template(tmp_path / "notice.docx", "x")
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    with pytest.raises(Unsupported, match="LibreOffice is not installed; install LibreOffice "
                                          "to make PDFs: on Debian/Ubuntu `apt-get install "
                                          "libreoffice-writer-nogui fonts-noto-cjk`"):
        convert_to_pdf(source, tmp_path / "notice.pdf")


def test_generated_files_are_recorded_with_their_inputs(repo: Repository, tmp_path: Path) -> None:
    out = repo.root / "records/ycc/generated/notice.docx"
    out.parent.mkdir(parents=True)
    shutil.copy(template(tmp_path / "t.docx", "hello"), out)
    outside = template(tmp_path / "elsewhere.docx", "not recorded")
    done = record_outputs(repo, [out, outside], "CCTV notice", ["repo.yaml"], ACTOR)
    assert [(g.relpath, g.version) for g in done] == [
        ("records/ycc/generated/notice.docx", 1), (None, None)]
    version = repo.version(repo.document("records/ycc/generated/notice.docx"))
    assert version.note == "generated CCTV notice from repo.yaml"
    assert list(repo.catalog.audit_entries())[-1].action == "generate"
