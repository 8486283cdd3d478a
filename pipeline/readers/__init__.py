"""Input readers: files, folders, globs, http(s) URLs and stdin to Articles, or Rejections with a reason.

    from pipeline.readers import read_inputs, parse_published
    for item in read_inputs(["data/demo"], published="2024-04-14"):
        ...  # Article or Rejection

Bad input never raises out of read_inputs: every problem becomes a Rejection naming the
input (file, or file:line / file#item for one record) and the reason, and the other inputs
and records are still read. Articles are streamed; a big JSONL is never held in memory.
"""
from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import replace

from pipeline.records import Article, Rejection
from pipeline.readers.build import NO_DATE, Defaults
from pipeline.readers.dates import parse_published
from pipeline.readers.decode import DecodeError, decode_bytes, file_encoding
from pipeline.readers.feeds import read_feed
import pipeline.readers.fetch as fetching
from pipeline.readers.fetch import Fetched, FetchError, media_kind
from pipeline.readers.html import declared_charset, read_html
from pipeline.readers.settings import DEFAULT_SETTINGS, ReaderSettings
from pipeline.readers.sources import STDIN, Input, expand_specs
from pipeline.readers.tabular import read_csv, read_json, read_jsonl
from pipeline.readers.text import read_text

__all__ = ["read_inputs", "parse_published", "ReaderSettings", "NO_DATE"]

KINDS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
         ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonlines": "jsonl",
         ".csv": "csv", ".tsv": "csv", ".html": "html", ".htm": "html", ".xhtml": "html",
         ".shtml": "html", ".rss": "feed", ".atom": "feed", ".rdf": "feed", ".feed": "feed"}
SNIFF_CHARS = 4096


def _size(number: int) -> str:
    return f"{number / (1024 * 1024):.1f} MB" if number >= 1024 * 1024 else f"{number:,} bytes"


def sniff_kind(text: str) -> str:
    """json, jsonl, feed, html or text, from the first characters of a decoded input."""
    stripped = text.lstrip("\ufeff \t\r\n")
    head = stripped[:SNIFF_CHARS].lower()
    if stripped[:1] in "{[" and stripped:
        try:
            json.loads(stripped)
            return "json"
        except (ValueError, RecursionError):
            lines = [line for line in stripped.splitlines()[:5] if line.strip()]
            if len(lines) > 1 and all(line.lstrip().startswith("{") for line in lines):
                return "jsonl"
            return "json"
    if head.startswith("<?xml") or head.startswith(("<rss", "<feed", "<rdf:rdf")):
        return "html" if "<html" in head else "feed"
    if head.startswith("<!doctype html") or any(tag in head for tag in ("<html", "<head", "<body")):
        return "html"
    return "text"


def _read_decoded(text: str, kind: str, origin: str, defaults: Defaults) -> Iterator[Article | Rejection]:
    if not text.strip():
        yield Rejection(origin, "empty file (only blank space)")
        return
    if kind in ("xml", "unknown"):
        kind = sniff_kind(text)
    elif kind == "text" and sniff_kind(text) == "html":
        kind = "html"                       # a web page saved as .txt: read as the page it is
    if kind == "json":
        yield from read_json(text, origin, defaults)
    elif kind == "jsonl":
        yield from read_jsonl(text.splitlines(), origin, defaults)
    elif kind == "csv":
        yield from read_csv(io.StringIO(text), origin, defaults)
    elif kind == "html":
        yield from read_html(text, origin, defaults)
    elif kind == "feed":
        yield from read_feed(text, origin, defaults)
    else:
        yield from read_text(text, origin, defaults, markdown=kind == "markdown")


def _read_file(item: Input, defaults: Defaults) -> Iterator[Article | Rejection]:
    settings = defaults.settings
    path = item.path
    size = os.path.getsize(path)
    if size == 0:
        yield Rejection(item.origin, "empty file")
        return
    kind = KINDS.get(item.suffix, "xml" if item.suffix == ".xml" else "unknown")
    if size > settings.max_bytes and kind not in ("jsonl", "csv"):   # those stream: each record has a limit
        yield Rejection(item.origin, f"file is {_size(size)}, above the limit of {_size(settings.max_bytes)}")
        return
    if kind in ("text", "markdown") and size > 4 * settings.max_text_chars + SNIFF_CHARS * 16:
        # The whole file is one article and no encoding spends more than 4 bytes a character:
        # refuse before reading 50 MB into memory for a text that will be refused anyway.
        yield Rejection(item.origin, f"text file is {_size(size)}: its text is above the limit of "
                                     f"{settings.max_text_chars:,} characters (ReaderSettings.max_text_chars)")
        return
    if kind in ("jsonl", "csv"):              # streamed record by record
        encoding = file_encoding(path, settings.max_bytes)
        errors = "strict" if encoding.startswith("utf") else "replace"
        with open(path, encoding=encoding, errors=errors, newline="" if kind == "csv" else None) as handle:
            if kind == "jsonl":
                yield from read_jsonl(handle, item.origin, defaults)
            else:
                yield from read_csv(handle, item.origin, defaults, suffix=item.suffix)
        return
    with open(path, "rb") as handle:
        data = handle.read(settings.max_bytes + 1)
    declared = declared_charset(data) if kind in ("html", "xml", "unknown") else None
    yield from _read_decoded(decode_bytes(data, declared), kind, item.origin, defaults)


def _read_stdin(item: Input, defaults: Defaults) -> Iterator[Article | Rejection]:
    stream = getattr(sys.stdin, "buffer", None)
    data = stream.read(defaults.settings.max_bytes + 1) if stream is not None else sys.stdin.read().encode("utf-8")
    if len(data) > defaults.settings.max_bytes:
        yield Rejection(item.origin, f"standard input is above the limit of {_size(defaults.settings.max_bytes)}")
        return
    if not data:
        yield Rejection(item.origin, "empty input")
        return
    yield from _read_decoded(decode_bytes(data, declared_charset(data)), "unknown", item.origin, defaults)


def read_fetched(fetched: Fetched, origin: str, defaults: Defaults) -> Iterator[Article | Rejection]:
    """A downloaded body read by its content type (else URL suffix, else sniffing).

    A page or text stands for one article, whose `url` defaults to the final URL; records of
    a feed or JSON keep their own links (a shared URL would make them replace each other).
    """
    if not fetched.data:
        yield Rejection(origin, "empty answer: the server sent no content")
        return
    kind = media_kind(fetched.media_type, fetched.url, KINDS)
    declared = fetched.charset or (declared_charset(fetched.data) if kind in ("xml", "unknown") else None)
    text = decode_bytes(fetched.data, declared)
    if kind in ("xml", "unknown"):
        kind = sniff_kind(text)
    for item in _read_decoded(text, kind, origin, defaults):
        if isinstance(item, Article) and not item.url and kind in ("html", "text", "markdown"):
            item = replace(item, url=fetched.url)
        yield item


def _read_url(item: Input, defaults: Defaults) -> Iterator[Article | Rejection]:
    try:
        fetched = fetching.fetch(item.url, defaults.settings)
    except FetchError as exc:
        yield Rejection(item.origin, str(exc))
        return
    yield from read_fetched(fetched, item.origin, defaults)


def _read_one(item: Input, defaults: Defaults) -> Iterator[Article | Rejection]:
    """One input's records; any failure becomes a Rejection for that input only."""
    if item.url:
        reader = _read_url
    else:
        reader = _read_stdin if item.origin == STDIN and item.path is None else _read_file
    try:
        yield from reader(item, defaults)
    except DecodeError as exc:
        yield Rejection(item.origin, str(exc))
    except UnicodeDecodeError as exc:
        yield Rejection(item.origin, f"undecodable text: {exc.reason} at byte {exc.start}")
    except OSError as exc:
        yield Rejection(item.origin, f"cannot read: {exc.strerror or exc}")
    except RecursionError:
        yield Rejection(item.origin, "input nested too deeply to read")
    except Exception as exc:  # last line of defence: one bad input must not stop a run
        yield Rejection(item.origin, f"could not be read ({type(exc).__name__}: {str(exc)[:200]})")


def read_inputs(specs: Sequence[str], published: str | None = None, source: str | None = None,
                max_bytes: int = 50 * 1024 * 1024, *,
                settings: ReaderSettings | None = None) -> Iterator[Article | Rejection]:
    """Articles and Rejections from files, folders, globs, http(s) URLs and `-` (stdin), in order, streamed.

    `published` (--published) dates only inputs that carry no date; `source` (--source) names
    the outlet where the input does not. An invalid `published` raises ValueError at once
    (a usage error), before anything is read.
    """
    settings = replace(settings or DEFAULT_SETTINGS, max_bytes=max_bytes)
    anchor = parse_published(published, settings) if published is not None else None
    defaults = Defaults(published=anchor, source=source or None, settings=settings)
    if isinstance(specs, (str, os.PathLike)):
        specs = [specs]
    return _generate(list(specs), defaults)


def _generate(specs: Sequence[str], defaults: Defaults) -> Iterator[Article | Rejection]:
    for item in expand_specs(specs):
        if isinstance(item, Rejection):
            yield item
        else:
            yield from _read_one(item, defaults)
