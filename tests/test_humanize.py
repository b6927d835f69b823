"""One way to say each thing: sizes, dates and terminal columns read the same everywhere."""

from __future__ import annotations

from datetime import date

import pytest

from repo_tool.errors import InvalidInput
from repo_tool.humanize import day_text, display_width, human_size, pad, parse_day
from repo_tool.sqs import ranges


@pytest.mark.parametrize(("size", "shown"), [
    (0, "0 bytes"), (1, "1 byte"), (1023, "1023 bytes"), (1024, "1 KB"), (12_800, "12 KB"),
    (3_565_158, "3.4 MB"), (200 * 1024 * 1024, "200 MB"), (1024 ** 3, "1.0 GB"),
])
def test_sizes_read_as_windows_explorer_shows_them(size: int, shown: str) -> None:
    assert human_size(size) == shown


def test_a_day_is_read_from_yyyy_mm_dd_and_anything_else_is_named() -> None:
    assert parse_day(" 2024-02-29 ") == date(2024, 2, 29)
    with pytest.raises(InvalidInput, match=r"'2023-02-29' is not a valid review date; write "
                                           r"it as YYYY-MM-DD"):
        parse_day("2023-02-29", "review date")
    with pytest.raises(InvalidInput, match="'29/2/2024' is not a valid date"):
        parse_day("29/2/2024")
    assert day_text(None) == "—"
    assert day_text(date(2025, 4, 1)) == "2025-04-01"


def test_chinese_takes_two_columns_and_is_cut_whole() -> None:
    assert display_width("私隱 SQS") == 8
    assert pad("私隱政策", 10) == "私隱政策  "
    assert pad("私隱政策及程序", 7) == "私隱政…"
    assert display_width(pad("私隱政策及程序", 7)) == 7


def test_sqs_numbers_read_as_ranges() -> None:
    assert ranges([16, 1, 3, 5, 6, 7, 8]) == "1, 3, 5-8, 16"
    assert ranges([]) == ""
