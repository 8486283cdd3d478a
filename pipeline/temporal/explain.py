"""Human sentences saying how an expression was resolved (shown in the dashboard's hover)."""
from __future__ import annotations

from functools import lru_cache

from pipeline.records import Anchor, Interval

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def _day(d) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


@lru_cache(maxsize=4096)
def span_text(iv: Interval) -> str:
    a, b = iv.start, iv.end
    if iv.granularity in ("hour", "part-of-day"):
        if a.date() == b.date():
            return f"{a:%A} {_day(a)}, {a:%H:%M}–{b:%H:%M}"
        return f"{a:%A} {_day(a)} {a:%H:%M} – {b:%A} {_day(b)} {b:%H:%M}"
    if a.date() == b.date():
        return f"{a:%A} {_day(a)}"
    if a.year == b.year and a.month == b.month:
        return f"{a.day}–{b.day} {_MONTHS[a.month - 1]} {a.year}"
    if a.year == b.year:
        return f"{a.day} {_MONTHS[a.month - 1]} – {_day(b)}"
    return f"{_day(a)} – {_day(b)}"


@lru_cache(maxsize=4096)
def day_label(d) -> str:
    """"Sunday 2024-04-14"."""
    return f"{d:%A} {d.isoformat()}"


@lru_cache(maxsize=1024)
def published(anchor: Anchor) -> str:
    return f"{anchor.day:%A} {anchor.day.isoformat()}"


def sentence(text: str, anchor: Anchor, label: str, iv: Interval | None, how: str = "") -> str:
    """"'last week' in an article published Sunday 2024-04-14 → ISO week 14, 1–7 April 2024"."""
    head = f"'{text}' in an article published {published(anchor)}"
    if iv is None:
        body = label
    else:
        body = f"{label}, {span_text(iv)}" if label else span_text(iv)
    out = f"{head} → {body}"
    return f"{out} ({how})" if how else out
