"""Forms 2.01 (review checklist) and 2.02 (amendment record) of the HKCSS SQS 2 policy.

Form 2.01 of a cycle with no review recorded yet is the blank checklist people take to the
review meeting: the 16 SQSs with the unit's current policies, the review columns left empty.
Without a cycle, form 2.01 is of the latest cycle with a review, else the blank checklist of the
window open now or opening next.

Each form is a context built from the review or amendment log, rendered into the template
`form-2.01.docx` / `form-2.02.docx` (the repository's `templates/` first, else the built-in
one), optionally converted to PDF, and recorded as new versions in `records/<unit>/generated/`
with a note naming the log rows and the template it came from. The context's fields are listed
in docs/reviews-and-forms.md so that an agency can design its own template.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from repo_tool.domain.due import Window, window
from repo_tool.domain.head_office import HEAD_OFFICE, MARK
from repo_tool.domain.review_cycles import counted_reviews, default_cycle, policies_of
from repo_tool.domain.reviews import Amendment, Filters, Review, amendments
from repo_tool.errors import InvalidInput, NotFound
from repo_tool.generate._files import write_files
from repo_tool.generate._output import Generated, Output
from repo_tool.generate._templating import builtin_templates, find_template, render_docx
from repo_tool.models import Actor
from repo_tool.repository import Repository
from repo_tool.sqs import STANDARDS, Standard, standard

FORM_201 = "form-2.01.docx"
FORM_202 = "form-2.02.docx"
BLANK_ROWS_202 = 5  # as the seed's form has, for amendments written in by hand later
OUTCOME_TEXT = {"no-change": "結果：無需修訂 no change", "amended": "結果：已修訂 amended"}
NOT_REVIEWED = "未有檢討紀錄 not reviewed"
NBSP = "\u00a0"
_HEAD_OFFICE_FOLDER = f"policies/{HEAD_OFFICE}/"
TO_TICK = "□ 無需修訂 no change　□ 已修訂 amended"  # the blank checklist's outcome, ticked by hand
FIRST_CYCLE, LAST_CYCLE = 1950, 2200


def _common(repo: Repository, unit: str) -> dict[str, Any]:
    registered = repo.config.unit(unit)
    return {"organisation_zh": repo.config.name_zh, "organisation_en": repo.config.name_en,
            "unit_code": registered.code, "unit_zh": registered.name_zh,
            "unit_en": registered.name_en, "generated_on": date.today().isoformat()}


def _stem_and_suffix(path: str) -> tuple[str, str, str]:
    folder, _, name = path.rpartition("/")
    stem, dot, suffix = name.rpartition(".")
    return (folder, stem, dot + suffix) if dot and stem else (folder, name, "")


def document_names(files: Sequence[tuple[str, int | None]]) -> list[str]:
    """One name per document, however many formats of it are filed side by side:
    `私隱政策.docx / .pdf (v1)` for a .docx and its .pdf (each format with its version when
    they differ), `私隱政策 (v1)` for a document in one format; no `(vN)` without versions.
    The spaces after the name are no-break spaces (NBSP), so a line never starts `/ .pdf`."""
    groups: dict[tuple[str, str], list[tuple[str, int | None]]] = {}
    for path, number in sorted(files, key=lambda file: file[0]):
        folder, stem, suffix = _stem_and_suffix(path)
        groups.setdefault((folder, stem), []).append((suffix, number))
    names = []
    for (_, stem), formats in groups.items():
        numbers = {number for _, number in formats}
        if len(numbers) > 1:
            names.append(stem + f"{NBSP}/{NBSP}".join(f"{suffix}{NBSP}(v{number})"
                                                      for suffix, number in formats))
            continue
        shown = stem if len(formats) == 1 else stem + f"{NBSP}/{NBSP}".join(s for s, _ in formats)
        (number,) = numbers
        names.append(shown if number is None else f"{shown}{NBSP}(v{number})")
    return names


def cycle_span(repo: Repository, cycle_year: int) -> tuple[Window, date]:
    """The window of a cycle and the last day a review can count for it."""
    if not FIRST_CYCLE <= cycle_year <= LAST_CYCLE:
        raise InvalidInput(f"--cycle {cycle_year} is not a review year; give the year the "
                           "review window opens, e.g. --cycle 2023 for 2023-24")
    cycle = repo.config.review_cycle
    return window(cycle, cycle_year), window(cycle, cycle_year + 1).start - timedelta(days=1)


def _names(files: Sequence[tuple[str, int | None]]) -> list[str]:
    """document_names, with the head office's documents marked as such."""
    own = [f for f in files if not f[0].startswith(_HEAD_OFFICE_FOLDER)]
    agency = [f for f in files if f[0].startswith(_HEAD_OFFICE_FOLDER)]
    return document_names(own) + [f"{name}{NBSP}（{MARK}）" for name in document_names(agency)]


def _row(sqs: Standard, documents: list[str], outcome: str, period: str,
         review: Review | None, unit: str) -> dict[str, str]:
    return {"sqs": str(sqs.number), "name_zh": sqs.name_zh, "name_en": sqs.name_en,
            "documents": "\n".join(documents) or "—", "outcome": outcome, "period": period,
            "staff": _staff(review, unit),
            "date": review.reviewed_on.isoformat() if review else "", "signature": "",
            "note": (review.note or "") if review else ""}


def _staff(review: Review | None, unit: str) -> str:
    """Who reviewed; a review the head office recorded for its own policy says so."""
    if review is None:
        return ""
    return review.reviewer + (f"\n（{MARK}）" if review.unit != unit else "")


def form_201_context(repo: Repository, unit: str, cycle_year: int | None = None,
                     led_by: str | None = None, head: str | None = None,
                     signed_on: date | None = None) -> tuple[dict[str, Any], list[Review]]:
    """The fields of form 2.01 for one unit and cycle (see `default_cycle` when None), and the
    reviews they come from; with none, the fields of the blank checklist (`blank` true)."""
    context = _common(repo, unit)
    cycle = repo.config.review_cycle
    if cycle_year is None:
        cycle_year = default_cycle(repo, unit)
    this, last_day = cycle_span(repo, cycle_year)
    policies, credited = policies_of(repo, unit)
    filed = {number: [d.path for d in found] for number, found in policies.items()}
    found = counted_reviews(repo, unit, credited, this.start, last_day)
    latest: dict[int, Review] = {}
    for each in found:  # oldest first, so the last one of each SQS wins
        latest[each.sqs] = each
    months = f"{this.start:%Y-%m} 至\n{this.deadline:%Y-%m}"
    rows = []
    for sqs in STANDARDS:
        review = latest.get(sqs.number)
        files: list[tuple[str, int | None]]
        if review is not None:
            files = [(v.path, v.number) for v in review.versions]
            outcome = OUTCOME_TEXT[review.outcome]
        else:
            files = [(path, None) for path in filed.get(sqs.number, [])]
            outcome = TO_TICK if not found else NOT_REVIEWED
        rows.append(_row(sqs, _names(files), outcome, months, review, unit))
    following = window(cycle, cycle_year + cycle.years)
    context.update({
        "cycle": this.label, "period": this.period, "window_start": this.start.isoformat(),
        "deadline": this.deadline.isoformat(), "effective": this.effective.isoformat(),
        "rows": rows, "reviewed": len(latest), "blank": not found, "led_by": led_by or "",
        "head": head or "", "signed_on": signed_on.isoformat() if signed_on else "",
        "next_cycle": following.label, "next_period": following.period,
    })
    return context, sorted(latest.values(), key=lambda r: r.sqs)


def form_202_context(repo: Repository, unit: str, since: date | None = None,
                     until: date | None = None, head: str | None = None,
                     approved_on: date | None = None) -> tuple[dict[str, Any], list[Amendment]]:
    """The fields of form 2.02 for one unit's amendments (by date updated) in a period."""
    context = _common(repo, unit)
    found = amendments(repo, Filters(unit=unit, since=since, until=until))
    period = _period(since, until)
    if not found:
        span = "" if since is None and until is None else f" updated {period}"
        raise NotFound(f"unit '{unit}' has no amendments recorded{span}; record them with "
                       f"`repo-tool amend --unit {unit} --sqs N ...`")
    rows = [{
        "sqs": str(a.sqs), "name_zh": standard(a.sqs).name_zh,
        "name_en": standard(a.sqs).name_en, "clause": a.clause, "reason": a.reason,
        "new_content": a.new_content, "updated": a.updated_on.isoformat(),
        "released": a.released_on.isoformat(),
        "next_review": a.next_review.isoformat() if a.next_review else "",
        "responsible": a.responsible, "signature": "",
    } for a in found]
    rows += [dict.fromkeys(rows[0], "") for _ in range(BLANK_ROWS_202)]
    context.update({"period": period, "rows": rows, "head": head or "",
                    "approved_on": approved_on.isoformat() if approved_on else ""})
    return context, found


def _period(since: date | None, until: date | None) -> str:
    if since is None and until is None:
        return "全部紀錄 all amendments"
    return f"{since.isoformat() if since else '…'} – {until.isoformat() if until else '…'}"


# -- writing --------------------------------------------------------------------------------


def _template_label(repo: Repository, template: Path) -> str:
    digest = hashlib.sha256(template.read_bytes()).hexdigest()[:12]
    if template.parent == builtin_templates():
        return f"the built-in {template.name} ({digest})"
    return f"templates/{template.name} ({digest})"


def _write(repo: Repository, unit: str, template_name: str, context: dict[str, Any],
           stem: str, output: Output, kind: str, used: str, actor: Actor,
           remarks: tuple[str, ...] = ()) -> list[Generated]:
    template = find_template(repo.root, template_name)
    return write_files(repo, unit, stem, output, kind=kind, actor=actor,
                       docx=lambda path: render_docx(template, context, path),
                       notes=(used, _template_label(repo, template)), remarks=remarks)


def _ids(rows: list[Review] | list[Amendment]) -> str:
    return ", ".join(f"#{row.id}" for row in rows)


def generate_form_201(repo: Repository, unit: str, *, actor: Actor, output: Output,
                      cycle_year: int | None = None, led_by: str | None = None,
                      head: str | None = None, signed_on: date | None = None
                      ) -> list[Generated]:
    """Form 2.01 of one unit's review cycle (see `default_cycle` when None) as a .docx (and a
    PDF when `output` asks), recorded with the reviews it lists unless `output` says not; for
    a cycle with no review yet, the blank checklist, saying so in its remarks."""
    context, used = form_201_context(repo, unit, cycle_year, led_by, head, signed_on)
    cycle = context["cycle"]
    if used:
        return _write(repo, unit, FORM_201, context, f"SQS-02 form-2.01 {cycle}", output,
                      "form 2.01", f"reviews {_ids(used)} (unit {unit}, cycle {cycle})", actor)
    remark = (f"空白檢討清單 the blank checklist: no review of unit {unit} is recorded for the "
              f"{cycle} cycle ({context['period']}); take it to the review meeting")
    return _write(repo, unit, FORM_201, context, f"SQS-02 form-2.01 {cycle} blank", output,
                  "form 2.01 (blank checklist)", f"the current policies of unit {unit} "
                  f"(cycle {cycle}, no reviews yet)", actor, (remark,))


def generate_form_202(repo: Repository, unit: str, *, actor: Actor, output: Output,
                      since: date | None = None, until: date | None = None,
                      head: str | None = None, approved_on: date | None = None
                      ) -> list[Generated]:
    """Form 2.02 of one unit's amendments updated from `since` to `until` as a .docx (and a
    PDF when `output` asks), recorded with the amendments it lists unless `output` says not."""
    context, used = form_202_context(repo, unit, since, until, head, approved_on)
    span = "" if since is None and until is None else \
        f" {since.isoformat() if since else 'first'} to {until.isoformat() if until else 'last'}"
    return _write(repo, unit, FORM_202, context, f"SQS-02 form-2.02{span}", output,
                  "form 2.02", f"amendments {_ids(used)} (unit {unit})", actor)
