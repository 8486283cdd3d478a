"""The timeline store: one SQLite file in WAL mode, so the dashboard reads while an ingest writes.

Articles are keyed by their stable `article_id` and carry a hash of their content: storing the
same article again changes nothing ("unchanged"); storing it with changed text replaces its
events in one transaction ("replaced").
"""
from __future__ import annotations

import bisect
import hashlib
import re
import sqlite3
import sys
from array import array
from concurrent.futures import Executor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, Mapping, Sequence

if TYPE_CHECKING:  # pandas is imported where frames are built: an ingest never needs its ~75 MB
    import pandas as pd

from . import corroborate, queries, syndication
from .corroborate import family_members, family_of
from .records import EVENT_FIELDS, Article, TimelineEvent

DEFAULT_DB = Path("data/timeline.db")
BUSY_TIMEOUT_MS = 30_000
CACHE_KIB = 65_536          # SQLite page cache per connection (64 MiB)
# WAL pages before a checkpoint copies them into the database (SQLite's default is 1000): fewer,
# larger checkpoints, so fewer syncs during an ingest. A batch's events land all over the indexes,
# so each commit rewrites much of them (a 50 MB store: ~15 MB of WAL per batch); a checkpoint every
# few batches copies a page rewritten meanwhile once. The WAL file stays below ~64 MB plus one batch.
CHECKPOINT_PAGES = 16_000

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
CREATE INDEX IF NOT EXISTS bands_by_value ON article_bands(band, value, article_id);
CREATE INDEX IF NOT EXISTS bands_by_article ON article_bands(article_id);
CREATE TABLE IF NOT EXISTS events (
    {_EVENT_COLUMNS}
);
CREATE INDEX IF NOT EXISTS events_by_article ON events(article_id);
CREATE INDEX IF NOT EXISTS events_by_category ON events(category);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""
# The indexes only reads need (the dashboard's filters and views). Keys in date or actor order take
# every batch's events all over the index, so maintaining them costs more than the rest of storing;
# a bulk load into an empty store builds them once at its end instead (`Store.bulk_load`).
VIEW_INDEXES = """
CREATE INDEX IF NOT EXISTS events_by_date ON events(event_date);
CREATE INDEX IF NOT EXISTS events_by_published ON events(published);
CREATE INDEX IF NOT EXISTS events_by_actor ON events(actor);
-- The dashboard's filtered aggregates (counts, daily balance, per-actor summary, the strongest
-- events) read this index alone instead of the wide rows: every filter column but the text search.
CREATE INDEX IF NOT EXISTS events_for_views ON events(event_date, signal, published, actor, target, category,
    source, granularity, confidence, score, reports, article_id, char_start, event_id);
-- The per-lane aggregates of a wide filter (queries.WIDE_SHARE) read this one in lane order: no sort.
CREATE INDEX IF NOT EXISTS events_by_lane ON events(actor, category, target, event_date, signal, score, published,
    source, granularity, confidence);
"""
_VIEW_INDEX_NAMES = re.findall(r"CREATE INDEX IF NOT EXISTS (\w+)", VIEW_INDEXES)
_DEFERRED_KEY = "view_indexes_deferred"


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
    import pandas as pd

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


_INSERT_EVENT = (f"INSERT OR REPLACE INTO events ({', '.join(EVENT_FIELDS)}) "
                 f"VALUES ({', '.join('?' for _ in EVENT_FIELDS)})")
_event_row = attrgetter(*EVENT_FIELDS)      # an event's values in column order


def event_row(event: TimelineEvent) -> tuple:
    """An event's values in `EVENT_FIELDS` (column) order: what `upsert_batch` stores."""
    return _event_row(event)


def _delete_article(conn: sqlite3.Connection, article_id: str, removed: Spans | None = None) -> None:
    """Remove an article with its events and band keys; the intervals of the events removed are
    added to `removed`, per category (what re-clustering must look at again)."""
    if removed is not None:
        for category, low, high in conn.execute(
                f"SELECT DISTINCT e.category, {_START_SQL}, {_END_SQL} FROM events e "
                "WHERE e.article_id = ? AND e.category IS NOT NULL AND e.category != ''", (article_id,)):
            removed.setdefault(category, set()).add((low, high))
    conn.execute("DELETE FROM events WHERE article_id = ?", (article_id,))
    conn.execute("DELETE FROM article_bands WHERE article_id = ?", (article_id,))
    conn.execute("DELETE FROM articles WHERE article_id = ?", (article_id,))


STORY_CANDIDATES = 20   # stored articles compared in full: those sharing the most LSH bands
# Members read per LSH bucket. Stock phrases (a site's footer, an agency's standard paragraph) put
# thousands of unrelated articles in one bucket; reading them all made each lookup grow with the
# store. A true copy shares several buckets, most of them specific to its story, and a bucket
# holding more members than this of one story finds that story in any of them.
BUCKET_MEMBERS = 32
_BUCKET_MEMBERS_SQL = ("SELECT article_id FROM (SELECT article_id FROM article_bands "
                       "WHERE band = ? AND value = ? LIMIT ?)")


def _meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def _build_view_indexes(conn: sqlite3.Connection) -> None:
    """Create the missing view indexes and clear the bulk-load mark, in one transaction (none when
    nothing is missing: opening a store must not wait for a writer)."""
    present = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    if set(_VIEW_INDEX_NAMES) <= present and not _meta(conn, _DEFERRED_KEY):
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        _create_view_indexes(conn)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


# SQLite sorts an index's keys in a buffer as large as the page cache; a smaller one while building
# keeps a bulk load's memory flat (a few more merge passes over temporary files).
INDEX_SORT_KIB = 16_384


# The view index that holds `reports`: built after a re-clustering's updates, which would otherwise
# have to maintain it (the others hold neither `reports` nor `cluster_id`).
_REPORTS_INDEX = "events_for_views"


def _create_view_indexes(conn: sqlite3.Connection, but: str | None = None) -> None:
    """The missing view indexes (all `but` one), inside the caller's transaction; clears the
    bulk-load mark once all are there."""
    (cache,) = conn.execute("PRAGMA cache_size").fetchone()
    conn.execute(f"PRAGMA cache_size=-{INDEX_SORT_KIB}")
    try:
        for statement in VIEW_INDEXES.split(";"):
            if statement.strip() and not (but and f" {but} ON " in statement):
                conn.execute(statement)
    finally:
        conn.execute(f"PRAGMA cache_size={int(cache)}")
    if not but:
        conn.execute("DELETE FROM meta WHERE key = ?", (_DEFERRED_KEY,))


def _lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".bulk-load")


@contextmanager
def _bulk_load_lock(path: Path) -> Iterator[bool]:
    """An exclusive lock on a file beside the store, held while a bulk load runs; yields whether
    it was got (no other bulk load running, and a platform with file locks)."""
    try:
        import fcntl
    except ImportError:             # no file locks here: no bulk loads either
        yield False
        return
    with open(_lock_path(path), "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def bulk_load_running(path: Path) -> bool:
    """Whether some process holds the bulk-load lock of the store at `path`."""
    if not _lock_path(path).exists():
        return False
    with _bulk_load_lock(path) as locked:
        return not locked


_SCHEME_KEY = "minhash_scheme"
_REDO_CHUNK = 256             # articles read at a time while fingerprints are redone


def _redo_fingerprints(conn: sqlite3.Connection) -> int:
    """New signatures, band keys and stories for every stored article, in the order they were stored."""
    conn.execute("DELETE FROM article_bands")
    redone, last = 0, 0
    while rows := conn.execute("SELECT rowid, article_id, text FROM articles WHERE rowid > ? ORDER BY rowid LIMIT ?",
                               (last, _REDO_CHUNK)).fetchall():
        for rowid, article_id, text in rows:
            found = syndication.fingerprint(text or "")
            story_id = _story_of(conn, found.keys, found.sig) or article_id
            conn.execute("UPDATE articles SET minhash = ?, story_id = ? WHERE rowid = ?", (found.blob, story_id, rowid))
            conn.executemany("INSERT INTO article_bands VALUES (?, ?, ?)",
                             [(band, value, article_id) for band, value in found.keys])
        redone += len(rows)
        last = rows[-1][0]
    return redone


def _story_of(conn: sqlite3.Connection, keys: list[tuple[int, int]], sig) -> str | None:
    """The story of the most similar stored near-duplicate, if any.

    At most `BUCKET_MEMBERS` members of each shared bucket are counted, and only the few
    articles sharing the most bands are compared in full, so the cost per article stays flat as
    the store grows, even where many stories share stock phrases.
    """
    if not keys:
        return None
    members = " UNION ALL ".join(_BUCKET_MEMBERS_SQL for _ in keys)
    rows = conn.execute(
        "SELECT a.story_id, a.minhash FROM (SELECT article_id, COUNT(*) AS shared "
        f"FROM ({members}) GROUP BY article_id ORDER BY shared DESC, article_id LIMIT ?) AS c "
        "JOIN articles a ON a.article_id = c.article_id",
        [number for band, value in keys for number in (band, value, BUCKET_MEMBERS)] + [STORY_CANDIDATES]
    ).fetchall()
    if not rows:
        return None
    scores = syndication.similarities(sig, [blob for _, blob in rows])
    best = min(((-score, story_id) for score, (story_id, _) in zip(scores, rows)
                if score >= syndication.MIN_SIMILARITY), default=None)
    return best[1] if best else None


# A bare date covers its whole day (as corroborate.bounds): SQL versions, so SQLite sorts by them.
_START_SQL = "CASE WHEN instr(e.event_start, 'T') THEN e.event_start ELSE COALESCE(e.event_start, '') || 'T00:00' END"
_END_SQL = "CASE WHEN instr(e.event_end, 'T') THEN e.event_end ELSE COALESCE(e.event_end, '') || 'T23:59' END"
_CLUSTER_CHUNK = 2_000        # rows fetched, and node rows written, at a time


Window = tuple[str, str]     # an event's (start, end), in `corroborate.bounds` form
Spans = dict[str, set[Window]]  # per category, the intervals of events an ingest added or removed


def _merged(spans: Iterable[Window]) -> list[Window]:
    """Intervals sorted, those that meet joined."""
    merged: list[list[str]] = []
    for low, high in sorted(spans):
        if merged and low <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], high)
        else:
            merged.append([low, high])
    return [(low, high) for low, high in merged]


def _family_clause(members: Sequence[str]) -> str:
    """SQL condition on `events e`: the family's clusterable events (a signal, and a side named)."""
    return (f"e.category IN ({', '.join('?' for _ in members)}) AND e.signal != 'neutral' "
            "AND (COALESCE(e.actor, '') != '' OR COALESCE(e.target, '') != '')")


def _islands(conn: sqlite3.Connection, members: Sequence[str], spans: Iterable[Window]) -> list[Window]:
    """The islands of the family that meet any of `spans`, in order.

    An island is a maximal run of clusterable events whose intervals meet one another. Events are
    linked only when their intervals meet, so an island holds whole clusters, and the clusters of
    islands that no added or removed event meets stay as they are. One pass over the family's
    intervals sorted by start (SQLite sorts, spilling to disk when large).
    """
    wanted = _merged(spans)
    found: list[Window] = []
    position = 0

    def keep(low: str, high: str) -> None:
        nonlocal position
        while position < len(wanted) and wanted[position][1] < low:
            position += 1
        if position < len(wanted) and wanted[position][0] <= high:
            found.append((low, high))

    cursor = conn.execute(f"SELECT {_START_SQL}, {_END_SQL} FROM events e WHERE {_family_clause(members)} "
                          "ORDER BY 1", list(members))
    island: list[str] | None = None
    while rows := cursor.fetchmany(_CLUSTER_CHUNK):
        for start, end in rows:
            if island is not None and start <= island[1]:
                if end > island[1]:
                    island[1] = end
            else:
                if island is not None:
                    keep(*island)
                island = [start, end]
    if island is not None:
        keep(*island)
    return found


def _inside(rows: Iterable[tuple], islands: list[Window]) -> Iterator[tuple]:
    """The rows (start and end at positions 3 and 4) of events inside one of `islands`."""
    lows = [low for low, _ in islands]
    for row in rows:
        number = bisect.bisect_right(lows, row[3]) - 1
        if number >= 0 and row[3] <= islands[number][1]:
            yield row


def _cluster_rows(conn: sqlite3.Connection, members: Sequence[str], fine: bool, order: str) -> Iterator[tuple]:
    """(event id, actor, target, start, end, story, rowid) of the family's clusterable events, streamed."""
    granularities = sorted(corroborate.fine_granularities())
    cursor = conn.execute(
        f"SELECT e.event_id, COALESCE(e.actor, ''), COALESCE(e.target, ''), {_START_SQL}, {_END_SQL}, "
        "COALESCE(a.story_id, e.article_id, ''), e.rowid "
        "FROM events e LEFT JOIN articles a ON a.article_id = e.article_id "
        f"WHERE {_family_clause(members)} "
        f"AND COALESCE(e.granularity, '') {'' if fine else 'NOT '}IN ({', '.join('?' for _ in granularities)}) "
        f"ORDER BY {order}", [*members, *granularities])
    while rows := cursor.fetchmany(_CLUSTER_CHUNK):
        yield from rows


def _cluster_nodes(conn: sqlite3.Connection, members: Sequence[str], spans: Iterable[Window] | None = None) -> int:
    """Cluster one family into `temp.cluster_nodes` (one row per event with its root); returns the count.

    With `spans`, only the events of the islands they meet (`_islands`): what added or removed
    events can change.

    The same steps as `corroborate.cluster`, streamed: SQLite sorts the events (spilling to disk
    when large), each event becomes a row number ("node") in a compact union-find, and event ids
    and stories wait in the temporary table. Python holds a few dozen bytes per event, not the rows.
    """
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS cluster_nodes (node INTEGER PRIMARY KEY, "
                 "event_id TEXT NOT NULL, story TEXT NOT NULL, event_rowid INTEGER NOT NULL, root INTEGER)")
    conn.execute("DELETE FROM temp.cluster_nodes")
    sets = corroborate.DisjointSets(array("q"))
    parent, find, union = sets.parent, sets.find, sets.union
    intern = sys.intern

    pending: list[tuple[int, str, str, int]] = []

    def nodes(rows: Iterable[tuple]) -> Iterator[corroborate.Node]:
        for event_id, actor, target, start, end, story, rowid in rows:
            node = len(parent)
            parent.append(node)
            pending.append((node, event_id, story, rowid))
            if len(pending) >= _CLUSTER_CHUNK:
                flush()
            yield node, intern(actor), intern(target), intern(start), intern(end)

    def flush() -> None:
        conn.executemany("INSERT INTO temp.cluster_nodes (node, event_id, story, event_rowid) VALUES (?, ?, ?, ?)",
                         pending)
        pending.clear()

    def rows(fine: bool, order: str) -> Iterable[tuple]:
        found = _cluster_rows(conn, members, fine, order)
        return found if islands is None else _inside(found, islands)

    islands = None if spans is None else _islands(conn, members, spans)
    if islands == []:
        return 0
    index = corroborate.sweep(nodes(rows(True, "4, 5, 1")), union, int_nodes=True)
    # Coarse events in twin order; twins are merged only after every coarse event is attached.
    twins = array("q")
    previous = None
    for node, actor, target, start, end in nodes(rows(False, "4, 5, 2, 3")):
        corroborate.attach_coarse([(node, actor, target, start, end)], index, find, union)
        if previous is not None and previous[1:] == (start, end, actor, target):
            twins.extend((previous[0], node))
        else:
            previous = (node, start, end, actor, target)
    flush()
    del index
    for position in range(0, len(twins), 2):
        union(twins[position], twins[position + 1])
    del twins
    if parent:
        conn.executemany("UPDATE temp.cluster_nodes SET root = ? WHERE node = ?",
                         ((find(node), node) for node in range(len(parent))))
    return len(parent)


# Each clustered event's rowid with its cluster's id, the rowid of the event that id is from, and
# the cluster's number of stories. A cluster's id is its smallest event id (SQLite takes the bare
# column from the row of the MIN).
_ASSIGNMENTS = (
    "SELECT n.event_rowid, g.cluster_id, g.cluster_rowid, g.reports FROM temp.cluster_nodes n JOIN "
    "  (SELECT root, MIN(event_id) AS cluster_id, event_rowid AS cluster_rowid, "
    "          COUNT(DISTINCT story) AS reports FROM temp.cluster_nodes GROUP BY root) g ON g.root = n.root")


def _recluster_family(conn: sqlite3.Connection, members: Sequence[str], spans: Iterable[Window] | None = None) -> int:
    """Re-cluster one family (around `spans`) inside the caller's transaction; returns how many events changed."""
    if not _cluster_nodes(conn, members, spans):
        return 0
    before = conn.total_changes
    conn.execute(
        "UPDATE events SET cluster_id = c.cluster_id, reports = c.reports "
        f"FROM ({_ASSIGNMENTS}) AS c WHERE events.rowid = c.event_rowid "
        "AND (events.cluster_id IS NOT c.cluster_id OR events.reports IS NOT c.reports)")
    changed = conn.total_changes - before
    conn.execute("DELETE FROM temp.cluster_nodes")
    return changed


def family_changes(path: str, members: Sequence[str], spans: Iterable[Window] | None = None) -> tuple[array, array, array]:
    """What re-clustering one family would change, computed on a connection of its own (a worker's).

    Returns machine arrays (event rowid, rowid of the cluster's id event, reports): 24 bytes per
    changed event, whatever the family's size. The caller holds the write lock meanwhile, so the
    store cannot change between this read and its update (`Store.recluster`).
    """
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        conn.execute("BEGIN")
        rowids, cluster_rowids, reports = array("q"), array("q"), array("q")
        if _cluster_nodes(conn, members, spans):
            cursor = conn.execute(
                f"SELECT c.event_rowid, c.cluster_rowid, c.reports FROM ({_ASSIGNMENTS}) AS c "
                "JOIN events e ON e.rowid = c.event_rowid "
                "WHERE e.cluster_id IS NOT c.cluster_id OR e.reports IS NOT c.reports")
            while rows := cursor.fetchmany(_CLUSTER_CHUNK):
                for rowid, cluster_rowid, count in rows:
                    rowids.append(rowid)
                    cluster_rowids.append(cluster_rowid)
                    reports.append(count)
        conn.execute("COMMIT")
        return rowids, cluster_rowids, reports
    finally:
        conn.close()


class Store:
    """A SQLite timeline store. Each method opens a short connection; safe across processes.

    Inside `with store.session():` the writing methods share one connection instead (an ingest:
    no reconnect per batch, a warm page cache); each batch is still its own transaction.
    """

    def __init__(self, path: str | Path = DEFAULT_DB):
        self.path = Path(path)
        self._held: sqlite3.Connection | None = None
        self._fingerprints_checked = False
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(SCHEMA)
            if not _meta(conn, _DEFERRED_KEY) or not bulk_load_running(self.path):
                _build_view_indexes(conn)         # new, or left out by a bulk load that did not finish
            # a store without articles has no fingerprints to redo: it starts with the current scheme
            conn.execute("INSERT INTO meta(key, value) SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM articles) "
                         "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (_SCHEME_KEY, syndication.SCHEME))
            conn.commit()

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute(f"PRAGMA cache_size=-{CACHE_KIB}")  # index pages stay cached as the store grows
            conn.execute(f"PRAGMA wal_autocheckpoint={CHECKPOINT_PAGES}")
            yield conn
        finally:
            conn.close()

    @contextmanager
    def session(self) -> Iterator["Store"]:
        """Hold one connection for the writes inside the block (one thread, one process)."""
        if self._held is not None:
            yield self
            return
        with self._connect() as conn:
            self._held = conn
            try:
                yield self
            finally:
                self._held = None

    @contextmanager
    def bulk_load(self) -> Iterator[bool]:
        """Inside the block, a store that holds no events does without its view indexes; yields
        whether it does. They are built at the end of the block, in one pass over the sorted
        events, much faster than maintained batch by batch (see `VIEW_INDEXES`). Meanwhile reads
        are right but slower. Should the process die, the next `Store` opened builds them.
        """
        with _bulk_load_lock(self.path) as locked:
            deferred = False
            if locked:
                with self._writer() as conn:
                    conn.execute("BEGIN IMMEDIATE")
                    try:
                        if conn.execute("SELECT NOT EXISTS (SELECT 1 FROM events)").fetchone()[0]:
                            for name in _VIEW_INDEX_NAMES:
                                conn.execute(f"DROP INDEX IF EXISTS {name}")
                            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, '1')", (_DEFERRED_KEY,))
                            deferred = True
                        conn.execute("COMMIT")
                    except BaseException:
                        conn.execute("ROLLBACK")
                        raise
            try:
                yield deferred
            except Exception:
                if deferred:
                    self._build_view_indexes()
                raise
            if deferred:
                self._build_view_indexes()

    def _build_view_indexes(self) -> None:
        with self._writer() as conn:
            _build_view_indexes(conn)

    @contextmanager
    def _writer(self) -> Iterator[sqlite3.Connection]:
        if self._held is not None:
            yield self._held
        else:
            with self._connect() as conn:
                yield conn

    # -- writing ---------------------------------------------------------------------------
    def upsert(self, article: Article, events: Sequence[TimelineEvent]) -> str:
        """Store one article with its events; returns "new", "unchanged" or "replaced"."""
        return self.upsert_batch([(article, events)])[0]

    def upsert_batch(self, batch: Sequence[tuple[Article, Sequence[TimelineEvent]]],
                     signatures: Sequence | None = None, removed: Spans | None = None) -> list[str]:
        """Store several articles in one transaction: an interrupted run leaves no half batch.

        `signatures` are the articles' MinHash signatures (or `syndication.Fingerprint`s) when a
        worker computed them already. An article's events may also be given as rows: tuples of
        values in `EVENT_FIELDS` order (`event_row`), as workers send them. `removed`, if given,
        receives per category the intervals of the events that replaced articles lose.
        """
        outcomes: list[str] = []
        if not self._fingerprints_checked:
            self.refresh_fingerprints()
        with self._writer() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                for number, (article, events) in enumerate(batch):
                    sig = signatures[number] if signatures is not None else None
                    outcomes.append(self._upsert_one(conn, article, events, sig, removed))
                if any(outcome != "unchanged" for outcome in outcomes):
                    _mark_changed(conn)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return outcomes

    @staticmethod
    def _upsert_one(conn: sqlite3.Connection, article: Article, events: Sequence[TimelineEvent],
                    sig=None, removed: Spans | None = None) -> str:
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
                _delete_article(conn, old_id, removed)
                outcome = "replaced"
        if row is not None:
            _delete_article(conn, article.article_id, removed)
        if not isinstance(sig, syndication.Fingerprint):
            sig = syndication.fingerprint(article.text) if sig is None else \
                syndication.Fingerprint(sig, syndication.bands(sig), syndication.to_blob(sig))
        keys = sig.keys
        story_id = _story_of(conn, keys, sig.sig) or article.article_id
        conn.execute(
            "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article.article_id, digest, article.title, article.source, article.url,
             article.published, article.language, article.origin, article.text, story_id, sig.blob),
        )
        article_id = article.article_id
        conn.executemany("INSERT INTO article_bands VALUES (?, ?, ?)",
                         [(band, value, article_id) for band, value in keys])
        if events and not isinstance(events[0], tuple):
            events = map(_event_row, events)
        conn.executemany(_INSERT_EVENT, events)
        return outcome

    def refresh_fingerprints(self) -> int:
        """Compute every stored article's near-duplicate fingerprint and story again if the store's
        were made with other hash functions (`syndication.SCHEME`); returns how many articles.

        Stories are assigned again in the order the articles were stored, as when they arrived,
        and the clusters are marked stale (`reports` counts stories). One transaction; a no-op,
        one read, for a current store.
        """
        redone = 0
        with self._writer() as conn:
            if _meta(conn, _SCHEME_KEY) != syndication.SCHEME:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    if _meta(conn, _SCHEME_KEY) != syndication.SCHEME:      # not done meanwhile by another writer
                        redone = _redo_fingerprints(conn)
                        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                                     (_SCHEME_KEY, syndication.SCHEME))
                        if redone:
                            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('clusters_stale', '1')")
                            _mark_changed(conn)
                    conn.execute("COMMIT")
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
        self._fingerprints_checked = True
        return redone

    def unchanged(self, articles: Sequence[Article]) -> set[str]:
        """Ids of the articles already stored with exactly this content (no need to process them)."""
        if not articles:
            return set()
        by_id = {article.article_id: content_hash(article) for article in articles}
        with self._writer() as conn:
            rows = conn.execute(
                f"SELECT article_id, content_hash FROM articles WHERE article_id IN ({', '.join('?' for _ in by_id)})",
                list(by_id)).fetchall()
        return {article_id for article_id, digest in rows if by_id[article_id] == digest}

    def recluster(self, categories: Iterable[str] | None = None, executor: Executor | None = None,
                  view_indexes: bool = False, spans: Mapping[str, Iterable[Window]] | None = None) -> int:
        """Recompute `cluster_id` and `reports` for the families of `categories` (all when None).

        Returns how many events changed. One family at a time, each in one transaction; see
        `_cluster_nodes` for why memory stays small however large the family. `spans` (per
        category, the intervals of the events an ingest added or removed; its keys are the
        categories then) limits each family to the islands of events those meet (`_islands`):
        an ingest into a large store re-clusters around what it changed, not every event. With
        an `executor` (an ingest's worker processes) the families are clustered side by side,
        each on the worker's own connection, while this connection holds the write lock: the
        workers read exactly what is updated, and the whole re-clustering is one transaction.
        `view_indexes`: build the missing view indexes meanwhile (the end of a `bulk_load`).
        """
        with self._writer() as conn:
            if spans is not None:
                categories = spans
            elif categories is None:
                categories = [c for (c,) in conn.execute("SELECT DISTINCT category FROM events")]
            by_family: dict[str, list[Window] | None] = {}
            for category in categories:
                if category:
                    family = family_of(category)
                    if spans is None:
                        by_family[family] = None
                    else:
                        by_family[family] = _merged([*(by_family.get(family) or ()), *spans[category]])
            families = sorted(by_family)
            if executor is not None and len(families) > 1:
                return self._recluster_in_parallel(conn, families, by_family, executor, view_indexes)
            changed = 0
            for family in families:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    updated = _recluster_family(conn, family_members(family), by_family[family])
                    if updated:
                        _mark_changed(conn)
                    conn.execute("COMMIT")
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
                changed += updated
        return changed

    def _recluster_in_parallel(self, conn: sqlite3.Connection, families: Sequence[str],
                               spans: Mapping[str, list[Window] | None], executor: Executor,
                               view_indexes: bool) -> int:
        changed, futures = 0, []
        conn.execute("BEGIN IMMEDIATE")
        try:
            futures = [executor.submit(family_changes, str(self.path), family_members(family), spans[family])
                       for family in families]
            if view_indexes:        # while the workers work
                _create_view_indexes(conn, but=_REPORTS_INDEX)
            for future in as_completed(futures):
                rowids, cluster_rowids, reports = future.result()
                conn.executemany("UPDATE events SET cluster_id = (SELECT event_id FROM events WHERE rowid = ?), "
                                 "reports = ? WHERE rowid = ?", zip(cluster_rowids, reports, rowids))
                changed += len(rowids)
            if view_indexes:
                _create_view_indexes(conn)
            if changed:
                _mark_changed(conn)
            conn.execute("COMMIT")
        except BaseException:
            for future in futures:
                future.cancel()
            conn.execute("ROLLBACK")
            raise
        return changed

    def mark_clusters_stale(self, stale: bool) -> None:
        with self._writer() as conn:
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('clusters_stale', ?)",
                         ("1" if stale else "0",))
            conn.commit()

    def clusters_stale(self) -> bool:
        with self._writer() as conn:
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
        import pandas as pd

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
