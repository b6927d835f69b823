"""The workflow forms in a real Chromium (issue 20): an editor approves a version and sees its
state change on the document page and in `repo-tool log`, ticks two staff sign-offs and sees
them in `ack report`, enters a quarter's figure and sees the unit's alert go; screenshots of
every workflow page at 375 and 1280 px, in Chinese and English, under tests/artifacts/serve/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest

from repo_tool.domain.accounts import add_account
from repo_tool.domain.policies import approve
from repo_tool.repository import Repository
from repo_tool.web._app import Settings, create_app
from tests.conftest import ACTOR, run_tool, wait_for
from tests.serving import demo_with_history, serving_app
from tests.test_serve_browser import (
    CHROMEDRIVER,
    CHROMIUM,
    browser,
    downloads,
    fits_the_width,
    shot_at,
    sign_in_as,
)

__all__ = ["browser", "downloads"]  # the fixtures, shared with test_serve_browser
pytestmark = pytest.mark.skipif(CHROMIUM is None or CHROMEDRIVER is None,
                                reason="Chromium and chromium-driver are not installed")

if CHROMIUM is not None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.support.ui import Select

TODAY = date(2026, 12, 4)
YCC_POLICY = "policies/ycc/SQS-14 私隱和保密/私隱及保密政策 Privacy and Confidentiality Policy.docx"
YCC_COMPLAINTS = "policies/ycc/SQS-15 申訴/投訴處理程序 Complaints Procedure.docx"
# Latin a Chinese workflow page may show: unit, standard and period codes, the CSV formats
# named on the upload forms, file names, the units of measure written in standards.yaml
# (`120 sessions`), and the language switch
ZH_LATIN = re.compile(r"^(ycc|home|agency|OS\d|OC\d|ESR\d?|SQS|Q\d|H\d|CSV|UTF|Big5?|Excel|"
                      r"English|staff|document|version|date|standard|period|value|note|met|"
                      r"not|records|standards|yaml|Privacy|and|Confidentiality|Policy|"
                      r"Complaints|Procedure|docx|pdf|txt|policies|CCTV|access|log|Y\d+|"
                      r"sessions|cases)$")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo with ycc's privacy policy in force, and an editor of ycc."""
    root = demo_with_history(tmp_path_factory.mktemp("browser-workflows") / "demo")
    repo = Repository.open(root)
    try:
        approve(repo, YCC_POLICY, approver="何家明", role="總幹事",
                effective_on=date(2025, 4, 1), actor=ACTOR, approved_on=date(2025, 3, 20),
                today=TODAY)
        add_account(repo, "陳社工", "editor", "correct horse battery", ACTOR, units=("ycc",),
                    today=TODAY)
    finally:
        repo.close()
    return root


@pytest.fixture(scope="module")
def url(demo: Path) -> Iterator[str]:
    with serving_app(create_app(Settings(root=demo, today=lambda: TODAY))) as address:
        yield address


def at(driver: WebDriver, width: int) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600})


def look(driver: WebDriver, name: str, lang: str, width: int, part: str = "main") -> None:
    """A screenshot, after checking the page fits and, in Chinese, that this part's words
    (the forms on a document page, whose table of versions is another part's) are Chinese."""
    assert fits_the_width(driver), (name, width)
    if lang == "zh":
        body = driver.find_element(By.CSS_SELECTOR, part).text
        for unit in driver.find_elements(By.CSS_SELECTOR, "main h1 small"):  # a unit's name
            body = body.replace(unit.text, "")
        words = {w for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", body) if not ZH_LATIN.match(w)}
        assert not words, (name, words)
    shot_at(driver, f"workflows-{name}-{lang}-{width}", width)


def signed_in(driver: WebDriver, url: str) -> None:
    """Signed in as ycc's editor, once the sign-in page has let the browser go on."""
    sign_in_as(driver, url, "陳社工")
    wait_for(lambda: "/login" not in driver.current_url, "the page after signing in")


def set_value(driver: WebDriver, field: object, value: str) -> None:
    driver.execute_script("arguments[0].value = arguments[1]", field, value)


def test_approving_a_version_changes_its_state_on_the_page_and_in_the_log(
        browser: WebDriver, url: str, demo: Path) -> None:
    signed_in(browser, url)
    page = url + "document?path=" + quote(YCC_COMPLAINTS)
    for lang in ("en", "zh"):
        for width in (375, 1280):
            at(browser, width)
            browser.get(page + f"&lang={lang}")
            look(browser, "document", lang, width, "#workflows")
    at(browser, 1280)
    state = browser.find_element(By.CSS_SELECTOR, "#versions td.state")
    assert state.text == "草稿"
    form = browser.find_element(By.ID, "approve")
    form.find_element(By.NAME, "approver").send_keys("何家明")
    form.find_element(By.NAME, "role").send_keys("總幹事")
    set_value(browser, form.find_element(By.NAME, "effective"), "2026-01-01")
    set_value(browser, form.find_element(By.NAME, "approved"), "2027-01-01")
    form.find_element(By.CSS_SELECTOR, "button").click()
    error = browser.find_element(By.CSS_SELECTOR, "#approve .error")
    assert "批核日期 2027-01-01 在今天（2026-12-04）之後" in error.text
    for width in (375, 1280):
        look(browser, "approve-refused", "zh", width, "#workflows")
    form = browser.find_element(By.ID, "approve")
    assert form.find_element(By.NAME, "approver").get_attribute("value") == "何家明"
    set_value(browser, form.find_element(By.NAME, "approved"), "2025-12-20")
    form.find_element(By.CSS_SELECTOR, "button").click()
    wait_for(lambda: "done=approved" in browser.current_url, "the document page again")
    state = browser.find_element(By.CSS_SELECTOR, "#versions td.state")
    assert state.text.startswith("生效中") and "何家明" in state.text
    for width in (375, 1280):
        look(browser, "approved", "zh", width, "#workflows")
    log = run_tool("log", YCC_COMPLAINTS, "--repo", str(demo)).stdout
    assert "in force" in log and "何家明" in log


def test_ticking_two_staff_shows_them_in_ack_report(browser: WebDriver, url: str,
                                                     demo: Path) -> None:
    signed_in(browser, url)
    for lang in ("en", "zh"):
        for width in (375, 1280):
            at(browser, width)
            browser.get(url + f"unit/ycc/signoffs?lang={lang}")
            look(browser, "signoffs", lang, width)
    at(browser, 1280)
    form = browser.find_element(By.ID, "tick")
    Select(form.find_element(By.NAME, "document")).select_by_value(YCC_POLICY)
    for staff in ("Y001", "Y002"):
        form.find_element(By.CSS_SELECTOR, f"input[name=staff][value={staff}]").click()
    set_value(browser, form.find_element(By.NAME, "date"), "2026-11-30")
    form.find_element(By.CSS_SELECTOR, "button").click()
    wait_for(lambda: "new=2" in browser.current_url, "the report after saving")
    report = browser.find_element(By.CSS_SELECTOR, ".wf-report").text
    assert "已簽閱 2 人" in report and "陳美玲" in report and "李志明" in report
    for width in (375, 1280):
        look(browser, "signed", "zh", width)
    out = run_tool("ack", "report", "--unit", "ycc", "--repo", str(demo)).stdout
    assert re.search(r"signed\s+Y001\s+陳美玲\s+2026-11-30", out)
    assert re.search(r"signed\s+Y002\s+李志明\s+2026-11-30", out)


def test_entering_a_quarters_figure_changes_the_units_alerts(browser: WebDriver,
                                                              url: str) -> None:
    signed_in(browser, url)
    alert = "OS1：2026-27-Q2（"  # the unit page says the alert in its language
    browser.get(url + "unit/ycc")
    assert alert in browser.find_element(By.ID, "alerts").text
    for lang in ("en", "zh"):
        for width in (375, 1280):
            at(browser, width)
            browser.get(url + f"unit/ycc/figures?lang={lang}")
            look(browser, "figures", lang, width)
    at(browser, 375)
    form = browser.find_element(By.ID, "figure")
    Select(form.find_element(By.NAME, "standard")).select_by_value("OS1")
    form.find_element(By.NAME, "period").send_keys("2026-27-Q2")
    form.find_element(By.NAME, "value").send_keys("九十")
    form.find_element(By.CSS_SELECTOR, "button").click()
    assert "「九十」不是數字" in browser.find_element(By.CSS_SELECTOR, "#figure .error").text
    look(browser, "figure-refused", "zh", 375)
    form = browser.find_element(By.ID, "figure")
    value = form.find_element(By.NAME, "value")
    value.clear()
    value.send_keys("93.5")
    form.find_element(By.CSS_SELECTOR, "button").click()
    wait_for(lambda: "done=1" in browser.current_url, "the figures page after saving")
    row = browser.find_element(By.CSS_SELECTOR, "#figures-2026-27 tr[data-code=OS1]").text
    assert "Q2: 93.5" in row and "2026-27-Q2" not in row
    look(browser, "figure-entered", "zh", 375)
    browser.get(url + "unit/ycc")
    assert alert not in browser.find_element(By.ID, "alerts").text


def test_plans_and_visits_pages(browser: WebDriver, url: str) -> None:
    signed_in(browser, url)
    at(browser, 1280)
    browser.get(url + "unit/ycc/plans")
    form = browser.find_element(By.ID, "plan")
    Select(form.find_element(By.NAME, "standard")).select_by_value("OS1")
    for name, value in (("action", "每月檢視入住率"), ("method", "中心會議"),
                        ("owner", "陳美玲"), ("benefit", "全年達標")):
        form.find_element(By.NAME, name).send_keys(value)
    set_value(browser, form.find_element(By.NAME, "due"), "2027-03-31")
    form.find_element(By.CSS_SELECTOR, "button").click()
    wait_for(lambda: "done=added" in browser.current_url, "the plans page after adding")
    assert "每月檢視入住率" in browser.find_element(By.ID, "plans").text
    browser.get(url + "unit/ycc/visits")
    form = browser.find_element(By.ID, "visit")
    set_value(browser, form.find_element(By.NAME, "date"), "2026-10-15")
    form.find_element(By.CSS_SELECTOR, "button").click()
    wait_for(lambda: "done=1" in browser.current_url, "the visits page after saving")
    for page in ("plans", "visits"):
        for lang in ("en", "zh"):
            for width in (375, 1280):
                at(browser, width)
                browser.get(url + f"unit/ycc/{page}?lang={lang}")
                look(browser, page, lang, width)
