"""Escalation Timeline dashboard: a thin Streamlit UI over pipeline.views.

Run: `streamlit run dashboard.py` (the store is env TIMELINE_DB, default data/timeline.db); it is
served as an st.App that warms up as it starts (see "server start" at the end).
Every filter has a key and is bound to the URL (`bind="query-params"`), so a copied link reopens
the same view (the open article too, as ?event=<id>). Text that comes from articles or uploads is
inert: plotly hover text is HTML-escaped in views, Markdown is backslash-escaped
(`views.md_escape`), tables and downloads hold plain cells, links are http(s) only
(`views.safe_url`); nothing uses unsafe_allow_html. The charts are our own component (`charts`:
plotly.js's basic bundle instead of the full one Streamlit's chart loads).

Speed (benchmarks/dashboard.py, 200,000 events): the page never loads the whole store. The filters
become SQL (`pipeline.queries`); counts, the daily balance, the per-actor summary, the options and
the slider bounds are SQL aggregates; the timeline draws at most views.MAX_POINTS events, the
actor lanes views.LANE_POINTS (the strongest; each chart says so) and the table (its own tab,
so the first render sends only the charts) gets the first TABLE_ROW_CAP rows in timeline order
(its caption says so); the downloads fetch the
complete contract rows of exactly the filtered events only when clicked. Everything is cached per (store version, filter).
"""
from __future__ import annotations

import asyncio
import json
import os
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from datetime import date, timedelta
from functools import partial
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.logger import get_logger

from charts import plotly_chart
from pipeline import queries, views
from pipeline.export import events_csv, events_jsonl
from pipeline.store import DEFAULT_DB, VIEW_COLUMNS, Store

DB_PATH = os.environ.get("TIMELINE_DB", str(DEFAULT_DB))
_LOG = get_logger("dashboard")
TABLE_ROW_CAP = 250        # rows sent to the table (the downloads hold every filtered row)
LANES = 12                 # actor / dyad lanes drawn
UPLOAD_LIMIT_MB = 20
UPLOAD_TYPES = ["txt", "md", "json", "jsonl", "csv", "html", "htm", "xml", "rss", "atom"]
UPLOAD_SUFFIXES = {f".{kind}" for kind in UPLOAD_TYPES}
MULTISELECTS = (  # key, label, column, placeholder
    ("actors", "Actors", "actor", "All actors"),
    ("targets", "Targets", "target", "All targets"),
    ("signals", "Signal", "signal", "Escalation and de-escalation"),
    ("categories", "Categories", "category", "All categories"),
    ("sources", "Sources", "source", "All sources"),
    ("granularities", "Date precision", "granularity", "Any precision"),
)


# -- cached data access (the only non-UI code here) ---------------------------------------------
def _cache_data(**options):
    """st.cache_data for the page. The server first imports this file as a module, before its
    runtime starts, only to find `app`: there st.cache_data would log "No runtime found, using
    MemoryCacheStorageManager" once per function, for functions that import never calls (the
    sessions and the warm-up run the file as `__main__`), so it leaves them undecorated."""
    if __name__ != "__main__":
        return lambda function: function
    return st.cache_data(**options)


# `stamp` (articles, events, version) changes with every write, so no cached read outlives it.
@st.cache_resource(show_spinner=False)
def _store(path: str) -> Store:
    return Store(path)


@st.cache_resource(show_spinner="Building the demo timeline…")
def _ensure_demo(path: str) -> int:
    """Fill an empty store with the demo corpus once per server process (0 when there is none)."""
    try:
        from pipeline.demo import ensure_demo
    except ImportError:
        return 0
    return ensure_demo(_store(path))


def _read(path: str, query: queries.Query) -> pd.DataFrame:
    return _store(path).frame(query)


def _day(value) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


@_cache_data(show_spinner=False, max_entries=4)
def _bounds(path: str, stamp: tuple, date_by: str) -> tuple[date, date] | None:
    first, last = _read(path, queries.bounds(date_by)).iloc[0]
    first, last = _day(first), _day(last)
    return (first, last) if first and last else None


@_cache_data(show_spinner=False, max_entries=4)
def _options(path: str, stamp: tuple) -> dict[str, list[str]]:
    return {column: views.sort_options(column, _read(path, queries.options(column))[column])
            for _, _, column, _ in MULTISELECTS}


@_cache_data(show_spinner=False, max_entries=8)
def _search_hits(path: str, stamp: tuple, search: str) -> str | None:
    """The events a text search matches, as a JSON array of rowids: the text is scanned once
    per search, the other queries of the view look the hits up (`queries.conditions`)."""
    if not search.strip():
        return None
    return json.dumps(_read(path, queries.search_hits(search))["rowid"].tolist())


def _hits(path: str, stamp: tuple, filters: views.Filters) -> str | None:
    return _search_hits(path, stamp, filters.search)


@_cache_data(show_spinner=False, max_entries=64)
def _count(path: str, stamp: tuple, filters: views.Filters) -> int:
    return int(_read(path, queries.count(filters, hits=_hits(path, stamp, filters))).iloc[0, 0])


# cache_resource: the frames and figures are shared read-only between sessions (no pickling).
@st.cache_resource(show_spinner=False, max_entries=16)
def _strongest(path: str, stamp: tuple, filters: views.Filters) -> pd.DataFrame:
    """The strongest matching events (at most views.MAX_POINTS), for the timeline."""
    return views.prepare_events(_read(path, queries.strongest(
        filters, VIEW_COLUMNS, views.MAX_POINTS, hits=_hits(path, stamp, filters))))


@st.cache_resource(show_spinner=False, max_entries=16)
def _first_rows(path: str, stamp: tuple, filters: views.Filters) -> pd.DataFrame:
    """The first TABLE_ROW_CAP matching events in timeline order, for the table and the chooser."""
    return views.prepare_events(_read(path, queries.rows(
        filters, VIEW_COLUMNS, limit=TABLE_ROW_CAP, hits=_hits(path, stamp, filters))))


def _download_rows(path: str, filters: views.Filters) -> pd.DataFrame:
    """The complete contract rows of exactly the filtered events, in timeline order (on click only)."""
    return _read(path, queries.rows(filters))          # the search scans the text once more


@st.cache_resource(show_spinner=False, max_entries=16)
def _figures(path: str, stamp: tuple, filters: views.Filters, date_by: str, x_range: tuple) -> tuple[str, str, dict]:
    """The timeline's and the balance's figures as plotly JSON, and the timeline's symbol per category."""
    balance = views.daily_balance(_read(path, queries.daily_counts(filters, date_by, hits=_hits(path, stamp, filters))))
    timeline = views.timeline_figure(_strongest(path, stamp, filters), date_by, x_range=x_range,
                                     total=_count(path, stamp, filters))
    symbols = dict(timeline.layout.meta["symbols"]) if timeline.layout.meta else {}
    return timeline.to_json(), views.balance_figure(balance, date_by, x_range=x_range).to_json(), symbols


@st.cache_resource(show_spinner=False, max_entries=16)
def _lane_aggregates(path: str, stamp: tuple, filters: views.Filters, by: str) -> pd.DataFrame:
    hits = _hits(path, stamp, filters)
    wide = _count(path, stamp, filters) > queries.WIDE_SHARE * stamp[1]      # stamp[1]: events stored
    columns = ("category", "target") if by == "actor" else ("category",)
    reads = [queries.lane_summary(filters, by, hits=hits, wide=wide)]
    reads += [queries.lane_top_values(filters, column, by, hits=hits, wide=wide) for column in columns]
    # Each aggregate is its own scan and sort; sqlite3 releases the GIL while it steps, so on
    # separate connections they run side by side (the store opens one per read).
    with ThreadPoolExecutor(max_workers=len(reads)) as pool:
        summary, *frames = pool.map(_store(path).frame, reads)
    return views.lane_aggregates(summary, dict(zip(columns, frames)), by)


@st.cache_resource(show_spinner=False, max_entries=16)
def _lanes(path: str, stamp: tuple, filters: views.Filters, date_by: str, x_range: tuple, by: str) -> str:
    top = _lane_aggregates(path, stamp, filters, by).head(LANES)
    keys = tuple(top["actor"]) if by == "actor" else tuple(zip(top["actor"], top["target"]))
    rows = _read(path, queries.strongest(filters, VIEW_COLUMNS, views.LANE_POINTS, by=by, lanes=keys,
                                               hits=_hits(path, stamp, filters)))
    return views.actor_lanes_figure(rows, date_by, top=LANES, x_range=x_range, by=by, lanes=top["lane"].tolist(),
                                    total=int(top["events"].sum())).to_json()


@st.cache_resource(show_spinner=False, max_entries=16)
def _actor_summary(path: str, stamp: tuple, filters: views.Filters, by: str) -> pd.DataFrame:
    return views.summary_table(_lane_aggregates(path, stamp, filters, by), by=by)


# -- UI -----------------------------------------------------------------------------------------
def _reset(defaults: dict) -> None:
    for key, value in defaults.items():
        st.session_state[key] = value


def _pick_from_table(event_ids: list[str]) -> None:
    rows = st.session_state["events_table"].selection.rows
    if rows and rows[0] < len(event_ids):
        st.session_state["event"] = event_ids[rows[0]]


def _open_event(event_id: str) -> None:
    st.session_state["event"] = event_id


def _upload_section(store: Store) -> None:
    """Add articles from the browser: each file through the pipeline into the store."""
    with st.expander("Add articles"):
        files = st.file_uploader("Article files", type=UPLOAD_TYPES, accept_multiple_files=True,
                                 key="upload", max_upload_size=UPLOAD_LIMIT_MB,
                                 help=f"Any input format of the command line, up to {UPLOAD_LIMIT_MB} MB a file.")
        published = st.text_input("Publication date for files without one", key="upload_published",
                                   placeholder="YYYY-MM-DD")
        if not st.button("Add to the timeline", key="upload_go", disabled=not files):
            return
        if published:
            try:
                published = date.fromisoformat(published.strip()).isoformat()
            except ValueError:
                st.error(f"Not a date (YYYY-MM-DD): {views.md_escape(published)}")
                return
        from pipeline.ingest import ingest   # the pipeline loads only when someone uploads

        progress = st.progress(0.0, text="Reading…")
        added, events, rejected = 0, 0, []
        with tempfile.TemporaryDirectory(prefix="upload-") as folder:
            for number, upload in enumerate(files, start=1):
                # The uploaded name is shown, never used as a path: only its known suffix is kept.
                suffix = Path(upload.name).suffix.lower()
                path = Path(folder) / f"upload-{number}{suffix if suffix in UPLOAD_SUFFIXES else '.txt'}"
                path.write_bytes(upload.getvalue())
                try:
                    summary = ingest([str(path)], store, published=published or None, progress=False)
                except Exception as error:  # noqa: BLE001 - one bad file must not take the page down
                    rejected.append(f"{upload.name}: could not be processed ({type(error).__name__}: {error})")
                    continue
                added += summary.new + summary.replaced
                events += summary.events
                rejected += [f"{upload.name}: {r.reason}" for r in summary.rejections]
                progress.progress(number / len(files), text=f"{number} of {len(files)} files")
        st.success(f"Added {added} articles with {events} events.")
        for line in rejected:
            st.warning(f"Rejected {views.md_escape(line)}")


def _article_section(store: Store, filters: views.Filters, first_rows: pd.DataFrame) -> None:
    # The URL keeps the event id (?event=...), not the label a bound selectbox would write there.
    from_url = st.query_params.get("event", "")
    selected = st.session_state.get("event") or from_url
    filtered = first_rows
    if selected and selected not in set(first_rows["event_id"]):   # further down the view, or not in it
        filtered = pd.concat([first_rows, views.prepare_events(
            store.frame(queries.event(filters, selected, VIEW_COLUMNS)))], ignore_index=True)
    labels = views.event_choices(filtered, selected)
    if "event" not in st.session_state and from_url in labels:
        st.session_state["event"] = from_url
    picked = st.selectbox("Open the article of an event (or click a point or a table row)",
                          [""] + list(labels), format_func=lambda i: labels.get(i, "—"), key="event")
    if picked:
        st.query_params["event"] = picked
    elif "event" in st.query_params:
        del st.query_params["event"]
    if not picked:
        return
    row = filtered[filtered["event_id"] == picked].iloc[0]
    article = store.article(row["article_id"]) or {}
    st.markdown(f"**{views.md_escape(row['title'] or '(untitled)')}** · "
                f"{views.md_escape(row['source'])} · published {views.md_escape(row['published'])}")
    if views.safe_url(row["url"]):
        st.link_button("Open the source", views.safe_url(row["url"]))
    when = views.interval_label(row["event_start"], row["event_end"])
    st.caption(views.md_escape(f"{row['signal']} · {row['category']} · cue: {row['cue']} · "
                               f"“{row['time_expression'] or 'no time expression'}” → {when} · "
                               f"{row['date_explanation']}"))
    article_events = store.frame(queries.article_events(row["article_id"]))
    article_events = article_events.assign(**{name: article_events[name].fillna("").astype(str)
                                              for name in ("event_id", "signal", "cue", "time_expression")})
    st.markdown(views.article_markdown(article.get("text", row["sentence"]), article_events, picked))


def _date_slider(label: str, key: str, bounds: tuple[date, date], help_text: str) -> tuple[date, date]:
    low, high = _default_dates(bounds)
    return st.slider(label, min_value=low, max_value=high, value=(low, high),
                     step=timedelta(days=1), format="YYYY-MM-DD", key=key,
                     bind="query-params", help=help_text)


def _timeline_view(filters: views.Filters, stamp: tuple, date_by: str, x_range: tuple) -> None:
    timeline, balance, symbols = _figures(DB_PATH, stamp, filters, date_by, x_range)
    plotly_chart(timeline, key="timeline", on_pick=_open_event)
    if symbols:     # the category key, as text (a plotly legend of 17 entries is slow to draw)
        st.caption("Symbol by category: " + views.md_escape(views.symbol_key(symbols)))
    plotly_chart(balance, key="balance")


def _events_view(filters: views.Filters, shown: int, first_rows: pd.DataFrame) -> None:
    table = views.table_frame(first_rows)
    if shown > TABLE_ROW_CAP:
        st.caption(f"The table shows the first {TABLE_ROW_CAP:,} of {shown:,} rows; "
                   "the downloads hold all of them.")
    st.dataframe(
        table, key="events_table", hide_index=True, selection_mode="single-row",
        on_select=partial(_pick_from_table, table["event_id"].tolist()),
        column_config={
            "event_date": st.column_config.DateColumn("event date", format="YYYY-MM-DD"),
            "score": st.column_config.NumberColumn(format="%+.1f"),
            "confidence": st.column_config.NumberColumn(format="%.2f"),
            "url": st.column_config.LinkColumn("url"),
        },
    )
    left, right = st.columns(2)
    with left:
        st.download_button("Download filtered CSV", data=lambda: events_csv(_download_rows(DB_PATH, filters)),
                           file_name="events_filtered.csv", mime="text/csv", key="download_csv",
                           on_click="ignore")
    with right:
        st.download_button("Download filtered JSON lines",
                           data=lambda: events_jsonl(_download_rows(DB_PATH, filters)),
                           file_name="events_filtered.jsonl", mime="application/x-ndjson",
                           key="download_jsonl", on_click="ignore")


def _actor_view(filters: views.Filters, stamp: tuple, date_by: str, x_range: tuple, start: date, end: date) -> None:
    st.subheader("Actors in this view")
    lanes_by = st.radio("Lanes per", views.LANES_BY, key="lanes_by", horizontal=True,
                        bind="query-params", format_func={"actor": "actor",
                                                          "dyad": "dyad (actor → target)"}.get)
    plotly_chart(_lanes(DB_PATH, stamp, filters, date_by, x_range, lanes_by), key="actor_lanes",
                 on_pick=_open_event)
    st.caption(f"Per {'actor' if lanes_by == 'actor' else 'dyad'} in the filtered period "
               f"({start} to {end}); balance = escalation − de-escalation.")
    st.dataframe(_actor_summary(DB_PATH, stamp, filters, lanes_by), key="actor_table", hide_index=True,
                 column_config={"mean_score": st.column_config.NumberColumn("mean score", format="%+.2f"),
                                "first": st.column_config.DateColumn("first", format="YYYY-MM-DD"),
                                "last": st.column_config.DateColumn("last", format="YYYY-MM-DD")})

def main() -> None:
    st.set_page_config(page_title="Escalation Timeline", layout="wide")
    st.title("Escalation Timeline")
    store = _store(DB_PATH)
    filter_box = st.sidebar.container()
    with st.sidebar:
        _upload_section(store)
    stats = store.stats()
    if stats.articles == 0:
        added = _ensure_demo(DB_PATH)
        if added:
            st.toast(f"Built the demo timeline from {added} articles.")
        stats = store.stats()
    stamp = (stats.articles, stats.events, stats.version)
    st.caption(f"Escalation and de-escalation signals from news, placed on the day they happened · "
               f"store: {stats.articles} articles, {stats.events} events · "
               f"last change: {stats.last_changed or 'never'}")

    event_bounds = _bounds(DB_PATH, stamp, "event")
    if event_bounds is None:
        st.info("The store holds no events yet. Add articles with "
                "`python -m pipeline ingest PATH --db " + DB_PATH + "`.")
        return
    published_bounds = _bounds(DB_PATH, stamp, "publication") or event_bounds
    st.caption(f"Events dated {event_bounds[0]} to {event_bounds[1]}, "
               f"from articles published {published_bounds[0]} to {published_bounds[1]}.")

    defaults: dict = {"event_dates": event_bounds, "published_dates": published_bounds,
                      "min_confidence": 0.0, "search": "", "date_by": "event", "event": "",
                      "lanes_by": "actor"}
    defaults.update({key: [] for key, *_ in MULTISELECTS})
    defaults["published_dates"] = _default_dates(published_bounds)
    defaults["event_dates"] = _default_dates(event_bounds)

    with filter_box:
        st.header("Filters")
        start, end = _date_slider("Event date", "event_dates", event_bounds,
                                  "The day the event happened (interval-dated events: their middle day).")
        pub_start, pub_end = _date_slider("Publication date", "published_dates", published_bounds,
                                          "The day the article was published.")
        chosen = {}
        for key, label, column, placeholder in MULTISELECTS:
            chosen[key] = st.multiselect(label, _options(DB_PATH, stamp)[column], default=[], key=key,
                                         placeholder=placeholder, bind="query-params")
        min_confidence = st.slider("Minimum confidence", 0.0, 1.0, 0.0, 0.05, key="min_confidence",
                                   bind="query-params")
        search = st.text_input("Search text", key="search", placeholder="words in sentence, title, cue…",
                               bind="query-params")
        st.button("Reset filters", key="reset", on_click=_reset, args=(defaults,),
                  width="stretch")

    filters = views.Filters(
        start=start, end=end,
        published_start=None if (pub_start, pub_end) == defaults["published_dates"] else pub_start,
        published_end=None if (pub_start, pub_end) == defaults["published_dates"] else pub_end,
        actors=tuple(chosen["actors"]), targets=tuple(chosen["targets"]),
        signals=tuple(chosen["signals"]), categories=tuple(chosen["categories"]),
        sources=tuple(chosen["sources"]), granularities=tuple(chosen["granularities"]),
        min_confidence=float(min_confidence),
        search=search or "",
    )
    shown = _count(DB_PATH, stamp, filters)
    st.markdown(views.showing_line(shown, stats.events, start, end))

    date_by = st.radio("Date by", views.DATE_BY, key="date_by", horizontal=True, bind="query-params",
                       help="event: the day it happened (interval-dated events as spans) · "
                            "publication: the day it was reported, as a report-date system would")
    if not shown:
        st.info("No events match these filters.")
        st.button("Reset filters", key="reset_empty", on_click=_reset, args=(defaults,))
        return

    x_range = (start, end) if date_by == "event" else (pub_start, pub_end)   # the axis follows the slider
    first_rows = _first_rows(DB_PATH, stamp, filters)
    # Only the open tab runs (the tab is in the URL too): the first render draws the timeline view;
    # the table (its grid and Arrow code are 1.2 MB of JavaScript the browser would run while it
    # draws the charts) and the per-actor aggregates are sent when someone opens their tab.
    timeline_tab, events_tab, actors_tab = st.tabs(["Timeline", "Events", "Actors"], key="view",
                                                   bind="query-params")
    if timeline_tab.open:
        with timeline_tab:
            _timeline_view(filters, stamp, date_by, x_range)
    if events_tab.open:
        with events_tab:
            _events_view(filters, shown, first_rows)
    if actors_tab.open:
        with actors_tab, st.container(key="actor_view"):
            _actor_view(filters, stamp, date_by, x_range, start, end)

    with st.container(key="article_view"):
        st.subheader("Article")
        _article_section(store, filters, first_rows)


# -- server start -------------------------------------------------------------------------------
# `streamlit run dashboard.py` finds `app` below (Streamlit's ASGI app discovery) and imports this
# file as a module to serve it; every browser session still runs the file as a script
# (`__name__ == "__main__"`, as AppTest does), which draws the page with main(). Serving it as an
# st.App lets the server warm up before anyone asks (benchmarks/dashboard.py, 200,000 events): the
# import already loaded pandas, plotly and the pipeline; the lifespan hook then computes, in the
# background, what the first render of the default view reads (`_warm_up`), so the first visitor
# after a restart gets cached figures instead of the imports and cold queries.
def _default_dates(bounds: tuple[date, date]) -> tuple[date, date]:
    """A date slider's default value, its whole range (a slider needs two distinct ends)."""
    low, high = bounds
    return (low, high) if high > low else (low, low + timedelta(days=1))


def _warm_up(path: str) -> None:
    """Fill the caches the first render of the default view (no filter, dated by event) reads."""
    store = _store(path)
    stats = store.stats()
    if not stats.events:                       # an empty store: the first visitor builds the demo
        return
    stamp = (stats.articles, stats.events, stats.version)
    event_bounds = _bounds(path, stamp, "event")
    if event_bounds is None:
        return
    _bounds(path, stamp, "publication")
    _options(path, stamp)
    start, end = _default_dates(event_bounds)
    filters = views.Filters(start=start, end=end)
    if _count(path, stamp, filters):
        _first_rows(path, stamp, filters)
        _figures(path, stamp, filters, "event", (start, end))


@asynccontextmanager
async def _lifespan(_app):
    """Warm up in the background as the server starts (the imports are done by then). The server
    listens at once: a visitor who comes during the warm-up waits for the same cache entries
    (Streamlit computes a missing entry once; the others wait), never for a second computation."""
    warm_up = asyncio.create_task(asyncio.to_thread(_warm_up_as_script, os.path.abspath(__file__)))
    yield
    if not warm_up.done():
        warm_up.cancel()


def _warm_up_as_script(script: str) -> None:
    """Run this file as the sessions run it (`__main__`: Streamlit keys a cached function by its
    module, name and source), but only `_warm_up`, not the page."""
    started = time.perf_counter()
    try:
        code = compile(Path(script).read_text(encoding="utf-8"), script, "exec")
        exec(code, {"__name__": "__main__", "__file__": script, "_WARM_UP_ONLY": True})  # noqa: S102
    except Exception:  # noqa: BLE001 - a failed warm-up only costs the first visitor the time
        _LOG.warning("dashboard: warm-up failed; the first visit computes the view", exc_info=True)
        return
    _LOG.info("dashboard: warmed up in %.2f s", time.perf_counter() - started)


if __name__ == "__main__":
    if globals().get("_WARM_UP_ONLY"):
        _warm_up(DB_PATH)
    else:
        main()
else:
    from charts import page

    app = st.App(__file__, lifespan=_lifespan, routes=page.routes(), middleware=page.middleware())
