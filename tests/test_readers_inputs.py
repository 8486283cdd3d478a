"""read_inputs as a whole: specs, stdin, limits, stable ids, and a bad-input corpus that never raises."""
import io
import json
import os
import sys
from pathlib import Path

import pytest

from pipeline.readers import NO_DATE, ReaderSettings, read_inputs
from pipeline.records import Article, Rejection

FIXTURES = Path(__file__).parent / "fixtures" / "inputs"
GOOD, BAD = FIXTURES / "good", Path(__file__).parent / "fixtures" / "bad_inputs"

NOTE = "---\ntitle: {title}\npublished: 2024-04-1{day}\n---\nEnvoys met on day {day} to discuss a truce.\n"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_folders_are_walked_recursively_in_order_skipping_hidden(tmp_path):
    write(tmp_path, "b.md", NOTE.format(title="B", day=2))
    write(tmp_path, "a/z.txt", NOTE.format(title="AZ", day=1))
    write(tmp_path, ".cache/hidden.txt", NOTE.format(title="hidden", day=3))
    write(tmp_path, ".hidden.txt", NOTE.format(title="hidden", day=3))
    write(tmp_path, "page_files/style.css", "body { color: red }")
    write(tmp_path, "notes.docx", "not really a docx")
    items = list(read_inputs([str(tmp_path)]))
    assert [getattr(item, "title", None) for item in items] == ["AZ", "B", None]
    assert items[2].origin.endswith("notes.docx") and ".docx files are not article inputs" in items[2].reason


def test_globs_missing_files_and_urls(tmp_path):
    write(tmp_path, "one.txt", NOTE.format(title="One", day=1))
    write(tmp_path, "two.txt", NOTE.format(title="Two", day=2))
    items = list(read_inputs([str(tmp_path / "*.txt"), str(tmp_path / "*.nothing"),
                              str(tmp_path / "missing.txt"), "ftp://example.org/feed.xml"]))
    assert [item.title for item in items[:2]] == ["One", "Two"]
    assert [item.reason for item in items[2:]] == [
        "no files match this pattern", "no such file or folder",
        "unsupported URL scheme 'ftp:': only http and https URLs are fetched"]


def test_each_file_is_read_once(tmp_path):
    path = write(tmp_path, "one.txt", NOTE.format(title="One", day=1))
    assert len(list(read_inputs([str(path), str(tmp_path), str(tmp_path / "*.txt")]))) == 1


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_symlink_loops_are_reported_not_followed(tmp_path):
    write(tmp_path, "a/story.txt", NOTE.format(title="Story", day=1))
    os.symlink(tmp_path / "a", tmp_path / "a" / "back")             # a/back -> a
    os.symlink(tmp_path / "self", tmp_path / "self")                  # self -> self
    os.symlink(tmp_path / "nowhere", tmp_path / "dangling.txt")
    items = list(read_inputs([str(tmp_path)]))
    reasons = {Path(item.origin).name: item.reason for item in items if isinstance(item, Rejection)}
    assert [item.title for item in items if isinstance(item, Article)] == ["Story"]
    assert "symlink loop" in reasons["back"]
    assert "symlink loop" in reasons["self"]
    assert reasons["dangling.txt"] == "broken symbolic link"


def test_files_above_max_bytes_are_rejected(tmp_path):
    big = write(tmp_path, "big.txt", NOTE.format(title="Big", day=1) + "word " * 400)
    small = write(tmp_path, "small.txt", NOTE.format(title="Small", day=2))
    first, second = read_inputs([str(big), str(small)], max_bytes=1000)
    assert isinstance(first, Rejection) and "above the limit of 1,000 bytes" in first.reason
    assert second.title == "Small"


def test_invalid_published_argument_raises_at_once():
    with pytest.raises(ValueError, match="does not exist"):
        read_inputs([str(GOOD)], published="2024-02-30")


def test_ids_are_stable_and_depend_on_text_and_source(tmp_path):
    path = write(tmp_path, "note.txt", "Sirens sounded in the north on Sunday night.\n")
    run = lambda **kw: next(iter(read_inputs([str(path)], published="2024-04-14", **kw))).article_id
    assert run() == run()
    assert run(source="Harbour Post") == run(source="Harbour Post") != run()
    path.write_text("Sirens  sounded in the north\non Sunday night.\r\n", encoding="utf-8")   # whitespace only
    assert run() == run()
    ids = [item.article_id for item in read_inputs([str(GOOD)], published="2024-04-14") if isinstance(item, Article)]
    again = [item.article_id for item in read_inputs([str(GOOD)], published="2024-04-14") if isinstance(item, Article)]
    assert ids == again and len(set(ids)) == len(ids)


def _stdin(monkeypatch, data: bytes):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


@pytest.mark.parametrize("data, titles", [
    (b'{"title": "Json", "text": "Talks resumed.", "published": "2024-04-15"}', ["Json"]),
    (b'{"title": "L1", "text": "One.", "published": "2024-04-15"}\n{"title": "L2", "text": "Two.", "published": "2024-04-15"}\n',
     ["L1", "L2"]),
    (NOTE.format(title="Front", day=1).encode(), ["Front"]),
    ((GOOD / "ledger.atom").read_bytes(), ["Strike reported near Isfahan", "Calls for restraint continue"]),
    ((GOOD / "harbour_post.html").read_bytes(), ["Israel weighs its response as allies urge restraint"]),
])
def test_stdin_is_sniffed(monkeypatch, data, titles):
    _stdin(monkeypatch, data)
    items = list(read_inputs(["-"]))
    assert [item.title for item in items] == titles
    assert all(item.origin.startswith("<stdin>") for item in items)


def test_plain_stdin_uses_published(monkeypatch):
    _stdin(monkeypatch, b"Aid convoys crossed the border on Monday.\n")
    (article,) = read_inputs(["-"], published="2024-04-15T10:00+03:00")
    assert article.published == "2024-04-15T10:00+03:00"


# The bad-input corpus: each file gives the expected rejection (or is cleaned into an article);
# reading them all together never raises and never loses the good records among them.
BAD_CORPUS = {
    "empty.txt": "empty file",
    "whitespace_only.md": "empty file (only blank space)",
    "report_renamed.txt": "this is a PDF document, not text",
    "binary_blob.txt": "binary data",
    "truncated.json": "malformed JSON",
    "empty_list.json": "no articles",
    "no_text_column.csv": "no text column",
    "header_only.csv": "no rows",
    "no_body.html": "no article text found",
    "broken_feed.rss": "malformed",
    "not_a_feed.xml": "not an RSS or Atom feed",
    "impossible_date.md": "does not exist",
    "year_one.json": "outside the plausible range",
    "ambiguous_date.json": "ambiguous",
    "unclosed_front_matter.md": "never closed",
}


@pytest.mark.parametrize("name, reason", sorted(BAD_CORPUS.items()))
def test_bad_input_corpus(name, reason):
    items = list(read_inputs([str(BAD / name)]))
    assert items and all(isinstance(item, Rejection) for item in items)
    assert reason in items[0].reason and items[0].origin.startswith(str(BAD / name))


def test_the_whole_bad_folder_keeps_its_good_records():
    items = list(read_inputs([str(BAD)]))
    articles = [item for item in items if isinstance(item, Article)]
    rejected = {Path(item.origin.split(":")[0].split("#")[0]).name for item in items if isinstance(item, Rejection)}
    assert set(BAD_CORPUS) <= rejected
    assert len(articles) >= 12
    for article in articles:
        assert article.text == article.text.strip() and "\r" not in article.text and "\x00" not in article.text
        assert article.published and article.origin


def test_no_date_anywhere(tmp_path):
    path = write(tmp_path, "a.jsonl", json.dumps({"text": "No date here."}) + "\n")
    (rejection,) = read_inputs([str(path)])
    assert rejection == Rejection(f"{path}:1", NO_DATE)
    (article,) = read_inputs([str(path)], published="2024-04-14")
    assert article.published == "2024-04-14"


def test_future_dates_refused_when_settings_say_so(tmp_path):
    from datetime import date
    path = write(tmp_path, "a.json", json.dumps({"text": "A story from the future.", "published": "2031-01-01"}))
    (rejection,) = read_inputs([str(path)], settings=ReaderSettings(not_after=date(2024, 5, 1)))
    assert "in the future" in rejection.reason


def test_jsonl_above_the_file_limit_is_streamed_record_by_record(tmp_path):
    import json as _json

    from pipeline.readers import read_inputs as _read_inputs
    from pipeline.records import Article as _Article

    path = tmp_path / "wire.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for number in range(50):
            out.write(_json.dumps({"id": f"w{number}", "published": "2024-04-14",
                                   "text": "Iran fired drones at Israel on Saturday evening. " * 5}) + "\n")
    items = list(_read_inputs([str(path)], max_bytes=1024))
    assert len(items) == 50 and all(isinstance(item, _Article) for item in items)
