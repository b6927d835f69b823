"""Text for people: the review and amendment logs, what is due, the readiness table.

Pure functions from library objects to lines; the CLI prints them. A state word goes through
the `style(text, state)` callback so that the CLI can colour it on a terminal. Chinese
characters take two columns in a terminal, so columns are padded by display width.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from repo_tool.domain.due import Window
from repo_tool.domain.reviews import Amendment, Due, Review
from repo_tool.domain.status import SqsStatus, UnitStatus
from repo_tool.humanize import day_text as _day
from repo_tool.humanize import pad
from repo_tool.sqs import ranges, standard

Style = Callable[[str, str], str]


def plain(text: str, state: str) -> str:
    """The style that adds nothing."""
    return text




def _sqs(number: int) -> str:
    return f"SQS {number} {standard(number).name_zh}"


# -- logs -----------------------------------------------------------------------------------


def review_recorded_lines(review: Review, following: Window) -> list[str]:
    """What `review record` says after recording."""
    reviewed = ", ".join(v.label for v in review.versions) or (
        "no policy of this SQS is in the catalog, so no version is tied to it")
    basis = {"document": "the document given", "sqs": "every current policy of the SQS",
             "none": "nothing"}[review.basis]
    return [f"recorded review #{review.id}: {review.unit} {_sqs(review.sqs)}, "
            f"{review.reviewed_on} by {review.reviewer} ({review.outcome})",
            f"  reviewed ({basis}): {reviewed}",
            f"  next review due by {following.deadline} ({following.label} cycle, window opens "
            f"{following.start})"]


def amendment_recorded_lines(amendment: Amendment) -> list[str]:
    """What `amend` says after recording."""
    linked = ", ".join(v.label for v in amendment.versions)
    return [f"recorded amendment #{amendment.id}: {amendment.unit} {_sqs(amendment.sqs)}, "
            f"clause {amendment.clause}, updated {amendment.updated_on}, released "
            f"{amendment.released_on}, next review {_day(amendment.next_review)}",
            f"  new version: {linked}" if linked else
            "  no version of the policy saved since its last review, so none is linked (save "
            "the amended policy before recording its amendment)"]


def review_lines(found: list[Review]) -> list[str]:
    if not found:
        return ["no reviews recorded; record one with `repo-tool review record --unit U "
                "--sqs N --by NAME --date YYYY-MM-DD --outcome no-change`"]
    lines = []
    for r in found:
        reviewed = ", ".join(v.label for v in r.versions) or "no document"
        note = f"  ({r.note})" if r.note else ""
        lines.append(f"#{r.id:<4} {r.reviewed_on}  {pad(r.unit, 8)} {pad(_sqs(r.sqs), 28)} "
                     f"{r.outcome:<9}  by {r.reviewer}; {reviewed}{note}")
    return lines


def amendment_lines(found: list[Amendment]) -> list[str]:
    if not found:
        return ["no amendments recorded; record one with `repo-tool amend --unit U --sqs N "
                "--clause .. --reason .. --new-content .. --updated DATE --released DATE "
                "--by NAME`"]
    lines = []
    for a in found:
        linked = ", ".join(v.label for v in a.versions) or "no new version"
        lines.append(f"#{a.id:<4} {a.updated_on}  {pad(a.unit, 8)} {pad(_sqs(a.sqs), 28)} "
                     f"clause {a.clause}; released {a.released_on}; next review "
                     f"{_day(a.next_review)}; by {a.responsible}; {linked}")
    return lines


# -- due ------------------------------------------------------------------------------------


def _when(item: Due, today: date) -> str:
    assert item.due is not None and item.days_left is not None
    if item.days_left < 0:
        return f"due {item.due} ({-item.days_left} days ago)"
    opens = (f"window opened {item.window_start}" if item.window_start
             and item.window_start <= today else f"window opens {item.window_start}")
    return f"due {item.due} (in {item.days_left} days; {opens})"


def due_lines(items: list[Due], today: date, horizon_words: str, style: Style = plain,
              everything: bool = False) -> list[str]:
    """Overdue, then due soon, then changed, then never reviewed (grouped per unit)."""
    order = {"overdue": 0, "due soon": 1, "ok": 2, "never reviewed": 3}
    shown = [i for i in items if (everything or i.needs_attention)
             and i.state != "never reviewed"]
    shown.sort(key=lambda i: (order[i.state], i.due or date.max, i.unit, i.sqs))
    lines = []
    for item in shown:
        last = f"last review {item.last_review} ({item.cycle} cycle)"
        if item.reviewed_by_head_office:
            last += " by the head office"
        lines.append(f"{style(pad(item.state, 9), item.state)} {pad(item.unit, 8)} "
                     f"{pad(_sqs(item.sqs), 28)} {_when(item, today)}; {last}")
        for path in item.changed_since_review:
            lines.append(f"{style(pad('changed', 9), 'changed')} {pad(item.unit, 8)} "
                         f"{pad(_sqs(item.sqs), 28)} {path} changed after the review of "
                         f"{item.last_review} and no amendment records it")
    for item in items:
        for alert in item.approval_alerts:
            lines.append(f"{style(pad('approval', 9), 'overdue')} {pad(item.unit, 8)} "
                         f"{pad(_sqs(item.sqs), 28)} {alert}")
    never: dict[str, list[int]] = {}
    for item in items:
        if item.state == "never reviewed":
            never.setdefault(item.unit, []).append(item.sqs)
    for unit, numbers in never.items():
        lines.append(f"{style(pad('never', 9), 'never reviewed')} {pad(unit, 8)} SQS "
                     f"{ranges(numbers)}: no review recorded")
    if not lines:
        lines.append(f"nothing is overdue or due within {horizon_words}, and no policy changed "
                     "since its review")
    return lines


# -- status ---------------------------------------------------------------------------------


def status_lines(found: list[UnitStatus], style: Style = plain) -> list[str]:
    """Per unit: a heading, one row per SQS, and the one-line summary."""
    lines: list[str] = []
    for unit in found:
        if lines:
            lines.append("")
        lines.append(f"{unit.unit}  {unit.name_zh} {unit.name_en}")
        lines.append(f"{'SQS':>3}  {pad('standard', 46)} {'docs':>4}  {pad('last change', 11)} "
                     f"{pad('last review', 11)} {pad('next due', 11)} {pad('state', 11)} gaps")
        for row in unit.rows:
            name = pad(f"{row.name_zh} {row.name_en}", 46)
            lines.append(f"{row.sqs:>3}  {name} {row.documents:>4}  "
                         f"{pad(_day(row.last_change), 11)} {pad(_day(row.last_review), 11)} "
                         f"{pad(_day(row.next_due), 11)} {style(pad(row.state, 11), row.state)} "
                         f"{'; '.join(row.gaps + head_office_notes(row))}".rstrip())
        lines.append(summary_line(unit))
        lines += [f"{unit.unit}: {style('alert', 'overdue')} {alert}" for alert in unit.alerts]
    return lines


def head_office_notes(row: SqsStatus | Due) -> tuple[str, ...]:
    """`head-office policy 檢討政策.docx`, `head-office review` for an SQS the unit has no
    policy of its own under (repo_tool.domain.head_office)."""
    stems: dict[str, list[str]] = {}  # a .docx and its .pdf are one policy
    for path in row.head_office:
        stem, dot, suffix = path.rsplit("/", 1)[-1].rpartition(".")
        stems.setdefault(stem if dot else suffix, []).append(f".{suffix}" if dot else "")
    notes = [f"head-office policy {stem}{suffixes[0]}" if len(suffixes) == 1
             else f"head-office policy {stem} ({', '.join(suffixes)})"
             for stem, suffixes in stems.items()]
    if row.reviewed_by_head_office:
        notes.append("head-office review")
    return tuple(notes)


def summary_line(unit: UnitStatus) -> str:
    """`ycc: 3 ok, 1 due soon, 1 overdue, 11 no evidence; 1 changed since its review`."""
    counts = unit.counts
    text = (f"{unit.unit}: {counts['ok']} ok, {counts['due soon']} due soon, "
            f"{counts['overdue']} overdue, {counts['no evidence']} no evidence")
    if unit.changed:
        text += f"; {unit.changed} with a policy changed since its review"
    if unit.policy_states:
        text += "; policies: " + ", ".join(f"{n} {state}" for state, n in unit.policy_states)
    if unit.name_only:
        text += "; found by name only: " + ", ".join(f"{n} {what}" for what, n in unit.name_only)
    return text
