"""Speakers, actors (aliases, metonyms, demonyms, leaders by term of office) and targets."""
from __future__ import annotations

from datetime import date

import pytest

from pipeline.records import Sentence
from pipeline.signals import detect_signals

DAY = date(2024, 4, 14)


def signals_of(text: str, day: date = DAY):
    sentences, start = [], 0
    for index, part in enumerate(text.split("\n")):
        sentences.append(Sentence(index, start, start + len(part), part))
        start += len(part) + 1
    return detect_signals(text, sentences, day)


ACTOR_CASES = [
    ("Tehran fired ballistic missiles at the base.", "Iran", ""),
    ("The Kremlin expelled two British diplomats.", "Russia", ""),
    ("The White House imposed new sanctions on the bank.", "United States", ""),
    ("The IDF struck targets in southern Lebanon.", "Israel", "Lebanon"),
    ("The Pentagon deployed two more destroyers.", "United States", ""),
    ("Hezbollah fired rockets at northern Israel.", "Hezbollah", "Israel"),
    ("Houthi rebels attacked a tanker off Yemen.", "Houthis", "Yemen"),
    ("Hamas released two hostages on Friday.", "Hamas", ""),
    ("NATO deployed extra jets to the Baltic states.", "NATO", ""),
    ("The UN Security Council called for an immediate ceasefire.", "United Nations", ""),
    ("Iranian drones struck a village near the border.", "Iran", ""),
    ("Israeli jets bombed a convoy in Syria.", "Israel", "Syria"),
    ("Iran fired about 300 drones towards Israel.", "Iran", "Israel"),
    ("Beijing sent warships towards Taiwan.", "China", "Taiwan"),
    ("Kyiv launched drones at a refinery in Russia.", "Ukraine", "Russia"),
    ("Washington pressed Israel not to widen the conflict.", "United States", "Israel"),
    ("Netanyahu ordered strikes on Rafah.", "Israel", ""),
    ("Three soldiers were killed by Hezbollah in an ambush.", "Hezbollah", ""),
    ("The large-scale attack by Iran shocked the region.", "Iran", ""),
]


@pytest.mark.parametrize("text,actor,target", ACTOR_CASES, ids=[c[0][:40] for c in ACTOR_CASES])
def test_actor_and_target(text, actor, target):
    found = signals_of(text)
    assert found, text
    assert found[0].actor == actor
    if target:
        assert found[0].target == target


SPEAKER_CASES = [
    ("Herzog said Israel is not seeking war with Iran.", "Isaac Herzog", "Israel", "denial-of-intent"),
    ("President Isaac Herzog said on Sunday that Israel would respond.", "Isaac Herzog", "Israel", "retaliation-vow"),
    ("\u201cNow is the time for maximum restraint,\u201d Guterres said.", "António Guterres", "United Nations",
     "appeal-restraint"),
    ("\"We will respond with force,\" said Defence Minister Yoav Gallant.", "Yoav Gallant", "Israel",
     "retaliation-vow"),
    ("Iran will retaliate, Khamenei said in a speech.", "Ali Khamenei", "Iran", "retaliation-vow"),
    ("Secretary of State Antony Blinken said the United States urged restraint.", "Antony Blinken",
     "United States", "appeal-restraint"),
    ("According to Israeli officials, Hezbollah fired rockets at Haifa.", "Israel", "Hezbollah", "attack"),
]


@pytest.mark.parametrize("text,speaker,actor,category", SPEAKER_CASES, ids=[c[0][:40] for c in SPEAKER_CASES])
def test_speaker(text, speaker, actor, category):
    found = signals_of(text)
    assert found
    assert (found[0].speaker, found[0].actor, found[0].category) == (speaker, actor, category)


def test_he_said_carries_the_last_named_speaker():
    text = ("Guterres met the ambassadors on Sunday.\n"
            "\u201cThe region cannot afford more war,\u201d he said, calling for de-escalation.")
    found = [s for s in signals_of(text) if s.sentence_index == 1]
    assert found and found[0].speaker == "António Guterres"
    assert found[0].actor == "United Nations"


def test_quote_continuation_keeps_the_speaker():
    text = ("\u201cNow is the time to defuse,\u201d Guterres said.\n"
            "\u201cIt is time to step back from the brink.\u201d")
    found = [s for s in signals_of(text) if s.sentence_index == 1]
    assert found and found[0].speaker == "António Guterres"


@pytest.mark.parametrize("day,actor", [(date(2016, 6, 1), "United States"), (date(2023, 6, 1), "Barack Obama")])
def test_leader_speaks_for_a_state_only_in_office(day, actor):
    found = signals_of("Obama imposed sanctions on the bank.", day)
    assert found and found[0].actor == actor


@pytest.mark.parametrize("day,actor", [(date(2019, 5, 1), "United States"), (date(2022, 5, 1), "Donald Trump"),
                                       (date(2025, 3, 1), "United States")])
def test_terms_of_office_with_a_gap(day, actor):
    found = signals_of("Trump threatened Iran with severe consequences.", day)
    assert found and found[0].actor == actor


def test_two_clauses_two_signals_with_their_own_actors():
    text = ("Iran fired about 350 rockets towards Israel on Saturday evening, "
            "after Israel attacked an Iranian compound in Syria last week.")
    found = signals_of(text)
    assert [(s.actor, s.category) for s in found] == [("Iran", "attack"), ("Israel", "attack")]
    assert text[found[1].start:found[1].end].startswith("after Israel attacked")
    for signal in found:
        assert text[signal.cue_start:signal.cue_end] == signal.cue
        assert signal.start <= signal.cue_start < signal.cue_end <= signal.end


def test_denial_and_conditional_threat_in_one_sentence():
    text = ("Herzog said Israel is not seeking war with Iran, "
            "but said the barrage has to be met accordingly.")
    found = signals_of(text)
    assert [s.category for s in found] == ["denial-of-intent", "retaliation-vow"]
    assert all(s.speaker == "Isaac Herzog" and s.actor == "Israel" for s in found)


def test_offsets_are_article_offsets():
    text = "Markets were calm on Monday.\nIsrael attacked a base near Damascus."
    found = signals_of(text)
    assert len(found) == 1 and found[0].sentence_index == 1
    assert text[found[0].cue_start:found[0].cue_end] == "attacked"
