"""Blind-round score of the TIMEX3 export on our own news sentences (tests/fixtures/timex_blind_round*.yaml).

usage (from the repository root):
    .venv/bin/python benchmarks/timex_blind.py [--fixture tests/fixtures/timex_blind_round1.yaml] [--errors]

Runs what `python -m pipeline timex` runs (pipeline.temporal.tag + timexes_to_json, the publication
date-time read by the CLI's parse_published) on each row and prints strict / relaxed / type / value F1,
micro-averaged over the fixture, as the TempEval-3 scorer defines them (relaxed: overlap of one
character, one-to-one, larger overlaps first; type / value F1 = 2 * relaxed matches with the attribute
right / (|pred| + |gold|)). `--errors` lists the rows whose annotations differ from the expected ones.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.readers import parse_published  # noqa: E402
from pipeline.temporal import tag, timexes_to_json  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "timex_blind_round1.yaml"


def load_rows(path: Path = FIXTURE) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)["rows"]


def gold_of(row: dict) -> list[tuple[int, int, str, str]]:
    """(start, end, type, value) of each expected annotation; extents are found in text order."""
    out, pos = [], 0
    for extent, type_, value in row["timex"]:
        start = row["text"].index(extent, pos)
        out.append((start, start + len(extent), type_, str(value)))
        pos = start + 1
    return out


def predicted(row: dict) -> list[tuple[int, int, str, str]]:
    rows = timexes_to_json(tag(row["text"], parse_published(str(row["dct"]))))
    return [(t["start"], t["end"], t["type"], t["value"]) for t in rows]


def as_triples(row: dict, spans: list[tuple[int, int, str, str]]) -> list[list[str]]:
    return [[row["text"][s:e], t, v] for s, e, t, v in spans]


def _relaxed_pairs(gold, pred):
    pairs = sorted(((min(g[1], p[1]) - max(g[0], p[0]), i, j) for i, g in enumerate(gold)
                    for j, p in enumerate(pred) if min(g[1], p[1]) > max(g[0], p[0])), reverse=True)
    used_g, used_p, out = set(), set(), []
    for _, i, j in pairs:
        if i not in used_g and j not in used_p:
            used_g.add(i), used_p.add(j), out.append((gold[i], pred[j]))
    return out


def _f1(hits: int, n_pred: int, n_gold: int) -> float:
    return 2 * hits / (n_pred + n_gold) if n_pred + n_gold else 1.0


def score(rows: list[dict]) -> dict:
    n_gold = n_pred = strict = relaxed = type_ok = value_ok = 0
    for row in rows:
        gold, pred = gold_of(row), predicted(row)
        n_gold, n_pred = n_gold + len(gold), n_pred + len(pred)
        strict += len({g[:2] for g in gold} & {p[:2] for p in pred})
        pairs = _relaxed_pairs(gold, pred)
        relaxed += len(pairs)
        type_ok += sum(g[2] == p[2] for g, p in pairs)
        value_ok += sum(g[3] == p[3] for g, p in pairs)
    return {"gold": n_gold, "pred": n_pred, "strict": _f1(strict, n_pred, n_gold),
            "relaxed": _f1(relaxed, n_pred, n_gold), "type": _f1(type_ok, n_pred, n_gold),
            "value": _f1(value_ok, n_pred, n_gold), "rows": len(rows),
            "rows_exact": sum(gold_of(r) == predicted(r) for r in rows)}


def summary(res: dict) -> str:
    return (f"{res['rows']} rows ({res['rows_exact']} exact), gold {res['gold']}, predicted {res['pred']}: "
            f"strict F1 {res['strict']:.4f}, relaxed F1 {res['relaxed']:.4f}, "
            f"type F1 {res['type']:.4f}, value F1 {res['value']:.4f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fixture", default=str(FIXTURE))
    ap.add_argument("--errors", action="store_true", help="print the rows that differ")
    args = ap.parse_args(argv)
    rows = load_rows(Path(args.fixture))
    if args.errors:
        for row in rows:
            gold, pred = gold_of(row), predicted(row)
            if gold != pred:
                print(f"{row['id']} [{row['dct']}] {row['text']}\n   gold {as_triples(row, gold)}\n"
                      f"   pred {as_triples(row, pred)}")
    print(summary(score(rows)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
