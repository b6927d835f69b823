"""The due-date engine: hand-worked examples (seed 001) and properties that hold for any cycle."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from repo_tool.config import ReviewCycle
from repo_tool.domain.due import (
    Duration,
    Window,
    add_months,
    cycle_of,
    due_state,
    first_window_ending_on_or_after,
    next_window,
    parse_duration,
    window,
)
from repo_tool.errors import InvalidInput
from repo_tool.humanize import parse_day

HKCSS = ReviewCycle(years=3, start_month=12, deadline_month=3, effective_month=4)
NINETY = Duration(90, "d")

cycles = st.builds(ReviewCycle, years=st.integers(1, 10), start_month=st.integers(1, 12),
                   deadline_month=st.integers(1, 12), effective_month=st.integers(1, 12))
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2150, 12, 31))
horizons = st.builds(Duration, amount=st.integers(0, 400),
                     unit=st.sampled_from(["d", "w", "m", "y"]))


# -- hand-worked: the December-to-March cycle of seed 001 --------------------------------------


def test_seed_001_window_runs_december_to_march_in_force_from_april() -> None:
    assert window(HKCSS, 2023) == Window(2023, date(2023, 12, 1), date(2024, 3, 31),
                                         date(2024, 4, 1))
    assert window(HKCSS, 2023).label == "2023-24"
    assert window(HKCSS, 2023).period == "2023-12-01 – 2024-03-31"


@pytest.mark.parametrize(("reviewed", "cycle"), [
    (date(2023, 12, 1), 2023),    # the window opens
    (date(2024, 2, 20), 2023),    # inside it
    (date(2024, 3, 31), 2023),    # the deadline
    (date(2024, 5, 10), 2023),    # late: still counts for the cycle it was late for
    (date(2024, 11, 30), 2023),   # the last day before the next window
    (date(2023, 11, 30), 2022),   # before the window opens: the cycle before
])
def test_a_review_counts_for_the_latest_window_opened_by_its_date(reviewed: date,
                                                                  cycle: int) -> None:
    assert cycle_of(HKCSS, reviewed) == cycle


def test_a_review_in_february_2024_is_next_due_by_the_end_of_march_2027() -> None:
    following = next_window(HKCSS, date(2024, 2, 20))
    assert (following.label, following.start, following.deadline, following.effective) == (
        "2026-27", date(2026, 12, 1), date(2027, 3, 31), date(2027, 4, 1))


def test_a_late_review_does_not_push_the_next_one_later() -> None:
    on_time = next_window(HKCSS, date(2024, 3, 1))
    late = next_window(HKCSS, date(2024, 10, 31))
    assert on_time == late
    assert late.deadline == date(2027, 3, 31)


def test_an_early_review_brings_the_next_one_forward() -> None:
    assert next_window(HKCSS, date(2023, 11, 15)).deadline == date(2026, 3, 31)


@pytest.mark.parametrize(("today", "state"), [
    (date(2023, 9, 1), "ok"),          # the window opens on 2023-12-01, 91 days away
    (date(2023, 9, 2), "due soon"),    # now 90 days away
    (date(2024, 1, 15), "due soon"),   # the window is open
    (date(2024, 3, 31), "due soon"),   # the deadline itself
    (date(2024, 4, 1), "overdue"),     # the day after
    (date(2026, 11, 23), "overdue"),
])
def test_the_demo_home_complaints_policy_reviewed_in_march_2021(today: date, state: str) -> None:
    # policies/home/SQS-15: version 1.0 in force from 2021-04-01, next review 2024-04-01
    following = next_window(HKCSS, date(2021, 3, 25))
    assert following.deadline == date(2024, 3, 31)
    assert due_state(following, today, NINETY) == state


def test_a_longer_horizon_warns_earlier() -> None:
    following = next_window(HKCSS, date(2024, 2, 20))
    assert due_state(following, date(2026, 6, 1), NINETY) == "ok"
    assert due_state(following, date(2026, 6, 1), Duration(6, "m")) == "due soon"


# -- hand-worked: leap years and other cycles --------------------------------------------------


def test_a_february_deadline_is_the_29th_in_a_leap_year() -> None:
    cycle = ReviewCycle(years=3, start_month=12, deadline_month=2, effective_month=3)
    assert window(cycle, 2023).deadline == date(2024, 2, 29)
    assert window(cycle, 2023).effective == date(2024, 3, 1)
    assert window(cycle, 2024).deadline == date(2025, 2, 28)
    following = next_window(cycle, date(2021, 1, 10))  # counts for the 2020 cycle
    assert following.deadline == date(2024, 2, 29)
    assert due_state(following, date(2024, 2, 29)) == "due soon"
    assert due_state(following, date(2024, 3, 1)) == "overdue"


def test_a_review_on_29_february_is_due_three_years_on() -> None:
    assert next_window(HKCSS, date(2024, 2, 29)).deadline == date(2027, 3, 31)


def test_a_window_within_one_calendar_year() -> None:
    cycle = ReviewCycle(years=1, start_month=1, deadline_month=6, effective_month=7)
    assert window(cycle, 2024) == Window(2024, date(2024, 1, 1), date(2024, 6, 30),
                                         date(2024, 7, 1))
    assert window(cycle, 2024).label == "2024"
    assert next_window(cycle, date(2024, 9, 1)).deadline == date(2025, 6, 30)


def test_effective_month_equal_to_the_deadline_month_is_the_year_after() -> None:
    cycle = ReviewCycle(years=2, start_month=1, deadline_month=3, effective_month=3)
    assert window(cycle, 2024).effective == date(2025, 3, 1)


def test_never_reviewed_uses_the_first_deadline_not_yet_passed() -> None:
    assert first_window_ending_on_or_after(HKCSS, date(2025, 2, 1)).deadline == date(2025, 3, 31)
    assert first_window_ending_on_or_after(HKCSS, date(2025, 4, 1)).deadline == date(2026, 3, 31)


# -- parsing -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "start", "end"), [
    ("90d", date(2024, 1, 1), date(2024, 3, 31)),
    ("6w", date(2024, 1, 1), date(2024, 2, 12)),
    ("3m", date(2024, 1, 31), date(2024, 4, 30)),
    ("1M", date(2024, 1, 31), date(2024, 2, 29)),
    ("1y", date(2024, 2, 29), date(2025, 2, 28)),
    (" 0d ", date(2024, 1, 1), date(2024, 1, 1)),
])
def test_durations(text: str, start: date, end: date) -> None:
    assert parse_duration(text).after(start) == end


@pytest.mark.parametrize("text", ["90", "d", "-1d", "1.5m", "90 days", ""])
def test_bad_durations_are_one_clear_error(text: str) -> None:
    with pytest.raises(InvalidInput, match="is not a duration; write a number and d, w, m or y"):
        parse_duration(text)


@pytest.mark.parametrize("text", ["2024-02-30", "2024-2-3", "20240203", "2024-13-01", "soon",
                                  "2024-02-03T10:00"])
def test_bad_dates_are_one_clear_error(text: str) -> None:
    with pytest.raises(InvalidInput, match="write it as YYYY-MM-DD"):
        parse_day(text)


def test_dates_are_iso() -> None:
    assert parse_day(" 2024-02-29 ") == date(2024, 2, 29)


# -- properties --------------------------------------------------------------------------------


@given(cycle=cycles, year=st.integers(1990, 2150))
def test_every_window_opens_on_the_1st_and_closes_on_a_month_end_within_a_year(
        cycle: ReviewCycle, year: int) -> None:
    w = window(cycle, year)
    assert (w.start.day, w.start.month, w.start.year) == (1, cycle.start_month, year)
    assert w.deadline.month == cycle.deadline_month
    assert (w.deadline + timedelta(days=1)).day == 1
    assert w.start <= w.deadline < add_months(w.start, 12)
    assert w.deadline < w.effective <= add_months(w.deadline, 12)
    assert (w.effective.day, w.effective.month) == (1, cycle.effective_month)


@given(cycle=cycles, day=days)
def test_a_review_belongs_to_the_last_window_opened_by_its_date(cycle: ReviewCycle,
                                                                day: date) -> None:
    year = cycle_of(cycle, day)
    assert window(cycle, year).start <= day < window(cycle, year + 1).start


@given(cycle=cycles, reviewed=days)
def test_the_next_review_falls_between_years_minus_one_and_years_plus_one_later(
        cycle: ReviewCycle, reviewed: date) -> None:
    due = next_window(cycle, reviewed).deadline
    assert add_months(reviewed, 12 * (cycle.years - 1)) < due
    assert due < add_months(reviewed, 12 * (cycle.years + 1))


@given(cycle=cycles, first=days, second=days)
def test_a_later_review_is_never_due_earlier(cycle: ReviewCycle, first: date,
                                             second: date) -> None:
    early, late = sorted((first, second))
    assert next_window(cycle, early).deadline <= next_window(cycle, late).deadline


@given(cycle=cycles, reviewed=days, offsets=st.lists(st.integers(0, 6000), min_size=2,
                                                     max_size=6), horizon=horizons)
def test_states_only_move_forward_as_time_passes(cycle: ReviewCycle, reviewed: date,
                                                 offsets: list[int], horizon: Duration) -> None:
    rank = {"ok": 0, "due soon": 1, "overdue": 2}
    following = next_window(cycle, reviewed)
    states = [due_state(following, reviewed + timedelta(days=n), horizon)
              for n in sorted(offsets)]
    assert [rank[s] for s in states] == sorted(rank[s] for s in states)


@given(cycle=cycles, reviewed=days, today=days, horizon=horizons)
def test_overdue_exactly_after_the_deadline_and_due_soon_once_the_window_is_open(
        cycle: ReviewCycle, reviewed: date, today: date, horizon: Duration) -> None:
    following = next_window(cycle, reviewed)
    state = due_state(following, today, horizon)
    assert (state == "overdue") == (today > following.deadline)
    if following.start <= today <= following.deadline:
        assert state == "due soon"


@given(amount=st.integers(0, 9999), unit=st.sampled_from(["d", "w", "m", "y"]))
def test_durations_read_back_as_written(amount: int, unit: str) -> None:
    assert str(parse_duration(f"{amount}{unit}")) == f"{amount}{unit}"


@given(day=days, months=st.integers(-240, 240))
def test_adding_months_keeps_the_day_or_clamps_to_the_month_end(day: date, months: int) -> None:
    moved = add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day == day.day or (moved + timedelta(days=1)).day == 1
