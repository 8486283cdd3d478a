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
PLACES = ["Damascus", "Isfahan", "Beirut", "the Red Sea", "Kharkiv", "Gaza", "the Golan Heights", "Sanaa"]
WHEN = ["on Saturday evening", "last week", "on Monday", "overnight", "early Friday", "two days ago",
        "earlier this month", "on Tuesday", "in recent days", "late Sunday", "on April 1", "this morning"]
ESCALATION = [
    "{a} launched a wave of drones at targets near {p} {w}, officials said.",
    "{a} fired missiles towards {t} {w} after weeks of rising tension.",
    "Officials in {a} vowed to retaliate against {t} for the strike {w}.",
    "{a} warned {w} that any attack on its forces would be met with a crushing response.",
    "{a} called up thousands of reservists and moved air defence units towards {p} {w}.",
    "{a} imposed new sanctions on {t} {w}, targeting its drone programme.",
    "{a} rejected a proposal for talks with {t} {w}, saying the time for diplomacy had passed.",
]
DE_ESCALATION = [
    "The UN secretary-general urged {a} and {t} {w} to exercise maximum restraint.",
    "{a} said {w} that it was not seeking a wider war with {t}.",
    "Envoys from {a} and {t} held talks in Doha {w} on a possible truce.",
    "{a} and {t} agreed to a ceasefire {w} after days of mediation.",
    "{a} withdrew some of its troops from positions near {p} {w}.",
    "Washington pressed {a} {w} not to widen the conflict with {t}.",
]
NEUTRAL = [
    "Oil prices rose about two percent in early trading as markets weighed the risk of supply disruption.",
    "Airlines rerouted several flights away from the region while the situation remained unclear.",
    "Analysts said the exchange followed a long pattern of covert attacks and proxy clashes.",
    "The city has a population of more than two million people and a long history as a trading hub.",
    "Residents described queues at petrol stations and shops that stayed open late into the night.",
    "The weather service forecast clear skies and warm temperatures for most of the coming days.",
    "Historians note that the two countries were once close partners before relations collapsed.",
    "Shipping insurers said premiums for vessels crossing the area had climbed in recent months.",
]


def synthetic_article(number: int, rng: random.Random, words: int = 600) -> dict:
    published = date(2024, 1, 1) + timedelta(days=rng.randrange(0, 365))
    sentences = []
    while sum(len(s.split()) for s in sentences) < words:
        a, t = rng.sample(ACTORS, 2)
        pool = rng.choice([ESCALATION, DE_ESCALATION, NEUTRAL, NEUTRAL])
        sentences.append(rng.choice(pool).format(a=a, t=t, p=rng.choice(PLACES), w=rng.choice(WHEN)))
    paragraphs = [" ".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3)]
    paragraphs = [p[0].upper() + p[1:] for p in paragraphs]
    return {"id": f"bench-{number}", "title": f"Regional tensions, report {number}",
            "published": published.isoformat(), "source": rng.choice(["Harbor Ledger", "Meridian Wire",
                                                                       "Levant Desk", "Capital Dispatch"]),
            "url": f"https://bench.example/{number}", "text": "\n\n".join(paragraphs)}


def write_corpus(path: Path, articles: int, seed: int = 7, words: int = 600) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for number in range(articles):
            out.write(json.dumps(synthetic_article(number, rng, words)) + "\n")
