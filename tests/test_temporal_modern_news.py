"""2010s news phrasing that TimeBank (1990s) rarely has: our own sentences, TIMEX3 view of each expression.

Publication date Friday 2013-03-22 unless given. `None` as the value means: must not be tagged.
"""
from __future__ import annotations

from datetime import date

import pytest

from pipeline.records import Anchor
from pipeline.temporal import tag, timexes_to_json

ANCHOR = Anchor(date(2013, 3, 22))

CASES = [
    # (sentence, expression, TIMEX3 type, value)
    ("The governor backed a five-year plan on Tuesday.", "five-year", "DURATION", "P5Y"),
    ("The governor backed a five-year plan on Tuesday.", "Tuesday", "DATE", "2013-03-19"),
    ("At least 40 people died in the past 24 hours, medics said.", "the past 24 hours", "DURATION", "PT24H"),
    ("This week's summit ended without a deal.", "This week", "DATE", "2013-W12"),
    ("Tuesday's vote was closer than expected.", "Tuesday", "DATE", "2013-03-19"),
    ("The 2012 campaign was the most expensive ever.", "2012", "DATE", "2012"),
    ("He was handed a 10-year sentence.", "10-year", "DURATION", "P10Y"),
    ("Lawmakers meet twice a year in the capital.", "twice a year", "SET", "P1Y"),
    ("Presidential elections are held every four years.", "every four years", "SET", "P4Y"),
    ("Buses run every other day during the strike.", "every other day", "SET", "P2D"),
    ("Gunfire was heard every few minutes.", "every few minutes", "SET", "PTXM"),
    ("The senator earns $174,000 a year.", "a year", "SET", "P1Y"),
    ("The weeklong festival opens on Saturday.", "weeklong", "DURATION", "P1W"),
    ("A yearlong audit found no fraud.", "yearlong", "DURATION", "P1Y"),
    ("The decades-long feud flared again.", "decades-long", "DURATION", "PXE"),
    ("The hours-long standoff ended peacefully.", "hours-long", "DURATION", "PTXH"),
    ("He served two and a half years in prison.", "two and a half years", "DURATION", "P2Y6M"),
    ("The vote was delayed by half an hour.", "half an hour", "DURATION", "PT30M"),
    ("Trains stopped for a half-hour at noon.", "a half-hour", "DURATION", "PT30M"),
    ("The island has been divided for a decade and a half.", "a decade and a half", "DURATION", "P15Y"),
    ("The border was drawn half a century ago.", "half a century ago", "DATE", "1963"),
    ("The outage lasted 90 minutes.", "90 minutes", "DURATION", "PT90M"),
    ("Banks have been shut for more than a week.", "more than a week", "DURATION", "P1W"),
    ("The budget would be balanced within a decade.", "a decade", "DURATION", "P10Y"),
    ("Rents have doubled over the past 10 years.", "the past 10 years", "DURATION", "P10Y"),
    ("Flu cases have been unusually high this season.", "this season", "DATE", "2013"),
    ("The club was relegated last season.", "last season", "DATE", "2012"),
    ("A bomb went off. Minutes later, police sealed the square.", "Minutes", "DURATION", "PTXM"),
    ("Senators will vote this weekend.", "this weekend", "DATE", "2013-W12-WE"),
    ("The index has risen 10 percent so far this year.", "this year", "DATE", "2013"),
    ("The drills will run through the end of April.", "the end of April", "DATE", "2013-04"),
    ("The uprising began in March 2011.", "March 2011", "DATE", "2011-03"),
    ("He took office in January 2009 and was re-elected last November.", "last November", "DATE", "2012-11"),
    # not time: fractions, ages of people are left alone (TimeBank leaves ages untagged)
    ("About three-quarters of the aid never arrived.", "three-quarters", None, None),
    ("A quarter of the voters stayed home.", "A quarter", None, None),
    ("A 50-year-old man was arrested.", "50-year-old", None, None),
]


@pytest.mark.parametrize("text,expr,type_,value", CASES, ids=[f"{i}-{c[1]}" for i, c in enumerate(CASES)])
def test_modern_news(text, expr, type_, value):
    found = [t for t in timexes_to_json(tag(text, ANCHOR)) if t["text"] == expr]
    if value is None:
        assert not found, found
        return
    assert found, (expr, timexes_to_json(tag(text, ANCHOR)))
    assert (found[0]["type"], found[0]["value"]) == (type_, value)
