"""The SQLite store: idempotent upserts, replacement, date filters, readers during writes."""
import sqlite3
from contextlib import nullcontext
from dataclasses import replace
from datetime import date

import pandas as pd
import pytest

from pipeline.records import EVENT_FIELDS
from pipeline.store import Store

from helpers import article, event


def test_same_article_twice_changes_nothing(tmp_path):
    store = Store(tmp_path / "t.db")
    art = article()
    assert store.upsert(art, [event("e1"), event("e2", day="2024-04-14")]) == "new"
    first = store.stats()
    assert store.upsert(art, [event("e1"), event("e2", day="2024-04-14")]) == "unchanged"
    assert store.stats() == first
    assert (first.articles, first.events) == (1, 2) and first.last_changed


def test_changed_text_replaces_the_articles_events(tmp_path):
    store = Store(tmp_path / "t.db")
    store.upsert(article(), [event("e1"), event("e2")])
    edited = replace(article(), text="Iran launched drones and missiles at Israel on Saturday evening.")
    assert store.upsert(edited, [event("e3")]) == "replaced"
    assert list(store.events_frame()["event_id"]) == ["e3"]
    assert store.stats().articles == 1


def test_events_frame_has_contract_columns_and_filters_by_event_date(tmp_path):
    store = Store(tmp_path / "t.db")
    store.upsert(article(), [event("e1", day="2024-04-01"), event("e2", day="2024-04-13"),
                             event("e3", day="2024-04-19")])
    frame = store.events_frame(date(2024, 4, 2), date(2024, 4, 19))
    assert tuple(frame.columns) == EVENT_FIELDS
    assert list(frame["event_id"]) == ["e2", "e3"]
    rows = [row for chunk in store.iter_event_rows(date(2024, 4, 1), date(2024, 4, 1)) for row in chunk]
    assert [r[0] for r in rows] == ["e1"]


def test_a_batch_is_one_transaction(tmp_path):
    store = Store(tmp_path / "t.db")
    good = (article(article_id="a1"), [event("e1")])
    broken = (article(article_id="a2"), [event("e1", article_id="a2"), None])
    try:
        store.upsert_batch([good, broken])
    except AttributeError:
        pass
    assert store.stats().articles == 0 and store.stats().events == 0
    assert store.integrity_ok()


def test_reader_sees_committed_data_while_a_writer_holds_a_transaction(tmp_path):
    path = tmp_path / "t.db"
    store = Store(path)
    store.upsert(article(), [event("e1")])
    writer = sqlite3.connect(path)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM events")
    try:
        assert list(store.events_frame()["event_id"]) == ["e1"]  # WAL: no torn or blocked read
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_article_lookup(tmp_path):
    store = Store(tmp_path / "t.db")
    store.upsert(article(), [])
    assert store.article("a1")["source"] == "Harbor Ledger"
    assert store.article("missing") is None


def test_version_grows_with_every_change_and_not_otherwise(tmp_path):
    store = Store(tmp_path / "t.db")
    assert store.stats().version == 0
    store.upsert(article(), [event("e1")])
    first = store.stats().version
    store.upsert(article(), [event("e1")])
    assert store.stats().version == first
    store.upsert(replace(article(), text="A different text."), [event("e2")])
    assert store.stats().version > first


ACTORS = ["Iran", "Israel", "Hezbollah", ""]
CATEGORIES = ["attack", "threat", "retaliation-vow", "ceasefire", "agreement", "sanctions"]
SPANS = [  # (start, end, granularity) as the pipeline stores them
    ("{d}T18:00", "{d}T23:59", "part-of-day"), ("{d}T02:00", "{n}T06:00", "part-of-day"),
    ("{d}", "{d}", "day"), ("{d}T09:00", "{d}T09:59", "hour"), ("{d}", "{w}", "week"),
    ("2024-04-01", "2024-04-30", "month"), ("{d}", "{d}", "")]


def random_events(rng, count):
    """Events of invented articles with clashing parties, overlapping spans and syndicated copies."""
    events = []
    for number in range(count):
        day = date(2024, 4, rng.randint(1, 20))
        start, end, granularity = rng.choice(SPANS)
        fill = dict(d=day.isoformat(), n=day.replace(day=day.day + 1).isoformat(),
                    w=day.replace(day=day.day + 6).isoformat())
        events.append(replace(
            event(f"e{rng.randrange(10 ** 6):06d}-{number}", article_id=f"a{rng.randrange(count // 3 + 1)}",
                  actor=rng.choice(ACTORS), category=rng.choice(CATEGORIES),
                  signal=rng.choice(["escalation", "escalation", "de-escalation", "neutral"])),
            target=rng.choice(ACTORS), event_start=start.format(**fill), event_end=end.format(**fill),
            granularity=granularity))
    return events


@pytest.mark.parametrize("worker_processes", [0, 2])
def test_recluster_in_the_store_matches_the_pure_clustering(tmp_path, worker_processes):
    """The store re-clusters by streaming rows from SQL; the result is `corroborate.cluster`'s,
    whether the families are clustered here or side by side in worker processes."""
    import random
    from concurrent.futures import ProcessPoolExecutor

    from pipeline.corroborate import ClusterItem, cluster

    rng = random.Random(3)
    events = random_events(rng, 600)
    store = Store(tmp_path / "t.db")
    by_article: dict[str, list] = {}
    for item in events:
        by_article.setdefault(item.article_id, []).append(item)
    texts = ["Iran launched drones at Israel on Saturday evening from several bases in the west.",
             "Oil prices rose on Monday as traders weighed the risk to shipping in the Gulf region."]
    for number, (article_id, items) in enumerate(sorted(by_article.items())):
        # copies of two texts: syndicated articles share a story, which `reports` counts once
        store.upsert(replace(article(texts[number % 2] + f" Report {number % 5}.", article_id=article_id),
                             url=f"https://example.org/{article_id}"), items)
    stories = {a: store.article(a)["story_id"] for a in by_article}
    assert 1 < len(set(stories.values())) < len(stories)
    expected = cluster(ClusterItem(e.event_id, e.actor, e.target, e.category, e.event_start, e.event_end,
                                   e.granularity, stories[e.article_id])
                       for e in events if e.signal != "neutral")
    assert len({a.cluster_id for a in expected.values()}) < len(expected)      # clusters formed
    assert any(a.reports > 1 for a in expected.values())
    with ProcessPoolExecutor(worker_processes) if worker_processes else nullcontext() as pool:
        assert store.recluster(executor=pool) == sum(
            1 for e, a in expected.items() if (a.cluster_id, a.reports) != (e, 1))
    frame = store.events_frame().set_index("event_id")
    for item in events:
        assigned = expected.get(item.event_id)
        want = (assigned.cluster_id, assigned.reports) if assigned else (item.event_id, 1)
        assert (frame.loc[item.event_id, "cluster_id"], frame.loc[item.event_id, "reports"]) == want
    assert store.recluster() == 0          # idempotent


def test_recluster_memory_does_not_grow_with_the_family(tmp_path):
    """Python holds a few dozen bytes per event while re-clustering, not the rows."""
    import random
    import tracemalloc

    rng = random.Random(5)
    store = Store(tmp_path / "t.db")
    events = [replace(e, signal="escalation", category="attack") for e in random_events(rng, 20_000)]
    store.upsert(article(), [replace(e, article_id="a1") for e in events])
    tracemalloc.start()
    try:
        store.recluster()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # ~2 MB of fetch buffers plus ~40 bytes per event; holding the rows took ~800 bytes per event
    assert peak < 6_000_000


def test_a_session_shares_one_connection_and_commits_every_batch(tmp_path):
    store = Store(tmp_path / "t.db")
    with store.session():
        store.upsert(article(article_id="a1"), [event("e1", article_id="a1")])
        other = Store(tmp_path / "t.db")          # another process's view: the batch is committed
        assert other.stats().events == 1
        store.upsert(article(article_id="a2"), [event("e2", article_id="a2")])
    assert store.stats().events == 2 and store._held is None


def _index_names(path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}


def test_a_bulk_load_into_an_empty_store_builds_the_view_indexes_at_its_end(tmp_path):
    from pipeline.store import VIEW_INDEXES, bulk_load_running

    path = tmp_path / "t.db"
    store = Store(path)
    views = {line.split()[5] for line in VIEW_INDEXES.splitlines() if line.startswith("CREATE INDEX")}
    assert views <= _index_names(path)
    with store.bulk_load() as deferred:
        assert deferred and not views & _index_names(path)
        store.upsert(article(), [event("e1"), event("e2", day="2024-04-12")])
        assert bulk_load_running(path)
        Store(path)                              # a dashboard opening meanwhile leaves them out
        assert not views & _index_names(path)
        assert len(store.events_frame(date(2024, 4, 13), date(2024, 4, 13))) == 1   # reads still right
    assert views <= _index_names(path) and not bulk_load_running(path)
    with store.bulk_load() as deferred:          # a store with events keeps its indexes
        assert not deferred and views <= _index_names(path)


def test_indexes_left_out_by_a_load_that_died_are_built_by_the_next_store_opened(tmp_path):
    from pipeline.store import VIEW_INDEXES

    path = tmp_path / "t.db"
    views = {line.split()[5] for line in VIEW_INDEXES.splitlines() if line.startswith("CREATE INDEX")}
    store = Store(path)
    with pytest.raises(RuntimeError):
        with store.bulk_load():
            store.upsert(article(), [event("e1")])
            raise RuntimeError("a reader failed")
    assert views <= _index_names(path)            # an error inside the block still builds them
    path2 = tmp_path / "u.db"
    store2 = Store(path2)
    with store2.bulk_load():
        store2.upsert(article(), [event("e1")])
        with sqlite3.connect(path2) as conn:      # as if the process died here: the mark stays
            marked = conn.execute("SELECT value FROM meta WHERE key = 'view_indexes_deferred'").fetchone()
    assert marked == ("1",)
    with sqlite3.connect(path2) as conn:
        conn.execute("INSERT INTO meta VALUES ('view_indexes_deferred', '1')")
        for name in views:
            conn.execute(f"DROP INDEX {name}")
    Store(path2)
    assert views <= _index_names(path2)


def _spread_over_the_year(rng, events):
    """The same events moved to months of 2024, each article's to one month (a store spanning a
    year, where each ingest adds reports of a few weeks)."""
    moved, months = [], {}
    for item in events:
        month = months.setdefault(item.article_id, f"2024-{rng.randint(1, 12):02d}")
        moved.append(replace(item, event_start=item.event_start.replace("2024-04", month),
                             event_end=item.event_end.replace("2024-04", month),
                             event_date=item.event_start.replace("2024-04", month)[:10]))
    return moved


@pytest.mark.parametrize("seed", range(5))
def test_reclustering_around_new_events_gives_what_reclustering_everything_gives(tmp_path, seed):
    """Ingests add events in increments; re-clustering only the islands each increment's new
    events meet leaves every event with the cluster a full re-clustering gives it."""
    import random

    from pipeline.corroborate import bounds

    rng = random.Random(seed)
    events = _spread_over_the_year(rng, random_events(rng, 400))
    by_article: dict[str, list] = {}
    for item in events:
        by_article.setdefault(item.article_id, []).append(item)
    # mostly in date order, as feeds arrive, with some late reports
    articles = sorted(by_article.items(), key=lambda pair: (min(i.event_start for i in pair[1])[:7], rng.random()))
    windowed, full = Store(tmp_path / "w.db"), Store(tmp_path / "f.db")
    narrow: list[bool] = []
    texts = ["Iran launched drones at Israel on Saturday evening from several bases in the west.",
             "Oil prices rose on Monday as traders weighed the risk to shipping in the Gulf region."]
    for first in range(0, len(articles), 9):
        spans: dict[str, set[tuple[str, str]]] = {}
        for number, (article_id, items) in enumerate(articles[first:first + 9], start=first):
            text = texts[number % 2] + f" Report {number % 5}."
            for store in (windowed, full):
                store.upsert(replace(article(text, article_id=article_id), url=f"https://example.org/{article_id}"),
                             items)
            for item in items:
                spans.setdefault(item.category, set()).add(bounds(item.event_start, item.event_end))
        windowed.recluster(spans=spans)
        full.recluster()
        narrow.append(max(high for found in spans.values() for _, high in found) < "2024-12" or
                      min(low for found in spans.values() for low, _ in found) > "2024-02")
    columns = ["event_id", "cluster_id", "reports"]
    got = windowed.events_frame()[columns].sort_values("event_id").reset_index(drop=True)
    want = full.events_frame()[columns].sort_values("event_id").reset_index(drop=True)
    assert want["cluster_id"].nunique() < len(want)          # clusters formed
    assert sum(narrow) > len(narrow) / 2                      # most increments cover part of the year
    pd.testing.assert_frame_equal(got, want)


def test_only_the_islands_new_events_meet_are_re_clustered(tmp_path):
    """An island is a run of events whose intervals meet one another (a week-long recap bridges
    days); an interval meeting none leaves everything alone."""
    import sqlite3 as sqlite

    from pipeline.store import _islands

    store = Store(tmp_path / "t.db")
    store.upsert(article(), [
        replace(event("strike", day="2024-04-13"), event_start="2024-04-13T18:00", event_end="2024-04-13T23:59"),
        replace(event("week", day="2024-04-08"), event_start="2024-04-08", event_end="2024-04-14",
                granularity="week"),
        replace(event("before", day="2024-04-08"), event_start="2024-04-08", event_end="2024-04-08"),
        replace(event("far", day="2024-06-02"), event_start="2024-06-02", event_end="2024-06-02")])
    with sqlite.connect(tmp_path / "t.db") as conn:
        assert _islands(conn, ["attack"], [("2024-04-13T20:00", "2024-04-13T21:00")]) == [
            ("2024-04-08T00:00", "2024-04-14T23:59")]
        assert _islands(conn, ["attack"], [("2024-05-01T00:00", "2024-05-01T23:59")]) == []
        assert _islands(conn, ["attack"], [("2024-06-02T10:00", "2024-06-02T10:59"),
                                           ("2024-04-08T00:00", "2024-04-08T23:59")]) == [
            ("2024-04-08T00:00", "2024-04-14T23:59"), ("2024-06-02T00:00", "2024-06-02T23:59")]
