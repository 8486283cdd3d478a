"""The bad-input corpus (issue 7): `ingest` never crashes, names every bad input with its reason,
exits 3, stores every good input of the same run, and stores nothing new when run again.

Fixtures: tests/fixtures/bad_inputs/ (table in its README.md). Big and special inputs (a 50 MB
text, a 100,000-character sentence, symlink loops, a named pipe) are made at test time.
"""
import io
import os
import shutil
import subprocess
import sys
import textwrap
from datetime import date, timedelta
from pathlib import Path

import pytest

from pipeline.cli import parse_args, run
from pipeline.readers import ReaderSettings, read_inputs
from pipeline.records import Article, Rejection
from pipeline.store import Store

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "bad_inputs"
# What the command line passes: publication dates after tomorrow are refused.
CLI_SETTINGS = ReaderSettings(not_after=date.today() + timedelta(days=1))

# Origin (file, file:line for JSONL/CSV, file#n for JSON lists and feeds) -> words of the reason.
REJECTED = {
    "ambiguous_date.json": "is ambiguous (day/month or month/day?)",
    "bad_times.jsonl:1": "hour 25 does not exist",
    "bad_times.jsonl:2": "UTC offset '+25:00' does not exist",
    "bad_times.jsonl:3": "'yesterday' is not a date I can read",
    "binary_blob.txt": "binary data",
    "bom_only.txt": "empty file (only blank space)",
    "broken_feed.rss#1": "feed entry has neither content nor a summary (the feed is malformed",
    "broken_quotes.csv:3": "malformed CSV row starting on line 3",
    "csv_unclosed_quote_at_end.csv:3": "malformed CSV row starting on line 3",
    "empty.txt": "empty file",
    "empty_list.json": "the JSON list holds no articles",
    "epoch_overflow.json": "is outside the calendar",
    "feed_broken_entries.rss#1": "feed entry has neither content nor a summary",
    "feed_broken_entries.rss#2": "'sometime last week' is not a date I can read",
    "feed_broken_entries.rss#3": "year 9999 is outside the plausible range 1900-2100",
    "feed_broken_entries.rss#5": "feed entry has neither content nor a summary",
    "feed_no_entries.atom": "the feed has no entries",
    "future_date.md": "publication date 2099-05-01 is in the future",
    "gzip_renamed.jsonl": "this is a gzip archive, not text",
    "header_only.csv": "the CSV has a header but no rows",
    "html_impossible_date.html": "2024-02-30 does not exist: February 2024 has 29 days",
    "impossible_date.md": "2024-02-30 does not exist: February 2024 has 29 days",
    "json_scalar.json": "expected a JSON object with the article's fields, got a number",
    "json_text_null.json": "no text: expected a 'text', 'body' or 'content' field",
    "jsonl_mixed_lines.jsonl:2": "malformed JSON on line 2",
    "jsonl_mixed_lines.jsonl:3": "expected a JSON object with the article's fields, got a list",
    "jsonl_mixed_lines.jsonl:5": "no text",
    "missing_columns.csv:2": "no publication date",
    "month_13.json": "month 13 does not exist",
    "nested_too_deep.json": "malformed JSON: nested too deep",
    "no_body.html": "no article text found in the page",
    "no_date.txt": "no publication date: give one in the file or with --published",
    "no_text_column.csv": "the CSV has no text column",
    "not_a_feed.xml": "not an RSS or Atom feed",
    "notes.docx": "skipped: .docx files are not article inputs",
    "only_front_matter.md": "empty text",
    "png_renamed.txt": "this is a PNG image, not text",
    "report_renamed.txt": "this is a PDF document, not text",
    "script_only.html": "no publication date",
    "sqlite_renamed.csv": "this is an SQLite database, not text",
    "truncated.json": "malformed JSON: Unterminated string",
    "unclosed_front_matter.md": "is never closed",
    "whitespace_only.md": "empty file (only blank space)",
    "wrong_types.json#1": "the text field must be text, not a number",
    "wrong_types.json#2": "the text field must be text, not an object",
    "wrong_types.json#3": "a publication date cannot be true/false",
    "wrong_types.json#4": "got a string",
    "year_9999.jsonl:1": "year 9999 is outside the plausible range",
    "year_one.json": "year 1 is outside the plausible range",
    "zip_renamed.json": "this is a ZIP archive",
}

# Origin -> (published, words the repaired text contains): read, cleaned and stored.
READ = {
    "bidi_override.md": ("2024-04-17", "\u2067\u0627\u0644\u0647\u062f\u0648\u0621\u2069 (calm)"),
    "broken_quotes.csv:2": ("2024-04-14", "Talks ended on Sunday without agreement."),
    "broken_quotes.csv:4": ("2024-04-16", "Envoys will return next week."),
    "control_chars.txt": ("2024-04-14", "The envoy arrived in Doha on Sunday.\nTalks\tresumed later."),
    "cp1252_quotes.txt": ("2024-04-17", "he \u201cexpects\u201d a deal \u2013 perhaps within a week \u2013 and that aid worth \u20ac40"),
    "csv_extra_columns.csv:2": ("2024-04-15", "Troops pulled back from the ridge on Monday."),
    "csv_extra_columns.csv:3": ("2024-04-16", "The ceasefire held overnight into Tuesday."),
    "csv_unclosed_quote_at_end.csv:2": ("2024-04-15", "The delegation landed on Monday."),
    "feed_broken_entries.rss#4": ("2024-04-16T18:20+00:00", "the curfew would be lifted"),
    "feed_script_summary.rss#1": ("2024-04-17T12:00+01:00", "The navy began escorting tankers on Wednesday."),
    "html_charset_lie.html": ("2024-04-18T11:00+02:00", "Les d\u00e9l\u00e9gations se sont retrouv\u00e9es jeudi \u00e0 Gen\u00e8ve"),
    "html_saved_as.txt": ("2024-04-18T07:30+03:00", "reopened the airspace at dawn on Thursday"),
    "html_truncated.html": ("2024-04-17T08:00+02:00", "The harbour reopened to cargo ships on Wednesday"),
    "huge_title.md": ("2024-04-17", "The headline of this note runs far too long"),
    "jsonl_mixed_lines.jsonl:1": ("2024-04-16", "the convoy reached the city on Tuesday"),
    "jsonl_mixed_lines.jsonl:6": ("2024-04-17", "the bridge reopened on Wednesday"),
    "latin1.txt": ("2024-04-16", "Diplomats met at a caf\u00e9 near the lake in Gen\u00e8ve"),
    "lone_surrogate.json": ("2024-04-15", "A lone surrogate  sits in this text"),
    "missing_columns.csv:3": ("2024-04-17", "The border crossing reopened on Wednesday."),
    "missing_columns.csv:4": ("2024-04-18", "Aid lorries crossed on Thursday."),
    "mixed_newlines.txt": ("2024-04-14", "written on Windows.\nSecond line from an old Mac.\nThird line"),
    "nul_in_text.txt": ("2024-04-17", "The envoy arrived in Muscat on Wednesday for talks."),
    "rtl_emoji.md": ("2024-04-14", "\u05e9\u05dc\u05d5\u05dd (peace) \U0001f54a\ufe0f on Sunday"),
    "utf16_be_nobom.txt": ("2024-04-17", "insurance rates for the strait had fallen"),
    "utf16_bom.md": ("2024-04-16", "Insurers said on Tuesday"),
    "utf16_nobom.txt": ("2024-04-16", "Officials said on Tuesday that shipping"),
    "utf8_bom.jsonl:1": ("2024-04-16", "talks continue in Doha"),
    "utf8_invalid_bytes.txt": ("2024-04-17", "Officials in Gen\u00e8ve said talks would res\ufffdume\ufffd on Thursday."),
    "wrong_types.json#5": ("2024-04-15", "Envoys said on Monday that progress had been made."),
    "year_9999.jsonl:2": ("2024-04-15", "aid convoys moved on Monday"),
}

GOOD_NOTE = textwrap.dedent("""\
    ---
    title: Foreign ministers meet in Oman
    published: 2024-04-19T10:30+04:00
    source: Gulf Morning Post
    ---
    The foreign ministers of both countries met in Muscat on Thursday, officials said.
    They agreed to keep a channel open and to meet again before the end of the month.
    """)
GOOD_JSON = ('{"title": "Army recalls reservists", "source": "Northern Ledger", "published": "2024-04-20",'
             ' "text": "The army recalled two reserve brigades on Friday and moved air-defence batteries north."}')
SENTENCE_WORDS = ("the convoy moved slowly along the coastal road while officials waited near the crossing "
                  "and residents watched from their roofs as lorries queued behind the gate ")


def short(origin: str) -> str:
    return Path(origin).name


def test_the_table_covers_every_fixture_and_the_readme_names_them():
    files = {path.name for path in FIXTURES.iterdir() if path.name != "README.md"}
    named = {key.split(":")[0].split("#")[0] for key in [*REJECTED, *READ]}
    assert files == named, "every fixture is in the table and every table row has its fixture"
    readme = (FIXTURES / "README.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in readme for name in files)
    assert len(files) >= 40


@pytest.mark.parametrize("name", sorted({path.name for path in FIXTURES.iterdir()} - {"README.md"}))
def test_each_fixture_alone(name):
    """The read-level expectation for one fixture (as if its folder held only that file)."""
    spec = str(FIXTURES / name)
    items = list(read_inputs([str(FIXTURES)], settings=CLI_SETTINGS)) if name == "notes.docx" else \
        list(read_inputs([spec], settings=CLI_SETTINGS))
    items = [item for item in items if short(item.origin.split(":")[0].split("#")[0]) == name]
    assert items
    for item in items:
        key = short(item.origin)
        if isinstance(item, Rejection):
            assert key in REJECTED, f"unexpected rejection {item.message()}"
            assert REJECTED[key] in item.reason and "\n" not in item.reason
        else:
            assert key in READ, f"unexpected article from {key}"
            published, words = READ[key]
            assert item.published == published and words in item.text
            assert "\r" not in item.text and "\x00" not in item.text and item.text == item.text.strip()
    if name == "huge_title.md":
        assert len(items[0].title) == 2000


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURES, corpus, ignore=shutil.ignore_patterns("README.md"))
    (corpus / "good").mkdir()
    (corpus / "good" / "ministers.md").write_text(GOOD_NOTE, encoding="utf-8")
    (corpus / "good" / "reservists.json").write_text(GOOD_JSON, encoding="utf-8")
    sentence = (SENTENCE_WORDS * (100_000 // len(SENTENCE_WORDS) + 1))[:100_000].strip()
    (corpus / "long_sentence.txt").write_text(
        "---\ntitle: One sentence without punctuation\npublished: 2024-04-17\n---\n"
        "On Tuesday " + sentence + "\n", encoding="utf-8")
    loop = corpus / "loop"
    loop.mkdir()
    os.symlink(loop, loop / "back")                         # loop/back -> loop
    os.symlink(corpus / "self.txt", corpus / "self.txt")    # a link to itself
    os.symlink(corpus / "nowhere.txt", corpus / "dangling.txt")
    os.mkfifo(corpus / "pipe.txt")                          # reading it would block for ever
    return corpus


GENERATED_REJECTED = {"back": "symlink loop", "self.txt": "symlink loop: the link resolves to itself",
                      "dangling.txt": "broken symbolic link", "pipe.txt": "not a regular file"}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs symbolic links and named pipes (POSIX)")
def test_ingest_of_the_whole_corpus(tmp_path):
    corpus = _corpus(tmp_path)
    db = tmp_path / "bad.db"
    out, err = io.StringIO(), io.StringIO()
    status = run(parse_args(["ingest", str(corpus), "--db", str(db)]), out, err)
    assert status == 3, err.getvalue()
    lines = err.getvalue().splitlines()
    assert all(line.startswith("rejected: ") for line in lines)
    reported = {}
    for line in lines:
        origin, _, reason = line[len("rejected: "):].partition(": ")
        reported[short(origin)] = reason
    assert "could not be processed" not in err.getvalue(), "a readable article failed in the pipeline"
    for key, words in {**REJECTED, **GENERATED_REJECTED}.items():
        assert key in reported, f"{key} not named on stderr"
        assert words in reported[key], f"{key}: {reported[key]}"
    assert set(reported) == set(REJECTED) | set(GENERATED_REJECTED)

    expected = [item for item in read_inputs([str(corpus)], settings=CLI_SETTINGS) if isinstance(item, Article)]
    assert {short(a.origin) for a in expected} == set(READ) | {"ministers.md", "reservists.json",
                                                              "long_sentence.txt"}
    store = Store(str(db))
    for article in expected:
        assert store.article(article.article_id) is not None, f"{article.origin} not stored"
    assert store.stats().articles == len(expected)
    assert f"new {len(expected)}," in out.getvalue()
    assert store.integrity_ok()

    before = store.stats()
    out, err2 = io.StringIO(), io.StringIO()
    assert run(parse_args(["ingest", str(corpus), "--db", str(db)]), out, err2) == 3
    assert "new 0," in out.getvalue() and f"unchanged {len(expected)}," in out.getvalue()
    assert (store.stats().articles, store.stats().events) == (before.articles, before.events)
    assert err2.getvalue() == err.getvalue()


def test_peak_memory_on_a_50_mb_text(tmp_path):
    """A 50 MB text (under the 50 MiB file limit) is refused as too long without being read into memory."""
    big = tmp_path / "huge.txt"
    line = ("Delegates met again in the capital on Monday and agreed to continue the talks later. " * 12)[:-1] + "\n"
    with open(big, "w", encoding="utf-8") as handle:
        handle.write("---\ntitle: Fifty megabytes\npublished: 2024-04-17\n---\n")
        written = 0
        while written < 50_000_000:
            handle.write(line)
            written += len(line)
    probe = ("import resource, subprocess, sys\n"
             "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
             "print(done.returncode)\nprint(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
             "sys.stderr.write(done.stderr)\n")
    done = subprocess.run([sys.executable, "-c", probe, sys.executable, "-m", "pipeline", "ingest", str(big),
                           "--db", str(tmp_path / "big.db")], capture_output=True, text=True, cwd=ROOT,
                          timeout=300)
    status, peak_kib = (int(value) for value in done.stdout.split())
    assert status == 3, done.stderr
    assert "huge.txt: text file is 47.7 MB: its text is above the limit of 2,000,000 characters" in done.stderr
    peak_mb = peak_kib / 1024
    print(f"\npeak memory ingesting a {big.stat().st_size / 1e6:.0f} MB text: {peak_mb:.0f} MB")
    assert peak_mb < 600
