"""From the fields a reader found to an Article, or a Rejection saying what is missing."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.datafiles import load_yaml
from pipeline.records import Anchor, Article, Rejection
from pipeline.readers.clean import clean_line, clean_text
from pipeline.readers.dates import anchor_from_value, published_text
from pipeline.readers.ids import article_id
from pipeline.readers.settings import DEFAULT_SETTINGS, ReaderSettings

NO_DATE = "no publication date: give one in the file or with --published"
_LANGUAGE_TAG = re.compile(r"([a-z]{2,3})(?:[-_][a-z0-9]+)*")


@dataclass(frozen=True)
class Defaults:
    """What the command line supplies for inputs that lack it."""

    published: Anchor | None = None
    source: str | None = None
    settings: ReaderSettings = DEFAULT_SETTINGS


@lru_cache(maxsize=1)
def field_names() -> dict[str, list[str]]:
    data = load_yaml(Path(__file__).with_name("fields.yaml"))
    return {name: variants for name, variants in data.items() if name != "examples"}


def field_key(name: object) -> str:
    return re.sub(r"[^0-9a-z]", "", str(name).lower())


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def pick_fields(record: Mapping) -> dict[str, object]:
    """Canonical field name -> value, taking the first present variant of each name."""
    by_key: dict[str, object] = {}
    for name, value in record.items():
        by_key.setdefault(field_key(name), value)
    picked: dict[str, object] = {}
    for field, variants in field_names().items():
        for variant in variants:
            if _present(by_key.get(variant)):
                picked[field] = by_key[variant]
                break
    return picked


def _scalar_text(value: object) -> str:
    """Title/source/url/id values: text or numbers; a {"name": ...} object gives its name."""
    if isinstance(value, Mapping):
        value = value.get("name") or value.get("title") or ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return ""
    return clean_line(str(value))


def _language(value: object) -> str:
    raw = _scalar_text(value).lower()
    match = _LANGUAGE_TAG.fullmatch(raw)
    return match.group(1) if match else (raw or "en")


def _safe_url(value: object) -> str:
    url = _scalar_text(value)
    return url if re.match(r"https?://", url, re.I) else ""


def _body(value: object) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and value and all(isinstance(part, str) for part in value):
        return "\n\n".join(value)          # paragraphs given as a list
    return None


def _kind(value: object) -> str:
    return {dict: "an object", list: "a list", bool: "true/false", int: "a number",
            float: "a number"}.get(type(value), type(value).__name__)


def build_article(fields: Mapping[str, object], origin: str, defaults: Defaults,
                  site_name: str = "", page_language: str = "") -> Article | Rejection:
    """Validate and normalise one record's canonical fields (see pick_fields)."""
    settings = defaults.settings
    if "text" not in fields:
        return Rejection(origin, "no text: expected a 'text', 'body' or 'content' field")
    body = _body(fields["text"])
    if body is None:
        return Rejection(origin, f"the text field must be text, not {_kind(fields['text'])}")
    if len(body) > 2 * settings.max_text_chars + 1024:
        return Rejection(origin, f"text has {len(body):,} characters, above the limit of "
                                 f"{settings.max_text_chars:,} (ReaderSettings.max_text_chars)")
    text = clean_text(body)
    if not text:
        return Rejection(origin, "empty text (nothing but blank space or control characters)")
    if len(text) > settings.max_text_chars:
        return Rejection(origin, f"text has {len(text):,} characters, above the limit of "
                                 f"{settings.max_text_chars:,} (ReaderSettings.max_text_chars)")
    raw_date = fields.get("published")
    if _present(raw_date):
        try:
            anchor = anchor_from_value(raw_date.strip() if isinstance(raw_date, str) else raw_date, settings)
        except ValueError as exc:
            shown = raw_date if not isinstance(raw_date, str) else raw_date.strip()[:60]
            return Rejection(origin, f"bad publication date {shown!r}: {exc}")
    elif defaults.published is not None:
        anchor = defaults.published
    else:
        return Rejection(origin, NO_DATE)
    source = _scalar_text(fields.get("source")) or clean_line(defaults.source or "") or clean_line(site_name)
    own_id = _scalar_text(fields.get("id")) or None
    return Article(
        article_id=article_id(text, source, own_id),
        text=text,
        anchor=anchor,
        published=published_text(anchor),
        title=_scalar_text(fields.get("title"))[: settings.max_title_chars],
        source=source,
        url=_safe_url(fields.get("url")),
        language=_language(fields.get("language") or page_language),
        origin=origin,
    )
