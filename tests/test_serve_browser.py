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
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.remote.webelement import WebElement


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
    title = link.text
    link.click()
    assert browser.find_element(By.CSS_SELECTOR, "main h1").text == title  # title, path beneath
    assert browser.find_element(By.ID, "doc-path").text == path
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


def shot_at(driver: WebDriver, name: str, width: int) -> Path:
    """Save the whole page as seen `width` CSS pixels wide (a phone at 375, a desk at 1280)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": min(max(int(height), 600), 8000), "deviceScaleFactor": 1,
        "mobile": width < 600})
    path = ARTIFACTS / f"{name}.png"
    driver.save_screenshot(str(path))
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600})
    print(f"screenshot: {path}")
    return path


# Latin words the Chinese generate page may show: unit codes, file formats, a path's start and
# the language switch
ZH_PAGE_LATIN = {"ycc", "home", "agency", "docx", "pdf", "svg", "policies", "English"}


def fits_the_width(driver: WebDriver) -> bool:
    return bool(driver.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth"))


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_generate_page_says_a_refusal_on_its_form_and_makes_form_201(
        browser: WebDriver, server: Server, downloads: Path, lang: str, width: int) -> None:
    import re

    from docx import Document as WordDocument
    from selenium.webdriver.support.ui import Select

    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600})
    browser.get(server.url + f"generate?unit=ycc&lang={lang}")
    assert browser.execute_script("return window.innerWidth") == width
    assert fits_the_width(browser)
    form = browser.find_element(By.ID, "form-201")
    cycle = Select(form.find_element(By.NAME, "cycle"))
    assert cycle.first_selected_option.text == "2023-24"  # ycc's latest cycle with reviews
    unit = Select(form.find_element(By.NAME, "unit"))
    unit.select_by_value("home")  # no reviews: the current cycle, the first listed
    assert cycle.first_selected_option.text == cycle.options[0].text
    unit.select_by_value("ycc")
    assert cycle.first_selected_option.text == "2023-24"
    if lang == "zh":
        words = set(re.findall(r"[A-Za-z]+", browser.find_element(By.TAG_NAME, "body").text))
        assert words <= ZH_PAGE_LATIN, words - ZH_PAGE_LATIN

    pack = browser.find_element(By.ID, "pack")
    pack.find_element(By.NAME, "sqs").send_keys("2,x")
    pack.find_element(By.CSS_SELECTOR, "button").click()
    said = browser.find_element(By.CSS_SELECTOR, "#pack .error")
    expected = "'x' is not an SQS number" if lang == "en" else "「x」不是服務質素標準的編號"
    assert expected in said.text
    assert browser.current_url.endswith("#pack")
    assert browser.find_element(By.CSS_SELECTOR, "#pack input[name=sqs]") \
        .get_attribute("value") == "2,x"
    top = browser.execute_script("return arguments[0].getBoundingClientRect().top", said)
    assert 0 <= top < browser.execute_script("return window.innerHeight")  # scrolled to it
    assert fits_the_width(browser)
    if lang == "zh":
        assert not set(re.findall(r"[A-Za-z]+", said.text)) - {"x"}, said.text
    shot_at(browser, f"generate-refused-{lang}-{width}", width)

    browser.find_element(By.CSS_SELECTOR, "#form-201 button").click()
    got = downloaded(downloads)
    assert got.suffix == ".docx" and "2023-24" in got.name
    cells = [c.text for t in WordDocument(str(got)).tables for row in t.rows for c in row.cells]
    assert any("陳美玲" in c for c in cells)
    assert not browser.find_elements(By.CSS_SELECTOR, ".error")  # the old reason is gone
    shot_at(browser, f"generate-made-{lang}-{width}", width)


@pytest.fixture(scope="module")
def with_accounts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo with a reviewer of ycc's SQS 14 (until 2026-12-31) and an editor of ycc."""
    from datetime import date

    from repo_tool.domain.accounts import add_account
    from tests.conftest import ACTOR

    root = demo_with_history(tmp_path_factory.mktemp("browser-accounts") / "demo")
    repo = Repository.open(root)
    try:
        add_account(repo, "swd-officer", "reviewer", "correct horse battery", ACTOR,
                    units=("ycc",), sqs=(14,), expires=date(2026, 12, 31),
                    today=date(2026, 12, 1))
        add_account(repo, "陳社工", "editor", "correct horse battery", ACTOR, units=("ycc",),
                    today=date(2026, 12, 1))
    finally:
        repo.close()
    return root


def submit_and_wait(driver: WebDriver, button: WebElement) -> None:
    """Click a form's button and wait until the page it was on has been replaced.

    Waiting on the address alone races when the answer comes back to the same address.
    While the old document is being torn down, chromedriver may answer "Node with given id
    does not belong to the document" instead of a stale reference: that too means replaced
    (CI run of a537e52 failed on it)."""
    page = driver.find_element(By.TAG_NAME, "html")
    button.click()

    def replaced() -> bool:
        try:
            page.is_enabled()
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error.msg):
                return True
            raise
        return False

    wait_for(replaced, "the page after submitting the form")


def sign_in_as(driver: WebDriver, url: str, name: str) -> None:
    driver.get(url + "login")
    driver.find_element(By.NAME, "name").send_keys(name)
    driver.find_element(By.NAME, "password").send_keys("correct horse battery")
    submit_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "#signin button"))


@pytest.mark.parametrize("width", [375, 1280])
def test_a_reviewer_sees_one_units_sqs_and_is_refused_after_expiry(
        browser: WebDriver, with_accounts: Path, width: int) -> None:
    from datetime import date, timedelta

    from repo_tool.web._app import Settings, create_app
    from tests.serving import serving_app

    days = [date(2026, 12, 10)]
    app = create_app(Settings(root=with_accounts, today=lambda: days[0]))
    with serving_app(app) as url:
        browser.get(url + "search?q=" + quote("私隱"))
        assert browser.current_url.startswith(url + "login")
        shot_at(browser, f"accounts-login-zh-{width}", width)
        sign_in_as(browser, url + "search?q=" + quote("私隱") + "&", "swd-officer")
        browser.get(url + "search?q=" + quote("私隱"))
        hits = browser.find_elements(By.CSS_SELECTOR, ".hit")
        assert hits and all("/ycc/" in h.text for h in hits)
        assert "swd-officer" in browser.find_element(By.TAG_NAME, "header").text
        assert fits_the_width(browser)
        shot_at(browser, f"accounts-reviewer-search-zh-{width}", width)
        browser.get(url + "document?path=" + quote("policies/home/SQS-14 私隱和保密/"
                                                   "私隱及保密政策 Privacy and Confidentiality "
                                                   "Policy.docx"))
        assert browser.find_element(By.CSS_SELECTOR, "main h1").text == "403 錯誤"
        refusal = browser.find_element(By.CSS_SELECTOR, ".error").text
        assert "你的帳戶無權查看或更改此項目" in refusal
        shot_at(browser, f"accounts-403-zh-{width}", width)
        browser.get(url + "unit/ycc?lang=en")
        assert len(browser.find_elements(By.CSS_SELECTOR, "#readiness tr[class^=state-]")) == 1
        shot_at(browser, f"accounts-reviewer-unit-en-{width}", width)
        days[0] = date(2026, 12, 31) + timedelta(days=1)
        browser.get(url + "unit/ycc")
        assert browser.current_url.startswith(url + "login")
        sign_in_as(browser, url, "swd-officer")
        assert "The name or password is wrong" in \
            browser.find_element(By.CSS_SELECTOR, ".error").text
        shot_at(browser, f"accounts-expired-en-{width}", width)


def test_an_editor_records_a_review_and_the_audit_log_names_them(
        browser: WebDriver, with_accounts: Path) -> None:
    from repo_tool.web._app import Settings, create_app
    from tests.conftest import run_tool
    from tests.serving import serving_app

    with serving_app(create_app(Settings(root=with_accounts))) as url:
        sign_in_as(browser, url, "陳社工")
        browser.get(url + "unit/ycc?lang=zh")
        form = browser.find_element(By.CSS_SELECTOR, "form[action='/review']")
        assert not form.find_elements(By.NAME, "by")  # the account is the person
        form.find_element(By.CSS_SELECTOR, "select[name=sqs] option[value='4']").click()
        day = form.find_element(By.NAME, "date")
        browser.execute_script("arguments[0].value = '2026-11-30'", day)
        shot_at(browser, "accounts-editor-unit-zh-1280", 1280)
        submit_and_wait(browser, form.find_element(By.CSS_SELECTOR, "button"))
        assert "/unit/ycc" in browser.current_url
    audit = run_tool("audit", "--repo", str(with_accounts))
    line = [line for line in audit.stdout.splitlines() if "review record" in line][-1]
    assert "陳社工" in line and "sqs 4" in line and "2026-11-30" in line


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_audit_checklist_page_fits_and_speaks_one_language(
        browser: WebDriver, with_accounts: Path, lang: str, width: int) -> None:
    """Issue 21's checklist page as a reviewer of ycc sees it, after the audit is started."""
    from repo_tool.web._app import Settings, create_app
    from tests.conftest import run_tool
    from tests.serving import serving_app

    started = run_tool("isa", "start", "--unit", "ycc", "--year", "2026", "--auditor", "審查員",
                       "--repo", str(with_accounts))
    assert started.returncode == 0 or "already" in started.stderr, started.stderr
    with serving_app(create_app(Settings(root=with_accounts))) as url:
        sign_in_as(browser, url, "swd-officer")
        wait_for(lambda: "login" not in browser.current_url, "sign-in to finish")
        browser.get(url + f"unit/ycc/isa?year=2026&lang={lang}")
        assert browser.find_elements(By.CSS_SELECTOR, "main h1")
        at_width = shot_at(browser, f"isa-checklist-{lang}-{width}", width)
        assert at_width.exists()
        assert fits_the_width(browser)
