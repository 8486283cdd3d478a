"""Synthetic news articles built from the team's own sentence templates.

For benchmarks and robustness tests that need many realistic articles: varied actors, targets,
places and relative dates, so every stage does real work. Deterministic for a given seed.
"""
from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

ACTORS = ["Israel", "Iran", "Hezbollah", "the Houthis", "Russia", "Ukraine", "the United States", "Hamas"]
PLACES = ["Damascus", "Isfahan", "Beirut", "the Red Sea", "Kharkiv", "Gaza", "the Golan Heights", "Sanaa",
          "Aleppo", "Tyre", "Rafah", "Hodeidah", "Odesa", "Kherson", "Erbil", "Basra"]
CITIES = ["London", "Dubai", "Istanbul", "Cairo", "Washington", "Brussels", "Doha", "Amman", "Berlin", "Tokyo",
          "Geneva", "Muscat", "Paris", "Ankara", "Riyadh", "Vienna"]
WHEN = ["on Saturday evening", "last week", "on Monday", "overnight", "early Friday", "two days ago",
        "earlier this month", "on Tuesday", "in recent days", "late Sunday", "on April 1", "this morning",
        "on Wednesday afternoon", "last Thursday", "shortly before dawn", "on Sunday night", "yesterday"]
# How reports attribute what they tell: added to about half of the statements, so that, as in real
# news, few sentences recur word for word outside syndicated copies.
ATTRIBUTIONS = [", officials said", ", state media reported", ", according to a statement", ", witnesses said",
                ", a spokesperson told reporters", ", two diplomats said", ", the defence ministry said",
                ", a senior official said on condition of anonymity", ", local media reported",
                ", according to people familiar with the matter", ", the foreign ministry said in a statement",
                ", an aide said"]
ESCALATION = [
    "{a} launched a wave of {n} drones at targets near {p} {w}, officials in {city} said.",
    "{a} fired {n} missiles towards {t} {w} after {pct} weeks of rising tension.",
    "Officials in {a} vowed to retaliate against {t} for the strike near {p} {w}.",
    "{a} warned {t} {w} that any attack on its forces near {p} would be met with a crushing response.",
    "{a} called up {n} thousand reservists and moved air defence units towards {p} {w}.",
    "{a} imposed new sanctions on {n} companies in {t} {w}, targeting its drone programme.",
    "{a} rejected a proposal for talks with {t} {w}, saying the time for diplomacy had passed.",
]
DE_ESCALATION = [
    "The UN secretary-general urged {a} and {t} {w} to exercise maximum restraint around {p}.",
    "{a} said {w} that it was not seeking a wider war with {t}.",
    "Envoys from {a} and {t} held talks in {city} {w} on a possible truce.",
    "{a} and {t} agreed to a {n}-hour ceasefire {w} after days of mediation in {city}.",
    "{a} withdrew {n} of its troops from positions near {p} {w}.",
    "Washington pressed {a} {w} not to widen the conflict with {t}.",
]
NEUTRAL = [
    "Oil prices rose about {pct}.{dec} percent in early trading as markets weighed the risk of supply disruption near {p}.",
    "Airlines rerouted {n} flights away from {p} while the situation remained unclear.",
    "Analysts in {city} said the exchange between {a} and {t} followed {pct} years of covert attacks and proxy clashes.",
    "{P} has a population of more than {n} thousand people and a long history as a trading hub.",
    "Residents of {p} described queues of {n} cars at petrol stations and shops that stayed open until {hour}:{minute:02d}.",
    "The weather service in {city} forecast clear skies over {p} and temperatures near {deg} degrees for the coming days.",
    "Historians in {city} note that {a} and {t} were once close partners before relations collapsed in {year}.",
    "Shipping insurers said premiums for vessels crossing {p} had climbed by {pct}.{dec} percent in recent months.",
    "The central bank in {city} kept its main rate at {pct}.{dec} percent, citing uncertainty in the region.",
    "Organisers in {city} said {n} people had registered for a marathon planned for the spring.",
]


def _capitalised(sentence: str) -> str:
    return sentence[0].upper() + sentence[1:]


def synthetic_article(number: int, rng: random.Random, words: int = 600, first_day: date = date(2024, 1, 1),
                      days: int = 365) -> dict:
    published = first_day + timedelta(days=rng.randrange(0, days))
    sentences = []
    while sum(len(s.split()) for s in sentences) < words:
        a, t = rng.sample(ACTORS, 2)
        pool = rng.choice([ESCALATION, DE_ESCALATION, NEUTRAL, NEUTRAL])
        place = rng.choice(PLACES)
        sentence = _capitalised(rng.choice(pool).format(
            a=a, t=t, p=place, P=place[0].upper() + place[1:], w=rng.choice(WHEN), city=rng.choice(CITIES),
            n=rng.randrange(2, 400), pct=rng.randrange(1, 12), dec=rng.randrange(0, 10), deg=rng.randrange(12, 38),
            year=rng.randrange(1950, 2012),
            hour=rng.randrange(18, 24), minute=rng.choice((0, 15, 30, 45))))
        if pool is not NEUTRAL and " said" not in sentence and rng.random() < 0.5:
            sentence = sentence[:-1] + rng.choice(ATTRIBUTIONS) + "."
        sentences.append(sentence)
    paragraphs = [" ".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3)]
    return {"id": f"bench-{number}", "title": f"Regional tensions, report {number}",
            "published": published.isoformat(), "source": rng.choice(["Harbor Ledger", "Meridian Wire",
                                                                       "Levant Desk", "Capital Dispatch"]),
            "url": f"https://bench.example/{number}", "text": "\n\n".join(paragraphs)}


def syndicated_copy(original: dict, number: int, rng: random.Random) -> dict:
    """Another site's copy of `original`: its own id, url and source, a sentence dropped and a
    credit line added, published the same day or the next (what wire syndication looks like)."""
    paragraphs = original["text"].split("\n\n")
    sentences = paragraphs[-1].split(". ")
    if len(paragraphs) > 1 and len(sentences) > 1:
        del sentences[rng.randrange(len(sentences))]
        paragraphs[-1] = ". ".join(sentences)
    source = rng.choice(["Harbor Ledger", "Meridian Wire", "Levant Desk", "Capital Dispatch"])
    published = date.fromisoformat(original["published"]) + timedelta(days=rng.randrange(0, 2))
    return {**original, "id": f"bench-{number}", "url": f"https://bench.example/{number}", "source": source,
            "published": published.isoformat(),
            "text": "\n\n".join(paragraphs) + f"\n\nThis report was distributed by {original['source']}."}


COPY_SHARE = 0.15       # articles that are another site's copy of a recent one


def write_corpus(path: Path, articles: int, seed: int = 7, words: int = 600, copies: float = COPY_SHARE,
                 first_day: date = date(2024, 1, 1), days: int = 365, first_number: int = 0) -> None:
    """`articles` synthetic articles as JSON lines, published over `days` days from `first_day`
    and numbered from `first_number`; a share `copies` of them syndicated copies."""
    rng = random.Random(seed)
    recent: list[dict] = []
    with path.open("w", encoding="utf-8") as out:
        for number in range(first_number, first_number + articles):
            if recent and rng.random() < copies:
                item = syndicated_copy(rng.choice(recent), number, rng)
            else:
                item = synthetic_article(number, rng, words, first_day, days)
                recent = recent[-199:] + [item]
            out.write(json.dumps(item) + "\n")
