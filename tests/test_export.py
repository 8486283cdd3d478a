"""Exports: contract columns in order, formula injection neutralised, CLI export equals the download."""
import csv
import io
import json

import pandas as pd

from pipeline.export import events_csv, events_jsonl, neutralise_cell, write_csv_rows
from pipeline.records import EVENT_FIELDS
from pipeline.store import Store

from helpers import article, event


def test_csv_has_contract_columns_and_keeps_negative_scores_numeric(tmp_path):
    frame = pd.DataFrame([event("e1").row(), event("e2", signal="de-escalation", score=-4.0).row()])
    rows = list(csv.reader(io.StringIO(events_csv(frame))))
    assert tuple(rows[0]) == EVENT_FIELDS
    assert rows[2][EVENT_FIELDS.index("score")] == "-4.0"


def test_formula_cells_are_neutralised():
    hostile = event("e1", sentence="=HYPERLINK(\"http://evil.example\",\"click\")", actor="@Iran")
    text = events_csv(pd.DataFrame([hostile.row()]))
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["sentence"].startswith("'=") and row["actor"] == "'@Iran"
    assert neutralise_cell("-1+2") == "'-1+2" and neutralise_cell("Iran") == "Iran" and neutralise_cell(3) == 3


def test_jsonl_round_trips_fields():
    lines = events_jsonl(pd.DataFrame([event("e1").row()])).splitlines()
    assert list(json.loads(lines[0])) == list(EVENT_FIELDS)


def test_store_rows_and_dataframe_give_the_same_csv(tmp_path):
    store = Store(tmp_path / "t.db")
    store.upsert(article(), [event("e1"), event("e2", day="2024-04-19", score=-3.5, signal="de-escalation")])
    buffer = io.StringIO()
    write_csv_rows([row for chunk in store.iter_event_rows() for row in chunk], buffer)
    assert buffer.getvalue() == events_csv(store.events_frame())
