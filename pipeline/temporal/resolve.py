"""Phase two: anchor each Mention against the publication date and the article's own dates.

One resolver per `norm` of rules.yaml. A resolver returns a Timex or None (None drops the mention,
e.g. "Feb. 30" or "May" with no cue that it is the month).
"""
from __future__ import annotations

import bisect

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from functools import cached_property, lru_cache

from pipeline.records import Anchor, Interval, Timex, days_interval

from . import dates as D
from . import explain
from .detect import Mention, lowered
from .lexicon import month_number, norm_key, number_value, weekday_number, words
from .tense import sentence_bounds, tense as tense_of

PAST_DIRS = {"last", "past", "this past", "the past", "the last", "previous", "the previous", "the preceding",
             "the prior", "prior", "since", "earlier"}
FUTURE_DIRS = {"next", "coming", "this coming", "the coming", "the next", "the following", "following",
               "until", "till", "by"}
DEADLINE_WINDOW = 30  # characters around "by/until X" in which a past-tense verb makes the deadline a past one
NEAREST_DAYS = 150  # a day-month date this close to publication is taken as the nearest one, whatever the tense
HOLIDAY_NEAR_DAYS = 90  # likewise a holiday this close (farther ones follow the tense)
MOD_WORDS = {"early": "START", "late": "END", "mid": "MID", "mid-": "MID", "middle": "MID",
             "the end of": "END", "end of": "END", "by the end of": "END", "the beginning of": "START",
             "the start of": "START", "the middle of": "MID", "earlier": "", "later": "",
             "first half of the": "START", "last half of the": "END"}


@dataclass
class Doc:
    text: str
    anchor: Anchor
    starts: list[int]
    found: list[Timex] = field(default_factory=list)
    last_quarter: tuple[int, int] | None = None

    def sentence(self, pos: int) -> tuple[int, int]:
        return sentence_bounds(self.starts, len(self.text), pos)

    @cached_property
    def low(self) -> str | None:
        """The text lower-cased for the tense cues (`detect.lowered`)."""
        return lowered(self.text)

    def tense(self, m: Mention, window: int | None = None) -> str | None:
        s0, s1 = self.sentence(m.start)
        if window is not None:
            s0, s1 = max(s0, m.start - window), min(s1, m.end + window)
        return tense_of(self.text, m.start, m.end, (s0, s1), self.low)

    def skip(self, m: Mention) -> str:
        return norm_key(m.g("skip"))


def _mod(word: str) -> str:
    key = norm_key(word)
    if key in MOD_WORDS:
        return MOD_WORDS[key]
    return words("mods").get(key, "")


def build(m: Mention, doc: Doc, value: str, iv: Interval | None, *, type_: str | None = None,
          basis: str = "relative", mod: str = "", label: str = "", how: str = "", tz: str = "",
          note: str = "", narrowed: bool = False) -> Timex:
    """The Timex of `m`; `iv` is cut to its early / mid / late third by `mod` unless already `narrowed`."""
    if iv is not None and mod in ("START", "MID", "END") and not narrowed:
        iv = D.narrow(iv, mod)
    expl = explain.sentence(m.text, doc.anchor, label, iv, how)
    return Timex(m.start, m.end, m.text, type_ or m.rule.type, value, iv, basis, mod, expl, tz, note)


def _direction(m: Mention, doc: Doc, rel: str = "", window: int | None = None) -> str | None:
    rel = norm_key(rel) or doc.skip(m)
    if rel in ("last", "past", "this past", "the past"):
        return "strict_past"
    if rel in ("next", "coming", "this coming"):
        return "strict_future"
    if rel in ("since", "earlier"):
        return "past"
    if rel in ("until", "till", "by", "before"):
        # a deadline is ahead unless the sentence tells of it as past: "had filed reports by Wednesday"
        return "past" if _deadline_tense(m, doc) == "past" else "future"
    return doc.tense(m, window)


def _deadline_tense(m: Mention, doc: Doc) -> str | None:
    """Tense near "by/until X", the preposition itself not counted as a cue ("until" is a future cue)."""
    before = re.search(r"(?:until|till|by|before)\s+$", doc.text[max(0, m.start - 12):m.start], re.I)
    start = m.start - (len(before.group()) if before else 0)
    s0, s1 = doc.sentence(m.start)
    return tense_of(doc.text, start, m.end, (max(s0, start - DEADLINE_WINDOW), min(s1, m.end + DEADLINE_WINDOW)),
                    doc.low)


def _pick(cands: list[date], anchor: date, direction: str | None) -> date | None:
    if not cands:
        return None
    if direction == "past":
        ok = [c for c in cands if c <= anchor]
        return max(ok) if ok else min(cands)
    if direction == "strict_past":
        ok = [c for c in cands if c < anchor]
        return max(ok) if ok else min(cands)
    if direction == "future":
        ok = [c for c in cands if c >= anchor]
        return min(ok) if ok else max(cands)
    if direction == "strict_future":
        ok = [c for c in cands if c > anchor]
        return min(ok) if ok else max(cands)
    return min(cands, key=lambda c: (abs((c - anchor).days), c > anchor))


def _how(direction: str | None) -> str:
    return {"past": "past tense: the latest such day", "strict_past": "'last': the one before",
            "future": "future cue: the next such day", "strict_future": "'next': the one after",
            None: "no tense cue: the nearest"}.get(direction, "")


# ------------------------------------------------------------------ calendar dates
def _year2(text: str, anchor: date) -> int:
    y = int(text)
    if len(text) == 2:
        century = anchor.year // 100 * 100
        y = century + y if century + y <= anchor.year + 10 else century - 100 + y
    return y


def _add_clock(m: Mention, doc: Doc, day: date, iv: Interval, value: str, basis: str, label: str):
    if m.g("h24"):
        moment = datetime.combine(day, time(int(m.g("h24")), int(m.g("m24"))))
        return build(m, doc, f"{value}T{moment:%H:%M}", D.iv_hour(moment), type_="TIME", basis=basis)
    return None


# the year after a range's second day: "March 15 to 17, 2024" dates "March 15" too
_RANGE_YEAR = re.compile(r"\s*(?:to|through|thru|and|until|till)\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(1[6-9]\d\d|20\d\d)\b", re.I)


def _days(d: date, m: Mention) -> Interval | None:
    """The day `d`, or d to the range's last day for "March 15-16" (None when that day is not after d)."""
    if not m.g("day2"):
        return D.iv_day(d)
    last = D.safe_date(d.year, d.month, int(re.match(r"\d+", m.g("day2")).group()))
    return days_interval(d, last, "day") if last is not None and last > d else None


def r_ymd(m: Mention, doc: Doc) -> Timex | None:
    mo = month_number(m.g("month"))
    dd = int(re.match(r"\d+", m.g("day")).group())
    a = doc.anchor.day
    wd = weekday_number(m.g("weekday")) if m.g("weekday") else None
    mod = _mod(m.g("mod"))
    if not mo:
        return None
    if m.rule.name == "us_numeric_date" and dd <= 12 and day_first(doc):
        mo, dd = dd, mo  # "04/05/2024" read day first where the anchor's zone writes it so
    year = m.g("year")
    if not year and m.rule.norm == "ymd":
        ahead = _RANGE_YEAR.match(doc.text, m.end, m.end + 30)
        year = ahead.group(1) if ahead else ""
    if year:
        y = _year2(year, a)
        d = D.safe_date(y, mo, dd)
        iv = _days(d, m) if d is not None else None
        if iv is None:
            return None
        timed = None if m.g("day2") else _add_clock(m, doc, d, iv, D.v_day(d), "explicit", "")
        return timed or build(m, doc, D.v_day(d), iv, basis="explicit", mod=mod,
                              label="the date as written")
    cands = [c for c in (D.safe_date(y, mo, dd) for y in (a.year - 1, a.year, a.year + 1)) if c]
    if wd:
        matching = [c for c in cands if c.isoweekday() == wd]
        cands = matching or cands
    rel = norm_key(m.g("rel")) or doc.skip(m)
    nearest = _pick(cands, a, None)
    if rel in ("last", "next", "since"):
        direction = _direction(m, doc, m.g("rel"))
    elif nearest is not None and abs((nearest - a).days) <= NEAREST_DAYS:
        direction = None  # news dates without a year are almost always the nearest such day
    else:
        direction = _direction(m, doc, m.g("rel"), window=45)
    if norm_key(m.g("rel")) == "this":
        cands = [c for c in cands if c.year == a.year] or cands
    d = _pick(cands, a, direction)
    iv = _days(d, m) if d is not None else None
    if iv is None:
        return None
    how = _how(direction) if d.year != a.year or direction else ""
    return build(m, doc, D.v_day(d), iv, mod=mod, label=f"year {d.year}", how=how)


# anchors whose time zone names a day-first region read "04/05/2024" as 4 May
_MONTH_FIRST_ZONES = re.compile(r"^(?:America/(?:New_York|Chicago|Denver|Los_Angeles|Phoenix|Anchorage|Detroit|"
                                r"Indiana/.*|Kentucky/.*|Boise|Juneau)|US/.*|Pacific/Honolulu|EST|EDT|CST|CDT|"
                                r"MST|MDT|PST|PDT)$")
_DAY_FIRST_ZONES = re.compile(r"^(?:Europe|Africa|Australia|Indian|Atlantic)/|^Asia/(?:Kolkata|Calcutta|Karachi|"
                              r"Dubai|Riyadh|Jerusalem|Tel_Aviv|Beirut|Baghdad|Tehran|Kabul|Dhaka|Jakarta|"
                              r"Bangkok|Singapore|Kuala_Lumpur|Manila|Hong_Kong)$|^America/(?:Sao_Paulo|"
                              r"Argentina/.*|Bogota|Lima|Santiago|Caracas|Mexico_City)$")


def day_first(doc: Doc) -> bool:
    """True when the anchor's time zone names a region that writes the day first."""
    tz = doc.anchor.tz or ""
    return bool(_DAY_FIRST_ZONES.search(tz)) and not _MONTH_FIRST_ZONES.search(tz)



def r_ym(m: Mention, doc: Doc) -> Timex | None:
    mo = month_number(m.g("month"))
    if not mo:
        return None
    rel = norm_key(m.g("rel"))
    if m.g("year"):
        y, basis = int(m.g("year")), "explicit"
    else:
        y, basis = doc.anchor.day.year + {"last": -1, "next": 1}.get(rel, 0), "relative"
    if not (D.MIN_YEAR <= y <= D.MAX_YEAR):
        return None
    mod = _mod(m.g("mod"))
    return build(m, doc, D.v_month(y, mo), D.iv_month(y, mo), basis=basis, mod=mod)


_NAME_BEFORE = re.compile(r"\b(?!(?:In|Since|Until|By|From|During|Through|Last|Next|This|Early|Late|Mid|On|Of|"
                          r"Before|After|Between|And|Or|Each|Every|Till|Then|But|Also|Since|Only|Until|Late|For|"
                          r"Throughout|Around|About|Starting|Beginning|Ending|Through)\s)[A-Z][a-z]+\s+$")


# "the March vote", "a May deadline": a capitalised month between an article and a lower-case noun
# dates that noun (prepositions and verbs after it are not nouns: "a March on Washington"); not May
# ("the May government") nor August ("the August committee"), as often a surname or an adjective
_ATTRIBUTIVE_BEFORE = re.compile(r"(?:^|[^\w-])(?:the|The|a|A|an|An)\s+$")
_ATTRIBUTIVE_AFTER = re.compile(r"\s+(?!(?:on|to|for|of|in|at|by|from|with|and|or|is|was|will|would|has|had|"
                                r"said|says)\b)[a-z][a-z-]+\b")


# "May and June", "March or April", "August through October": a month joined to another month is one
_COORDINATED_MONTH = re.compile(r"\s*(?:,|and|or|to|through|-)\s*(?:January|February|March|April|May|June|July|August|"
                                r"September|October|November|December)\b")


def r_month(m: Mention, doc: Doc) -> Timex | None:
    mo = month_number(m.g("month"))
    rel, mod = norm_key(m.g("rel")), _mod(m.g("mod"))
    skip = doc.skip(m)
    if not mo:
        return None
    attributive = (mo not in (5, 8) and not (rel or mod or skip)
                   and _ATTRIBUTIVE_BEFORE.search(doc.text, max(0, m.start - 6), m.start)
                   and _ATTRIBUTIVE_AFTER.match(doc.text, m.end))
    if mo in (5, 3, 8) and not (rel or mod or skip or attributive or _COORDINATED_MONTH.match(doc.text, m.end)):
        return None  # "May", "March", "August" alone are too often a name or a verb (not "May and June")
    if not (rel or mod or skip or attributive) and _NAME_BEFORE.search(doc.text, max(0, m.start - 30), m.start):
        return None  # "Theresa May", "Black September": part of a name
    a = doc.anchor.day
    first_days = [date(y, mo, 1) for y in (a.year - 1, a.year, a.year + 1)]
    this_month = date(a.year, a.month, 1)
    if rel == "this":
        d = date(a.year, mo, 1)
        direction = "this"
    else:
        direction = _direction(m, doc, rel, window=45)
        d = _pick(first_days, this_month, direction)
    return build(m, doc, D.v_month(d.year, d.month), D.iv_month(d.year, d.month), mod=mod,
                 label=f"{d:%B %Y}", how=_how(direction) if direction != "this" else "")


def r_season(m: Mention, doc: Doc) -> Timex | None:
    code = words("seasons")[norm_key(m.g("season"))]
    a = doc.anchor.day
    mod = _mod(m.g("mod") or m.g("mod2") or m.g("mod3"))
    if m.g("year"):
        y = int(m.g("year"))
        return build(m, doc, f"{y:04d}-{code}", D.iv_season(y, code), basis="explicit", mod=mod)
    rel = norm_key(m.g("rel"))
    first, _ = words("season_months")[code.lower()]
    starts = [date(y, first, 1) for y in (a.year - 1, a.year, a.year + 1)]
    current = [s for s in starts if D.iv_season(s.year, code).start.date() <= a <= D.iv_season(s.year, code).end.date()]
    if rel in ("this", "the current") and current:
        s = current[0]
    elif rel in ("this", "the current"):
        s = _pick(starts, a, "future") if doc.tense(m) == "future" else _pick(starts, a, "nearest")
    else:
        direction = {"last": "strict_past", "the past": "strict_past", "this past": "strict_past",
                     "next": "strict_future", "the coming": "strict_future"}.get(rel) or _direction(m, doc)
        if current and direction in ("strict_past", "strict_future"):
            s = D.add_months(current[0], -12 if direction == "strict_past" else 12)
        elif current and direction is None:
            s = current[0]
        else:
            s = _pick(starts, a, direction)
    return build(m, doc, f"{s.year:04d}-{code}", D.iv_season(s.year, code), mod=mod)


def r_season_unit(m: Mention, doc: Doc) -> Timex | None:
    """"this season", "last season": a sports, flu or holiday season, taken as the year it is named in."""
    y = doc.anchor.day.year + {"last": -1, "the past": -1, "this past": -1, "next": 1, "the coming": 1}.get(
        norm_key(m.g("rel")), 0)
    return build(m, doc, f"{y:04d}", D.iv_year(y), label=f"the season of {y}",
                 how="a season is no calendar unit: the year it falls in")


# ------------------------------------------------------------------ quarters and halves
def _quarter_year(m: Mention, doc: Doc, q: int, part: str) -> tuple[int, str]:
    a = doc.anchor.day
    if m.g("year"):
        return int(m.g("year")), "explicit"
    if m.g("year_pre"):
        return int(m.g("year_pre")), "explicit"
    rel = norm_key(m.g("rel")) + " " + norm_key(m.g("rel2")) + " " + norm_key(m.g("qago"))
    if re.search(r"last|ago|earlier", rel):
        base = doc.last_quarter[0] if doc.last_quarter and "year's" not in rel and "last" not in rel else a.year
        return base - 1, "relative"
    if "next" in rel:
        return a.year + 1, "relative"
    current = (a.month - 1) // 3 + 1 if part == "quarter" else (a.month - 1) // 6 + 1
    if q > current and doc.tense(m) != "future" and "this" not in rel:
        return a.year - 1, "relative"
    return a.year, "relative"


def r_quarter(m: Mention, doc: Doc) -> Timex | None:
    part = norm_key(m.g("part"))
    ordw = norm_key(m.g("ord"))
    q = {"final": 4, "last": 4}.get(ordw) or words("ordinals").get(ordw)
    if part == "half":
        q = 2 if ordw in ("final", "last") else q
        if q not in (1, 2):
            return None
    elif q not in (1, 2, 3, 4):
        return None
    y, basis = _quarter_year(m, doc, q, part)
    if re.match(r"the\s", m.text, re.I) and re.search(r"-(?:quarter|half)$", m.text, re.I):
        m = _without_first_word(m)  # "the third-quarter loss": the determiner belongs to the noun
    if part == "half":
        return build(m, doc, f"{y:04d}-H{q}", D.iv_half(y, q), basis=basis)
    doc.last_quarter = (y, q)
    return build(m, doc, f"{y:04d}-Q{q}", D.iv_quarter(y, q), basis=basis, label=f"quarter {q} of {y}")


def r_quarter_ref(m: Mention, doc: Doc) -> Timex | None:
    a = doc.anchor.day
    rel = norm_key(m.g("rel")) + " " + norm_key(m.g("qago"))
    if doc.last_quarter:
        y, q = doc.last_quarter
    else:
        cur = (a.month - 1) // 3 + 1
        y, q = (a.year, cur - 1) if cur > 1 else (a.year - 1, 4)
        if norm_key(m.g("part")) == "period" and not re.search(r"ago|earlier", rel) and not m.g("yr") \
                and not m.g("qago"):
            return None
    if m.g("yr"):
        # "the 1988 period": the same quarter of that year in an earnings report, else the year
        if not doc.last_quarter and norm_key(m.g("part")) == "period":
            return build(m, doc, m.g("yr"), D.iv_year(int(m.g("yr"))), basis="explicit")
        y = int(m.g("yr"))
    elif re.search(r"ago|earlier", rel) or m.g("qago"):
        y -= 1  # "the year-ago quarter", "the same period last year"
    elif re.search(r"previous|prior", rel):
        y, q = (y, q - 1) if q > 1 else (y - 1, 4)
    elif "current" in rel or (norm_key(m.g("dem")) in ("this", "next") and not doc.last_quarter):
        y, q = a.year, (a.month - 1) // 3 + 1
    if norm_key(m.g("dem")) == "next":
        y, q = (y, q + 1) if q < 4 else (y + 1, 1)
    return build(m, doc, f"{y:04d}-Q{q}", D.iv_quarter(y, q), how="the quarter the article is about")


def r_quarter_code(m: Mention, doc: Doc) -> Timex | None:
    """'Q1 2024', 'Q3'23', 'Q4': a calendar quarter in business shorthand."""
    q = int(m.g("q"))
    if m.g("yy"):
        y, basis = _year2(m.g("yy"), doc.anchor.day), "explicit"
    else:
        y, basis = _quarter_year(m, doc, q, "quarter")
    doc.last_quarter = (y, q)
    return build(m, doc, f"{y:04d}-Q{q}", D.iv_quarter(y, q), basis=basis, label=f"quarter {q} of {y}")


# ------------------------------------------------------------------ years, decades, centuries
# a year right after a capitalised word that follows a lower-case one is part of a name: "a venture
# called Orion 1980", "the kingdom's Vision 2030 plan" (months, seasons, holidays and fiscal labels date
# it; a list's "..., and Greece 1981" is no name)
_NAME_BEFORE_YEAR = re.compile(
    r"[a-z](?<!\band)(?<!\bor)(?<!\bthen)\s+(?!(?:FY|Fiscal|Calendar|Christmas|Easter|Ramadan|Spring|Summer|Fall|"
    r"Autumn|Winter|Mid|Early|Late|January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b)[A-Z][a-zA-Z]+\s+$")


def r_year(m: Mention, doc: Doc) -> Timex | None:
    y = int(m.g("year"))
    mod = _mod(m.g("mod") or m.g("mod2"))
    if not (D.MIN_YEAR <= y <= D.MAX_YEAR):
        return None
    if _NAME_BEFORE_YEAR.search(doc.text, max(0, m.start - 40), m.start):
        return None
    if y > doc.anchor.day.year + 50:
        return None
    return build(m, doc, f"{y:04d}", D.iv_year(y), basis="explicit", mod=mod)


def r_decade(m: Mention, doc: Doc) -> Timex | None:
    a = doc.anchor.day
    if m.g("cent"):
        y0 = int(m.g("cent")) * 100 + int(m.g("dec")) * 10
        basis = "explicit"
    else:
        dec = int(m.g("dec2")) if m.g("dec2") else words("decades_words")[norm_key(m.g("decw"))]
        y0 = a.year // 100 * 100 + dec * 10
        if y0 > a.year:
            y0 -= 100
        basis = "relative"
    mod = _mod(m.g("mod"))
    return build(m, doc, f"{y0 // 10:03d}", D.iv_decade(y0), basis=basis, mod=mod)


def r_century(m: Mention, doc: Doc) -> Timex | None:
    key = norm_key(m.g("ord"))
    n = words("ordinals").get(key)
    if n is None:
        digits = re.match(r"\d+", key)
        n = int(digits.group()) if digits else None
    if not n or n > 30:
        return None
    c0 = (n - 1) * 100
    return build(m, doc, f"{n - 1:02d}", D.iv_century(c0), basis="explicit", mod=_mod(m.g("mod")))


# ------------------------------------------------------------------ weekdays, days, units around the anchor
def _zone(m: Mention) -> str:
    z = m.g("zone") or m.g("zone2")
    return re.sub(r"\s+", " ", z.strip()) if z else ""


_SAFE_FIRST, _SAFE_LAST = date.min + timedelta(days=14), date.max - timedelta(days=14)


@lru_cache(maxsize=4096)
def _weekday_days(a: date, wd: int | None, reach: int) -> tuple[date, ...]:
    """The days within `reach` days of `a` (either side) that fall on ISO weekday `wd`, in order."""
    if not (_SAFE_FIRST <= a <= _SAFE_LAST):  # near the calendar's edge: raise as the plain loop does
        days = (a + timedelta(days=k) for k in range(-reach, reach + 1))
        return tuple(d for d in days if d.isoweekday() == wd)
    if wd not in (1, 2, 3, 4, 5, 6, 7):
        return ()
    first = (wd - a.isoweekday()) % 7 - 7 * ((reach + 6) // 7)
    return tuple(a + timedelta(days=k) for k in range(first, reach + 1, 7) if k >= -reach)


_RANGE_JOIN = re.compile(r"\s*(?:[-–]|to|through|thru|until|till)\s*$", re.I)


def _range_start(m: Mention, doc: Doc) -> date | None:
    """The first day of "Monday to Wednesday" when `m` is its end: the day just before the joining word."""
    prev = doc.found[-1] if doc.found else None
    if prev is None or prev.end > m.start or m.start - prev.end > 12 or prev.interval is None:
        return None
    if prev.interval.granularity != "day" or not _RANGE_JOIN.fullmatch(doc.text, prev.end, m.start):
        return None
    return prev.interval.start.date()


def r_weekday(m: Mention, doc: Doc) -> Timex | None:
    wd = weekday_number(m.g("weekday"))
    rel = norm_key(m.g("rel"))
    mod = _mod(m.g("mod")) or (_mod(rel) if rel in ("early", "late") else "")
    a = doc.anchor.day
    direction = _direction(m, doc, rel if rel not in ("early", "late", "earlier", "later", "on", "this") else "")
    if direction is None:
        direction = "past"
    if rel == "this" and direction in ("future", None):
        direction = "future"
    cands = _weekday_days(a, wd, 14)
    start = _range_start(m, doc)
    d = _pick([c for c in cands if c > start] if start else cands, a, direction)  # a range's end follows its start
    zone = _zone(m)
    pod = m.g("pod")
    label = explain.day_label(d)
    how = "the publication day itself" if d == a else _how(direction)
    if pod:
        code = words("parts_of_day")[norm_key(pod)]
        iv = D.iv_pod(d, code)
        return build(m, doc, f"{D.v_day(d)}T{code}", iv, type_="TIME", label=label, how=how, tz=zone,
                     note=_zone_note(m.text, iv, zone, doc))
    iv = D.iv_day(d)
    if mod in ("START", "END"):
        # "late Saturday" is its evening, "early Friday" its small hours and morning (not a third of them)
        iv = _early_late(d, mod)
        return build(m, doc, D.v_day(d), iv, label=label, how=how, mod=mod, tz=zone,
                     note=_zone_note(m.text, iv, zone, doc), narrowed=True)
    return build(m, doc, D.v_day(d), iv, label=label, how=how, tz=zone)


def _early_late(d: date, mod: str) -> Interval:
    """'early <day>': 00:00-08:59; 'late <day>': the evening, 18:00-23:59."""
    if mod == "END":
        return D.iv_pod(d, "EV")
    return Interval(datetime.combine(d, time(0)), datetime.combine(d, time(8, 59)), "part-of-day")


_REL_DAY = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0, "the day before yesterday": -2,
            "the day after tomorrow": 2, "last night": -1, "this morning": 0, "this afternoon": 0,
            "this evening": 0}


# "the people of tomorrow", "the Europe of today": an age in general, not a day ("the results of
# today's vote" keeps its day)
_GENERIC_OF = re.compile(r"\b(?:the|a)\s+[\w-]+\s+of\s+$", re.I)


def _sentence_day(doc: Doc, m: Mention) -> date | None:
    """The earlier day a sentence is told on ("ordered an offensive on Wednesday, accusing its forces of
    attacking a base overnight": the night before Wednesday), unless "overnight" is joined to it
    ("on Tuesday and overnight": the night after)."""
    if re.search(r"\b(?:and|or|through|into|until)\s+$", doc.text[max(0, m.start - 9):m.start], re.I):
        return None
    s0 = doc.sentence(m.start)[0]
    for t in reversed(doc.found):
        if t.end > m.start:
            continue
        if t.start < s0:
            return None
        if t.interval is not None and t.type == "DATE" and t.interval.granularity == "day":
            day = t.interval.start.date()
            return day if day < doc.anchor.day else None
    return None


def r_relative_day(m: Mention, doc: Doc) -> Timex | None:
    word = norm_key(m.g("word2") or m.g("word"))
    if (word in ("today", "tomorrow") and not m.g("mod")
            and _GENERIC_OF.search(doc.text, max(0, m.start - 40), m.start)
            and not doc.text.startswith(("'s", "’s"), m.end)):
        return None
    a = doc.anchor.day
    mod = _mod(m.g("mod"))
    if word == "overnight":
        day = _sentence_day(doc, m) or a
        d = day - timedelta(days=1)
        return build(m, doc, f"{D.v_day(d)}TNI", D.iv_overnight(day), type_="TIME",
                     label="the night before publication" if day == a else f"the night before {day:%A}")
    first = word.split()[0]
    offset = _REL_DAY.get(word, _REL_DAY.get(first, 0))
    d = a + timedelta(days=offset)
    pod = m.g("pod") or (word.split()[1] if " " in word and word.split()[0] in ("tomorrow", "yesterday", "this", "last") else "")
    if word == "tonight":
        pod = "night"
    if pod:
        code = words("parts_of_day")[pod]
        return build(m, doc, f"{D.v_day(d)}T{code}", D.iv_pod(d, code), type_="TIME",
                     label=explain.day_label(d))
    iv = D.iv_day(d)
    if norm_key(m.g("mod")) in ("early", "late"):
        iv = _early_late(d, "END" if norm_key(m.g("mod")) == "late" else "START")
    return build(m, doc, D.v_day(d), iv, label=explain.day_label(d))


def _unit_offset(rel: str) -> int | None:
    if rel in ("this", "the current", "the same", "current"):
        return 0
    if rel in ("last", "the past", "the last", "past", "the previous"):
        return -1
    if rel in ("next", "the next", "the coming", "coming", "the following"):
        return 1
    return None


def unit_value(unit: str, d: date, n: int) -> tuple[str, Interval] | None:
    """The calendar unit containing d, moved by n units."""
    if unit == "week" or unit == "weekend":
        w = d + timedelta(weeks=n)
        if unit == "weekend":
            return f"{D.v_week(w)}-WE", D.iv_weekend(w)
        return D.v_week(w), D.iv_week(w)
    if unit == "month":
        x = D.add_months(d.replace(day=1), n)
        return D.v_month(x.year, x.month), D.iv_month(x.year, x.month)
    if unit == "year":
        y = d.year + n
        return (f"{y:04d}", D.iv_year(y)) if D.MIN_YEAR <= y <= D.MAX_YEAR else None
    if unit == "decade":
        y0 = (d.year // 10 + n) * 10
        return f"{y0 // 10:03d}", D.iv_decade(y0)
    if unit == "century":
        c = d.year // 100 + n
        return f"{c:02d}", D.iv_century(c * 100)
    if unit == "day":
        x = d + timedelta(days=n)
        return D.v_day(x), D.iv_day(x)
    return None


def _week_label(value: str, iv: Interval) -> str:
    if "-W" in value and not value.endswith("WE"):
        return f"ISO week {int(value.split('-W')[1])}"
    return ""


def r_relative_unit(m: Mention, doc: Doc) -> Timex | None:
    rel, unit = norm_key(m.g("rel")), norm_key(m.g("unit"))
    n = _unit_offset(rel)
    if n is None:
        return None
    a = doc.anchor.day
    res = unit_value(unit, a, n)
    if res is None:
        return None
    value, iv = res
    modword = norm_key(m.g("mod"))
    mod = _mod(modword)
    if modword == "earlier" and iv.start.date() <= a:
        iv = days_interval(iv.start.date(), min(a, iv.end.date()), iv.granularity)
    elif modword == "later" and iv.end.date() >= a:
        iv = days_interval(max(a, iv.start.date()), iv.end.date(), iv.granularity)
    return build(m, doc, value, iv, mod=mod, label=_week_label(value, iv))


def r_period_end(m: Mention, doc: Doc) -> Timex | None:
    unit = norm_key(m.g("rel") or m.g("rel2") or m.g("rel3"))
    mod = _mod(m.g("part")) or "END"     # "the beginning of the year": START; "the middle of": MID
    a = doc.anchor.day
    if unit == "year":
        if m.g("rel"):
            d = date(a.year, 12, 31)
            return build(m, doc, D.v_day(d), D.iv_day(d), label="the last day of the year")
        return build(m, doc, f"{a.year:04d}", D.iv_year(a.year), mod=mod)
    value, iv = unit_value(unit, a, 0)
    return build(m, doc, value, iv, mod=mod)


# ------------------------------------------------------------------ ago / later, event-relative
_UNIT_NAMES = {"S": "second", "MIN": "minute", "H": "hour", "D": "day", "W": "week", "M": "month",
               "Q": "quarter", "Y": "year", "DE": "decade", "CE": "century", "WE": "weekend",
               "FN": "fortnight", "ML": "millennium"}
_FIN = re.compile(r"quarter|profit|earn|net\b|revenue|sales|income|loss|per share|a share", re.I)


def _shift(d: date, n: float, code: str) -> tuple[str, Interval] | None:
    """d moved by n units of `code`, at that unit's granularity."""
    if code in ("FN", "ML"):  # "a fortnight ago": two weeks; "a millennium ago": 1000 years
        k, small = {"FN": (2, "W"), "ML": (1000, "Y")}[code]
        return _shift(d, n * k, small)
    smaller = {"CE": (100, "Y"), "DE": (10, "Y"), "Y": (12, "M"), "Q": (3, "M"), "M": (30, "D"), "W": (7, "D")}
    if isinstance(n, float) and not n.is_integer() and code in smaller:
        k, small = smaller[code]  # "half a century ago": 50 years, "half a year ago": six months
        return _shift(d, n * k, small)
    n_int = int(round(n))
    try:
        if code in ("S", "MIN", "H"):
            return D.v_day(d), D.iv_day(d)
        if code == "D":
            x = d + timedelta(days=n_int)
            return D.v_day(x), D.iv_day(x)
        if code in ("W", "WE"):
            x = d + timedelta(weeks=n_int)
            return D.v_week(x), D.iv_week(x)
        if code == "M":
            x = D.add_months(d, n_int)
            return D.v_month(x.year, x.month), D.iv_month(x.year, x.month)
        if code == "Q":
            x = D.add_months(d, 3 * n_int)
            q = (x.month - 1) // 3 + 1
            return f"{x.year:04d}-Q{q}", D.iv_quarter(x.year, q)
        if code == "Y":
            return unit_value("year", d, n_int)
        if code == "DE":
            return unit_value("year", d, 10 * n_int)
        if code == "CE":
            return unit_value("year", d, 100 * n_int)
    except (ValueError, OverflowError):
        return None
    return None


def _reference(doc: Doc, m: Mention, grans: tuple[str, ...], sentences_back: int = 2) -> Timex | None:
    """The latest dated expression before `m` within the last few sentences (the narrative's time)."""
    s0 = doc.sentence(m.start)[0]
    limit = s0
    for _ in range(sentences_back):
        if limit > 0:
            limit = doc.sentence(limit - 1)[0]
    for t in reversed(doc.found):
        if t.start >= m.start:
            continue
        if t.start < limit:
            break
        if t.interval is not None and t.interval.granularity in grans and t.type in ("DATE", "TIME"):
            return t
    return None


_CLAUSE_END = re.compile(r"\s*(?:[,.;:!?)\u2013\u2014]|$)")
_CLAUSE_BREAK = re.compile(r"[,;:\u2013\u2014()]|\s-\s")


def _forward_reference(doc: Doc, m: Mention, grans: tuple[str, ...]) -> Timex | None:
    """The dated expression of the clause that follows `m` ("... after Ukraine struck a refinery on
    Thursday"): the first one after it in the same sentence with no clause break in between."""
    s1 = doc.sentence(m.start)[1]
    for t in doc.found:
        if t.start < m.end:
            continue
        if t.start >= s1 or _CLAUSE_BREAK.search(doc.text, m.end, t.start):
            return None
        if t.interval is not None and t.interval.granularity in grans and t.type in ("DATE", "TIME"):
            return t
    return None


def _vague(m: Mention, doc: Doc, value: str, direction: int, why: str) -> Timex:
    """Marked vague rather than guessed: a window before (or after) the anchor."""
    days = words("vague_windows")["event"]
    a = doc.anchor.day
    iv = days_interval(a - timedelta(days=days), a, "vague") if direction <= 0 else \
        days_interval(a, a + timedelta(days=days), "vague")
    return build(m, doc, value, iv, label=f"vague: {why}")


def r_ago(m: Mention, doc: Doc) -> Timex | None:
    n = number_value(m.g("num"))
    code = words("units").get(norm_key(m.g("unit")))
    dirw = norm_key(m.g("dir"))
    if n is None or code is None:
        return None
    if n == "X":
        return _ref_window(m, doc, "PAST_REF" if dirw in ("ago", "earlier", "before") else "FUTURE_REF",
                           norm_key(m.g("unit")))
    if m.g("half") or m.g("half2"):
        n = float(n) + 0.5  # "two and a half years ago": 30 months
    if dirw == "since":
        return None
    sign = -1 if dirw in ("ago", "earlier", "before") else 1
    a = doc.anchor.day
    mod = _mod(m.g("mod"))
    if dirw == "earlier" and code in ("D", "W", "H", "MIN"):
        # "Two car bombs exploded two days earlier": earlier than the day the story has just told
        ref = _reference(doc, m, ("day", "part-of-day", "hour"))
        if ref is not None:
            res = _shift(ref.interval.start.date(), sign * n, code)
            if res is not None:
                return build(m, doc, res[0], res[1], mod=mod, how=f"{m.text} than '{ref.text}' ({ref.value})")
    if dirw in ("later", "after", "before"):
        grans = ("day", "part-of-day", "hour", "week", "month", "year")
        # "two days later": after the narrative's last date; "three days after Ukraine struck the
        # refinery on Thursday": after the date of the clause it leans on, given in that clause
        # ("two days before." closing its clause leans back on the narrative like "later")
        backward = dirw == "later" or _CLAUSE_END.match(doc.text, m.end) is not None
        ref = _reference(doc, m, grans) if backward else _forward_reference(doc, m, grans)
        if ref is None and not backward:
            # "struck on Monday, a day after rebels swept in"; "The fighting came a day after ..."
            main = _main_clause_date(doc, m) or _subject_event_date(doc, m)
            if main is not None:
                return build(m, doc, main.value, main.interval, mod=mod,
                             how=f"the happening it places is dated by '{main.text}'")
        future = doc.tense(m) == "future"
        if ref is None:
            return _vague(m, doc, "FUTURE_REF" if future else "PAST_REF", 1 if future else -1,
                          f"{'later than' if sign > 0 else 'before'} an event the article does not date")
        res = _shift(ref.interval.start.date(), sign * n, code)
        if res is None:
            return None
        return build(m, doc, res[0], res[1], mod=mod, how=f"{m.text} '{ref.text}' ({ref.value})")
    if code == "Y" and n == 1 and doc.last_quarter and _FIN.search(doc.text, *doc.sentence(m.start)):
        y, q = doc.last_quarter
        return build(m, doc, f"{y - 1:04d}-Q{q}", D.iv_quarter(y - 1, q), mod=mod,
                     how="the same quarter a year before")
    if code == "Y" and n == 1 and dirw == "earlier":
        # "exports in January fell from a year earlier": the same month a year before (as the quarter above)
        ref = _reference(doc, m, ("month",), sentences_back=0)
        if ref is not None and ref.start >= doc.sentence(m.start)[0] and re.fullmatch(r"\d{4}-\d\d", ref.value):
            y, mo = int(ref.value[:4]) - 1, int(ref.value[5:])
            return build(m, doc, D.v_month(y, mo), D.iv_month(y, mo), mod=mod, how=f"'{ref.text}' a year before")
    res = _shift(a, sign * n, code)
    if res is None:
        return None
    return build(m, doc, res[0], res[1], mod=mod, label=f"{m.text} from publication")


_WITHIN = {"hours": timedelta(hours=12), "minutes": timedelta(hours=1)}


def r_ago_vague(m: Mention, doc: Doc) -> Timex | None:
    dirw = norm_key(m.g("dir") or m.g("dir2"))
    unit = norm_key(m.g("unit") or m.g("unit2"))
    past = dirw in ("ago", "earlier", "before")
    if dirw in ("later", "after"):
        past = doc.tense(m) != "future"  # "minutes later, a second blast hit": later than a past event
    value = "PAST_REF" if past else "FUTURE_REF"
    if unit in _WITHIN and dirw in ("later", "earlier"):
        # "Hours later, a Houthi official vowed ...": within half a day of the happening just told
        ref = _reference(doc, m, ("day", "part-of-day", "hour"))
        if ref is not None:
            iv = ref.interval
            if iv.granularity == "day":
                first = last = iv.start.date()
            elif dirw == "later":
                first, last = iv.start.date(), (iv.start + _WITHIN[unit]).date()
            else:
                first, last = (iv.start - _WITHIN[unit]).date(), iv.start.date()
            return build(m, doc, value, days_interval(first, last, "day" if first == last else "vague"),
                         label=f"{unit} {dirw} than '{ref.text}' ({ref.value})")
    return _ref_window(m, doc, value, unit)


def _main_clause_date(doc: Doc, m: Mention) -> Timex | None:
    """The day-dated expression of the clause before ", N days after ..." in the same sentence."""
    s0 = doc.sentence(m.start)[0]
    if not re.search(r",\s*$", doc.text[max(s0, m.start - 3):m.start]):
        return None
    for t in reversed(doc.found):
        if t.start >= m.start:
            continue
        if t.start < s0:
            return None
        if t.interval is not None and t.type in ("DATE", "TIME") and \
                t.interval.granularity in ("day", "part-of-day", "hour"):
            return t
    return None


_SUBJECT_CAME = re.compile(r"(?:The|This|That|These|Those|Its|Their|His|Her)\s+(?:[\w-]+\s+){0,2}?(?P<head>[\w-]+)\s+"
                           r"(?:came|followed|occurred|happened|took\s+place)\s+(?:only\s+|just\s+)?$")


def _subject_event_date(doc: Doc, m: Mention) -> Timex | None:
    """'The fighting came a day after ...': the day the story gave that happening in an earlier sentence."""
    s0 = doc.sentence(m.start)[0]
    subject = _SUBJECT_CAME.match(doc.text, s0, m.start)
    if subject is None or subject.end() != m.start:
        return None
    head_rx = _event_head(subject.group("head").lower())
    limit = s0
    for _ in range(3):
        if limit > 0:
            limit = doc.sentence(limit - 1)[0]
    for t in reversed(doc.found):
        if t.start >= s0:
            continue
        if t.start < limit:
            return None
        if t.interval is None or t.type not in ("DATE", "TIME") or \
                t.interval.granularity not in ("day", "part-of-day", "hour"):
            continue
        if head_rx.search(doc.text, *doc.sentence(t.start)):
            return t
    return None


def _event_head(head: str) -> re.Pattern:
    """The event noun of "two days after the raid", and the nouns news uses for the same happening."""
    stem = head.rstrip("s")
    names = next((group for group in words("event_nouns").values() if stem in group), [stem])
    # the noun or the verb: "the attack", "attacks", "attacked", "clashed", "fighting"
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")(?:s|es|d|ed|ing)?\b", re.I)


def r_event_relative(m: Mention, doc: Doc) -> Timex | None:
    n = number_value(m.g("num"))
    code = words("units").get(norm_key(m.g("unit")))
    if n is None or n == "X" or code is None:
        return None
    sign = 1 if norm_key(m.g("dir")) == "after" else -1
    head = norm_key(m.g("event")).split()[-1]
    # "a day after the strike on Thursday", "two days after the army seized power on March 1":
    # the clause it leans on gives its own date
    ref = _forward_reference(doc, m, ("day", "part-of-day", "hour"))
    if ref is not None:
        res = _shift(ref.interval.start.date(), sign * n, code)
        if res:
            return build(m, doc, res[0], res[1], how=f"the clause it follows is dated by '{ref.text}' ({ref.value})")
    # "Jets struck Damascus on Monday, a day after rebels swept into the capital": the sentence has
    # already dated the happening the expression places, so the expression is that date
    main = _main_clause_date(doc, m)
    if main is not None:
        return build(m, doc, main.value, main.interval,
                     how=f"the happening it places is dated by '{main.text}' earlier in the sentence")
    told = _subject_event_date(doc, m)
    if told is not None:
        return build(m, doc, told.value, told.interval,
                     how=f"the happening it places was dated by '{told.text}' earlier in the story")
    head_rx = _event_head(head)
    for t in reversed(doc.found):
        if t.start >= m.start or t.interval is None or t.interval.granularity not in ("day", "part-of-day", "hour"):
            continue
        s0, s1 = doc.sentence(t.start)
        if s0 <= m.start < s1:
            continue
        if head_rx.search(doc.text, s0, s1):
            res = _shift(t.interval.start.date(), sign * n, code)
            if res:
                return build(m, doc, res[0], res[1],
                             how=f"the {head} is dated by '{t.text}' ({t.value}) earlier in the article")
    return _vague(m, doc, "XXXX-XX-XX", 1 if doc.tense(m) == "future" else -1,
                  f"the article gives no date for the {head}")


_NEXT = {"the next": 1, "the following": 1, "the previous": -1, "the preceding": -1, "the prior": -1,
         "the same": 0, "that same": 0, "that": 0, "earlier that": 0, "later that": 0,
         "the day before": -1, "the day after": 1, "a day later": 1, "a day earlier": -1, "a day before": -1}


# "said in a video posted the next day that ...": "that" opens what was said, not a clause about the day
_SAYING_BEFORE = re.compile(r"\b(?:said|says|told|announced|posted|published|wrote|stated|added|declared|warned|"
                            r"vowed|claimed|reported|insisted|confirmed)\b(?:\s+[\w'’-]+){0,4}\s+$", re.I)
_THAT_AFTER = re.compile(r"\s+that\b", re.I)


def r_next_day(m: Mention, doc: Doc) -> Timex | None:
    if _THAT_AFTER.match(doc.text, m.end) and not _SAYING_BEFORE.search(doc.text, max(0, m.start - 60), m.start):
        return None  # "the same day that talks began": the day of what follows
    rel = norm_key(m.g("rel"))
    unit = norm_key(m.g("unit")) or "day"
    n = _NEXT.get(rel)
    if n is None:
        return None
    code = {"day": "D", "morning": "D", "afternoon": "D", "evening": "D", "night": "D",
            "week": "W", "month": "M", "year": "Y"}[unit]
    grans = ("day", "part-of-day", "hour") if code == "D" else \
        ("day", "part-of-day", "hour", "week", "month", "quarter", "year") if code != "Y" else \
        ("day", "part-of-day", "hour", "week", "month", "quarter", "season", "year")
    ref = _reference(doc, m, grans, sentences_back=3)
    if ref is None and code in ("W", "M", "Y") and rel.startswith("the "):
        res = _shift(doc.anchor.day, n, code)  # "the previous month" with no date in the story: publication's
        if res:
            return build(m, doc, res[0], res[1], how="no date in the story before it: relative to publication")
    if ref is None:
        empty = {"D": "XXXX-XX-XX", "W": "XXXX-WXX", "M": "XXXX-XX", "Y": "XXXX"}[code]
        return _vague(m, doc, empty, -1 if doc.tense(m) != "future" else 1,
                      "relative to an event the article does not date")
    res = _shift(ref.interval.start.date(), n, code)
    if res is None:
        return None
    value, iv = res
    if unit in ("morning", "afternoon", "evening", "night"):
        pod = words("parts_of_day")[unit]
        d = iv.start.date()
        return build(m, doc, f"{value}T{pod}", D.iv_pod(d, pod), type_="TIME",
                     how=f"relative to '{ref.text}' ({ref.value})")
    return build(m, doc, value, iv, how=f"relative to '{ref.text}' ({ref.value})")


# ------------------------------------------------------------------ clock times and zones
def _zone_offset(zone: str, d: date) -> float | None:
    key = norm_key(zone)
    key = re.sub(r"\s+(?:standard|daylight)?\s*time$", "", key)
    val = words("zones").get(key)
    if val is None:
        return None
    if isinstance(val, str) and val.startswith("US"):
        base = int(val[2:])
        dst = D.nth_weekday(d.year, 3, 7, 2) <= d < D.nth_weekday(d.year, 11, 7, 1)
        return base + (1 if dst else 0)
    return float(val)


def _anchor_offset(anchor: Anchor) -> float | None:
    tz = anchor.tz or ""
    m = re.fullmatch(r"([+-])(\d\d):?(\d\d)", tz)
    if m:
        return (1 if m.group(1) == "+" else -1) * (int(m.group(2)) + int(m.group(3)) / 60)
    if tz.upper() in ("UTC", "Z", "GMT"):
        return 0.0
    return None


def _zone_note(text: str, iv: Interval, zone: str, doc: Doc) -> str:
    """Say which calendar day it was elsewhere when a zoned time crosses midnight."""
    if not zone or norm_key(zone) == "local time":
        return ""
    off = _zone_offset(zone, iv.start.date())
    if off is None:
        return ""
    notes = []
    utc_a, utc_b = iv.start - timedelta(hours=off), iv.end - timedelta(hours=off)
    if utc_a.date() != iv.start.date() or utc_b.date() != iv.end.date():
        day = utc_b.date() if utc_b.date() != iv.end.date() else utc_a.date()
        notes.append(f"{text} is {day:%A} {day.isoformat()} in UTC")
    anchor_off = _anchor_offset(doc.anchor)
    if anchor_off is not None and anchor_off != 0 and anchor_off != off:
        loc_b = iv.end - timedelta(hours=off) + timedelta(hours=anchor_off)
        if loc_b.date() != iv.end.date():
            notes.append(f"{loc_b:%A} {loc_b.date().isoformat()} at the publisher's UTC{anchor_off:+g}")
    return "; ".join(notes)


def _clock_day(m: Mention, doc: Doc, clock: time | None = None) -> date:
    """The day of a clock time or part of day: the day written with it, else the narrative's day
    (the day of the night "overnight" names that holds the clock), else publication's (the day
    before when the clock is later than a past-tense story was published)."""
    a = doc.anchor.day
    dayword = norm_key(m.g("dayword"))
    if m.g("gmtday") and not dayword and clock is not None:
        return _local_day_of_gmt(m, doc, clock)
    if m.g("weekday"):
        wd = weekday_number(m.g("weekday"))
        direction = doc.tense(m) or "past"
        cands = _weekday_days(a, wd, 7)
        return _pick(cands, a, direction)
    if m.g("month"):
        mo, dd = month_number(m.g("month")), int(re.match(r"\d+", m.g("day")).group())
        cands = [c for c in (D.safe_date(y, mo, dd) for y in (a.year - 1, a.year, a.year + 1)) if c]
        return _pick(cands, a, doc.tense(m)) or a
    if dayword in _REL_DAY:
        return a + timedelta(days=_REL_DAY[dayword])
    ref = _reference(doc, m, ("day", "part-of-day"), sentences_back=1)
    if ref is not None:
        iv = ref.interval
        if clock is not None:
            for k in range((iv.end.date() - iv.start.date()).days + 1):
                day = iv.start.date() + timedelta(days=k)
                if iv.start <= datetime.combine(day, clock) <= iv.end:
                    return day
        return iv.start.date()
    if clock is not None and doc.anchor.clock is not None and clock > doc.anchor.clock and doc.tense(m) != "future":
        return a - timedelta(days=1)
    return a


def _local_day_of_gmt(m: Mention, doc: Doc, clock: time) -> date:
    """'2:30 a.m. local time (2330 GMT Thursday)': the weekday is GMT's; the local day follows from the
    difference of the two clocks (a zone is at most 12 hours behind or 14 ahead)."""
    gmt = m.g("gmt")
    gh, gm = int(gmt[:-2]), int(gmt[-2:])
    a = doc.anchor.day
    gday = _pick(_weekday_days(a, weekday_number(m.g("gmtday")), 7), a, doc.tense(m) or "past")
    diff = (clock.hour * 60 + clock.minute) - (gh * 60 + gm)
    diff = (diff + 720) % 1440 - 720
    if diff < -720 + 120:  # +12..+14 hours east of GMT (Pacific islands) wrap to the far side
        diff += 1440
    local = datetime.combine(gday, time(gh % 24, gm % 60)) + timedelta(minutes=diff)
    return local.date()


def _range_end_day(m: Mention, doc: Doc) -> date | None:
    """'from 4 p.m. to 7 p.m. on Sunday': the first clock's day is the second one's."""
    ahead = _clock_range_end().match(doc.text, m.end, m.end + 60)
    if ahead is None:
        return None
    a = doc.anchor.day
    return _pick(_weekday_days(a, weekday_number(ahead.group("wd")), 7), a, doc.tense(m) or "past")


@lru_cache(maxsize=1)
def _clock_range_end() -> re.Pattern:
    days = "|".join(k.title() for k in words("weekdays"))
    return re.compile(r"\s*(?:-|–|to|until|till|and)\s+(?:about\s+)?(?:\d{1,2}(?:[:.]\d\d)?\s*[ap]\.?\s?m\.?|noon|"
                      r"midnight)(?:\s+local\s+time)?,?\s+(?:on\s+)?(?P<wd>" + days + r")\b")


def r_clock(m: Mention, doc: Doc) -> Timex | None:
    if m.g("noon"):
        word = norm_key(m.g("noon"))
        hh, mm = (24, 0) if word == "midnight" else (12, 0)
    elif m.g("hour"):
        hh, mm = int(m.g("hour")), int(m.g("minute") or 0)
        if hh > 12 or hh == 0:
            return None
        # "10 p.m."; "4 in the morning", "7 in the evening": the part of day tells a.m. from p.m.
        pm = m.g("ampm").lower().startswith("p") or norm_key(m.g("podclock")) in ("afternoon", "evening", "night")
        hh = (hh % 12) + (12 if pm else 0)
    elif m.g("hhmm"):
        hh, mm = int(m.g("hhmm")), int(m.g("mm"))
    else:
        hh, mm = int(m.g("h24")), int(m.g("m24"))
    d = None if m.g("dayword") else _range_end_day(m, doc)
    d = d or _clock_day(m, doc, time(min(hh, 23), mm if hh < 24 else 59))
    if hh == 24:
        moment = datetime.combine(d, time(23, 59))
        iv = Interval(moment, moment, "hour")
        value = f"{D.v_day(d)}T24:00"
    else:
        moment = datetime.combine(d, time(hh, mm))
        iv = D.iv_hour(moment)
        value = f"{D.v_day(d)}T{hh:02d}:{mm:02d}"
    zone = _zone(m)
    return build(m, doc, value, iv, label=f"{moment:%H:%M}" + (f" {zone}" if zone else ""),
                 tz=zone, note=_zone_note(m.text, iv, zone, doc), mod=_mod(m.g("mod")))


# ------------------------------------------------------------------ vague references, durations, sets
def _ref_window(m: Mention, doc: Doc, value: str, unit: str = "") -> Timex:
    a = doc.anchor.day
    windows = words("vague_windows")
    if value == "PRESENT_REF":
        return build(m, doc, value, D.iv_day(a), label="the publication day")
    key = unit or ("past" if "past" in norm_key(m.text) else ("soon" if "soon" in norm_key(m.text) else "default"))
    days = windows.get(key, windows["default"])
    if value == "PAST_REF":
        iv = days_interval(a - timedelta(days=days), a, "vague")
    else:
        iv = days_interval(a, a + timedelta(days=days), "vague")
    return build(m, doc, value, iv, label=f"a vague window of {days} days "
                                            f"{'before' if value == 'PAST_REF' else 'after'} publication")


_PAST_BEFORE = re.compile(r"\b(?:was|were|had|did|then)\s+$")
_PAST_AFTER = re.compile(r"\s+(?:[a-z]*[^e\s]ed|became|began|came|went|took|made|fell|rose|left|grew|found|saw|gave|ran|spread)\b")


def _narrative_past(m: Mention, doc: Doc) -> bool:
    """The verb next to the adverb is in the past: "were soon overwhelmed", "soon became"."""
    return bool(_PAST_BEFORE.search(doc.text, max(0, m.start - 12), m.start)
                or _PAST_AFTER.match(doc.text, m.end, m.end + 20))


def r_ref(m: Mention, doc: Doc) -> Timex | None:
    if m.rule.params.get("drop_past") and _narrative_past(m, doc):
        return None  # "the guards were soon overwhelmed": a narrative adverb, not a time ahead of publication
    unit = norm_key(m.g("unit") or m.g("unit2"))
    return _ref_window(m, doc, m.rule.params["value"], unit)


_IN_SMALLER = {"Q": (3, "M"), "DE": (10, "Y"), "CE": (100, "Y"), "FN": (2, "W"), "ML": (1000, "Y")}


def _duration_value(n, code: str, half: bool = False) -> str | None:
    if code in _IN_SMALLER and n != "X":
        # ISO 8601 has no quarter, decade or century designator: TIMEX3 writes them as months / years,
        # so "a decade and a half" is P15Y (not P10Y5Y) and "half a century" P50Y
        k, small = _IN_SMALLER[code]
        total = (float(n) + (0.5 if half else 0)) * k
        return _duration_value(int(total) if total.is_integer() else total, small)
    if code == "Q":
        return "PXM"
    if n == "X":
        return ("PT" if code in ("S", "MIN", "H") else "P") + "X" + {"MIN": "M", "DE": "E", "CE": "C", "FN": "W", "ML": "L"}.get(code, code)
    if isinstance(n, float) and not n.is_integer() or half:
        n = float(n) + (0.5 if half else 0)
        if n.is_integer():
            n = int(n)
        else:
            smaller = {"H": ("MIN", 60), "MIN": ("S", 60), "D": ("H", 24), "W": ("D", 7), "M": ("D", 30),
                       "Y": ("M", 12), "DE": ("Y", 10)}
            if code not in smaller:
                return None
            whole = int(n)
            small, k = smaller[code]
            rest = round((n - whole) * k)
            head = _duration_value(whole, code) if whole else ""
            tail = _duration_value(rest, small)
            if head and tail:
                if code in ("S", "MIN", "H") or small not in ("S", "MIN", "H"):
                    return head + tail.split("T")[-1].lstrip("P")
                return head + "T" + tail.split("T")[-1]
            return tail
    n = int(n)
    if code == "DE":
        return f"P{10 * n}Y"
    if code == "CE":
        return f"P{100 * n}Y"
    if code in ("S", "MIN", "H"):
        return f"PT{n}{'M' if code == 'MIN' else code}"
    return f"P{n}{code}"


def _without_first_word(m: Mention) -> Mention:
    k = re.match(r"\S+\s+", m.text).end()
    return Mention(m.start + k, m.end, m.text[k:], m.rule, m.groups)


def _attributive(m: Mention, n) -> bool:
    """'a six-year war', 'the two day summit': the duration modifies a noun (unit singular after n > 1)."""
    unit = norm_key(m.g("unit"))
    hyphen = re.search(r"-\s*" + re.escape(m.g("unit")) + r"(?:-long)?$", m.text, re.I)
    return bool(hyphen) or (not unit.endswith("s") and n != 1 and n != "X")


def r_duration(m: Mention, doc: Doc) -> Timex | None:
    n = number_value(m.g("num"))
    code = words("units").get(norm_key(m.g("unit")))
    if n is None or code is None:
        return None
    if norm_key(m.g("pre")) == "the" and _attributive(m, n):
        m = _without_first_word(m)  # TimeML: the determiner of "the eight-year war" is outside the extent
    if code == "S" and norm_key(m.g("num")) in ("a", "an", "one") and not m.g("pre"):
        return None  # "a second term"
    if code == "Q" and _fraction(m, doc):
        return None  # "three-quarters of its food": a fraction, not nine months
    value = _duration_value(n, code, bool(m.g("half") or m.g("half2")))
    if value is None:
        return None
    return build(m, doc, value, None, mod=_mod(m.g("mod")),
                 label=f"a duration of {m.g('num')} {_UNIT_NAMES[code]}(s), not a date")


_FRACTION_OF = re.compile(r"\s+of\s+(?!(?:the\s+)?(?:fiscal\s+|calendar\s+)?(?:year|\d{4})\b)", re.I)


def _fraction(m: Mention, doc: Doc) -> bool:
    """'three-quarters', 'a quarter of the budget': a share of something, not a span of time."""
    if m.g("pre") or norm_key(m.g("num")) not in ("a", "one", "two", "three", "1", "2", "3"):
        return False
    return bool(re.search(r"\w-quarters$", m.text, re.I) or _FRACTION_OF.match(doc.text, m.end))


def r_duration_indefinite(m: Mention, doc: Doc) -> Timex | None:
    """"for some time", "for a while": a stretch of unknown length and unit (TIMEX3 PXX)."""
    return build(m, doc, "PXX", None, label="a vague duration, not a date")


def r_duration_vague(m: Mention, doc: Doc) -> Timex | None:
    code = words("units").get(norm_key(m.g("unit")))
    if code is None:
        return None
    return build(m, doc, _duration_value("X", code), None, label="a vague duration, not a date")


# a quarter as a period of recurrence is P1Q, as TimeBank marks "every quarter" (train 1:0)
_SET = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "quarterly": "P1Q", "annually": "P1Y",
        "yearly": "P1Y", "hourly": "PT1H", "nightly": "P1D", "annual": "P1Y", "biannual": "P6M",
        "semiannual": "P6M", "bimonthly": "P2M", "biweekly": "P2W"}
_POD_SET = {"night": "NI", "nightly": "NI", "morning": "MO", "afternoon": "AF", "evening": "EV"}


def r_set(m: Mention, doc: Doc) -> Timex | None:
    w = norm_key(m.g("w"))
    last = w.split()[-1]
    if last in _POD_SET:  # "every night", "nightly": a part of every day, as "weeknights" / "Tuesday nights"
        return build(m, doc, "XXXX-XX-XXT" + _POD_SET[last], None, label="a recurring time, not a date")
    if w in _SET or last in _SET:
        value = _SET.get(w) or _SET[last]  # "daily", "twice daily"
    else:
        unit = w.split()[-1]
        code = {"day": "D", "night": "D", "morning": "D", "evening": "D", "week": "W", "month": "M",
                "year": "Y", "hour": "H", "quarter": "Q", "decade": "DE", "weekend": "WE"}[unit]
        value = "P1Q" if code == "Q" else _duration_value(1, "MIN" if code == "MIN" else code)
    return build(m, doc, value, None, label="a recurring time, not a date")


def r_set_every(m: Mention, doc: Doc) -> Timex | None:
    """'every four years' P4Y, 'every other day' P2D, 'every few weeks' PXW: a recurrence, never a date."""
    code = words("units").get(norm_key(m.g("unit")))
    q = norm_key(m.g("num"))
    return _undated_span(m, doc, 2 if q == "other" else number_value(q), code, "a recurring time, not a date")


def _undated_span(m: Mention, doc: Doc, n, code: str | None, label: str) -> Timex | None:
    """A span of `n` units as a TIMEX3 duration value with no interval (a SET or a DURATION)."""
    if code is None or n is None:
        return None
    value = _duration_value(n, code)
    return None if value is None else build(m, doc, value, None, label=label)


def r_set_named(m: Mention, doc: Doc) -> Timex | None:
    """'each July' XXXX-07, 'every winter' XXXX-WI: a month or season of every year."""
    if m.g("month"):
        value = f"XXXX-{month_number(m.g('month')):02d}"
    else:
        value = "XXXX-" + words("seasons")[norm_key(m.g("season"))]
    return build(m, doc, value, None, label="a recurring time, not a date")


def r_duration_old(m: Mention, doc: Doc) -> Timex | None:
    """'an 8-month-old truce' P8M, 'a decades-old dispute' PXE: how long a state has lasted."""
    unit = norm_key(m.g("unit") or m.g("unit2"))
    code = words("units").get(unit)
    n = number_value(m.g("num")) if m.g("num") else "X"
    return _undated_span(m, doc, n, code, "a duration, not a date")


def r_duration_compound(m: Mention, doc: Doc) -> Timex | None:
    """'weeklong' P1W, 'yearlong' P1Y; 'decades-long', 'hours-long' PXE, PTXH: a span, never a date."""
    unit = norm_key(m.g("unit") or m.g("unit2"))
    code = words("units").get(unit)
    if code is None:
        return None
    value = _duration_value("X" if unit.endswith("s") else 1, code)
    return build(m, doc, value, None, label="a duration, not a date")


def r_set_weekday(m: Mention, doc: Doc) -> Timex | None:
    wd = weekday_number(m.g("weekday") or m.g("weekdays") or m.g("weekday2"))
    pod = norm_key(m.g("pod") or m.g("pod2") or m.g("pod3")).rstrip("s")
    value = f"XXXX-WXX-{wd}" + (f"T{words('parts_of_day')[pod]}" if pod else "")
    return build(m, doc, value, None, label="a recurring day, not a date")


def _holiday_days(key: str, y: int) -> list[date]:
    """The day(s) the holiday named `key` falls on in year y ("Eid" alone: either Eid)."""
    spec = words("holidays").get(key)
    if spec is None:
        spec = words("holidays_world")[key]
    specs = ("eid_al_fitr", "eid_al_adha") if spec == "eid" else (spec,)
    return [d for s in specs for d in D.holiday_days(s, y)]


def r_holiday(m: Mention, doc: Doc) -> Timex | None:
    key = norm_key(m.g("holiday"))
    a = doc.anchor.day
    if m.g("year"):
        cands = _holiday_days(key, int(m.g("year")))
        d = cands[0] if len(cands) == 1 else None
        basis = "explicit"
    else:
        cands = [c for y in (a.year - 1, a.year, a.year + 1) for c in _holiday_days(key, y)]
        nearest = _pick(cands, a, None)
        if not m.g("rel") and nearest is not None and abs((nearest - a).days) <= HOLIDAY_NEAR_DAYS:
            d = nearest  # a holiday days away is that one, whatever the tense ("a truce ordered for Christmas")
        else:
            d = _pick(cands, a, _direction(m, doc, m.g("rel")))
        basis = "relative"
    if d is None:
        return None
    if words("holidays_world").get(key) == "ramadan":
        last = D.holiday_after("eid_al_fitr", d)
        if last is None or last <= d:
            return None
        iv = days_interval(d, last - timedelta(days=1), "month")
        return build(m, doc, D.v_month(d.year, d.month), iv, basis=basis,
                     label=f"the month of Ramadan {d.year}", how="the fast ends on the eve of Eid al-Fitr")
    return build(m, doc, D.v_day(d), D.iv_day(d), basis=basis, label=explain.day_label(d))


def r_year_ago_adjective(m: Mention, doc: Doc) -> Timex | None:
    a = doc.anchor.day
    if doc.last_quarter and _FIN.search(doc.text, *doc.sentence(m.start)):
        y, q = doc.last_quarter
        return build(m, doc, f"{y - 1:04d}-Q{q}", D.iv_quarter(y - 1, q), how="the same quarter a year before")
    return build(m, doc, f"{a.year - 1:04d}", D.iv_year(a.year - 1), label="the year before publication")


def r_weekend(m: Mention, doc: Doc) -> Timex | None:
    w = norm_key(m.g("w"))
    a = doc.anchor.day
    saturday = a - timedelta(days=a.weekday()) + timedelta(days=5)  # this ISO week's Saturday
    if "next" in w or "coming" in w:
        d = saturday if saturday > a else saturday + timedelta(weeks=1)
    elif "last" in w or "past" in w:
        d = saturday if saturday + timedelta(days=1) < a else saturday - timedelta(weeks=1)
    else:
        future = doc.tense(m) == "future"
        if a >= saturday:  # published on the weekend: that weekend
            d = saturday
        else:
            d = saturday if future else saturday - timedelta(weeks=1)
    return build(m, doc, f"{D.v_week(d)}-WE", D.iv_weekend(d), label=f"the weekend of {d.isoformat()}")


def r_the_year(m: Mention, doc: Doc) -> Timex | None:
    if norm_key(m.g("w")) == "the week":
        # "for the week", "the week's busiest session": the week of publication (market reports);
        # "the week before the vote" leans on an event and is left alone
        if not (m.g("skip") or re.match(r"[\'’]s\b", doc.text[m.end:m.end + 3])) or \
                re.match(r"\s+(?:of|following|ending|ended|before|after|that|when|in\s+which)\b", doc.text[m.end:m.end + 20]):
            return None
        value, iv = unit_value("week", doc.anchor.day, 0)
        return build(m, doc, value, iv, label=_week_label(value, iv) + " (the week of publication)")
    if re.match(r"\s+(?:ended|ending|to\s+(?:date|[A-Z])|through)\b", doc.text[m.end:m.end + 20]):
        return build(m, doc, "P1Y", None, type_="DURATION", label="a span of one year, not a date")
    y = doc.anchor.day.year
    return build(m, doc, f"{y:04d}", D.iv_year(y), label="the year of publication")


_SMALL = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
          "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
          "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
          "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}


def r_spelled_year(m: Mention, doc: Doc) -> Timex | None:
    parts = re.split(r"[\s-]+", norm_key(m.g("w")))
    if parts[0] == "nineteen":
        y = 1900 + sum(_SMALL[p] for p in parts[1:])
    else:
        y = 2000 + sum(_SMALL.get(p, 0) for p in parts[2:])
    mo = month_number(m.g("month")) if m.g("month") else None
    if m.g("season"):
        code = words("seasons")[norm_key(m.g("season"))]
        return build(m, doc, f"{y:04d}-{code}", D.iv_season(y, code), basis="explicit")
    if mo:
        return build(m, doc, D.v_month(y, mo), D.iv_month(y, mo), basis="explicit")
    return build(m, doc, f"{y:04d}", D.iv_year(y), basis="explicit")


RESOLVERS = {name[2:]: fn for name, fn in globals().items() if name.startswith("r_") and callable(fn)}
SECOND_PASS = {"clock", "next_day", "event_relative", "ago", "ago_vague"}

from . import resolve_news as _news  # noqa: E402  (its resolvers reuse the helpers above)
from .resolve_dateline import report_day  # noqa: E402

_news.register(RESOLVERS, SECOND_PASS)


# Temporal words inside a proper name date nothing (TimeML, after TIDES: names are not markable):
# "USA Today", "VOA Today", the film "High Noon" (a deictic word capitalised right after a capitalised
# word, not after a full stop), the TV show "This Week" (a capitalised unit after This/Next/Last; a
# sentence-initial "This week" keeps its lower-case unit).
_TITLED_UNIT = re.compile(r"(?:This|Next|Last)\s+(?:Week|Month|Year|Morning|Evening)")
_TITLED_WORD = re.compile(r"Today|Tonight|Tomorrow|Yesterday|Noon|Midnight")
_NAME_WORD_BEFORE = re.compile(r"\b[A-Z][\w&'’-]*\s+$")


@lru_cache(maxsize=4096)
def _titled(text: str) -> tuple[bool, bool]:
    """Whether `text` is a titled unit ("This Week"), and whether it is a titled word ("Today")."""
    return bool(_TITLED_UNIT.fullmatch(text)), bool(_TITLED_WORD.fullmatch(text))


def _in_a_name(m: Mention, doc: Doc) -> bool:
    unit, word = _titled(m.text)
    if unit:
        return True
    return bool(word and _NAME_WORD_BEFORE.search(doc.text, max(0, m.start - 30), m.start))


def _safe(m: Mention, doc: Doc) -> Timex | None:
    """Dates at the edges of the calendar (year 1, 9999) cannot be moved: drop the mention."""
    if _in_a_name(m, doc):
        return None
    try:
        return RESOLVERS[m.rule.norm](m, doc)
    except (OverflowError, ValueError):
        return None


def resolve_all(mentions: list[Mention], text: str, anchor: Anchor, starts: list[int]) -> list[Timex]:
    """Resolve in two passes: plain expressions first, then those that lean on the article's dates.

    A dateline naming the day before publication (a UTC stamp past the story's midnight) is the day the
    story is read against (resolve_dateline.py)."""
    told = report_day(text, anchor.day)
    if told is not None:
        stamped = anchor.day     # report_day(text, told) is None: the call below resolves as usual
        timexes = resolve_all(mentions, text, Anchor(told, None, anchor.tz), starts)
        head = f"in an article published {explain.published(Anchor(told))}"
        note = f"in a story datelined {explain.day_label(told)} (stamped {stamped.isoformat()})"
        return [replace(t, explanation=t.explanation.replace(head, note, 1)) for t in timexes]
    doc = Doc(text, anchor, starts)
    out: dict[int, Timex] = {}
    for i, m in enumerate(mentions):
        if m.rule.norm in SECOND_PASS:
            continue
        t = _safe(m, doc)
        if t is not None:
            out[i] = t
            doc.found.append(t)
    doc.found.sort(key=lambda t: t.start)
    doc.last_quarter = None
    for i, m in enumerate(mentions):
        if m.rule.norm == "quarter":
            t = out.get(i)
            if t is not None:
                doc.last_quarter = (int(t.value[:4]), int(t.value[-1]))
        if m.rule.norm not in SECOND_PASS:
            continue
        t = _safe(m, doc)
        if t is not None:
            out[i] = t
            bisect.insort(doc.found, t, key=lambda x: x.start)
    return [out[i] for i in sorted(out)]
