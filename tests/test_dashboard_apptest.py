"""The dashboard driven headless by Streamlit's AppTest against the fixture store (no browser).

AppTest cannot see inside charts, so the plotly figure is read as JSON from the element's proto;
the download body is captured by wrapping MediaFileManager (see ../shared/notes/browser-testing.md;
it patches a non-public class, so re-check it when Streamlit is bumped).
"""
from __future__ import annotations

import io
import json
import sys
import types
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from pipeline.records import EVENT_FIELDS
from pipeline.store import Store

from conftest import fixture_records

APP = str(Path(__file__).resolve().parents[1] / "dashboard.py")


@pytest.fixture
def media_files(monkeypatch):
    """Captures what download buttons hand to the media file manager: {file_name: {data, mimetype}}."""
    captured: dict = {}
    real_add, real_add_deferred = MediaFileManager.add, MediaFileManager.add_deferred

    def add(self, data, mimetype, coordinates, file_name=None, is_for_static_download=False):
        url = real_add(self, data, mimetype, coordinates, file_name, is_for_static_download)
        captured[file_name or url] = {"data": lambda: data, "mimetype": mimetype}
        return url

    def add_deferred(self, fn, mimetype, coordinates, file_name=None, **kwargs):
        file_id = real_add_deferred(self, fn, mimetype, coordinates, file_name, **kwargs)
        captured[file_name or file_id] = {"data": fn, "mimetype": mimetype}
        return file_id

    monkeypatch.setattr(MediaFileManager, "add", add)
    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return captured


@pytest.fixture
def app(fixture_db, monkeypatch):
    monkeypatch.setenv("TIMELINE_DB", str(fixture_db))
    return AppTest.from_file(APP, default_timeout=60)


def showing(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("Showing"))


def open_tab(at, label: str):
    at.session_state["view"] = label
    return at.run()


def table(at) -> pd.DataFrame:
    """The events table: it is sent only while the Events tab is open (the filters stay)."""
    return open_tab(at, "Events").dataframe[0].value


def charts(at) -> list:
    """The page's charts: our chart component's elements (charts.plotly_chart)."""
    return at.get("bidi_component")


def figure(at, index: int = 0) -> dict:
    return json.loads(json.loads(charts(at)[index].proto.json)["spec"])


def downloaded_csv(media_files) -> pd.DataFrame:
    body = media_files["events_filtered.csv"]["data"]()
    body = body.encode() if isinstance(body, str) else body
    return pd.read_csv(io.BytesIO(body), keep_default_na=False)


def test_first_render_shows_everything(app, media_files):
    at = app.run()
    assert not at.exception
    assert at.title[0].value == "Escalation Timeline"
    assert showing(at) == "Showing 17 of 17 events (2024-04-01 to 2024-04-25)"
    assert "8 articles, 17 events" in at.caption[0].value
    timeline, balance = figure(at, 0), figure(at, 1)
    drawn = [trace["name"] for trace in timeline["data"] if trace.get("x") != [None]]
    assert drawn == ["escalation", "escalation (date range)", "de-escalation", "de-escalation (date range)"]
    assert "event date" in timeline["layout"]["title"]["text"]
    assert [trace["type"] for trace in balance["data"]] == ["bar", "scatter"]
    # the Events and Actors tabs are not run until they are opened: two charts, no table
    assert len(charts(at)) == 2 and not at.dataframe and not at.get("download_button")
    assert [tab.label for tab in at.tabs] == ["Timeline", "Events", "Actors"]
    at = open_tab(at, "Events")
    assert not at.exception
    assert len(at.dataframe[0].value) == 17 and not charts(at)
    assert media_files["events_filtered.csv"]["mimetype"] == "text/csv"
    csv = downloaded_csv(media_files)
    assert list(csv.columns) == list(EVENT_FIELDS)
    assert len(csv) == 17
    assert any(s.value == "Article" for s in at.subheader)                   # the article view stays below


def test_charts_draw_only_scatter_and_bar_traces(app):
    """Our chart component draws with plotly.js's basic bundle, which knows scatter and bar only."""
    at = app.run()
    figures = [figure(at, 0), figure(at, 1), figure(open_tab(at, "Actors"), 0)]
    assert {trace["type"] for fig in figures for trace in fig["data"]} <= {"scatter", "bar"}
    data = json.loads(charts(at)[0].proto.json)
    assert data["clickable"] and data["config"]["modeBarButtonsToRemove"] == ["sendChartToCloud"]


def test_charts_fall_back_to_streamlits_own_without_the_bundle(app, monkeypatch):
    """A checkout where `make` has not installed the bundle still draws the same figures."""
    at = app.run()
    drawn = figure(at, 0)
    import charts as chart_module

    monkeypatch.setattr(chart_module, "bundle_installed", lambda: False)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception and not charts(at)
    fallback = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    assert len(fallback) == 2
    assert [t["name"] for t in fallback[0]["data"]] == [t["name"] for t in drawn["data"]]


def test_actors_tab_shows_lanes_and_summary_and_keeps_the_table_lazy(app):
    at = open_tab(app.run(), "Actors")
    assert not at.exception
    assert len(charts(at)) == 1 and len(at.dataframe) == 1      # the timeline view did not run
    assert figure(at, 0)["layout"]["title"]["text"].startswith("Actors over time")
    actors = at.dataframe[0].value
    assert actors["actor"].iloc[0] == "Israel"
    assert any(s.value == "Article" for s in at.subheader)                   # the article view stays below


def test_tab_opens_from_a_shared_link(fixture_db, monkeypatch):
    monkeypatch.setenv("TIMELINE_DB", str(fixture_db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["view"] = "Actors"
    at.query_params["lanes_by"] = "dyad (actor → target)"      # a bound radio keeps its label in the URL
    at.run()
    assert not at.exception
    assert figure(at, 0)["layout"]["title"]["text"].startswith("Dyads (actor → target)")


def test_slider_changes_table_and_download(app, media_files):
    at = app.run()
    at.slider(key="event_dates").set_range(date(2024, 4, 13), date(2024, 4, 15)).run()
    assert not at.exception
    assert showing(at) == "Showing 6 of 17 events (2024-04-13 to 2024-04-15)"
    shown = table(at)
    assert len(shown) == 6
    assert shown["event_date"].between(pd.Timestamp("2024-04-13"), pd.Timestamp("2024-04-15")).all()
    csv = downloaded_csv(media_files)
    assert list(csv.columns) == list(EVENT_FIELDS)
    assert csv["event_id"].tolist() == shown["event_id"].tolist()
    jsonl = media_files["events_filtered.jsonl"]["data"]()
    rows = [json.loads(line) for line in jsonl.splitlines()]
    assert [row["event_id"] for row in rows] == shown["event_id"].tolist()
    assert list(rows[0]) == list(EVENT_FIELDS)
    button = at.get("download_button")[0]
    assert button.proto.deferred_file_id and button.proto.ignore_rerun


@pytest.mark.parametrize("key, values, expected", [
    ("actors", ["Iran"], 4),
    ("actors", ["Iran", "Hezbollah"], 5),
    ("targets", ["Hezbollah"], 1),
    ("signals", ["de-escalation"], 6),
    ("categories", ["attack"], 5),
    ("sources", ["Cedar Ledger"], 3),
    ("granularities", ["week", "vague"], 2),
])
def test_multiselects_filter(app, key, values, expected):
    at = app.run()
    at.multiselect(key=key).set_value(values).run()
    assert not at.exception
    assert showing(at).startswith(f"Showing {expected} of 17 events")
    assert len(table(at)) == expected


def test_multiselects_combine(app):
    at = app.run()
    at.multiselect(key="actors").select("Israel")
    at.multiselect(key="signals").select("escalation").run()
    assert set(table(at)["actor"]) == {"Israel"} and set(table(at)["signal"]) == {"escalation"}
    assert len(table(at)) == 6


def test_publication_switch_redraws(app):
    at = app.run()
    at.radio(key="date_by").set_value("publication").run()
    assert not at.exception
    timeline = figure(at, 0)
    assert "publication date" in timeline["layout"]["title"]["text"]
    assert not any("(date range)" in trace["name"] for trace in timeline["data"])
    assert "publication date" in figure(at, 1)["layout"]["title"]["text"]
    assert len(table(at)) == 17        # the switch redraws; it does not filter


def test_search_and_confidence(app):
    at = app.run()
    at.text_input(key="search").input("khamenei").run()
    assert table(at)["speaker"].tolist() == ["Ali Khamenei"]
    at.text_input(key="search").input("").run()
    at.slider(key="min_confidence").set_value(0.85).run()
    assert (table(at)["confidence"] >= 0.85).all() and len(table(at)) == 6


def test_published_date_slider(app):
    at = app.run()
    at.slider(key="published_dates").set_range(date(2024, 4, 15), date(2024, 4, 19)).run()
    assert set(table(at)["published"]) == {"2024-04-15", "2024-04-19"}


def test_empty_result_says_so_and_resets(app):
    at = app.run()
    at.text_input(key="search").input("no such words anywhere").run()
    assert showing(at).startswith("Showing 0 of 17")
    assert "No events match" in at.info[0].value
    assert not charts(at) and not at.dataframe
    at.button(key="reset_empty").click().run()
    assert showing(at).startswith("Showing 17 of 17")
    assert at.text_input(key="search").value == ""


def test_reset_restores_every_filter(app):
    at = app.run()
    at.slider(key="event_dates").set_range(date(2024, 4, 5), date(2024, 4, 20))
    at.multiselect(key="actors").set_value(["Israel"])
    at.slider(key="min_confidence").set_value(0.7)
    at.radio(key="date_by").set_value("publication").run()
    assert showing(at).startswith("Showing 1 of 17")   # Herzog: confidence 0.7, inclusive
    at.button(key="reset").click().run()
    assert not at.exception
    assert showing(at) == "Showing 17 of 17 events (2024-04-01 to 2024-04-25)"
    assert at.slider(key="event_dates").value == (date(2024, 4, 1), date(2024, 4, 25))
    assert at.multiselect(key="actors").value == []
    assert at.slider(key="min_confidence").value == 0.0
    assert at.radio(key="date_by").value == "event"


def test_query_params_seed_the_view(app, media_files):
    app.query_params["event_dates"] = ["2024-04-10", "2024-04-20"]
    app.query_params["actors"] = ["Iran", "Israel"]
    app.query_params["date_by"] = "publication"
    at = app.run()
    assert not at.exception
    assert at.slider(key="event_dates").value == (date(2024, 4, 10), date(2024, 4, 20))
    assert at.multiselect(key="actors").value == ["Iran", "Israel"]
    assert at.radio(key="date_by").value == "publication"
    assert showing(at) == "Showing 6 of 17 events (2024-04-10 to 2024-04-20)"
    open_tab(at, "Events")
    assert len(downloaded_csv(media_files)) == 6


def test_empty_store_builds_the_demo(tmp_path, monkeypatch):
    def ensure_demo(store):
        if store.stats().articles:
            return 0
        store.upsert_batch(fixture_records()[:2])
        return 2

    monkeypatch.setitem(sys.modules, "pipeline.demo", types.SimpleNamespace(ensure_demo=ensure_demo))
    monkeypatch.setenv("TIMELINE_DB", str(tmp_path / "empty.db"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert Store(tmp_path / "empty.db").stats().articles == 2
    assert showing(at) == "Showing 3 of 3 events (2024-04-01 to 2024-04-04)"


def test_store_without_events_explains_how_to_fill_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pipeline.demo", types.SimpleNamespace(ensure_demo=lambda store: 0))
    monkeypatch.setenv("TIMELINE_DB", str(tmp_path / "none.db"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "holds no events yet" in at.info[0].value


def test_choosing_an_event_opens_its_article(app):
    at = app.run()
    barrage = table(at).query("time_expression == 'on Saturday evening'")["event_id"].iloc[0]
    at.selectbox(key="event").set_value(barrage).run()
    assert not at.exception
    article = at.markdown[-1].value
    assert ":orange-background[Iran sent waves of drones and missiles toward Israel " \
           "**on Saturday evening**\\.]" in article.replace("**sent waves of drones and missiles**",
                                                           "sent waves of drones and missiles")
    assert ":blue-background[" not in article and ":gray-background[" in article   # the other statements
    assert any("Iran launches drones and missiles at Israel" in m.value for m in at.markdown)
    assert at.get("link_button")[0].proto.url.startswith("https://northgatewire.example/")
    assert not any(m.proto.allow_html for m in list(at.markdown) + list(at.caption))   # article text stays inert


def test_event_in_the_url_opens_its_article(app, fixture_frame):
    herzog = fixture_frame.query("cue == 'not seeking war'")["event_id"].iloc[0]
    app.query_params["event"] = herzog
    at = app.run()
    assert not at.exception and at.selectbox(key="event").value == herzog
    assert ":blue-background[Israel\\'s president said his country was **not seeking war**\\.]" \
        in at.markdown[-1].value


def test_unknown_event_in_the_url_is_ignored(app):
    app.query_params["event"] = "no-such-event"
    at = app.run()
    assert not at.exception and at.selectbox(key="event").value == ""


def test_upload_adds_articles_and_lists_rejections(app, fixture_db):
    at = app.run()
    dated = (b"---\ntitle: Drone factory struck\npublished: 2024-04-24\nsource: Test Wire\n---\n"
             b"Israel struck a drone factory in Iran on Tuesday, officials said.\n")
    undated = b"Iran warned Israel again on Monday.\n"
    at.file_uploader(key="upload").set_value([("factory.md", dated, "text/markdown"),
                                              ("undated.txt", undated, "text/plain")])
    at.run()
    at.button(key="upload_go").click().run()
    assert not at.exception
    assert Store(fixture_db).stats().articles == 9
    assert "Added 1 articles" in at.success[0].value
    rejection = at.warning[0].value.replace("\\", "")      # the message is Markdown-escaped
    assert rejection.startswith("Rejected undated.txt:") and "publication date" in rejection
    assert "8 articles" not in at.caption[0].value and "9 articles" in at.caption[0].value


def test_upload_with_a_publication_date_for_plain_text(app, fixture_db):
    at = app.run()
    at.file_uploader(key="upload").set_value(("note.txt", b"Iran warned Israel again on Monday.\n", "text/plain"))
    at.text_input(key="upload_published").input("2024-04-26")
    at.run()
    at.button(key="upload_go").click().run()
    assert not at.exception and not at.warning
    assert Store(fixture_db).stats().articles == 9


def test_lanes_switch_between_actors_and_dyads(app):
    at = open_tab(app.run(), "Actors")
    assert figure(at, 0)["layout"]["title"]["text"].startswith("Actors over time")
    assert list(at.dataframe[0].value.columns)[0] == "actor"
    at.radio(key="lanes_by").set_value("dyad").run()
    assert not at.exception
    lanes = figure(at, 0)
    assert lanes["layout"]["title"]["text"].startswith("Dyads (actor → target)")
    assert "Israel → Iran" in lanes["layout"]["yaxis"]["categoryarray"]
    summary = at.dataframe[0].value.set_index("dyad")
    assert summary.loc["Iran → Israel", "events"] == 4 and summary["events"].sum() == 17
    at.slider(key="event_dates").set_range(date(2024, 4, 13), date(2024, 4, 15)).run()
    summary = at.dataframe[0].value.set_index("dyad")        # the summary follows the filters
    assert summary["events"].sum() == 6 and summary.loc["Iran → Israel", "events"] == 1


def test_download_holds_every_contract_column_of_the_filtered_rows(app, media_files, fixture_frame):
    at = app.run()
    at.multiselect(key="actors").set_value(["Israel"]).run()
    open_tab(at, "Events")
    csv = downloaded_csv(media_files)
    expected = fixture_frame[fixture_frame["actor"] == "Israel"]
    assert csv["event_id"].tolist() == expected["event_id"].tolist()
    for column in ("timex_value", "modality", "polarity"):     # columns the dashboard itself does not load
        assert csv[column].astype(str).tolist() == expected[column].astype(str).tolist()
