"""Common news forms (round two): our own sentences, TIMEX3 view of each expression.

Publication date Wednesday 2024-04-17 unless given. `None` as the value means: must not be tagged.
"""
from __future__ import annotations

from datetime import date

import pytest

from pipeline.records import Anchor
from pipeline.temporal import tag, timexes_to_json

WED = "2024-04-17"

CASES = [
    # (published, sentence, extent, TIMEX3 type, value)
    # weeks named by a day, ranges of days
    (WED, "A court hearing is set for the week of May 6.", "the week of May 6", "DATE", "2024-W19"),
    # a hyphenated range of days is two TIMEX3s, as HeidelTime marks it (train has none)
    (WED, "Ministers met on March 15-16 in Brussels.", "March 15", "DATE", "2024-03-15"),
    (WED, "Ministers met on March 15-16 in Brussels.", "16", "DATE", "2024-03-16"),
    (WED, "The summit runs May 20 to 22 in Geneva.", "May 20", "DATE", "2024-05-20"),
    (WED, "The summit runs May 20 to 22 in Geneva.", "22", "DATE", "2024-05-22"),
    (WED, "Inspectors visited on Feb. 6 and 7, 2023, the report said.", "Feb. 6", "DATE", "2023-02-06"),
    (WED, "Inspectors visited on Feb. 6 and 7, 2023, the report said.", "7, 2023", "DATE", "2023-02-07"),
    (WED, "Strikes are planned for Monday through Wednesday.", "Monday", "DATE", "2024-04-22"),
    (WED, "Strikes are planned for Monday through Wednesday.", "Wednesday", "DATE", "2024-04-24"),
    (WED, "Output doubled between 2019 and 2021.", "2021", "DATE", "2021"),
    # the narrative's "then"
    (WED, "At the time, the ministry denied any role in the raid.", "the time", "DATE", "PAST_REF"),
    (WED, "The general called the claims false at the time.", "the time", "DATE", "PAST_REF"),
    # recurrences
    (WED, "The border market is closed on weekends.", "weekends", "SET", "XXXX-WXX-WE"),
    (WED, "The radio bulletin airs weeknights at nine.", "weeknights", "SET", "XXXX-XX-XXTNI"),
    (WED, "Talks resume every two weeks in Vienna.", "every two weeks", "SET", "P2W"),
    (WED, "The board meets once a month.", "once a month", "SET", "P1M"),
    (WED, "Patients take the pill three times a day.", "three times a day", "SET", "P1D"),
    (WED, "The subsidy costs $5 billion a year.", "a year", "SET", "P1Y"),
    (WED, "Exports grow 3% per year.", "per year", "SET", "P1Y"),
    # stretches
    (WED, "Minutes after the vote, the speaker resigned.", "Minutes", "DURATION", "PTXM"),
    (WED, "Hours later, a second blast hit the market.", "Hours", "DURATION", "PTXH"),
    (WED, "A years-long inquiry ended on Monday.", "years-long", "DURATION", "PXY"),
    (WED, "It ended a decade-long border dispute.", "decade-long", "DURATION", "P10Y"),
    (WED, "Rockets were fired over the past 24 hours.", "the past 24 hours", "DURATION", "PT24H"),
    # parts of day
    (WED, "Bombs fell in the early hours of Sunday, residents said.", "Sunday", "DATE", "2024-04-14"),
    (WED, "Troops moved in at dawn Saturday, witnesses said.", "dawn Saturday", "TIME", "2024-04-13TMO"),
    (WED, "The vote is set for noon Friday.", "noon Friday", "TIME", "2024-04-19T12:00"),
    # business periods
    (WED, "Revenue fell 4% in H1 2023.", "H1 2023", "DATE", "2023-H1"),
    (WED, "Guidance for FY2025 was cut again.", "FY2025", "DATE", "2025"),
    ("2024-08-01", "Exports grew in the first half of the year.", "the first half of the year", "DATE", "2024-H1"),
    (WED, "Growth slowed in mid-2023.", "mid-2023", "DATE", "2023"),
    # numeric dates
    (WED, "The order was signed on 13/04/2024 in Kyiv.", "13/04/2024", "DATE", "2024-04-13"),
    (WED, "The order was signed on 04/13/2024 in Ohio.", "04/13/2024", "DATE", "2024-04-13"),
    (WED, "Polls close on 05.05.2024, the commission said.", "05.05.2024", "DATE", "2024-05-05"),
    (WED, "Polls closed on 13 April 2024 across the country.", "13 April 2024", "DATE", "2024-04-13"),
    (WED, "The committee will vote on the 23rd.", "the 23rd", "DATE", "2024-04-23"),
    # a day known by its date
    (WED, "Airport security was tightened after 9/11.", "9/11", "DATE", "2001-09-11"),
    (WED, "The Sept. 11 attacks reshaped the region.", "Sept. 11", "DATE", "2001-09-11"),
    (WED, "The envoy returns on Sept. 11 for more talks.", "Sept. 11", "DATE", "2024-09-11"),
    # eras
    (WED, "It was a radio hit in the '90s.", "the '90s", "DATE", "199"),
    (WED, "Borders were drawn in the 20th century.", "the 20th century", "DATE", "19"),
]

NOT_TAGGED = [
    (WED, "A 25-year-old man was arrested at the scene.", "25-year-old"),
    (WED, "The castle dates from the Middle Ages.", "the Middle Ages"),
    (WED, "Stocks fell for the third straight day.", "the third straight day"),
    (WED, "Twelve states were members at the time of its founding.", "the time"),
    (WED, "Fighting resumed as dawn broke over the city.", "dawn"),
    (WED, "The fire started on the 13th floor of the tower.", "the 13th"),
    (WED, "Turnout rose from March 3 to 5 percent.", "5"),
    (WED, "The protests went on for three weekends.", "weekends"),
    (WED, "Rights groups say today's youth have few jobs.", "today"),
    (WED, "Bombs fell in the early hours of Sunday, residents said.", "the early hours"),
]


def _view(text: str, published: str) -> list[tuple[str, str, str]]:
    out = timexes_to_json(tag(text, Anchor(date.fromisoformat(published))))
    return [(t["text"], t["type"], t["value"]) for t in out]


@pytest.mark.parametrize("published,text,extent,type_,value", CASES)
def test_news_form(published, text, extent, type_, value):
    assert (extent, type_, value) in _view(text, published), _view(text, published)


@pytest.mark.parametrize("published,text,extent", NOT_TAGGED)
def test_news_form_not_tagged(published, text, extent):
    assert all(t[0] != extent for t in _view(text, published)), _view(text, published)


def test_day_first_zone_reads_an_ambiguous_slash_date_day_first():
    anchor = Anchor(date(2024, 5, 20), tz="Europe/London")
    found = [(t.text, t.value) for t in tag("The memo was dated 04/05/2024.", anchor)]
    assert ("04/05/2024", "2024-05-04") in found


def test_range_interval_covers_both_days():
    t = next(t for t in tag("Ministers met on March 15-16 in Brussels.", Anchor(date(2024, 4, 17))))
    assert (t.interval.start.date(), t.interval.end.date()) == (date(2024, 3, 15), date(2024, 3, 16))
