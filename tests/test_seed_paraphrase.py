"""The article this product started from, in our own words: the signals and dates of issue 2 hold."""
from datetime import date
from pathlib import Path

import pytest

from pipeline.process import article_events
from pipeline.records import Anchor, Article

TEXT = (Path(__file__).parent / "fixtures" / "seed_paraphrase.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def events():
    article = Article("seed-paraphrase", TEXT, Anchor(date(2024, 4, 14)), "2024-04-14",
                      source="Riverside Bulletin", origin="seed_paraphrase.txt")
    return article_events(article)


def find(events, phrase, signal):
    found = [e for e in events if phrase in e.sentence and e.signal == signal]
    assert found, f"no {signal} event in the sentence with {phrase!r}: " + repr(
        [(e.signal, e.category, e.cue, e.sentence[:60]) for e in events])
    return found


def test_the_barrage_is_escalation_on_saturday_evening(events):
    barrage = [e for e in find(events, "roughly 350 rockets", "escalation") if e.event_date == "2024-04-13"]
    assert barrage and barrage[0].actor == "Iran"
    assert barrage[0].event_start.startswith("2024-04-13T18") and barrage[0].granularity == "part-of-day"


def test_israels_strike_in_syria_is_dated_last_week(events):
    strike = [e for e in find(events, "struck Iranian military commanders", "escalation")
              if e.time_expression == "last week"]
    assert strike and strike[0].actor == "Israel"
    assert (strike[0].event_start, strike[0].event_end) == ("2024-04-01", "2024-04-07")


def test_guterres_appeals_are_de_escalation_on_sunday(events):
    appeals = find(events, "Maximum restraint", "de-escalation")
    assert appeals[0].event_date == "2024-04-14" and "Guterres" in (appeals[0].speaker + appeals[0].actor)


def test_herzog_denies_seeking_war_but_threatens_an_answer(events):
    herzog = [e for e in events if "Herzog" in e.sentence]
    assert any(e.signal == "de-escalation" and e.actor == "Israel" and "Herzog" in e.speaker for e in herzog)
    assert any(e.signal == "escalation" and "answered" in e.cue for e in herzog)
    assert all(e.event_date == "2024-04-14" for e in herzog)


def test_vowed_retaliation_is_escalation(events):
    assert find(events, "vowed retaliation", "escalation")[0].category in ("retaliation-vow", "threat")


def test_biden_pressing_netanyahu_is_de_escalation(events):
    assert find(events, "not to widen the conflict", "de-escalation")


def test_reading_time_and_copyright_date_nothing(events):
    assert not any(e.time_expression.lower().startswith(("2 minutes", "2024")) for e in events)
    assert not any("Copyright" in e.sentence or "Reading Time" in e.sentence for e in events)
