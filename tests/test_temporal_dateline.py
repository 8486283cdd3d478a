"""The dateline's day (pipeline/temporal/resolve_dateline.py): the day a wire story is told on."""
from datetime import date

import pytest

from pipeline.records import Anchor
from pipeline.temporal import tag
from pipeline.temporal.resolve_dateline import dateline_day, report_day

CASES = [
    # text, publication day, dateline day, report day (the dateline's, when it is the day before)
    ("WASHINGTON, March 4 (Wire) - Warplanes struck militia sites.", date(2024, 3, 5), date(2024, 3, 4),
     date(2024, 3, 4)),
    ("KYIV, Ukraine, March 4 (Wire) - Drones hit a power plant.", date(2024, 3, 4), date(2024, 3, 4), None),
    ("Gaza City, March 3, 2024 (Wire) -- Jets struck a school.", date(2024, 3, 5), date(2024, 3, 3), None),
    ("March 4 (Wire) - Rebels shelled the port.", date(2024, 3, 5), date(2024, 3, 4), date(2024, 3, 4)),
    ("BEIRUT, Dec. 31 (Wire) - Drones struck two cars.", date(2025, 1, 1), date(2024, 12, 31), date(2024, 12, 31)),
    ("KYIV, Ukraine (AP) - Drones hit Kyiv on March 4, officials said.", date(2024, 3, 5), None, None),
    ("Rebels said March 4 - the day of the raid - was the worst.", date(2024, 3, 5), None, None),
]


@pytest.mark.parametrize("text,published,dateline,told", CASES, ids=[c[0][:30] for c in CASES])
def test_dateline_day(text, published, dateline, told):
    assert dateline_day(text, published) == dateline
    assert report_day(text, published) == told


def test_a_story_past_its_midnight_reads_its_weekdays_against_the_dateline():
    text = "WASHINGTON, March 4 (Wire) - The envoy will meet both sides today, and talks resume on Tuesday."
    values = {t.text: t.value for t in tag(text, Anchor(date(2024, 3, 5)))}
    assert values["today"] == "2024-03-04" and values["Tuesday"] == "2024-03-05"
