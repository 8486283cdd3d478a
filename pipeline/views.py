"""Pure view functions behind the dashboard: filters, figures and tables from the events frame.

No Streamlit here: every function takes a DataFrame (the store's `events_frame`, columns =
records.EVENT_FIELDS) and returns a DataFrame, a Figure or a string, so tests call them directly.
The dashboard hands them small frames the store computed in SQL (`pipeline.queries`): the
strongest events, daily counts (`daily_balance`), per-lane aggregates (`summary_table`); the
frame-wide functions (`filter_events`, `balance_frame`, `actor_summary`) give the same results
from a whole frame and are the reference the SQL is tested against.
`prepare_events` adds parsed day columns once (prefixed `_`); the other functions accept a raw or
a prepared frame. Article text only ever reaches the page as plotly hover text (HTML-escaped here)
or as DataFrame cells, never as HTML.
"""
from __future__ import annotations

import html
import math
import re
from datetime import date, timedelta

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .queries import SEARCH_COLUMNS, EventFilter
from .records import EVENT_FIELDS, GRANULARITIES

# Okabe-Ito, safe for the common colour-vision deficiencies: vermillion up, blue down, grey neutral.
SIGNAL_COLOURS = {"escalation": "#D55E00", "de-escalation": "#0072B2", "neutral": "#999999"}
SIGNAL_ORDER = ("escalation", "de-escalation", "neutral")
# Categories of the taxonomy get fixed symbols so a category keeps its shape across filters;
# other categories take the remaining symbols in order of first appearance (sorted).
CATEGORY_SYMBOLS = {
    # escalation
    "attack": "circle", "threat": "triangle-up", "conditional-threat": "triangle-ne",
    "retaliation-vow": "diamond", "mobilisation": "square", "coercion": "pentagon",
    "sanction": "square-x", "refusal": "x", "hostile-rhetoric": "triangle-left",
    # de-escalation
    "appeal-restraint": "star", "pressure-restraint": "star-diamond", "denial-of-intent": "triangle-down",
    "talks": "cross", "ceasefire": "hexagram", "material-de-escalation": "hexagon",
    "cooperation": "bowtie", "aid": "star-square",
}
_SPARE_SYMBOLS = ("triangle-right", "hourglass", "octagon", "diamond-wide", "star-triangle-up",
                  "triangle-sw", "circle-x", "diamond-tall", "triangle-nw")
POINT_GRANULARITIES = {"hour", "part-of-day", "day"}
DATE_BY = ("event", "publication")
WEBGL_ABOVE = 1_500        # points per trace before switching to WebGL (SVG gets slow in browsers)
MAX_POINTS = 500           # events drawn individually; above it the strongest are drawn (balance keeps all).
                           # Each point costs the browser SVG work twice per filter change (Streamlit's chart
                           # draws a new figure twice) plus ~0.5 kB of hover data: this bounds a rerun's cost.
LANE_POINTS = 300          # the same for the actor lanes (all lanes together)
# Fixed margins, no automargin (balance and lanes): plotly otherwise measures the labels after
# drawing and draws the whole chart again.
MARGIN = dict(l=70, r=10, t=50, b=50)


Filters = EventFilter     # what the user asked to see (pipeline.queries turns it into SQL)


# -- preparation ---------------------------------------------------------------------------------
def _days(values: pd.Series) -> pd.Series:
    """ISO dates or date-times (any offset) → datetime64 day; unparseable → NaT.
    A categorical column is parsed once per distinct value."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        parsed = _days(pd.Series(values.cat.categories.astype(str), dtype="str"))
        codes = values.cat.codes.to_numpy()
        out = np.append(parsed.to_numpy(), np.datetime64("NaT"))[codes]     # code -1 → NaT
        return pd.Series(out, index=values.index).astype(parsed.dtype)
    return pd.to_datetime(values.astype("string").str.slice(0, 10), format="%Y-%m-%d", errors="coerce")


def _text(values: pd.Series) -> pd.Series:
    """A text column with "" for missing values; categoricals stay so."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        if values.isna().any():
            if "" not in values.cat.categories:
                values = values.cat.add_categories([""])
            values = values.fillna("")
        return values
    if values.isna().all():            # a column the frame does not carry (export-only ones)
        return pd.Series("", index=values.index, dtype="str")
    return values.fillna("").astype(str)


def prepare_events(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of the events frame with parsed days: _event_day, _published_day, _start_day, _end_day.

    Accepts `Store.events_frame()` or the dashboard's narrower reads (export-only columns
    absent: they come back empty here)."""
    if "_event_day" in df.columns:
        return df
    out = df.reindex(columns=list(EVENT_FIELDS)).copy()
    for name in ("score", "confidence"):
        out[name] = pd.to_numeric(out[name], errors="coerce").fillna(0.0)
    out["reports"] = pd.to_numeric(out["reports"], errors="coerce").fillna(1).clip(lower=1).astype(int)
    for name in EVENT_FIELDS:
        if name not in ("score", "confidence", "reports", "char_start", "char_end"):
            out[name] = _text(out[name])
    out["_event_day"] = _days(out["event_date"])
    out["_published_day"] = _days(out["published"])
    out["_start_day"] = _days(out["event_start"]).fillna(out["_event_day"])
    out["_end_day"] = _days(out["event_end"]).fillna(out["_start_day"])
    return out


def date_bounds(df: pd.DataFrame, column: str = "_event_day") -> tuple[date, date] | None:
    """First and last day in `column` of a prepared frame, or None when there is none."""
    days = prepare_events(df)[column].dropna()
    if days.empty:
        return None
    return days.min().date(), days.max().date()


def options(df: pd.DataFrame, column: str) -> list[str]:
    """Sorted distinct non-empty values of a column, for a multiselect."""
    if df.empty:
        return []
    values = df[column].fillna("").astype(str)
    return sort_options(column, values[values != ""].unique().tolist())


def sort_options(column: str, values) -> list[str]:
    """Option order: signals and date precisions in their natural order, the rest alphabetical."""
    values = [str(value) for value in values if value not in (None, "")]
    if column == "signal":
        return [s for s in SIGNAL_ORDER if s in values] + sorted(set(values) - set(SIGNAL_ORDER))
    if column == "granularity":
        return [g for g in GRANULARITIES if g in values] + sorted(set(values) - set(GRANULARITIES))
    return sorted(values, key=str.casefold)


# -- filtering -----------------------------------------------------------------------------------
def filter_events(df: pd.DataFrame, filters: Filters = Filters()) -> pd.DataFrame:
    """The rows of `df` that match every filter, in the frame's order (a prepared frame)."""
    data = prepare_events(df)
    keep = pd.Series(True, index=data.index)
    if filters.start is not None:
        keep &= data["_event_day"] >= pd.Timestamp(filters.start)
    if filters.end is not None:
        keep &= data["_event_day"] <= pd.Timestamp(filters.end)
    if filters.published_start is not None:
        keep &= data["_published_day"] >= pd.Timestamp(filters.published_start)
    if filters.published_end is not None:
        keep &= data["_published_day"] <= pd.Timestamp(filters.published_end)
    for column, chosen in (("actor", filters.actors), ("target", filters.targets),
                           ("signal", filters.signals), ("category", filters.categories),
                           ("source", filters.sources), ("granularity", filters.granularities)):
        if chosen:
            keep &= data[column].isin(chosen)
    if filters.min_confidence > 0:
        keep &= data["confidence"] >= filters.min_confidence
    needle = filters.search.strip()
    if needle:
        hit = np.zeros(len(data), dtype=bool)
        for column in SEARCH_COLUMNS:
            hit |= _contains(data[column], needle)
        keep &= hit
    return data[keep]


def _contains(values: pd.Series, needle: str) -> np.ndarray:
    """Case-insensitive literal substring test; a categorical is searched once per distinct value."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        categories = pd.Series(values.cat.categories.astype(str))
        matching = categories.str.contains(needle, case=False, regex=False, na=False).to_numpy()
        codes = values.cat.codes.to_numpy()
        return np.append(matching, False)[codes]          # code -1 (missing) → the appended False
    return values.str.contains(needle, case=False, regex=False, na=False).to_numpy(dtype=bool)


def showing_line(shown: int, total: int, start: date | None, end: date | None) -> str:
    """The headline count: "Showing 12 of 40 events (2024-04-01 to 2024-04-21)"."""
    span = f" ({start.isoformat()} to {end.isoformat()})" if start and end else ""
    return f"Showing {shown} of {total} events{span}"


# -- hover text ----------------------------------------------------------------------------------
def _esc(value: object) -> str:
    return html.escape(str(value or ""), quote=False)


_WRAP = re.compile(r"(.{1,80})(?:\s+|$)")


def _wrap(text: str) -> str:
    """Escaped text broken into lines of at most ~80 characters (plotly hover has no wrapping)."""
    text = " ".join(str(text).split())
    return "<br>".join(_esc(line) for line in _WRAP.findall(text)) or "—"


def interval_label(start: str, end: str) -> str:
    """"2024-04-01 to 2024-04-07", or the single day when start and end agree."""
    start, end = str(start or ""), str(end or "")
    if not end or end == start:
        return start
    return f"{start} to {end}"


HOVER_FIELDS = ("signal", "category", "score", "confidence", "sentence", "actor", "target", "speaker",
                "cue", "source", "published", "time_expression", "event_start", "event_end",
                "granularity", "date_basis", "date_explanation", "event_date")
# A point's hover is one shared template filled from its customdata (event_id first, for clicks),
# so the fixed words and markup travel once per trace instead of once per point.
HOVER_TEMPLATE = ("%{customdata[1]}<br>%{customdata[2]}<br>%{customdata[3]}<br>cue: <i>%{customdata[4]}</i>"
                  "<br>source: %{customdata[5]}<br>when: %{customdata[6]}%{customdata[7]}<extra></extra>")


def hover_parts(row, date_by: str = "event") -> list[str]:
    """One event's customdata: [event_id, then the HTML-escaped pieces HOVER_TEMPLATE shows]."""
    who = _esc(row["actor"] or "unknown actor")
    if row["target"]:
        who += " → " + _esc(row["target"])
    expression = _esc(row["time_expression"]) or "(no time expression)"
    tail = "<br>" + _wrap("why: " + row["date_explanation"]) if row["date_explanation"] else ""
    if date_by == "publication":
        tail += f"<br><i>drawn at publication date; event date {_esc(row['event_date'])}</i>"
    return [
        str(row.get("event_id", "")),
        f"<b>{_esc(row['signal'])}</b> · {_esc(row['category'])} · score {float(row['score']):+.1f}"
        f" · confidence {float(row['confidence']):.2f}",
        _wrap(row["sentence"]),
        f"<b>{who}</b>" + (f" · speaker: {_esc(row['speaker'])}" if row["speaker"] else ""),
        _esc(row["cue"]),
        f"{_esc(row['source'])} · published {_esc(row['published'])}",
        f"“{expression}” → {_esc(interval_label(row['event_start'], row['event_end']))}"
        f" ({_esc(row['granularity'])}, {_esc(row['date_basis'])})",
        tail,
    ]


def render_hover(parts) -> str:
    """HOVER_TEMPLATE filled with one point's customdata, as plotly shows it (for tests and docs)."""
    return re.sub(r"%\{customdata\[(\d+)\]\}", lambda m: str(parts[int(m.group(1))]),
                  HOVER_TEMPLATE.replace("<extra></extra>", ""))


def _hover_data(rows: pd.DataFrame, date_by: str) -> list[list[str]]:
    return [hover_parts(row, date_by) for row in rows[["event_id", *HOVER_FIELDS]].to_dict("records")]


def hover_text(row, date_by: str = "event") -> str:
    """One event's hover box: the sentence, who → whom, and how it was dated (all HTML-escaped)."""
    return render_hover(hover_parts(row, date_by))


def _x_range(x_range: tuple[date, date] | None) -> list | None:
    """Axis range for the chosen days, padded by a day (points sit at midnight, bars are centred)."""
    if x_range is None:
        return None
    first, last = x_range
    return [pd.Timestamp(first) - timedelta(days=1), pd.Timestamp(last) + timedelta(days=1)]


# -- timeline ------------------------------------------------------------------------------------
def category_symbols(categories: list[str]) -> dict[str, str]:
    """A stable symbol per category: fixed ones for the taxonomy, spare ones for the rest."""
    symbols = {c: CATEGORY_SYMBOLS[c] for c in categories if c in CATEGORY_SYMBOLS}
    spare = iter(_SPARE_SYMBOLS)
    for category in sorted(c for c in categories if c not in CATEGORY_SYMBOLS):
        symbols[category] = next(spare, "circle-open")
    return symbols


def _marker_size(reports: pd.Series) -> list[float]:
    return [round(9 + 3 * math.log2(max(int(r), 1)), 1) for r in reports]


def is_span(data: pd.DataFrame) -> pd.Series:
    """Events dated by an interval longer than a day ("last week", "earlier this month")."""
    return ~data["granularity"].isin(POINT_GRANULARITIES) & (data["_end_day"] > data["_start_day"])


def strongest(df: pd.DataFrame, limit: int = MAX_POINTS) -> pd.DataFrame:
    """At most `limit` rows: the strongest signals (|score| × confidence × reports), in frame order."""
    if len(df) <= limit:
        return df
    weight = df["score"].abs() * df["confidence"] * df["reports"]
    keep = weight.nlargest(limit, keep="first").index
    return df.loc[df.index.isin(keep)]


def timeline_figure(df: pd.DataFrame, date_by: str = "event", max_points: int = MAX_POINTS,
                    x_range: tuple[date, date] | None = None, total: int | None = None) -> go.Figure:
    """Escalation above zero, de-escalation below (y = score); colour = signal, symbol = category.

    date_by="event": day-dated events are points on their event day, interval-dated events are
    horizontal spans from event_start to the end of event_end (hover at both ends and the middle).
    date_by="publication": every event is a point on its article's publication day.
    Above `max_points` events only the strongest are drawn, and the figure says so. `x_range`
    (the filter's days) fixes the axis, so spans reaching outside it are cut at its edges.
    `total`: how many events the view holds when `df` is only its strongest (from the store).
    """
    if date_by not in DATE_BY:
        raise ValueError(f"date_by must be one of {DATE_BY}, not {date_by!r}")
    everything = prepare_events(df)
    data = strongest(everything, max_points)
    symbols = category_symbols(options(data, "category"))
    spans = is_span(data) if date_by == "event" else pd.Series(False, index=data.index)
    x_column = "_event_day" if date_by == "event" else "_published_day"
    fig = go.Figure()
    present = [s for s in SIGNAL_ORDER if s in set(data["signal"])]
    for signal in present:      # legend entries: a plain dot (the points' symbols vary by category)
        fig.add_trace(go.Scatter(
            x=[None], y=[None], mode="markers", name=signal, legendgroup=signal,
            marker=dict(color=SIGNAL_COLOURS[signal], symbol="circle", size=10), hoverinfo="skip",
        ))
    if spans.any():
        fig.add_trace(go.Scatter(
            x=[None], y=[None], mode="lines", name="date range", legendgroup="date range",
            line=dict(color="#777777", width=7), opacity=0.45, hoverinfo="skip",
        ))
    for signal in present:
        colour = SIGNAL_COLOURS[signal]
        rows = data[(data["signal"] == signal) & ~spans]
        if len(rows):
            trace = go.Scattergl if len(rows) > WEBGL_ABOVE else go.Scatter
            fig.add_trace(trace(
                x=rows[x_column], y=rows["score"].round(2), mode="markers", name=signal,
                legendgroup=signal, showlegend=False,
                marker=dict(color=colour, symbol=[symbols.get(c, "circle") for c in rows["category"]],
                            size=_marker_size(rows["reports"]), opacity=0.85,
                            line=dict(width=0.5, color="white")),
                customdata=_hover_data(rows, date_by), hovertemplate=HOVER_TEMPLATE,
            ))
        span_rows = data[(data["signal"] == signal) & spans]
        if len(span_rows):
            xs, ys, parts = [], [], []
            for row, hover in zip(span_rows.to_dict("records"), _hover_data(span_rows, date_by)):
                first = row["_start_day"]
                last = row["_end_day"] + timedelta(hours=23, minutes=59)
                xs += [first, first + (last - first) / 2, last, None]
                ys += [round(float(row["score"]), 2)] * 3 + [None]
                parts += [hover] * 3 + [None]
            fig.add_trace(go.Scatter(
                x=xs, y=ys, mode="lines", name=f"{signal} (date range)", legendgroup="date range",
                showlegend=False, line=dict(color=colour, width=7), opacity=0.45,
                connectgaps=False, customdata=parts, hovertemplate=HOVER_TEMPLATE,
            ))
    basis = "event date" if date_by == "event" else "publication date"
    total = len(everything) if total is None else max(int(total), len(everything))
    note = (f"drawing the {len(data):,} strongest of {total:,} events (the balance below counts every "
            "one); narrow the filters to see each") if len(data) < total else ""
    # Drawing cost (headless Chromium, 200,000 events): one small legend (signals and the span
    # line; the category symbols are a text key, `symbol_key`, under the chart), the note as the
    # title's subtitle instead of an annotation, the zero line from the axis instead of a shape,
    # and fixed margins wide enough for the legend and tick labels, so plotly draws once instead
    # of measuring and drawing again (automargin).
    fig.update_layout(
        title=dict(text=f"Escalation signals by {basis}", subtitle=dict(text=note)),
        xaxis=dict(title=basis, type="date", range=_x_range(x_range), automargin=False),
        yaxis=dict(title="score (escalation + / de-escalation −)", range=[-10.5, 10.5], automargin=False,
                   zeroline=True, zerolinecolor="#444444", zerolinewidth=1),
        # one row above the plot, under the title (and its note), so the plot spans the width of
        # the balance chart below and the two x axes line up
        legend=dict(orientation="h", x=0, xanchor="left", y=1.0, yanchor="bottom"),
        hoverlabel=dict(align="left"),
        margin={**MARGIN, "t": 100 if note else 80}, height=480,
        meta=dict(symbols=symbols),
    )
    return fig


# Text stand-ins for plotly's marker symbols (DejaVu Sans draws all of them), for the key under
# the timeline: a second plotly legend of one entry per category cost the browser more to draw
# than the points (its text is measured item by item, then the margins refit and it draws again).
SYMBOL_GLYPHS = {
    "circle": "●", "triangle-up": "▲", "triangle-ne": "◥", "diamond": "◆", "square": "■",
    "pentagon": "⬟", "x": "✖", "triangle-left": "◀", "star": "★", "star-diamond": "✦",
    "triangle-down": "▼", "cross": "✚", "hexagram": "✡", "hexagon": "⬢", "bowtie": "⋈",
    "star-square": "✧", "triangle-right": "▶", "hourglass": "⧗", "octagon": "⯃",
    "diamond-wide": "⬥", "star-triangle-up": "⟁", "triangle-sw": "◣", "square-x": "⊠",
    "circle-x": "⊗", "diamond-tall": "⬧", "triangle-nw": "◤", "circle-open": "○",
}


def symbol_key(symbols: dict[str, str]) -> str:
    """The timeline's category key as one line of plain text: "● attack · ▲ threat · …"
    (`symbols`: category -> plotly symbol, as `category_symbols` gives and the figure's
    layout.meta["symbols"] carries)."""
    return " · ".join(f"{SYMBOL_GLYPHS.get(symbol, '●')} {category}"
                      for category, symbol in sorted(symbols.items()))


# -- escalation balance --------------------------------------------------------------------------
def balance_frame(df: pd.DataFrame, date_by: str = "event") -> pd.DataFrame:
    """Per day (every day from the first to the last, gaps as 0): escalation and de-escalation
    counts, balance = escalation − de-escalation, and its 7-day trailing mean (`rolling_7d`).
    Interval-dated events count on their plot day (event_date)."""
    data = prepare_events(df)
    column = "_event_day" if date_by == "event" else "_published_day"
    data = data[data[column].notna()]
    counts = data.groupby([column, "signal"], observed=True).size().rename("n").reset_index()
    return daily_balance(counts.rename(columns={column: "day"}))


def daily_balance(counts: pd.DataFrame) -> pd.DataFrame:
    """`balance_frame` from counts per day and signal (columns day, signal, n; the day as an
    ISO date, date-time or datetime64): the store's GROUP BY gives them without the events. The
    days run from the first to the last day of any signal."""
    columns = ["day", "escalation", "de-escalation", "balance", "rolling_7d"]
    days = counts["day"] if pd.api.types.is_datetime64_any_dtype(counts["day"]) else _days(counts["day"])
    data = counts.assign(day=days)
    data = data[data["day"].notna()]
    if data.empty:
        return pd.DataFrame(columns=columns)
    per_day = (data[data["signal"].isin(["escalation", "de-escalation"])]
               .groupby(["day", "signal"], observed=True)["n"].sum().unstack(fill_value=0)
               .reindex(columns=["escalation", "de-escalation"], fill_value=0))
    span = pd.date_range(data["day"].min(), data["day"].max(), freq="D")
    per_day = per_day.reindex(span, fill_value=0)
    out = pd.DataFrame({"day": span,
                        "escalation": per_day["escalation"].to_numpy().astype("int64"),
                        "de-escalation": per_day["de-escalation"].to_numpy().astype("int64")})
    out["balance"] = out["escalation"] - out["de-escalation"]
    out["rolling_7d"] = out["balance"].rolling(7, min_periods=1).mean()
    return out


def balance_figure(balance: pd.DataFrame, date_by: str = "event",
                   x_range: tuple[date, date] | None = None) -> go.Figure:
    """Bars: daily escalation balance (vermillion up, blue down); line: 7-day trailing mean."""
    basis = "event date" if date_by == "event" else "publication date"
    colours = [SIGNAL_COLOURS["escalation"] if v >= 0 else SIGNAL_COLOURS["de-escalation"]
               for v in balance["balance"]]
    fig = go.Figure([
        go.Bar(x=balance["day"], y=balance["balance"], name="daily balance", marker_color=colours,
               customdata=balance[["escalation", "de-escalation"]].to_numpy(),
               hovertemplate="%{x|%Y-%m-%d}: %{customdata[0]} escalation − %{customdata[1]}"
                             " de-escalation = %{y}<extra></extra>"),
        go.Scatter(x=balance["day"], y=balance["rolling_7d"].round(3), name="7-day mean", mode="lines",
                   line=dict(color="#222222", width=2),
                   hovertemplate="%{x|%Y-%m-%d}: 7-day mean %{y:.2f}<extra></extra>"),
    ])
    fig.update_layout(title=dict(text=f"Daily escalation balance by {basis} (bars; line: 7-day mean)"),
                      xaxis=dict(title=basis, type="date", range=_x_range(x_range), automargin=False),
                      yaxis=dict(title="escalation − de-escalation (events)", automargin=False),
                      margin=MARGIN, height=300, bargap=0.15, showlegend=False)
    return fig


# -- tables ------------------------------------------------------------------------------------
LANES_BY = ("actor", "dyad")
NO_TARGET = "—"


def lane_labels(df: pd.DataFrame, by: str = "actor") -> pd.Series:
    """The lane of each event: its actor, or its dyad "Iran → Israel" ("Iran → —" without a
    target); "" for events without an actor (they get no lane). Labels are built once per
    distinct (actor, target) pair, so this stays fast on large frames."""
    if by not in LANES_BY:
        raise ValueError(f"by must be one of {LANES_BY}, not {by!r}")
    if by == "actor":
        return df["actor"]
    if df.empty:
        return pd.Series([], index=df.index, dtype="str")
    codes, pairs = pd.MultiIndex.from_arrays([df["actor"], df["target"]]).factorize()
    labels = np.array([f"{actor} → {target or NO_TARGET}" if actor else "" for actor, target in pairs],
                      dtype=object)
    return pd.Series(labels[codes], index=df.index, dtype="str")


def _top_values(data: pd.DataFrame, column: str) -> pd.Series:
    """Per lane, the most frequent non-empty value of `column` (ties: alphabetical)."""
    rows = data[data[column] != ""]
    if rows.empty:
        return pd.Series(dtype="str")
    counts = rows.groupby(["_lane", column], observed=True).size().rename("n").reset_index()
    counts[column] = counts[column].astype(str)
    counts = counts.sort_values(["_lane", "n", column], ascending=[True, False, True], kind="stable")
    return counts.drop_duplicates("_lane").set_index("_lane")[column].astype(str)


def actor_summary(df: pd.DataFrame, by: str = "actor") -> pd.DataFrame:
    """Per actor (or per dyad with by="dyad"): events, escalation, de-escalation, balance, mean
    score, first and last event day, most frequent category (and, per actor, target).
    Sorted by number of events."""
    data = prepare_events(df)
    data = data[["actor", "target", "signal", "category", "score", "_event_day"]]   # no copy of the text
    lanes = lane_labels(data, by)
    data = data.assign(_lane=lanes.astype(str) if by == "actor" else lanes)[(lanes != "").to_numpy()]
    if data.empty:
        return summary_table(pd.DataFrame(columns=["lane"]), by)
    grouped = data.groupby("_lane", observed=True)
    out = grouped.agg(events=("score", "size"), mean_score=("score", "mean"),
                      first=("_event_day", "min"), last=("_event_day", "max"))
    by_signal = data.groupby(["_lane", "signal"], observed=True).size().unstack(fill_value=0)
    for signal in ("escalation", "de-escalation"):
        out[signal] = (by_signal[signal] if signal in by_signal.columns else 0)
    out["top_category"] = _top_values(data, "category").reindex(out.index)
    if by == "actor":
        out["top_target"] = _top_values(data, "target").reindex(out.index)
    return summary_table(out.rename_axis("lane").reset_index(), by)


def lane_aggregates(summary: pd.DataFrame, tops: dict[str, pd.DataFrame], by: str = "actor") -> pd.DataFrame:
    """The store's per-lane rows (keys actor, and target by dyad, then the aggregates) with their
    top values (`tops`: column -> frame of the keys and that column) and a `lane` label, in the
    summary's order (events, then lane)."""
    keys = ["actor"] if by == "actor" else ["actor", "target"]
    out = summary.copy()
    for key in keys:
        out[key] = out[key].fillna("").astype(str)
    for column, top in tops.items():
        top = top.rename(columns={column: f"top_{column}"})
        for key in keys:
            top[key] = top[key].fillna("").astype(str)
        out = out.merge(top, on=keys, how="left")
    out["lane"] = lane_labels(out.assign(target=out["target"] if "target" in out else ""), by).astype(str)
    out["events"] = pd.to_numeric(out["events"]).astype(int)
    return out.sort_values(["events", "lane"], ascending=[False, True], kind="stable").reset_index(drop=True)


def summary_table(aggregates: pd.DataFrame, by: str = "actor") -> pd.DataFrame:
    """`actor_summary`'s table from per-lane aggregates (columns lane, events, escalation,
    de-escalation, mean_score, first, last, top_category and, per actor, top_target; days as
    dates, ISO text or datetimes), as the store's GROUP BY gives them."""
    columns = [by, "events", "escalation", "de-escalation", "balance", "mean_score",
               "first", "last", "top_category"] + (["top_target"] if by == "actor" else [])
    if aggregates.empty:
        return pd.DataFrame(columns=columns)
    out = pd.DataFrame({by: aggregates["lane"].astype(str).to_numpy()})
    for name in ("events", "escalation", "de-escalation"):
        out[name] = pd.to_numeric(aggregates[name], errors="coerce").fillna(0).astype(int).to_numpy()
    out["balance"] = out["escalation"] - out["de-escalation"]
    out["mean_score"] = pd.to_numeric(aggregates["mean_score"], errors="coerce").astype(float).round(2).to_numpy()
    for name in ("first", "last"):
        out[name] = _days(pd.Series(aggregates[name].astype(str).to_numpy())).dt.date
    for name in ("top_category", "top_target"):
        if name in columns:
            values = aggregates[name] if name in aggregates.columns else pd.Series("", index=aggregates.index)
            out[name] = values.fillna("").astype(str).to_numpy()
    out = out.sort_values(["events", by], ascending=[False, True])
    return out[columns].reset_index(drop=True)


TABLE_COLUMNS = ("event_date", "signal", "score", "actor", "target", "speaker", "category",
                 "sentence", "time_expression", "event_start", "event_end", "granularity",
                 "date_basis", "source", "published", "title", "url", "confidence", "cue",
                 "reports", "date_explanation", "event_id")


def safe_url(url: object) -> str:
    """The URL when it is an absolute http(s) link, else "" (no javascript:, data:, relative ...)."""
    text = str(url or "").strip()
    if re.match(r"(?i)^https?://[^\s/?#]+", text) and not any(ch in text for ch in "\x00\r\n\t<>\"'` "):
        return text
    return ""


def table_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The filtered events as shown in the table: event_date as a datetime, text as plain strings,
    and only http(s) URLs (the table renders them as links)."""
    data = prepare_events(df)
    out = data.reindex(columns=list(TABLE_COLUMNS)).copy()
    for name in out.columns:
        if isinstance(out[name].dtype, pd.CategoricalDtype):
            out[name] = out[name].astype(str)
    out["url"] = [safe_url(url) for url in out["url"]]
    out["event_date"] = data["_event_day"]
    return out.reset_index(drop=True)


def actor_lanes_figure(df: pd.DataFrame, date_by: str = "event", top: int = 12,
                       max_points: int = LANE_POINTS, x_range: tuple[date, date] | None = None,
                       by: str = "actor", lanes: list[str] | None = None, total: int | None = None) -> go.Figure:
    """One lane per actor (or per dyad "Iran → Israel" with by="dyad"; the `top` most frequent
    in the view, ties alphabetical), events as points on their day, coloured by signal;
    interval-dated events sit on their middle day with an open marker. `lanes`: the lanes to
    draw, in order, when the caller chose them (the store's summary), `df` then holding their
    strongest events, and `total` how many events those lanes hold (the figure says when it draws
    fewer)."""
    data = prepare_events(df)
    labels = lane_labels(data, by)
    data = data.assign(_lane=labels.astype(str))[(labels != "").to_numpy()]
    if lanes is None:
        counts = data["_lane"].value_counts()
        counts = counts[counts > 0]
        order = sorted(counts.index, key=lambda lane: (-counts[lane], lane))[:top]
    else:
        order = [str(lane) for lane in lanes][:top]
    in_lanes = data[data["_lane"].isin(order)]
    data = strongest(in_lanes, max_points)
    total = len(in_lanes) if total is None else max(int(total), len(in_lanes))
    x_column = "_event_day" if date_by == "event" else "_published_day"
    spans = is_span(data) if date_by == "event" else pd.Series(False, index=data.index)
    fig = go.Figure()
    for signal in [s for s in SIGNAL_ORDER if s in set(data["signal"])]:
        rows = data[data["signal"] == signal]
        fig.add_trace(go.Scatter(
            x=rows[x_column], y=rows["_lane"].astype(str), mode="markers", name=signal,
            marker=dict(color=SIGNAL_COLOURS[signal], size=11, opacity=0.85,
                        symbol=["circle-open" if s else "circle" for s in spans[rows.index]],
                        line=dict(width=2, color=SIGNAL_COLOURS[signal])),
            customdata=_hover_data(rows, date_by), hovertemplate=HOVER_TEMPLATE,
        ))
    if len(data) < total:
        fig.add_annotation(text=f"drawing the {len(data):,} strongest of these lanes' {total:,} events",
                           xref="paper", yref="paper", x=0, y=1.0, yanchor="bottom", showarrow=False,
                           font=dict(size=11, color="#555555"))
    basis = "event date" if date_by == "event" else "publication date"
    who = "Actors" if by == "actor" else "Dyads (actor → target)"
    fig.update_layout(
        title=dict(text=f"{who} over time by {basis} (open marker: dated by an interval)"),
        xaxis=dict(title=basis, type="date", range=_x_range(x_range), automargin=False),
        yaxis=dict(categoryorder="array", categoryarray=list(reversed(order)), title="",
                   automargin=False),
        height=120 + 34 * max(len(order), 1),
        margin={**MARGIN, "l": min(320, 24 + 7 * max((len(lane) for lane in order), default=4))},
        hoverlabel=dict(align="left"),
    )
    return fig


# -- article view --------------------------------------------------------------------------------
_MD_SPECIAL = set("\\`*_{}[]()#+-.!|<>$~:^=&\"'")


def md_escape(text: str) -> str:
    """Backslash-escape every Markdown/directive character so article text renders as plain text."""
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in str(text))


def event_label(row) -> str:
    """A one-line plain-text label for choosing an event."""
    who = row["actor"] or "?"
    if row["target"]:
        who += f" → {row['target']}"
    sentence = str(row["sentence"])
    sentence = sentence if len(sentence) <= 70 else sentence[:69] + "…"
    return f"{row['event_date']} · {row['signal']} · {who} · {row['category']} · {sentence}"


def event_choices(df: pd.DataFrame, selected: str = "", limit: int = 500) -> dict[str, str]:
    """{event_id: label} for a chooser: the first `limit` events of the view, plus `selected`
    when it is in the view further down (a long list would only slow the page)."""
    rows = df.head(limit)
    if selected and selected not in set(rows["event_id"]):
        rows = pd.concat([rows, df[df["event_id"] == selected]])
    return {row["event_id"]: event_label(row) for row in rows.to_dict("records")}


_HIGHLIGHT = {"escalation": "orange-background", "de-escalation": "blue-background"}


def _find(haystack: str, needle: str) -> tuple[int, int] | None:
    needle = str(needle or "").strip()
    if not needle:
        return None
    at = haystack.casefold().find(needle.casefold())
    return (at, at + len(needle)) if at >= 0 else None


def _marked_sentence(sentence: str, marks: list[tuple[int, int]]) -> str:
    """Escaped sentence with the non-overlapping `marks` (offsets into it) in bold."""
    out, cursor = [], 0
    for start, end in sorted(marks):
        if start < cursor:
            continue
        out += [md_escape(sentence[cursor:start]), "**", md_escape(sentence[start:end]), "**"]
        cursor = end
    out.append(md_escape(sentence[cursor:]))
    return "".join(out).replace("\n", " ")


def article_markdown(text: str, events: pd.DataFrame, selected: str = "") -> str:
    """The article as inert Markdown: every statement that gave an event is highlighted
    (orange = escalation, blue = de-escalation; the selected one with its cue and time expression
    in bold, the others in grey). All article text is escaped; no HTML is produced."""
    text = str(text or "")
    spans: dict[tuple[int, int], dict] = {}
    for row in events.sort_values("char_start").to_dict("records"):
        start, end = int(row["char_start"]), int(row["char_end"])
        if not 0 <= start < end <= len(text):
            continue
        if (start, end) not in spans or row["event_id"] == selected:
            spans[(start, end)] = row
    out, cursor = [], 0
    for (start, end), row in sorted(spans.items()):
        if start < cursor:          # overlapping statements: keep the first
            continue
        out.append(md_escape(text[cursor:start]))
        sentence = text[start:end]
        if row["event_id"] == selected:
            marks = [m for m in (_find(sentence, row["cue"]), _find(sentence, row["time_expression"])) if m]
            colour = _HIGHLIGHT.get(row["signal"], "gray-background")
            out.append(f":{colour}[{_marked_sentence(sentence, marks)}]")
        else:
            out.append(f":gray-background[{_marked_sentence(sentence, [])}]")
        cursor = end
    out.append(md_escape(text[cursor:]))
    return "".join(out)
