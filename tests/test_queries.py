"""The dashboard's SQL (pipeline.queries) against the frame-wide view functions it replaces.

The view functions (`views.filter_events`, `balance_frame`, `actor_summary` ...) are the
reference: every query must give the same events, counts and aggregates on the fixture store.
"""
from __future__ import annotations

import json
import sqlite3
from datetime import date

import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pipeline import queries, views
from pipeline.queries import EventFilter
from pipeline.records import EVENT_FIELDS
from pipeline.store import VIEW_COLUMNS, Store

from conftest import build_fixture_store

FILTERS = [
    EventFilter(),
    EventFilter(start=date(2024, 4, 13), end=date(2024, 4, 15)),
    EventFilter(start=date(2024, 4, 16)),
    EventFilter(end=date(2024, 4, 3)),
    EventFilter(actors=("Iran",)),
    EventFilter(actors=("Iran", "Hezbollah")),
    EventFilter(targets=("Iran",)),
    EventFilter(signals=("de-escalation",)),
    EventFilter(categories=("attack", "threat")),
    EventFilter(sources=("Harbour Post",)),
    EventFilter(granularities=("day", "part-of-day")),
    EventFilter(min_confidence=0.8),
    EventFilter(search="STEP BACK"),
    EventFilter(search="restraint"),
    EventFilter(search="widen"),
    EventFilter(search="Khamenei"),
    EventFilter(search="Isfahan"),
    EventFilter(search="(officials"),
    EventFilter(search="antónio"),                 # non-ASCII: folded by Python, not SQLite
    EventFilter(search="ANTÓNIO GUTERRES"),
    EventFilter(published_start=date(2024, 4, 15), published_end=date(2024, 4, 19)),
    EventFilter(actors=("Israel",), signals=("escalation",), start=date(2024, 4, 10)),
    EventFilter(actors=("Nobody",)),
]


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory):
    """One fixture store for the module (the queries only read; the one write test makes its own)."""
    return build_fixture_store(tmp_path_factory.mktemp("queries") / "t.db")


@pytest.fixture(scope="module")
def fixture_frame(fixture_db):
    return Store(fixture_db).events_frame()


@pytest.fixture(scope="module")
def store(fixture_db) -> Store:
    return Store(fixture_db)


def hits_of(store: Store, f: EventFilter) -> str | None:
    if not f.search.strip():
        return None
    return json.dumps(store.frame(queries.search_hits(f.search))["rowid"].tolist())


@pytest.mark.parametrize("f", FILTERS, ids=repr)
@pytest.mark.parametrize("use_hits", [False, True], ids=["scan", "hits"])
def test_rows_and_count_equal_the_frame_filter(store, fixture_frame, f, use_hits):
    hits = hits_of(store, f) if use_hits else None
    expected = views.filter_events(fixture_frame, f)
    rows = store.frame(queries.rows(f, hits=hits))
    assert list(rows.columns) == list(EVENT_FIELDS)
    assert rows["event_id"].tolist() == expected["event_id"].tolist()
    assert store.frame(queries.count(f, hits=hits)).iloc[0, 0] == len(expected)
    first = store.frame(queries.rows(f, VIEW_COLUMNS, limit=3, hits=hits))
    assert first["event_id"].tolist() == expected["event_id"].tolist()[:3]


def test_download_rows_are_the_full_contract_rows(store, fixture_frame):
    f = EventFilter(actors=("Israel",))
    rows = store.frame(queries.rows(f))
    expected = fixture_frame[fixture_frame["actor"] == "Israel"].reset_index(drop=True)
    pd.testing.assert_frame_equal(rows, expected)


@pytest.mark.parametrize("f", FILTERS[:12], ids=repr)
@pytest.mark.parametrize("limit", [1, 5, 100])
def test_strongest_equals_the_view_selection(store, fixture_frame, f, limit):
    expected = views.strongest(views.filter_events(fixture_frame, f), limit)
    got = store.frame(queries.strongest(f, VIEW_COLUMNS, limit))
    assert got["event_id"].tolist() == expected["event_id"].tolist()


def test_strongest_within_lanes(store, fixture_frame):
    got = store.frame(queries.strongest(EventFilter(), limit=100, by="actor", lanes=("Iran", "G7")))
    assert set(got["actor"]) == {"Iran", "G7"} and len(got) == 5
    got = store.frame(queries.strongest(EventFilter(), limit=100, by="dyad",
                                        lanes=(("Israel", "Iran"), ("António Guterres", ""))))
    assert len(got) == 6 and set(zip(got["actor"], got["target"])) == {("Israel", "Iran"), ("António Guterres", "")}
    assert store.frame(queries.strongest(EventFilter(), lanes=())).empty


@pytest.mark.parametrize("f", FILTERS, ids=repr)
@pytest.mark.parametrize("date_by", views.DATE_BY)
def test_daily_counts_give_the_frame_balance(store, fixture_frame, f, date_by):
    expected = views.balance_frame(views.filter_events(fixture_frame, f), date_by)
    got = views.daily_balance(store.frame(queries.daily_counts(f, date_by, hits=hits_of(store, f))))
    if expected.empty:
        assert got.empty
    else:
        pd.testing.assert_frame_equal(got, expected)


def test_daily_balance_sums_date_times_into_days():
    counts = pd.DataFrame({"day": ["2024-04-14T09:30+03:00", "2024-04-14", "2024-04-16", "2024-04-16"],
                           "signal": ["escalation", "escalation", "de-escalation", "neutral"], "n": [2, 1, 4, 7]})
    balance = views.daily_balance(counts)
    assert balance["escalation"].tolist() == [3, 0, 0] and balance["balance"].tolist() == [3, 0, -4]


@pytest.mark.parametrize("f", FILTERS, ids=repr)
@pytest.mark.parametrize("by", views.LANES_BY)
def test_lane_aggregates_give_the_frame_summary(store, fixture_frame, f, by):
    hits = hits_of(store, f)
    columns = ("category", "target") if by == "actor" else ("category",)
    tops = {column: store.frame(queries.lane_top_values(f, column, by, hits=hits)) for column in columns}
    aggregates = views.lane_aggregates(store.frame(queries.lane_summary(f, by, hits=hits)), tops, by)
    got = views.summary_table(aggregates, by)
    expected = views.actor_summary(views.filter_events(fixture_frame, f), by)
    if expected.empty:
        assert got.empty and list(got.columns) == list(expected.columns)
    else:
        pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def test_lanes_figure_from_the_store_matches_the_frame(store, fixture_frame):
    aggregates = views.lane_aggregates(store.frame(queries.lane_summary(EventFilter(), "dyad")),
                                       {"category": store.frame(queries.lane_top_values(EventFilter(), "category", "dyad"))},
                                       "dyad").head(4)
    rows = store.frame(queries.strongest(EventFilter(), by="dyad",
                                         lanes=tuple(zip(aggregates["actor"], aggregates["target"]))))
    got = views.actor_lanes_figure(rows, by="dyad", top=4, lanes=aggregates["lane"].tolist())
    expected = views.actor_lanes_figure(fixture_frame, by="dyad", top=4)
    assert list(got.layout.yaxis.categoryarray) == list(expected.layout.yaxis.categoryarray)
    assert sorted(y for t in got.data for y in t.y) == sorted(y for t in expected.data for y in t.y)


def test_options_and_bounds(store, fixture_frame):
    for column in queries.OPTION_COLUMNS:
        values = store.frame(queries.options(column))[column]
        assert views.sort_options(column, values) == views.options(fixture_frame, column)
    first, last = store.frame(queries.bounds("event")).iloc[0]
    assert (date.fromisoformat(first[:10]), date.fromisoformat(last[:10])) == views.date_bounds(fixture_frame)
    first, last = store.frame(queries.bounds("publication")).iloc[0]
    assert (first, last) == ("2024-04-02", "2024-04-25")
    with pytest.raises(ValueError):
        queries.options("sentence")


def test_article_events_and_one_event(store, fixture_frame):
    herzog = fixture_frame[fixture_frame["cue"] == "not seeking war"].iloc[0]
    article = store.frame(queries.article_events(herzog["article_id"]))
    assert len(article) == 4 and herzog["event_id"] in set(article["event_id"])
    assert store.frame(queries.event(EventFilter(), herzog["event_id"]))["event_id"].tolist() == [herzog["event_id"]]
    assert store.frame(queries.event(EventFilter(actors=("Iran",)), herzog["event_id"])).empty


HOSTILE = ["x' OR '1'='1", "'; DROP TABLE events; --", "100%_", 'a"b', "\\", "?"]


@pytest.mark.parametrize("value", HOSTILE)
def test_values_are_bound_never_written_into_the_sql(store, value):
    f = EventFilter(actors=(value,), targets=(value,), signals=(value,), categories=(value,),
                    sources=(value,), granularities=(value,), search=value)
    for query in (queries.count(f), queries.rows(f), queries.strongest(f), queries.daily_counts(f),
                  queries.lane_summary(f, "dyad"), queries.lane_top_values(f, "category"),
                  queries.event(f, value), queries.article_events(value), queries.search_hits(value),
                  queries.strongest(f, by="dyad", lanes=((value, value),))):
        assert value not in query.sql or value == "?"
        assert query.sql.count("?") == len(query.params)
        store.frame(query)                       # runs; matches nothing, harms nothing
    assert store.stats().events == 17


def test_literal_search_has_no_wildcards(store):
    assert store.frame(queries.count(EventFilter(search="%"))).iloc[0, 0] == 0
    assert store.frame(queries.count(EventFilter(search="_"))).iloc[0, 0] == 0


def test_no_filter_means_no_where():
    assert queries.where(EventFilter()) == ("", [])
    sql, params = queries.where(EventFilter(start=date(2024, 4, 1), end=date(2024, 4, 30), min_confidence=0.5))
    assert sql == "WHERE event_date >= ? AND event_date < ? AND confidence >= ?"
    assert params == ["2024-04-01", "2024-05-01", 0.5]                 # inclusive end as a half-open range


def test_filters_are_frozen_and_shared_with_the_views():
    assert views.Filters is EventFilter
    with pytest.raises(AttributeError):
        EventFilter().search = "x"


def test_the_view_index_serves_the_aggregates(store, fixture_db):
    f = EventFilter(start=date(2024, 4, 1), end=date(2024, 4, 30), actors=("Iran",), min_confidence=0.5)
    with sqlite3.connect(fixture_db) as conn:
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"events_by_date", "events_by_published", "events_by_actor", "events_for_views"} <= names
        for query in (queries.count(EventFilter(start=date(2024, 4, 1))), queries.daily_counts(EventFilter(start=date(2024, 4, 1))),
                      queries.lane_summary(EventFilter(start=date(2024, 4, 1)))):
            plan = " ".join(str(row) for row in conn.execute("EXPLAIN QUERY PLAN " + query.sql, query.params))
            assert "COVERING INDEX" in plan or "USING INDEX" in plan, plan
        plan = " ".join(str(row) for row in conn.execute("EXPLAIN QUERY PLAN " + queries.count(f).sql,
                                                          queries.count(f).params))
        assert "INDEX" in plan


@pytest.mark.parametrize("by, lanes", [("actor", ("Iran", "Israel")), ("dyad", (("Israel", "Iran"), ("Iran", "")))])
def test_lanes_read_the_view_index_not_the_actor_index(fixture_db, by, lanes):
    """The top lanes hold most of a view: their strongest events come from the covering index in
    date order, not from an actor-index lookup of every lane event in the wide table; a user's
    actor filter may still use the actor index."""
    with sqlite3.connect(fixture_db) as conn:
        def plan(f):
            query = queries.strongest(f, VIEW_COLUMNS, views.LANE_POINTS, by=by, lanes=lanes)
            return " ".join(str(row) for row in conn.execute("EXPLAIN QUERY PLAN " + query.sql, query.params))

        wide = plan(EventFilter(start=date(2024, 1, 1), end=date(2024, 12, 31)))
        assert "events_for_views" in wide and "events_by_actor" not in wide, wide
        assert "events_by_actor" not in plan(EventFilter()), plan(EventFilter())


_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


@settings(max_examples=300, deadline=None)
@given(needle=st.text(alphabet=st.sampled_from("aAbB%_\\'x ſıKé-"), min_size=1, max_size=4),
       cells=st.lists(st.text(alphabet=st.sampled_from("aAbB%_\\'x ſıKé-"), max_size=8), min_size=1, max_size=6))
def test_ascii_search_folds_case_as_sqlite_upper_does(needle, cells):
    """An ASCII needle is searched with LIKE: the same rows as instr(upper(column), NEEDLE), where
    upper() folds ASCII letters only; %, _ and \\ are literal."""
    needle = needle.strip()
    assume(needle)
    with sqlite3.connect(":memory:") as conn:
        conn.execute(f"CREATE TABLE events ({', '.join(queries.SEARCH_COLUMNS)})")
        width = len(queries.SEARCH_COLUMNS)
        conn.executemany(f"INSERT INTO events VALUES ({', '.join('?' * width)})",
                         [((cell,) + (None,) * (width - 1)) if n % 2 else ((None,) * (width - 1) + (cell,))
                          for n, cell in enumerate(cells)])
        conn.create_function(queries.UPPER_FUNCTION, 1, lambda v: v.upper() if isinstance(v, str) else v)
        query = queries.search_hits(needle)
        got = [rowid for (rowid,) in conn.execute(query.sql, query.params)]
    folded = needle.translate(_ASCII_UPPER) if needle.isascii() else needle.upper()
    fold = (lambda text: text.translate(_ASCII_UPPER)) if needle.isascii() else str.upper
    assert got == [n + 1 for n, cell in enumerate(cells) if folded in fold(cell)]


@pytest.mark.parametrize("f", FILTERS, ids=repr)
@pytest.mark.parametrize("by", views.LANES_BY)
def test_wide_lane_aggregates_are_the_same(store, f, by):
    """`wide` only changes how SQLite reads (the lane-ordered index), never the answer."""
    hits = hits_of(store, f)
    pd.testing.assert_frame_equal(store.frame(queries.lane_summary(f, by, hits=hits, wide=True)),
                                  store.frame(queries.lane_summary(f, by, hits=hits)))
    for column in ("category", "target") if by == "actor" else ("category",):
        pd.testing.assert_frame_equal(store.frame(queries.lane_top_values(f, column, by, hits=hits, wide=True)),
                                      store.frame(queries.lane_top_values(f, column, by, hits=hits)))


def test_a_wide_view_reads_the_lane_index_in_order(fixture_db):
    f = EventFilter(start=date(2024, 4, 1), end=date(2024, 4, 30))
    with sqlite3.connect(fixture_db) as conn:
        for query in (queries.lane_summary(f, wide=True), queries.lane_top_values(f, "category", wide=True)):
            plan = " ".join(str(row) for row in conn.execute("EXPLAIN QUERY PLAN " + query.sql, query.params))
            assert "events_by_lane" in plan and "GROUP BY" not in plan, plan
