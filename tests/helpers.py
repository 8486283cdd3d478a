"""Builders of records for tests: invented but realistic articles and events."""
from __future__ import annotations

from datetime import date, datetime

from pipeline.records import Anchor, Article, Interval, Signal, TimelineEvent, Timex, days_interval


def article(text: str = "Iran launched drones at Israel on Saturday evening.", day: date = date(2024, 4, 14),
            article_id: str = "a1", source: str = "Harbor Ledger", title: str = "Drones over Israel") -> Article:
    return Article(article_id=article_id, text=text, anchor=Anchor(day), published=day.isoformat(),
                   title=title, source=source, url=f"https://harbor-ledger.example/{article_id}",
                   origin=f"test:{article_id}")


def timex_for(text: str, phrase: str, value: str, interval: Interval | None, basis: str = "relative",
              type_: str = "DATE") -> Timex:
    start = text.index(phrase)
    return Timex(start, start + len(phrase), phrase, type_, value, interval, basis,
                 explanation=f"'{phrase}' resolved to {value}")


def signal_for(text: str, clause: str, cue: str, category: str = "attack", signal: str = "escalation",
               score: float = 8.0, actor: str = "Iran", sentence_index: int = 0) -> Signal:
    start = text.index(clause)
    cue_start = text.index(cue, start)
    return Signal(sentence_index, start, start + len(clause), signal, category, score, 0.8, cue,
                  cue_start, cue_start + len(cue), actor=actor)


def event(event_id: str = "e1", day: str = "2024-04-13", signal: str = "escalation", actor: str = "Iran",
          article_id: str = "a1", score: float = 8.0, category: str = "attack", source: str = "Harbor Ledger",
          published: str = "2024-04-14", sentence: str = "Iran launched drones at Israel.") -> TimelineEvent:
    return TimelineEvent(
        event_id=event_id, article_id=article_id, source=source, url="https://harbor-ledger.example/a1",
        title="Drones over Israel", published=published, sentence=sentence, char_start=0,
        char_end=len(sentence), time_expression="Saturday evening", timex_value=f"{day}TEV",
        date_basis="relative", event_start=f"{day}T18:00", event_end=f"{day}T23:59", event_date=day,
        granularity="part-of-day", actor=actor, target="Israel", speaker="", signal=signal,
        category=category, score=score, confidence=0.8, cue="launched drones", cluster_id=event_id,
        reports=1, date_explanation="test", modality="actual", polarity="asserted", local_date_note="")


def evening(day: date) -> Interval:
    return Interval(datetime(day.year, day.month, day.day, 18), datetime(day.year, day.month, day.day, 23, 59),
                    "part-of-day")


def week(first: date, last: date) -> Interval:
    return days_interval(first, last, "week")


def with_known_gaps(rows: list[dict], known_gaps: dict[str, str]) -> list:
    """Table rows as pytest parameters (ids from each row's "id"); a named known gap is a strict
    xfail with its reason, so fixing one shows up as a failure to remove it from the list."""
    import pytest

    return [pytest.param(row, id=row["id"], marks=pytest.mark.xfail(strict=True, reason=known_gaps[row["id"]]))
            if row["id"] in known_gaps else pytest.param(row, id=row["id"]) for row in rows]
