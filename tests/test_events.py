"""Joining signals with the expressions that date them."""
from datetime import date
from pathlib import Path

import pytest
import yaml

from pipeline.events import behind_barrier, build_events
from pipeline.records import days_interval
from pipeline.sentences import split_sentences

from helpers import article, evening, signal_for, timex_for, week

TWO_CLAUSES = ("Iran fired about 300 drones and missiles at Israel on Saturday evening after Israel "
               "struck its consulate in Damascus last week.")


def test_each_clause_is_dated_by_its_own_expression():
    art = article(TWO_CLAUSES)
    sentences = split_sentences(TWO_CLAUSES)
    timexes = [
        timex_for(TWO_CLAUSES, "Saturday evening", "2024-04-13TEV", evening(date(2024, 4, 13))),
        timex_for(TWO_CLAUSES, "last week", "2024-W14", week(date(2024, 4, 1), date(2024, 4, 7))),
    ]
    signals = [
        signal_for(TWO_CLAUSES, "Iran fired about 300 drones and missiles at Israel on Saturday evening",
                   "fired"),
        signal_for(TWO_CLAUSES, "Israel struck its consulate in Damascus last week", "struck", actor="Israel"),
    ]
    events = build_events(art, sentences, timexes, signals)
    assert [(e.actor, e.event_date, e.granularity, e.time_expression) for e in events] == [
        ("Iran", "2024-04-13", "part-of-day", "Saturday evening"),
        ("Israel", "2024-04-04", "week", "last week"),
    ]
    assert events[1].event_start == "2024-04-01" and events[1].event_end == "2024-04-07"
    assert events[0].event_start == "2024-04-13T18:00"
    assert len({e.event_id for e in events}) == 2


def test_reported_speech_is_dated_by_the_saying_verb():
    text = "Herzog said on Sunday that Israel is not seeking war with Iran."
    art = article(text)
    sunday = timex_for(text, "Sunday", "2024-04-14", week(date(2024, 4, 14), date(2024, 4, 14)))
    signal = signal_for(text, "Israel is not seeking war with Iran", "not seeking war",
                        category="denial-of-intent", signal="de-escalation", score=-4, actor="Israel")
    [event] = build_events(art, split_sentences(text), [sunday], [signal])
    assert event.time_expression == "Sunday" and event.event_date == "2024-04-14"


def test_no_expression_falls_back_to_publication_and_says_so():
    text = "The army called up two reserve brigades."
    [event] = build_events(article(text, day=date(2024, 4, 5)), split_sentences(text), [],
                           [signal_for(text, text, "called up", category="mobilisation", actor="Israel")])
    assert (event.date_basis, event.event_date, event.time_expression) == ("publication", "2024-04-05", "")
    assert "publication date" in event.date_explanation and "Friday 2024-04-05" in event.date_explanation


def test_durations_never_date_an_event():
    text = "Iran shelled the border for three days."
    duration = timex_for(text, "three days", "P3D", None, type_="DURATION")
    [event] = build_events(article(text), split_sentences(text), [duration],
                           [signal_for(text, text, "shelled")])
    assert event.date_basis == "publication" and event.timex_value == ""


def test_event_ids_are_stable_and_neutral_sentences_only_on_request():
    text = "Oil prices rose on Monday. Iran fired missiles."
    sentences = split_sentences(text)
    sig = signal_for(text, "Iran fired missiles.", "fired", sentence_index=1)
    first = build_events(article(text), sentences, [], [sig])
    again = build_events(article(text), sentences, [], [sig])
    assert [e.event_id for e in first] == [e.event_id for e in again]
    with_neutral = build_events(article(text), sentences, [], [sig], include_neutral=True)
    assert [e.signal for e in with_neutral] == ["neutral", "escalation"]


DATING = yaml.safe_load((Path(__file__).resolve().parent.parent / "pipeline" / "data" / "dating.yaml").read_text())


@pytest.mark.parametrize("example", DATING["examples"], ids=lambda e: f"{e['time']}|{e['text'][:30]}")
def test_dating_barrier_examples(example):
    text = example["text"]
    [sentence] = split_sentences(text)
    timex = timex_for(text, example["time"], "X", week(date(2024, 4, 1), date(2024, 4, 7)))
    assert behind_barrier(sentence, text.index(example["cue"]), timex) is not example["dates_signal"]


def test_a_decade_wide_habit_is_background_not_an_event():
    text = "Israel has struck targets in Syria hundreds of times over the past decade."
    decade = timex_for(text, "the past decade", "201", days_interval(date(2014, 1, 1), date(2023, 12, 31), "decade"))
    events = build_events(article(text), split_sentences(text), [decade],
                          [signal_for(text, text, "struck", actor="Israel")])
    assert events == []


def test_an_article_without_a_directed_signal_has_no_events_and_is_not_time_tagged(monkeypatch):
    import pipeline.process as process

    sport = article("The home side won 3-1 on Saturday evening, and the league resumes next week after a "
                    "two-week break. Ticket sales rose 4% in March.")
    def must_not_tag(*_args, **_kwargs):
        raise AssertionError("tagged an article with nothing to date")
    monkeypatch.setattr(process, "tag", must_not_tag)
    assert process.article_events(sport) == []
    monkeypatch.undo()
    strike = article("Iran launched drones at Israel on Saturday evening. The league resumes next week.")
    events = process.article_events(strike)
    assert [(e.signal, e.time_expression) for e in events] == [("escalation", "Saturday evening")]
    neutral = process.article_events(sport, include_neutral=True)
    assert neutral and all(e.signal == "neutral" for e in neutral)
