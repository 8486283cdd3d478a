"""Which expression dates which signal: the examples of temporal/rules/attachment.yaml, end to end."""
from pathlib import Path

import pytest
import yaml

from pipeline.process import article_events
from pipeline.readers.dates import parse_published, published_text
from pipeline.records import Article

RULES = Path(__file__).resolve().parent.parent / "pipeline" / "temporal" / "rules" / "attachment.yaml"
EXAMPLES = yaml.safe_load(RULES.read_text(encoding="utf-8"))["examples"]


def events_of(text: str, published: str):
    anchor = parse_published(published)
    return article_events(Article("attachment-example", text, anchor, published_text(anchor)))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: f"{e['cue']}|{e['text'][:40]}")
def test_attachment_example(example):
    events = [e for e in events_of(example["text"], example["published"]) if example["cue"] in e.cue]
    assert events, f"no signal with {example['cue']!r} in {example['text']!r}"
    event = events[0]
    assert event.time_expression == example["time"], event.date_explanation
    assert (event.event_start, event.event_end) == (example["start"], example["end"]), event.date_explanation


def test_a_reporting_date_still_dates_an_act_with_no_date_of_its_own():
    [event] = [e for e in events_of("The army said on Monday that its artillery had shelled rebel positions.",
                                    "2024-04-17") if "shell" in e.cue]
    assert (event.time_expression, event.event_start) == ("Monday", "2024-04-15")


def test_a_bare_since_before_the_cue_opens_the_span():
    [event] = [e for e in events_of("Since Monday, rebels have shelled the town almost every night.",
                                    "2024-02-29") if "shell" in e.cue]
    assert (event.event_start, event.event_end) == ("2024-02-26", "2024-02-29")


def test_since_an_event_is_still_a_barrier():
    [event] = [e for e in events_of("Gunmen attacked a checkpoint, the first attack since the truce took effect on "
                                    "Nov. 27.", "2024-12-31") if "attack" in e.cue][:1]
    assert event.time_expression == "" and event.event_start == "2024-12-31"


def test_the_main_event_of_a_day_after_keeps_its_own_date():
    [event] = [e for e in events_of("Army drones struck rebel positions on Tuesday, a day after the rebels seized a "
                                    "nearby village.", "2024-02-29") if "struck" in e.cue]
    assert event.event_start == "2024-02-27"
