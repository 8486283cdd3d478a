"""Sentences and tense cues: is the verb governing an expression past or future?

No parser: the cue (auxiliary, past-tense verb, planning verb) nearest to the expression in the same
sentence decides. Cue lists live in rules/tense.yaml.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache


from ..datafiles import load_yaml
from .lexicon import RULES_DIR, factor_alternatives

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n\s*\n|\n(?=\s*[A-Z\"“-])")
_ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Sgt|Capt|Gov|Sen|Rep|Rev|Jr|Sr|Inc|Corp|Co|Ltd|No|U\.S|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|[A-Z])\.)$")


TENSE_WINDOW = 300
_ATTRIBUTION = re.compile(r"said|says|told|added|reported|wrote$")


@lru_cache(maxsize=1)
def _cues() -> tuple[re.Pattern, re.Pattern]:
    raw = load_yaml(RULES_DIR / "tense.yaml")
    future = re.compile(r"(?<![\w'])(?:" + factor_alternatives(raw["future"]) + r")(?![\w])", re.I)
    # a past form inside a hyphenated compound is an adjective, not the verb: "closed-door talks"
    past = re.compile(r"(?<![\w'-])(?:" + factor_alternatives(raw["past"]) + r")(?![\w-])")
    return future, past


def sentence_starts(text: str) -> list[int]:
    starts = [0]
    for m in _SENTENCE_END.finditer(text):
        if _ABBREV.search(text[max(0, m.start() - 6):m.start()]):
            continue
        starts.append(m.end())
    return starts


def sentence_bounds(starts: list[int], text_len: int, pos: int) -> tuple[int, int]:
    i = bisect.bisect_right(starts, pos) - 1
    end = starts[i + 1] if i + 1 < len(starts) else text_len
    return starts[i], end


def tense(text: str, start: int, end: int, sent: tuple[int, int]) -> str | None:
    """'past', 'future' or None for the expression text[start:end] in the sentence span `sent`."""
    future, past = _cues()
    best: tuple[float, int, str] | None = None
    # Cues farther than TENSE_WINDOW characters govern other clauses; the bound also keeps a
    # pathological "sentence" (100,000 characters without punctuation) linear.
    s0, s1 = max(sent[0], start - TENSE_WINDOW), min(sent[1], end + TENSE_WINDOW)
    for kind, rx in (("future", future), ("past", past)):
        for m in rx.finditer(text, s0, s1):
            if m.start() < end and m.end() > start:
                continue
            if m.start() >= end and _ATTRIBUTION.match(m.group()) and "," in text[end:m.start()]:
                continue  # "... will meet on Tuesday, Germany said": the attribution's tense is not the act's
            dist = start - m.end() if m.end() <= start else (m.start() - end) * 1.3
            # on a tie the longer cue wins: "had been scheduled" (past) over "scheduled" (future)
            key = (dist, -(m.end() - m.start()), kind)
            if best is None or key[:2] < best[:2]:
                best = key
    return best[2] if best else None
