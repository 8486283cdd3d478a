"""'N days after/before <clause>' leans on the date of that clause, not on publication or the
narrative's previous date; with no date given it is marked vague on the side its tense says."""
from datetime import date

import pytest

from pipeline.records import Anchor
from pipeline.temporal import tag

PUBLISHED = date(2025, 3, 9)  # a Sunday

CASES = [
    # (sentence, expression, first day, last day)
    ("The attack came three days after Ukraine struck an oil refinery on Thursday.",
     "three days after", "2025-03-09", "2025-03-09"),
    ("Protests broke out two days after the army seized power on March 1.",
     "two days after the army", "2025-03-03", "2025-03-03"),
    ("The envoy will arrive two days before talks open on Friday.",
     "two days before", "2025-03-12", "2025-03-12"),
    ("He had visited the base on Monday. Two days before, the envoy left.",
     "Two days before", "2025-03-01", "2025-03-01"),
    ("The port was shelled on March 3. Two days later, the navy withdrew.",
     "Two days later", "2025-03-05", "2025-03-05"),
    # no date for the clause it leans on: vague, and before publication for a past event
    ("The attack came three days after Ukraine struck an oil refinery.",
     "three days after", "2025-02-07", "2025-03-09"),
    # a date after a clause break belongs to another statement
    ("Rebels returned two weeks after the town fell, officials said on Friday.",
     "two weeks after the town", "2025-02-07", "2025-03-09"),
]


@pytest.mark.parametrize("sentence,expression,first,last", CASES)
def test_relative_to_a_clause(sentence, expression, first, last):
    found = {t.text: t for t in tag(sentence, Anchor(PUBLISHED))}
    t = found[expression]
    assert t.interval is not None
    assert (str(t.interval.start.date()), str(t.interval.end.date())) == (first, last), t.explanation


def test_vague_future_side_for_a_future_statement():
    t = next(t for t in tag("Aid will flow three days after the border reopens.", Anchor(PUBLISHED))
             if t.text.startswith("three days after"))
    assert t.interval.start.date() >= PUBLISHED
