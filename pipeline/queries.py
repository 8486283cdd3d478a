"""The dashboard's reads as SQL: a filter state (`EventFilter`) becomes parameterised queries.

Pure and free of I/O: every function returns a `Query` (SQL text, bound parameters, the names of
the columns it yields); `Store.frame` runs it. Values never enter the SQL text: they are bound
as `?` parameters, only column names from fixed tuples here are written into it.

The semantics are those of `views.filter_events` on a frame: dates are inclusive days (a
date-time counts on its calendar day), multiselects match exactly, the minimum confidence is
inclusive, and the search is a case-insensitive literal substring test on SEARCH_COLUMNS.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .records import EVENT_FIELDS

SEARCH_COLUMNS = ("sentence", "title", "actor", "target", "speaker", "cue", "time_expression",
                  "source", "category")
OPTION_COLUMNS = ("actor", "target", "signal", "category", "source", "granularity")
TIMELINE_ORDER = ("event_date", "published", "article_id", "char_start", "event_id")
# "strongest" as views.strongest weighs it: |score| x confidence x reports (missing: 0, 0, 1)
WEIGHT = "ABS(COALESCE(score, 0)) * COALESCE(confidence, 0) * MAX(COALESCE(reports, 1), 1)"
ISO_DAY = "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'"
UPPER_FUNCTION = "py_upper"     # registered by the store: Python's str.upper, for non-ASCII needles
# A filter keeping more than this share of the store is "wide" (`conditions`): measured on
# 200,000 events, reading the lane-ordered index whole beats the date range plus a sort from ~1/4.
WIDE_SHARE = 0.25
_DAY_COLUMN = {"event": "event_date", "publication": "published"}
_MULTI = (("actor", "actors"), ("target", "targets"), ("signal", "signals"), ("category", "categories"),
          ("source", "sources"), ("granularity", "granularities"))


@dataclass(frozen=True)
class EventFilter:
    """What the user asked to see. Empty tuples and None mean "no restriction"."""

    start: date | None = None                # event date, inclusive
    end: date | None = None
    published_start: date | None = None      # publication date, inclusive
    published_end: date | None = None
    actors: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    signals: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    granularities: tuple[str, ...] = ()      # date precision: day, week, month, vague, ...
    min_confidence: float = 0.0
    search: str = ""


@dataclass(frozen=True)
class Query:
    sql: str
    params: tuple = ()
    columns: tuple[str, ...] = ()


def _day_range(column: str, first: date | None, last: date | None) -> tuple[list[str], list]:
    """Inclusive days as a half-open text range: ISO dates and date-times both compare right,
    and the column's index serves it."""
    clauses, params = [], []
    if first is not None:
        clauses.append(f"{column} >= ?")
        params.append(first.isoformat())
    if last is not None:
        clauses.append(f"{column} < ?")
        params.append((last + timedelta(days=1)).isoformat())
    return clauses, params


LIKE_ESCAPE = "\\"
LIKE_MAX_NEEDLE = 1_000     # far below SQLite's LIKE pattern limit (50,000 bytes)


def _like_pattern(needle: str) -> str:
    escaped = needle.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", LIKE_ESCAPE + "%")
    return "%" + escaped.replace("_", LIKE_ESCAPE + "_") + "%"


def _search_condition(needle: str) -> tuple[str, list]:
    # An ASCII needle: LIKE folds ASCII case as upper() does, so "col LIKE %needle%" is the same
    # test as "instr(upper(col), NEEDLE) > 0", about twice as fast (no upper-cased copy per cell).
    # (It relies on SQLite's default PRAGMA case_sensitive_like=OFF; the store never sets it.)
    if needle.isascii() and "\x00" not in needle and len(needle) <= LIKE_MAX_NEEDLE:
        clause = "(" + " OR ".join(f"{column} LIKE ? ESCAPE ?" for column in SEARCH_COLUMNS) + ")"
        return clause, [_like_pattern(needle), LIKE_ESCAPE] * len(SEARCH_COLUMNS)
    # SQLite's upper() folds ASCII only: a needle with other letters goes through Python's.
    upper = "upper" if needle.isascii() else UPPER_FUNCTION
    clause = "(" + " OR ".join(f"instr({upper}({column}), ?) > 0" for column in SEARCH_COLUMNS) + ")"
    return clause, [needle.upper()] * len(SEARCH_COLUMNS)


def search_hits(search: str) -> Query:
    """The rowids of the events the text search matches (in the whole store). Scanning the text
    is the slow part of a search; the dashboard runs this once per search and hands the result
    to the other queries as `hits`."""
    clause, params = _search_condition(search.strip())
    return Query(f"SELECT rowid FROM events WHERE {clause} ORDER BY rowid", tuple(params), ("rowid",))


def conditions(f: EventFilter, hits: str | None = None, wide: bool = False) -> tuple[list[str], list]:
    """The filter as AND-ed SQL conditions and their parameters. `hits`: the result of
    `search_hits(f.search)` as a JSON array of rowids, used instead of scanning the text again.
    `wide`: the filter keeps most of the store (see `WIDE_SHARE`); the day ranges get a unary +
    so no date index serves them, and a per-lane aggregate reads the lane-ordered index
    (events_by_lane) whole instead of the date range plus a sort. Same rows either way."""
    plus = "+" if wide else ""
    clauses, params = _day_range(plus + "event_date", f.start, f.end)
    more, more_params = _day_range(plus + "published", f.published_start, f.published_end)
    clauses += more
    params += more_params
    for column, name in _MULTI:
        chosen = tuple(getattr(f, name))
        if chosen:
            clauses.append(f"{column} IN ({', '.join('?' for _ in chosen)})")
            params += [str(value) for value in chosen]
    if f.min_confidence > 0:
        clauses.append("confidence >= ?")
        params.append(float(f.min_confidence))
    needle = f.search.strip()
    if needle and hits is not None:
        clauses.append("rowid IN (SELECT value FROM json_each(?))")
        params.append(hits)
    elif needle:
        clause, search_params = _search_condition(needle)
        clauses.append(clause)
        params += search_params
    return clauses, params


def where(f: EventFilter, *extra: str, hits: str | None = None, wide: bool = False) -> tuple[str, list]:
    """"WHERE ..." for the filter (plus `extra` fixed conditions), or "" when nothing restricts."""
    clauses, params = conditions(f, hits, wide)
    clauses += list(extra)
    return (f"WHERE {' AND '.join(clauses)}" if clauses else ""), params


def count(f: EventFilter, hits: str | None = None) -> Query:
    clause, params = where(f, hits=hits)
    return Query(f"SELECT COUNT(*) FROM events {clause}", tuple(params), ("n",))


def rows(f: EventFilter, columns=EVENT_FIELDS, limit: int | None = None, hits: str | None = None) -> Query:
    """The matching events in timeline order (the first `limit` of them)."""
    clause, params = where(f, hits=hits)
    sql = f"SELECT {', '.join(columns)} FROM events {clause} ORDER BY {', '.join(TIMELINE_ORDER)}"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    return Query(sql, tuple(params), tuple(columns))


def _lane_condition(by: str, lanes: tuple) -> tuple[str, list]:
    # The unary + keeps the planner off the actor index for the lanes: the top lanes hold most
    # of a view, so looking each of their events up in the table costs ~4x reading the covering
    # events_for_views index in date order. A user's actor filter still uses the actor index.
    if by == "actor":
        return f"+actor IN ({', '.join('?' for _ in lanes)})", [str(lane) for lane in lanes]
    pairs = " OR ".join("(+actor = ? AND COALESCE(target, '') = ?)" for _ in lanes)
    return f"({pairs})", [str(part) for pair in lanes for part in pair]


def strongest(f: EventFilter, columns=EVENT_FIELDS, limit: int = 1_000, by: str = "actor",
              lanes: tuple | None = None, hits: str | None = None) -> Query:
    """The `limit` strongest matching events (ties: timeline order), returned in timeline order.
    With `lanes`, only events of those actors (by="actor") or (actor, target) pairs (by="dyad")."""
    clauses, params = conditions(f, hits)
    if lanes is not None:
        if not lanes:
            clauses.append("0")
        else:
            clause, lane_params = _lane_condition(by, tuple(lanes))
            clauses.append(clause)
            params += lane_params
    inner_where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    sql = (f"SELECT {', '.join(columns)} FROM events WHERE rowid IN ("
           f"SELECT rowid FROM events {inner_where} ORDER BY {WEIGHT} DESC, {', '.join(TIMELINE_ORDER)} "
           f"LIMIT ?) ORDER BY {', '.join(TIMELINE_ORDER)}")
    return Query(sql, tuple(params) + (int(limit),), tuple(columns))


def daily_counts(f: EventFilter, date_by: str = "event", hits: str | None = None) -> Query:
    """Events per stored day value and signal (every signal; the day column as stored, so a
    date-time is summed into its day by the view)."""
    column = _DAY_COLUMN[date_by]
    clause, params = where(f, f"{column} GLOB {ISO_DAY}", hits=hits)
    sql = f"SELECT {column}, signal, COUNT(*) FROM events {clause} GROUP BY {column}, signal"
    return Query(sql, tuple(params), ("day", "signal", "n"))


def _lane_columns(by: str) -> str:
    if by not in ("actor", "dyad"):
        raise ValueError(f"by must be actor or dyad, not {by!r}")
    return "actor" if by == "actor" else "actor, COALESCE(target, '')"


def lane_summary(f: EventFilter, by: str = "actor", hits: str | None = None, wide: bool = False) -> Query:
    """Per actor (or actor, target): events, escalation, de-escalation, mean score, first and
    last event day, over the matching events that have an actor. `wide`: see `conditions`."""
    lane = _lane_columns(by)
    clause, params = where(f, "actor != ''", hits=hits, wide=wide)
    sql = (f"SELECT {lane}, COUNT(*), SUM(signal = 'escalation'), SUM(signal = 'de-escalation'), "
           "AVG(COALESCE(score, 0)), MIN(substr(event_date, 1, 10)), MAX(substr(event_date, 1, 10)) "
           f"FROM events {clause} GROUP BY {lane}")
    keys = ("actor",) if by == "actor" else ("actor", "target")
    return Query(sql, tuple(params), keys + ("events", "escalation", "de-escalation", "mean_score",
                                             "first", "last"))


def lane_top_values(f: EventFilter, column: str, by: str = "actor", hits: str | None = None,
                    wide: bool = False) -> Query:
    """Per lane, its most frequent non-empty `column` value (ties: the smallest value).
    `wide`: see `conditions`."""
    if column not in ("category", "target"):
        raise ValueError(f"no top values of {column!r}")
    lane = _lane_columns(by)
    keys = ("actor",) if by == "actor" else ("actor", "target")
    names = ("lane_actor",) if by == "actor" else ("lane_actor", "lane_target")
    clause, params = where(f, "actor != ''", f"{column} != ''", hits=hits, wide=wide)
    sql = (f"SELECT {', '.join(names)}, value FROM ("
           f"SELECT {', '.join(f'{expr} AS {name}' for expr, name in zip(lane.split(', ', 1), names))}, "
           f"{column} AS value, ROW_NUMBER() OVER (PARTITION BY {lane} ORDER BY COUNT(*) DESC, {column}) AS rank "
           f"FROM events {clause} GROUP BY {lane}, {column}) WHERE rank = 1")
    return Query(sql, tuple(params), keys + (column,))


def options(column: str) -> Query:
    """The distinct non-empty values of a multiselect's column in the whole store."""
    if column not in OPTION_COLUMNS:
        raise ValueError(f"no options for {column!r}")
    return Query(f"SELECT DISTINCT {column} FROM events WHERE {column} != ''", (), (column,))


def bounds(date_by: str = "event") -> Query:
    """First and last stored value of the day column (ISO dates and date-times only)."""
    column = _DAY_COLUMN[date_by]
    return Query(f"SELECT MIN({column}), MAX({column}) FROM events WHERE {column} GLOB {ISO_DAY}",
                 (), ("first", "last"))


def article_events(article_id: str, columns=EVENT_FIELDS) -> Query:
    return Query(f"SELECT {', '.join(columns)} FROM events WHERE article_id = ? ORDER BY char_start, event_id",
                 (str(article_id),), tuple(columns))


def event(f: EventFilter, event_id: str, columns=EVENT_FIELDS, hits: str | None = None) -> Query:
    """The event `event_id` when it matches the filter (no row otherwise)."""
    clause, params = where(f, "event_id = ?", hits=hits)
    return Query(f"SELECT {', '.join(columns)} FROM events {clause}", tuple(params) + (str(event_id),),
                 tuple(columns))
