"""Publication dates: parse, validate and keep the time of day and zone when the source gives them.

`parse_published` understands ISO 8601 (with or without time and offset), RFC 822 feed dates,
"14 April 2024" / "April 14, 2024, 9:30 p.m. EDT", unambiguous numeric dates, compact
20240414, and (via dateparser, absolute dates only) other languages. Impossible and
implausible dates raise ValueError with a reason a person can act on. The wall clock is
never read: "yesterday" is not a publication date.
"""
from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time, timezone
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pipeline.datafiles import load_yaml
from pipeline.records import Anchor
from pipeline.readers.settings import DEFAULT_SETTINGS, ReaderSettings

MAX_DATE_CHARS = 200
HINT = "write it as YYYY-MM-DD, with time and offset when known (2024-04-14T09:30+02:00)"


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    return load_yaml(Path(__file__).with_name("dates.yaml"))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    words = vocabulary()
    months = "|".join(sorted(words["months"], key=len, reverse=True))
    weekdays = "|".join(sorted(words["weekdays"], key=len, reverse=True))
    weekday = rf"(?:(?:{weekdays})\.?,?\s+)?"
    return {
        "iso": re.compile(r"(?P<y>\d{4})(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})(?![\d])"),
        "compact": re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:T(?P<H>\d{2})(?P<M>\d{2})(?P<S>\d{2})?)?(?=$|[Zz+-])"),
        "numeric": re.compile(r"(?P<a>\d{1,2})(?P<s>[-/.])(?P<b>\d{1,2})(?P=s)(?P<y>\d{4})(?![\d])"),
        "dmy": re.compile(rf"{weekday}(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{months})\.?,?\s+(?P<y>\d{{4}})(?![\d])", re.I),
        "mdy": re.compile(rf"{weekday}(?P<mon>{months})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})(?![\d])", re.I),
        "partial": re.compile(r"\d{4}(?:[-/.]\d{1,2})?"),
        "tail": re.compile(
            r"(?:\s*(?:T|,|\s)\s*(?:at\s+)?"
            r"(?P<H>\d{1,2})(?:[:.h](?P<M>\d{2}))?(?::(?P<S>\d{2})(?:[.,]\d+)?)?"
            r"\s*(?P<ampm>[ap]\.?\s?m\.?(?![A-Za-z]))?)?"
            r"\s*\(?(?P<tz>Z|(?:UTC|GMT|UT)?\s?[+-]\d{1,2}(?::?\d{2})?|[A-Za-z]{1,5}(?![A-Za-z/]))?\)?"
            r"(?:\s*\[?(?P<zone>[A-Za-z]+(?:/[A-Za-z0-9_+-]+)+)\]?)?\s*",
            re.I),
    }


def _check_year(year: int, settings: ReaderSettings) -> None:
    if not settings.earliest.year <= year <= settings.latest.year:
        raise ValueError(
            f"year {year} is outside the plausible range {settings.earliest.year}-{settings.latest.year} "
            "for a publication date (ReaderSettings.earliest/latest)")


def _make_day(year: int, month: int, day: int, settings: ReaderSettings) -> date:
    _check_year(year, settings)
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} does not exist; {HINT}")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        name = calendar.month_name[month]
        raise ValueError(f"{year:04d}-{month:02d}-{day:02d} does not exist: {name} {year} has {last} days")
    result = date(year, month, day)
    if not settings.earliest <= result <= settings.latest:
        raise ValueError(f"{result} is outside the plausible range {settings.earliest}..{settings.latest} "
                         "for a publication date (ReaderSettings.earliest/latest)")
    if settings.not_after is not None and result > settings.not_after:
        raise ValueError(f"publication date {result} is in the future (after {settings.not_after})")
    return result


def _offset(raw: str) -> str:
    """'+0200', '+02', 'UTC+3', 'GMT', 'EDT' -> '+02:00' style offsets; unknown names raise."""
    text = raw.strip().upper().replace(" ", "")
    zones = {key.upper(): value for key, value in vocabulary()["zones"].items()}
    if text in zones:
        return zones[text]
    match = re.fullmatch(r"(?:UTC|GMT|UT)?([+-])(\d{1,2}):?(\d{2})?", text)
    if not match:
        raise ValueError(f"unknown time zone {raw.strip()!r}; give an offset such as +02:00")
    sign, hours, minutes = match.group(1), int(match.group(2)), int(match.group(3) or 0)
    if hours > 14 or minutes >= 60 or (hours == 14 and minutes):
        raise ValueError(f"UTC offset {raw.strip()!r} does not exist (offsets run from -12:00 to +14:00)")
    return f"{sign}{hours:02d}:{minutes:02d}"


def _clock(hour: str | None, minute: str | None, second: str | None, ampm: str | None) -> time | None:
    if hour is None:
        return None
    h, m, s = int(hour), int(minute or 0), min(int(second or 0), 59)   # leap second 60 -> 59
    if ampm:
        if not 1 <= h <= 12:
            raise ValueError(f"hour {h} does not exist on a 12-hour clock")
        h = h % 12 + (12 if ampm.lower().startswith("p") else 0)
    if h > 23:
        raise ValueError(f"hour {h} does not exist (hours run 00-23)")
    if m > 59:
        raise ValueError(f"minute {m} does not exist")
    return time(h, m, s)


def _tail(rest: str, value: str) -> tuple[time | None, str | None]:
    """Time of day and zone after the date part; anything else left over is an error."""
    if not rest.strip():
        return None, None
    match = _patterns()["tail"].fullmatch(rest)
    if not match:
        raise ValueError(f"{value!r} is not a date I can read; {HINT}")
    if match["H"] is not None and match["M"] is None and match["ampm"] is None:
        raise ValueError(f"{value!r} is not a date I can read; {HINT}")
    clock = _clock(match["H"], match["M"], match["S"], match["ampm"])
    tz = _offset(match["tz"]) if match["tz"] else None
    if match["zone"]:
        try:
            ZoneInfo(match["zone"])
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {match['zone']!r}") from None
        tz = tz or match["zone"]
    return clock, tz


def _numeric_order(a: int, b: int, sep: str, value: str) -> tuple[int, int]:
    """(month, day) of a numeric date: dotted dates are day-first; slashes must be unambiguous."""
    if sep == "." or a > 12:
        return b, a
    if b > 12 or a == b:
        return a, b
    raise ValueError(f"{value!r} is ambiguous (day/month or month/day?); {HINT}")


def anchor_from_epoch(seconds: float) -> Anchor:
    try:
        moment = datetime.fromtimestamp(seconds, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        raise ValueError(f"timestamp {seconds} is outside the calendar") from None
    return Anchor(moment.date(), moment.time().replace(microsecond=0), "+00:00")


def _dateparser(value: str) -> datetime | None:
    try:
        import dateparser
        return dateparser.parse(value, settings={
            "STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"],
            "PARSERS": ["absolute-time"], "RETURN_AS_TIMEZONE_AWARE": False})
    except Exception:   # dateparser raises assorted errors on odd input; treat all as "unreadable"
        return None


def _check(anchor: Anchor, settings: ReaderSettings) -> Anchor:
    _make_day(anchor.day.year, anchor.day.month, anchor.day.day, settings)
    return anchor


def parse_published(value: str, settings: ReaderSettings = DEFAULT_SETTINGS) -> Anchor:
    """A publication date as an Anchor; ValueError with a clear reason when it is impossible."""
    if not isinstance(value, str):
        raise ValueError(f"a publication date must be text, not {type(value).__name__}")
    text = " ".join(value.split())
    if not text:
        raise ValueError("empty publication date")
    if len(text) > MAX_DATE_CHARS:
        raise ValueError(f"publication date is {len(text)} characters long: not a date")
    patterns = _patterns()
    if text.isdigit() and len(text) in (10, 13):
        return _check(anchor_from_epoch(int(text) / (1000 if len(text) == 13 else 1)), settings)
    if match := patterns["compact"].match(text):
        day = _make_day(int(match["y"]), int(match["m"]), int(match["d"]), settings)
        clock = _clock(match["H"], match["M"], match["S"], None)
        _, tz = _tail(text[match.end():], text)
        return Anchor(day, clock, tz if clock else None)
    if match := patterns["iso"].match(text):
        year, month, dom = int(match["y"]), int(match["m"]), int(match["d"])
    elif match := patterns["numeric"].match(text):
        month, dom = _numeric_order(int(match["a"]), int(match["b"]), match["s"], text)
        year = int(match["y"])
    elif (match := patterns["dmy"].match(text)) or (match := patterns["mdy"].match(text)):
        year, month, dom = int(match["y"]), vocabulary()["months"][match["mon"].lower()], int(match["d"])
    else:
        if patterns["partial"].fullmatch(text):
            raise ValueError(f"{text!r} has no day: a publication date needs year, month and day")
        parsed = _dateparser(text) if any(ch.isalpha() for ch in text) else None
        if parsed is None:
            raise ValueError(f"{text!r} is not a date I can read; {HINT}")
        day = _make_day(parsed.year, parsed.month, parsed.day, settings)
        return Anchor(day)
    day = _make_day(year, month, dom, settings)
    clock, tz = _tail(text[match.end():], text)
    return Anchor(day, clock, tz if clock else None)


def anchor_from_value(value: object, settings: ReaderSettings = DEFAULT_SETTINGS) -> Anchor:
    """Like parse_published, also for JSON numbers (Unix seconds or milliseconds) and datetimes."""
    if isinstance(value, Anchor):
        return _check(value, settings)
    if isinstance(value, bool):
        raise ValueError("a publication date cannot be true/false")
    if isinstance(value, (int, float)):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"{value} is not a date")
        return _check(anchor_from_epoch(value / 1000 if abs(value) >= 1e11 else value), settings)
    if isinstance(value, datetime):
        tz = None
        if value.utcoffset() is not None:
            total = int(value.utcoffset().total_seconds()) // 60
            tz = f"{'-' if total < 0 else '+'}{abs(total) // 60:02d}:{abs(total) % 60:02d}"
        return _check(Anchor(value.date(), value.time().replace(microsecond=0, tzinfo=None), tz), settings)
    if isinstance(value, date):
        return _check(Anchor(value), settings)
    if isinstance(value, str):
        return parse_published(value, settings)
    raise ValueError(f"a publication date must be text or a number, not {type(value).__name__}")


def published_text(anchor: Anchor) -> str:
    """The ISO string shown to users: a date, or date-time with offset (zone names become offsets)."""
    if anchor.clock is None or not anchor.tz or anchor.tz[0] in "+-Z":
        return anchor.iso
    try:
        moment = datetime.combine(anchor.day, anchor.clock, ZoneInfo(anchor.tz))
    except (ZoneInfoNotFoundError, ValueError):
        return anchor.iso
    return moment.isoformat(timespec="minutes")
