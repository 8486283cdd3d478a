"""The SQLite store: idempotent upserts, replacement, date filters, readers during writes."""
import sqlite3
from dataclasses import replace
from datetime import date

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
