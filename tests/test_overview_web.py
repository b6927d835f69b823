"""The head office's overview on the web (issue 22): who may see it and which units, sorting,
filtering and the links of each cell; the Flask test client over a generated 50-unit repository
with real accounts; then real Chromium at 375 and 1280 px in Chinese and English."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from benchmarks.units_corpus import TODAY, generate
from repo_tool.domain.accounts import add_account
from repo_tool.domain.overview import filter_rows, overview
from repo_tool.repository import Repository
from repo_tool.web._app import Settings, create_app
from tests import test_serve_browser as chrome
from tests.conftest import ACTOR
from tests.serving import serving_app
from tests.test_serve_browser import CHROMIUM, fits_the_width, shot_at, sign_in_as

SECRET = "correct horse battery"
ROW = re.compile(r'<tr data-unit="([^"]+)">')
browser = chrome.browser
downloads = chrome.downloads

if CHROMIUM is not None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver


@pytest.fixture(scope="module")
def fifty(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Repository]:
    repo = generate(tmp_path_factory.mktemp("overview-web") / "repo", 50)
    add_account(repo, "admin-ho", "admin", SECRET, ACTOR, today=TODAY)
    add_account(repo, "two-units", "editor", SECRET, ACTOR, units=("u002", "u007"), today=TODAY)
    add_account(repo, "one-unit", "viewer", SECRET, ACTOR, units=("u003",), today=TODAY)
    add_account(repo, "swd-officer", "reviewer", SECRET, ACTOR, units=("u002", "u007"),
                expires=TODAY + timedelta(days=30), today=TODAY)
    yield repo
    repo.close()


@pytest.fixture
def app(fifty: Repository) -> Flask:
    return create_app(Settings(root=fifty.root, today=lambda: TODAY))


def signed_in(app: Flask, name: str) -> FlaskClient:
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="token" value="([^"]+)"', page)
    assert token
    reply = client.post("/login", data={"name": name, "password": SECRET, "next": "/",
                                        "token": token[1]})
    assert reply.status_code == 302, reply.get_data(as_text=True)
    return client


def page(client: FlaskClient, url: str = "/overview") -> str:
    reply = client.get(url)
    assert reply.status_code == 200, (url, reply.status_code)
    return reply.get_data(as_text=True)


def test_an_admin_sees_every_unit_and_the_link_in_the_menu(app: Flask) -> None:
    client = signed_in(app, "admin-ho")
    text = page(client)
    assert len(ROW.findall(text)) == 51
    assert 'href="/overview"' in page(client, "/")
    assert "單位概覽" in text and "服務質素標準準備情況" in text


def test_an_editor_of_two_units_sees_those_two_only(app: Flask) -> None:
    client = signed_in(app, "two-units")
    text = page(client)
    assert ROW.findall(text) == ["u002", "u007"]
    assert "u001" not in text and 'href="/overview"' in page(client, "/")
    assert "顯示 2 個單位，共 2 個" in text


@pytest.mark.parametrize("name", ["swd-officer", "one-unit"])
def test_a_reviewer_or_someone_with_one_unit_is_refused(app: Flask, name: str) -> None:
    client = signed_in(app, name)
    reply = client.get("/overview")
    assert reply.status_code == 403
    assert "u002" not in reply.get_data(as_text=True)
    assert 'href="/overview"' not in client.get("/").get_data(as_text=True)


def test_sorting_by_a_column_and_back(app: Flask, fifty: Repository) -> None:
    client = signed_in(app, "admin-ho")
    rows = {r.unit: r for r in overview(fifty, TODAY)}
    worst = [rows[u].sqs_overdue for u in ROW.findall(page(client, "/overview?sort=sqs_overdue"))]
    assert worst == sorted(worst, reverse=True) and worst[0] > 0
    best = [rows[u].sqs_overdue for u in ROW.findall(
        page(client, "/overview?sort=sqs_overdue&dir=best"))]
    assert best == sorted(best)
    text = page(client, "/overview?sort=sqs_overdue")
    assert 'href="/overview?sort=sqs_overdue&amp;dir=best&amp;only=all"' in text  # the toggle
    visits = [rows[u].last_visit for u in ROW.findall(page(client, "/overview?sort=last_visit"))]
    never = visits.count(None)
    assert never and visits[:never] == [None] * never
    dated = visits[never:]
    assert dated == sorted(dated)  # type: ignore[type-var]
    assert ROW.findall(page(client, "/overview?sort=nonsense"))[:2] == ["agency", "u001"]


def test_filtering_keeps_only_units_with_something_overdue(app: Flask, fifty: Repository
                                                           ) -> None:
    client = signed_in(app, "admin-ho")
    expected = [r.unit for r in filter_rows(overview(fifty, TODAY), "overdue")]
    shown = ROW.findall(page(client, "/overview?only=overdue"))
    assert shown == expected and 0 < len(shown) < 51
    attention = ROW.findall(page(client, "/overview?only=attention&sort=plans_overdue"))
    assert set(attention) == {r.unit for r in filter_rows(overview(fifty, TODAY), "attention")}


def test_each_cell_links_to_the_units_page_that_explains_it(app: Flask) -> None:
    client = signed_in(app, "admin-ho")
    text = page(client, "/overview?lang=en")
    row = text[text.index('<tr data-unit="u001">'):]
    row = row[:row.index("</tr>")]
    links = re.findall(r'href="([^"]+)"', row)
    assert links[0] == "/unit/u001"
    assert "/unit/u001#readiness" in links and "/unit/u001#due" in links
    assert "/unit/u001/figures" in links and "/unit/u001/plans" in links
    assert "/unit/u001/visits" in links
    assert "Ming Tak Unit 1" in row and "Units overview" in text
    assert ">Persistently</span><span class=\"ov-part\">not met<" in text


def test_a_server_without_accounts_shows_the_overview(fifty: Repository, tmp_path: Path
                                                     ) -> None:
    bare = generate(tmp_path / "bare", 3)
    bare.close()
    client = create_app(Settings(root=tmp_path / "bare", today=lambda: TODAY)).test_client()
    assert ROW.findall(page(client)) == ["agency", "u001", "u002", "u003"]


# -- real Chromium ---------------------------------------------------------------------------


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_overview_in_chromium(browser: WebDriver, app: Flask, lang: str, width: int
                                  ) -> None:
    with serving_app(app) as url:
        browser.set_window_size(width, 900)
        sign_in_as(browser, url, "admin-ho")
        browser.get(url + f"overview?lang={lang}&sort=sqs_overdue")
        rows = browser.find_elements(By.CSS_SELECTOR, "#overview tbody tr")
        assert len(rows) == 51
        assert fits_the_width(browser)  # the table scrolls inside its box, not the page
        box = browser.find_element(By.CSS_SELECTOR, ".ov-scroll")
        assert box.size["width"] <= width
        header = browser.find_element(By.CSS_SELECTOR, "#overview thead").text
        if lang == "zh":
            assert not re.search(r"[A-Za-z]{3,}", header), header
        else:
            assert "Overdue" in header
        shot_at(browser, f"overview-{lang}-{width}", width)
        browser.find_element(By.LINK_TEXT, "units needing attention" if lang == "en" else
                             "需要跟進的單位").click()
        assert "only=attention" in browser.current_url
