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
from tests import test_serve_browser as chrome
from tests.conftest import ACTOR
from tests.serving import serving_app
from tests.test_pledges import PLEDGES, TODAY, write
from tests.test_returns_web import LATIN_ALLOWED, alert_items
from tests.test_serve_browser import CHROMEDRIVER, CHROMIUM, fits_the_width, shot_at
from tests.test_serve_browser_pages import no_date_broken

browser = chrome.browser  # the fixtures of a real Chromium, shared with the other tests
downloads = chrome.downloads

if CHROMIUM is not None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver


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


def broken_codes(driver: WebDriver, selector: str) -> list[str]:
    """The dates, periods (`2025-26-Q4`) and levels (`≥ 95%`) in the text of `selector` that a
    line break cuts in two (their text's rectangles do not share one top)."""
    return list(driver.execute_script(
        "const found = [];"
        "const code = /\\d{4}-\\d{2}(?:-\\d{2}|-[QH]\\d)?|[≥≤] \\d[\\d.,]*%?/g;"
        "for (const e of document.querySelectorAll(arguments[0])) {"
        "  const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);"
        "  for (let n = walker.nextNode(); n; n = walker.nextNode()) {"
        "    for (const m of n.data.matchAll(code)) {"
        "      const range = document.createRange();"
        "      range.setStart(n, m.index); range.setEnd(n, m.index + m[0].length);"
        "      const tops = new Set(Array.from(range.getClientRects())"
        "                             .map(r => Math.round(r.top)));"
        "      if (tops.size > 1) found.push(m[0]); } } }"
        "return found;", selector))


@pytest.mark.skipif(CHROMIUM is None or CHROMEDRIVER is None, reason="needs Chromium")
@pytest.mark.parametrize("width", [375, 1280])
def test_the_flags_fit_a_phone_with_no_period_or_date_broken(
        browser: WebDriver, client: FlaskClient, repo: Repository, width: int) -> None:
    with serving_app(create_app(Settings(root=repo.root, today=lambda: TODAY))) as url:
        for lang in ("zh", "en"):
            browser.set_window_size(width, 900)
            browser.get(f"{url}unit/ycc?lang={lang}")
            items = [i.text for i in browser.find_elements(By.CSS_SELECTOR, "#alerts li")]
            assert any(("服務承諾" if lang == "zh" else "Pledge") in i for i in items)
            assert fits_the_width(browser) and no_date_broken(browser)
            assert not broken_codes(browser, "#alerts li")
            browser.execute_script("document.getElementById('alerts').scrollIntoView()")
            shot_at(browser, f"pledges-unit-alerts-{lang}-{width}", width)
