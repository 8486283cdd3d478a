"""Sentences and tense cues: is the verb governing an expression past or future?

No parser: the cue (auxiliary, past-tense verb, planning verb) nearest to the expression in the same
sentence decides. Cue lists live in rules/tense.yaml.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache


from ..datafiles import load_yaml
from .detect import case_folded
from .lexicon import RULES_DIR, factor_alternatives

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n\s*\n|\n(?=\s*[A-Z\"“-])")
_ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Sgt|Capt|Gov|Sen|Rep|Rev|Jr|Sr|Inc|Corp|Co|Ltd|No|U\.S|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|[A-Z])\.)$")


TENSE_WINDOW = 300
_ATTRIBUTION = re.compile(r"said|says|told|added|reported|wrote$")


@lru_cache(maxsize=1)
def _cues() -> tuple[re.Pattern, re.Pattern, re.Pattern | None]:
    """The future cues (case-insensitive), the past cues (case-sensitive), and the future cues to
    run over the lower-cased text when they can be (`case_folded`)."""
    raw = load_yaml(RULES_DIR / "tense.yaml")
    future = r"(?<![\w'])(?:" + factor_alternatives(raw["future"]) + r")(?![\w])"
    # a past form inside a hyphenated compound is an adjective, not the verb: "closed-door talks"
    past = re.compile(r"(?<![\w'-])(?:" + factor_alternatives(raw["past"]) + r")(?![\w-])")
    return re.compile(future, re.I), past, case_folded(future)


# Where a `_SENTENCE_END` can start: right after . ! ? (its look-behind) or at a newline.
_MAY_END = re.compile(r"[.!?\n]")


def sentence_starts(text: str) -> list[int]:
    """0 and the start of every later sentence: `_SENTENCE_END.finditer`, tried only where a match
    can start (`_MAY_END`) rather than at every character, so the same boundaries, found faster."""
    starts = [0]
    at = 0
    match = _SENTENCE_END.match
    for hit in _MAY_END.finditer(text):
        pos = hit.start() if text[hit.start()] == "\n" else hit.end()
        m = match(text, pos) if pos >= at else None
        if m is None:
            continue
        at = m.end()
        if _ABBREV.search(text[max(0, pos - 6):pos]):
            continue
        starts.append(at)
    return starts


def sentence_bounds(starts: list[int], text_len: int, pos: int) -> tuple[int, int]:
    i = bisect.bisect_right(starts, pos) - 1
    end = starts[i + 1] if i + 1 < len(starts) else text_len
    return starts[i], end


def tense(text: str, start: int, end: int, sent: tuple[int, int], low: str | None = None) -> str | None:
    """'past', 'future' or None for the expression text[start:end] in the sentence span `sent`
    (`low`: the text lower-cased by `detect.lowered`, when the caller has it)."""
    future, past, future_folded = _cues()
    future_scan = (future_folded, low) if future_folded is not None and low is not None else (future, text)
    best: tuple[float, int, str] | None = None
    # Cues farther than TENSE_WINDOW characters govern other clauses; the bound also keeps a
    # pathological "sentence" (100,000 characters without punctuation) linear.
    s0, s1 = max(sent[0], start - TENSE_WINDOW), min(sent[1], end + TENSE_WINDOW)
    for kind, (rx, scanned) in (("future", future_scan), ("past", (past, text))):
        for m in rx.finditer(scanned, s0, s1):
            a, b = m.span()
            if a < end and b > start:
                continue
            if a >= end and _ATTRIBUTION.match(text, a, b) and "," in text[end:a]:
                continue  # "... will meet on Tuesday, Germany said": the attribution's tense is not the act's
            dist = start - b if b <= start else (a - end) * 1.3
            # on a tie the longer cue wins: "had been scheduled" (past) over "scheduled" (future)
            key = (dist, -(b - a), kind)
            if best is None or key[:2] < best[:2]:
                best = key
    return best[2] if best else None
