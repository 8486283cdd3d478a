"""Property tests: the readers never raise on arbitrary bytes, and what they return is well formed."""
import io
import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from pipeline.readers import read_inputs
from pipeline.records import Article, Rejection

SUFFIXES = ["", ".txt", ".md", ".json", ".jsonl", ".csv", ".tsv", ".html", ".xml", ".rss", ".bin"]

# Arbitrary bytes, and bytes that look a little like each format, so the parsers get past their first check.
PREFIXES = [b"", b"---\npublished: 2024-04-14\n---\n", b'{"text": "', b"text,published\n", b"<html><body><p>",
            b'<?xml version="1.0"?><rss version="2.0"><channel><item><description>', b"\xef\xbb\xbf", b"\xff\xfe"]
CONTENT = st.builds(lambda prefix, rest: prefix + rest, st.sampled_from(PREFIXES), st.binary(max_size=400))
TEXTS = st.builds(lambda prefix, text, encoding: prefix + text.encode(encoding, "ignore"),
                  st.sampled_from(PREFIXES), st.text(max_size=200), st.sampled_from(["utf-8", "utf-16", "latin-1"]))


def check(items):
    for item in items:
        assert isinstance(item, (Article, Rejection))
        if isinstance(item, Article):
            assert item.text and item.text == item.text.strip()
            assert "\r" not in item.text and "\x00" not in item.text
            assert item.published.startswith(item.anchor.day.isoformat())
            assert item.article_id
        else:
            assert item.origin and item.reason


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.one_of(CONTENT, TEXTS), suffix=st.sampled_from(SUFFIXES), published=st.sampled_from([None, "2024-04-14"]))
def test_read_inputs_never_raises_on_arbitrary_files(data, suffix, published):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        check(list(read_inputs([str(path)], published=published)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.one_of(CONTENT, TEXTS))
def test_stdin_never_raises(data):
    saved = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(data))
    try:
        check(list(read_inputs(["-"], published="2024-04-14")))
    finally:
        sys.stdin = saved


@settings(max_examples=100, deadline=None)
@given(text=st.text(min_size=1, max_size=300))
def test_any_text_in_a_jsonl_record_is_cleaned_or_rejected(text):
    import json
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.jsonl"
        path.write_text(json.dumps({"text": text, "published": "2024-04-14"}) + "\n", encoding="utf-8")
        items = list(read_inputs([str(path)]))
        check(items)
        assert len(items) == 1
