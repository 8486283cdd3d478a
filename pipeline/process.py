"""One article through every stage: sentences → temporal expressions → signals → events."""
from __future__ import annotations

from .events import build_events
from .records import Article, TimelineEvent
from .sentences import split_sentences
from .signals import detect_signals
from .temporal import tag


def article_events(article: Article, include_neutral: bool = False) -> list[TimelineEvent]:
    sentences = split_sentences(article.text)
    timexes = tag(article.text, article.anchor)
    signals = detect_signals(article.text, sentences, article.anchor.day)
    return build_events(article, sentences, timexes, signals, include_neutral)
