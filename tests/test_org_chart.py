"""The org chart: a tidy tree that fits one A4 landscape page, the same in SVG, DOCX and PDF."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from repo_tool.domain.roster import Post, Roster, load_roster, parse_roster_yaml
from repo_tool.errors import ConfigError, Conflict, Unsupported
from repo_tool.generate import Output
from repo_tool.generate.org_chart import generate_org_chart, org_chart
from repo_tool.generate.org_chart.layout import (
    MARGIN,
    MIN_SIZE,
    PAGE_H,
    PAGE_W,
    WRAP_WIDTHS,
    Box,
    Page,
    count_text,
    labels,
)
from repo_tool.generate.org_chart.pages import LEGEND_TEXT, chart_pages
from repo_tool.repository import Repository
from tests.conftest import ACTOR, PROJECT, Cli, write
from tests.paper_checks import save_pages
from tests.rosters import elderly_centre_posts, sixty_posts, write_yaml

DAY = dt.date(2025, 1, 15)
SVG_ONLY = Output(formats=("svg",))
SVG = "{http://www.w3.org/2000/svg}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def demo_roster(repo: Repository) -> Roster:
    shutil.copy(PROJECT / "records/ycc/staff.yaml", repo.root / "records/ycc/staff.yaml")
    return load_roster(repo.root, "ycc")


def elderly_roster(repo: Repository) -> Roster:
    write_yaml(repo.root / "records/ycc/staff.yaml", elderly_centre_posts())
    return load_roster(repo.root, "ycc")


def sixty_roster(repo: Repository) -> Roster:
    write_yaml(repo.root / "records/ycc/staff.yaml", sixty_posts())
    return load_roster(repo.root, "ycc")


def big_roster(count: int) -> Roster:
    posts: list[dict[str, Any]] = [{"id": "head", "post_zh": "中心主任", "subvented": 1}]
    for team in range(6):
        posts.append({"id": f"t{team}", "post_zh": f"督導主任{team}", "reports_to": "head",
                      "subvented": 1, "team": f"第{team}組"})
    for n in range(count - len(posts)):
        team = n % 6
        boss = f"t{team}" if n < 24 else f"p{n - 24}"
        posts.append({"id": f"p{n}", "post_zh": f"社會工作員（第{team}組{n}）", "reports_to": boss,
                      "subvented": 2})
    import yaml
    return parse_roster_yaml(yaml.safe_dump({"posts": posts}, allow_unicode=True), "staff.yaml")


def expected_label(post: Post, lang: str = "zh") -> str:
    return f"{post.title(lang)} {count_text(post)}"


def overlaps(a: Box, b: Box) -> bool:
    return a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom


def on_border(box: Box, point: tuple[float, float]) -> bool:
    x, y = point
    near = 0.01
    on_x = box.x - near <= x <= box.right + near
    on_y = box.y - near <= y <= box.bottom + near
    return on_x and on_y and (abs(y - box.y) < near or abs(y - box.bottom) < near
                              or abs(x - box.x) < near or abs(x - box.right) < near)


def crosses_inside(box: Box, a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether the axis-parallel segment a-b passes through the box's interior."""
    e = 0.01
    lo_x, hi_x = sorted((a[0], b[0]))
    lo_y, hi_y = sorted((a[1], b[1]))
    return lo_x < box.right - e and hi_x > box.x + e and lo_y < box.bottom - e \
        and hi_y > box.y + e


def assert_sound(page: Page, roster: Roster) -> None:
    """No overlaps, all inside the page, and one connector per reporting line, drawn
    from the parent's bottom edge to the child's border, around every other box."""
    boxes = {b.post_id: b for b in page.boxes}
    assert len(boxes) == len(page.boxes)
    for i, a in enumerate(page.boxes):
        assert a.x >= MARGIN - 0.01 and a.right <= PAGE_W - MARGIN + 0.01, a
        assert a.y >= MARGIN - 0.01 and a.bottom <= PAGE_H - MARGIN + 0.01, a
        for b in page.boxes[i + 1:]:
            assert not overlaps(a, b), (a.post_id, b.post_id)
    for caption in page.captions:
        assert all(caption.y + caption.size * 1.4 <= b.y or caption.y >= b.bottom
                   for b in page.boxes)
    edges = {(p.reports_to, p.id) for p in roster.posts
             if p.id in boxes and p.reports_to in boxes}
    assert {(c.parent, c.child) for c in page.connectors} == edges
    assert len(page.connectors) == len(edges)
    for c in page.connectors:
        parent, child = boxes[c.parent], boxes[c.child]
        first, last = c.points[0], c.points[-1]
        assert abs(first[1] - parent.bottom) < 0.01 and parent.x < first[0] < parent.right
        assert on_border(child, last) and last[1] > parent.bottom
        for p, q in zip(c.points, c.points[1:], strict=False):
            assert p[0] == pytest.approx(q[0]) or p[1] == pytest.approx(q[1])
            for other in page.boxes:
                assert not crosses_inside(other, p, q), (c.parent, c.child, other.post_id)


def test_the_demo_chart_is_one_sound_page_in_large_type(repo: Repository) -> None:
    roster = demo_roster(repo)
    for lang in (("zh",), ("en",), ("zh", "en")):
        [page] = chart_pages(roster, repo.config.unit("ycc"), lang, DAY)
        assert_sound(page, roster)
        assert page.size >= 10


def test_sixty_posts_fit_one_page_with_legible_type(repo: Repository) -> None:
    roster = sixty_roster(repo)
    assert len(roster.posts) == 60
    for lang in (("zh",), ("en",)):
        [page] = chart_pages(roster, repo.config.unit("ycc"), lang, DAY)
        assert_sound(page, roster)
        assert page.size >= MIN_SIZE
        assert {b.post_id for b in page.boxes} == {p.id for p in roster.posts}


def test_box_labels_read_post_and_counts() -> None:
    roster = load_roster(PROJECT, "ycc")
    labels = {p.id: "".join(label.text for label in b.labels)
              for page in chart_pages(roster, _unit(), ("zh",), DAY)
              for b in page.boxes for p in [roster.post(b.post_id)]}
    assert labels["supervisor"] == "中心主任 (1)"
    assert labels["swa_youth"] == "社會工作助理（青少年發展服務） (2) + 1*"
    assert labels["project_sw"] == "計劃社工（共創明「Teen」計劃） 1*"
    assert labels["tutor"] == "功課輔導導師 2*"


# Words of the test rosters' titles that no line may split.
WORDS = ("計劃", "幹事", "長者", "數碼", "共融", "社會工作", "主任", "助理", "服務", "護士", "健康",
         "支援", "兒童", "家庭", "青少年", "發展", "註冊", "兼職", "護理", "文書", "照顧", "義工",
         "工作員", "工作者", "學苑", "小組", "個案")
CLOSING = "）」』，。、"


def split_word(lines: list[str]) -> str | None:
    """The first word of WORDS that the line breaks cut through, if any."""
    text = "".join(lines)
    cuts = [len("".join(lines[:n])) for n in range(1, len(lines))]
    for word in WORDS:
        start = text.find(word)
        while start >= 0:
            if any(start < cut < start + len(word) for cut in cuts):
                return word
            start = text.find(word, start + 1)
    return None


def ideographs(text: str) -> int:
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")


@pytest.mark.parametrize("wrap_em", WRAP_WIDTHS)
def test_titles_break_between_words_never_inside_one(repo: Repository, wrap_em: float) -> None:
    posts = list(load_roster(PROJECT, "ycc").posts) + list(load_roster(PROJECT, "home").posts)
    posts += elderly_roster(repo).posts
    for post in posts:
        zh, en = labels(post, ("zh", "en"), wrap_em)
        lines = list(zh.lines)
        assert split_word(lines) is None, lines
        assert not any(line.lstrip()[0] in CLOSING for line in lines), lines
        if len(lines) > 1:  # no last line of one lone character (and its bracket or count)
            assert ideographs(lines[-1]) != 1, lines
        if wrap_em >= 9:
            assert all(ideographs(line) != 1 or "（" not in line for line in lines[1:]), lines
        assert all(line.endswith(" ") for line in en.lines[:-1]), en.lines  # between words
    project = labels(elderly_roster(repo).post("project"), ("zh",), 12.0)[0]
    if wrap_em == 12.0:  # the box: `計劃幹事（長者數碼共融計` / `劃） 1*`
        assert project.lines == ("計劃幹事", "（長者數碼共融計劃） 1*")


def _unit() -> Any:
    from repo_tool.config import load_config
    return load_config(PROJECT / "repo.yaml").unit("ycc")


def test_a_chart_too_big_for_one_page_is_split_by_team() -> None:
    roster = big_roster(150)
    pages = chart_pages(roster, _unit(), ("zh",), DAY)
    assert len(pages) == 7  # the overview and one page per team
    for page in pages:
        assert page.size >= MIN_SIZE
        assert_sound(page, roster)
    shown = Counter(b.post_id for page in pages for b in page.boxes if not b.context)
    heads = {f"t{n}" for n in range(6)}
    assert set(shown) == {p.id for p in roster.posts}
    assert {post for post, times in shown.items() if times > 1} == heads  # overview and own page
    assert [b.post_id for b in pages[3].boxes if b.context] == ["head"]
    assert pages[3].captions[0].text.endswith("組織架構圖：第2組")
    assert "第 4 頁，共 7 頁" in pages[3].captions[1].text


def test_an_unsplittable_giant_is_a_clear_error() -> None:
    posts: list[dict[str, Any]] = [{"id": "head", "post_zh": "主任", "subvented": 1}]
    posts += [{"id": f"p{n}", "post_zh": f"職員{n}", "reports_to": "head", "subvented": 1}
              for n in range(400)]
    import yaml
    roster = parse_roster_yaml(yaml.safe_dump({"posts": posts}, allow_unicode=True), "s.yaml")
    with pytest.raises(Unsupported, match="does not fit on A4 pages with type of at least 7 pt; "
                                          "give its posts a `team`"):
        chart_pages(roster, _unit(), ("zh",), DAY)


# -- the files ----------------------------------------------------------------------------------


def svg_texts(path: Path) -> list[str]:
    root = ElementTree.parse(path).getroot()
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def docx_paragraphs(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        root = ElementTree.fromstring(z.read("word/document.xml"))
    return ["".join(t.text or "" for t in p.iter(f"{W}t"))
            for box in root.iter(f"{W}txbxContent") for p in box.iter(f"{W}p")]


def run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def check_files(repo: Repository, roster: Roster, langs: tuple[str, ...], lang: str,
                name: str) -> None:
    files = generate_org_chart(repo, "ycc", actor=ACTOR, output=Output(), lang=lang, day=DAY)
    chart = org_chart(repo, "ycc", lang, DAY)  # the layout the files were drawn from
    assert {g.format for g in files} == {"docx", "svg", "pdf"}
    assert all(g.remarks == (chart.summary,) for g in files)
    [page] = chart.pages
    folder = repo.root / "records/ycc/generated"
    stem = "org-chart" if lang == "zh" else f"org-chart.{lang}"
    labels = [label.text for box in page.boxes for label in box.labels]
    expected = [expected_label(p, langs[0]) for p in roster.posts]
    assert sorted(t for b in page.boxes for t in [b.labels[0].text]) == sorted(expected)
    captions = [c.text for c in page.captions]
    assert captions[-len(langs):] == [LEGEND_TEXT[x] for x in langs]
    # SVG: exactly one <text> per label and per caption, nothing else
    assert Counter(svg_texts(folder / f"{stem}.svg")) == Counter(labels + captions)
    # DOCX: every label and caption is an editable text-box paragraph
    assert Counter(docx_paragraphs(folder / f"{stem}.docx")) == Counter(labels + captions)
    # PDF: one landscape A4 page; each box's text is inside the box; the CJK font embedded
    pdf = folder / f"{stem}.pdf"
    info = run("pdfinfo", str(pdf))
    assert "Pages:           1" in info and "841.89 x 595.3" in info
    for box in page.boxes:
        inside = run("pdftotext", "-r", "72", "-x", str(int(box.x)), "-y", str(int(box.y)),
                     "-W", str(int(box.w) + 2), "-H", str(int(box.h) + 2), str(pdf), "-")
        assert squeeze(inside) == squeeze("".join(label.text for label in box.labels))
    whole = squeeze(run("pdftotext", str(pdf), "-"))
    assert all(squeeze(c) in whole for c in captions)
    fonts = run("pdffonts", str(pdf)).splitlines()[2:]
    assert any("CJK" in line and line.split()[-5] == "yes" for line in fonts), fonts
    assert save_png(pdf, name).stat().st_size > 10_000


def save_png(pdf: Path, name: str) -> Path:
    """The PDF's first page as tests/artifacts/papers/NAME-1.png, for a person to look at."""
    return save_pages(pdf, name)[0]


def test_demo_chart_files_agree_with_the_layout(repo: Repository) -> None:
    roster = demo_roster(repo)
    check_files(repo, roster, ("zh",), "zh", "org-chart-ycc-zh")
    check_files(repo, roster, ("zh", "en"), "both", "org-chart-ycc-both")


def test_sixty_post_chart_files_agree_with_the_layout(repo: Repository) -> None:
    roster = sixty_roster(repo)
    check_files(repo, roster, ("zh",), "zh", "org-chart-sixty-zh")


def pdf_words(pdf: Path) -> list[tuple[str, float, float, float, float]]:
    """Each word pdftotext finds on the first page: text, x0, y0, x1, y1 (points)."""
    root = ElementTree.fromstring(run("pdftotext", "-bbox", "-l", "1", str(pdf), "-"))
    return [(w.text or "", float(w.get("xMin", 0)), float(w.get("yMin", 0)),
             float(w.get("xMax", 0)), float(w.get("yMax", 0)))
            for w in root.iter(f"{XHTML}word")]


def box_lines(pdf: Path, box: Box) -> list[str]:
    """The lines of text the PDF shows inside the box."""
    inside = run("pdftotext", "-layout", "-r", "72", "-x", str(int(box.x)), "-y", str(int(box.y)),
                 "-W", str(int(box.w) + 2), "-H", str(int(box.h) + 2), str(pdf), "-")
    return [squeeze(line) for line in inside.splitlines() if line.strip()]


def middle_of(words: list[tuple[str, float, float, float, float]], box: Box) -> float:
    """The middle of the text the PDF shows inside the box, top to bottom."""
    ys = [(y0, y1) for _, x0, y0, x1, y1 in words
          if box.x <= x0 and x1 <= box.right and box.y <= y0 and y1 <= box.bottom]
    return (min(y for y, _ in ys) + max(y for _, y in ys)) / 2


@pytest.mark.parametrize("who", ["elderly", "ycc", "home"])
def test_the_printed_chart_breaks_titles_between_words_centres_the_tree_and_reads_its_legend(
        repo: Repository, who: str) -> None:
    roster = elderly_roster(repo) if who == "elderly" else demo_roster(repo)
    if who == "home":
        shutil.copy(PROJECT / "records/home/staff.yaml", repo.root / "records/ycc/staff.yaml")
        roster = load_roster(repo.root, "ycc")
    [pdf] = generate_org_chart(repo, "ycc", actor=ACTOR, output=Output(formats=("pdf",)),
                               day=DAY)
    [page] = org_chart(repo, "ycc", "zh", DAY).pages
    save_png(pdf.path, f"org-chart-{who}-zh")
    words = pdf_words(pdf.path)
    # every box's lines, as printed, break between words (`計劃幹事（長者數碼共融計` / `劃） 1*`
    # was the complaint); no line starts with a closing bracket
    wrapped = 0
    for box in page.boxes:
        lines = box_lines(pdf.path, box)
        assert "".join(lines) == squeeze(box.labels[0].text)
        assert split_word(lines) is None, lines
        assert not any(line[0] in CLOSING for line in lines), lines
        wrapped += len(lines) > 1
    assert wrapped >= (4 if who == "elderly" else 0)
    # the tree is centred on the page, top to bottom: its top and bottom boxes are as far from
    # the page's middle line (the boxes are all the same height)
    top = min(page.boxes, key=lambda b: b.y)
    bottom = max(page.boxes, key=lambda b: b.bottom)
    assert (middle_of(words, top) + middle_of(words, bottom)) / 2 == pytest.approx(PAGE_H / 2,
                                                                                   abs=2)
    # the legend's type is the boxes' less a point at most (pdftotext's word height is 1.3 em)
    legend = [y1 - y0 for text, _, y0, _, y1 in words if text.startswith("註：")]
    label = [y1 - y0 for text, _, y0, _, y1 in words if text.startswith(
        roster.posts[0].title("zh") or "?")]
    assert legend and label
    assert legend[0] / 1.3 >= label[0] / 1.3 - 1.05, (legend, label)
    assert [c.size for c in page.captions if c.text.startswith("註：")] == [page.size - 1]


def test_charts_are_recorded_with_the_roster_version(repo: Repository) -> None:
    demo_roster(repo)
    generate_org_chart(repo, "ycc", actor=ACTOR, output=SVG_ONLY, day=DAY)
    roster_file = repo.root / "records/ycc/staff.yaml"
    roster_file.write_text(roster_file.read_text(encoding="utf-8").replace("subvented: 2\n",
                           "subvented: 3\n", 1), encoding="utf-8")
    files = generate_org_chart(repo, "ycc", actor=ACTOR, output=SVG_ONLY, day=DAY)
    assert [(g.relpath, g.version) for g in files] == [
        ("records/ycc/generated/org-chart.svg", 2)]
    version = repo.version(repo.document("records/ycc/generated/org-chart.svg"))
    assert re.fullmatch(r"generated org chart from records/ycc/staff\.yaml v2, "
                        r"repo\.yaml \(sha256 [0-9a-f]{12}\)", version.note or "")
    assert repo.document("records/ycc/generated/org-chart.svg").sqs == (4,)
    assert repo.version(repo.document("records/ycc/staff.yaml")).note == \
        "recorded before generating org chart"


def test_hand_edits_to_a_generated_file_are_kept_as_a_version(repo: Repository) -> None:
    demo_roster(repo)
    generate_org_chart(repo, "ycc", actor=ACTOR, output=SVG_ONLY, day=DAY)
    svg = repo.root / "records/ycc/generated/org-chart.svg"
    svg.write_text(svg.read_text(encoding="utf-8").replace("中心主任", "主任"), encoding="utf-8")
    generate_org_chart(repo, "ycc", actor=ACTOR, output=SVG_ONLY, day=DAY)
    versions = repo.catalog.versions(repo.document(svg.relative_to(repo.root)).id)
    assert [v.note for v in versions][1] == "recorded before generating org chart"
    assert len(versions) == 3


def test_a_one_language_chart_needs_every_title_in_it(repo: Repository) -> None:
    write(repo.root / "records/ycc/staff.yaml",
          "posts:\n  - id: head\n    post_zh: 主任\n    subvented: 1\n")
    with pytest.raises(ConfigError, match=r"^records/ycc/staff\.yaml:2: post 'head' has no title "
                                          r"in English \(post_en\); add it, or use --lang zh or "
                                          r"--lang both$"):
        generate_org_chart(repo, "ycc", actor=ACTOR, output=SVG_ONLY, lang="en")


def test_out_never_replaces_a_file_without_force(repo: Repository, tmp_path: Path) -> None:
    demo_roster(repo)
    target = write(tmp_path / "board" / "chart.svg", "mine")
    with pytest.raises(Conflict, match=r"chart\.svg exists; add --force"):
        generate_org_chart(repo, "ycc", actor=ACTOR,
                           output=Output(formats=("svg",), out=target))
    done = generate_org_chart(repo, "ycc", actor=ACTOR,
                              output=Output(formats=("svg",), out=target, force=True))
    assert [(g.path, g.relpath) for g in done] == [(target, None)]
    assert target.read_text(encoding="utf-8").startswith("<?xml")


def test_cli_reports_each_file_and_the_type_size(repo: Repository, cli: Cli) -> None:
    demo_roster(repo)
    done = cli("generate", "org-chart", "--unit", "ycc", "--format", "svg", "--date",
               "2025-01-15")
    assert done.exit_code == 0, done.output
    assert done.output.splitlines()[0] == "wrote records/ycc/generated/org-chart.svg (version 1)"
    assert re.fullmatch(r"12 posts from records/ycc/staff\.yaml on 1 page, box type [\d.]+ pt",
                        done.output.splitlines()[1])
    bad = cli("generate", "org-chart", "--unit", "ycc", "--format", "png")
    assert bad.exit_code == 2
    assert bad.stderr == "error: 'png' is not a format of this document; use docx, svg, pdf\n"
