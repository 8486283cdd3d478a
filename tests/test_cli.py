"""The command line of the contract: verbs, exit codes 0/2/3, messages for rejected inputs."""
import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import parse_args, run
from pipeline.records import EVENT_FIELDS

ARTICLE = """---
title: Drones over the Negev
published: 2024-04-14
source: Harbor Ledger
---
Iran launched waves of drones and missiles at Israel on Saturday evening, its first direct attack.

The Israeli military said almost all of them were shot down.

Oil prices rose about three percent in Asian trading.

UN Secretary-General António Guterres on Sunday urged both countries to show maximum restraint.
"""


def invoke(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = run(parse_args([str(a) for a in argv]), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def article_file(tmp_path):
    path = tmp_path / "drones.md"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_extract_writes_contract_events_as_jsonl(article_file):
    code, out, err = invoke("extract", article_file)
    assert code == 0, err
    events = [json.loads(line) for line in out.splitlines()]
    assert events and all(list(e)[:26] == list(EVENT_FIELDS)[:26] for e in events)
    attack = next(e for e in events if e["signal"] == "escalation")
    assert attack["event_date"] == "2024-04-13" and attack["time_expression"].lower().startswith("saturday")
    assert any(e["signal"] == "de-escalation" and e["event_date"] == "2024-04-14" for e in events)


def test_extract_csv_and_all_adds_neutral_statements(article_file):
    code, out, _ = invoke("extract", article_file, "--format", "csv", "--all")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and tuple(rows[0]) == EVENT_FIELDS
    assert {"neutral", "escalation"} <= {r["signal"] for r in rows}


def test_input_without_a_date_is_rejected_with_exit_3_and_the_rest_processed(tmp_path, article_file):
    undated = tmp_path / "undated.txt"
    undated.write_text("Iran fired missiles at Israel on Saturday evening.", encoding="utf-8")
    code, out, err = invoke("extract", undated, article_file)
    assert code == 3
    assert "undated.txt" in err and "publication date" in err
    assert out.strip()  # the good article still produced events
    code, out, err = invoke("extract", undated, "--published", "2024-04-14")
    assert code == 0 and json.loads(out.splitlines()[0])["event_date"] == "2024-04-13"


def test_ingest_is_idempotent_and_export_filters_by_event_date(tmp_path, article_file):
    db = tmp_path / "t.db"
    code, out, _ = invoke("ingest", article_file, "--db", db)
    assert code == 0 and "new 1" in out
    code, out, _ = invoke("ingest", article_file, "--db", db)
    assert code == 0 and "unchanged 1" in out and "new 0" in out
    code, out, _ = invoke("export", "--db", db, "--from", "2024-04-13", "--to", "2024-04-13")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and {r["event_date"] for r in rows} == {"2024-04-13"}
    parquet = tmp_path / "e.parquet"
    assert invoke("export", "--db", db, "--format", "parquet", "--out", parquet)[0] == 0
    import pandas as pd
    assert tuple(pd.read_parquet(parquet).columns) == EVENT_FIELDS


@pytest.mark.parametrize("argv, message", [
    (["export", "--from", "2024-13-01"], "not a date"),
    (["ingest"], "required"),
    (["frobnicate"], "invalid choice"),
])
def test_usage_errors_exit_2(argv, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        parse_args(argv)
    assert exit_info.value.code == 2 and message in capsys.readouterr().err


def test_impossible_published_date_is_a_usage_error(article_file):
    code, _, err = invoke("extract", article_file, "--published", "2024-02-30")
    assert code == 2 and "2024-02-30" in err


def test_export_without_store_is_a_usage_error(tmp_path):
    code, _, err = invoke("export", "--db", tmp_path / "none.db")
    assert code == 2 and "no store" in err


def test_timex_verb_reads_and_writes_jsonl(tmp_path):
    source = tmp_path / "docs.jsonl"
    source.write_text(json.dumps({"doc_id": "d1", "dct": "2024-04-14",
                                  "text": "The strike came on Saturday evening."}) + "\n{broken\n")
    code, out, err = invoke("timex", "--input", source)
    doc = json.loads(out.splitlines()[0])
    assert code == 3 and "docs.jsonl:2" in err
    assert doc["doc_id"] == "d1" and doc["timexes"][0]["value"] == "2024-04-13TEV"
    assert set(doc["timexes"][0]) == {"start", "end", "text", "type", "value"}


def test_help_texts_carry_examples():
    for verb in ("ingest", "extract", "export", "timex", "demo"):
        result = subprocess.run([sys.executable, "-m", "pipeline", verb, "--help"],
                                capture_output=True, text=True, check=True)
        assert "examples:" in result.stdout and "python -m pipeline" in result.stdout


def test_a_file_that_is_not_a_store_is_a_usage_error(tmp_path, article_file):
    not_a_store = tmp_path / "notes.db"
    not_a_store.write_text("these are my notes, not a database\n" * 200)
    code, _, err = invoke("ingest", article_file, "--db", not_a_store)
    assert code == 2 and "notes.db" in err and "cannot be used" in err
    assert not_a_store.read_text().startswith("these are my notes")
