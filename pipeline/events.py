"""Join signals with the temporal expressions that date them into timeline events.

Dating rule, in order (each event says which applied, in `date_basis` and `date_explanation`):
1. a datable expression inside the signal's own clause, the one nearest the cue, unless a barrier
   word ("after", "since", ... in `data/dating.yaml`) puts it in a phrase about another happening;
2. else a datable expression of the same sentence that lies in no other signal's clause and
   behind no barrier (e.g. "Herzog said Sunday that ..." dates the reported statement);
3. else the publication date (`date_basis` = "publication").
A signal dated by a decade-wide expression ("over the past decade") is background and yields no event.
"""
from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from .datafiles import load_yaml
from .records import Article, Sentence, Signal, TimelineEvent, Timex

_DATA = Path(__file__).with_name("data") / "dating.yaml"
# A signal dated only to a span this coarse describes background, not an event on the timeline.
BACKGROUND_GRANULARITIES = frozenset({"decade", "century"})
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def build_events(article: Article, sentences: Sequence[Sentence], timexes: Sequence[Timex],
                 signals: Sequence[Signal], include_neutral: bool = False) -> list[TimelineEvent]:
    """Timeline events of one article; with `include_neutral`, sentences without a signal too."""
    datable = [t for t in timexes if t.is_datable]
    events: list[TimelineEvent] = []
    by_sentence: dict[int, list[Signal]] = {}
    for signal in signals:
        by_sentence.setdefault(signal.sentence_index, []).append(signal)
    dating = _Dating(article)
    inside = _timexes_by_sentence(sentences, datable)
    for sentence, in_sentence in zip(sentences, inside):
        sentence_signals = by_sentence.get(sentence.index, [])
        for signal in sentence_signals:
            if signal.signal == "neutral" and not include_neutral:
                continue  # protests, inquiries: statements without a direction, only on request
            others = [s for s in sentence_signals if s is not signal]
            # a signal within its sentence can only be dated by the sentence's expressions
            within = sentence.start <= signal.start and signal.end <= sentence.end
            timex = choose_timex(signal, sentence, in_sentence if within else datable, others)
            if timex is not None and timex.interval.granularity in BACKGROUND_GRANULARITIES:
                continue  # "over the past decade": a habit or history, not a happening to place
            events.append(_event(article, sentence, signal, timex, dating))
        if include_neutral and not sentence_signals:
            neutral = Signal(sentence.index, sentence.start, sentence.end, "neutral", "", 0.0, 0.0, "")
            events.append(_event(article, sentence, neutral, choose_timex(neutral, sentence, in_sentence, []),
                                 dating))
    return events


def _timexes_by_sentence(sentences: Sequence[Sentence], datable: Sequence[Timex]) -> list[list[Timex]]:
    """For each sentence, the datable expressions that lie inside it, in their given order."""
    order = sorted(range(len(datable)), key=lambda i: datable[i].start)
    starts = [datable[i].start for i in order]
    inside: list[list[Timex]] = []
    for sentence in sentences:
        first, last = bisect_left(starts, sentence.start), bisect_right(starts, sentence.end)
        chosen = sorted(i for i in order[first:last] if datable[i].end <= sentence.end)
        inside.append([datable[i] for i in chosen])
    return inside


def choose_timex(signal: Signal, sentence: Sentence, datable: Sequence[Timex],
                 other_signals: Sequence[Signal]) -> Timex | None:
    """The expression that dates this signal, or None (then the publication date applies)."""
    focus = signal.cue_start if signal.cue_start >= 0 else signal.start
    in_clause = [t for t in datable if signal.start <= t.start and t.end <= signal.end
                 and not behind_barrier(sentence, focus, t)]
    if in_clause:
        return min(in_clause, key=lambda t: abs(t.start - focus))
    in_sentence = [
        t for t in datable
        if sentence.start <= t.start and t.end <= sentence.end
        and not any(o.start <= t.start and t.end <= o.end for o in other_signals)
        and not behind_barrier(sentence, focus, t)
    ]
    if in_sentence:
        return min(in_sentence, key=lambda t: min(abs(t.start - signal.start), abs(t.end - signal.end)))
    return None


@lru_cache(maxsize=1)
def _barrier_pattern() -> re.Pattern:
    words = load_yaml(_DATA)["barriers"]
    alternatives = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


def behind_barrier(sentence: Sentence, cue_start: int, timex: Timex) -> bool:
    """True when a barrier word opens a phrase, holding the expression, that the cue is not in.

    After the cue: any barrier between cue and expression ("fired ... after Israel struck last week").
    Before the cue: a barrier earlier in the expression's own comma-delimited phrase, when that
    phrase closes before the cue ("After the April 1 strike, Tehran vowed revenge").
    """
    text, offset = sentence.text, sentence.start
    before = max(0, timex.start - offset)
    if cue_start <= timex.start:
        return bool(_barrier_pattern().search(text, max(0, cue_start - offset), before))
    phrase_start = max(text.rfind(mark, 0, before) for mark in ",;:") + 1
    closes = any(mark in text[max(0, timex.end - offset):max(0, cue_start - offset)] for mark in ",;:")
    return closes and bool(_barrier_pattern().search(text, phrase_start, before))


def event_id(article_id: str, signal: Signal) -> str:
    key = f"{article_id}|{signal.start}|{signal.end}|{signal.category}|{signal.cue_start}|{signal.actor}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def publication_explanation(day: date) -> str:
    return (f"no time expression in the statement: dated by the article's publication date, "
            f"{_WEEKDAYS[day.weekday()]} {day.isoformat()}")


class _Dating:
    """The dating fields of one article's events, worked out once per expression."""

    def __init__(self, article: Article):
        self.article = article
        self.by_timex: dict[int, dict] = {}     # id(timex) -> fields; the timexes outlive this object
        self.publication: dict | None = None

    def of(self, timex: Timex | None) -> dict:
        if timex is not None and timex.interval is not None:
            fields = self.by_timex.get(id(timex))
            if fields is None:
                interval = timex.interval
                fields = self.by_timex[id(timex)] = dict(
                    time_expression=timex.text, timex_value=timex.value, date_basis=timex.basis,
                    event_start=interval.iso_start(), event_end=interval.iso_end(),
                    event_date=interval.plot_day.isoformat(), granularity=interval.granularity,
                    date_explanation=timex.explanation, local_date_note=timex.local_date_note,
                )
            return fields
        if self.publication is None:
            day = self.article.anchor.day
            self.publication = dict(
                time_expression="", timex_value="", date_basis="publication",
                event_start=day.isoformat(), event_end=day.isoformat(), event_date=day.isoformat(),
                granularity="day", date_explanation=publication_explanation(day), local_date_note="",
            )
        return self.publication


def _event(article: Article, sentence: Sentence, signal: Signal, timex: Timex | None,
           dating: _Dating | None = None) -> TimelineEvent:
    fields = (dating or _Dating(article)).of(timex)
    identifier = event_id(article.article_id, signal)
    return TimelineEvent(
        event_id=identifier,
        article_id=article.article_id,
        source=article.source,
        url=article.url,
        title=article.title,
        published=article.published,
        sentence=sentence.text,
        char_start=sentence.start,
        char_end=sentence.end,
        actor=signal.actor,
        target=signal.target,
        speaker=signal.speaker,
        signal=signal.signal,
        category=signal.category,
        score=float(signal.score),
        confidence=float(signal.confidence),
        cue=signal.cue,
        cluster_id=identifier,
        reports=1,
        modality=signal.modality,
        polarity=signal.polarity,
        **fields,
    )
