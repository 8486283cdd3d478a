"""Event exports (CSV, JSONL, Parquet) shared by the command line and the dashboard's downloads.

CSV cells that a spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage
return; OWASP "CSV injection") are prefixed with a single quote. Numbers stay numbers.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import IO, Iterable, Sequence

import pandas as pd

from .records import EVENT_FIELDS

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_NUMERIC = {"char_start", "char_end", "score", "confidence", "reports"}


def neutralise_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _csv_row(row: Sequence) -> list:
    return [value if name in _NUMERIC else neutralise_cell(value) for name, value in zip(EVENT_FIELDS, row)]


def write_csv_rows(rows: Iterable[Sequence], out: IO[str], header: bool = True) -> None:
    writer = csv.writer(out, lineterminator="\n")
    if header:
        writer.writerow(EVENT_FIELDS)
    writer.writerows(_csv_row(row) for row in rows)


def write_jsonl_rows(rows: Iterable[Sequence], out: IO[str]) -> None:
    for row in rows:
        out.write(json.dumps(dict(zip(EVENT_FIELDS, row)), ensure_ascii=False) + "\n")


def _frame_rows(df: pd.DataFrame):
    frame = df.reindex(columns=list(EVENT_FIELDS))
    frame = frame.astype(object).where(frame.notna(), "")
    return frame.itertuples(index=False, name=None)


def events_csv(df: pd.DataFrame) -> str:
    """The events of `df` as CSV text with the contract's columns in order."""
    buffer = io.StringIO()
    write_csv_rows(_frame_rows(df), buffer)
    return buffer.getvalue()


def events_jsonl(df: pd.DataFrame) -> str:
    buffer = io.StringIO()
    write_jsonl_rows(_frame_rows(df), buffer)
    return buffer.getvalue()


def write_parquet(chunks: Iterable[Sequence[Sequence]], path: str | Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    writer = None
    try:
        for chunk in chunks:
            table = pa.Table.from_pandas(pd.DataFrame(list(chunk), columns=list(EVENT_FIELDS)),
                                         preserve_index=False)
            if writer is None:
                writer = pq.ParquetWriter(str(path), table.schema)
            writer.write_table(table)
        if writer is None:  # no events: still write a file with the columns
            empty = pd.DataFrame(columns=list(EVENT_FIELDS))
            pq.write_table(pa.Table.from_pandas(empty, preserve_index=False), str(path))
    finally:
        if writer is not None:
            writer.close()
