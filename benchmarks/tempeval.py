"""TempEval-3 benchmark of the temporal engine, with dateparser's text search timed alongside.

usage (from /work/main):
    .venv/bin/python benchmarks/tempeval.py --data ../shared/data/tempeval3 [--dateparser-docs N]
                                            [--split train|test|both] [--errors FILE]

Runs pipeline.temporal.tag on train.jsonl and test.jsonl (the document creation time is the anchor),
writes predictions to a temporary file, scores them with the shared scorer
(../shared/tools/tempeval_score.py, imported, not copied), and prints strict / relaxed / type / value
F1 per split, our documents per second on one core, and dateparser's search_dates documents per
second on the same documents. `--errors FILE` writes the train mismatches for error study
(tune on train only).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.records import Anchor  # noqa: E402
from pipeline.temporal import tag, timexes_to_json  # noqa: E402


def load_scorer(data_dir: Path):
    candidates = [data_dir.parents[1] / "tools" / "tempeval_score.py", ROOT.parent / "shared" / "tools" / "tempeval_score.py"]
    for path in candidates:
        if path.exists():
            spec = importlib.util.spec_from_file_location("tempeval_score", path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module
    raise SystemExit(f"scorer not found in {', '.join(map(str, candidates))}")


def read_docs(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def anchor_of(doc: dict) -> Anchor:
    return Anchor(date.fromisoformat(doc["dct"][:10]))


def run_tagger(docs: list[dict]) -> tuple[list[dict], float]:
    preds = []
    t0 = time.process_time()
    for d in docs:
        preds.append({"doc_id": d["doc_id"], "timexes": timexes_to_json(tag(d["text"], anchor_of(d)))})
    return preds, time.process_time() - t0


def time_dateparser(docs: list[dict], limit: int) -> tuple[int, float] | None:
    try:
        from dateparser.search import search_dates
    except ImportError:
        return None
    subset = docs[:limit]
    search_dates("warm up on Friday", languages=["en"])
    t0 = time.process_time()
    for d in subset:
        search_dates(d["text"], languages=["en"])
    return len(subset), time.process_time() - t0


def score_split(scorer, gold_path: Path, preds: list[dict]) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as fh:
        for p in preds:
            fh.write(json.dumps(p) + "\n")
        pred_path = fh.name
    try:
        return scorer.score(scorer.load(str(gold_path)), scorer.load(pred_path))
    finally:
        os.unlink(pred_path)


def write_errors(docs: list[dict], preds: list[dict], path: Path) -> None:
    """Gold and predicted timexes that do not agree (span or value), with a little context."""
    with path.open("w", encoding="utf-8") as out:
        for d, p in zip(docs, preds):
            gold = {(g["start"], g["end"]): g for g in d["timexes"]}
            pred = {(t["start"], t["end"]): t for t in p["timexes"]}
            for key in sorted(set(gold) | set(pred)):
                g, t = gold.get(key), pred.get(key)
                if g and t and g["value"] == t["value"] and g["type"] == t["type"]:
                    continue
                s, e = key
                ctx = d["text"][max(0, s - 50):e + 30].replace("\n", " ")
                out.write(json.dumps({"dct": d["dct"][:10], "gold": g and [g["text"], g["type"], g["value"]],
                                      "pred": t and [t["text"], t["type"], t["value"]], "ctx": ctx}) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="../shared/data/tempeval3")
    ap.add_argument("--split", choices=["train", "test", "both"], default="both")
    ap.add_argument("--dateparser-docs", type=int, default=40,
                    help="documents of each split on which dateparser's search_dates is timed (0 = skip)")
    ap.add_argument("--errors", help="write train mismatches (JSONL) to this file")
    args = ap.parse_args(argv)
    data = Path(args.data)
    if not data.is_absolute():
        data = (ROOT / data).resolve()
    scorer = load_scorer(data)
    splits = ["train", "test"] if args.split == "both" else [args.split]
    for split in splits:
        gold_path = data / f"{split}.jsonl"
        docs = read_docs(gold_path)
        preds, seconds = run_tagger(docs)
        res = score_split(scorer, gold_path, preds)
        c = res["counts"]
        print(f"== {split}: {len(docs)} documents, gold {c['gold']} timexes, predicted {c['pred']}")
        print(f"   strict  P={res['strict']['precision']:.4f} R={res['strict']['recall']:.4f} F1={res['strict']['f1']:.4f}")
        print(f"   relaxed P={res['relaxed']['precision']:.4f} R={res['relaxed']['recall']:.4f} F1={res['relaxed']['f1']:.4f}")
        print(f"   type F1 {res['type_f1']:.4f}   value F1 {res['value_f1']:.4f}   "
              f"(value accuracy {res['value_accuracy']:.4f})")
        print("   relaxed recall by gold type: " + ", ".join(
            f"{t} {r:.3f}" for t, r in res["relaxed_recall_by_gold_type"].items()))
        print(f"   our tagger: {len(docs) / seconds:.0f} documents/s on one core ({seconds:.2f} s CPU)")
        if args.dateparser_docs:
            timed = time_dateparser(docs, args.dateparser_docs)
            if timed:
                n, secs = timed
                note = "" if n == len(docs) else f", timed on the first {n} documents"
                print(f"   dateparser search_dates(languages=['en']): {n / secs:.1f} documents/s{note}; "
                      f"ours is {(len(docs) / seconds) / (n / secs):.0f}x faster")
        if args.errors and split == "train":
            write_errors(docs, preds, Path(args.errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
