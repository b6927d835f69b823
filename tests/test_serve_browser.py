"""`repo-tool serve` in a real headless browser: Debian's Chromium driven by Selenium through
chromium-driver (both installed by scripts/system-deps.sh), against the real server.

Each test saves screenshots under tests/artifacts/serve/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from repo_tool.repository import Repository
from tests.conftest import PROJECT, wait_for
from tests.serving import FIRST, LOG, Server, demo_with_history, running_server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="Chromium and chromium-driver are not installed (scripts/system-deps.sh installs "
    "them: apt-get install chromium chromium-driver)")

ARTIFACTS = PROJECT / "tests" / "artifacts" / "serve"

if CHROMIUM is not None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_with_history(tmp_path_factory.mktemp("browser") / "demo")


@pytest.fixture(scope="module")
def server(demo: Path) -> Iterator[Server]:
    with running_server(demo) as running:
        yield running


@pytest.fixture
def downloads(tmp_path: Path) -> Path:
    folder = tmp_path / "downloads"
    folder.mkdir()
    return folder


@pytest.fixture
def browser(downloads: Path) -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--window-size=1280,1000", "--lang=zh-HK", "--disable-gpu"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads),
        "download.prompt_for_download": False,
        "safebrowsing.enabled": False})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)),
                              options=options)
    driver.implicitly_wait(10)
    try:
        yield driver
    finally:
        driver.quit()


def shot(driver: WebDriver, name: str) -> Path:
    """Save a screenshot of the whole page as tests/artifacts/serve/NAME.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, min(max(int(height), 600), 4000))
    path = ARTIFACTS / f"{name}.png"
    driver.save_screenshot(str(path))
    print(f"screenshot: {path}")
    return path


def downloaded(folder: Path) -> Path:
    """The one finished download (Chromium writes `.crdownload` and hidden files first)."""
    def finished() -> list[Path]:
        files = list(folder.iterdir())
        if any(f.suffix == ".crdownload" or f.name.startswith(".") for f in files):
            return []
        return files
    wait_for(lambda: bool(finished()), f"a download in {folder}", seconds=90)
    [path] = finished()
    return path


def test_search_privacy_and_open_a_hit(browser: WebDriver, server: Server) -> None:
    browser.get(server.url)
    box = browser.find_element(By.NAME, "q")
    box.send_keys("私隱")
    box.submit()
    hits = browser.find_elements(By.CSS_SELECTOR, ".hit")
    assert len(hits) >= 3
    marks = browser.find_elements(By.CSS_SELECTOR, ".hit mark")
    # 私隱 and, through the glossary, privacy (the page says so)
    assert marks and {m.text.casefold() for m in marks} <= {"私隱", "privacy"}
    assert browser.find_element(By.ID, "also-searched").text == "同時搜尋：privacy"
    shot(browser, "1-search")
    link = hits[0].find_element(By.CSS_SELECTOR, "a.hit-link")
    path = hits[0].find_element(By.CSS_SELECTOR, ".path").text
    assert link.text and link.text != path  # the title, above the path
    link.click()
    assert browser.find_element(By.CSS_SELECTOR, "main h1").text == path.rsplit("/", 1)[1]
    assert "SQS 14 私隱和保密 Privacy and confidentiality" in \
        browser.find_element(By.ID, "sqs").text
    shot(browser, "2-document")


def test_download_version_1_is_byte_for_byte(browser: WebDriver, server: Server, demo: Path,
                                             downloads: Path) -> None:
    browser.get(server.url + "document?path=" + quote(LOG))
    rows = browser.find_elements(By.CSS_SELECTOR, "#versions tr")
    assert len(rows) == 3  # header, version 2, version 1
    shot(browser, "3-history")
    browser.find_element(By.CSS_SELECTOR, 'a.download[data-version="1"]').click()
    got = downloaded(downloads)
    repo = Repository.open(demo)
    try:
        expected = repo.version(repo.document(LOG), 1).sha256
    finally:
        repo.close()
    assert hashlib.sha256(got.read_bytes()).hexdigest() == expected
    assert got.read_bytes() == FIRST.encode()
    browser.find_element(By.CSS_SELECTOR, "form[action='/diff'] button").click()
    added = browser.find_elements(By.CSS_SELECTOR, ".diff .add")
    assert [a.text for a in added] == ["+ 2024-06-11 查閱 second entry 第二段"]
    shot(browser, "4-diff")


def test_readiness_table_of_a_unit(browser: WebDriver, server: Server) -> None:
    browser.get(server.url)
    browser.find_element(By.LINK_TEXT, "ycc").click()
    rows = browser.find_elements(By.CSS_SELECTOR, "#readiness tr[class^=state-]")
    assert len(rows) == 16
    assert "私隱和保密" in rows[13].text and "Privacy and confidentiality" in rows[13].text
    assert "2027-03-31" in rows[13].text
    shot(browser, "5-readiness-zh")
    browser.find_element(By.LINK_TEXT, "English").click()
    assert browser.find_element(By.CSS_SELECTOR, "#readiness th").text == "SQS"
    assert "Readiness" in browser.find_element(By.TAG_NAME, "main").text
    shot(browser, "6-readiness-en")
    browser.get(server.url + "document?path=..%2F..%2Fetc%2Fpasswd")
    assert browser.find_element(By.CSS_SELECTOR, "main h1").text == "400 Error"
    assert "outside the repository" in browser.find_element(By.CSS_SELECTOR, ".error").text
    shot(browser, "9-error-en")


def test_generate_the_cctv_notice(browser: WebDriver, server: Server, downloads: Path,
                                  demo: Path) -> None:
    browser.get(server.url + "generate?unit=ycc")
    shot(browser, "7-generate")
    form = browser.find_element(By.ID, "cctv-notice")
    form.find_element(By.CSS_SELECTOR, "button").click()
    got = downloaded(downloads)
    assert got.name == "cctv-notice.pdf"
    text = subprocess.run(["pdftotext", str(got), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "明德沙田綜合青少年服務中心" in text and "2468 1357" in text
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(got),
                    str(ARTIFACTS / "8-cctv-notice")], check=True)
    assert not (demo / "records" / "ycc" / "generated").exists()  # read-only: not recorded
