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
# The extent leaves out the preposition, and the article before "coming"/"recent" ("the [coming weeks]": train
# 0:1, HeidelTime marks "coming weeks" bare) but not before "past few"/"next few" ("the past few weeks", train in).
_VAGUE_SPAN = re.compile(r"(?:(?:in|over|during)\s+)?(?P<the>(?:the\s+)?(?=(?:past|next)\s+few))?(?:the\s+)?"
                         r"(?P<w>recent|coming|past\s+few|next\s+few)\s+"
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
    s0 = m.start("the") if m.group("the") else m.start("w")
    return {"start": t.start + s0, "end": t.end, "text": t.text[s0:], "type": "DURATION",
            "value": duration_value("X", code)}


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
    c1 = m.start("clock") + _clock_end(m.group("clock"))
    return sorted(({"start": t.start + c0, "end": t.start + c1, "text": t.text[c0:c1],
                    "type": "TIME", "value": t.value},
                   {"start": t.start + m.start("day"), "end": t.start + m.end("day"), "text": m.group("day"),
                    "type": "DATE", "value": day.group()}), key=lambda a: a["start"])


# "9 a.m. local time", "10:35 a.m. (0735 GMT) Friday": the clock's extent ends at the clock (HeidelTime's
# convention; train has no "local time" and marks "[10:35 a.m.] (0735 GMT) [Friday]" apart). A zone written
# right after the clock ("5 p.m. EST") stays inside (train 4:0).
_CLOCK_GLOSS = re.compile(r"(?P<clock>.+?)(?:\s+local\s+time)?(?:\s*\([^()]*\))?$", re.I)
_GLOSS_THEN_DAY = re.compile(r"(?P<clock>.+?(?:\s+local\s+time|\s*\([^()]*\)))\s*,?\s+(?:on\s+)?(?P<day>" + _DAY_WORD + r")$", re.I)


def _clock_end(text: str) -> int:
    """End of the clock proper in `text` (before "local time" and a bracketed gloss)."""
    m = _CLOCK_GLOSS.fullmatch(text)
    return m.end("clock") if m else len(text)


def _split_clock_gloss(t: Timex) -> list[dict] | None:
    if t.type != "TIME" or not re.search(r"local\s+time|\(", t.text, re.I):
        return None
    m = _GLOSS_THEN_DAY.fullmatch(t.text)
    head = m.group("clock") if m else t.text
    end = _clock_end(head)
    if end == len(t.text):
        return None
    out = [{"start": t.start, "end": t.start + end, "text": t.text[:end], "type": "TIME", "value": t.value}]
    day = _DATE_PART.match(t.value)
    if m and day:
        out.append({"start": t.start + m.start("day"), "end": t.start + m.end("day"), "text": m.group("day"),
                    "type": "DATE", "value": day.group()})
    return out


# "1990-95", "2001-2004": a span of years is two TIMEX3s, the first year and the second (HeidelTime; train
# has none). The product keeps the span, dated by its first year.
_YEAR_SPAN = re.compile(r"(?P<y1>\d{4})\s*[-–]\s*(?P<y2>\d{4}|\d{2})")


def _split_year_span(t: Timex) -> list[dict] | None:
    m = _YEAR_SPAN.fullmatch(t.text)
    if t.type != "DATE" or m is None or t.value != m.group("y1"):
        return None
    y1, y2 = m.group("y1"), m.group("y2")
    if len(y2) == 2:
        y2 = str(int(y1[:2]) + (y2 < y1[2:])) + y2
    if y2 <= y1:
        return None
    return [{"start": t.start, "end": t.start + 4, "text": y1, "type": "DATE", "value": y1},
            {"start": t.start + m.start("y2"), "end": t.end, "text": m.group("y2"), "type": "DATE", "value": y2}]


# "March 15-16", "Jan. 6-7, 2013": a hyphenated range of days is two DATEs, the first day with its month and
# the second day alone, with the year when one follows (HeidelTime; train has none, and marks "April 24"
# and "25" apart when a word joins them). The product keeps the range, dated by both days.
_DAY_SPAN = re.compile(r"(?P<d1>[A-Za-z]{3,9}\.?\s+(?P<n1>\d{1,2}))\s*[-–]\s*(?P<d2>(?P<n2>\d{1,2})(?:,?\s+\d{4})?)")
_FULL_DAY = re.compile(r"\d{4}-\d\d-\d\d")


def _split_day_span(t: Timex) -> list[dict] | None:
    m = _DAY_SPAN.fullmatch(t.text)
    if t.type != "DATE" or m is None or not _FULL_DAY.fullmatch(t.value) or int(t.value[8:]) != int(m.group("n1")):
        return None
    n2 = int(m.group("n2"))
    if not int(m.group("n1")) < n2 <= 31:
        return None
    return [{"start": t.start, "end": t.start + m.end("d1"), "text": m.group("d1"), "type": "DATE", "value": t.value},
            {"start": t.start + m.start("d2"), "end": t.end, "text": m.group("d2"), "type": "DATE",
             "value": f"{t.value[:8]}{n2:02d}"}]


# "two to six days", "three or four weeks": the first number alone and the second with its unit are two
# DURATIONs (HeidelTime; train 1:1); "a month or two" is "a month" (train 1:0).
_NUMBER_SPAN = re.compile(r"(?P<n1>[\w-]+)\s+(?:to|or|and)\s+(?P<rest>(?P<n2>[\w-]+)\s+(?P<unit>[a-z]+))", re.I)
_OR_TWO = re.compile(r"(?P<d>an?\s+[a-z]+)\s+or\s+(?:two|three)", re.I)


def _split_number_span(t: Timex) -> list[dict] | None:
    if t.type != "DURATION":
        return None
    m = _OR_TWO.fullmatch(t.text)
    if m:
        return [{"start": t.start, "end": t.start + m.end("d"), "text": m.group("d"), "type": "DURATION",
                 "value": t.value}]
    m = _NUMBER_SPAN.fullmatch(t.text)
    if m is None:
        return None
    n1, n2 = number_value(m.group("n1")), number_value(m.group("n2"))
    code = words("units").get(norm_key(m.group("unit")))
    if not isinstance(n1, (int, float)) or not isinstance(n2, (int, float)) or code is None or n2 <= n1:
        return None
    v1, v2 = duration_value(n1, code), duration_value(n2, code)
    if v1 is None or v2 is None:
        return None
    return [{"start": t.start, "end": t.start + m.end("n1"), "text": m.group("n1"), "type": "DURATION", "value": v1},
            {"start": t.start + m.start("rest"), "end": t.end, "text": m.group("rest"), "type": "DURATION",
             "value": v2}]


def views(t: Timex) -> list[dict]:
    """The TIMEX3 annotations of `t`: usually one (`view`), two where the guidelines split the phrase."""
    split = (_split_clock_day(t) or _split_clock_gloss(t) or _split_year_span(t) or _split_day_span(t)
             or _split_number_span(t))
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
