"""TIMEX3 extents, round three: our own news sentences through the `timex` export (TimeML view).

Each case: (published, sentence, extent, TIMEX3 type, value); `None` as the type means the extent must
not be exported at all. The product's own expressions (`tag()`) are checked where they differ.
"""
from __future__ import annotations

from datetime import date

import pytest

from pipeline.records import Anchor
from pipeline.temporal import tag, timexes_to_json

SUN = "2024-04-14"


def _export(text: str, published: str) -> list[tuple[str, str, str]]:
    rows = timexes_to_json(tag(text, Anchor(date.fromisoformat(published))))
    for r in rows:
        assert text[r["start"]:r["end"]] == r["text"]
    return [(r["text"], r["type"], r["value"]) for r in rows]


CASES = [
    # a preposition before "the end of" stays outside the extent (mod END is kept)
    (SUN, "The central bank expects the bill to pass by the end of next month.", "the end of next month",
     "DATE", "2024-05"),
    (SUN, "Foreign troops must leave by the end of this year, the treaty says.", "the end of this year",
     "DATE", "2024"),
    # the second day of a range joined by a word, also when it closes the sentence
    (SUN, "NATO leaders will meet in Vilnius on July 11 and 12.", "12", "DATE", "2024-07-12"),
    (SUN, "NATO leaders will meet in Vilnius on July 11 and 12.", "July 11", "DATE", "2024-07-11"),
    # a vague stretch told "later" keeps its place in the narrative even before "that"
    (SUN, "Police said hours later that two suspects had been held.", "hours", "DURATION", "PTXH"),
    (SUN, "Hours later the militia pulled back from the bridge.", "Hours", "DURATION", "PTXH"),
    # an hour told by its part of day
    (SUN, "The ferry will sail at 5 in the morning, the port said.", "5 in the morning", "TIME",
     "2024-04-14T05:00"),
    (SUN, "Shops must close by 8 in the evening under the curfew.", "8 in the evening", "TIME", "2024-04-14T20:00"),
    (SUN, "The index lost 3 in the morning session.", "3 in the morning", None, None),
    # the bare stretch before or after an event: determiner, signal and event stay outside
    (SUN, "His truck was seen near the depot in the weeks before the robbery.", "weeks", "DURATION", "PXW"),
    (SUN, "In the months that followed, the rebels lost the port.", "months", "DURATION", "PXM"),
    (SUN, "Prices climbed in the days leading up to the election.", "days", "DURATION", "PXD"),
    # a capitalised month between an article and a noun dates that noun
    (SUN, "The March accord ended two years of fighting.", "March", "DATE", "2024-03"),
    (SUN, "The ministry set a June target for the new border fence.", "June", "DATE", "2024-06"),
    (SUN, "The March on Washington drew large crowds.", "March", None, None),
    # temporal words inside names are not TIMEX3s
    (SUN, 'The minister spoke on the Sunday show "This Week" about the strikes.', "This Week", None, None),
    (SUN, "The findings were first reported by USA Today.", "Today", None, None),
    (SUN, 'Protesters quoted the western "High Noon" outside the court.', "Noon", None, None),
    (SUN, "He set up a venture called Orion 1980 to build satellites.", "1980", None, None),
    (SUN, "The kingdom's Vision 2030 plan relies on oil revenue.", "2030", None, None),
    # ... while ordinary deictic words and years keep their dates
    (SUN, "Talks ended on Friday. Today, both sides met again.", "Today", "DATE", "2024-04-14"),
    (SUN, "The parliament met today in the capital.", "today", "DATE", "2024-04-14"),
    (SUN, "This week the army moved two brigades north.", "This week", "DATE", "2024-W15"),
    (SUN, "Spain joined in 1982, Greece 1981 and Portugal 1986.", "1986", "DATE", "1986"),
    (SUN, "The court was created by Parliament in 2019.", "2019", "DATE", "2019"),
    # halves before "ago"/"later": the whole count, not "a half years"
    (SUN, "The dam was finished two and a half years ago.", "two and a half years ago", "DATE", "2021-10"),
    (SUN, "The siege began in 2019. Two and a half years later, the city fell.", "Two and a half years",
     "DURATION", "P2Y6M"),
    (SUN, "Police arrived an hour and a half later, witnesses said.", "an hour and a half", "DURATION", "PT1H30M"),
    # "within days of ...": the vague stretch; "after weeks of talks" describes the talks
    (SUN, "The gunman was caught within days of the attack.", "days", "DURATION", "PXD"),
    (SUN, "After weeks of talks, the unions signed.", "weeks", None, None),
    # the middle of a part of the narrative's day
    (SUN, "By mid-afternoon, rescuers had reached the village.", "mid-afternoon", "TIME", "2024-04-14TAF"),
    (SUN, "Shares were flat in mid-afternoon trading.", "mid-afternoon", None, None),
    # an age in general, not a time: "the future of ...", "the people of tomorrow"
    (SUN, "Leaders argued over the future of the alliance.", "the future", None, None),
    (SUN, "The minister said the soldiers of tomorrow need new skills.", "tomorrow", None, None),
    (SUN, "The results of today's vote are due at midnight.", "today", "DATE", "2024-04-14"),
    (SUN, "A response will come in the near future, a spokesman said.", "the near future", "DATE", "FUTURE_REF"),
]


@pytest.mark.parametrize("published,text,extent,type_,value", CASES)
def test_export_extent(published, text, extent, type_, value):
    rows = _export(text, published)
    if type_ is None:
        assert all(r[0] != extent for r in rows), rows
    else:
        assert (extent, type_, value) in rows, rows


PRODUCT_NAMES = [
    (SUN, "USA Today said the ministry had been warned.", "Today"),
    (SUN, 'Ministers appeared on "This Week" to defend the plan.', "This Week"),
]


@pytest.mark.parametrize("published,text,word", PRODUCT_NAMES)
def test_names_date_nothing_in_the_product(published, text, word):
    assert all(word not in t.text for t in tag(text, Anchor(date.fromisoformat(published))))


def test_hours_later_is_the_products_narrative_past():
    found = [(t.text, t.value) for t in tag("Police said hours later that two suspects had been held.",
                                            Anchor(date.fromisoformat(SUN)))]
    assert ("hours later", "PAST_REF") in found
