"""The day a wire story was told on, from its dateline ("WASHINGTON, March 4 (Reuters) -").

A publication timestamp in UTC can fall on the day after the story's own: a US evening story stamped
01:30 UTC. When the dateline names the day just before the publication day, the story's "today",
"on Monday" and its undated statements are read against the dateline's day. The dateline's shape is
in rules/attachment.yaml (`dateline_before`, `dateline_after`).
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from ..datafiles import load_yaml
from . import dates as D
from .lexicon import RULES_DIR, month_number

_DATE = re.compile(r"(?P<month>[A-Z][a-z]{2,8})\.?\s+(?P<day>\d{1,2})(?!\d)(?:,\s*(?P<year>\d{4}))?")


@lru_cache(maxsize=1)
def _shape() -> tuple[re.Pattern, re.Pattern]:
    raw = load_yaml(RULES_DIR / "attachment.yaml")
    return re.compile(raw["dateline_before"]), re.compile(raw["dateline_after"])


def dateline_day(text: str, published: date) -> date | None:
    """The date of the story's dateline, when it has one (the nearest such day to `published`)."""
    head = text[:400].lstrip()[:160]
    line = head.split("\n", 1)[0]
    before, after = _shape()
    for m in _DATE.finditer(line):
        if not before.match(line[:m.start()]):
            return None     # the dateline's date comes before any other date of the line
        if not after.match(line[m.end("day"):m.end("day") + 80]):
            return None
        mo = month_number(m.group("month"))
        if not mo:
            return None
        if m.group("year"):
            return D.safe_date(int(m.group("year")), mo, int(m.group("day")))
        days = [d for d in (D.safe_date(y, mo, int(m.group("day"))) for y in
                            (published.year - 1, published.year, published.year + 1)) if d]
        return min(days, key=lambda d: abs((d - published).days), default=None)
    return None


def report_day(text: str, published: date) -> date | None:
    """The dateline's day when it is the day before the publication day (else None: publication holds)."""
    day = dateline_day(text, published)
    return day if day is not None and day == published - timedelta(days=1) else None
