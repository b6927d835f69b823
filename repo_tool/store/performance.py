"""Catalog queries for performance statistics (figures) and improvement plan items.

A figure is never overwritten: entering a period again adds a row, the newest row of a unit,
standard and period is the one that counts, and the older ones remain as its history. Dates are
ISO `YYYY-MM-DD` text; periods are codes such as `2025-26-Q1` (see performance._periods).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class FigureRow:
    """One figure as entered."""

    id: int
    unit: str
    standard: str
    period: str
    value: float
    note: str | None
    recorded_at: str
    recorded_by: str
    by_name: str | None


@dataclass(frozen=True)
class PlanItem:
    """One item of an improvement plan (seed 003: item, method, deadline, owner, benefit)."""

    id: int
    unit: str
    standard: str
    action: str
    method: str
    due: date
    owner: str
    benefit: str
    recorded_at: str
    recorded_by: str
    done_on: date | None
    done_note: str | None

    def overdue(self, today: date) -> bool:
        return self.done_on is None and self.due < today


_FIGURE = "id, unit, standard, period, value, note, recorded_at, recorded_by, by_name"
_PLAN = ("id, unit, standard, action, method, due, owner, benefit, recorded_at, recorded_by, "
         "done_on, done_note")


def _plan(row: tuple[object, ...]) -> PlanItem:
    values = list(row)
    values[5] = date.fromisoformat(str(values[5]))
    values[10] = date.fromisoformat(str(values[10])) if values[10] else None
    return PlanItem(*values)  # type: ignore[arg-type]


class PerformanceLog:
    """Figures and plan items in the catalog."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def add_figure(self, unit: str, standard: str, period: str, value: float, note: str | None,
                   at: str, user: str, by: str | None) -> int:
        cursor = self.db.execute(
            "INSERT INTO figures (unit, standard, period, value, note, recorded_at, recorded_by, "
            "by_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (unit, standard, period, value, note, at, user, by))
        return int(cursor.lastrowid or 0)

    def figures(self, unit: str, standard: str | None = None) -> list[FigureRow]:
        """Every figure of a unit (all entries, history included), oldest entry first."""
        sql = f"SELECT {_FIGURE} FROM figures WHERE unit = ?"
        params: list[object] = [unit]
        if standard is not None:
            sql += " AND standard = ?"
            params.append(standard)
        return [FigureRow(*row) for row in self.db.execute(sql + " ORDER BY id", params)]

    def figures_by_unit(self) -> dict[str, list[FigureRow]]:
        """Every figure of every unit in one query: unit -> its entries, oldest first."""
        out: dict[str, list[FigureRow]] = {}
        for row in self.db.execute(f"SELECT {_FIGURE} FROM figures ORDER BY id"):
            figure = FigureRow(*row)
            out.setdefault(figure.unit, []).append(figure)
        return out

    def current_figures(self, unit: str) -> dict[tuple[str, str], FigureRow]:
        """(standard, period) -> the newest figure entered for it."""
        out: dict[tuple[str, str], FigureRow] = {}
        for row in self.figures(unit):
            out[(row.standard, row.period)] = row
        return out

    def add_plan(self, unit: str, standard: str, action: str, method: str, due: date,
                 owner: str, benefit: str, at: str, user: str) -> int:
        cursor = self.db.execute(
            "INSERT INTO plan_items (unit, standard, action, method, due, owner, benefit, "
            "recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (unit, standard, action, method, due.isoformat(), owner, benefit, at, user))
        return int(cursor.lastrowid or 0)

    def plans(self, unit: str | None = None) -> list[PlanItem]:
        """Plan items (of one unit or all), by unit, due date and id."""
        sql = f"SELECT {_PLAN} FROM plan_items"
        params: list[object] = []
        if unit is not None:
            sql += " WHERE unit = ?"
            params.append(unit)
        return [_plan(row) for row in self.db.execute(sql + " ORDER BY unit, due, id", params)]

    def plan(self, plan_id: int) -> PlanItem | None:
        row = self.db.execute(f"SELECT {_PLAN} FROM plan_items WHERE id = ?",
                              (plan_id,)).fetchone()
        return _plan(row) if row else None

    def mark_done(self, plan_id: int, on: date, note: str | None, at: str) -> None:
        self.db.execute("UPDATE plan_items SET done_on = ?, done_note = ?, done_recorded_at = ? "
                        "WHERE id = ? AND done_on IS NULL", (on.isoformat(), note, at, plan_id))
