"""JSON, JSONL and CSV: field-name variants, delimiters, and one bad record costing only itself."""
import json
from datetime import date
from pathlib import Path

import pytest

from pipeline.readers import read_inputs
from pipeline.readers.build import Defaults, field_names, pick_fields
from pipeline.readers.tabular import read_jsonl, sniff_delimiter
from pipeline.records import Article, Rejection
import yaml

GOOD = Path(__file__).parent / "fixtures" / "inputs" / "good"
BAD = Path(__file__).parent / "fixtures" / "bad_inputs"
FIELD_EXAMPLES = yaml.safe_load((Path(__file__).parents[1] / "pipeline" / "readers" / "fields.yaml").read_text())["examples"]


def read(path, **kwargs):
    return list(read_inputs([str(path)], **kwargs))


@pytest.mark.parametrize("example", FIELD_EXAMPLES)
def test_fields_yaml_examples(example):
    assert pick_fields(example["record"]) == example["fields"]


def test_field_names_cover_the_contract():
    names = field_names()
    assert {"text", "body", "content"} <= set(names["text"])
    assert {"published", "date", "pubdate", "publishedat"} <= set(names["published"])


def test_jsonl_reads_good_lines_and_rejects_the_broken_one():
    items = read(GOOD / "wire.jsonl")
    origins = [item.origin.rsplit(":", 1)[1] for item in items]
    assert origins == ["1", "2", "4", "5"]      # line numbers; the blank line 3 is skipped
    first, second, broken, last = items
    assert first.title.startswith("Consulate strike") and first.published == "2024-04-01T19:40+03:00"
    assert first.url == "https://ledger.example/2024/04/01/damascus" and first.article_id == "ngw-101"
    assert second.text.startswith("Iranian officials") and second.published == "2024-04-02T10:15+00:00"
    assert isinstance(broken, Rejection) and "malformed JSON on line 4" in broken.reason
    assert last.anchor.day == date(2024, 4, 12)


def test_json_list_and_source_object():
    first, second = read(GOOD / "roundup.json")
    assert first.origin.endswith("roundup.json#1") and second.origin.endswith("roundup.json#2")
    assert second.source == "Capital Dispatch" and second.published == "2024-04-14T22:05-04:00"


def test_json_single_object_with_paragraph_list_and_numeric_id():
    (article,) = read(GOOD / "single.json")
    assert article.article_id == "4471"
    assert article.text.count("\n\n") == 1 and article.source == "Gulf Evening Wire"
    assert article.published == "2024-04-19T07:30+03:30"


def test_json_wrapped_in_an_articles_key(tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"status": "ok", "articles": [
        {"content": "Talks resumed in Doha on Monday.", "publishedAt": "2024-04-15T12:00:00Z",
         "source": {"name": "Capital Dispatch"}}]}), encoding="utf-8")
    (article,) = read(path)
    assert article.source == "Capital Dispatch" and article.published == "2024-04-15T12:00+00:00"


def test_wrong_types_are_rejected_one_by_one():
    items = read(BAD / "wrong_types.json")
    reasons = [item.reason if isinstance(item, Rejection) else "ok" for item in items]
    assert reasons[0] == "the text field must be text, not a number"
    assert reasons[1] == "the text field must be text, not an object"
    assert "true/false" in reasons[2]
    assert "got a string" in reasons[3]
    assert reasons[4] == "ok" and items[4].title == "12"


@pytest.mark.parametrize("name, reason", [
    ("truncated.json", "malformed JSON: Unterminated string"),
    ("empty_list.json", "holds no articles"),
    ("year_one.json", "year 1 is outside the plausible range"),
    ("ambiguous_date.json", "ambiguous"),
])
def test_bad_json_files(name, reason):
    (rejection,) = read(BAD / name)
    assert isinstance(rejection, Rejection) and reason in rejection.reason


def test_json_nested_too_deep(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (rejection,) = read(path)
    assert isinstance(rejection, Rejection)
    assert "nested too deep" in rejection.reason or "expected a JSON object" in rejection.reason


def test_csv_with_quotes_and_a_missing_body():
    first, second, missing = read(GOOD / "briefs.csv")
    assert first.article_id == "cd-201" and first.origin.endswith("briefs.csv:2")
    assert '"in the strongest terms"' in second.text and second.published == "2024-04-14T18:00+02:00"
    assert isinstance(missing, Rejection) and missing.origin.endswith("briefs.csv:4")


@pytest.mark.parametrize("name, count", [("briefs_semicolon.csv", 2), ("briefs.tsv", 1)])
def test_csv_delimiters_are_sniffed(name, count):
    items = read(GOOD / name)
    assert len(items) == count and all(isinstance(item, Article) for item in items)
    assert items[0].source in ("Northern Ledger", "Gulf Evening Wire")


def test_semicolons_inside_text_do_not_fool_the_sniffer():
    sample = 'title;text;date\nA;"One; two; three, four";2024-04-14\n'
    assert sniff_delimiter(sample) == ";"
    assert sniff_delimiter("title,text,date\nA,\"x; y; z; w\",2024-04-14\n") == ","


def test_broken_quotes_cost_one_row():
    items = read(BAD / "broken_quotes.csv")
    assert [type(item).__name__ for item in items] == ["Article", "Rejection", "Article"]
    assert "malformed CSV row starting on line 3" in items[1].reason


def test_missing_and_extra_columns():
    short, full, extra = read(BAD / "missing_columns.csv")
    assert isinstance(short, Rejection) and "row has 2 values for 4 columns" in short.reason
    assert isinstance(full, Article) and isinstance(extra, Article)


@pytest.mark.parametrize("name, reason", [
    ("no_text_column.csv", "no text column"),
    ("header_only.csv", "no rows"),
])
def test_bad_csv_files(name, reason):
    (rejection,) = read(BAD / name)
    assert reason in rejection.reason


def test_latin1_csv_and_utf8_bom_jsonl(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("text,published\n\"Les délégués se sont réunis à Genève mardi.\",2024-04-16\n".encode("latin-1"))
    (article,) = read(path)
    assert article.text == "Les délégués se sont réunis à Genève mardi."
    (article,) = read(BAD / "utf8_bom.jsonl")
    assert article.text.startswith("A line saved with a byte-order mark")


def test_jsonl_is_streamed():
    """The reader yields the first article before the next line is even produced."""
    def lines():
        yield json.dumps({"text": "Talks resumed on Monday.", "published": "2024-04-15"})
        raise AssertionError("read ahead")
    first = next(read_jsonl(lines(), "feed.jsonl", Defaults()))
    assert isinstance(first, Article)


def test_text_above_the_record_limit_is_rejected(tmp_path):
    from pipeline.readers import ReaderSettings
    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps({"text": "word " * 3000, "published": "2024-04-15"}) + "\n"
                    + json.dumps({"text": "Short text.", "published": "2024-04-15"}) + "\n", encoding="utf-8")
    big, small = read_inputs([str(path)], settings=ReaderSettings(max_text_chars=10_000))
    assert isinstance(big, Rejection) and "above the limit of 10,000" in big.reason
    assert isinstance(small, Article)


def test_json_lines_saved_as_json(tmp_path):
    path = tmp_path / "lines.json"
    path.write_text('{"text": "One.", "published": "2024-04-14"}\n{"text": "Two.", "published": "2024-04-15"}\n',
                    encoding="utf-8")
    assert [item.text for item in read(path)] == ["One.", "Two."]
