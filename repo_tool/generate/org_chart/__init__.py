"""`generate org-chart`: the unit's organisation chart (SQS 4) from its staff roster.

The layout is computed once (`org_chart`: the roster laid out on pages) and drawn as SVG and as
an editable DOCX; the PDF is that DOCX printed by LibreOffice, so it has the same shapes, real
text and the embedded Noto Sans CJK font.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from repo_tool.domain.roster import Roster, load_roster
from repo_tool.errors import ConfigError
from repo_tool.generate._files import LANGS, config_note, file_stem, write_files
from repo_tool.generate._output import Generated, Output
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
    """A unit's chart before it is drawn: the roster and the pages laid out from it."""

    pages: list[Page]
    roster: Roster

    @property
    def summary(self) -> str:
        """`12 posts from records/ycc/staff.yaml on 1 page, box type 9.5 pt`."""
        count = len(self.pages)
        pages = "1 page" if count == 1 else f"{count} pages (split by team)"
        return (f"{len(self.roster.posts)} posts from {self.roster.path} on {pages}, box type "
                f"{min(page.size for page in self.pages):g} pt")


def check_titles(roster: Roster, lang: str) -> None:
    """A one-language chart needs every post's title in that language."""
    if lang == "both":
        return
    for post in roster.posts:
        if post.title(lang) is None:
            other = "en" if lang == "zh" else "zh"
            raise ConfigError(f"{roster.path}:{post.line}: post '{post.id}' has no "
                              f"{_NAMES[lang]}; add it, or use --lang {other} or --lang both")


def org_chart(repo: Repository, unit: str, lang: str = "zh",
              day: dt.date | None = None) -> OrgChart:
    """The unit's roster laid out on pages, with titles in `lang` and `day` under the title."""
    registered = repo.config.unit(unit)
    roster = load_roster(repo.root, registered.code)
    check_titles(roster, lang)
    return OrgChart(chart_pages(roster, registered, LANGS[lang], day or dt.date.today()),
                    roster)


def generate_org_chart(repo: Repository, unit: str, *, actor: Actor, output: Output,
                       lang: str = "zh", day: dt.date | None = None) -> list[Generated]:
    """The unit's chart (by default as .docx, .svg and .pdf), recorded with the roster version
    and filed under SQS 4 unless `output` says not to record it.

    Each file's `remarks` say how the roster was laid out (`OrgChart.summary`).
    """
    chart = org_chart(repo, unit, lang, day)
    return write_files(repo, repo.config.unit(unit).code, file_stem("org-chart", lang, "zh"),
                       output, kind=KIND, actor=actor, allowed=FORMATS, default=FORMATS,
                       docx=lambda path: chart_docx(chart.pages, path),
                       svg=lambda path: path.write_text(chart_svg(chart.pages),
                                                        encoding="utf-8"),
                       inputs=(chart.roster.path,), notes=(config_note(repo),), sqs=SQS,
                       remarks=(chart.summary,))
