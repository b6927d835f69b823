"""Adding documents and the unit's document table in a real headless Chromium (issue 20):
two files dropped into SQS 14 are recorded and then found by search, the table sorts and the
ticked documents download as a zip, in both languages at 375 and 1280 CSS pixels.

Screenshots go to tests/artifacts/serve/ (git-ignored), as in tests/test_serve_browser.py.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest

from repo_tool.domain.accounts import add_account
from repo_tool.repository import Repository
from repo_tool.sqs import STANDARDS
from repo_tool.web._app import Settings, create_app
from tests import test_serve_browser as chromium
from tests.conftest import ACTOR, wait_for
from tests.serving import demo_repository, serving_app
from tests.test_serve_browser import (
    CHROMEDRIVER,
    CHROMIUM,
    downloaded,
    fits_the_width,
    shot_at,
    sign_in_as,
)

browser = chromium.browser  # the fixtures: Chromium with its downloads folder
downloads = chromium.downloads

pytestmark = pytest.mark.skipif(CHROMIUM is None or CHROMEDRIVER is None,
                                reason="Chromium and chromium-driver are not installed")

if CHROMIUM is not None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.support.ui import Select

SQS14 = "records/ycc/SQS-14 私隱和保密"
# Latin a Chinese page may show: unit codes, the SQS abbreviation and names (always in both
# languages), paths' folders, file names and sizes, and the language switch
ZH_LATIN = {"ycc", "SQS", "MB", "GB", "English", "records", "policies", "zip", "txt", "docx",
            "pdf", "B"}
WORDS = {("zh", 375): ("kestrel", "plover"), ("zh", 1280): ("osprey", "curlew"),
         ("en", 375): ("heron", "avocet"), ("en", 1280): ("egret", "dunlin")}


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    demo = demo_repository(tmp_path_factory.mktemp("browser-upload") / "demo")
    repo = Repository.open(demo)
    try:
        add_account(repo, "陳社工", "editor", "correct horse battery", ACTOR, units=("ycc",),
                    today=date(2026, 12, 1))
    finally:
        repo.close()
    return demo


@pytest.fixture(scope="module")
def url(root: Path) -> Iterator[str]:
    with serving_app(create_app(Settings(root=root))) as address:
        yield address


def at_width(driver: WebDriver, width: int) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600})


def latin_words(driver: WebDriver) -> set[str]:
    """Latin words on the page, less the Latin names of SQSs (bilingual by design) and the
    documents' own names and titles."""
    text = driver.find_element(By.TAG_NAME, "main").text
    for standard in STANDARDS:
        text = text.replace(standard.name_en, "")
    for cell in driver.find_elements(By.CSS_SELECTOR, "td.title, #upload-progress .name"):
        text = text.replace(cell.text, "")  # the documents' titles and names are names
    text = re.sub(r"\S*/\S*", "", text)  # paths
    return set(re.findall(r"[A-Za-z]+", text)) - ZH_LATIN


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_two_files_into_sqs_14_are_found_by_search_and_zipped(
        browser: WebDriver, root: Path, url: str, downloads: Path, tmp_path: Path,
        lang: str, width: int) -> None:
    first_word, second_word = WORDS[(lang, width)]
    first = tmp_path / f"家訪紀錄 {first_word}.txt"
    first.write_text(f"家訪紀錄 保密 {first_word}", encoding="utf-8")
    second = tmp_path / f"同意書 {second_word}.txt"
    second.write_text(f"服務使用者同意書 {second_word}", encoding="utf-8")
    sign_in_as(browser, url, "陳社工")
    at_width(browser, width)
    browser.get(url + f"unit/ycc/add?lang={lang}")
    assert fits_the_width(browser)
    if lang == "zh":
        assert not latin_words(browser), latin_words(browser)
    form = browser.find_element(By.ID, "upload-form")
    Select(form.find_element(By.NAME, "sqs")).select_by_value("14")
    form.find_element(By.ID, "upload-files").send_keys(f"{first}\n{second}")
    shot_at(browser, f"upload-add-{lang}-{width}", width)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for(lambda: len(browser.find_elements(By.CSS_SELECTOR, "#upload-progress li.done"))
             == 2, "both files recorded", seconds=60)
    assert not browser.find_elements(By.CSS_SELECTOR, "#upload-progress li.failed")
    done = browser.find_element(By.ID, "upload-progress").text
    assert ("已記錄，可搜尋" if lang == "zh" else "Recorded and searchable") in done
    assert f"{SQS14}/{first.name}" in done
    assert fits_the_width(browser)
    shot_at(browser, f"upload-done-{lang}-{width}", width)

    for word, name in ((first_word, first.name), (second_word, second.name)):
        browser.get(url + f"search?q={quote(word)}&lang={lang}")
        hits = browser.find_elements(By.CSS_SELECTOR, ".hit")
        assert len(hits) == 1 and f"{SQS14}/{name}" in hits[0].text
    shot_at(browser, f"upload-search-{lang}-{width}", width)

    browser.get(url + f"unit/ycc/documents?sort=-modified&sqs=14&lang={lang}")
    assert fits_the_width(browser)
    if lang == "zh":
        assert not latin_words(browser), latin_words(browser)
    for name in (first.name, second.name):
        box = browser.find_element(By.CSS_SELECTOR, f"input[name=path][value='{SQS14}/{name}']")
        box.click()
    # (clicked before the screenshot: after shot_at's resizing a phone's click can go astray)
    browser.find_element(By.CSS_SELECTOR, "#documents-zip button[type=submit]").click()
    got = downloaded(downloads)
    shot_at(browser, f"upload-documents-{lang}-{width}", width)
    with zipfile.ZipFile(got) as archive:
        assert sorted(archive.namelist()) == sorted([f"{SQS14}/{first.name}",
                                                     f"{SQS14}/{second.name}"])
        assert archive.read(f"{SQS14}/{first.name}") == first.read_bytes()


@pytest.mark.parametrize("width", [375, 1280])
def test_a_refused_file_and_the_unit_page_with_its_form(browser: WebDriver, url: str,
                                                        tmp_path: Path, width: int) -> None:
    empty = tmp_path / "空白.txt"
    empty.write_bytes(b"")
    sign_in_as(browser, url, "陳社工")
    at_width(browser, width)
    browser.get(url + "unit/ycc?lang=zh")
    assert browser.find_element(By.ID, "upload-form")
    assert fits_the_width(browser)
    shot_at(browser, f"upload-unit-zh-{width}", width)
    form = browser.find_element(By.ID, "upload-form")
    form.find_element(By.ID, "upload-files").send_keys(str(empty))
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for(lambda: bool(browser.find_elements(By.CSS_SELECTOR, "#upload-progress li.failed")),
             "the refusal", seconds=60)
    said = browser.find_element(By.CSS_SELECTOR, "#upload-progress li.failed").text
    assert "「空白.txt」是空白檔案（0 位元組）" in said
    assert fits_the_width(browser)
    shot_at(browser, f"upload-refused-zh-{width}", width)
    # a file dropped on the box (a DataTransfer made in the page, as a drag from Explorer)
    browser.execute_script("""
        const data = new DataTransfer();
        data.items.add(new File(["拖放的紀錄 wagtail"], "拖放 wagtail " + arguments[0] + ".txt"));
        const zone = document.getElementById("dropzone");
        zone.dispatchEvent(new DragEvent("dragover", {dataTransfer: data, bubbles: true}));
        zone.dispatchEvent(new DragEvent("drop", {dataTransfer: data, bubbles: true}));
    """, width)
    wait_for(lambda: bool(browser.find_elements(By.CSS_SELECTOR, "#upload-progress li.done")),
             "the dropped file recorded", seconds=60)
    assert f"records/ycc/拖放 wagtail {width}.txt" in \
        browser.find_element(By.ID, "upload-progress").text  # no SQS chosen: the unit's folder
    browser.get(url + "unit/ycc/documents?sort=title&lang=en")
    assert fits_the_width(browser)
    shot_at(browser, f"upload-documents-all-en-{width}", width)


@pytest.fixture
def without_script(tmp_path: Path) -> Iterator[WebDriver]:
    """Chromium with JavaScript switched off."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--window-size=1280,1000", "--lang=zh-HK", "--disable-gpu"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {
        "profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)),
                              options=options)
    driver.implicitly_wait(10)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.mark.parametrize("width", [375, 1280])
def test_without_javascript_the_plain_form_adds_the_files(
        without_script: WebDriver, root: Path, url: str, tmp_path: Path, width: int) -> None:
    word = {375: "bittern", 1280: "sanderling"}[width]
    files = [tmp_path / f"工作坊簽到表 {word}.txt", tmp_path / f"工作坊 {word} 檢討.txt"]
    for path in files:
        path.write_text(f"工作坊 {word} {path.name}", encoding="utf-8")
    sign_in_as(without_script, url, "陳社工")
    at_width(without_script, width)
    without_script.get(url + "unit/ycc/add?lang=zh")
    form = without_script.find_element(By.ID, "upload-form")
    Select(form.find_element(By.NAME, "sqs")).select_by_value("14")
    form.find_element(By.ID, "upload-files").send_keys("\n".join(str(p) for p in files))
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    done = without_script.find_element(By.ID, "upload-done").text
    assert "已加入 2 個檔案，已記錄並可搜尋" in done
    assert all(f"{SQS14}/{path.name}" in done for path in files)
    assert (root / SQS14 / files[0].name).read_bytes() == files[0].read_bytes()
    assert fits_the_width(without_script)
    assert not latin_words(without_script) - {word}, latin_words(without_script)
    shot_at(without_script, f"upload-nojs-done-zh-{width}", width)
    without_script.get(url + f"search?q={word}")
    assert len(without_script.find_elements(By.CSS_SELECTOR, ".hit")) == 2
