"""The TimeML (TIMEX3) view of an expression, for the `timex` export and the benchmark.

The product's spans are sometimes deliberately wider than TIMEX3 extents, because events need the
whole phrase: "two days later" and "a day after the strike" are dated against the event they lean
on. The TimeML annotation guidelines mark only the duration there ("two days", DURATION P2D; the
signal "later"/"after" and the event stay outside), and they give a vague span such as "recent
weeks" or "the coming years" as a DURATION (PXW, PXY) rather than a reference to the present.
`view` maps one Timex to that annotation; `tag()` keeps the product's rich expression.
"""
from __future__ import annotations

import re
from functools import lru_cache

from pipeline.records import Timex

from .detect import rules
from .lexicon import norm_key, number_value, words

# "two days later", "a month after Qantas ...", "ten days before the shooting"; "earlier" and "ago"
# stay DATEs in TimeBank ("a year earlier", "two weeks ago" are dates relative to publication)
_RELATIVE_TAIL = re.compile(r"\s+(?:or\s+so\s+)?(?:later|after|before)\b", re.I)
# vague spans told as a stretch of time: "recent weeks", "the coming years", "coming months"
_VAGUE_SPAN = re.compile(r"(?:(?:in|over|during)\s+)?(?:the\s+)?(?P<w>recent|coming|past\s+few|next\s+few)\s+"
                         r"(?P<unit>minutes|hours|days|weeks|months|quarters|years|decades|centuries)$", re.I)


@lru_cache(maxsize=1)
def _duration_rule():
    return next(r for r in rules() if r.name == "duration")


def duration_value(n, code: str, half: bool = False) -> str | None:
    from .resolve import _duration_value  # late import: resolve imports this module's neighbours
    return _duration_value(n, code, half)


def _duration_head(t: Timex) -> dict | None:
    """"two days" out of "two days later" / "nearly two months after his team": the duration alone."""
    m = _duration_rule().regex.match(t.text)
    if m is None or not _RELATIVE_TAIL.match(t.text, m.end()):
        return None
    start = m.end("skip") if m.group("skip") else 0
    while start < m.end() and t.text[start].isspace():
        start += 1
    n = number_value(m.group("num"))
    code = words("units").get(norm_key(m.group("unit")))
    if n is None or code is None:
        return None
    value = duration_value(n, code, bool(m.group("half") or m.group("half2")))
    if value is None:
        return None
    end = m.end()
    return {"start": t.start + start, "end": t.start + end, "text": t.text[start:end], "type": "DURATION",
            "value": value}


# "minutes later", "a few days after": TimeML marks the vague stretch ("Minutes", DURATION PTXM)
_VAGUE_LATER = re.compile(r"(?P<d>(?:(?:a\s+few|several|some|many)\s+)?(?P<unit>minutes|hours|days|weeks|months|years|decades))"
                          r"\s+(?:later|after|before)$", re.I)


def _vague_later(t: Timex) -> dict | None:
    m = _VAGUE_LATER.fullmatch(t.text)
    if m is None or t.value not in ("PAST_REF", "FUTURE_REF"):
        return None
    code = words("units")[norm_key(m.group("unit"))]
    return {"start": t.start, "end": t.start + m.end("d"), "text": m.group("d"), "type": "DURATION",
            "value": duration_value("X", code)}


def _vague_span(t: Timex) -> dict | None:
    if t.value not in ("PAST_REF", "FUTURE_REF"):
        return None
    m = _VAGUE_SPAN.fullmatch(t.text)
    if m is None:
        return None
    code = words("units")[norm_key(m.group("unit"))]
    return {"start": t.start, "end": t.end, "text": t.text, "type": "DURATION", "value": duration_value("X", code)}


# Extent conventions (rules/conventions.yaml): words the product keeps but a TIMEX3 extent leaves out.
# "a day-long meeting", "the 8-month-old truce": the determiner belongs to the noun the duration modifies
_ATTRIBUTIVE_DET = re.compile(r"(?:a|an|the)\s+(?!half-)(?=\S+-(?:long|old)$|(?:\S+-)+(?:minute|hour|day|week|month|year|decade)$)",
                              re.I)
# "right now": the intensifier is not part of the temporal phrase
_INTENSIFIER = re.compile(r"(?:right|just)\s+(?=now$)", re.I)
# "shortly before 3 a.m.": "before"/"after" is a signal, outside the TIMEX3 with its intensifier
_SIGNAL_BEFORE_CLOCK = re.compile(r"(?:shortly|just|right|soon|immediately)\s+(?:before|after)\s+(?=\S)", re.I)


def _trimmed(t: Timex) -> dict | None:
    rx = (_ATTRIBUTIVE_DET if t.type == "DURATION" else _INTENSIFIER if t.value == "PRESENT_REF"
          else _SIGNAL_BEFORE_CLOCK if t.type == "TIME" else None)
    m = rx.match(t.text) if rx else None
    if m is None:
        return None
    return {"start": t.start + m.end(), "end": t.end, "text": t.text[m.end():], "type": t.type, "value": t.value}


# "the recent strikes": the product dates the recap to a vague past window; TIMEX3 leaves it out
_NOT_TIMEX3 = re.compile(r"recent", re.I)


# "6 a.m. on Monday", "noon at Tuesday", "Saturday at 8 p.m.": a clock and a day joined by a preposition
# are two TIMEX3s (an extent holds no preposition; the clock keeps the full date-time value, the day is a
# DATE). "6 a.m. Monday", "noon Thursday" (no preposition) stay one TIME, as TimeBank and AQUAINT mark them.
_DAY_WORD = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|today|yesterday|tomorrow|[A-Z][a-z]{2,8}\.?\s+\d{1,2})"
_CLOCK_ON_DAY = re.compile(r"(?P<clock>[^()]+?)(?:\s*,)?\s+(?:on|at)\s+(?P<day>" + _DAY_WORD + r")", re.I)
_DAY_AT_CLOCK = re.compile(r"(?P<day>" + _DAY_WORD + r")\s+at\s+(?P<clock>[^()]+)", re.I)
_DATE_PART = re.compile(r"(?:\d{4}|XXXX)-(?:\d\d|XX)-(?:\d\d|XX)")


def _split_clock_day(t: Timex) -> list[dict] | None:
    if t.type != "TIME":
        return None
    m = _CLOCK_ON_DAY.fullmatch(t.text) or _DAY_AT_CLOCK.fullmatch(t.text)
    day = _DATE_PART.match(t.value)
    if m is None or day is None:
        return None
    cut = _SIGNAL_BEFORE_CLOCK.match(m.group("clock"))
    c0 = m.start("clock") + (cut.end() if cut else 0)
    return sorted(({"start": t.start + c0, "end": t.start + m.end("clock"), "text": t.text[c0:m.end("clock")],
                    "type": "TIME", "value": t.value},
                   {"start": t.start + m.start("day"), "end": t.start + m.end("day"), "text": m.group("day"),
                    "type": "DATE", "value": day.group()}), key=lambda a: a["start"])


def views(t: Timex) -> list[dict]:
    """The TIMEX3 annotations of `t`: usually one (`view`), two where the guidelines split the phrase."""
    split = _split_clock_day(t)
    if split is not None:
        return split
    one = view(t)
    return [] if one is None else [one]


def view(t: Timex) -> dict | None:
    """The TIMEX3 annotation of `t`: {"start","end","text","type","value"}; None where the
    guidelines mark nothing although the product dates by it."""
    if _NOT_TIMEX3.fullmatch(t.text):
        return None
    if t.type in ("DATE", "TIME"):
        out = _duration_head(t) or _vague_span(t) or _vague_later(t)
        if out is not None:
            return out
    return _trimmed(t) or {"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value}
