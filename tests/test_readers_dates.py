"""Publication dates: formats, time and zone kept, impossible and implausible dates refused."""
from datetime import date, time

import pytest
from hypothesis import given, settings, strategies as st

from pipeline.readers import ReaderSettings, parse_published
from pipeline.readers.dates import anchor_from_value, published_text, vocabulary
from pipeline.records import Anchor

EXAMPLES = vocabulary()["examples"]


@pytest.mark.parametrize("example", EXAMPLES, ids=[repr(e["value"]) for e in EXAMPLES])
def test_dates_yaml_examples(example):
    if "error" in example:
        with pytest.raises(ValueError, match=example["error"]):
            parse_published(example["value"])
    else:
        assert parse_published(example["value"]).iso == example["iso"]


def test_feed_date_keeps_time_and_zone():
    anchor = parse_published("Sat, 13 Apr 2024 23:05:00 +0300")
    assert anchor == Anchor(date(2024, 4, 13), time(23, 5), "+03:00")


def test_impossible_date_says_why():
    with pytest.raises(ValueError, match="February 2024 has 29 days"):
        parse_published("2024-02-30")


def test_zone_name_becomes_an_offset_when_shown():
    anchor = parse_published("2024-04-13T20:00 America/New_York")
    assert anchor.tz == "America/New_York"
    assert published_text(anchor) == "2024-04-13T20:00-04:00"


def test_window_is_a_setting():
    narrow = ReaderSettings(earliest=date(1995, 1, 1), latest=date(2030, 12, 31))
    with pytest.raises(ValueError, match="plausible"):
        parse_published("1990-06-01", narrow)
    assert parse_published("1990-06-01").day == date(1990, 6, 1)


def test_future_dates_only_refused_when_the_caller_says_what_today_is():
    assert parse_published("2031-01-05").day == date(2031, 1, 5)
    with pytest.raises(ValueError, match="in the future"):
        parse_published("2031-01-05", ReaderSettings(not_after=date(2024, 4, 20)))


@pytest.mark.parametrize("value, iso", [
    (1713038400, "2024-04-13T20:00+00:00"),
    (1713038400000, "2024-04-13T20:00+00:00"),
    ("1713038400", "2024-04-13T20:00+00:00"),
])
def test_unix_timestamps(value, iso):
    assert anchor_from_value(value).iso == iso


@pytest.mark.parametrize("value", [True, None, [2024, 4, 14], {"y": 2024}, float("nan")])
def test_non_dates_are_value_errors(value):
    with pytest.raises(ValueError):
        anchor_from_value(value)


def test_other_languages_fall_back_to_absolute_dates_only():
    assert parse_published("14 avril 2024").day == date(2024, 4, 14)
    for relative in ("yesterday", "hier", "2 days ago"):
        with pytest.raises(ValueError):
            parse_published(relative)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_parse_published_returns_an_anchor_or_raises_value_error(value):
    try:
        anchor = parse_published(value)
    except ValueError:
        return
    assert isinstance(anchor, Anchor)
    assert date(1900, 1, 1) <= anchor.day <= date(2100, 12, 31)


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"\d{4}-\d{1,2}-\d{1,2}([T ]\d{1,2}:\d{2}(:\d{2})?)?(Z|[+-]\d{2}:?\d{2})?", fullmatch=True))
def test_iso_like_strings_never_raise_anything_but_value_error(value):
    try:
        parse_published(value)
    except ValueError:
        pass
