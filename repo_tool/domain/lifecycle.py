"""The policy lifecycle as pure date logic: which state each version of a policy is in on a day.

States are derived, never stored: the catalog keeps approvals (by the agency head: which
version, effective from which date) and withdrawals (effective from a date), and a version's
state on day D follows from those rows and D alone:

- **draft**: no approval names the version;
- **approved**: approved, but its effective date is after D;
- **in force**: the version of the latest approval whose effective date is on or before D,
  unless a withdrawal took effect after that approval (ties on one day go to whichever was
  recorded later);
- **superseded**: was in force, until a later approved version took effect;
- **withdrawn**: was in force, until a withdrawal took effect (a later approval can bring the
  policy back in force).

Only policies have a lifecycle; records (minutes, registers, generated forms) have no state.
Nothing here reads the catalog or the clock: callers pass `today`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from repo_tool.models import Approval, Withdrawal

State = Literal["draft", "approved", "in force", "superseded", "withdrawn"]
STATES: tuple[State, ...] = ("draft", "approved", "in force", "superseded", "withdrawn")


@dataclass(frozen=True)
class VersionState:
    """Where one version stands on a day."""

    number: int
    state: State
    approval: Approval | None  # the approval that made (or will make) it in force
    effective_on: date | None  # when it took, or takes, effect
    ended_on: date | None  # superseded or withdrawn from this date
    replaced_by: int | None  # the version that superseded it

    @property
    def label(self) -> str:
        """`in force since 2024-04-01`, `approved, effective 2025-04-01`, `draft`..."""
        if self.state == "in force":
            return f"in force since {self.effective_on}"
        if self.state == "approved":
            return f"approved, effective {self.effective_on}"
        if self.state == "superseded":
            return f"superseded by v{self.replaced_by} on {self.ended_on}"
        if self.state == "withdrawn":
            return f"withdrawn on {self.ended_on}"
        return "draft"


def _timeline(approvals: Iterable[Approval], withdrawals: Iterable[Withdrawal], day: date
              ) -> list[Approval | Withdrawal]:
    """Approvals and withdrawals that have taken effect by `day`, in the order they did."""
    events: list[Approval | Withdrawal] = [*approvals, *withdrawals]
    return sorted((e for e in events if e.effective_on <= day),
                  key=lambda e: (e.effective_on, e.recorded_at))


def in_force(approvals: Iterable[Approval], withdrawals: Iterable[Withdrawal], day: date
             ) -> Approval | None:
    """The approval whose version is in force on `day`, or None (never approved, withdrawn)."""
    current: Approval | None = None
    for event in _timeline(approvals, withdrawals, day):
        current = event if isinstance(event, Approval) else None
    return current


def version_states(numbers: Sequence[int], approvals: Sequence[Approval],
                   withdrawals: Sequence[Withdrawal], today: date) -> dict[int, VersionState]:
    """The state of each version number of one document on `today`."""
    current: Approval | None = None
    since: date | None = None
    ended: dict[int, tuple[State, date, int | None]] = {}
    for event in _timeline(approvals, withdrawals, today):
        if isinstance(event, Withdrawal):
            if current is not None:
                ended[current.number] = ("withdrawn", event.effective_on, None)
            current, since = None, None
            continue
        if current is not None and current.number != event.number:
            ended[current.number] = ("superseded", event.effective_on, event.number)
        if current is None or current.number != event.number:
            since = event.effective_on
        ended.pop(event.number, None)  # brought back in force
        current = event
    states = {}
    for number in numbers:
        mine = [a for a in approvals if a.number == number]
        if current is not None and current.number == number:
            states[number] = VersionState(number, "in force", current, since, None, None)
        elif number in ended:
            state, on, by = ended[number]
            last = max((a for a in mine if a.effective_on <= today),
                       key=lambda a: (a.effective_on, a.recorded_at), default=None)
            states[number] = VersionState(number, state, last,
                                          last.effective_on if last else None, on, by)
        elif future := [a for a in mine if a.effective_on > today]:
            first = min(future, key=lambda a: (a.effective_on, a.recorded_at))
            states[number] = VersionState(number, "approved", first, first.effective_on, None,
                                          None)
        elif mine:  # approved and effective, but outdone on the same day by a later record
            last = max(mine, key=lambda a: (a.effective_on, a.recorded_at))
            states[number] = VersionState(number, "superseded", last, last.effective_on,
                                          last.effective_on, None)
        else:
            states[number] = VersionState(number, "draft", None, None, None, None)
    return states


def next_effective_day(recorded_on: date, effective_month: int) -> date:
    """The first 1st of `effective_month` after `recorded_on`: when the review cycle would put
    a draft recorded that day in force (1 April with the HKCSS cycle)."""
    candidate = date(recorded_on.year, effective_month, 1)
    return candidate if candidate > recorded_on else date(recorded_on.year + 1, effective_month, 1)


def approval_overdue(latest: VersionState, recorded_on: date, effective_month: int,
                     today: date) -> date | None:
    """For a policy's latest version: the effective date that passed while it stayed a draft.

    None when the latest version is not a draft, or its cycle's effective date is still ahead.
    """
    if latest.state != "draft":
        return None
    due = next_effective_day(recorded_on, effective_month)
    return due if due <= today else None
