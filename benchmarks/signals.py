"""Benchmark the signal stage on the sentence-level gold files (evaluation only).

    python benchmarks/signals.py --data ../shared/data/events [--show-errors dev FILE]

Each gold file is split by a stable hash of the record id (sha1, even = dev, odd = test). Study
errors on the dev halves only; the test halves are for reporting. A sentence is escalation if any
of its signals is, else de-escalation if any is, else neutral (the gold sentence rule). Categories
map to gold classes through taxonomy.yaml's `gold` field: hostile rhetoric (CAMEO 10-12) is
neutral under the gold rule. Records without a date are read as of DEFAULT_DAY.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.records import Sentence  # noqa: E402
from pipeline.signals import detect_signals  # noqa: E402
from pipeline.signals.lexicon import load_lexicon  # noqa: E402

FILES = ("plover_gsr_cameo", "conflibert_cameo_pentaclass", "petrarch2_gsr_validation", "petrarch2_unittest")
PLUMBING = {"petrarch2_unittest"}
TARGETS = {"plover_gsr_cameo": 0.75, "conflibert_cameo_pentaclass": 0.70, "petrarch2_gsr_validation": 0.75}
CLASSES = ("escalation", "de-escalation", "neutral")
DEFAULT_DAY = date(2020, 1, 1)


def half(record_id: str) -> str:
    return "dev" if int(hashlib.sha1(record_id.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "test"


def predict(text: str, day: date) -> tuple[str, list]:
    signals = detect_signals(text, [Sentence(0, 0, len(text), text)], day)
    gold_of = {name: spec.gold for name, spec in load_lexicon().categories.items()}
    labels = {gold_of[s.category] for s in signals}
    for label in ("escalation", "de-escalation"):
        if label in labels:
            return label, signals
    return "neutral", signals


def scores(pairs: list[tuple[str, str]]) -> dict:
    table = {}
    for cls in CLASSES:
        tp = sum(1 for g, p in pairs if g == cls and p == cls)
        fp = sum(1 for g, p in pairs if g != cls and p == cls)
        fn = sum(1 for g, p in pairs if g == cls and p != cls)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        table[cls] = (precision, recall, f1, tp + fn)
    table["macro"] = sum(table[c][2] for c in CLASSES) / len(CLASSES)
    return table


def load(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def record_day(record: dict) -> date:
    try:
        return date.fromisoformat(record.get("date") or "")
    except ValueError:
        return DEFAULT_DAY


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="../shared/data/events", help="folder with the gold JSONL files")
    parser.add_argument("--show-errors", nargs=2, metavar=("HALF", "FILE"),
                        help="print misclassified records of one half (use dev) of one file")
    parser.add_argument("--halves", default="dev,test", help="which halves to print (dev while tuning)")
    args = parser.parse_args(argv)
    halves = [h for h in args.halves.split(",") if h in ("dev", "test")]
    data = Path(args.data)
    if not data.is_absolute():
        data = (Path.cwd() / data).resolve()
    all_texts: list[tuple[str, date]] = []
    for name in FILES:
        path = data / f"{name}.jsonl"
        if not path.exists():
            print(f"{name}: missing ({path})")
            continue
        records = load(path)
        results = {"dev": [], "test": []}
        for record in records:
            predicted, signals = predict(record["text"], record_day(record))
            part = half(record["id"])
            results[part].append((record["label"], predicted))
            all_texts.append((record["text"], record_day(record)))
            if args.show_errors and args.show_errors == [part, name] and predicted != record["label"]:
                cues = "; ".join(f"{s.category}:{s.cue}" for s in signals)
                print(f"  gold={record['label']:<13} pred={predicted:<13} [{cues}] {record['text'][:200]}")
        note = " (plumbing only: toy codes)" if name in PLUMBING else ""
        print(f"\n{name}{note}")
        for part in halves:
            table = scores(results[part])
            target = TARGETS.get(name)
            mark = "" if target is None or part != "test" else (
                f"  target >= {target:.2f} {'MET' if table['macro'] >= target else 'MISSED'}")
            print(f"  {part:<4} n={len(results[part]):<5} macro-F1 {table['macro']:.3f}{mark}")
            for cls in CLASSES:
                p, r, f, support = table[cls]
                print(f"       {cls:<14} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (n={support})")
    if all_texts:
        sentences = [(t, Sentence(0, 0, len(t), t), d) for t, d in all_texts]
        started = time.process_time()
        rounds = 0
        while True:
            for text, sentence, day in sentences:
                detect_signals(text, [sentence], day)
            rounds += 1
            elapsed = time.process_time() - started
            if elapsed > 2.0:
                break
        print(f"\nthroughput: {rounds * len(sentences) / elapsed:,.0f} sentences/s on one core "
              f"({rounds * len(sentences)} sentences in {elapsed:.2f} s of CPU time)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
