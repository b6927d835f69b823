"""The statistics return alerts on the unit page, in Chinese and in English, without commands."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import lxml.html  # type: ignore[import-untyped]  # (python-docx brings lxml; no stubs)
import pytest
from flask.testing import FlaskClient

from repo_tool.domain.performance import alerts, periods_of, record_figure, submit_return, year_of
from repo_tool.repository import Repository
from repo_tool.web._app import Settings, create_app
from tests import test_serve_browser as chrome
from tests.conftest import ACTOR, write
from tests.serving import running_server
from tests.test_returns import STANDARDS
from tests.test_serve_browser import CHROMEDRIVER, CHROMIUM, fits_the_width, shot_at

browser = chrome.browser  # the fixtures of a real Chromium, shared with the other tests
downloads = chrome.downloads

if CHROMIUM is not None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver

# Latin words a Chinese page may hold: codes, names, the measure a standards file gives
LATIN_ALLOWED = {"ycc", "home", "agency", "SQS", "sessions", "Ming", "Tak", "Children's",
                 "Home", "Youth", "Centre", "Social", "Service", "Association", "ESR", "OS",
                 "OC", "OS1", "OS2", "Q1", "Q2", "Q3", "Q4", "H1", "H2"}


@pytest.fixture
def client(repo: Repository) -> Iterator[FlaskClient]:
    """Last year's Q1 return never submitted; its Q2 return submitted, then a figure changed."""
    write(repo.root / "records/home/standards.yaml", STANDARDS)
    today = date.today()
    q1, q2 = periods_of(year_of(today) - 1, "quarterly")[:2]
    for period, os1, os2 in ((q1, "91", "30"), (q2, "89", "31")):
        for code, value in (("OS1", os1), ("OS2", os2)):
            record_figure(repo, unit="home", standard=code, period=period.code, value=value,
                          actor=ACTOR, today=today)
    record_figure(repo, unit="home", standard="OC1", period=f"{q2.code[:-3]}-H1", value="82",
                  actor=ACTOR, today=today)
    submit_return(repo, "home", q2.code, actor=ACTOR, today=today)
    record_figure(repo, unit="home", standard="OS2", period=q2.code, value="34", actor=ACTOR,
                  today=today)
    with create_app(Settings(root=repo.root)).test_client() as test_client:
        yield test_client


def alert_items(client: FlaskClient, lang: str, unit: str = "home") -> list[str]:
    reply = client.get(f"/unit/{unit}?lang={lang}")
    assert reply.status_code == 200, reply.get_data(as_text=True)[:300]
    tree = lxml.html.fromstring(reply.get_data(as_text=True))
    return [str(li.text_content()) for li in tree.xpath('//ul[@id="alerts"]/li')]


def test_the_unit_page_says_which_returns_are_overdue_or_revised(client: FlaskClient,
                                                                 repo: Repository) -> None:
    last = year_of(date.today()) - 1
    label = f"{last}-{(last + 1) % 100:02d}"
    mine = (f"{label}-Q1", f"{label}-Q2")  # the later quarters are overdue as well
    expected = [a for a in alerts(repo, "home", date.today())
                if a.startswith(tuple(f"statistics return {p}" for p in mine))]
    assert len(expected) == 2
    zh = [i for i in alert_items(client, "zh") if i.startswith(mine) and "統計報表" in i]
    assert zh == [
        f"{label}-Q1（{last}年4月至6月）的統計報表未提交，限期為 {last}-07-30",
        f"{label}-Q2（{last}年7月至9月）的統計報表在提交後有修改（第 1 次提交，"
        f"{expected[1].split('revision 1, ')[1][:10]}）：OS2 {label}-Q2：31 sessions → "
        "34 sessions；請再次提交"]
    for item in zh:
        words = set(re.findall(r"[A-Za-z][A-Za-z0-9']*", item))
        assert words <= LATIN_ALLOWED, words - LATIN_ALLOWED
    en = [i for i in alert_items(client, "en")
          if i.startswith(tuple(f"The statistics return {p}" for p in mine))]
    assert en[0] == f"The statistics return {label}-Q1 (Apr-Jun {last}) is not submitted; it " \
                    f"was due by {last}-07-30"
    assert en[1].startswith(f"The statistics return {label}-Q2 (Jul-Sep {last}) changed after "
                            "it was submitted (revision 1, ")
    assert en[1].endswith(f"OS2 {label}-Q2: 31 sessions → 34 sessions; submit it again")
    assert not any("`" in i or "repo-tool" in i for i in zh + en)



@pytest.mark.skipif(CHROMIUM is None or CHROMEDRIVER is None,
                    reason="Chromium and chromium-driver are not installed")
@pytest.mark.parametrize("width", [375, 1280])
def test_the_return_alerts_fit_a_phone_and_a_desk_in_both_languages(
        client: FlaskClient, repo: Repository, browser: WebDriver, width: int) -> None:
    repo.close()
    with running_server(repo.root) as server:
        for lang in ("zh", "en"):
            browser.get(f"{server.url}/unit/home?lang={lang}")
            items = browser.find_elements(By.CSS_SELECTOR, "#alerts li")
            assert any(("統計報表" if lang == "zh" else "statistics return") in i.text
                       for i in items)
            assert fits_the_width(browser)
            shot_at(browser, f"returns-unit-alerts-{lang}-{width}", width)
