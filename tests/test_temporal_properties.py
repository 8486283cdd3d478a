"""Property tests: the tagger never raises, offsets are right, intervals are sane."""
from __future__ import annotations

from datetime import date

from hypothesis import given, settings, strategies as st

from pipeline.records import Anchor
from pipeline.temporal import tag, timexes_to_json

WORDS = ["on", "Saturday", "last", "week", "May", "March", "2024", "Dec.", "28", "the", "third", "quarter",
         "yesterday", "two", "days", "ago", "at", "2", "a.m.", "local", "time", "early", "late", "mid-",
         "1990s", "next", "year", "recently", "now", "every", "Friday", "of", "Feb.", "29", "evening",
         "(US", "Eastern", "time)", ".", ",", "said", "will", "after", "the", "strike", "later", "EST",
         "noon", "midnight", "fiscal", "1999", "summer", "winter", "Christmas", "years", "a", "day"]
anchors = st.dates().map(Anchor)


def _check(text: str, anchor: Anchor) -> None:
    for t in tag(text, anchor):
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start:t.end] == t.text
        assert t.type in ("DATE", "TIME", "DURATION", "SET")
        if t.interval is not None:
            assert t.interval.start <= t.interval.end
            assert t.interval.start.date() <= t.interval.plot_day <= t.interval.end.date()
        if t.type in ("DURATION", "SET"):
            assert t.interval is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), anchors)
def test_any_text(text, anchor):
    _check(text, anchor)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join), anchors)
def test_news_like_text(text, anchor):
    _check(text, anchor)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=25).map(" ".join), anchors)
def test_json_output_matches_offsets(text, anchor):
    for row in timexes_to_json(tag(text, anchor)):
        assert set(row) == {"start", "end", "text", "type", "value"}
        assert text[row["start"]:row["end"]] == row["text"]


def test_empty_text():
    assert tag("", Anchor(date(2024, 4, 14))) == []
