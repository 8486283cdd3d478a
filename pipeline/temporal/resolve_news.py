"""Resolvers for the common news forms added in round two (rules.yaml names them by `norm`).

"the week of March 16", the second day of "March 15-16", "on the 13th", "at dawn Saturday",
"weekends", named dates such as "9/11", day-first numeric dates. They reuse the helpers of
resolve.py and are registered in its RESOLVERS table when resolve.py finishes loading.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from . import dates as D
from . import explain
from .detect import Mention
from .lexicon import month_number, norm_key, number_value, weekday_number, words
from .resolve import (NEAREST_DAYS, Doc, Timex, _clock_day, _direction, _how, _mod, _pick, _quarter_year,
                      _weekday_days, build, day_first, r_ymd)

# the first day of a range just before the second one: "March 15-", "Aug. 3 to ", "April 24 and "
_RANGE_HEAD = re.compile(r"(?P<month>[A-Z][a-z]{2,8}\.?)\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\s*"
                         r"(?:[-–]|to|through|thru|until|till|and|or|&)\s*$")


def r_week_of(m: Mention, doc: Doc) -> Timex | None:
    """'the week of March 16': the ISO week holding that day (the day is resolved as a date first)."""
    day = r_ymd(m, doc)
    if day is None or day.interval is None:
        return None
    d = day.interval.start.date()
    return build(m, doc, D.v_week(d), D.iv_week(d), basis=day.basis,
                 label=f"the week of {d.isoformat()}")


def r_range_day(m: Mention, doc: Doc) -> Timex | None:
    """'16' in 'March 15-16' or '17' in 'March 15 to 17': the month (and year) of the range's first day."""
    head = _RANGE_HEAD.search(doc.text, max(0, m.start - 24), m.start)
    if head is None:
        return None
    mo = month_number(head.group("month"))
    d1, d2 = int(head.group("day")), int(re.match(r"\d+", m.g("day")).group())
    if not mo or d2 <= d1:
        return None
    first = next((t for t in reversed(doc.found) if t.end <= m.start and t.start >= head.start()
                  and re.fullmatch(r"\d{4}-\d\d-\d\d", t.value)), None)
    if first is not None:
        y = int(first.value[:4])
    elif m.g("year"):
        y = int(m.g("year"))
    else:
        return None
    d = D.safe_date(y, mo, d2)
    if d is None:
        return None
    return build(m, doc, D.v_day(d), D.iv_day(d), basis="explicit" if m.g("year") else "relative",
                 label=f"the last day of a range, {d.isoformat()}")


def r_day_of_month(m: Mention, doc: Doc) -> Timex | None:
    """'on the 13th': that day of the publication month, or of the month before or after (tense)."""
    dd = int(re.match(r"\d+", m.g("day")).group())
    a = doc.anchor.day
    months = [D.add_months(a.replace(day=1), k) for k in (-1, 0, 1)]
    cands = [c for c in (D.safe_date(x.year, x.month, dd) for x in months) if c]
    if not cands:
        return None
    direction = _direction(m, doc)
    d = _pick(cands, a, direction)
    if d is None or abs((d - a).days) > NEAREST_DAYS:
        return None
    return build(m, doc, D.v_day(d), D.iv_day(d), label=f"{d:%B %d, %Y}", how=_how(direction))


def r_pod_day(m: Mention, doc: Doc) -> Timex | None:
    """'at dawn Saturday', 'around dusk': a part of day on the day named, or the narrative's day."""
    code = words("parts_of_day")[norm_key(m.g("pod"))]
    d = _clock_day(m, doc)
    if code == "NI" and d == doc.anchor.day and not m.g("dayword") and doc.tense(m) == "past":
        d -= timedelta(days=1)  # "worked through the night" told as past on the day: last night (as "overnight")
    iv = D.iv_pod(d, code)
    return build(m, doc, f"{D.v_day(d)}T{code}", iv, type_="TIME", label=explain.day_label(d))


def r_overnight_into(m: Mention, doc: Doc) -> Timex | None:
    """'overnight into Thursday': the night before the day named, 20:00 to 05:59 (TIMEX3 the eve's TNI)."""
    wd = weekday_number(m.g("weekday"))
    a = doc.anchor.day
    d = _pick(_weekday_days(a, wd, 14), a, _direction(m, doc) or "past")
    if d is None:
        return None
    eve = d - timedelta(days=1)
    return build(m, doc, f"{D.v_day(eve)}TNI", D.iv_overnight(d), type_="TIME",
                 label=f"the night of {eve:%A} to {d:%A}")


def r_set_value(m: Mention, doc: Doc) -> Timex | None:
    """A recurrence with a fixed TIMEX3 value (params.value): 'weekends' XXXX-WXX-WE."""
    return build(m, doc, m.rule.params["value"], None, label="a recurring time, not a date")


def r_named_date(m: Mention, doc: Doc) -> Timex | None:
    """A day known by its date ('9/11', 'the Sept. 11 attacks'): that day, once it has happened."""
    d = date.fromisoformat(m.rule.params["date"])
    if doc.anchor.day < d:
        return None
    return build(m, doc, D.v_day(d), D.iv_day(d), basis="explicit", label=f"the day known as {m.text}")


def r_numeric_date(m: Mention, doc: Doc) -> Timex | None:
    """'13/04/2024' (day first: 13 is no month), '04/13/2024' (month first), '05.04.2024' (day first);
    '04/05/2024' is month first unless the anchor's zone names a day-first region."""
    a, b = int(m.g("a")), int(m.g("b"))
    y = int(m.g("year"))
    if len(m.g("year")) == 2:
        y += 2000 if y <= (doc.anchor.day.year % 100) + 1 else 1900
    if m.g("dot") or a > 12 or (b <= 12 and day_first(doc)):
        dd, mo = a, b
    else:
        mo, dd = a, b
    d = D.safe_date(y, mo, dd) if 1 <= mo <= 12 else None
    if d is None:
        return None
    return build(m, doc, D.v_day(d), D.iv_day(d), basis="explicit", label="the date as written")


def _labelled_year(m: Mention, doc: Doc) -> int | None:
    """The four-digit year of "H1 2024" / "FY2024", or the two-digit one of "H2'24" / "FY25"."""
    if m.g("year"):
        return int(m.g("year"))
    if not m.g("yy"):
        return None
    yy = int(m.g("yy"))
    century = doc.anchor.day.year // 100 * 100
    y = century + yy
    return y - 100 if y > doc.anchor.day.year + 20 else y


def r_half_code(m: Mention, doc: Doc) -> Timex | None:
    """'H1 2024' 2024-H1: a half year in business shorthand; a bare 'H1' is the latest such half (as 'Q2')."""
    h = int(m.g("h"))
    y, basis = (_labelled_year(m, doc), "explicit") if m.g("year") or m.g("yy") else _quarter_year(m, doc, h, "half")
    if y is None or not (D.MIN_YEAR <= y <= D.MAX_YEAR):
        return None
    return build(m, doc, f"{y:04d}-H{h}", D.iv_half(y, h), basis=basis, label=f"half {h} of {y}")


def r_fiscal_code(m: Mention, doc: Doc) -> Timex | None:
    """'FY2024', 'FY24': the fiscal year by its label (its months differ by company: the calendar year)."""
    y = _labelled_year(m, doc)
    if y is None or not (D.MIN_YEAR <= y <= D.MAX_YEAR):
        return None
    return build(m, doc, f"{y:04d}", D.iv_year(y), basis="explicit", label=f"fiscal year {y}")


_SUM_ORDER = ("Y", "M", "W", "D", "H", "MIN", "S")


def r_duration_sum(m: Mention, doc: Doc) -> Timex | None:
    """'two years and three months' P2Y3M, 'three hours and 20 minutes' PT3H20M: one span told in two units."""
    units = words("units")
    parts = [(number_value(m.g("num")), units.get(norm_key(m.g("unit")))),
             (number_value(m.g("num2")), units.get(norm_key(m.g("unit2"))))]
    if any(n is None or isinstance(n, float) or c not in _SUM_ORDER for n, c in parts):
        return None
    (n1, c1), (n2, c2) = parts
    if _SUM_ORDER.index(c1) >= _SUM_ORDER.index(c2):
        return None  # "three months and two years" is no single span
    if c1 == "W" and c2 == "D":
        (n1, c1), (n2, c2) = (7 * n1 + n2, "D"), (0, "")
    date_part = "".join(f"{n}{c}" for n, c in ((n1, c1), (n2, c2)) if n and c in ("Y", "M", "W", "D"))
    time_part = "".join(f"{n}{'M' if c == 'MIN' else c}" for n, c in ((n1, c1), (n2, c2)) if n and c in ("H", "MIN", "S"))
    value = "P" + date_part + ("T" + time_part if time_part else "")
    return build(m, doc, value, None, mod=_mod(m.g("mod")), label=f"a duration of {m.text}, not a date")


def register(resolvers: dict, second_pass: set) -> None:
    for name, fn in list(globals().items()):
        if name.startswith("r_") and callable(fn) and fn.__module__ == __name__:
            resolvers[name[2:]] = fn
    second_pass.add("range_day")
