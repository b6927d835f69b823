"""The org chart's geometry, computed once and drawn the same way as SVG and as DOCX.

A tidy top-down tree: each parent is centred over its children; boxes of one chart share one
size. To stay legible on one A4 landscape page the layout tries, in order of preference,
- the plain tree, then wide levels wrapped: a parent's posts that have nobody under them are
  stacked in one or two columns beside a vertical line (the way hand-drawn org charts do it),
  in groups of at most a few rows;
- from some level down, each post's people listed one under another, indented below it;
- titles wrapped at several widths;
and keeps the arrangement that allows the largest type (at most 11 pt). Everything scales with
the type size, so each arrangement is computed once in ems. If even the best arrangement needs
type below 7 pt, the chart is split by team (see `pages.py`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from repo_tool.domain.roster import Post, Roster
from repo_tool.generate._text import width, wrap

PAGE_W, PAGE_H = 841.89, 595.28        # A4 landscape in points
MARGIN = 28.35                         # 10 mm
MAX_SIZE, MIN_SIZE = 11.0, 7.0         # type size of the boxes, points
LINE = 1.3                             # line height, in ems of the box type
PAD_X, PAD_Y = 0.5, 0.35               # box padding, ems
H_GAP, V_GAP = 1.0, 2.2                # between sibling blocks; from a parent down to its posts
STACK_GAP, STACK_IN, STACK_TOP = 0.6, 0.9, 0.7  # stacked posts: between rows, from the line
LIST_IN = 1.4                          # a list's indent under its parent (its line at half)
SLACK = 1.06                           # boxes a little wider than the text measures
WRAP_WIDTHS = (16.0, 12.0, 9.0, 7.0, 5.5)  # ems
STROKE = 0.75

Point = tuple[float, float]


@dataclass(frozen=True)
class Label:
    """A box's text in one language: the whole text and the lines it is broken into."""

    text: str
    lines: tuple[str, ...]
    lang: str


@dataclass(frozen=True)
class Box:
    """A post's box (points, from the page's top-left corner)."""

    post_id: str
    x: float
    y: float
    w: float
    h: float
    labels: tuple[Label, ...]
    context: bool = False  # a post from another page, shown so the page reads on its own

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def right(self) -> float:
        return self.x + self.w


@dataclass(frozen=True)
class Connector:
    """The line from a parent's box to one of its posts, as axis-parallel segments."""

    parent: str
    child: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Caption:
    """A line of text outside the boxes: title, date, legend."""

    text: str
    x: float
    y: float       # top of the line
    w: float
    size: float
    align: str     # "center" or "left"
    bold: bool = False


@dataclass(frozen=True)
class Page:
    """One page of the chart: boxes, connectors, merged line segments and captions."""

    boxes: tuple[Box, ...]
    connectors: tuple[Connector, ...]
    segments: tuple[tuple[Point, Point], ...]
    captions: tuple[Caption, ...]
    size: float
    width: float = PAGE_W
    height: float = PAGE_H


@dataclass(frozen=True)
class Arrangement:
    """How wide levels are wrapped: posts with nobody under them in stacks of `columns`
    columns and at most `rows` rows; from level `list_from` down (0 = the top post), each
    post's people listed one under another, indented below it."""

    wrap_em: float
    columns: int = 0   # 0: not stacked
    rows: int = 0
    list_from: int | None = None


def count_text(post: Post) -> str:
    """`(3)` subvented, `2*` non-subvented, `(2) + 1*` both."""
    if post.subvented and post.non_subvented:
        return f"({post.subvented}) + {post.non_subvented}*"
    if post.subvented:
        return f"({post.subvented})"
    return f"{post.non_subvented}*"


def labels(post: Post, langs: tuple[str, ...], wrap_em: float) -> tuple[Label, ...]:
    """The post's labels in these languages; the count goes with the first one."""
    out: list[Label] = []
    for lang in langs:
        title = post.title(lang)
        if title is None:
            continue
        count = "" if out else count_text(post)
        lines = wrap(title, wrap_em, count)
        out.append(Label("".join(lines), tuple(lines), lang))
    return tuple(out)


@dataclass
class _Block:
    """A laid-out part of the tree in ems, its top-left corner at (0, 0)."""

    width: float
    height: float
    anchor: float                                   # where the line from above comes down
    boxes: list[tuple[str, float, float]] = field(default_factory=list)
    connectors: list[tuple[str, str, list[Point]]] = field(default_factory=list)
    tails: list[tuple[str, list[Point]]] = field(default_factory=list)  # from (anchor, 0)


def _shift(points: list[Point], dx: float, dy: float) -> list[Point]:
    return [(x + dx, y + dy) for x, y in points]


def _tidy(points: list[Point]) -> list[Point]:
    """Drop repeated points and points in the middle of a straight run."""
    out: list[Point] = []
    for p in points:
        if out and math.isclose(out[-1][0], p[0]) and math.isclose(out[-1][1], p[1]):
            continue
        if len(out) >= 2:
            a, b = out[-2], out[-1]
            if (math.isclose(a[0], b[0]) and math.isclose(b[0], p[0])) or \
                    (math.isclose(a[1], b[1]) and math.isclose(b[1], p[1])):
                out[-1] = p
                continue
        out.append(p)
    return out


class _Tree:
    def __init__(self, roster: Roster, ids: set[str], box: tuple[float, float],
                 how: Arrangement) -> None:
        self.how = how
        self.w, self.h = box
        self.kids: dict[str, list[Post]] = {}
        for post in roster.posts:
            if post.id in ids and post.reports_to in ids:
                self.kids.setdefault(post.reports_to or "", []).append(post)

    def children(self, post_id: str) -> list[Post]:
        return self.kids.get(post_id, [])

    def forest(self, roots: list[Post]) -> _Block:
        return self._row([self.tree(root, 0) for root in roots])[0]

    def tree(self, post: Post, depth: int) -> _Block:
        kids = self.children(post.id)
        if not kids:
            return _Block(self.w, self.h, self.w / 2, [(post.id, 0.0, 0.0)],
                          tails=[(post.id, [(self.w / 2, 0.0)])])
        if self.how.list_from is not None and depth >= self.how.list_from:
            return self._list(post, kids, depth)
        row, anchors = self._row(self._groups(kids, depth))
        centre = (anchors[0] + anchors[-1]) / 2
        left = min(0.0, centre - self.w / 2)
        right = max(row.width, centre + self.w / 2)
        block = _Block(right - left, self.h + V_GAP + row.height, centre - left)
        block.boxes.append((post.id, centre - self.w / 2 - left, 0.0))
        dx, dy = -left, self.h + V_GAP
        block.boxes += [(pid, x + dx, y + dy) for pid, x, y in row.boxes]
        block.connectors += [(a, b, _shift(pts, dx, dy)) for a, b, pts in row.connectors]
        bus = self.h + V_GAP / 2
        for child, pts in row.tails:
            moved = _shift(pts, dx, dy)
            head = [(centre + dx, self.h), (centre + dx, bus), (moved[0][0], bus)]
            block.connectors.append((post.id, child, _tidy(head + moved)))
        block.tails.append((post.id, [(block.anchor, 0.0)]))
        return block

    def _list(self, post: Post, kids: list[Post], depth: int) -> _Block:
        """The post's box with its people listed below it, indented, joined by one line."""
        block = _Block(self.w, self.h, self.w / 2, [(post.id, 0.0, 0.0)],
                       tails=[(post.id, [(self.w / 2, 0.0)])])
        spine = LIST_IN / 2
        y = self.h + STACK_GAP
        for kid in kids:
            sub = self.tree(kid, depth + 1)
            block.boxes += [(pid, x + LIST_IN, by + y) for pid, x, by in sub.boxes]
            block.connectors += [(a, b, _shift(p, LIST_IN, y)) for a, b, p in sub.connectors]
            middle = y + self.h / 2
            block.connectors.append((post.id, kid.id,
                                     [(spine, self.h), (spine, middle), (LIST_IN, middle)]))
            block.width = max(block.width, LIST_IN + sub.width)
            y += sub.height + STACK_GAP
        block.height = y - STACK_GAP
        return block

    def _groups(self, kids: list[Post], depth: int) -> list[_Block]:
        """Child blocks in roster order; leaves stacked when the arrangement says so."""
        leaves = [k for k in kids if not self.children(k.id)]
        chunk = self.how.columns * self.how.rows
        stacked: dict[str, list[Post]] = {}
        if chunk and len(leaves) >= 2:
            for start in range(0, len(leaves), chunk):
                group = leaves[start:start + chunk]
                if len(group) >= 2:
                    stacked[group[0].id] = group
        grouped = {p.id for group in stacked.values() for p in group}
        blocks = []
        for kid in kids:
            if kid.id in stacked:
                blocks.append(self._stack(stacked[kid.id]))
            elif kid.id not in grouped:
                blocks.append(self.tree(kid, depth + 1))
        return blocks

    def _stack(self, posts: list[Post]) -> _Block:
        columns = self.how.columns
        rows = math.ceil(len(posts) / columns)
        spine = 0.0 if columns == 1 else self.w + STACK_IN
        height = STACK_TOP + rows * self.h + (rows - 1) * STACK_GAP
        block = _Block(self.w * columns + STACK_IN * (2 if columns == 2 else 1), height, spine)
        for index, post in enumerate(posts):
            row, col = divmod(index, columns)
            top = STACK_TOP + row * (self.h + STACK_GAP)
            if columns == 1:
                x, edge = STACK_IN, STACK_IN
            else:
                x = 0.0 if col == 0 else self.w + 2 * STACK_IN
                edge = self.w if col == 0 else x
            block.boxes.append((post.id, x, top))
            middle = top + self.h / 2
            block.tails.append((post.id, [(spine, 0.0), (spine, middle), (edge, middle)]))
        return block

    def _row(self, blocks: list[_Block]) -> tuple[_Block, list[float]]:
        """Blocks side by side, tops aligned; returns the row and each block's anchor x."""
        row = _Block(0.0, max(b.height for b in blocks), 0.0)
        anchors = []
        x = 0.0
        for block in blocks:
            row.boxes += [(pid, bx + x, by) for pid, bx, by in block.boxes]
            row.connectors += [(a, b, _shift(p, x, 0)) for a, b, p in block.connectors]
            row.tails += [(c, _shift(p, x, 0)) for c, p in block.tails]
            anchors.append(x + block.anchor)
            x += block.width + H_GAP
        row.width = x - H_GAP
        return row, anchors


@dataclass(frozen=True)
class Fit:
    """An arrangement and the largest type size (points) at which it fits the area."""

    how: Arrangement
    size: float
    block: _Block
    box: tuple[float, float]
    labels: dict[str, tuple[Label, ...]]


def arrangements() -> list[Arrangement]:
    """Every arrangement tried, most preferred first."""
    out = []
    for list_from in (None, 3, 2, 1, 0):
        for wrap_em in WRAP_WIDTHS:
            out.append(Arrangement(wrap_em, list_from=list_from))
            for columns in (2, 1):
                for rows in (12, 8, 6, 4, 3, 2, 1):
                    if columns * rows >= 2:
                        out.append(Arrangement(wrap_em, columns, rows, list_from))
    return out


def best_fit(roster: Roster, ids: set[str], roots: list[Post], langs: tuple[str, ...],
             area: tuple[float, float]) -> Fit:
    """The arrangement of these posts that allows the largest type in `area` (points)."""
    best: Fit | None = None
    by_width: dict[float, dict[str, tuple[Label, ...]]] = {}
    for how in arrangements():
        texts = by_width.setdefault(how.wrap_em, {p.id: labels(p, langs, how.wrap_em)
                                                  for p in roster.posts if p.id in ids})
        inner = max(width(line.rstrip()) for ls in texts.values() for la in ls
                    for line in la.lines)
        lines = max(sum(len(la.lines) for la in ls) for ls in texts.values())
        box = (inner * SLACK + 2 * PAD_X, lines * LINE + 2 * PAD_Y)
        block = _Tree(roster, ids, box, how).forest(roots)
        size = min(area[0] / block.width, area[1] / block.height, MAX_SIZE)
        size = math.floor(size * 2) / 2   # Word sizes type in half points
        if best is None or size > best.size:
            best = Fit(how, size, block, box, texts)
    assert best is not None
    return best


def place(fit: Fit, left: float, top: float, area: tuple[float, float],
          context: frozenset[str] = frozenset()) -> tuple[list[Box], list[Connector]]:
    """The fitted tree scaled to its type size, centred across the area at (left, top) and
    on the page's middle line, as near as the area allows (the title above it is taller than
    the legend below it, so the area's own middle would sit it low on the page)."""
    s = fit.size
    x0 = left + (area[0] - fit.block.width * s) / 2
    height = fit.block.height * s
    y0 = min(max(PAGE_H / 2 - height / 2, top), top + area[1] - height)
    boxes = [Box(pid, x0 + x * s, y0 + y * s, fit.box[0] * s, fit.box[1] * s, fit.labels[pid],
                 pid in context) for pid, x, y in fit.block.boxes]
    connectors = [Connector(a, b, tuple((x0 + x * s, y0 + y * s) for x, y in pts))
                  for a, b, pts in fit.block.connectors]
    return boxes, connectors


def merged_segments(connectors: list[Connector]) -> list[tuple[Point, Point]]:
    """The connectors' segments with overlaps merged, so each stretch of line is drawn once."""
    horizontal: dict[float, list[tuple[float, float]]] = {}
    vertical: dict[float, list[tuple[float, float]]] = {}
    for connector in connectors:
        for (x1, y1), (x2, y2) in zip(connector.points, connector.points[1:], strict=False):
            if math.isclose(y1, y2):
                horizontal.setdefault(round(y1, 4), []).append((min(x1, x2), max(x1, x2)))
            else:
                vertical.setdefault(round(x1, 4), []).append((min(y1, y2), max(y1, y2)))
    out: list[tuple[Point, Point]] = []
    for key, spans in horizontal.items():
        out += [((a, key), (b, key)) for a, b in _union(spans)]
    for key, spans in vertical.items():
        out += [((key, a), (key, b)) for a, b in _union(spans)]
    return out


def _union(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    merged: list[tuple[float, float]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1] + 1e-6:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged

