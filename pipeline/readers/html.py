"""Saved web pages: main text and title with trafilatura, publication date and time from metadata.

Date cascade (first usable wins), each step returning an Anchor or None like htmldate's:
1. the page's own metadata with time and zone (article:published_time, itemprop/JSON-LD
   datePublished, parsely/sailthru dates, <time pubdate>);
2. htmldate (through trafilatura) without extensive search, so a copyright year or a date
   quoted in the text never becomes the publication date;
3. --published; else the page is rejected.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator

import lxml.html
import trafilatura
from lxml import etree

from pipeline.records import Anchor, Article, Rejection
from pipeline.readers.build import Defaults, build_article
from pipeline.readers.dates import anchor_from_value, parse_published

DATE_META = ("article:published_time", "og:published_time", "og:article:published_time",
             "datepublished", "published_time", "article.published", "parsely-pub-date",
             "sailthru.date", "pubdate", "publishdate", "publish-date", "publication_date",
             "dc.date.issued", "dcterms.issued", "dcterms.created", "dc.date", "date")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
MAX_JSON_LD_CHARS = 200_000


def declared_charset(head: bytes) -> str | None:
    match = _META_CHARSET.search(head[:8192])
    return match.group(1).decode("ascii") if match else None


def _tree(text: str):
    try:
        return lxml.html.document_fromstring(_XML_DECLARATION.sub("", text, count=1))
    except (etree.ParserError, ValueError):
        return None


def _walk_json_ld(value: object, depth: int = 0) -> Iterator[dict]:
    if depth > 6:
        return
    if isinstance(value, dict):
        yield value
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            yield from _walk_json_ld(value.get(key), depth + 1)
    elif isinstance(value, list):
        for item in value[:50]:
            yield from _walk_json_ld(item, depth + 1)


def _date_candidates(tree) -> Iterator[str]:
    metas = {}
    for element in tree.iter("meta"):
        name = (element.get("property") or element.get("name") or element.get("itemprop") or "").strip().lower()
        content = element.get("content")
        if name and content and name not in metas:
            metas[name] = content
    for name in DATE_META:
        if name in metas:
            yield metas[name]
    for element in tree.iter("script"):
        if (element.get("type") or "").strip().lower() != "application/ld+json" or not element.text:
            continue
        if len(element.text) > MAX_JSON_LD_CHARS:
            continue
        try:
            data = json.loads(element.text)
        except (json.JSONDecodeError, RecursionError):
            continue
        for node in _walk_json_ld(data):
            if isinstance(node.get("datePublished"), str):
                yield node["datePublished"]
    for element in tree.iter("time"):
        if element.get("datetime") and (element.get("pubdate") is not None
                                         or (element.get("itemprop") or "").lower() == "datepublished"):
            yield element.get("datetime")


def page_date(tree, defaults: Defaults) -> tuple[Anchor | None, str]:
    """The metadata date with time and zone, or (None, the first reason a candidate failed)."""
    problem = ""
    for candidate in _date_candidates(tree):
        try:
            return parse_published(candidate, defaults.settings), ""
        except ValueError as exc:
            problem = problem or f"the page's publication date {candidate.strip()[:60]!r} is unusable: {exc}"
    return None, problem


def _meta(tree, *names: str) -> str:
    for element in tree.iter("meta"):
        name = (element.get("property") or element.get("name") or "").strip().lower()
        if name in names and element.get("content"):
            return element.get("content")
    return ""


def read_html(text: str, origin: str, defaults: Defaults) -> Iterator[Article | Rejection]:
    tree = _tree(text)
    if tree is None:
        yield Rejection(origin, "malformed HTML: the page could not be parsed")
        return
    anchor, problem = page_date(tree, defaults)
    settings = defaults.settings
    document = trafilatura.bare_extraction(
        text, with_metadata=True, include_comments=False, include_tables=True,
        date_extraction_params={"extensive_search": False, "original_date": True,
                                "outputformat": "%Y-%m-%d",
                                "max_date": (settings.not_after or settings.latest).isoformat()})
    body = (document.text if document is not None else "") or ""
    if not body.strip():
        yield Rejection(origin, "no article text found in the page (empty, script-only or without a body)")
        return
    if anchor is None and problem:
        # The page states a date that cannot be right; htmldate would "repair" it
        # (2024-02-30 becomes 2024-02-01), so refuse rather than guess.
        yield Rejection(origin, problem)
        return
    if anchor is None and document is not None and document.date:
        try:
            anchor = anchor_from_value(document.date, settings)
        except ValueError:
            anchor = None
    html_root = tree if tree.tag == "html" else tree.getroottree().getroot()
    fields: dict[str, object] = {
        "text": body,
        "title": (document.title if document is not None else "") or _meta(tree, "og:title")
        or (tree.findtext(".//title") or ""),
        "url": (document.url if document is not None else "") or _meta(tree, "og:url"),
    }
    if anchor is not None:
        fields["published"] = anchor
    site = (document.sitename if document is not None else "") or _meta(tree, "og:site_name")
    yield build_article(fields, origin, defaults, site_name=site or "",
                        page_language=html_root.get("lang") or _meta(tree, "og:locale") or "")
