"""The dashboard's pure view functions: filters, timeline traces, balance arithmetic, tables."""
from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest

from pipeline import views
from pipeline.records import EVENT_FIELDS
from pipeline.views import Filters


def frame(*rows: dict) -> pd.DataFrame:
    """A small events frame: each row overrides a plain day-dated escalation."""
    base = {name: "" for name in EVENT_FIELDS}
    base.update(char_start=0, char_end=10, score=5.0, confidence=0.8, reports=1, signal="escalation",
                category="attack", granularity="day", date_basis="relative", published="2024-04-14",
                sentence="Iran fired drones at Israel.", actor="Iran", target="Israel", source="Wire")
    out = []
    for index, row in enumerate(rows):
        record = {**base, "event_id": f"e{index}", **row}
        record.setdefault("event_date", record.get("event_date") or "2024-04-13")
        record["event_start"] = record["event_start"] or record["event_date"]
        record["event_end"] = record["event_end"] or record["event_date"]
        out.append(record)
    return pd.DataFrame(out, columns=list(EVENT_FIELDS))


# -- filters -------------------------------------------------------------------------------------
def test_no_filters_keep_every_row_in_order(fixture_frame):
    shown = views.filter_events(fixture_frame)
    assert shown["event_id"].tolist() == fixture_frame["event_id"].tolist()


@pytest.mark.parametrize("filters, expected", [
    (Filters(start=date(2024, 4, 13), end=date(2024, 4, 15)), 6),     # inclusive at both ends
    (Filters(start=date(2024, 4, 16)), 6),                           # "in recent days" counts on its middle day
    (Filters(end=date(2024, 4, 3)), 2),
    (Filters(actors=("Iran",)), 4),
    (Filters(actors=("Iran", "Hezbollah")), 5),
    (Filters(targets=("Iran",)), 7),
    (Filters(signals=("de-escalation",)), 6),
    (Filters(categories=("attack", "threat")), 7),
    (Filters(sources=("Harbour Post",)), 5),
    (Filters(granularities=("day", "part-of-day")), 15),
    (Filters(min_confidence=0.8), 10),                # inclusive
    (Filters(search="STEP BACK"), 1),                 # sentence, case-insensitive
    (Filters(search="restraint"), 5),                 # sentence, title or category
    (Filters(search="widen"), 2),                     # sentence and cue
    (Filters(search="Khamenei"), 1),                  # speaker
    (Filters(search="Isfahan"), 2),                   # the title matches both events of the article
    (Filters(published_start=date(2024, 4, 15), published_end=date(2024, 4, 19)), 6),
    (Filters(actors=("Israel",), signals=("escalation",), start=date(2024, 4, 10)), 3),
    (Filters(actors=("Nobody",)), 0),
])
def test_filter_events(fixture_frame, filters, expected):
    assert len(views.filter_events(fixture_frame, filters)) == expected


def test_date_filter_uses_event_day_not_publication(fixture_frame):
    shown = views.filter_events(fixture_frame, Filters(start=date(2024, 4, 13), end=date(2024, 4, 13)))
    assert shown["sentence"].tolist() == ["Iran sent waves of drones and missiles toward Israel on Saturday evening."]
    assert shown["published"].tolist() == ["2024-04-14"]


def test_search_is_literal_not_a_regex():
    df = frame({"sentence": "Casualties rose (officials said) after the strike."},
               {"sentence": "Officials said nothing."})
    assert len(views.filter_events(df, Filters(search="(officials"))) == 1


def test_prepare_reads_date_times_with_offsets():
    df = views.prepare_events(frame({"published": "2024-04-14T09:30+03:00", "event_date": "2024-04-13",
                                     "event_start": "2024-04-13T18:00", "event_end": "2024-04-13T23:59"}))
    assert df["_published_day"].iloc[0] == pd.Timestamp("2024-04-14")
    assert df["_start_day"].iloc[0] == pd.Timestamp("2024-04-13")


def test_options_and_bounds(fixture_frame):
    assert views.options(fixture_frame, "signal") == ["escalation", "de-escalation"]
    assert views.options(fixture_frame, "granularity") == ["part-of-day", "day", "week", "vague"]
    assert views.options(fixture_frame, "actor")[:3] == ["António Guterres", "European Union", "G7"]
    assert "" not in views.options(fixture_frame, "target")
    assert views.date_bounds(fixture_frame) == (date(2024, 4, 1), date(2024, 4, 25))
    assert views.date_bounds(fixture_frame.iloc[0:0]) is None


def test_showing_line():
    assert views.showing_line(12, 40, date(2024, 4, 1), date(2024, 4, 21)) == \
        "Showing 12 of 40 events (2024-04-01 to 2024-04-21)"


# -- timeline ------------------------------------------------------------------------------------
def traces(fig):
    """Drawn traces by name (legend-only entries, which hold no data, left out)."""
    return {trace.name: trace for trace in fig.data if list(trace.x) != [None]}


def hovers(trace) -> list[str]:
    """The hover box of each drawn point of a trace, as plotly fills the shared template."""
    assert trace.hovertemplate == views.HOVER_TEMPLATE
    return [views.render_hover(parts) for parts in trace.customdata if parts is not None]


def test_timeline_points_and_spans(fixture_frame):
    fig = views.timeline_figure(fixture_frame)
    by_name = traces(fig)
    escalation = by_name["escalation"]
    assert len(escalation.x) == 10 and all(y > 0 for y in escalation.y)
    assert all(y < 0 for y in by_name["de-escalation"].y)
    assert escalation.marker.color == views.SIGNAL_COLOURS["escalation"]
    # "last week" (2024-04-01..07) is a span, not a point: start, middle, end, gap
    span = by_name["escalation (date range)"]
    assert pd.Timestamp(span.x[0]) == pd.Timestamp("2024-04-01")
    assert pd.Timestamp(span.x[2]) == pd.Timestamp("2024-04-07 23:59")
    assert span.x[3] is None and list(span.y[:3]) == [7.0, 7.0, 7.0]
    assert "2024-W14" not in hovers(span)[0] and "last week" in hovers(span)[0]
    # the part-of-day event stays a point on its day
    assert pd.Timestamp("2024-04-13") in set(pd.to_datetime(list(escalation.x)))
    # every event is drawn once: points + spans
    spans = sum(t.x.count(None) for n, t in by_name.items() if n.endswith("(date range)"))
    points = len(escalation.x) + len(by_name["de-escalation"].x)
    assert points + spans == len(fixture_frame)


def test_timeline_symbols_follow_category(fixture_frame):
    fig = views.timeline_figure(fixture_frame)
    escalation = traces(fig)["escalation"]
    events = views.filter_events(fixture_frame)
    point_rows = events[(events["signal"] == "escalation") & ~views.is_span(events)]
    symbols = views.category_symbols(views.options(fixture_frame, "category"))
    assert list(escalation.marker.symbol) == [symbols[c] for c in point_rows["category"]]
    # the category key is text under the chart (no second legend): every category, its symbol's glyph
    assert fig.layout.meta["symbols"] == symbols
    assert not [t for t in fig.data if t.legend == "legend2"]
    key = views.symbol_key(symbols)
    assert key.split(" · ") == [f"{views.SYMBOL_GLYPHS[symbols[c]]} {c}" for c in sorted(symbols)]
    assert set(views.CATEGORY_SYMBOLS.values()) | set(views._SPARE_SYMBOLS) <= set(views.SYMBOL_GLYPHS)
    # the legend: one plain dot per signal and the span line, nothing per category
    legend = [t.name for t in fig.data if t.showlegend is not False]
    assert legend == ["escalation", "de-escalation", "date range"]
    assert symbols["attack"] == "circle" and symbols["retaliation"] != "circle"


def test_hover_explains_the_event(fixture_frame):
    fig = views.timeline_figure(fixture_frame)
    guterres = [text for text in hovers(traces(fig)["de-escalation"]) if "step back" in text][0]
    assert "António Guterres" in guterres and "speaker: António Guterres" in guterres
    herzog = [text for text in hovers(traces(fig)["de-escalation"]) if "not seeking war" in text][0]
    assert "Israel → Iran" in herzog and "speaker: Isaac Herzog" in herzog
    barrage = [text for text in hovers(traces(fig)["escalation"]) if "Saturday evening" in text][0]
    for part in ("cue: <i>sent waves of drones and missiles</i>", "source: Northgate Wire",
                 "“on Saturday evening” → 2024-04-13T18:00 to 2024-04-13T23:59",
                 "why: 'Saturday evening' in an article published Sunday 2024-04-14"):
        assert part in barrage


def test_hover_keeps_article_text_inert():
    fig = views.timeline_figure(frame({"sentence": "<script>alert(1)</script> <a href='x'>link</a>",
                                       "actor": "<b>Iran</b>"}))
    text = hovers(traces(fig)["escalation"])[0]
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "<a href" not in text and "&lt;b&gt;Iran&lt;/b&gt;" in text


def test_publication_switch_redraws_by_publication_date(fixture_frame):
    fig = views.timeline_figure(fixture_frame, date_by="publication")
    drawn = [t.name for t in fig.data if list(t.x) != [None]]
    assert drawn == ["escalation", "de-escalation"]            # no spans: every event a point
    legend = [t.name for t in fig.data if t.showlegend is not False]
    assert legend == ["escalation", "de-escalation"]            # no span entry either
    drawn_traces = traces(fig)
    xs = pd.to_datetime(list(drawn_traces["escalation"].x) + list(drawn_traces["de-escalation"].x))
    assert set(xs) <= set(pd.to_datetime(fixture_frame["published"]))
    assert "publication date" in fig.layout.title.text
    by_event = views.timeline_figure(fixture_frame, date_by="event")
    assert "event date" in by_event.layout.title.text


def test_timeline_rejects_unknown_basis(fixture_frame):
    with pytest.raises(ValueError):
        views.timeline_figure(fixture_frame, date_by="report")


def test_timeline_of_no_events_is_an_empty_figure():
    fig = views.timeline_figure(frame({}).iloc[0:0])
    assert [t.name for t in fig.data] == []


def test_many_points_switch_to_webgl():
    df = frame(*[{"event_date": f"2024-04-{1 + i % 28:02d}"} for i in range(views.WEBGL_ABOVE + 1)])
    assert traces(views.timeline_figure(df, max_points=len(df)))["escalation"].type == "scattergl"


# -- balance -------------------------------------------------------------------------------------
def test_balance_arithmetic_and_rolling_mean():
    df = frame(
        {"event_date": "2024-04-01"}, {"event_date": "2024-04-01"},
        {"event_date": "2024-04-01", "signal": "de-escalation", "score": -4.0},
        {"event_date": "2024-04-03", "signal": "de-escalation", "score": -4.0},
        {"event_date": "2024-04-03", "signal": "neutral", "score": 0.0},      # counts on neither side
        {"event_date": "2024-04-09"},
    )
    balance = views.balance_frame(df)
    assert balance["day"].dt.strftime("%Y-%m-%d").tolist()[:3] == ["2024-04-01", "2024-04-02", "2024-04-03"]
    assert len(balance) == 9                                   # every day, gaps as zero
    assert balance["escalation"].tolist() == [2, 0, 0, 0, 0, 0, 0, 0, 1]
    assert balance["balance"].tolist() == [1, 0, -1, 0, 0, 0, 0, 0, 1]
    assert balance["rolling_7d"].iloc[0] == 1.0                 # partial window at the start
    assert balance["rolling_7d"].iloc[1] == pytest.approx(0.5)
    assert balance["rolling_7d"].iloc[6] == pytest.approx(0.0)  # days 1-7: 1 + 0 - 1
    assert balance["rolling_7d"].iloc[7] == pytest.approx(-1 / 7)  # days 2-8
    assert balance["rolling_7d"].iloc[8] == pytest.approx(0.0)  # days 3-9: -1 + 1


def test_balance_by_publication_date(fixture_frame):
    balance = views.balance_frame(fixture_frame, date_by="publication")
    day = balance.set_index(balance["day"].dt.strftime("%Y-%m-%d"))
    # published 2024-04-15: G7, US and Herzog de-escalations, Herzog's threat
    assert (day.loc["2024-04-15", "escalation"], day.loc["2024-04-15", "de-escalation"]) == (1, 3)
    assert day["balance"].sum() == 11 - 6


def test_balance_of_nothing_is_empty():
    assert views.balance_frame(frame({}).iloc[0:0]).empty


def test_balance_figure_has_bars_and_rolling_line(fixture_frame):
    fig = views.balance_figure(views.balance_frame(fixture_frame))
    assert [t.type for t in fig.data] == ["bar", "scatter"]
    colours = fig.data[0].marker.color
    ys = fig.data[0].y
    assert all((c == views.SIGNAL_COLOURS["escalation"]) == (y >= 0) for c, y in zip(colours, ys))


# -- tables --------------------------------------------------------------------------------------
def test_actor_summary(fixture_frame):
    summary = views.actor_summary(fixture_frame).set_index("actor")
    israel = summary.loc["Israel"]
    assert (israel["events"], israel["escalation"], israel["de-escalation"], israel["balance"]) == (7, 6, 1, 5)
    assert israel["top_target"] == "Iran" and israel["top_category"] == "attack"
    assert israel["first"] == date(2024, 4, 1)
    assert summary.index[0] == "Israel"


def test_table_frame_dates_are_datetimes(fixture_frame):
    table = views.table_frame(views.filter_events(fixture_frame))
    assert list(table.columns) == list(views.TABLE_COLUMNS)
    assert pd.api.types.is_datetime64_any_dtype(table["event_date"])
    assert "_event_day" not in table.columns


# -- article view and actor lanes ----------------------------------------------------------------
def test_md_escape_makes_markup_plain_text():
    escaped = views.md_escape("**Iran** [click](javascript:x) <b>$5</b> :red[x] # 1. - `code`")
    for raw in ("**", "[click]", "](", "<b>", " $5", ":red[", "`code`"):
        assert raw not in escaped
    assert escaped.replace("\\", "") == "**Iran** [click](javascript:x) <b>$5</b> :red[x] # 1. - `code`"


def test_article_markdown_highlights_statements(fixture_frame):
    article = fixture_frame[fixture_frame["title"] == "Leaders press for restraint after the barrage"]
    text = " ".join(article.sort_values("char_start")["sentence"])
    herzog = article[article["cue"] == "not seeking war"]["event_id"].iloc[0]
    marked = views.article_markdown(text, article, herzog)
    assert ":blue-background[Israel\\'s president said his country was **not seeking war**\\.]" in marked
    assert marked.count(":gray-background[") == 3                  # the article's other statements
    assert "G7" in marked and "<" not in marked


def test_article_markdown_bolds_cue_and_time_expression():
    text = "Officials said on Thursday. Iran fired drones at Israel on Saturday evening. More later."
    sentence = "Iran fired drones at Israel on Saturday evening."
    start = text.index(sentence)
    df = frame({"event_id": "x", "char_start": start, "char_end": start + len(sentence), "sentence": sentence,
                "cue": "fired drones", "time_expression": "on Saturday evening"})
    marked = views.article_markdown(text, df, "x")
    assert marked == ("Officials said on Thursday\\. :orange-background[Iran **fired drones** at Israel "
                      "**on Saturday evening**\\.] More later\\.")


def test_article_markdown_ignores_offsets_outside_the_text():
    df = frame({"event_id": "x", "char_start": 50, "char_end": 90})
    assert views.article_markdown("Short text.", df, "x") == "Short text\\."


def test_event_label_is_one_plain_line(fixture_frame):
    row = fixture_frame[fixture_frame["cue"] == "not seeking war"].iloc[0]
    assert views.event_label(row) == ("2024-04-15 · de-escalation · Israel → Iran · denial-of-intent · "
                                      "Israel's president said his country was not seeking war.")


def test_actor_lanes(fixture_frame):
    fig = views.actor_lanes_figure(fixture_frame, top=3)
    lanes = list(fig.layout.yaxis.categoryarray)
    assert lanes[-1] == "Israel" and len(lanes) == 3              # most events at the top
    ys = [y for trace in fig.data for y in trace.y]
    assert set(ys) == set(lanes)
    week = [s for trace in fig.data for s in trace.marker.symbol]
    assert week.count("circle-open") == 2          # Israel's "last week" and the EU's "in recent days"


def test_axis_follows_the_chosen_days(fixture_frame):
    chosen = (date(2024, 4, 5), date(2024, 4, 20))
    for fig in (views.timeline_figure(fixture_frame, x_range=chosen),
                views.balance_figure(views.balance_frame(fixture_frame), x_range=chosen),
                views.actor_lanes_figure(fixture_frame, x_range=chosen)):
        first, last = (pd.Timestamp(x) for x in fig.layout.xaxis.range)
        assert (first, last) == (pd.Timestamp("2024-04-04"), pd.Timestamp("2024-04-21"))
    assert views.timeline_figure(fixture_frame).layout.xaxis.range is None


def test_large_views_draw_the_strongest_and_say_so():
    df = frame(*[{"event_date": f"2024-04-{1 + i % 28:02d}", "score": float(1 + i % 9)} for i in range(30)])
    fig = views.timeline_figure(df, max_points=10)
    drawn = traces(fig)["escalation"]
    assert sorted(drawn.y) == [6, 7, 7, 7, 8, 8, 8, 9, 9, 9]       # the ten strongest of thirty
    assert "drawing the 10 strongest of 30 events" in fig.layout.title.subtitle.text   # under the title
    assert not views.timeline_figure(df).layout.title.subtitle.text               # all 30 drawn: no note
    lanes = views.actor_lanes_figure(df, max_points=10)
    assert sum(len(trace.x) for trace in lanes.data) == 10
    assert "drawing the 10 strongest of these lanes' 30 events" in lanes.layout.annotations[0].text
    assert not views.actor_lanes_figure(df).layout.annotations      # all 30 drawn: no note


def test_points_carry_their_event_id_and_one_shared_hover_template(fixture_frame):
    """customdata[0] is the event id (a click opens its article); the rest fills the template."""
    for fig in (views.timeline_figure(fixture_frame), views.actor_lanes_figure(fixture_frame)):
        for trace in traces(fig).values():
            ids = [parts[0] for parts in trace.customdata if parts is not None]
            assert set(ids) <= set(fixture_frame["event_id"]) and ids
            assert all(len(parts) == 8 for parts in trace.customdata if parts is not None)
            assert "customdata" not in " ".join(hovers(trace))    # every placeholder filled


def test_balance_and_lanes_have_fixed_margins_so_plotly_draws_once(fixture_frame):
    for fig in (views.balance_figure(views.balance_frame(fixture_frame)), views.actor_lanes_figure(fixture_frame)):
        assert fig.layout.xaxis.automargin is False and fig.layout.yaxis.automargin is False
        assert fig.layout.margin.l >= 70 and fig.layout.margin.b >= 50


# -- per-dyad view -------------------------------------------------------------------------------
def test_lane_labels_by_actor_and_dyad(fixture_frame):
    dyads = views.lane_labels(fixture_frame, "dyad")
    assert "Iran → Israel" in set(dyads) and "Israel → Iran" in set(dyads)
    assert "António Guterres → —" in set(dyads)                     # no target: the actor alone
    assert views.lane_labels(fixture_frame, "actor").tolist() == fixture_frame["actor"].tolist()
    with pytest.raises(ValueError):
        views.lane_labels(fixture_frame, "speaker")


def test_dyad_summary_counts_and_balance(fixture_frame):
    summary = views.actor_summary(fixture_frame, by="dyad").set_index("dyad")
    israel_iran = summary.loc["Israel → Iran"]
    # Damascus strike, "last week", Isfahan (escalation); Herzog's threat (escalation) and denial (de-esc.)
    assert (israel_iran["events"], israel_iran["escalation"], israel_iran["de-escalation"]) == (5, 4, 1)
    assert israel_iran["balance"] == 3 and israel_iran["top_category"] == "attack"
    assert "top_target" not in summary.columns
    assert summary["events"].sum() == len(fixture_frame)
    assert list(summary["events"]) == sorted(summary["events"], reverse=True)


def test_dyad_lanes(fixture_frame):
    fig = views.actor_lanes_figure(fixture_frame, by="dyad", top=4)
    lanes = list(fig.layout.yaxis.categoryarray)
    assert lanes[-1] == "Israel → Iran" and len(lanes) == 4
    assert {y for trace in fig.data for y in trace.y} == set(lanes)
    assert fig.layout.title.text.startswith("Dyads (actor → target)")


# -- hostile text --------------------------------------------------------------------------------
HOSTILE = ("<script>alert(1)</script> <img src=x onerror=alert(1)> [click](javascript:alert(1)) "
           "<!-- hidden --> :red[x] $x$ <a href='javascript:alert(1)'>a</a>")


@pytest.mark.parametrize("url, expected", [
    ("https://wire.example/a?b=1#c", "https://wire.example/a?b=1#c"),
    ("HTTP://wire.example/", "HTTP://wire.example/"),
    ("javascript:alert(1)", ""),
    ("JaVaScRiPt:alert(1)", ""),
    (" javascript:alert(1)", ""),
    ("data:text/html,<script>alert(1)</script>", ""),
    ("vbscript:msgbox(1)", ""),
    ("//evil.example/x", ""),
    ("/relative/path", ""),
    ("https://wire.example/\"onmouseover=alert(1)", ""),
    ("https://wire.example/<script>", ""),
    ("https://", ""),
    ("", ""),
    (None, ""),
])
def test_safe_url_keeps_only_http_links(url, expected):
    assert views.safe_url(url) == expected


def test_table_keeps_only_http_links():
    table = views.table_frame(frame({"url": "javascript:alert(1)"}, {"url": "https://wire.example/a"}))
    assert table["url"].tolist() == ["", "https://wire.example/a"]


def test_hostile_text_is_escaped_everywhere():
    df = frame({"sentence": HOSTILE, "actor": HOSTILE, "target": "<b>x</b>", "title": HOSTILE,
                "source": HOSTILE, "cue": "<script>", "date_explanation": HOSTILE,
                "time_expression": "<!-- -->"})
    hover = hovers(traces(views.timeline_figure(df))["escalation"])[0]
    assert "<script" not in hover and "<img" not in hover and "<!--" not in hover and "<a " not in hover
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hover
    lanes_hover = hovers(views.actor_lanes_figure(df).data[0])[0]
    assert "<script" not in lanes_hover and "<img" not in lanes_hover
    article = views.article_markdown(HOSTILE + " end.", df.assign(char_end=len(HOSTILE)), "e0")
    assert article.startswith(":orange-background[") and article.endswith("] end\\.")
    for markdown in (views.md_escape(HOSTILE), article[len(":orange-background["):-len("] end\\.")]):
        unescaped = re.sub(r"\\(.)", "", markdown)          # what is left outside escapes
        for raw in ("<", "[", "]", "(", "<!--", ":red", "$", "`"):
            assert raw not in unescaped
    label = views.event_label(df.iloc[0])
    assert " · escalation · <script>alert(1)</script>" in label and "\n" not in label   # plain text in a selectbox, never markup


def test_every_category_has_its_own_symbol():
    """Two categories drawn with one symbol would be indistinguishable on the timeline."""
    symbols = list(views.CATEGORY_SYMBOLS.values()) + list(views._SPARE_SYMBOLS)
    assert len(symbols) == len(set(symbols))
    assert all(symbol in views.SYMBOL_GLYPHS for symbol in symbols)
