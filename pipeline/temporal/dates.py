"""Calendar arithmetic: TIMEX3 value strings and intervals for days, weeks, months, quarters ..."""
from __future__ import annotations

import calendar as _cal
import warnings
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from pipeline.records import Interval, days_interval

from .lexicon import words

MIN_YEAR, MAX_YEAR = 1, 9998


def safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d) if MIN_YEAR <= y <= MAX_YEAR else None
    except ValueError:
        return None


def add_months(d: date, n: int) -> date:
    k = d.year * 12 + d.month - 1 + n
    y, m = divmod(k, 12)
    return date(y, m + 1, min(d.day, _cal.monthrange(y, m + 1)[1]))


@lru_cache(maxsize=4096)
def month_last(y: int, m: int) -> date:
    return date(y, m, _cal.monthrange(y, m)[1])


# ------------------------------------------------------------------ values
# Values and intervals are cached (`lru_cache`): an article names the same few days many times, and
# an Interval is immutable, so one object can serve them all.
@lru_cache(maxsize=4096)
def v_day(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


@lru_cache(maxsize=4096)
def v_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


@lru_cache(maxsize=4096)
def v_month(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


# ------------------------------------------------------------------ intervals
@lru_cache(maxsize=4096)
def iv_day(d: date) -> Interval:
    return days_interval(d, d, "day")


@lru_cache(maxsize=4096)
def iv_week(d: date) -> Interval:
    monday = d - timedelta(days=d.weekday())
    return days_interval(monday, monday + timedelta(days=6), "week")


@lru_cache(maxsize=4096)
def iv_weekend(d: date) -> Interval:
    saturday = d - timedelta(days=d.weekday()) + timedelta(days=5)
    return days_interval(saturday, saturday + timedelta(days=1), "week")


@lru_cache(maxsize=4096)
def iv_month(y: int, m: int) -> Interval:
    return days_interval(date(y, m, 1), month_last(y, m), "month")


@lru_cache(maxsize=4096)
def iv_quarter(y: int, q: int) -> Interval:
    return days_interval(date(y, 3 * q - 2, 1), month_last(y, 3 * q), "quarter")


@lru_cache(maxsize=4096)
def iv_half(y: int, h: int) -> Interval:
    return days_interval(date(y, 6 * h - 5, 1), month_last(y, 6 * h), "quarter")


@lru_cache(maxsize=4096)
def iv_year(y: int) -> Interval:
    return days_interval(date(y, 1, 1), date(y, 12, 31), "year")


@lru_cache(maxsize=4096)
def iv_season(y: int, code: str) -> Interval:
    first, last = words("season_months")[code.lower()]
    end_year = y + 1 if last < first else y
    return days_interval(date(y, first, 1), month_last(end_year, last), "season")


@lru_cache(maxsize=4096)
def iv_decade(y0: int) -> Interval:
    return days_interval(date(max(y0, 1), 1, 1), date(min(y0 + 9, MAX_YEAR), 12, 31), "decade")


@lru_cache(maxsize=4096)
def iv_century(c0: int) -> Interval:
    return days_interval(date(max(c0, 1), 1, 1), date(min(c0 + 99, MAX_YEAR), 12, 31), "decade")


def _clock(text: str) -> time:
    h, m = text.split(":")
    return time(int(h), int(m))


@lru_cache(maxsize=4096)
def iv_pod(d: date, code: str) -> Interval:
    a, b = words("pod_windows")[code.lower()]
    return Interval(datetime.combine(d, _clock(a)), datetime.combine(d, _clock(b)), "part-of-day")


@lru_cache(maxsize=4096)
def iv_overnight(d: date) -> Interval:
    """The night before day `d`: 20:00 the evening before to 05:59 on `d`."""
    return Interval(datetime.combine(d - timedelta(days=1), time(20)), datetime.combine(d, time(5, 59)),
                    "part-of-day")


@lru_cache(maxsize=4096)
def iv_hour(moment: datetime) -> Interval:
    return Interval(moment, moment + timedelta(minutes=59), "hour")


@lru_cache(maxsize=4096)
def narrow(iv: Interval, mod: str) -> Interval:
    """early / mid / late: the first, middle or last third of the interval, in whole calendar units:
    a month's days 1-10, 11-20, 21-end; a year's January-April, May-August, September-December;
    other spans of days cut into thirds of whole days; clock spans into exact thirds."""
    if mod not in ("START", "MID", "END"):
        return iv
    k = {"START": 0, "MID": 1, "END": 2}[mod]
    if iv.granularity in ("hour", "part-of-day"):
        third = (iv.end - iv.start) / 3
        return Interval(iv.start + third * k, iv.start + third * (k + 1) if k < 2 else iv.end, iv.granularity)
    first, last = iv.start.date(), iv.end.date()
    if iv.granularity == "month" and first.day == 1 and last == month_last(first.year, first.month):
        a, b = (first.replace(day=1 + 10 * k), last if k == 2 else first.replace(day=10 + 10 * k))
    elif iv.granularity == "year" and (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
        a, b = date(first.year, 1 + 4 * k, 1), month_last(first.year, 4 + 4 * k)
    elif iv.granularity == "decade" and first.year % 10 == 0 and last.year == first.year + 9:
        # the early 1990s: 1990-1993; the mid-1990s: 1994-1996; the late 1990s: 1997-1999
        a, b = date(first.year + (0, 4, 7)[k], 1, 1), date(first.year + (3, 6, 9)[k], 12, 31)
    else:
        n = (last - first).days + 1
        a = first + timedelta(days=n * k // 3)
        b = max(a, first + timedelta(days=n * (k + 1) // 3 - 1)) if k < 2 else last
    return days_interval(a, b, iv.granularity)


# ------------------------------------------------------------------ holidays
def easter(y: int) -> date:
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return date(y, month, day)


def nth_weekday(y: int, month: int, weekday: int, n: int) -> date:
    """n-th (1-based; -1 = last) ISO weekday (1=Monday) of a month."""
    if n > 0:
        first = date(y, month, 1)
        return first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (n - 1))
    last = month_last(y, month)
    return last - timedelta(days=(last.isoweekday() - weekday) % 7)


def orthodox_easter(y: int) -> date:
    """Easter of the Julian calendar (Meeus), as a Gregorian date (13 days later in 1900-2099)."""
    a, b, c = y % 4, y % 7, y % 19
    d = (19 * c + 15) % 30
    e = (2 * a + 4 * b - d + 34) % 7
    month, day = divmod(d + e + 114, 31)
    return date(y, month, day + 1) + timedelta(days=13 if 1900 <= y <= 2099 else (y // 100 - y // 400 - 2))


# Gregorian years, inclusive, that each calendar library covers whole (hijridate's Umm al-Qura table runs
# from 1 Aug 1924 to 16 Nov 2077; lunardate's lunar years 1900-2099; convertdate's astronomical Persian
# calendar stops where PyMeeus's clock corrections do, in 3000). Outside them a holiday dates nothing.
CALENDAR_YEARS = {"hijri": (1925, 2076), "persian": (1583, 2998), "hebrew": (1583, MAX_YEAR),
                  "chinese": (1901, 2099)}


def _calendar_years(calendar: str, y: int) -> range:
    """The years of `calendar` that overlap Gregorian year y."""
    if calendar == "hijri":  # 33 lunar years to 32 solar ones, counted from 622
        guess = (y - 622) * 33 // 32
        return range(guess - 1, guess + 3)
    if calendar == "persian":  # 1 Farvardin 1404 was 21 March 2025
        return range(y - 622, y - 620)
    if calendar == "hebrew":  # 1 Tishrei 5787 was 12 September 2026
        return range(y + 3760, y + 3762)
    return range(y - 1, y + 1)  # chinese: the lunar year begins in late January or February


@lru_cache(maxsize=4096)
def calendar_to_gregorian(calendar: str, year: int, month: int, day: int) -> date | None:
    """The Gregorian day of a day of another calendar (libraries imported on first use), or None
    when the library does not know it."""
    try:
        if calendar == "hijri":
            from hijridate import Hijri
            g = Hijri(year, month, day).to_gregorian()
        elif calendar == "persian":
            from convertdate import persian
            g = date(*persian.to_gregorian(year, month, day))
        elif calendar == "hebrew":
            from convertdate import hebrew
            with warnings.catch_warnings():  # convertdate 2.5 calls its own deprecated month_days
                warnings.simplefilter("ignore", DeprecationWarning)
                g = date(*hebrew.to_gregorian(year, month, day))
        elif calendar == "chinese":
            from lunardate import LunarDate
            g = LunarDate(year, month, day).to_solar_date()
        else:
            return None
    except (ValueError, OverflowError, IndexError, KeyError):
        return None
    return date(g.year, g.month, g.day)


def _calendar_days(name: str, rule: dict, y: int) -> tuple[date, ...]:
    calendar = rule["calendar"]
    first, last = CALENDAR_YEARS.get(calendar, (1, 0))
    if not first <= y <= last:
        return ()
    days = [calendar_to_gregorian(calendar, cy, rule["month"], rule["day"]) for cy in _calendar_years(calendar, y)]
    days = [d for d in days if d is not None and d.year == y]
    announced = words("holiday_announced").get(name, {}).get(y)
    if announced:
        told = date(y, announced[0], announced[1])
        days = [told if abs((d - told).days) <= 2 else d for d in days]
    return tuple(sorted(set(days)))


_COMPUTED = {
    "orthodox_easter": orthodox_easter,
    "easter": easter,
    "good_friday": lambda y: easter(y) - timedelta(days=2),
    "thanksgiving": lambda y: nth_weekday(y, 11, 4, 4),
    "black_friday": lambda y: nth_weekday(y, 11, 4, 4) + timedelta(days=1),    # US shopping days after it
    "cyber_monday": lambda y: nth_weekday(y, 11, 4, 4) + timedelta(days=4),
    "labor_day": lambda y: nth_weekday(y, 9, 1, 1),
    "memorial_day": lambda y: nth_weekday(y, 5, 1, -1),
    "palm_sunday": lambda y: easter(y) - timedelta(days=7),
    "ash_wednesday": lambda y: easter(y) - timedelta(days=46),
    "mothers_day": lambda y: nth_weekday(y, 5, 7, 2),            # US: second Sunday of May
    "fathers_day": lambda y: nth_weekday(y, 6, 7, 3),
    "presidents_day": lambda y: nth_weekday(y, 2, 1, 3),
    "mlk_day": lambda y: nth_weekday(y, 1, 1, 3),
    "columbus_day": lambda y: nth_weekday(y, 10, 1, 2),
    # US federal elections: the Tuesday after the first Monday of November (even years)
    "election_day": lambda y: nth_weekday(y, 11, 1, 1) + timedelta(days=1),
    # US presidential inauguration: January 20 of the year after a leap year
    "inauguration_day": lambda y: date(y, 1, 20) if y % 4 == 1 else None,
}


@lru_cache(maxsize=4096)
def _named_holiday_days(name: str, y: int) -> tuple[date, ...]:
    rule = words("holiday_calendars").get(name)
    if rule is not None:
        return _calendar_days(name, rule, y)
    if name not in _COMPUTED or not (1583 <= y <= MAX_YEAR):
        return ()
    d = _COMPUTED[name](y)
    return (d,) if d is not None else ()


def holiday_days(spec, y: int) -> tuple[date, ...]:
    """Every day in year y of the holiday `spec` (a fixed [month, day] or a rule name), in order: a
    lunar holiday falls twice in some years (Eid al-Fitr on 8 Jan and 27 Dec 2000), none in a year its
    calendar library does not cover."""
    if isinstance(spec, list):
        d = safe_date(y, spec[0], spec[1])
        return (d,) if d is not None else ()
    return _named_holiday_days(spec, y)


def holiday_date(spec, y: int) -> date | None:
    """The holiday's first day in year y, or None."""
    days = holiday_days(spec, y)
    return days[0] if days else None


def holiday_after(spec, d: date) -> date | None:
    """The first day of the holiday after day d (the end of Ramadan: the next Eid al-Fitr)."""
    later = [x for y in (d.year, d.year + 1) if y <= MAX_YEAR for x in holiday_days(spec, y) if x > d]
    return later[0] if later else None
