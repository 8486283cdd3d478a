"""Limits and plausibility windows of the readers, in one frozen settings object.

Like htmldate's MIN_DATE/MAX_DATE, the publication-date window is a setting, not a
constant buried in a parser. The readers never read the wall clock: a caller that
wants to refuse publication dates in the future passes `not_after` (the command line
passes the day after the run's date, so a zone ahead of the analyst's is not refused).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ReaderSettings:
    earliest: date = date(1900, 1, 1)       # older "publication dates" are almost always junk
    latest: date = date(2100, 12, 31)       # year 9999 and friends are placeholders, not dates
    not_after: date | None = None           # e.g. the day of the run; None: no future check
    max_bytes: int = 50 * 1024 * 1024       # per input file (or stdin)
    max_text_chars: int = 2_000_000         # per article, after cleaning
    max_title_chars: int = 2_000            # longer titles are cut, not rejected
    max_errors_per_file: int = 1_000        # after this many bad records, the rest of a file is skipped
    allow_private_urls: bool = False        # fetch from loopback/private/link-local hosts (--allow-private-urls)
    fetch_links: bool = False               # summary-only feed entries: fetch the linked page (--fetch-links)
    fetch_timeout: float = 15.0             # seconds, to connect and for each read of a URL
    fetch_deadline: float = 60.0            # seconds, for one whole download including redirects
    max_fetch_bytes: int = 10 * 1024 * 1024  # per fetched URL; the download stops at this size
    summary_chars: int = 400                # feed entry text shorter than this is "only a summary"

    def __post_init__(self) -> None:
        if self.latest < self.earliest:
            raise ValueError("ReaderSettings.latest is before ReaderSettings.earliest")
        if self.max_bytes <= 0 or self.max_text_chars <= 0 or self.max_fetch_bytes <= 0:
            raise ValueError("ReaderSettings limits must be positive")
        if self.fetch_timeout <= 0 or self.fetch_deadline <= 0:
            raise ValueError("ReaderSettings fetch timeouts must be positive")


DEFAULT_SETTINGS = ReaderSettings()
