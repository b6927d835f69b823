"""Text and JSON for people and scripts: a unit's year against its standards, plan items.

Pure functions from library objects to lines or plain data; the CLI prints them. A verdict
goes through the `style(text, state)` callback so that the CLI can colour it on a terminal.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from repo_tool.cli.text_reviews import Style, plain
from repo_tool.domain.performance import Assessment, YearReport, year_end, year_start
from repo_tool.store.performance import PlanItem

_BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float]) -> str:
    """`▆▁▂█`: each value's height between the smallest and the largest."""
    if not values:
        return ""
    low, high = min(values), max(values)
    if high == low:
        return _BARS[3] * len(values)
    return "".join(_BARS[round((v - low) / (high - low) * (len(_BARS) - 1))] for v in values)


def _figures(found: Assessment) -> str:
    by_period = {f.period: f for f in found.figures}
    parts = []
    for period in found.periods:
        figure = by_period.get(period)
        if figure is not None:
            parts.append(f"{period.short} {found.standard.amount(figure.value)}")
        elif period in found.missing:
            parts.append(f"{period.short} missing")
        else:
            parts.append(f"{period.short} —")
    return "  ".join(parts)


def report_lines(report: YearReport, style: Style = plain) -> list[str]:
    """The unit's heading, three lines per standard, and a summary."""
    lines = [f"{report.unit}  {report.name_zh} {report.name_en}",
             f"{report.label} ({year_start(report.year)} to {year_end(report.year)}), as of "
             f"{report.as_of}; standards from {report.standards_path}"]
    for found in report.assessments:
        s = found.standard
        lines.append("")
        lines.append(f"{s.code:<5}{s.name_zh} {s.name_en}")
        how = "met / not met" if s.is_esr else f"{s.level_text}, {s.aggregate}"
        trend = "" if s.is_esr else "  " + sparkline([f.value for f in found.figures])
        lines.append(f"     agreed {how} ({s.frequency}):  {_figures(found)}{trend}".rstrip())
        lines.append(f"     {style(found.verdict, found.verdict)} — {found.explain()}")
        for plan in report.plans_for(s.code):
            lines.append(f"     plan #{plan.id}: {plan.action} (due {plan.due}, "
                         f"{_plan_state(plan, report.as_of)})")
    tally = Counter(found.verdict for found in report.assessments)
    summary = ", ".join(f"{tally[v]} {v}" for v in ("met", "not met", "at risk", "on track",
                                                     "no figures") if tally[v])
    missing = sum(len(found.missing) for found in report.assessments)
    open_items = [p for p in report.plans if p.done_on is None]
    overdue = sum(1 for p in open_items if p.overdue(report.as_of))
    lines += ["", f"{report.unit} {report.label}: {summary}; {missing} period(s) missing; "
              f"{len(open_items)} plan item(s) open ({overdue} overdue)"]
    return lines


def _plan_state(plan: PlanItem, today: date) -> str:
    if plan.done_on is not None:
        return f"done {plan.done_on}"
    return "overdue" if plan.overdue(today) else "open"


def report_json(report: YearReport) -> dict[str, Any]:
    return {"unit": report.unit, "year": report.label, "start": year_start(report.year),
            "end": year_end(report.year), "as_of": report.as_of,
            "standards_file": report.standards_path,
            "standards": [{
                "code": a.standard.code, "kind": a.standard.kind,
                "name_zh": a.standard.name_zh, "name_en": a.standard.name_en,
                "level": a.standard.level, "measure": a.standard.measure,
                "aggregate": a.standard.aggregate, "direction": a.standard.direction,
                "frequency": a.standard.frequency, "sqs": list(a.standard.sqs),
                "figures": [{"period": f.period.code, "months": f.period.months,
                             "value": f.value, "note": f.note, "entries": f.entries}
                            for f in a.figures],
                "missing": [p.code for p in a.missing], "below": [p.code for p in a.below],
                "actual": a.actual, "projected": a.projected, "complete": a.complete,
                "verdict": a.verdict, "explanation": a.explain(),
                "plans": [p.id for p in report.plans_for(a.standard.code)],
            } for a in report.assessments]}


def plan_lines(items: list[PlanItem], today: date, style: Style = plain) -> list[str]:
    if not items:
        return ["no improvement plan items"]
    lines = []
    for plan in items:
        state = _plan_state(plan, today)
        lines.append(f"#{plan.id:<4} {plan.unit} {plan.standard:<5} due {plan.due}  "
                     f"{style(state, state)}  "
                     f"{plan.action}")
        lines.append(f"      method: {plan.method}; owner: {plan.owner}; expected benefit: "
                     f"{plan.benefit}")
    return lines


def plan_json(plan: PlanItem, today: date) -> dict[str, Any]:
    return {"id": plan.id, "unit": plan.unit, "standard": plan.standard,
            "action": plan.action, "method": plan.method, "due": plan.due,
            "owner": plan.owner, "benefit": plan.benefit, "done_on": plan.done_on,
            "done_note": plan.done_note, "overdue": plan.overdue(today),
            "recorded_at": plan.recorded_at, "recorded_by": plan.recorded_by}
