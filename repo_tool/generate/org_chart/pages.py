"""The org chart's pages: title, date and legend around the tree; split by team when needed.

One A4 landscape page whenever the tree fits with type of at least 7 pt. Otherwise the chart is
split by team: a first page with the posts outside any team and each team's head, then one page
per team, whose head's own superior appears as a dashed box so the page reads on its own. A post
takes the team of the nearest post above it that names one; a roster naming no team is split
under the top post (each post reporting to the top is a team with everybody under it).
"""

from __future__ import annotations

import datetime as dt

from repo_tool.config import Unit
from repo_tool.domain.roster import Post, Roster
from repo_tool.errors import Unsupported
from repo_tool.generate.org_chart.layout import (
    MARGIN,
    MIN_SIZE,
    PAGE_H,
    PAGE_W,
    Caption,
    Page,
    best_fit,
    merged_segments,
    place,
)

TITLE, SUBTITLE, DATE = 16.0, 13.0, 9.0
LEGEND = (8.0, 10.0)   # the legend's type, points: at least, at most
LEGEND_UNDER = 1.0     # how much smaller than the boxes' type the legend may be
CAPTION_LINE = 1.4

LEGEND_TEXT = {
    "zh": "註：(X) = 受資助服務／單位人手編制　X* = 非資助單位人手編制",
    "en": "Note: (X) = number of subvented posts;  X* = number of non-subvented posts",
}
CONTEXT_TEXT = {
    "zh": "虛線方框：所屬職位，詳見另一頁",
    "en": "Dashed box: the post above, shown in full on another page",
}


def date_text(day: dt.date, langs: tuple[str, ...]) -> str:
    zh = f"日期：{day.year}年{day.month}月{day.day}日"
    en = f"Date: {day.day} {day:%B} {day.year}"
    return "　".join(zh if lang == "zh" else en for lang in langs)


def _header(unit: Unit, langs: tuple[str, ...], day: dt.date, part: dict[str, str] | None,
            page: tuple[int, int] | None) -> list[tuple[str, float, bool]]:
    lines: list[tuple[str, float, bool]] = []
    for lang in langs:
        if lang == "zh":
            text = f"{unit.name_zh}組織架構圖" + (f"：{part['zh']}" if part else "")
        else:
            text = f"Organisation Chart of {unit.name_en}" + (f": {part['en']}" if part else "")
        lines.append((text, TITLE if not lines else SUBTITLE, True))
    when = date_text(day, langs)
    if page:
        when += "　" + "　".join(f"第 {page[0]} 頁，共 {page[1]} 頁" if lang == "zh"
                                 else f"Page {page[0]} of {page[1]}" for lang in langs)
    lines.append((when, DATE, False))
    return lines


def _page(roster: Roster, ids: set[str], roots: list[Post], context: frozenset[str],
          header: list[tuple[str, float, bool]], langs: tuple[str, ...]) -> Page | None:
    """The page, or None when its tree would need type smaller than the floor."""
    legend = [LEGEND_TEXT[lang] for lang in langs]
    if context:
        legend += [CONTEXT_TEXT[lang] for lang in langs]
    captions: list[Caption] = []
    y = MARGIN
    for text, size, bold in header:
        captions.append(Caption(text, MARGIN, y, PAGE_W - 2 * MARGIN, size, "center", bold))
        y += size * CAPTION_LINE
    top = y + 10

    def area(legend_size: float) -> tuple[float, float]:
        return (PAGE_W - 2 * MARGIN, PAGE_H - MARGIN - len(legend) * legend_size * CAPTION_LINE
                - 10 - top)

    # The legend is read with the boxes: a point under their type, within LEGEND's bounds.
    # Fitted first with the smallest legend, then again when the type allows a bigger one.
    legend_size = LEGEND[0]
    fit = best_fit(roster, ids, roots, langs, area(legend_size))
    if fit.size < MIN_SIZE:
        return None
    if (wanted := min(max(fit.size - LEGEND_UNDER, LEGEND[0]), LEGEND[1])) > legend_size:
        legend_size = wanted
        fit = best_fit(roster, ids, roots, langs, area(legend_size))
    bottom = top + area(legend_size)[1] + 10
    for index, text in enumerate(legend):
        captions.append(Caption(text, MARGIN, bottom + index * legend_size * CAPTION_LINE,
                                PAGE_W - 2 * MARGIN, legend_size, "left"))
    boxes, connectors = place(fit, MARGIN, top, area(legend_size), context)
    return Page(tuple(boxes), tuple(connectors), tuple(merged_segments(connectors)),
                tuple(captions), fit.size)


def teams(roster: Roster, langs: tuple[str, ...]) -> dict[str, str | None]:
    """Each post's team: its own, else that of the nearest post above that names one."""
    named = any(p.team for p in roster.posts)
    out: dict[str, str | None] = {}

    def team(post: Post) -> str | None:
        if post.id not in out:
            if post.team:
                out[post.id] = post.team
            elif post.reports_to is None:
                out[post.id] = None
            else:
                boss = roster.post(post.reports_to)
                if not named and boss.reports_to is None:
                    out[post.id] = post.title(langs[0]) or post.title("zh") or post.id
                else:
                    out[post.id] = team(boss)
        return out[post.id]

    for post in roster.posts:
        team(post)
    return out


def chart_pages(roster: Roster, unit: Unit, langs: tuple[str, ...], day: dt.date) -> list[Page]:
    """The chart on one page if it fits with legible type, else split by team."""
    everyone = {p.id for p in roster.posts}
    whole = _page(roster, everyone, roster.roots(), frozenset(),
                  _header(unit, langs, day, None, None), langs)
    if whole is not None:
        return [whole]
    team_of = teams(roster, langs)
    names = list(dict.fromkeys(t for t in team_of.values() if t is not None))
    heads = {p.id for p in roster.posts if team_of[p.id] is not None
             and (p.reports_to is None or team_of[p.reports_to] != team_of[p.id])}
    total = len(names) + 1
    overview = _page(roster, {p for p, t in team_of.items() if t is None} | heads,
                     roster.roots(), frozenset(),
                     _header(unit, langs, day, {"zh": "總覽", "en": "overview"}, (1, total)), langs)
    if overview is None or len(names) < 2:
        raise Unsupported(f"the org chart of {roster.path} does not fit on A4 pages with type "
                          f"of at least {MIN_SIZE:g} pt; give its posts a `team` so it can be "
                          "split into one page per team")
    pages = [overview]
    for number, name in enumerate(names, start=2):
        ids = {p for p, t in team_of.items() if t == name}
        tops = [roster.post(p) for p in ids if roster.post(p).id in heads]
        above = {p.reports_to for p in tops if p.reports_to is not None}
        roots = [p for p in roster.posts if p.id in above] + \
                [p for p in roster.posts if p.id in ids and p.reports_to is None]
        page = _page(roster, ids | above, roots, frozenset(above),
                     _header(unit, langs, day, {"zh": name, "en": name}, (number, total)), langs)
        if page is None:
            raise Unsupported(f"team '{name}' of {roster.path} has too many posts for one A4 "
                              f"page with type of at least {MIN_SIZE:g} pt; split it into "
                              "smaller teams (the `team` of its posts)")
        pages.append(page)
    return pages

