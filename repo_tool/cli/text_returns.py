"""Text and JSON for statistics returns: a written return, a submission, the returns due.

Pure functions from library objects to lines or plain data; the CLI prints them.
"""

from __future__ import annotations

from typing import Any

from repo_tool.domain.performance import (
    RETURN_COLUMNS,
    ReturnDue,
    ReturnsOverview,
    StatsReturn,
    return_cells,
)
from repo_tool.store.returns_log import Submission


def _submit_hint(found: StatsReturn) -> str:
    return f"`repo-tool stats submit --unit {found.unit.code} --period {found.period.code} " \
           "--by ...`"


def submission_line(s: Submission) -> str:
    """`2025-26-Q3 revision 1, 2026-01-10 by 陳主任: records/.../2025-26-Q3 return.csv v1 ...`."""
    who = s.by_name or s.submitted_by
    return f"{s.period} revision {s.revision}, {s.submitted_at[:10]} by {who}: {s.path} " \
           f"v{s.version} (sha256 {s.sha256[:12]})"


def state_line(found: StatsReturn) -> str:
    """Where the return stands against its submissions."""
    latest = found.latest
    if latest is None:
        return f"not submitted yet; submit it with {_submit_hint(found)}"
    if found.state == "submitted":
        return f"submitted: {submission_line(latest)}"
    return f"revised since submission (revision {latest.revision}, " \
           f"{latest.submitted_at[:10]}): {'; '.join(found.changes())}; submit it again with " \
           f"{_submit_hint(found)}"


def return_lines(found: StatsReturn, path: str) -> list[str]:
    """What `stats return` wrote: the file, one line per row, and the state."""
    codes = {row.standard.code for row in found.rows}
    lines = [f"wrote {path}: {found.unit.code} {found.period.label}, {len(codes)} standard(s), "
             f"{len(found.rows)} figure(s)"]
    for row in found.rows:
        s = row.standard
        figure = s.amount(row.value) if row.value is not None else "—"
        lines.append(f"  {s.code:<5}{row.period.code:<12}{figure:<14}{s.name_zh} {s.name_en}"
                     + (f"  ({row.note})" if row.note else ""))
    lines.append(state_line(found))
    return lines


def submission_json(s: Submission) -> dict[str, Any]:
    return {"unit": s.unit, "period": s.period, "revision": s.revision, "path": s.path,
            "version": s.version, "sha256": s.sha256, "submitted_at": s.submitted_at,
            "submitted_by": s.submitted_by, "by": s.by_name}


def return_json(found: StatsReturn, path: str, fmt: str) -> dict[str, Any]:
    return {"unit": found.unit.code, "period": found.period.code,
            "months": found.period.months, "file": path, "format": fmt, "state": found.state,
            "rows": [dict(zip(RETURN_COLUMNS, cells, strict=True))
                     for cells in return_cells(found)],
            "changes": list(found.changes()),
            "submissions": [submission_json(s) for s in found.submissions]}


def _due_text(due: ReturnDue) -> str:
    if due.state == "revised" and due.latest is not None:
        return f"revised since submission (revision {due.latest.revision}): " \
               f"{'; '.join(due.changes)}"
    return f"{due.state}: not submitted, due by {due.due_on.isoformat()}"


def due_json(due: ReturnDue) -> dict[str, Any]:
    return {"period": due.period.code, "months": due.period.months, "state": due.state,
            "due_on": due.due_on, "revision": due.latest.revision if due.latest else None,
            "changes": list(due.changes)}


def overview_lines(found: ReturnsOverview) -> list[str]:
    """`stats returns`: the pace, each submission, then each return due."""
    if found.frequency is None:
        return [f"{found.unit}: no standards file, so no statistics returns"]
    lines = [f"{found.unit}: returns are {found.frequency}, due {found.grace_days} days after "
             "each period ends (sar.returns_grace_days in repo.yaml)"]
    lines.append(f"submitted ({len(found.submissions)}):")
    lines += [f"  {submission_line(s)}" for s in found.submissions] or ["  none yet"]
    lines.append(f"due ({len(found.due)}):")
    lines += [f"  {d.period.label}  {_due_text(d)}" for d in found.due] or ["  nothing"]
    return lines


def overview_json(found: ReturnsOverview) -> dict[str, Any]:
    return {"unit": found.unit, "frequency": found.frequency, "grace_days": found.grace_days,
            "submissions": [submission_json(s) for s in found.submissions],
            "due": [due_json(d) for d in found.due]}
