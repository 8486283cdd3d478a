"""The timeline store: one SQLite file in WAL mode, so the dashboard reads while an ingest writes.

Articles are keyed by their stable `article_id` and carry a hash of their content: storing the
same article again changes nothing ("unchanged"); storing it with changed text replaces its
events in one transaction ("replaced").
"""
from __future__ import annotations

import hashlib
import sqlite3
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import pandas as pd

from . import queries, syndication
from .corroborate import ClusterItem, cluster, family_members, family_of
from .records import EVENT_FIELDS, Article, TimelineEvent

DEFAULT_DB = Path("data/timeline.db")
BUSY_TIMEOUT_MS = 30_000
CACHE_KIB = 65_536          # SQLite page cache per connection (64 MiB)

_INT_FIELDS = {"char_start", "char_end", "reports"}
_REAL_FIELDS = {"score", "confidence"}


def _column_type(name: str) -> str:
    if name in _INT_FIELDS:
        return "INTEGER"
    if name in _REAL_FIELDS:
        return "REAL"
    return "TEXT"


_EVENT_COLUMNS = ",\n    ".join(
    f"{name} {_column_type(name)}" + (" PRIMARY KEY" if name == "event_id" else "")
    for name in EVENT_FIELDS
)

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS articles (
    article_id   TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    title        TEXT,
    source       TEXT,
    url          TEXT,
    published    TEXT,
    language     TEXT,
    origin       TEXT,
    text         TEXT,
    story_id     TEXT,
    minhash      BLOB
);
CREATE INDEX IF NOT EXISTS articles_by_url ON articles(url);
CREATE TABLE IF NOT EXISTS article_bands (
    band       INTEGER NOT NULL,
    value      INTEGER NOT NULL,
    article_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS bands_by_value ON article_bands(band, value);
CREATE INDEX IF NOT EXISTS bands_by_article ON article_bands(article_id);
CREATE TABLE IF NOT EXISTS events (
    {_EVENT_COLUMNS}
);
CREATE INDEX IF NOT EXISTS events_by_date ON events(event_date);
CREATE INDEX IF NOT EXISTS events_by_article ON events(article_id);
CREATE INDEX IF NOT EXISTS events_by_category ON events(category);
CREATE INDEX IF NOT EXISTS events_by_published ON events(published);
CREATE INDEX IF NOT EXISTS events_by_actor ON events(actor);
-- The dashboard's filtered aggregates (counts, daily balance, per-actor summary, the strongest
-- events) read this index alone instead of the wide rows: every filter column but the text search.
CREATE INDEX IF NOT EXISTS events_for_views ON events(event_date, signal, published, actor, target, category,
    source, granularity, confidence, score, reports, article_id, char_start, event_id);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""


@dataclass(frozen=True)
class StoreStats:
    articles: int
    events: int
    last_changed: str          # ISO date-time (UTC) of the last write, "" for a new store
    version: int = 0           # grows with every write that changed something


def content_hash(article: Article) -> str:
    """What decides whether a stored article changed: its text and the fields shown with it."""
    parts = (article.text, article.title, article.source, article.url, article.published)
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()


# The dashboard's columns: the contract's minus a few that only exports need.
VIEW_COLUMNS: tuple[str, ...] = tuple(
    name for name in EVENT_FIELDS if name not in {"timex_value", "cluster_id", "modality", "polarity",
                                                  "local_date_note"})

def _date_clauses(start: date | None, end: date | None) -> tuple[str, list[str]]:
    clauses, params = [], []
    if start is not None:
        clauses.append("event_date >= ?")
        params.append(start.isoformat())
    if end is not None:
        clauses.append("event_date <= ?")
        params.append(end.isoformat())
    return (f"WHERE {' AND '.join(clauses)}" if clauses else ""), params


def _events_query(start: date | None, end: date | None) -> tuple[str, list[str]]:
    """SELECT of the contract's columns, filtered by event date in SQL, in timeline order."""
    where, params = _date_clauses(start, end)
    order = ", ".join(queries.TIMELINE_ORDER)
    query = f"SELECT {', '.join(EVENT_FIELDS)} FROM events {where} ORDER BY {order}"
    return query, params


def _frame(rows: list[tuple], columns: Sequence[str]) -> pd.DataFrame:
    """A DataFrame from fetched rows, built column-wise (much faster than pd.read_sql_query).

    Integer and real columns get int64/float64; text columns pandas' string dtype."""
    if not rows:
        return pd.DataFrame({name: pd.Series(dtype="int64" if name in _INT_FIELDS else
                                             "float64" if name in _REAL_FIELDS else "str")
                             for name in columns})
    data = {}
    for name, values in zip(columns, zip(*rows)):
        if name in _INT_FIELDS or name in _REAL_FIELDS:
            series = pd.Series(values, dtype="float64" if name in _REAL_FIELDS else None)
            if name in _INT_FIELDS and series.dtype == object:
                series = pd.to_numeric(series, errors="coerce")
            data[name] = series
        else:
            data[name] = pd.Series(values, dtype="str")
    return pd.DataFrame(data)


def _upper(value):
    return value.upper() if isinstance(value, str) else value


def _mark_changed(conn: sqlite3.Connection) -> None:
    """Stamp a write: the time for people, a counter that caches can trust (clocks can tie)."""
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('last_changed', ?)",
                 (datetime.now(timezone.utc).isoformat(timespec="seconds"),))
    conn.execute("INSERT INTO meta(key, value) VALUES ('version', '1') "
                 "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1")


def _delete_article(conn: sqlite3.Connection, article_id: str) -> None:
    conn.execute("DELETE FROM events WHERE article_id = ?", (article_id,))
    conn.execute("DELETE FROM article_bands WHERE article_id = ?", (article_id,))
    conn.execute("DELETE FROM articles WHERE article_id = ?", (article_id,))


STORY_CANDIDATES = 20   # stored articles compared in full: those sharing the most LSH bands


def _story_of(conn: sqlite3.Connection, keys: list[tuple[int, int]], sig) -> str | None:
    """The story of the most similar stored near-duplicate, if any.

    Only the few articles sharing the most bands are compared in full, so the cost per article
    stays flat as the store grows, even where many stories share stock phrases.
    """
    if not keys:
        return None
    matches = " OR ".join("(band = ? AND value = ?)" for _ in keys)
    rows = conn.execute(
        "SELECT a.story_id, a.minhash FROM (SELECT article_id, COUNT(*) AS shared FROM article_bands "
        f"WHERE {matches} GROUP BY article_id ORDER BY shared DESC, article_id LIMIT ?) AS c "
        "JOIN articles a ON a.article_id = c.article_id",
        [number for key in keys for number in key] + [STORY_CANDIDATES]).fetchall()
    best: tuple[float, str] | None = None
    for story_id, other in rows:
        score = syndication.similarity(sig, syndication.from_blob(other))
        if score >= syndication.MIN_SIMILARITY and (best is None or (-score, story_id) < (-best[0], best[1])):
            best = (score, story_id)
    return best[1] if best else None


class Store:
    """A SQLite timeline store. Each method opens a short connection; safe across processes."""

    def __init__(self, path: str | Path = DEFAULT_DB):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute(f"PRAGMA cache_size=-{CACHE_KIB}")  # index pages stay cached as the store grows
            yield conn
        finally:
            conn.close()

    # -- writing ---------------------------------------------------------------------------
    def upsert(self, article: Article, events: Sequence[TimelineEvent]) -> str:
        """Store one article with its events; returns "new", "unchanged" or "replaced"."""
        return self.upsert_batch([(article, events)])[0]

    def upsert_batch(self, batch: Sequence[tuple[Article, Sequence[TimelineEvent]]],
                     signatures: Sequence | None = None) -> list[str]:
        """Store several articles in one transaction: an interrupted run leaves no half batch.

        `signatures` are the articles' MinHash signatures when a worker computed them already.
        """
        outcomes: list[str] = []
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                for number, (article, events) in enumerate(batch):
                    sig = signatures[number] if signatures is not None else None
                    outcomes.append(self._upsert_one(conn, article, events, sig))
                if any(outcome != "unchanged" for outcome in outcomes):
                    _mark_changed(conn)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return outcomes

    @staticmethod
    def _upsert_one(conn: sqlite3.Connection, article: Article, events: Sequence[TimelineEvent],
                    sig=None) -> str:
        digest = content_hash(article)
        row = conn.execute(
            "SELECT content_hash FROM articles WHERE article_id = ?", (article.article_id,)
        ).fetchone()
        if row is not None and row[0] == digest:
            return "unchanged"
        outcome = "new" if row is None else "replaced"
        if article.url:  # an updated version of a page we hold under another id replaces it
            for (old_id,) in conn.execute("SELECT article_id FROM articles WHERE url = ? AND article_id != ?",
                                          (article.url, article.article_id)).fetchall():
                _delete_article(conn, old_id)
                outcome = "replaced"
        _delete_article(conn, article.article_id)
        if sig is None:
            sig = syndication.signature(article.text)
        keys = syndication.bands(sig)
        story_id = _story_of(conn, keys, sig) or article.article_id
        conn.execute(
            "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article.article_id, digest, article.title, article.source, article.url,
             article.published, article.language, article.origin, article.text, story_id,
             syndication.to_blob(sig)),
        )
        conn.executemany("INSERT INTO article_bands VALUES (?, ?, ?)",
                         [(band, value, article.article_id) for band, value in keys])
        placeholders = ", ".join("?" for _ in EVENT_FIELDS)
        conn.executemany(
            f"INSERT OR REPLACE INTO events ({', '.join(EVENT_FIELDS)}) VALUES ({placeholders})",
            [tuple(getattr(event, name) for name in EVENT_FIELDS) for event in events],
        )
        return outcome

    def unchanged(self, articles: Sequence[Article]) -> set[str]:
        """Ids of the articles already stored with exactly this content (no need to process them)."""
        if not articles:
            return set()
        by_id = {article.article_id: content_hash(article) for article in articles}
        with self._connect() as conn:
            rows = conn.execute(
                f"SELECT article_id, content_hash FROM articles WHERE article_id IN ({', '.join('?' for _ in by_id)})",
                list(by_id)).fetchall()
        return {article_id for article_id, digest in rows if by_id[article_id] == digest}

    def recluster(self, categories: Iterable[str] | None = None) -> int:
        """Recompute `cluster_id` and `reports` for the families of `categories` (all when None).

        Returns how many events changed. Works one family of categories at a time, so memory
        stays bounded by the largest family.
        """
        changed = 0
        with self._connect() as conn:
            if categories is None:
                categories = [c for (c,) in conn.execute("SELECT DISTINCT category FROM events")]
            for family in sorted({family_of(c) for c in categories if c}):
                members = family_members(family)
                conn.execute("BEGIN IMMEDIATE")
                rows = conn.execute(
                    "SELECT e.event_id, e.actor, e.target, e.category, e.event_start, e.event_end, "
                    "e.granularity, COALESCE(a.story_id, e.article_id), e.cluster_id, e.reports "
                    "FROM events e LEFT JOIN articles a ON a.article_id = e.article_id "
                    f"WHERE e.category IN ({', '.join('?' for _ in members)}) AND e.signal != 'neutral'",
                    members).fetchall()
                current = {r[0]: (r[8], r[9]) for r in rows}
                # interned: a family can hold hundreds of thousands of events with few distinct values
                assignments = cluster(ClusterItem(r[0], *(sys.intern(v or "") for v in r[1:8])) for r in rows)
                del rows
                updates = [(assigned.cluster_id, assigned.reports, event_id)
                           for event_id, assigned in assignments.items()
                           if current[event_id] != (assigned.cluster_id, assigned.reports)]
                conn.executemany("UPDATE events SET cluster_id = ?, reports = ? WHERE event_id = ?", updates)
                if updates:
                    _mark_changed(conn)
                conn.execute("COMMIT")
                changed += len(updates)
        return changed

    def mark_clusters_stale(self, stale: bool) -> None:
        with self._connect() as conn:
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('clusters_stale', ?)",
                         ("1" if stale else "0",))
            conn.commit()

    def clusters_stale(self) -> bool:
        with self._connect() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'clusters_stale'").fetchone()
        return bool(row and row[0] == "1")

    # -- reading ---------------------------------------------------------------------------
    def events_frame(self, start: date | None = None, end: date | None = None) -> pd.DataFrame:
        """Stored events with the contract's columns, optionally filtered by event date (inclusive)."""
        query, params = _events_query(start, end)
        with self._connect() as conn:
            rows = conn.execute(query, params).fetchall()
        return _frame(rows, EVENT_FIELDS)

    def frame(self, query: queries.Query) -> pd.DataFrame:
        """The result of one of `queries`' reads as a DataFrame with the query's columns.

        Rows of contract columns are typed as in `events_frame` (numbers as numbers, text as
        str); aggregates keep SQLite's types."""
        with self._connect() as conn:
            conn.create_function(queries.UPPER_FUNCTION, 1, _upper, deterministic=True)
            rows = conn.execute(query.sql, query.params).fetchall()
        if set(query.columns) <= set(EVENT_FIELDS):
            return _frame(rows, query.columns)
        return pd.DataFrame.from_records(rows, columns=list(query.columns))

    def iter_event_rows(self, start: date | None = None, end: date | None = None,
                        chunk: int = 10_000) -> Iterator[list[tuple]]:
        """Stream stored events in chunks (for exports that must not hold everything in memory)."""
        query, params = _events_query(start, end)
        with self._connect() as conn:
            cursor = conn.execute(query, params)
            while rows := cursor.fetchmany(chunk):
                yield rows

    def article(self, article_id: str) -> dict | None:
        """One stored article (text, title, source, url, published, language, origin)."""
        with self._connect() as conn:
            conn.row_factory = sqlite3.Row
            row = conn.execute("SELECT * FROM articles WHERE article_id = ?", (article_id,)).fetchone()
        return dict(row) if row is not None else None

    def stats(self) -> StoreStats:
        with self._connect() as conn:
            articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            events = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
            meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('last_changed', 'version')"))
        return StoreStats(articles, events, meta.get("last_changed", ""), int(meta.get("version", 0)))

    def integrity_ok(self) -> bool:
        with self._connect() as conn:
            return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
