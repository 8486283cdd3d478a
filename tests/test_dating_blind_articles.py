"""Issue 3's blind probe round: every escalation / de-escalation statement of our wire-style articles
lands on the interval written for it before the pipeline first saw them (fixtures/dating_blind_articles.yaml).

Each expectation is checked on the product's own event (matched by sentence and cue stem). Where the
signal stage finds no such signal, or names it with other words (signal recall is another stage's job),
the statement is dated through the same dating code (build_events) with a signal placed on its cue
word, so dating stays covered either way.

Three rounds, each written before its first run (the honest held-out figures, cases dated right / cases):
round 1 0.608 (0.842 of the statements whose signal the product found), round 2 0.974, round 3 59/68 =
0.868 (36/39 = 0.923 of those found); after round 3's fixes 157/158, 46/46, 67/68.
`test_each_round_dates_its_statements` reports each round apart and holds it at or above its floor.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from pipeline.events import build_events
from pipeline.process import article_events
from pipeline.readers.dates import parse_published, published_text
from pipeline.records import Article, Signal
from pipeline.sentences import split_sentences
from pipeline.temporal import tag

FIXTURE = Path(__file__).parent / "fixtures" / "dating_blind_articles.yaml"
ARTICLES = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))["articles"]
CASES = [(art, exp) for art in ARTICLES for exp in art["expect"]]

# Known dating gaps, by case id, each with its reason. Kept small: fix the engine, then delete the entry.
XFAIL = {
    "niger-deadline|force|plan for a possible use of force": (
        "the plan has no date of its own; the meeting's 'earlier this month' sits in the subject's relative "
        "clause (', who met in Abuja earlier this month,'), which by rule dates only that clause"),
    "r3-western-sahara-guerguerat|ceasefire|considered a 1991 ceasefire with Morocco over": (
        "the signal stage finds no signal for declaring a truce over, so the statement is dated on the cue "
        "noun 'ceasefire', whose attributive year ('a 1991 ceasefire') names the truce's making, not its end"),
}


def case_id(art: dict, exp: dict) -> str:
    return f"{art['id']}|{exp['cue']}|{exp['sentence']}"


@lru_cache(maxsize=None)
def article_of(article_id: str) -> Article:
    art = next(a for a in ARTICLES if a["id"] == article_id)
    anchor = parse_published(art["published"])
    return Article(article_id, art["text"], anchor, published_text(anchor), source="Harbor Ledger")


@lru_cache(maxsize=None)
def events_of(article_id: str) -> tuple:
    return tuple(article_events(article_of(article_id)))


def sentence_of(text: str, phrase: str):
    pos = text.index(phrase)
    return next(s for s in split_sentences(text) if s.start <= pos < s.end)


def product_event(art: dict, exp: dict):
    """The product's event for the statement: one of the sentence's events whose cue holds the stem."""
    here = [e for e in events_of(art["id"]) if exp["sentence"] in e.sentence and e.signal != "neutral"]
    by_cue = [e for e in here if exp["cue"].lower() in e.cue.lower()]
    return next((e for e in by_cue if e.signal == exp["signal"]), by_cue[0]) if by_cue else None


def oracle_event(art: dict, exp: dict):
    """The statement dated with a signal on its cue word, its clause the whole sentence."""
    article = article_of(art["id"])
    sentence = sentence_of(article.text, exp["sentence"])
    cue = re.search(r"\b" + re.escape(exp["cue"]) + r"\w*", sentence.text, re.I)
    assert cue, f"the cue stem {exp['cue']!r} is not in the sentence"
    start = sentence.start + cue.start()
    category = "attack" if exp["signal"] == "escalation" else "appeal-restraint"
    signal = Signal(sentence.index, sentence.start, sentence.end, exp["signal"], category, 0.0, 0.5,
                    cue.group(), start, start + len(cue.group()))
    [event] = build_events(article, split_sentences(article.text), tag(article.text, article.anchor), [signal])
    return event


@pytest.mark.parametrize("art,exp", [
    pytest.param(art, exp, id=case_id(art, exp),
                 marks=[pytest.mark.xfail(reason=XFAIL[case_id(art, exp)], strict=True)]
                 if case_id(art, exp) in XFAIL else [])
    for art, exp in CASES
])
def test_statement_lands_on_its_interval(art, exp):
    event = product_event(art, exp) or oracle_event(art, exp)
    got = (event.event_start[:10], event.event_end[:10])
    assert got == (exp["start"][:10], exp["end"][:10]), event.date_explanation
    if "T" in exp["start"]:
        assert event.event_start[11:16] == exp["start"][11:16], event.date_explanation


def dated_right(art: dict, exp: dict) -> bool:
    event = product_event(art, exp) or oracle_event(art, exp)
    if (event.event_start[:10], event.event_end[:10]) != (exp["start"][:10], exp["end"][:10]):
        return False
    return "T" not in exp["start"] or event.event_start[11:16] == exp["start"][11:16]


# Each round's floor: cases dated right (xfailed cases count as wrong). Raise it as fixes land.
ROUND_FLOORS = {1: 157, 2: 46, 3: 67}   # round 3's first run: 59


@pytest.mark.parametrize("round_", sorted(ROUND_FLOORS), ids=lambda r: f"round-{r}")
def test_each_round_dates_its_statements(round_):
    cases = [(a, e) for a, e in CASES if a.get("round", 1) == round_]
    right = sum(dated_right(a, e) for a, e in cases)
    found = [(a, e) for a, e in cases if product_event(a, e) is not None]
    found_right = sum(dated_right(a, e) for a, e in found)
    print(f"round {round_}: {right}/{len(cases)} = {right / len(cases):.3f} dated right; "
          f"{found_right}/{len(found)} of the statements whose signal the product found")
    assert right >= ROUND_FLOORS[round_], f"round {round_}: {right}/{len(cases)} dated right"


def test_the_fixture_is_well_formed():
    ids = [case_id(a, e) for a, e in CASES]
    assert len(ids) == len(set(ids)), "two expectations share an id"
    assert set(XFAIL) <= set(ids), "an xfail entry names no case"
    for art in ARTICLES:
        parse_published(art["published"])
        assert 120 <= len(art["text"].split()) <= 300, art["id"]
        for exp in art["expect"]:
            assert art["text"].count(exp["sentence"]) == 1, (art["id"], exp["sentence"])
            assert exp["signal"] in ("escalation", "de-escalation")
            assert exp["start"][:10] <= exp["end"][:10]
    assert {art.get("round", 1) for art in ARTICLES} == set(ROUND_FLOORS)


def test_most_statements_are_dated_through_the_product_path():
    """Signal recall is not this test's subject, but the round should mostly run end to end."""
    found = sum(product_event(art, exp) is not None for art, exp in CASES)
    assert found >= 0.5 * len(CASES)
