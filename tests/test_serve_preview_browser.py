"""Looking before downloading in a real Chromium (issue 20): the document page's thumbnails
appear without a reload, a thumbnail opens the PDF inline in the browser's viewer, and a
search hit carries its first page; screenshots at 375 and 1280 px, in Chinese and English."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from repo_tool.generate.thumbnails import Thumbnailer
from repo_tool.web._app import Settings, create_app
from tests.conftest import wait_for
from tests.serving import demo_with_history, serving_app
from tests.test_serve_browser import (  # noqa: F401 (fixtures)
    CHROMIUM,
    browser,
    downloads,
    fits_the_width,
    shot_at,
)

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")

PDF = "policies/ycc/SQS-14 私隱和保密/私隱及保密政策 Privacy and Confidentiality Policy.pdf"
DOCX = "policies/ycc/SQS-14 私隱和保密/私隱及保密政策 Privacy and Confidentiality Policy.docx"

if CHROMIUM is not None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_with_history(tmp_path_factory.mktemp("preview-browser") / "demo")


@pytest.fixture
def site(demo: Path) -> Iterator[tuple[str, Thumbnailer]]:
    app = create_app(Settings(root=demo, thumbnails=True))
    worker = Thumbnailer(demo)
    app.extensions["thumbnails"] = worker
    try:
        with serving_app(app) as url:
            yield url, worker
    finally:
        worker.close()


def thumbnails_shown(driver: WebDriver) -> int:
    """How many page thumbnails the document page shows drawn (not the placeholder)."""
    return int(driver.execute_script(
        "return Array.from(document.querySelectorAll('#pv-pages img')).filter("
        "i => i.complete && i.naturalWidth > 0 && i.src.indexOf('page=') > 0).length"))


def drawn_colours(driver: WebDriver) -> int:
    """How many colours the window shows (the PDF viewer starts as one dark grey)."""
    import io

    from PIL import Image

    with Image.open(io.BytesIO(driver.get_screenshot_as_png())) as window:
        return len(window.convert("RGB").getcolors(1_000_000) or [])


def latin_words(driver: WebDriver, selector: str) -> set[str]:
    found: set[str] = set()
    for element in driver.find_elements(By.CSS_SELECTOR, selector):
        found |= set(re.findall(r"[A-Za-z]{2,}", element.text))
    return found


def test_open_a_pdf_inline_and_see_its_thumbnails(browser: WebDriver,  # noqa: F811
                                                  site: tuple[str, Thumbnailer]) -> None:
    url, _worker = site
    browser.get(url + "document?lang=zh&path=" + quote(PDF))
    assert browser.find_elements(By.ID, "pv-pages")  # the page came before the drawing
    wait_for(lambda: thumbnails_shown(browser) == 3, "the three page thumbnails", seconds=120)
    assert not latin_words(browser, "#pv-pages-title, #pv-pages, #pv-open, #pv-text summary")
    shot_at(browser, "preview-document-pdf-zh-1280", 1280)
    first = browser.find_element(By.CSS_SELECTOR, "#pv-pages a")
    assert "/view?" in (first.get_attribute("href") or "")
    first.click()
    assert "/view?" in browser.current_url and "#page=1" in browser.current_url
    # Chromium's own PDF viewer shows it: an embedded application/pdf, not a download
    wait_for(lambda: bool(browser.execute_script(
        "return document.contentType === 'application/pdf'")), "the PDF shown inline")
    wait_for(lambda: drawn_colours(browser) > 300, "the viewer to draw the PDF's pages")
    shot_at(browser, "preview-pdf-inline-1280", 1280)


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_document_page_with_its_pages_and_text(browser: WebDriver,  # noqa: F811
                                                   site: tuple[str, Thumbnailer],
                                                   lang: str, width: int) -> None:
    url, _worker = site
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600})
    browser.get(url + f"document?lang={lang}&path=" + quote(DOCX))
    wait_for(lambda: thumbnails_shown(browser) >= 2, "the Word file's page thumbnails",
             seconds=180)
    browser.find_element(By.CSS_SELECTOR, "#pv-text summary").click()
    assert "私隱" in browser.find_element(By.CSS_SELECTOR, "#pv-text pre").text
    assert fits_the_width(browser)
    if lang == "zh":
        assert not latin_words(browser, "#pv-pages-title, #pv-pages, #pv-text summary, "
                                        "#pv-text h3, .pv-note")
    shot_at(browser, f"preview-document-{lang}-{width}", width)


@pytest.mark.parametrize("width", [375, 1280])
def test_search_hits_carry_a_first_page_thumbnail(browser: WebDriver,  # noqa: F811
                                                  site: tuple[str, Thumbnailer],
                                                  width: int) -> None:
    url, worker = site
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600})
    browser.get(url + "search?lang=zh&q=" + quote("私隱及保密政策"))
    assert browser.find_elements(By.CSS_SELECTOR, ".pv-hit img")
    assert worker.wait_idle(300)
    # the placeholder is 240 x 320; an A4 first page drawn 240 wide is taller
    wait_for(lambda: bool(browser.execute_script(
        "const i = document.querySelector('.pv-hit img');"
        "return i.complete && i.naturalWidth === 240 && i.naturalHeight > 320")),
        "the first hit's first page drawn", seconds=60)
    assert fits_the_width(browser)
    shot_at(browser, f"preview-search-zh-{width}", width)
