"""One article through every stage: sentences → signals → temporal expressions → events."""
from __future__ import annotations

from typing import Callable, Sequence

from .events import build_event_rows, build_events
from .records import Article, TimelineEvent
from .sentences import split_sentences
from .signals import detect_signals
from .temporal import tag


def article_events(article: Article, include_neutral: bool = False) -> list[TimelineEvent]:
    sentences = split_sentences(article.text)
    signals = detect_signals(article.text, sentences, article.anchor.day)
    if not include_neutral and all(signal.signal == "neutral" for signal in signals):
        return []       # nothing to date: most of a general news feed (sport, markets) stops here
    timexes = tag(article.text, article.anchor)
    return build_events(article, sentences, timexes, signals, include_neutral)


def article_event_rows(article: Article) -> list[tuple]:
    """`article_events` as rows in `EVENT_FIELDS` order, what the store writes (no neutral statements)."""
    rows = event_rows_of_many([article])[0]
    if isinstance(rows, Exception):
        raise rows
    return rows


def event_rows_of_many(articles: Sequence[Article]) -> list[list[tuple] | Exception]:
    """`article_event_rows` of each article, or the exception that stopped it (the others go on).

    Stage by stage over all the articles, not article by article: while a stage runs, its rules,
    lexicons and caches stay in the CPU's caches instead of being evicted by the other stages in
    turn (a sixth less CPU on an ingest batch). The stages are pure functions of the article, run
    in the articles' order, so the rows are the same.
    """
    done: list[list[tuple] | Exception | None] = [None] * len(articles)    # None: not finished yet

    def stage(step: Callable, *earlier: list) -> list:
        """`step` on each unfinished article (with its results of `earlier` stages)."""
        out: list = []
        for number, inputs in enumerate(zip(articles, *earlier)):
            result = None
            if done[number] is None:
                try:
                    result = step(*inputs)
                except Exception as error:  # noqa: BLE001 - this article stops here, the others go on
                    done[number] = error
            out.append(result)
        return out

    sentences = stage(lambda article: split_sentences(article.text))
    signals = stage(lambda article, found: detect_signals(article.text, found, article.anchor.day), sentences)
    for number, found in enumerate(signals):
        if done[number] is None and all(signal.signal == "neutral" for signal in found):
            done[number] = []   # nothing to date: most of a general news feed (sport, markets) stops here
    timexes = stage(lambda article: tag(article.text, article.anchor))
    rows = stage(build_event_rows, sentences, timexes, signals)
    return [row if result is None else result for row, result in zip(rows, done)]
