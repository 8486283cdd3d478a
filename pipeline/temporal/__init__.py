"""Temporal engine: find temporal expressions in an article and anchor them to the calendar.

    from pipeline.temporal import tag
    timexes = tag(text, Anchor(date(2024, 4, 14)))

Two phases: detect.py finds expressions with the rules of rules/rules.yaml (an underspecified
value per hit); resolve.py anchors them on the publication date, the sentence's tense and the
article's own dates. Every Timex carries its TIMEX3 value, interval, granularity and explanation.
"""
from __future__ import annotations

from pipeline.records import Anchor, Timex

from .detect import detect as find_mentions
from .resolve import resolve_all
from .tense import sentence_starts
from .timeml import views

__all__ = ["tag", "timexes_to_json"]


def tag(text: str, anchor: Anchor) -> list[Timex]:
    """Every temporal expression in `text`, resolved against `anchor` (offsets into `text`)."""
    mentions = find_mentions(text) if text else []
    if not mentions:
        return []       # nothing to anchor: the sentences are not needed
    return resolve_all(mentions, text, anchor, sentence_starts(text))


def timexes_to_json(timexes: list[Timex]) -> list[dict]:
    """The contract's `timex` verb output: {"start","end","text","type","value"} per expression.

    This is the TimeML (TIMEX3) view of each expression (timeml.py): where the product's span is
    wider than a TIMEX3 extent ("two days later" dated against its event), the TIMEX3 part is emitted;
    a clock joined to its day by a preposition ("6 a.m. on Monday") is emitted as two annotations.
    """
    return [v for t in timexes for v in views(t)]
