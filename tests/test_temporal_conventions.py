"""TimeML extent and value conventions, and tense cues, on our own news sentences (fixed publication dates)."""
from __future__ import annotations

from datetime import date

import pytest

from pipeline.records import Anchor
from pipeline.temporal import tag


def _found(text: str, published: str) -> list[tuple[str, str, str]]:
    return [(t.text, t.type, t.value) for t in tag(text, Anchor(date.fromisoformat(published)))]


# (published, sentence, expected extent, type, value)
EXTENTS = [
    # bounds ("nearly", "more than", "at least", "over" before "a"/"an") are inside a duration; approximators
    # ("about", "around", "roughly"), "only" and "just" stay outside
    ("2024-04-14", "The convoy waited about three hours at the crossing.", "three hours", "DURATION", "PT3H"),
    ("2024-04-14", "Rescuers dug for around ten days.", "ten days", "DURATION", "P10D"),
    ("2024-04-14", "The hearing ran for over an hour.", "over an hour", "DURATION", "PT1H"),
    ("2024-04-14", "The payments are spread over three years.", "three years", "DURATION", "P3Y"),
    ("2024-04-14", "The truce lasted only six days.", "six days", "DURATION", "P6D"),
    ("2024-04-14", "The blockade went on for roughly two years.", "two years", "DURATION", "P2Y"),
    ("2024-04-14", "The siege has lasted nearly five months.", "nearly five months", "DURATION", "P5M"),
    ("2024-04-14", "The camp has stood for almost two decades.", "almost two decades", "DURATION", "P20Y"),
    ("2024-04-14", "Ceasefires have held for more than two weeks.", "more than two weeks", "DURATION", "P2W"),
    ("2024-04-14", "Inspectors need at least 30 days to report.", "at least 30 days", "DURATION", "P30D"),
    ("2024-04-14", "The mandate may be renewed for an additional year.", "an additional year", "DURATION", "P1Y"),
    # the determiner of an attributive duration belongs to the noun
    ("2024-04-14", "Rebels ended the six-year war in 2019.", "six-year", "DURATION", "P6Y"),
    ("2024-04-14", "Delegates left after the two day summit.", "two day", "DURATION", "P2D"),
    ("2024-04-14", "Violence surged over the past two months.", "the past two months", "DURATION", "P2M"),
    ("2024-04-14", "Rebuilding will take the next two years or so.", "the next two years or so", "DURATION", "P2Y"),
    # vague durations: the preposition stays outside, "before" no longer blocks them
    ("2024-04-14", "Clashes went on for several weeks.", "several weeks", "DURATION", "PXW"),
    ("2024-04-14", "Aid will flow over the next few days.", "the next few days", "DURATION", "PXD"),
    ("2024-04-14", "He met the envoy several months before he resigned.", "several months", "DURATION", "PXM"),
    # a duration followed by "after"/"before" and no dated event: the duration itself
    ("2024-04-14", "It took twenty years after the coup for the army to apologise.", "twenty years", "DURATION", "P20Y"),
    # quarters: "the 1998 third quarter" keeps "the"; "the third-quarter loss" does not
    ("1999-10-20", "Profit beat the 1998 third quarter by a wide margin.", "the 1998 third quarter", "DATE", "1998-Q3"),
    ("1999-10-20", "The miner blamed the third-quarter loss on floods.", "third-quarter", "DATE", "1999-Q3"),
    ("1998-10-20", "Third-quarter profit rose 8%. In the 1997 period it had fallen.", "the 1997 period", "DATE", "1997-Q3"),
    ("2024-04-14", "The ministry expects a deficit in the current fiscal year.", "the current fiscal year", "DATE", "2024"),
    # years and seasons written in words
    ("1998-10-20", "The party promised jobs for all by the year two thousand.", "the year two thousand", "DATE", "2000"),
    ("1998-10-20", "Oil was cheaper in the winter of nineteen ninety-four.", "the winter of nineteen ninety-four",
     "DATE", "1994-WI"),
    # "so far this year" is the year; "now that" is the present
    ("2024-04-14", "Exports have fallen 5% so far this year.", "this year", "DATE", "2024"),
    ("2024-04-14", "Now that the border is shut, fuel is scarce.", "Now", "DATE", "PRESENT_REF"),
    # vague future windows
    ("2024-04-14", "Prices may ease in coming months as supply recovers.", "coming months", "DATE", "FUTURE_REF"),
    ("2024-04-14", "The bank sees little relief in the near term.", "the near term", "DATE", "FUTURE_REF"),
    ("2024-04-14", "Traders expect losses in coming quarters.", "coming quarters", "DATE", "FUTURE_REF"),
    # months and seasons
    ("2024-04-14", "The ministry disclosed in February that it had lost contact.", "February", "DATE", "2024-02"),
    ("2024-04-14", "The frigate has patrolled the strait since March and was due home in June.", "March", "DATE",
     "2024-03"),
    ("2024-04-14", "He made the late-February trip to Cairo alone.", "late-February", "DATE", "2024-02"),
    ("2024-09-14", "Shelling went on well into the early summer.", "the early summer", "DATE", "2024-SU"),
    ("1998-10-20", "New rules should be in place by year's end.", "year's end", "DATE", "1998"),
]


@pytest.mark.parametrize("published,text,extent,type_,value", EXTENTS)
def test_extent_and_value(published, text, extent, type_, value):
    assert (extent, type_, value) in _found(text, published)


# relative to the story's own dates ("the following year") or, with none, to publication
NARRATIVE = [
    ("2024-04-20", "The militia was founded in 2011. The following year it seized the port.", "The following year", "2012"),
    ("2024-04-20", "The envoy arrived on March 3, 2022. That same week the talks collapsed.", "That same week", "2022-W09"),
    ("2024-04-20", "The dam burst on May 5, 2019. The previous month had been the wettest on record.",
     "The previous month", "2019-04"),
    ("2024-04-20", "Exports fell 4% from the previous month, the agency said.", "the previous month", "2024-03"),
    ("2024-04-20", "Imports rose on the previous year, the customs office said.", "the previous year", "2023"),
]


@pytest.mark.parametrize("published,text,extent,value", NARRATIVE)
def test_narrative_anchoring(published, text, extent, value):
    assert any(t[0] == extent and t[2] == value for t in _found(text, published)), _found(text, published)


# tense cues: a plan that had already lapsed, deadlines told in the past, "supposed to", "planned for"
TENSE = [
    ("2024-04-15", "The ultimatum had been due to expire Friday evening.", "Friday evening", "2024-04-12TEV"),
    ("2024-04-15", "The offer had been scheduled to lapse at midnight Friday.", "midnight Friday", "2024-04-12T24:00"),
    ("2024-04-15", "The ultimatum is due to expire Friday evening.", "Friday evening", "2024-04-19TEV"),
    ("2024-04-18", "All members had filed their reports by Wednesday.", "Wednesday", "2024-04-17"),
    ("2024-04-18", "Members must file their reports by Wednesday.", "Wednesday", "2024-04-24"),
    ("2024-04-19", "Until Thursday, police had not named a suspect.", "Thursday", "2024-04-18"),
    ("2024-02-10", "The handover was planned for early March, an official said.", "early March", "2024-03"),
    ("2024-03-22", "The talks are supposed to conclude by May.", "May", "2024-05"),
    ("2024-04-14", "Flights will resume from May 2, the airline said.", "May 2", "2024-05-02"),
]


@pytest.mark.parametrize("published,text,extent,value", TENSE)
def test_tense_cues(published, text, extent, value):
    assert any(t[0] == extent and t[2] == value for t in _found(text, published)), _found(text, published)


def test_month_before_a_lowercase_clause_is_a_month():
    found = _found("The army admitted in May that it had lost two drones.", "2024-04-14")
    assert ("May", "DATE", "2023-05") in found  # past tense: the May before publication


# the extent conventions of the TimeML export, each with its examples (rules/conventions.yaml)
def _conventions() -> list[tuple[str, dict]]:
    from pipeline.datafiles import load_yaml
    from pipeline.temporal.lexicon import RULES_DIR

    raw = load_yaml(RULES_DIR / "conventions.yaml")
    return [(c["name"], ex) for c in raw["conventions"] for ex in c["examples"]]


CONVENTIONS = _conventions()


def test_every_convention_is_documented():
    from pipeline.datafiles import load_yaml
    from pipeline.temporal.lexicon import RULES_DIR

    for c in load_yaml(RULES_DIR / "conventions.yaml")["conventions"]:
        assert c["rule"] and c["train"] and c["examples"], c["name"]


@pytest.mark.parametrize("name,example", CONVENTIONS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CONVENTIONS)])
def test_convention_example(name, example):
    from pipeline.temporal import timexes_to_json

    text = example["text"]
    rows = timexes_to_json(tag(text, Anchor(date.fromisoformat(str(example["published"])))))
    got = [(r["text"], r["type"], r["value"]) for r in rows]
    assert all(text[r["start"]:r["end"]] == r["text"] for r in rows)
    assert (example["extent"], example["type"], str(example["value"])) in got, got
