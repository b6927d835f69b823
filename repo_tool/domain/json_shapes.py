"""The JSON the CLI's `--json` prints and the web's read API returns: one shape for both.

Values are plain dicts and lists of str/int/float/bool/None (dates as their ISO text when
serialised with `default=str`); the faces only serialise them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from repo_tool.domain.lifecycle import VersionState
from repo_tool.domain.searching import SearchHit
from repo_tool.domain.status import UnitStatus
from repo_tool.repository.history import History


def hits_json(hits: list[SearchHit]) -> list[dict[str, Any]]:
    """`search --json`: the hits only (a program reading them wants no note)."""
    return [asdict(hit) for hit in hits]


def history_json(found: History, states: Mapping[int, VersionState]) -> dict[str, Any]:
    """`log PATH --json`: the document, each version with its policy state, the events."""
    return {"document": asdict(found.document),
            "versions": [{**asdict(v), "state": states[v.number].state
                          if v.number in states else None,
                          "state_detail": asdict(states[v.number])
                          if v.number in states else None}
                         for v in found.versions],
            "events": [asdict(e) for e in found.events]}


def status_json(found: list[UnitStatus]) -> list[dict[str, Any]]:
    """`status --json`: per unit its 16 rows (each with `met`), counts, changed and the files
    found by name only, by format (`{".dwg": 2}`)."""
    return [{**asdict(u), "rows": [{**asdict(r), "met": r.met} for r in u.rows],
             "counts": u.counts, "changed": u.changed, "name_only": dict(u.name_only)}
            for u in found]
