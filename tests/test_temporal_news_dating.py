"""Dating forms of conflict news found in issue 3's blind round: holidays of other calendars,
early / mid / late in whole calendar units, nights that cross midnight, GMT glosses, "hours later",
"two days earlier", tense inside compounds."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, strategies as st

from pipeline.records import Anchor, days_interval
from pipeline.temporal import tag
from pipeline.temporal.dates import narrow, orthodox_easter


def found(text: str, published: date, clock: time | None = None, tz: str | None = None) -> dict:
    return {t.text: t for t in tag(text, Anchor(published, clock, tz))}


def span(t) -> tuple[str, str]:
    return t.interval.iso_start(), t.interval.iso_end()


# (published, text, expression, expected start, expected end)
CASES = [
    # holidays of other calendars
    (date(2024, 4, 12), "Fighters shelled a market as families gathered for Eid al-Fitr.", "Eid al-Fitr",
     "2024-04-10", "2024-04-10"),
    (date(2023, 1, 6), "A truce ordered for Orthodox Christmas was due to begin at noon.", "Orthodox Christmas",
     "2023-01-07", "2023-01-07"),
    (date(2024, 3, 22), "Border guards exchanged fire on Nowruz, the Persian New Year.", "Nowruz",
     "2024-03-20", "2024-03-20"),
    (date(2024, 6, 20), "Both armies held their fire over Eid al-Adha.", "Eid al-Adha", "2024-06-16", "2024-06-16"),
    (date(2024, 3, 20), "Raids on the camp continued during Ramadan.", "Ramadan", "2024-03-11", "2024-04-09"),
    (date(2024, 4, 20), "Both sides agreed to a pause for Orthodox Easter.", "Orthodox Easter",
     "2024-05-05", "2024-05-05"),
    (date(2025, 2, 3), "Shelling eased during the Lunar New Year holiday.", "Lunar New Year",
     "2025-01-29", "2025-01-29"),
    # early / mid / late in whole calendar units
    (date(2023, 5, 22), "The war began in mid-April.", "mid-April", "2023-04-11", "2023-04-20"),
    (date(2024, 6, 19), "Talks will be held early next month.", "early next month", "2024-07-01", "2024-07-10"),
    (date(2024, 8, 27), "Troops were ambushed in late July.", "late July", "2024-07-21", "2024-07-31"),
    (date(2024, 6, 19), "The plan dates from early 2022.", "early 2022", "2022-01-01", "2022-04-30"),
    (date(2024, 6, 19), "The militia grew in the late 1990s.", "the late 1990s", "1997-01-01", "1999-12-31"),
    # "late Saturday" is its evening, "early Friday" its small hours and morning
    (date(2024, 4, 14), "Iran fired drones late Saturday.", "late Saturday", "2024-04-13T18:00", "2024-04-13T23:59"),
    (date(2024, 4, 14), "Troops moved in early Friday.", "early Friday", "2024-04-12T00:00", "2024-04-12T08:59"),
    (date(2024, 4, 14), "Gunmen struck early today.", "early today", "2024-04-14T00:00", "2024-04-14T08:59"),
    # a night named by the morning it ends on
    (date(2024, 3, 1), "Jets bombed villages overnight into Thursday.", "overnight into Thursday",
     "2024-02-28T20:00", "2024-02-29T05:59"),
    (date(2024, 4, 15), "Drones flew over the city on Saturday night into Sunday.", "Saturday night into Sunday",
     "2024-04-13T20:00", "2024-04-14T05:59"),
    # a local clock glossed in GMT with GMT's weekday
    (date(2024, 1, 12), "Blasts were heard at 2:30 a.m. local time (2330 GMT Thursday).",
     "2:30 a.m. local time (2330 GMT Thursday)", "2024-01-12T02:30", "2024-01-12T03:29"),
    (date(2025, 5, 7), "The strikes began at 1:05 a.m. local time (1935 GMT Tuesday).",
     "1:05 a.m. local time (1935 GMT Tuesday)", "2025-05-07T01:05", "2025-05-07T02:04"),
    # the clock's day is the day of the night named before it that holds the clock
    (date(2024, 1, 12), "Jets struck Houthi targets overnight. The first blast came at 2 a.m.", "2 a.m.",
     "2024-01-12T02:00", "2024-01-12T02:59"),
    (date(2025, 5, 13), "Clashes erupted late Monday into Tuesday. Gunfire was first heard at 9 p.m.", "9 p.m.",
     "2025-05-12T21:00", "2025-05-12T21:59"),
    # a city's time is a zone: one expression with its day
    (date(2023, 1, 6), "The truce was due to begin at noon Moscow time on Friday.", "noon Moscow time on Friday",
     "2023-01-06T12:00", "2023-01-06T12:59"),
    # "hours later" is within half a day of the happening just told; "two days earlier" counts back from it
    (date(2024, 1, 12), "Explosions were heard at 2:30 a.m. Hours later, officials vowed revenge.", "Hours later",
     "2024-01-12", "2024-01-12"),
    (date(2024, 3, 4), "Gangs stormed two prisons late Saturday. Hours later, the army was deployed.", "Hours later",
     "2024-03-02", "2024-03-03"),
    (date(2024, 9, 2), "A gunman shot three officers on Sunday. Two car bombs exploded two days earlier.",
     "two days earlier", "2024-08-30", "2024-08-30"),
    # a past participle inside a compound is no past-tense verb: the Wednesday is ahead
    (date(2024, 3, 4), "The council will hold closed-door talks on Haiti on Wednesday.", "Wednesday",
     "2024-03-06", "2024-03-06"),
    # "the next day that ..." after a verb of saying: "that" opens what was said
    (date(2024, 3, 4), "Gangs stormed the jail late Saturday. Their leader said in a video posted the next day "
     "that the fight would go on.", "the next day", "2024-03-03", "2024-03-03"),
    # a month's day after a lower-case "unit" is a date ("Unit 28" is not)
    (date(2021, 1, 4), "A soldier was killed in a clash with an Armenian unit on Dec. 28.", "Dec. 28",
     "2020-12-28", "2020-12-28"),
]


@pytest.mark.parametrize("published,text,expression,start,end", CASES, ids=[c[2] + "|" + c[1][:30] for c in CASES])
def test_news_form_interval(published, text, expression, start, end):
    timexes = found(text, published)
    assert expression in timexes, sorted(timexes)
    assert span(timexes[expression]) == (start, end), timexes[expression].explanation


def test_a_holiday_outside_its_calendar_range_dates_nothing():
    assert "Eid al-Fitr" not in found("Shops closed for Eid al-Fitr.", date(1900, 3, 1))


def test_a_clock_later_than_a_past_tense_story_was_published_is_the_day_before():
    t = found("Gunfire was heard at 9 p.m. near the port.", date(2025, 5, 13), time(10, 15), "+02:00")["9 p.m."]
    assert t.value == "2025-05-12T21:00"


def test_a_clock_later_than_publication_in_a_future_sentence_stays_on_the_day():
    t = found("The curfew will start at 9 p.m.", date(2025, 5, 13), time(10, 15), "+02:00")["9 p.m."]
    assert t.value == "2025-05-13T21:00"


def test_the_same_day_that_names_the_day_of_what_follows():
    assert "the same day" not in found("The strike hit on April 1. It was the same day that talks began.",
                                       date(2024, 4, 20))


@given(st.integers(1900, 2099))
def test_orthodox_easter_is_a_sunday_in_spring(year):
    d = orthodox_easter(year)
    assert d.isoweekday() == 7 and date(year, 4, 4) <= d <= date(year, 5, 8)


@given(st.dates(date(1900, 1, 1), date(2100, 12, 31)), st.integers(0, 400),
       st.sampled_from(["day", "week", "month", "quarter", "year", "decade"]))
def test_early_mid_late_split_an_interval_in_order(first, length, granularity):
    iv = days_interval(first, first + timedelta(days=length), granularity)
    parts = [narrow(iv, mod) for mod in ("START", "MID", "END")]
    assert parts[0].start == iv.start and parts[2].end == iv.end
    for part in parts:
        assert iv.start <= part.start <= part.end <= iv.end and part.granularity == granularity
    if length >= 2:  # three whole days or more: the thirds follow each other without gaps
        assert parts[0].end.date() + timedelta(days=1) == parts[1].start.date()
        assert parts[1].end.date() + timedelta(days=1) == parts[2].start.date()


@given(st.integers(1, 9998), st.integers(1, 12))
def test_a_month_splits_at_the_tenth_and_twentieth(year, month):
    from pipeline.temporal.dates import iv_month
    early, mid, late = (narrow(iv_month(year, month), mod) for mod in ("START", "MID", "END"))
    assert (early.end.day, mid.start.day, mid.end.day, late.start.day) == (10, 11, 20, 21)


def test_clock_windows_are_cut_in_exact_thirds():
    iv = days_interval(date(2024, 4, 13), date(2024, 4, 13), "day")
    evening = type(iv)(datetime(2024, 4, 13, 18), datetime(2024, 4, 13, 23, 59), "part-of-day")
    assert narrow(evening, "END").start > narrow(evening, "START").end
    assert narrow(iv, "START").granularity == "day"
