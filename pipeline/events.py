"""Join signals with the temporal expressions that date them into timeline events.

Dating rule, in order (each event says which applied, in `date_basis` and `date_explanation`):
1. a datable expression inside the signal's own clause, the one nearest the cue, unless a barrier
   word ("after", "since", ... in `data/dating.yaml`) puts it in a phrase about another happening;
2. else a datable expression of the same sentence that lies in no other signal's clause and
   behind no barrier (e.g. "Herzog said Sunday that ..." dates the reported statement);
3. else the publication date (`date_basis` = "publication").
Within 1 and 2 (word lists in `temporal/rules/attachment.yaml`): an expression inside a relative
clause that does not hold the cue (", which seized power in 2022,") is left out; for acts, an
expression that only dates a reporting verb ("said on Monday") gives way to one of the act's own;
a date right after a noun cue's participle ("a ceasefire agreed on Wednesday") is preferred; a
possessive date ("Tuesday's strike", "last month's ceasefire") or an attributive one ("a 2015 peace
agreement") dates only the noun it modifies, unless that noun frames the act ("killed in the April 22
attack"); a relative clause right after a noun cue dates it ("the raids, which began late on Wednesday");
a dateline's date ("KYIV, March 3 (Reuters) -") dates nothing.
The interval then follows the expression's reading: "since Thursday" runs to publication, "between
6 p.m. Tuesday and 8 a.m. Wednesday" spans both, and the event inside "a day after [the rebels
seized a village]" is a day before the date the expression carries.
A signal dated by a decade-wide expression ("over the past decade") is background and yields no event.
"""
from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from .datafiles import load_yaml
from .records import EVENT_FIELDS, Article, Interval, Sentence, Signal, TimelineEvent, Timex
from .temporal.dates import add_months
from .temporal.lexicon import number_value
from .temporal.resolve_dateline import report_day

_DATA = Path(__file__).with_name("data") / "dating.yaml"
_ATTACHMENT = Path(__file__).with_name("temporal") / "rules" / "attachment.yaml"
# A signal dated only to a span this coarse describes background, not an event on the timeline.
BACKGROUND_GRANULARITIES = frozenset({"decade", "century"})
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def build_events(article: Article, sentences: Sequence[Sentence], timexes: Sequence[Timex],
                 signals: Sequence[Signal], include_neutral: bool = False) -> list[TimelineEvent]:
    """Timeline events of one article; with `include_neutral`, sentences without a signal too."""
    return _build(article, sentences, timexes, signals, include_neutral, _event)


def build_event_rows(article: Article, sentences: Sequence[Sentence], timexes: Sequence[Timex],
                     signals: Sequence[Signal], include_neutral: bool = False) -> list[tuple]:
    """`build_events` as rows: each event's values in `EVENT_FIELDS` order (`store.event_row`).

    What an ingest stores; it skips building the dataclasses only to take them apart again.
    """
    return _build(article, sentences, timexes, signals, include_neutral, _event_row)


def _build(article: Article, sentences: Sequence[Sentence], timexes: Sequence[Timex],
           signals: Sequence[Signal], include_neutral: bool, make) -> list:
    datable = [t for t in timexes if t.is_datable and not in_dateline(article.text, t)]
    events: list = []
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
            pool = in_sentence if within else datable
            timex = choose_timex(signal, sentence, pool, others)
            if timex is not None and timex.interval.granularity in BACKGROUND_GRANULARITIES:
                continue  # "over the past decade": a habit or history, not a happening to place
            if timex is not None:
                timex = dating.read(timex, signal, sentence, pool)
            events.append(make(article, sentence, signal, timex, dating))
        if include_neutral and not sentence_signals:
            neutral = Signal(sentence.index, sentence.start, sentence.end, "neutral", "", 0.0, 0.0, "")
            events.append(make(article, sentence, neutral, choose_timex(neutral, sentence, in_sentence, []),
                               dating))
    return events


def _timexes_by_sentence(sentences: Sequence[Sentence], datable: Sequence[Timex]) -> list[list[Timex]]:
    """For each sentence, the datable expressions that lie inside it, in their given order."""
    order = sorted(range(len(datable)), key=lambda i: datable[i].start)
    starts = [datable[i].start for i in order]
    inside: list[list[Timex]] = []
    for sentence in sentences:
        first, last = bisect_left(starts, sentence.start), bisect_right(starts, sentence.end)
        if first == last:
            inside.append([])       # most sentences hold none
            continue
        chosen = sorted(i for i in order[first:last] if datable[i].end <= sentence.end)
        inside.append([datable[i] for i in chosen])
    return inside


def choose_timex(signal: Signal, sentence: Sentence, datable: Sequence[Timex],
                 other_signals: Sequence[Signal]) -> Timex | None:
    """The expression that dates this signal, or None (then the publication date applies)."""
    focus = signal.cue_start if signal.cue_start >= 0 else signal.start
    cue_end = signal.cue_end if signal.cue_start >= 0 else -1
    in_clause = [t for t in datable if signal.start <= t.start and t.end <= signal.end
                 and (not behind_barrier(sentence, focus, t) or offset_of(sentence, focus, t) is not None)
                 and not in_other_relative_clause(sentence, focus, t, cue_end)
                 and not _dates_another_noun(sentence, focus, t)]
    in_clause = _own_dates(signal, sentence, in_clause)
    if in_clause:
        attached = [t for t in in_clause if _after_participle(signal, sentence, t)]
        return attached[0] if attached else min(in_clause, key=lambda t: abs(t.start - focus))
    in_sentence = [
        t for t in datable
        if sentence.start <= t.start and t.end <= sentence.end
        and not any(o.start <= t.start and t.end <= o.end for o in other_signals)
        and (not behind_barrier(sentence, focus, t) or offset_of(sentence, focus, t) is not None) and not in_other_relative_clause(sentence, focus, t, cue_end)
        and not _dates_another_noun(sentence, focus, t)
    ]
    in_sentence = _own_dates(signal, sentence, in_sentence)
    if in_sentence:
        return min(in_sentence, key=lambda t: min(abs(t.start - signal.start), abs(t.end - signal.end)))
    return None


@lru_cache(maxsize=1)
def _barrier_pattern() -> re.Pattern:
    words = load_yaml(_DATA)["barriers"]
    alternatives = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _attachment() -> dict:
    raw = load_yaml(_ATTACHMENT)

    def words(key: str) -> str:
        return "|".join(raw[key])

    return {
        "report_before": re.compile(rf"\b(?:{words('reporting_verbs')})\s+(?:(?:{words('reporting_fillers')})\s+)?"
                                    rf"(?:on\s+)?$", re.I),
        "report_after": re.compile(rf"\s*,?\s*(?:{words('reporting_verbs')})\b", re.I),
        "acts": frozenset(raw["act_categories"]),
        "occasion": re.compile(rf"(?<!\w)(?!(?:{words('schedule_words')})\s)[\w-]+\s+"
                               rf"(?:{words('occasion_prepositions')})\s+$", re.I),
        "relative": re.compile(rf",\s+(?:{words('relative_pronouns')})\b[^,;]*", re.I),
        "event_frame": re.compile(rf",\s+(?:which|that)\s+(?:{words('event_frame_verbs')})\b", re.I),
        "superlative": re.compile(rf"\b(?:{words('superlatives')})\b", re.I),
        "frame": re.compile(rf"\b(?:{words('dated_frames')})\s+(?:(?:{words('attributive_determiners')})\s+)?$", re.I),
        "attributive_before": re.compile(rf"\b(?:{words('attributive_determiners')})\s+$", re.I),
        "attributive_date": re.compile(rf"(?:{words('attributive_dates')})"),
        "attributive_after": re.compile(rf"\s+(?!(?:{words('attributive_stops')})\b)(?=[a-z])"
                                        rf"(?P<noun>[^,;:.]{{0,30}}(?:{raw['attributive_relative']})?)"),
        "dateline_before": re.compile(raw["dateline_before"]),
        "dateline_after": re.compile(raw["dateline_after"]),
        "rolling": re.compile(raw["rolling_span"], re.I),
        "participle": re.compile(rf"\s+(?:{words('participles')})(?:\s+[\w'’-]+){{0,4}}?"
                                 rf"\s+(?:on|in|at|during|late|early|last|this)?\s*", re.I),
    }


def _reporting_date(sentence: Sentence, timex: Timex) -> bool:
    """True when the expression dates a reporting verb: "said on Monday", "on Monday said"."""
    rx = _attachment()
    text, offset = sentence.text, sentence.start
    return bool(rx["report_before"].search(text, 0, timex.start - offset)
                or rx["report_after"].match(text, timex.end - offset))


def _own_dates(signal: Signal, sentence: Sentence, candidates: list[Timex]) -> list[Timex]:
    """Drop the expressions that name an occasion ("a truce for Christmas") and, for an act, those that
    only date its being reported, as long as others remain."""
    if len(candidates) < 2:
        return candidates
    occasion = _attachment()["occasion"]
    text, offset = sentence.text, sentence.start
    candidates = [t for t in candidates if not occasion.search(text, max(0, t.start - offset - 40),
                                                               t.start - offset)] or candidates
    if signal.category not in _attachment()["acts"] or len(candidates) < 2:
        return candidates
    own = [t for t in candidates if not _reporting_date(sentence, t)]
    return own or candidates


def _after_participle(signal: Signal, sentence: Sentence, timex: Timex) -> bool:
    """'a ceasefire agreed on Wednesday': the expression follows the cue's participle, no comma between."""
    if signal.cue_end < 0 or timex.start < signal.cue_end:
        return False
    gap = sentence.text[signal.cue_end - sentence.start:timex.start - sentence.start]
    return "," not in gap and bool(_attachment()["participle"].fullmatch(gap))


_POSSESSED = re.compile(r"['’]s\b(?P<noun>[^,;:.]{0,30})")


def _dates_another_noun(sentence: Sentence, cue_start: int, timex: Timex) -> bool:
    """'vowed to respond to Tuesday's strike': a possessive date modifies the noun after it, so it dates
    only a cue that starts there ("Tuesday's surprise incursion"), not the verb of the clause. So does an
    attributive date after a determiner: "urged a return to a 2015 peace agreement" (attachment.yaml). Where
    the noun is the frame of the act ("killed 26 in the April 22 attack") the date dates the act too."""
    if offset_of(sentence, cue_start, timex) is not None:
        return False  # "fired a week after the April 1 strike": the offset dates the act
    m = _POSSESSED.match(sentence.text, timex.end - sentence.start) or _attributive(sentence, timex)
    if m is None or _attachment()["frame"].search(sentence.text, max(0, timex.start - sentence.start - 16),
                                                  timex.start - sentence.start):
        return False
    return not timex.end <= cue_start <= sentence.start + m.end("noun")


def _attributive(sentence: Sentence, timex: Timex) -> re.Match | None:
    """The noun phrase an attributive date opens ("a [2015] peace agreement"), or None."""
    rx = _attachment()
    text, offset = sentence.text, sentence.start
    if not rx["attributive_date"].fullmatch(timex.text) or \
            not rx["attributive_before"].search(text, max(0, timex.start - offset - 8), timex.start - offset):
        return None
    return rx["attributive_after"].match(text, timex.end - offset)


def in_dateline(text: str, timex: Timex) -> bool:
    """True for the date of a dateline ("KYIV, March 3 (Reuters) - ..."): the report's day, not a happening's."""
    rx = _attachment()
    line_start = text.rfind("\n", 0, timex.start) + 1
    return bool(rx["dateline_before"].match(text[line_start:timex.start])
                and rx["dateline_after"].match(text[timex.end:timex.end + 80]))


def in_other_relative_clause(sentence: Sentence, cue_start: int, timex: Timex, cue_end: int = -1) -> bool:
    """True when the expression sits in a relative clause (", which ...") that does not hold the cue,
    nor describes it: a cue that ends right before a clause telling of its happening is its antecedent
    ("the air raids, which began late on Wednesday"; not "seized the town, which they lost in 2012")."""
    text, offset = sentence.text, sentence.start
    for m in _attachment()["relative"].finditer(text):
        a, b = m.start() + offset, m.end() + offset
        if a <= timex.start and timex.end <= b and not a <= cue_start < b:
            if cue_start < cue_end <= a and not text[cue_end - offset:m.start()].strip() \
                    and _attachment()["event_frame"].match(text, m.start()):
                continue
            return True
    return False


def behind_barrier(sentence: Sentence, cue_start: int, timex: Timex) -> bool:
    """True when a barrier word opens a phrase, holding the expression, that the cue is not in.

    After the cue: any barrier between cue and expression ("fired ... after Israel struck last week").
    Before the cue: a barrier earlier in the expression's own comma-delimited phrase, when that
    phrase closes before the cue ("After the April 1 strike, Tehran vowed revenge").
    A bare "since" right before the expression is the act's own span ("killed 80 people since
    Thursday", "Since Monday, rebels have shelled ..."), unless a superlative or ordinal ties it to
    a comparison ("the worst fighting since 2019").
    """
    text, offset = sentence.text, sentence.start
    before = max(0, timex.start - offset)
    cue = max(0, cue_start - offset)
    fine = timex.interval is not None and timex.interval.granularity in _SINCE_GRANULARITIES
    if cue_start <= timex.start:
        return any(not (fine and _own_since(text, m, before, cue))
                   for m in _barrier_pattern().finditer(text, cue, before))
    phrase_start = max(text.rfind(mark, 0, before) for mark in ",;:") + 1
    closes = any(mark in text[max(0, timex.end - offset):cue] for mark in ",;:")
    return closes and any(not (fine and _own_since(text, m, before, phrase_start))
                          for m in _barrier_pattern().finditer(text, phrase_start, before))


# "since Thursday", "since November" open the act's own span; "since 2019" stays background
_SINCE_GRANULARITIES = frozenset({"hour", "part-of-day", "day", "week", "month"})


def _own_since(text: str, barrier: re.Match, before: int, from_: int) -> bool:
    """The barrier is a bare "since" of the expression itself, with no superlative before it."""
    return (barrier.group().lower() == "since" and not text[barrier.end():before].strip()
            and not _attachment()["superlative"].search(text, min(from_, barrier.start()), barrier.start()))


# "a day after", "two weeks before": the expression's head, whose event the signal may be
_EVENT_RELATIVE = re.compile(r"(?:(?:about|around|roughly|some|nearly|almost|just|only|barely|at\s+least|more\s+than|"
                             r"less\s+than)\s+)?(?P<num>[\w-]+(?:\s+[\w-]+)?)\s+(?P<unit>hour|day|week|month)s?\s+"
                             r"(?P<dir>after|before)\b", re.I)
_RANGE_HEAD = re.compile(r"\b(?:between|from)\s+$", re.I)
_OF_AFTER = re.compile(r"\s+of\b", re.I)   # "the last week of October" is no span up to publication
_FRONTED = re.compile(r"\s*(?:(?:and|but|then|yet)\s+)?(?:just\s+|only\s+|barely\s+)?", re.I)
_SINCE_BEFORE = re.compile(r"\bsince\s+$", re.I)
_RANGE_JOIN = re.compile(r"\s*(?:and|to|until|till|through|thru|[-–])\s*", re.I)


# "a week after the April 1 strike": the date of an event, and the offset from it
_OFFSET_BEFORE = re.compile(_EVENT_RELATIVE.pattern + r"\s+(?:the|a|an|its|their|his|her|this|that)\s+$", re.I)
# every match of _OFFSET_BEFORE holds its `dir` word: a cheap test first (most windows have neither)
_OFFSET_WORD = re.compile(r"after|before", re.I)


def offset_of(sentence: Sentence, cue_start: int, timex: Timex) -> tuple[int, str] | None:
    """(N, unit) when a day's date is the event an offset leans on ("a week after the April 1 strike"), the
    cue being no word of that event (not inside the noun phrase the date opens), else None."""
    if timex.interval is None or timex.interval.granularity != "day":
        return None
    text, offset = sentence.text, sentence.start
    window = max(0, timex.start - offset - 60), timex.start - offset
    m = _OFFSET_BEFORE.search(text, *window) if _OFFSET_WORD.search(text, *window) else None
    if m is None or offset + m.start() <= cue_start < timex.end:
        return None
    noun = _attributive(sentence, timex)
    if noun is not None and timex.end <= cue_start <= offset + noun.end("noun"):
        return None
    n = number_value(m.group("num"))
    if not isinstance(n, int):   # "at Israel a week after": the count is the last word alone
        n = number_value(m.group("num").split()[-1])
    if not isinstance(n, int):
        return None
    return (n if m.group("dir").lower() == "after" else -n), m.group("unit").lower()


def _shift(moment: datetime, n: int, unit: str) -> datetime:
    if unit == "month":
        return datetime.combine(add_months(moment.date(), n), moment.time())
    return moment + {"hour": timedelta(0), "day": timedelta(days=n), "week": timedelta(weeks=n)}[unit]


def inside_event_relative(timex: Timex, signal: Signal, sentence: Sentence | None = None) -> Interval | None:
    """The signal is the event E of "N days after E": its interval is N days before the expression's.

    Not when the expression opens the sentence and a comma closes it before the cue: in "Two days after
    the raid, militants attacked a post" the attack is the main clause, dated by the expression itself."""
    m = _EVENT_RELATIVE.match(timex.text)
    focus = signal.cue_start if signal.cue_start >= 0 else signal.start
    if m is None or focus < timex.start + m.end("dir") or timex.interval.granularity == "vague":
        return None
    if sentence is not None and _FRONTED.fullmatch(sentence.text[:max(0, timex.start - sentence.start)]) \
            and "," in sentence.text[max(0, timex.end - sentence.start):max(0, focus - sentence.start)]:
        return None
    n = number_value(m.group("num"))
    if not isinstance(n, int):
        return None
    sign = -1 if m.group("dir").lower() == "after" else 1
    iv = timex.interval
    unit = m.group("unit").lower()
    return Interval(_shift(iv.start, sign * n, unit), _shift(iv.end, sign * n, unit), iv.granularity)


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
        self.derived: dict[tuple, Timex] = {}   # (id(timex), reading) -> the expression read for a signal
        # the day the story is told on: the publication day, or its dateline's day just before it
        self.told = report_day(article.text, article.anchor.day)
        self.day = self.told or article.anchor.day

    def read(self, timex: Timex, signal: Signal, sentence: Sentence, datable: Sequence[Timex]) -> Timex:
        """The expression as it dates this signal: its own interval, or one derived from its wording."""
        shifted = inside_event_relative(timex, signal, sentence)
        if shifted is not None:
            return self._derived(timex, "inside", lambda: replace(
                timex, interval=shifted, explanation=f"{timex.explanation}; the signal is the event it follows, "
                                                     f"so {_span(shifted)}"))
        focus = signal.cue_start if signal.cue_start >= 0 else signal.start
        moved = offset_of(sentence, focus, timex)
        if moved is not None:
            return self._derived(timex, f"offset{moved}", lambda: _offset(timex, *moved))
        text = self.article.text
        if _RANGE_HEAD.search(text, max(0, timex.start - 12), timex.start):
            last = next((t for t in datable if t.start >= timex.end and t.interval is not None
                         and _RANGE_JOIN.fullmatch(text, timex.end, t.start)), None)
            if last is not None and last.interval.end >= timex.interval.start:
                return self._derived(timex, "range", lambda: _range(timex, last, text))
        rolling = _attachment()["rolling"].fullmatch(timex.text)
        if rolling is not None and timex.interval.end.date() < self.day \
                and not _OF_AFTER.match(text, timex.end):
            day = self.day
            return self._derived(timex, "rolling", lambda: _rolling(timex, day, rolling.group("unit").lower()))
        if _SINCE_BEFORE.search(text[max(0, timex.start - 8):timex.start]) and \
                timex.interval.granularity in _SINCE_GRANULARITIES:
            day = self.day
            if timex.interval.start.date() <= day:
                return self._derived(timex, "since", lambda: _since(timex, day))
        return timex

    def _derived(self, timex: Timex, reading: str, make) -> Timex:
        key = (id(timex), reading)
        if key not in self.derived:
            self.derived[key] = make()   # kept here, so the id used as a cache key stays unique
        return self.derived[key]

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
            day = self.day
            self.publication = dict(
                time_expression="", timex_value="", date_basis="publication",
                event_start=day.isoformat(), event_end=day.isoformat(), event_date=day.isoformat(),
                granularity="day", date_explanation=publication_explanation(day), local_date_note="",
            )
            if self.told is not None:
                self.publication["date_explanation"] = (
                    f"no time expression in the statement: dated by the story's dateline, "
                    f"{_WEEKDAYS[day.weekday()]} {day.isoformat()} (the publication stamp, "
                    f"{self.article.anchor.day.isoformat()}, is past the story's own midnight)")
        return self.publication


def _span(iv: Interval) -> str:
    first, last = iv.iso_start(), iv.iso_end()
    return first if first == last else f"{first} to {last}"


def _offset(timex: Timex, n: int, unit: str) -> Timex:
    """'a week after the April 1 strike': the event's date moved by the offset."""
    iv = timex.interval
    moved = Interval(_shift(iv.start, n, unit), _shift(iv.end, n, unit), iv.granularity)
    side = "after" if n > 0 else "before"
    return replace(timex, interval=moved, explanation=f"{timex.explanation}; {abs(n)} {unit}(s) {side} that "
                                                      f"event: {_span(moved)}")


def _rolling(timex: Timex, day: date, unit: str) -> Timex:
    """'in the past week': the span that ends on the publication day."""
    first = day - timedelta(days=7) if unit == "week" else add_months(day, -1)
    iv = Interval(datetime.combine(first, time(0, 0)), datetime.combine(day, time(23, 59)), timex.interval.granularity)
    return replace(timex, interval=iv, explanation=f"{timex.explanation}; '{timex.text}' runs up to the "
                                                   f"publication day: {_span(iv)}")


def _since(timex: Timex, day: date) -> Timex:
    """'since Thursday': from that day's start to the end of the publication day."""
    gran = timex.interval.granularity
    iv = Interval(timex.interval.start, datetime.combine(day, time(23, 59)),
                  "day" if gran in ("hour", "part-of-day") else gran)
    return replace(timex, interval=iv, explanation=f"{timex.explanation}; 'since': it has gone on from then to "
                                                   f"the publication day, {_span(iv)}")


def _range(first: Timex, last: Timex, text: str) -> Timex:
    """'between 6 p.m. on Tuesday and 8 a.m. on Wednesday': one interval over both ends."""
    grans = (first.interval.granularity, last.interval.granularity)
    gran = "hour" if grans == ("hour", "hour") else max(grans, key=_COARSE.index)
    iv = Interval(first.interval.start, last.interval.end, gran)
    whole = text[first.start:last.end]
    return replace(first, text=whole, interval=iv,
                   explanation=f"{first.explanation}; the range up to '{last.text}': {_span(iv)}")


_COARSE = ("hour", "part-of-day", "day", "week", "month", "quarter", "season", "year", "decade", "vague")


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


# `_event_row` writes the values in this order; it must be `EVENT_FIELDS`' (records.py).
_ROW_FIELDS = (
    "event_id", "article_id", "source", "url", "title", "published", "sentence",
    "char_start", "char_end", "time_expression", "timex_value", "date_basis",
    "event_start", "event_end", "event_date", "granularity", "actor", "target",
    "speaker", "signal", "category", "score", "confidence", "cue",
    "cluster_id", "reports", "date_explanation", "modality", "polarity", "local_date_note",
)
assert _ROW_FIELDS == EVENT_FIELDS, "events._event_row is out of step with records.EVENT_FIELDS"


def _event_row(article: Article, sentence: Sentence, signal: Signal, timex: Timex | None,
               dating: _Dating) -> tuple:
    """`store.event_row(_event(...))`, built directly."""
    fields = dating.of(timex)
    identifier = event_id(article.article_id, signal)
    return (identifier, article.article_id, article.source, article.url, article.title, article.published,
            sentence.text, sentence.start, sentence.end, fields["time_expression"], fields["timex_value"],
            fields["date_basis"], fields["event_start"], fields["event_end"], fields["event_date"],
            fields["granularity"], signal.actor, signal.target, signal.speaker, signal.signal, signal.category,
            float(signal.score), float(signal.confidence), signal.cue, identifier, 1,
            fields["date_explanation"], signal.modality, signal.polarity, fields["local_date_note"])
