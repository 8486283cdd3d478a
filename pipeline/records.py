"""Typed records that flow between the pipeline stages.

Every stage is a pure function from records to records:
ingest -> Article, sentences -> Sentence, temporal -> Timex, signals -> Signal,
events -> TimelineEvent, store -> rows. Offsets are character offsets into the
article text (Python string indices, end exclusive).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

# Contract column order (../shared/CONTRACT.md); extensions are appended at the end only.
EVENT_FIELDS: tuple[str, ...] = (
    "event_id", "article_id", "source", "url", "title", "published", "sentence",
    "char_start", "char_end", "time_expression", "timex_value", "date_basis",
    "event_start", "event_end", "event_date", "granularity", "actor", "target",
    "speaker", "signal", "category", "score", "confidence", "cue",
    "cluster_id", "reports",
    # additions of this product, after the contract's columns
    "date_explanation", "modality", "polarity", "local_date_note",
)

SIGNALS = ("escalation", "de-escalation", "neutral")
GRANULARITIES = ("hour", "part-of-day", "day", "week", "month", "quarter", "season",
                 "year", "decade", "vague")
DATE_BASES = ("explicit", "relative", "publication")


@dataclass(frozen=True)
class Anchor:
    """The moment a text is read against: the article's publication date (and time, zone)."""

    day: date
    clock: time | None = None       # publication time of day, when the source gives it
    tz: str | None = None           # "+02:00", "UTC", "America/New_York" ... as given

    @property
    def iso(self) -> str:
        if self.clock is None:
            return self.day.isoformat()
        stamp = datetime.combine(self.day, self.clock).isoformat(timespec="minutes")
        return stamp + (self.tz if self.tz and self.tz[0] in "+-Z" else "")


@dataclass(frozen=True)
class Article:
    article_id: str
    text: str
    anchor: Anchor
    published: str                  # as it will be shown and exported (ISO date or date-time)
    title: str = ""
    source: str = ""
    url: str = ""
    language: str = "en"
    origin: str = ""                # the input it came from (file path, URL, "file.jsonl:3")


@dataclass(frozen=True)
class Rejection:
    """An input that could not be read, with a reason a person can act on."""

    origin: str
    reason: str

    def message(self) -> str:
        return f"{self.origin}: {self.reason}"


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Interval:
    """A closed interval [start, end] in the event's local time, with its granularity."""

    start: datetime
    end: datetime
    granularity: str

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"interval end {self.end} before start {self.start}")

    @property
    def plot_day(self) -> date:
        """The single best day to plot: the middle of the interval."""
        middle = self.start + (self.end - self.start) / 2
        return middle.date()

    def iso_start(self) -> str:
        return _iso(self.start, self.granularity)

    def iso_end(self) -> str:
        return _iso(self.end, self.granularity)


def _iso(moment: datetime, granularity: str) -> str:
    if granularity in ("hour", "part-of-day"):
        return moment.isoformat(timespec="minutes")
    return moment.date().isoformat()


def day_interval(day: date) -> Interval:
    return Interval(datetime.combine(day, time.min), datetime.combine(day, time(23, 59)), "day")


def days_interval(first: date, last: date, granularity: str) -> Interval:
    return Interval(datetime.combine(first, time.min), datetime.combine(last, time(23, 59)), granularity)


@dataclass(frozen=True)
class Timex:
    """A temporal expression found in a text, with its TIMEX3 value and resolved interval.

    `interval` is None for expressions that are not a point or span on the calendar
    (DURATION, SET, or a value that could not be resolved).
    """

    start: int
    end: int
    text: str
    type: str                       # DATE, TIME, DURATION, SET
    value: str                      # TIMEX3 value: 2024-04-13TEV, 2024-W14, PAST_REF, P3D, XXXX-WXX-5 ...
    interval: Interval | None = None
    basis: str = "relative"         # explicit | relative
    mod: str = ""                   # TIMEX3 mod: START, MID, END, APPROX, ...
    explanation: str = ""           # how it was resolved, for a person
    tz: str = ""                    # zone named in the text ("local time", "EST"), when given
    local_date_note: str = ""       # e.g. "late Saturday US Eastern time is Sunday in Tehran"

    @property
    def is_datable(self) -> bool:
        return self.interval is not None and self.type in ("DATE", "TIME")


@dataclass(frozen=True)
class Signal:
    """One escalation / de-escalation signal found in a clause of a sentence."""

    sentence_index: int
    start: int                      # clause span in the article text
    end: int
    signal: str                     # escalation | de-escalation | neutral
    category: str
    score: float                    # -10 .. +10
    confidence: float               # 0 .. 1
    cue: str                        # the words that made it a signal
    cue_start: int = -1             # cue span in the article text (-1 when not a single span)
    cue_end: int = -1
    actor: str = ""
    target: str = ""
    speaker: str = ""
    polarity: str = "asserted"      # asserted | negated
    modality: str = "actual"        # actual | future | conditional | hypothetical | question


@dataclass(frozen=True)
class TimelineEvent:
    event_id: str
    article_id: str
    source: str
    url: str
    title: str
    published: str
    sentence: str
    char_start: int
    char_end: int
    time_expression: str
    timex_value: str
    date_basis: str
    event_start: str
    event_end: str
    event_date: str
    granularity: str
    actor: str
    target: str
    speaker: str
    signal: str
    category: str
    score: float
    confidence: float
    cue: str
    cluster_id: str = ""
    reports: int = 1
    date_explanation: str = ""
    modality: str = ""
    polarity: str = ""
    local_date_note: str = ""

    def row(self) -> dict:
        return {name: getattr(self, name) for name in EVENT_FIELDS}


@dataclass
class RunSummary:
    """What one ingest run did, for the command line's report."""

    read: int = 0
    new: int = 0
    unchanged: int = 0
    replaced: int = 0
    events: int = 0
    rejections: list[Rejection] = field(default_factory=list)


def week_bounds(day: date) -> tuple[date, date]:
    """Monday..Sunday of the ISO week containing `day`."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)
