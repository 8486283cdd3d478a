"""End to end in headless Chromium: `streamlit run dashboard.py` against the fixture store
(plus one hostile article), and against the bundled demo corpus for the README's screenshots.

Run alone with `pytest -m browser`; skip with `-m "not browser"`. Needs Debian's chromium
(CHROMIUM_PATH, default /usr/bin/chromium); never `playwright install`.

Screenshots (taken on the demo corpus, data/demo, built by the real pipeline): every run writes
test-artifacts/dashboard.png (the timeline), dashboard-article.png (the article view) and
dashboard-actors.png (the per-actor lanes and summary); the copies under docs/ (the
README's) are written when UPDATE_SCREENSHOTS=1 or when they do not exist yet, so a plain
`make test` leaves git clean. Refresh them with
`UPDATE_SCREENSHOTS=1 .venv/bin/python -m pytest -m browser tests/test_browser_e2e.py`.
"""
from __future__ import annotations

import os
import re
import shutil
import urllib.request
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from charts import page as chart_page
from pipeline import views
from pipeline.records import EVENT_FIELDS
from pipeline.store import Store

from conftest import HOSTILE_COMMENT, HOSTILE_IMG, HOSTILE_LINK, HOSTILE_SCRIPT, HOSTILE_URL

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect
expect.set_options(timeout=30_000)     # plotly needs 3-7 s to draw on 2 cores; expect's default is 5 s

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHARTS = ".escalation-chart.js-plotly-plot"      # our chart component's divs, once plotly has drawn them


def wait_rendered(page, count_text: str) -> None:
    app = page.get_by_test_id("stApp")
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED")
    expect(page.get_by_test_id("stMarkdown").filter(has_text="Showing").first).to_contain_text(count_text)
    expect(page.locator(CHARTS).first).to_be_visible()
    expect(page.locator(CHARTS).last).to_be_visible()
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
    # the server's page loads the chart code (plotly.js's basic bundle) once, as it opens (charts.page)
    assert page.evaluate("""() => document.querySelectorAll('head script[data-plotly-bundle]').length === 1
        && typeof window.Plotly === 'object'""")
    timeline = page.locator(CHARTS).first
    points = timeline.locator(".scatterlayer path.point")
    expect(points).to_have_count(int((~views.is_span(views.prepare_events(stored))).sum()))
    expect(timeline.locator(".gtitle")).to_contain_text("by event date")
    # one small legend (signal colours and the span line); the category symbols are a text key below
    expect(timeline.locator(".legend .traces")).to_have_count(3)
    expect(timeline.locator(".legend")).to_contain_text("date range")
    symbols = views.category_symbols(views.options(stored, "category"))
    key = page.get_by_test_id("stCaptionContainer").filter(has_text="Symbol by category")
    expect(key).to_contain_text(views.symbol_key(symbols))

    # move the event-date start thumb 12 days right with the keyboard: 2024-04-01 -> 2024-04-13
    start_thumb = page.get_by_test_id("stSlider").first.locator('input[type="range"]').first
    start_thumb.focus()
    for _ in range(12):
        page.keyboard.press("ArrowRight")
    expected = views.filter_events(stored, views.Filters(start=date(2024, 4, 13), end=date(2024, 4, 25)))
    count = f"Showing {len(expected)} of {len(stored)} events (2024-04-13 to 2024-04-25)"
    expect(page.get_by_test_id("stMarkdown").filter(has_text="Showing").first).to_contain_text(count)
    expect(page.get_by_test_id("stSliderThumbValue").first).to_have_text("2024-04-13")
    expect(page).to_have_url(re.compile(r"event_dates=2024-04-13"))
    expect(points).to_have_count(int((~views.is_span(expected)).sum()))
    expect(page.get_by_test_id("stDataFrame")).to_have_count(0)          # the Events tab has not run yet

    # the chart exports as PNG from plotly's toolbar, which offers no upload to a cloud
    timeline.hover()
    expect(timeline.locator('.modebar-btn[data-title="Share chart..."]')).to_have_count(0)
    with page.expect_download() as png_info:
        timeline.locator('.modebar-btn[data-title="Download plot as a PNG"]').click()
    png = png_info.value
    assert png.suggested_filename.endswith(".png")
    assert Path(png.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    page.get_by_role("tab", name="Events").click()                      # the table and the downloads
    expect(page.locator('[data-testid="stDataFrame"] [role="grid"]').first).to_have_attribute(
        "aria-rowcount", str(len(expected) + 1))
    expect(page).to_have_url(re.compile(r"view=Events"))

    with page.expect_download() as download_info:
        page.get_by_test_id("stDownloadButton").first.get_by_role("button").click()
    download = download_info.value
    assert download.suggested_filename == "events_filtered.csv"
    csv = pd.read_csv(download.path(), keep_default_na=False)
    assert list(csv.columns) == list(EVENT_FIELDS)
    assert csv["event_id"].tolist() == expected["event_id"].tolist()
    assert csv["sentence"].tolist() == expected["sentence"].tolist()
    assert_clean(page)


def test_actors_tab_draws_the_lanes_and_is_kept_in_the_url(page, browser_db):
    stored = Store(browser_db).events_frame()
    page.goto(page.base_url)
    wait_rendered(page, f"Showing {len(stored)} of {len(stored)} events")
    expect(page.locator(CHARTS)).to_have_count(2)        # the Actors tab has not run yet
    page.get_by_role("tab", name="Actors").click()
    lanes = page.locator(f".st-key-actor_view {CHARTS}")
    expect(lanes.locator(".gtitle")).to_contain_text("Actors over time")
    expect(lanes.locator(".scatterlayer path.point")).to_have_count(len(stored))   # 7 actors, all in their lanes
    expect(page).to_have_url(re.compile(r"view=Actors"))
    page.goto(page.url)                                                   # the link reopens the same tab
    expect(page.locator(".st-key-actor_view .js-plotly-plot .gtitle")).to_contain_text("Actors over time")
    expect(page.get_by_role("tab", name="Actors")).to_have_attribute("aria-selected", "true")
    assert_clean(page)


def test_shared_url_reopens_the_view_and_actor_pick(page, browser_db):
    stored = Store(browser_db).events_frame()
    page.goto(page.base_url + "/?event_dates=2024-04-10&event_dates=2024-04-20"
                              "&actors=Iran&actors=Israel&date_by=publication")
    expected = views.filter_events(stored, views.Filters(start=date(2024, 4, 10), end=date(2024, 4, 20),
                                                         actors=("Iran", "Israel")))
    wait_rendered(page, f"Showing {len(expected)} of {len(stored)} events (2024-04-10 to 2024-04-20)")
    expect(page.locator(CHARTS).first.locator(".gtitle")).to_contain_text("by publication date")
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
    expect(page).to_have_url(re.compile(r"actors=G7"))
    assert "actors=Israel" not in page.url
    page.get_by_role("tab", name="Events").click()
    expect(page.locator('[data-testid="stDataFrame"] [role="grid"]').first).to_have_attribute(
        "aria-rowcount", str(len(expected) + 1))

    # back on the timeline, clicking a point opens its article, with its id in the URL
    page.get_by_role("tab", name="Timeline").click()
    point = page.locator(CHARTS).first.locator(".scatterlayer path.point").first
    expect(point).to_be_visible()
    box = point.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page).to_have_url(re.compile(r"event=[0-9a-f]{16}"))
    picked = re.search(r"event=([0-9a-f]{16})", page.url).group(1)
    assert "actors=G7" in page.url and "event_dates=2024-04-10" in page.url   # the filters stay shareable
    title = stored.loc[stored["event_id"] == picked, "title"].iloc[0]
    assert picked in expected["event_id"].tolist()
    expect(page.get_by_test_id("stMarkdown").filter(has_text=title).first).to_be_visible()
    expect(page.get_by_test_id("stLinkButton")).to_have_count(1)
    assert_clean(page)


def test_hostile_article_is_shown_inert(page, browser_db):
    """Issue 7 req. 5: script, onerror, javascript: links and comments in an article stay text."""
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    stored = Store(browser_db).events_frame()
    hostile = stored.loc[stored["url"] == HOSTILE_URL, "event_id"].iloc[0]
    page.goto(page.base_url + f"/?event={hostile}")
    wait_rendered(page, f"Showing {len(stored)} of {len(stored)} events")
    article = page.locator(".st-key-article_view")
    # the payloads are on the page as the literal text the article holds
    for payload in (HOSTILE_SCRIPT, HOSTILE_IMG, HOSTILE_LINK, HOSTILE_COMMENT):
        expect(article).to_contain_text(payload)
    expect(article.get_by_text(f"Depot strike {HOSTILE_SCRIPT}", exact=False)).to_be_visible()
    assert article.locator("script, img, iframe, object, embed").count() == 0
    expect(page.get_by_test_id("stLinkButton")).to_have_count(0)        # a javascript: URL gets no button
    # hover the hostile point: plotly shows the escaped text, nothing runs
    timeline = page.locator(CHARTS).first
    points = timeline.locator(".scatterlayer path.point")
    expect(points.first).to_be_visible()
    hover = timeline.locator(".hoverlayer")
    for index in range(points.count()):
        box = points.nth(index).bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_timeout(250)
        if "depot" in (hover.text_content() or ""):
            expect(hover).to_contain_text(HOSTILE_SCRIPT)         # shown as text
            break
    else:
        pytest.fail("no point showed the hostile event's hover")
    assert timeline.locator(".hoverlayer script, .hoverlayer img, .hoverlayer a").count() == 0
    page.wait_for_timeout(500)                       # give any handler that could fire the time to
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert dialogs == []
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(link => link.getAttribute('href'))")
    assert all(re.match(r"https?://", href) or href.startswith("#") for href in hrefs), hrefs
    article_links = article.locator("a[href]").evaluate_all("links => links.map(l => l.getAttribute('href'))")
    assert all(re.match(r"https?://", href) for href in article_links if not href.startswith("#")), article_links
    assert_clean(page)


UPLOAD = (b"---\ntitle: Navy seizes tanker in the Gulf\npublished: 2024-04-24\nsource: Upload Wire\n---\n"
          b"Iran seized a container ship in the Strait of Hormuz on Tuesday, officials said. "
          b"Israel struck a drone factory in Iran on Tuesday. "
          b"The United Nations urged both sides to show restraint.\n")


def test_upload_adds_events_in_the_browser(page, browser_db):
    """Issue 6 req. 9: a file through the sidebar's uploader and the real pipeline into the store."""
    before = Store(browser_db).stats()
    page.goto(page.base_url)
    showing = page.get_by_test_id("stMarkdown").filter(has_text="Showing").first
    wait_rendered(page, f"Showing {before.events} of {before.events} events")
    page.get_by_test_id("stExpander").filter(has_text="Add articles").locator("summary").click()
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        files=[{"name": "tanker.md", "mimeType": "text/markdown", "buffer": UPLOAD}])
    expect(page.get_by_role("button", name="Remove tanker.md")).to_be_visible()
    page.get_by_role("button", name="Add to the timeline").click()
    expect(page.get_by_text("Added 1 articles")).to_be_visible()
    after = Store(browser_db).stats()
    assert after.articles == before.articles + 1 and after.events > before.events
    expect(showing).to_contain_text(f"Showing {after.events} of {after.events} events")
    expect(page.get_by_text(f"store: {after.articles} articles, {after.events} events")).to_be_visible()
    assert_clean(page)


def test_demo_corpus_screenshots(demo_page, demo_db):
    """The README's screenshots, on the bundled demo corpus as the real pipeline reads it."""
    page = demo_page
    stored = Store(demo_db).events_frame()
    published = pd.to_datetime(stored["published"].str.slice(0, 10))
    first, last = (published.min() - pd.Timedelta(days=7)).date(), (published.max() + pd.Timedelta(days=2)).date()
    view = f"/?event_dates={first}&event_dates={last}"      # the weeks the corpus covers, as a shared link
    expected = views.filter_events(stored, views.Filters(start=first, end=last))
    page.goto(page.base_url + view)
    wait_rendered(page, f"Showing {len(expected)} of {len(stored)} events")
    save_screenshot(page, "dashboard.png")

    page.get_by_role("tab", name="Actors").click()
    actors = page.locator(".st-key-actor_view")
    actors.scroll_into_view_if_needed()
    expect(actors.locator(".js-plotly-plot .gtitle")).to_contain_text("Actors over time")
    expect(actors.get_by_test_id("stDataFrame")).to_be_visible()
    page.wait_for_timeout(300)
    save_screenshot(actors, "dashboard-actors.png")

    # the article view of a strong escalation dated by a relative expression
    candidates = expected[(expected["signal"] == "escalation") & (expected["date_basis"] == "relative")
                          & (expected["time_expression"] != "")]
    picked = candidates.assign(weight=candidates["score"] * candidates["confidence"]) \
        .sort_values(["weight", "event_id"], ascending=[False, True]).iloc[0]
    page.goto(page.base_url + view + f"&event={picked['event_id']}")
    wait_rendered(page, f"Showing {len(expected)} of {len(stored)} events")
    article = page.locator(".st-key-article_view")
    expect(article.get_by_test_id("stMarkdown").filter(has_text=picked["title"]).first).to_be_visible()
    expect(article.get_by_test_id("stLinkButton")).to_have_count(1 if views.safe_url(picked["url"]) else 0)
    article.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    save_screenshot(article, "dashboard-article.png")
    assert_clean(page)


def test_head_answer_matches_the_page(streamlit_server):
    """HEAD gives the length of the page GET sends (with the chart bundle's tag added)."""
    with urllib.request.urlopen(urllib.request.Request(streamlit_server + "/", method="HEAD")) as head:
        length = int(head.headers["Content-Length"])
    with urllib.request.urlopen(streamlit_server + "/") as get:
        page = get.read()
    assert chart_page.bundle_tag() in page
    assert length == len(page)


def test_chart_bundle_is_served_for_good(streamlit_server):
    with urllib.request.urlopen(streamlit_server + chart_page.bundle_path()) as answer:
        body = answer.read()
        assert answer.headers["Content-Type"].startswith("text/javascript")
        assert "immutable" in answer.headers["Cache-Control"]
    assert body == chart_page.BUNDLE.read_bytes()
