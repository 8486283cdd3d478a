"""One article through every stage: sentences → signals → temporal expressions → events."""
from __future__ import annotations

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
    sentences = split_sentences(article.text)
    signals = detect_signals(article.text, sentences, article.anchor.day)
    if all(signal.signal == "neutral" for signal in signals):
        return []
    timexes = tag(article.text, article.anchor)
    return build_event_rows(article, sentences, timexes, signals)
