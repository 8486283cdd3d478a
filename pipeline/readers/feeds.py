"""RSS and Atom feed files: each entry is an article (its content, else its summary).

The entry's own date string is parsed by parse_published so the time of day and zone of
`pubDate` / `<published>` are kept; feedparser's UTC struct_time is only a fallback.
With ReaderSettings.fetch_links (--fetch-links), an entry whose text is only a short summary
(under summary_chars) and that links to a page has the page fetched and its main text used;
the page's publication date wins, else the entry's is kept. A failed fetch keeps the summary.
"""
from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import replace

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


def _linked_page(link: str, when: Anchor | None, defaults: Defaults) -> Article | None:
    """The linked page as an Article (dated by the entry when the page has no date), or None."""
    from pipeline.readers.decode import decode_bytes
    from pipeline.readers.fetch import fetch, media_kind
    from pipeline.readers.html import declared_charset, read_html

    try:
        fetched = fetch(link, defaults.settings)
        if media_kind(fetched.media_type, fetched.url, {}) not in ("xml", "unknown") or not fetched.data:
            return None
        text = decode_bytes(fetched.data, fetched.charset or declared_charset(fetched.data))
        page_defaults = replace(defaults, published=when or defaults.published)
        page = next(iter(read_html(text, link, page_defaults)), None)
    except Exception:  # noqa: BLE001 - any failure keeps the entry's summary
        return None
    return page if isinstance(page, Article) else None


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
        link = fields["url"]
        settings = defaults.settings
        if (settings.fetch_links and isinstance(link, str) and link.lower().startswith(("http://", "https://"))
                and len(body.strip()) < settings.summary_chars):
            page = _linked_page(link, when, defaults)
            if page is not None:
                fields["text"] = page.text
                fields["published"] = page.anchor
                fields["title"] = fields["title"] or page.title
        yield build_article(fields, where, defaults, site_name=site, page_language=language)
