"""`generate org-chart`: the unit's organisation chart (SQS 4) from its staff roster.

The layout is computed once (`org_chart_layout`, `org_chart_pages`) and drawn as SVG and as
an editable DOCX; the PDF is that DOCX printed by LibreOffice, so it has the same shapes, real
text and the embedded Noto Sans CJK font.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from repo_tool.domain.roster import Roster, load_roster
from repo_tool.errors import ConfigError
from repo_tool.generate._files import (
    LANGS,
    check_unrecorded,
    config_note,
    destinations,
    record_inputs,
    staging,
    tag_outputs,
)
from repo_tool.generate._output import Generated, record_outputs
from repo_tool.generate._pdf import convert_to_pdf
from repo_tool.generate.org_chart.docx import chart_docx
from repo_tool.generate.org_chart.layout import Page
from repo_tool.generate.org_chart.pages import chart_pages
from repo_tool.generate.org_chart.svg import chart_svg
from repo_tool.models import Actor
from repo_tool.repository import Repository

FORMATS = ("docx", "svg", "pdf")
KIND = "org chart"
SQS = 4  # roles and responsibilities: the chart is its evidence
_NAMES = {"zh": "title in Chinese (post_zh)", "en": "title in English (post_en)"}


@dataclass(frozen=True)
class OrgChart:
    """What `generate org-chart` made: the files, the pages and their type sizes."""

    files: list[Generated]
    pages: list[Page]
    roster: Roster


def check_titles(roster: Roster, lang: str) -> None:
    """A one-language chart needs every post's title in that language."""
    if lang == "both":
        return
    for post in roster.posts:
        if post.title(lang) is None:
            other = "en" if lang == "zh" else "zh"
            raise ConfigError(f"{roster.path}:{post.line}: post '{post.id}' has no "
                              f"{_NAMES[lang]}; add it, or use --lang {other} or --lang both")


def file_stem(base: str, lang: str, default: str) -> str:
    """`org-chart` in the default language, `org-chart.en` in another."""
    return base if lang == default else f"{base}.{lang}"


def generate_org_chart(repo: Repository, unit_code: str, *, actor: Actor,
                       formats: tuple[str, ...] = FORMATS, lang: str = "zh",
                       day: dt.date | None = None, out: Path | None = None,
                       force: bool = False, record: bool = True) -> OrgChart:
    """Make the chart of `unit_code` in `formats` and record the files with their inputs.

    With `record=False` (a download) the files go to the folder `out`, outside the repository,
    and nothing is recorded.
    """
    unit = repo.config.unit(unit_code)
    if not record:
        out = check_unrecorded(repo, out)
    roster = load_roster(repo.root, unit.code)
    check_titles(roster, lang)
    pages = chart_pages(roster, unit, LANGS[lang], day or dt.date.today())
    paths = destinations(repo, unit.code, file_stem("org-chart", lang, "zh"), formats, out,
                         force)
    inputs = record_inputs(repo, [roster.path], list(paths.values()), KIND, actor) \
        if record else []
    with staging(paths) as staged:
        if "svg" in staged:
            staged["svg"].write_text(chart_svg(pages), encoding="utf-8")
        if "docx" in staged or "pdf" in staged:
            docx = staged.get("docx") or staged["pdf"].with_suffix(".docx")
            chart_docx(pages, docx)
            if "pdf" in staged:
                convert_to_pdf(docx, staged["pdf"])
    if not record:
        return OrgChart([Generated(p, None, None) for p in paths.values()], pages, roster)
    files = record_outputs(repo, list(paths.values()), KIND, [*inputs, config_note(repo)],
                           actor)
    tag_outputs(repo, files, SQS, actor)
    return OrgChart(files, pages, roster)
