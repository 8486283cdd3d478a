"""Durations inside noun phrases and recurrences (SET), through the TimeML export, on our own news sentences."""
from __future__ import annotations

from datetime import date

import pytest

from pipeline.records import Anchor
from pipeline.temporal import tag, timexes_to_json

PUBLISHED = "2024-04-14"


def _export(text: str, published: str = PUBLISHED) -> list[tuple[str, str, str]]:
    rows = timexes_to_json(tag(text, Anchor(date.fromisoformat(published))))
    for r in rows:
        assert text[r["start"]:r["end"]] == r["text"]
    return [(r["text"], r["type"], r["value"]) for r in rows]


# (sentence, extent, type, value)
DURATIONS = [
    # adjectival durations: the article or determiner belongs to the noun
    ("The court handed the former mayor a 10-year sentence.", "10-year", "DURATION", "P10Y"),
    ("The foreign minister began a two-day visit to Ankara.", "two-day", "DURATION", "P2D"),
    ("Both sides agreed to the 24-hour truce on Friday.", "24-hour", "DURATION", "PT24H"),
    ("She is halfway through her six-year term.", "six-year", "DURATION", "P6Y"),
    ("Ministers emerged from a day-long meeting with no deal.", "day-long", "DURATION", "P1D"),
    ("A week-long strike closed the ports.", "week-long", "DURATION", "P1W"),
    ("Union leaders called off their third day-long stoppage.", "day-long", "DURATION", "P1D"),
    # ages of events and states, not of people
    ("Shelling tested the three-month-old ceasefire.", "three-month-old", "DURATION", "P3M"),
    ("The ruling reopened a decades-old border dispute.", "decades-old", "DURATION", "PXE"),
    ("Investors fear the 18-month-old slump will deepen.", "18-month-old", "DURATION", "P18M"),
    # stretches up to publication or ahead of it
    ("At least 40 people died in the past 24 hours.", "the past 24 hours", "DURATION", "PT24H"),
    ("Rainfall has fallen over the last two decades.", "the last two decades", "DURATION", "P20Y"),
    ("The club won the league for the first time in 20 years.", "20 years", "DURATION", "P20Y"),
    ("The opposition leader faces up to 10 years in prison.", "up to 10 years", "DURATION", "P10Y"),
    # consecutive units
    ("Stocks fell for three consecutive days.", "three consecutive days", "DURATION", "P3D"),
    ("Unemployment has risen for four straight months.", "four straight months", "DURATION", "P4M"),
    ("Engineers warned that repairs could take months.", "months", "DURATION", "PXM"),
    # a counted span heading a temporal noun is one expression; rough counts and rarer units
    ("The tax rises are phased in over a four-year period.", "a four-year period", "DURATION", "P4Y"),
    ("The envoy said a deal could come in a week or two.", "a week", "DURATION", "P1W"),  # "or two" out (train 1:0)
    ("Crews worked for three full days to reopen the road.", "three full days", "DURATION", "P3D"),
    ("The ferry was out of service for a fortnight.", "a fortnight", "DURATION", "P2W"),
    ("The two clans have feuded for a quarter century.", "a quarter century", "DURATION", "P25Y"),
    ("Shelters expect more families in the weeks ahead.", "the weeks ahead", "DURATION", "PXW"),
    ("Over the years the market has moved twice.", "the years", "DURATION", "PXY"),
]

NOT_DURATIONS = [
    ("A 44-year-old man was detained at the border.", "44-year-old"),
    ("The 6-year-old girl was reunited with her mother.", "6-year-old"),
    ("The bank lost money for a second straight quarter.", "quarter"),
    ("It was the third consecutive month of gains.", "month"),
]

SETS = [
    ("The festival is held each year in the old town.", "each year", "SET", "P1Y"),
    ("Thousands cross the bridge every day.", "every day", "SET", "P1D"),
    ("The agency publishes the figures annually.", "annually", "SET", "P1Y"),
    ("Ministers meet twice a week during the emergency.", "twice a week", "SET", "P1W"),
    ("Inspectors come four times a year.", "four times a year", "SET", "P1Y"),
    ("Medics check the wounded several times a day.", "several times a day", "SET", "P1D"),
    ("The tablets are taken twice daily.", "twice daily", "SET", "P1D"),
    ("The pipeline carries 300,000 barrels per day.", "per day", "SET", "P1D"),
    ("The refinery ships 9,000 tonnes a month.", "a month", "SET", "P1M"),
    ("Many families in the camp eat two meals a day.", "a day", "SET", "P1D"),
    ("Drivers there work 60 hours a week.", "a week", "SET", "P1W"),
    ("The factory built 300 cars a day until the war.", "a day", "SET", "P1D"),
    ("Pilgrims climb the hill each July.", "each July", "SET", "XXXX-07"),
    ("The valley floods every spring.", "every spring", "SET", "XXXX-SP"),
    ("Hospitals fill up each winter.", "each winter", "SET", "XXXX-WI"),
    # a weekday with a plural part of day, and a periodic adjective before its noun
    ("The mosque hands out food on Friday evenings.", "Friday evenings", "SET", "XXXX-WXX-5TEV"),
    ("The minister used her weekly briefing to reject the plan.", "weekly", "SET", "P1W"),
    ("Relatives keep a nightly vigil at the gate.", "nightly", "SET", "XXXX-XX-XXTNI"),
]

DATES = [
    # quarters named by a demonstrative, in shorthand, or as "the same period last year"
    ("Net profit rose 9% in the third quarter from the same period last year.", "the same period last year",
     "DATE", "2023-Q3", "2024-10-28"),
    ("The carmaker delivered fewer vehicles in Q3 2024 than expected.", "Q3 2024", "DATE", "2024-Q3", "2024-10-28"),
    ("Analysts expect margins to improve next quarter.", "next quarter", "DATE", "2025-Q1", "2024-10-28"),
    # holidays of more than one word, fixed or computed
    ("Shops reopened the day after Boxing Day.", "Boxing Day", "DATE", "2024-12-26", "2024-12-30"),
    ("Pilgrims filled the square on Palm Sunday.", "Palm Sunday", "DATE", "2024-03-24", "2024-03-26"),
    ("Polling stations opened early on Election Day.", "Election Day", "DATE", "2024-11-05", "2024-11-07"),
    # a named season of a kind, relative to publication
    ("Doctors said this flu season was the worst in a decade.", "this flu season", "DATE", "2024", "2024-03-01"),
]


@pytest.mark.parametrize("text,extent,type_,value", DURATIONS + SETS)
def test_export(text, extent, type_, value):
    assert (extent, type_, value) in _export(text), _export(text)


@pytest.mark.parametrize("text,extent,type_,value,published", DATES)
def test_export_dates(text, extent, type_, value, published):
    assert (extent, type_, value) in _export(text, published), _export(text, published)


@pytest.mark.parametrize("text,word", NOT_DURATIONS)
def test_not_tagged(text, word):
    assert all(word not in t[0] for t in _export(text)), _export(text)


def test_a_rate_is_not_a_date_and_a_year_of_unrest_is_a_duration():
    assert ("a year", "DURATION", "P1Y") in _export("In 2012 a year of unrest began.")
    assert all(t.interval is None for t in tag("The refinery ships 9,000 tonnes a month.", Anchor(date(2024, 4, 14))))


def test_product_span_keeps_the_article_the_export_drops_it():
    text = "Ministers emerged from a day-long meeting with no deal."
    assert [t.text for t in tag(text, Anchor(date(2024, 4, 14)))] == ["a day-long"]
    assert _export(text) == [("day-long", "DURATION", "P1D")]


def test_right_now_export_is_now():
    text = "Right now the crossing is closed."
    assert _export(text) == [("now", "DATE", "PRESENT_REF")]
