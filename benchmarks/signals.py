"""Benchmark the signal stage on the sentence-level gold files (evaluation only).

    python benchmarks/signals.py --data ../shared/data/events [--show-errors dev FILE]

Each gold file is split by a stable hash of the record id (sha1, even = dev, odd = test). Study
errors on the dev halves only; the test halves are for reporting. A sentence is escalation if any
of its signals is, else de-escalation if any is, else neutral (the gold sentence rule).

The product's categories keep their own direction (a threat is escalation, a protest is a neutral
signal). Each gold file was labelled under its own rule (its `label_rule` field, described in the
data README), so the benchmark maps categories onto that rule's classes through the explicit
table RULE_MAP below, one column per rule; the product's output is the same for every file.
Records without a date are read as of DEFAULT_DAY.
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
from pipeline.signals import detect_signals, forget_sentences  # noqa: E402
from pipeline.signals.lexicon import load_lexicon  # noqa: E402

FILES = ("plover_gsr_cameo", "conflibert_cameo_pentaclass", "petrarch2_gsr_validation", "petrarch2_unittest")
PLUMBING = {"petrarch2_unittest"}
TARGETS = {"plover_gsr_cameo": 0.75, "conflibert_cameo_pentaclass": 0.70, "petrarch2_gsr_validation": 0.75}
CLASSES = ("escalation", "de-escalation", "neutral")
DEFAULT_DAY = date(2020, 1, 1)

E, D, N = "escalation", "de-escalation", "neutral"
# How each product category reads under each gold label rule (see ../shared/data/events/README.md).
#   cameo_code_v1      : 13 and 15-20 escalation, plus refusals 1246/125-127; 03-08 and appeals or
#                        demands for de-escalation (025x-028, 105x-108) de-escalation; 01, other 02,
#                        09, other 10, 11, other 12 and 14 (protest) neutral.
#   plover_category_v1 : THREATEN MOBILIZE SANCTION COERCE ASSAULT FIGHT escalation; AGREE CONSULT
#                        SUPPORT CONCEDE COOPERATE AID RETREAT de-escalation; DEMAND (CAMEO 10, which
#                        holds the calls for a ceasefire or restraint), DISAPPROVE, REJECT (all of 12,
#                        refusals included), PROTEST, INVESTIGATE neutral.
#   pentaclass_v1      : class 0 (01-02: statements and appeals) and class 3 (09-13: investigate,
#                        demand, disapprove, reject, threaten) neutral; classes 1-2 (03-08)
#                        de-escalation; class 4 (14-20, protests included) escalation.
# category                 cameo_code_v1  plover_category_v1  pentaclass_v1   (nearest CAMEO)
RULE_TABLE = {
    "attack":                 (E, E, E),      # 18-20
    "threat":                 (E, E, N),      # 13
    "retaliation-vow":        (E, E, N),      # 138
    "conditional-threat":     (E, E, N),      # 13
    "mobilisation":           (E, E, E),      # 15
    "coercion":               (E, E, E),      # 16-17
    "refusal":                (E, N, N),      # 1246, 125-127 (PLOVER REJECT)
    "diplomatic-setback":     (E, E, E),      # 16 reduce relations (cancelled visit, ended mediation)
    "hostile-rhetoric":       (N, N, N),      # 10-12
    "protest":                (N, N, E),      # 14
    "investigation":          (N, N, N),      # 09
    "appeal-restraint":       (D, N, N),      # 025x-028, 105x-108 (PLOVER DEMAND; pentaclass 0/3)
    "pressure-restraint":     (D, N, N),      # 0256 with pressure
    "denial-of-intent":       (D, D, D),      # nearest 0356 intent to de-escalate
    "talks":                  (D, D, D),      # 036, 04
    "cooperation":            (D, D, D),      # 03, 05, 06
    "support":                (D, D, D),      # 05 (praise, endorse, recognise)
    "aid":                    (D, D, D),      # 07
    "ceasefire":              (D, D, D),      # 0871, 057
    "material-de-escalation": (D, D, D),      # 08
}
RULES = ("cameo_code_v1", "plover_category_v1", "pentaclass_v1")
RULE_MAP = {rule: {category: row[i] for category, row in RULE_TABLE.items()} for i, rule in enumerate(RULES)}


def half(record_id: str) -> str:
    return "dev" if int(hashlib.sha1(record_id.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "test"


def predict(text: str, day: date | None, rule: str = "cameo_code_v1") -> tuple[str, list]:
    """The sentence's class under `rule`; `day` None for undated records (read as of DEFAULT_DAY,
    without the history check, which needs a real publication date)."""
    signals = detect_signals(text, [Sentence(0, 0, len(text), text)], day or DEFAULT_DAY, history=day is not None)
    gold_of = RULE_MAP[rule]
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


def record_day(record: dict) -> date | None:
    try:
        return date.fromisoformat(record.get("date") or "")
    except ValueError:
        return None


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
        missing = set(load_lexicon().categories) - set(RULE_TABLE)
        if missing:
            raise SystemExit(f"RULE_TABLE has no row for {sorted(missing)}")
        results = {"dev": [], "test": []}
        for record in records:
            predicted, signals = predict(record["text"], record_day(record), record.get("label_rule", "cameo_code_v1"))
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
        sentences = [(t, Sentence(0, 0, len(t), t), d or DEFAULT_DAY) for t, d in all_texts]
        rates, spent = [], 0.0
        while spent < 3.0 or len(rates) < 3:      # several full passes; CPU time per pass
            forget_sentences()      # each pass from cold: recurring sentences are not free here
            started = time.process_time()
            for text, sentence, day in sentences:
                detect_signals(text, [sentence], day)
            elapsed = time.process_time() - started
            spent += elapsed
            rates.append(len(sentences) / elapsed)
        mean = len(rates) * len(sentences) / spent
        print(f"\nthroughput: {max(rates):,.0f} sentences/s on one core, best of {len(rates)} passes "
              f"over {len(sentences)} sentences (mean {mean:,.0f}; CPU time, other load on the machine "
              f"lowers it)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
