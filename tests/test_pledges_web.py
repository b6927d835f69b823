"""The pledge flags on the unit page, in Chinese and in English, without commands."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from repo_tool.domain.performance import record_figure
from repo_tool.domain.pledges import pledge_flags
from repo_tool.repository import Repository
from repo_tool.web._app import Settings, create_app
from tests.conftest import ACTOR
from tests.test_pledges import PLEDGES, TODAY, write
from tests.test_returns_web import LATIN_ALLOWED, alert_items


@pytest.fixture
def client(repo: Repository) -> Iterator[FlaskClient]:
    """ycc's pledges unreviewed for over a year, PL1 late for a quarter and not met in the
    next, PL2 late for two halves."""
    write(repo.root / "records/ycc/pledges.yaml",
          PLEDGES.replace("reviewed: 2026-03-20", "reviewed: 2025-10-01"))
    for period, value in [("2025-26-Q3", "95"), ("2025-26-Q4", "96"), ("2026-27-Q2", "91")]:
        record_figure(repo, unit="ycc", standard="PL1", period=period, value=value,
                      actor=ACTOR, today=TODAY)
    with create_app(Settings(root=repo.root, today=lambda: TODAY)).test_client() as test_client:
        yield test_client


def pledge_items(client: FlaskClient, lang: str) -> list[str]:
    return [i for i in alert_items(client, lang, "ycc") if "PL" in i or "承諾" in i
            or "ledge" in i]


def test_the_unit_page_says_the_pledge_flags_in_chinese(client: FlaskClient,
                                                       repo: Repository) -> None:
    assert len(pledge_flags(repo, "ycc", TODAY)) == 4
    zh = pledge_items(client, "zh")
    assert zh == [
        "服務承諾（records/ycc/pledges.yaml）最後於 2025-10-01 檢討，已超過一年；"
        "請檢討並更新檢討日期",
        "服務承諾 PL1：未按時公布成果，2026-27-Q1 未有成果（最後限期 2026-07-31）",
        "服務承諾 PL1 於 2026-27-Q2（2026年7月至9月）未達標：91%，承諾為 ≥ 95%",
        "服務承諾 PL2：未按時公布成果，2025-26-H2、2026-27-H1 未有成果（最後限期 2026-10-31）"]
    for item in zh:
        words = set(re.findall(r"[A-Za-z][A-Za-z0-9']*", item)) - {"records", "ycc", "pledges",
                                                                   "yaml", "PL1", "PL2"}
        assert words <= LATIN_ALLOWED, words - LATIN_ALLOWED


def test_the_unit_page_says_the_pledge_flags_in_english_without_commands(
        client: FlaskClient) -> None:
    en = pledge_items(client, "en")
    assert en[0] == ("The pledges (records/ycc/pledges.yaml) were last reviewed on 2025-10-01, "
                     "over a year ago: review them and update their review date")
    assert en[2] == "Pledge PL1 not met in 2026-27-Q2 (Jul-Sep 2026): 91% against ≥ 95%"
    assert len(en) == 4 and not any("repo-tool" in item or "`" in item for item in en)
