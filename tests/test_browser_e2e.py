"""End to end in headless Chromium: `streamlit run dashboard.py` against the fixture store.

Run alone with `pytest -m browser`; skip with `-m "not browser"`. Needs Debian's chromium
(CHROMIUM_PATH, default /usr/bin/chromium); never `playwright install`.

Screenshots: every run writes test-artifacts/dashboard.png (the timeline), dashboard-article.png
(the article view) and dashboard-actors.png (the per-actor lanes); the copies under docs/ (the
README's) are written when UPDATE_SCREENSHOTS=1 or when they do not exist yet, so a plain
`make test` leaves git clean. Refresh them with
`UPDATE_SCREENSHOTS=1 .venv/bin/python -m pytest -m browser tests/test_browser_e2e.py`.
"""
from __future__ import annotations

import os
import re
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from pipeline import views
from pipeline.records import EVENT_FIELDS
from pipeline.store import Store

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect
expect.set_options(timeout=30_000)     # plotly needs 3-7 s to draw on 2 cores; expect's default is 5 s

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"


def wait_rendered(page, count_text: str) -> None:
    app = page.get_by_test_id("stApp")
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED")
    expect(page.get_by_test_id("stMarkdown").filter(has_text="Showing").first).to_contain_text(count_text)
    expect(page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot').first).to_be_visible()
    expect(page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot').last).to_be_visible()
    expect(page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')).to_have_count(1)


def save_screenshot(page_or_element, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / name
    page_or_element.screenshot(path=str(shot))
    target = ROOT / "docs" / name
    if os.environ.get("UPDATE_SCREENSHOTS") == "1" or not target.exists():
        target.parent.mkdir(exist_ok=True)
        shutil.copy(shot, target)


def assert_clean(page) -> None:
    assert page.console_errors == [], page.console_errors
    assert page.blocked_requests == [], page.blocked_requests


def test_timeline_slider_and_csv_download(page, browser_db):
    stored = Store(browser_db).events_frame()
    page.goto(page.base_url)
    wait_rendered(page, f"Showing {len(stored)} of {len(stored)} events")
    timeline = page.get_by_test_id("stPlotlyChart").first
    points = timeline.locator(".scatterlayer path.point")
    expect(points).to_have_count(int((~views.is_span(views.prepare_events(stored))).sum()))
    expect(timeline.locator(".gtitle")).to_contain_text("by event date")
    save_screenshot(page, "dashboard.png")
    lanes = page.get_by_test_id("stPlotlyChart").nth(2)
    expect(lanes.locator(".gtitle")).to_contain_text("Actors over time")
    expect(lanes.locator(".scatterlayer path.point")).to_have_count(len(stored))   # 7 actors, all in their lanes
    save_screenshot(lanes, "dashboard-actors.png")

    # move the event-date start thumb 12 days right with the keyboard: 2024-04-01 -> 2024-04-13
    start_thumb = page.get_by_test_id("stSlider").first.locator('input[type="range"]').first
    start_thumb.focus()
    for _ in range(12):
        page.keyboard.press("ArrowRight")
    expected = views.filter_events(stored, views.Filters(start=date(2024, 4, 13), end=date(2024, 4, 25)))
    count = f"Showing {len(expected)} of {len(stored)} events (2024-04-13 to 2024-04-25)"
    expect(page.get_by_test_id("stMarkdown").filter(has_text="Showing").first).to_contain_text(count)
    expect(page.get_by_test_id("stSliderThumbValue").first).to_have_text("2024-04-13")
    expect(page.locator('[data-testid="stDataFrame"] [role="grid"]').first).to_have_attribute(
        "aria-rowcount", str(len(expected) + 1))
    expect(page).to_have_url(re.compile(r"event_dates=2024-04-13"))
    expect(points).to_have_count(int((~views.is_span(expected)).sum()))

    with page.expect_download() as download_info:
        page.get_by_test_id("stDownloadButton").first.get_by_role("button").click()
    download = download_info.value
    assert download.suggested_filename == "events_filtered.csv"
    csv = pd.read_csv(download.path(), keep_default_na=False)
    assert list(csv.columns) == list(EVENT_FIELDS)
    assert csv["event_id"].tolist() == expected["event_id"].tolist()
    assert csv["sentence"].tolist() == expected["sentence"].tolist()
    assert_clean(page)


def test_shared_url_reopens_the_view_and_actor_pick(page, browser_db):
    stored = Store(browser_db).events_frame()
    page.goto(page.base_url + "/?event_dates=2024-04-10&event_dates=2024-04-20"
                              "&actors=Iran&actors=Israel&date_by=publication")
    expected = views.filter_events(stored, views.Filters(start=date(2024, 4, 10), end=date(2024, 4, 20),
                                                         actors=("Iran", "Israel")))
    wait_rendered(page, f"Showing {len(expected)} of {len(stored)} events (2024-04-10 to 2024-04-20)")
    expect(page.get_by_test_id("stPlotlyChart").first.locator(".gtitle")).to_contain_text("by publication date")
    actors = page.get_by_test_id("stMultiSelect").first
    expect(actors).to_contain_text("Iran")
    expect(actors).to_contain_text("Israel")

    # remove Israel, add G7: the count, the table and the URL follow
    actors.get_by_role("button", name="Remove Israel").click()
    actors.locator("input").click()
    page.keyboard.type("G7")
    page.get_by_role("option", name="G7").click()
    page.keyboard.press("Escape")
    expected = views.filter_events(stored, views.Filters(start=date(2024, 4, 10), end=date(2024, 4, 20),
                                                         actors=("Iran", "G7")))
    expect(page.get_by_test_id("stMarkdown").filter(has_text="Showing").first).to_contain_text(
        f"Showing {len(expected)} of {len(stored)} events")
    expect(page.locator('[data-testid="stDataFrame"] [role="grid"]').first).to_have_attribute(
        "aria-rowcount", str(len(expected) + 1))
    expect(page).to_have_url(re.compile(r"actors=G7"))
    assert "actors=Israel" not in page.url

    # clicking a point opens its article, with its id in the URL
    point = page.get_by_test_id("stPlotlyChart").first.locator(".scatterlayer path.point").first
    box = point.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page).to_have_url(re.compile(r"event=[0-9a-f]{16}"))
    picked = re.search(r"event=([0-9a-f]{16})", page.url).group(1)
    assert "actors=G7" in page.url and "event_dates=2024-04-10" in page.url   # the filters stay shareable
    title = stored.loc[stored["event_id"] == picked, "title"].iloc[0]
    assert picked in expected["event_id"].tolist()
    expect(page.get_by_test_id("stMarkdown").filter(has_text=title).first).to_be_visible()
    expect(page.get_by_test_id("stLinkButton")).to_have_count(1)
    page.get_by_test_id("stLinkButton").scroll_into_view_if_needed()
    save_screenshot(page, "dashboard-article.png")
    assert_clean(page)
