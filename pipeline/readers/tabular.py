"""Structured inputs: .json (one article, a list, or {"articles": [...]}), .jsonl, .csv/.tsv.

Each record becomes an Article or a Rejection of its own, so one bad line never costs
the rest of the file. JSONL and CSV are streamed record by record.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import TextIO

from pipeline.records import Article, Rejection
from pipeline.readers.build import Defaults, build_article, field_names, pick_fields, field_key

LIST_KEYS = ("articles", "items", "entries", "data", "records", "results", "documents", "docs")
CSV_DELIMITERS = ",;\t|"
SNIFF_CHARS = 64 * 1024


def _kind(value: object) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false",
            int: "a number", float: "a number", type(None): "null"}.get(type(value), type(value).__name__)


def _record(value: object, origin: str, defaults: Defaults) -> Article | Rejection:
    if not isinstance(value, Mapping):
        return Rejection(origin, f"expected a JSON object with the article's fields, got {_kind(value)}")
    return build_article(pick_fields(value), origin, defaults)


def _too_many(errors: int, defaults: Defaults, origin: str) -> Rejection | None:
    if errors >= defaults.settings.max_errors_per_file:
        return Rejection(origin, f"stopped after {errors} bad records; the rest of the file was skipped")
    return None


def read_json(text: str, origin: str, defaults: Defaults) -> Iterator[Article | Rejection]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and text.lstrip().startswith("{") and exc.lineno > 1:
            yield from read_jsonl(text.splitlines(), origin, defaults)   # JSON Lines saved as .json
            return
        yield Rejection(origin, f"malformed JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")
        return
    except RecursionError:
        yield Rejection(origin, "malformed JSON: nested too deep")
        return
    if isinstance(value, Mapping) and "text" not in pick_fields(value):
        inner = next((value[key] for key in value if field_key(key) in LIST_KEYS and isinstance(value[key], list)), None)
        if inner is not None:
            value = inner
    if isinstance(value, list):
        if not value:
            yield Rejection(origin, "the JSON list holds no articles")
        for number, item in enumerate(value, start=1):
            yield _record(item, f"{origin}#{number}", defaults)
        return
    yield _record(value, origin, defaults)


def read_jsonl(lines: Iterable[str], origin: str, defaults: Defaults) -> Iterator[Article | Rejection]:
    seen = errors = 0
    for number, line in enumerate(lines, start=1):
        line = line.strip().lstrip("\ufeff")
        if not line:
            continue
        seen += 1
        where = f"{origin}:{number}"
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            result: Article | Rejection = Rejection(where, f"malformed JSON on line {number}: {exc.msg} (column {exc.colno})")
        except RecursionError:
            result = Rejection(where, f"malformed JSON on line {number}: nested too deep")
        else:
            result = _record(value, where, defaults)
        yield result
        if isinstance(result, Rejection):
            errors += 1
            if stop := _too_many(errors, defaults, origin):
                yield stop
                return
    if not seen:
        yield Rejection(origin, "empty file (no JSON lines)")


def sniff_delimiter(sample: str, suffix: str = "") -> str:
    if suffix == ".tsv":
        return "\t"
    header = sample.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(sample, delimiters=CSV_DELIMITERS).delimiter
    except csv.Error:
        counts = {delimiter: header.count(delimiter) for delimiter in CSV_DELIMITERS}
        best = max(counts, key=counts.get)
        return best if counts[best] else ","


def read_csv(handle: TextIO, origin: str, defaults: Defaults, suffix: str = "") -> Iterator[Article | Rejection]:
    sample = handle.read(SNIFF_CHARS)
    if not sample.strip():
        yield Rejection(origin, "empty file")
        return
    delimiter = sniff_delimiter(sample, suffix)
    rest = iter(lambda: handle.read(SNIFF_CHARS), "")
    chunks = _chained(sample, rest)
    csv.field_size_limit(max(csv.field_size_limit(), 2 * defaults.settings.max_text_chars + 1024))
    reader = csv.reader(_lines(chunks), delimiter=delimiter, strict=True)
    try:
        header = [name.strip().lstrip("\ufeff") for name in next(reader)]
    except (csv.Error, StopIteration) as exc:
        yield Rejection(origin, f"malformed CSV header: {exc}")
        return
    text_keys = set(field_names()["text"])
    if not any(field_key(name) in text_keys for name in header):
        shown = ", ".join(repr(name) for name in header[:8]) or "none"
        yield Rejection(origin, f"the CSV has no text column: expected 'text', 'body' or 'content' (found {shown})")
        return
    errors = 0
    rows = 0
    while True:
        start = reader.line_num + 1
        where = f"{origin}:{start}"
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            result: Article | Rejection = Rejection(where, f"malformed CSV row starting on line {start}: {exc}")
        else:
            if not any(cell.strip() for cell in row):
                continue
            rows += 1
            note = ""
            if len(row) != len(header):
                note = f" (row has {len(row)} values for {len(header)} columns)"
            result = build_article(pick_fields(dict(zip(header, row))), where, defaults)
            if isinstance(result, Rejection) and note:
                result = Rejection(where, result.reason + note)
        yield result
        if isinstance(result, Rejection):
            errors += 1
            if stop := _too_many(errors, defaults, origin):
                yield stop
                return
    if not rows and not errors:
        yield Rejection(origin, "the CSV has a header but no rows")


def _chained(first: str, rest: Iterable[str]) -> Iterator[str]:
    yield first
    yield from rest


def _lines(chunks: Iterable[str]) -> Iterator[str]:
    """Lines ending in \n from text chunks; \r\n and lone \r (mixed line endings) become \n."""
    pending: list[str] = []
    carry = ""
    for chunk in chunks:
        data = carry + chunk
        carry = ""
        if data.endswith("\r"):
            data, carry = data[:-1], "\r"
        parts = data.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        if len(parts) == 1:
            pending.append(parts[0])
            continue
        yield "".join(pending) + parts[0] + "\n"
        yield from (part + "\n" for part in parts[1:-1])
        pending = [parts[-1]]
    last = "".join(pending) + ("\n" if carry else "")
    if last:
        yield last
