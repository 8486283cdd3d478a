"""RSS and Atom feed files: each entry is an article (its content, else its summary).

The entry's own date string is parsed by parse_published so the time of day and zone of
`pubDate` / `<published>` are kept; feedparser's UTC struct_time is only a fallback.
Fetching the linked page of summary-only entries (--fetch-links) is not done here yet.
"""
from __future__ import annotations

import calendar
from collections.abc import Iterator

import feedparser
import lxml.html
from lxml import etree

from pipeline.records import Anchor, Article, Rejection
from pipeline.readers.build import Defaults, build_article
from pipeline.readers.dates import anchor_from_epoch, parse_published

BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article")


def fragment_text(markup: str) -> str:
    """Text of an HTML fragment, one line per block element; scripts and styles dropped."""
    if "<" not in markup:
        return markup
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return markup
    for bad in root.xpath(".//script|.//style"):
        bad.drop_tree()
    for element in root.iter(*BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    return root.text_content()


def _entry_text(entry) -> str | None:
    parts = [item for item in entry.get("content") or [] if isinstance(item, dict) and item.get("value")]
    if parts:
        best = max(parts, key=lambda item: len(item["value"]))
        return fragment_text(best["value"])
    summary = entry.get("summary") or entry.get("description")
    return fragment_text(summary) if isinstance(summary, str) and summary.strip() else None


def _entry_date(entry, defaults: Defaults) -> Anchor | str | None:
    """Anchor, or a reason string when the entry's date is unusable, or None when it has none."""
    problem = None
    for key in ("published", "updated", "created"):
        raw = dict.get(entry, key)          # plain lookup: no feedparser updated->published alias
        if isinstance(raw, str) and raw.strip():
            try:
                return parse_published(raw, defaults.settings)
            except ValueError as exc:
                problem = problem or f"bad publication date {raw.strip()[:60]!r}: {exc}"
            parsed = dict.get(entry, f"{key}_parsed")
            if parsed:
                try:
                    anchor = anchor_from_epoch(calendar.timegm(parsed))
                    parse_published(anchor.day.isoformat(), defaults.settings)
                    return anchor
                except (ValueError, OverflowError, TypeError):
                    pass
    return problem


def read_feed(text: str, origin: str, defaults: Defaults) -> Iterator[Article | Rejection]:
    parsed = feedparser.parse(text)
    entries = parsed.get("entries") or []
    broken = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not entries:
        if not parsed.get("version"):
            yield Rejection(origin, f"malformed feed: {broken}" if broken else "not an RSS or Atom feed")
        else:
            yield Rejection(origin, "the feed has no entries")
        return
    note = f" (the feed is malformed: {broken})" if broken else ""
    channel = parsed.get("feed") or {}
    site = channel.get("title") or ""
    language = channel.get("language") or ""
    for number, entry in enumerate(entries, start=1):
        where = f"{origin}#{number}"
        body = _entry_text(entry)
        if body is None:
            yield Rejection(where, "feed entry has neither content nor a summary" + note)
            continue
        fields: dict[str, object] = {"text": body, "title": entry.get("title") or "",
                                     "url": entry.get("link") or "", "id": entry.get("id") or None}
        source = entry.get("source")
        if isinstance(source, dict) and source.get("title"):
            fields["source"] = source["title"]
        when = _entry_date(entry, defaults)
        if isinstance(when, str):
            yield Rejection(where, when)
            continue
        if isinstance(when, Anchor):
            fields["published"] = when
        yield build_article(fields, where, defaults, site_name=site, page_language=language)
