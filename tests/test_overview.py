"""The head office's overview (issue 22): the same figures as the per-unit commands, for every
unit of a generated 50-unit repository; the terminal table, JSON and the .xlsx read back."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from benchmarks.units_corpus import TODAY, generate
from repo_tool.cli import cli as cli_group
from repo_tool.domain.isa import FLAG
from repo_tool.domain.overview import filter_rows, overview, sort_rows
from repo_tool.domain.performance import next_sar, sar_deadline
from repo_tool.errors import InvalidInput
from repo_tool.repository import Repository

AS_OF = TODAY.isoformat()


@pytest.fixture(scope="module")
def fifty(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Repository]:
    repo = generate(tmp_path_factory.mktemp("overview") / "repo", 50)
    yield repo
    repo.close()


def run(root: Path, *args: str) -> str:
    result = CliRunner().invoke(cli_group, [*args, "--repo", str(root)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def as_json(root: Path, *args: str) -> Any:
    return json.loads(run(root, *args, "--json"))


def test_overview_equals_the_per_unit_commands_for_every_unit(fifty: Repository) -> None:
    root = fifty.root
    rows = {row["unit"]: row for row in as_json(root, "overview", "--as-of", AS_OF)}
    assert len(rows) == 51  # the head office and 50 units
    overdue_plans = as_json(root, "plan", "list", "--overdue", "--as-of", AS_OF)
    visits = as_json(root, "visit", "list")
    varied = {"not met": 0, "at risk": 0, "persistent": 0, "late": 0, "plans": 0,
              "returns": 0, "pledges": 0}
    for code, row in rows.items():
        (status,) = as_json(root, "status", "--unit", code, "--as-of", AS_OF)
        assert (row["sqs_ok"], row["sqs_due_soon"], row["sqs_overdue"],
                row["sqs_no_evidence"]) == (status["counts"]["ok"], status["counts"]["due soon"],
                                            status["counts"]["overdue"],
                                            status["counts"]["no evidence"]), code
        assert row["reviews_overdue"] == sum(1 for r in status["rows"] if r["next_due"]
                                             and r["next_due"] < AS_OF), code
        assert row["plans_overdue"] == sum(1 for p in overdue_plans if p["unit"] == code), code
        past = [v["visited_on"] for v in visits if v["unit"] == code and v["visited_on"] <= AS_OF]
        assert row["last_visit"] == (max(past) if past else None), code
        if (root / "records" / code / "standards.yaml").is_file():
            shown = as_json(root, "stats", "show", "--unit", code, "--as-of", AS_OF)
            verdicts = [s["verdict"] for s in shown["standards"]]
            assert (row["standards"], row["standards_met"], row["standards_at_risk"],
                    row["standards_not_met"], row["persistently_not_met"]) == (
                len(verdicts), verdicts.count("met"), verdicts.count("at risk"),
                verdicts.count("not met"), len(shown["persistently_not_met"])), code
            # the flags `status` raises this year are the ones `stats show` counts
            flagged = [a for a in status["alerts"] if FLAG in a]
            assert len(flagged) >= row["persistently_not_met"], code
            assert row["sar_deadline"] == "2026-05-15" and row["sar_days"] == 176
        else:
            assert (row["standards"], row["sar_days"]) == (0, None), code
        varied["not met"] += row["standards_not_met"]
        varied["at risk"] += row["standards_at_risk"]
        varied["persistent"] += row["persistently_not_met"]
        varied["late"] += row["sqs_overdue"]
        varied["plans"] += row["plans_overdue"]
        if (root / "records" / code / "standards.yaml").is_file():
            returns = as_json(root, "stats", "returns", "--unit", code, "--as-of", AS_OF)
            assert row["returns_not_submitted"] == sum(
                1 for d in returns["due"] if d["state"] in ("due", "overdue")), code
        else:
            assert row["returns_not_submitted"] == 0, code
        if (root / "records" / code / "pledges.yaml").is_file():
            pledges = as_json(root, "pledge", "list", "--unit", code, "--as-of", AS_OF)
            assert row["pledges_flagged"] == len(pledges["flags"]), code
        else:
            assert row["pledges_flagged"] == 0, code
        varied["returns"] += row["returns_not_submitted"]
        varied["pledges"] += row["pledges_flagged"]
    assert all(varied.values()), varied  # the generated units exercise every column


def test_the_sar_due_next_is_last_years_until_its_deadline_passes() -> None:
    from repo_tool.config import SarSettings

    settings = SarSettings()
    assert next_sar(settings, date(2025, 5, 15)) == (2024, sar_deadline(settings, 2024))
    assert next_sar(settings, date(2025, 5, 16)) == (2025, date(2026, 5, 15))
    assert next_sar(settings, date(2025, 4, 1)) == (2024, date(2025, 5, 15))


def test_the_table_fits_100_columns_and_sorts_and_filters(fifty: Repository) -> None:
    text = run(fifty.root, "overview", "--as-of", AS_OF, "--sort", "sqs_overdue")
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 100
    assert lines[0].split()[:5] == ["unit", "ok", "soon", "late", "none"]
    late = [int(line.split()[3]) for line in lines[1:52]]
    assert late == sorted(late, reverse=True) and late[0] > 0
    rows = overview(fifty, TODAY)
    only = filter_rows(rows, "overdue")
    assert only and all(r.sqs_overdue or r.reviews_overdue or r.plans_overdue
                        or r.returns_not_submitted for r in only)
    assert len(only) < len(rows)
    assert [r.unit for r in sort_rows(rows, "unit")][:3] == ["agency", "u001", "u002"]
    with pytest.raises(InvalidInput, match="cannot sort by 'colour'"):
        sort_rows(rows, "colour")
    picked = as_json(fifty.root, "overview", "--as-of", AS_OF, "--unit", "u007", "--unit", "u002")
    assert [r["unit"] for r in picked] == ["u002", "u007"]


def test_an_unknown_unit_is_one_line(fifty: Repository) -> None:
    result = CliRunner().invoke(cli_group, ["overview", "--unit", "nowhere", "--repo",
                                            str(fifty.root)])
    assert result.exit_code != 0
    assert result.output.startswith("error: unit 'nowhere' is not in repo.yaml")


def test_the_workbook_reads_back_with_the_same_figures(fifty: Repository, tmp_path: Path
                                                      ) -> None:
    out = tmp_path / "overview.xlsx"
    said = run(fifty.root, "overview", "--as-of", AS_OF, "-o", str(out))
    assert said.strip() == f"wrote {out} (51 units)"
    book = load_workbook(out)
    sheet = book["概覽 Overview"]
    header = [c.value for c in sheet[1]]
    assert header[0] == "單位\nUnit" and "SQS 逾期\nSQS overdue" in header
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref == f"A1:R{sheet.max_row}"
    assert sheet.column_dimensions["C"].width >= 30
    rows = {r.unit: r for r in overview(fifty, TODAY)}
    late_col = header.index("SQS 逾期\nSQS overdue") + 1
    for line in sheet.iter_rows(min_row=2):
        code = line[0].value
        assert isinstance(code, str)
        assert line[late_col - 1].value == rows[code].sqs_overdue
        colour = line[late_col - 1].fill.fgColor.rgb
        assert (colour == "00F8D0D0") == (rows[code].sqs_overdue > 0), code
    assert sheet.max_row == 52
    assert book["說明 About"]["B1"].value.date() == TODAY
    again = CliRunner().invoke(cli_group, ["overview", "-o", str(out), "--repo",
                                           str(fifty.root)])
    assert again.exit_code != 0 and "already exists" in again.output
    wrong = CliRunner().invoke(cli_group, ["overview", "-o", str(tmp_path / "x.csv"), "--repo",
                                           str(fifty.root)])
    assert wrong.exit_code != 0 and "does not end in .xlsx" in wrong.output
