"""Every generator is called the same way, so a new one cannot drift: `generate_x(repo, unit,
*, actor, output, ...its own options) -> list[Generated]`; the pack takes the same first
parameters and returns its own result."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, get_type_hints

import click
import pytest

import repo_tool.generate
from repo_tool.generate import Generated, Output
from repo_tool.generate.pack import PackResult, make_pack
from repo_tool.models import Actor
from repo_tool.repository import Repository

# what `Output` says; a generator taking any of these itself says it a second way
OUTPUT_WORDS = {"out", "pdf", "force", "record", "formats"}
KNOWN = {"generate_ack_sheet", "generate_cctv_notice", "generate_changes_report",
         "generate_disposal_record",
         "generate_form_201", "generate_form_202", "generate_org_chart", "generate_sar"}


def generators() -> dict[str, Callable[..., Any]]:
    """Every public `generate_*` function defined anywhere under repo_tool.generate."""
    found: dict[str, Callable[..., Any]] = {}
    package = repo_tool.generate
    for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if (name.startswith("generate_") and inspect.isfunction(value)
                    and value.__module__ == module.__name__):
                found[name] = value
    return found


def check_call(function: Callable[..., Any]) -> dict[str, Any]:
    """The shared parameters; returns the type hints for the caller to check the result."""
    hints = get_type_hints(function)
    parameters = list(inspect.signature(function).parameters.values())
    assert [p.name for p in parameters[:2]] == ["repo", "unit"]
    assert all(p.kind is p.POSITIONAL_OR_KEYWORD for p in parameters[:2])
    assert (hints["repo"], hints["unit"]) == (Repository, str)
    rest = parameters[2:]
    assert all(p.kind is p.KEYWORD_ONLY for p in rest), "options after `unit` are keyword-only"
    assert [p.name for p in rest[:2]] == ["actor", "output"]
    assert (hints["actor"], hints["output"]) == (Actor, Output)
    assert not OUTPUT_WORDS & {p.name for p in rest}, "where and how files go is in `output`"
    return hints


def test_the_known_generators_are_found() -> None:
    assert set(generators()) >= KNOWN


@pytest.mark.parametrize("name", sorted(generators()))
def test_every_generator_follows_the_contract(name: str) -> None:
    hints = check_call(generators()[name])
    assert hints["return"] == list[Generated]


def test_the_pack_takes_the_same_first_parameters() -> None:
    hints = check_call(make_pack)
    assert hints["return"] is PackResult


def test_every_generate_command_takes_the_same_output_options() -> None:
    from repo_tool.cli import cli

    cli.load_all()
    generate = cli.commands["generate"]
    assert isinstance(generate, click.Group)
    for name, command in [*generate.commands.items(), ("pack", cli.commands["pack"])]:
        options = {opt for param in command.params for opt in param.opts}
        assert {"-o", "--out", "--force", "--by", "--json"} <= options, name
        assert ("--pdf" in options) != ("--format" in options), name


def test_one_line_per_file_then_each_remark_once(tmp_path: Path) -> None:
    from repo_tool.cli.text import generated_json, generated_lines

    chart = "12 posts from records/ycc/staff.yaml on 1 page, box type 11 pt"
    done = [Generated(tmp_path / "org-chart.svg", "records/ycc/generated/org-chart.svg", 3,
                      (chart,)),
            Generated(tmp_path / "org-chart.pdf", None, None, (chart,))]
    assert generated_lines(done) == [
        "wrote records/ycc/generated/org-chart.svg (version 3)",
        f"wrote {tmp_path / 'org-chart.pdf'} (not recorded: outside the units' folders)", chart]
    assert generated_json(done) == [
        {"path": str(tmp_path / "org-chart.svg"),
         "recorded_as": "records/ycc/generated/org-chart.svg", "version": 3, "format": "svg"},
        {"path": str(tmp_path / "org-chart.pdf"), "recorded_as": None, "version": None,
         "format": "pdf"}]
