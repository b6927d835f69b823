"""The pages in real Chromium (issue 20): search as you type, and the pages at a phone's 375 px
and a desk's 1280 px in Chinese and English, each saved under tests/artifacts/serve/ for a
person to look at."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from tests import test_serve_browser as chrome
from tests.conftest import Cli, wait_for
from tests.serving import Server, demo_with_history, running_server
from tests.test_serve_browser import CHROMIUM, fits_the_width, shot_at

pytestmark = chrome.pytestmark
browser = chrome.browser  # the fixtures of a real Chromium, shared with the other tests
downloads = chrome.downloads

if CHROMIUM is not None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver

POLICY = "policies/ycc/SQS-14 私隱和保密/私隱及保密政策 Privacy and Confidentiality Policy.docx"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = demo_with_history(tmp_path_factory.mktemp("browser-pages") / "demo")
    approved = Cli(root)("approve", POLICY, "--by", "何總幹事", "--role", "總幹事", "--date",
                         "2025-03-20", "--effective", "2025-04-01")
    assert approved.exit_code == 0, approved.output
    overdue = Cli(root)("review", "record", "--unit", "ycc", "--sqs", "15", "--by", "陳美玲",
                        "--date", "2020-01-10", "--outcome", "no-change")
    assert overdue.exit_code == 0, overdue.output
    with running_server(root) as running:
        yield running


def total(driver: WebDriver) -> str:
    """The results' count line, read in one step (the results are replaced as they come)."""
    return str(driver.execute_script(
        "const t = document.querySelector('#results #total'); return t ? t.textContent : ''"))


def test_typing_in_the_search_box_updates_the_results_without_submitting(
        browser: WebDriver, server: Server) -> None:
    browser.get(server.url + "search")
    assert not browser.find_elements(By.CSS_SELECTOR, ".hit")
    browser.execute_script("window.stayed = true;")  # gone if the page were submitted
    browser.find_element(By.NAME, "q").send_keys("私隱")
    wait_for(lambda: len(browser.find_elements(By.CSS_SELECTOR, "#results .hit")) >= 3,
             "the results to appear as the words are typed", seconds=30)
    assert browser.execute_script("return window.stayed === true")
    wait_for(lambda: "q=" in browser.current_url, "the address to follow the query")
    assert quote("私隱") in browser.current_url
    first = total(browser)
    box = browser.find_element(By.NAME, "q")
    box.send_keys(" 閉路電視")  # narrower: fewer documents hold both
    wait_for(lambda: total(browser) not in (first, ""),
             "the results to narrow as more words are typed", seconds=30)
    assert browser.execute_script("return window.stayed === true")
    # the address holds the query: loading it shows the same results, without any script
    browser.get(browser.current_url)
    assert browser.find_element(By.NAME, "q").get_attribute("value") == "私隱 閉路電視"
    assert browser.find_elements(By.CSS_SELECTOR, "#results .hit")


PAGES = {
    "home": "",
    "search": "search?q=" + quote("私隱"),
    "browse": "search?unit=ycc&sqs=14",
    "document": "document?path=" + quote(POLICY),
    "unit": "unit/ycc",
}


def no_date_broken(driver: WebDriver) -> bool:
    """Every date (and date and time) on the page sits on one line: the rectangles of its
    text (a stacked cell's label above it is not its text) share one top."""
    return bool(driver.execute_script(
        "return Array.from(document.querySelectorAll('.date')).every(e => {"
        "  const range = document.createRange(); range.selectNodeContents(e);"
        "  const tops = new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top)));"
        "  return tops.size <= 1; })"))


def form_fields_fit(driver: WebDriver) -> bool:
    """No field of the search form reaches past the form's edge."""
    return bool(driver.execute_script(
        "const form = document.getElementById('search-form');"
        "if (!form) return true;"
        "const edge = form.getBoundingClientRect().right + 0.5;"
        "return Array.from(form.querySelectorAll('select, input, button')).every("
        "e => e.getBoundingClientRect().right <= edge)"))


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_pages_at_a_phones_and_a_desks_width(browser: WebDriver, server: Server,
                                                 lang: str, width: int) -> None:
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600})
    for name, url in PAGES.items():
        browser.get(server.url + url + ("&" if "?" in url else "?") + "lang=" + lang)
        assert browser.find_element(By.TAG_NAME, "main").text
        assert fits_the_width(browser), (name, lang, width)
        assert no_date_broken(browser), (name, lang, width)
        assert form_fields_fit(browser), (name, lang, width)
        if name == "document":
            events = browser.find_element(By.ID, "events").text
            assert ("批核第 1 版" if lang == "zh" else "Version 1 approved by") in events
            assert "{" not in events
        if name == "unit" and width == 375:  # stacked: each cell under its column's name
            cell = browser.find_element(By.CSS_SELECTOR, "#due td[data-label]")
            label = browser.execute_script(
                "return getComputedStyle(arguments[0], '::before').content", cell)
            assert label.strip('"') == ("SQS")
        path: Path = shot_at(browser, f"pages-{name}-{lang}-{width}", width)
        assert path.exists()
