"""Retention in real Chromium (issue 25): the document page with a disposed version and the
unit page an admin sees, at 375 and 1280 px in zh and en, saved under tests/artifacts/serve/
for a person to look at."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest

from repo_tool.web._app import Settings, create_app
from tests.serving import serving_app
from tests.test_retention_web import CASE_1, TODAY, disposed  # noqa: F401 (the fixture)
from tests.test_serve_browser import (  # noqa: F401 (browser, downloads: the fixtures)
    CHROMEDRIVER,
    CHROMIUM,
    browser,
    downloads,
    fits_the_width,
    shot_at,
    sign_in_as,
)

pytestmark = pytest.mark.skipif(CHROMIUM is None or CHROMEDRIVER is None,
                                reason="Chromium and chromium-driver are not installed")

# Latin words the Chinese pages may show: unit codes, the rule's name, the file's name and
# path, the command to run, the language switch, and the account's name
ZH_LATIN = {"ycc", "home", "agency", "complaints", "y", "case", "txt", "records", "repo", "tool",
            "retention", "plan", "English", "admin", "ho", "sha", "KB", "bytes",
            "closed", "statement", "first", "second",  # the file's own words, in its preview
            "Ming", "Tak", "Youth", "Centre", "Social", "Service", "Association"}  # names


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_tombstone_and_the_admins_count_read_well_in_both_languages(
        browser: object, disposed: Path, lang: str, width: int) -> None:  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver

    assert isinstance(browser, WebDriver)
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600})
    with serving_app(create_app(Settings(root=disposed, today=lambda: TODAY))) as url:
        sign_in_as(browser, url, "admin-ho")
        browser.get(url + f"document?path={quote(CASE_1)}&lang={lang}")
        events = browser.find_element(By.ID, "events").text
        row = browser.find_element(By.CSS_SELECTOR, "#versions tr.rt-disposed").text
        if lang == "zh":
            assert "第 1 版已於 2026-03-01 按保存規則 complaints-1y 銷毀，由 何家明 批准" in events
            assert "已銷毀" in row
        else:
            assert "v1 disposed of on 2026-03-01 under rule complaints-1y" in events
            assert "Disposed of on 2026-03-01" in row
        assert fits_the_width(browser)
        _one_language(browser, lang)
        shot_at(browser, f"retention-document-{lang}-{width}", width)
        browser.get(url + f"unit/ycc?lang={lang}")
        count = browser.find_element(By.ID, "rt-overdue").text
        assert ("保存期已過：1 個版本" if lang == "zh" else "Past their retention period: 1")\
            in count
        assert fits_the_width(browser)
        _one_language(browser, lang)
        shot_at(browser, f"retention-unit-{lang}-{width}", width)


def _one_language(driver: object, lang: str) -> None:
    from selenium.webdriver.common.by import By

    if lang != "zh":
        return
    text = driver.find_element(By.TAG_NAME, "main").text  # type: ignore[attr-defined]
    words = set(re.findall(r"[A-Za-z]+", text))
    unexpected = {w for w in words - ZH_LATIN if not re.fullmatch(r"[A-Za-z]{1,2}\d*", w)}
    # SQS names are shown in both languages on purpose (their English under the Chinese)
    assert _english_sqs_names(unexpected), sorted(unexpected)


def _english_sqs_names(words: set[str]) -> bool:
    from repo_tool.sqs import STANDARDS

    english = {w for s in STANDARDS for w in re.findall(r"[A-Za-z]+", s.name_en)}
    return words <= english | {"SQS"}
