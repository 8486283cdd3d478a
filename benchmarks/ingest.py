"""Ingest benchmark: synthetic ~600-word articles end to end into the store, then a large export.

Prints articles/s, events/s and peak memory for each worker count (the main process's peak plus
each worker's peak: an upper bound of what the run held at once; and the largest sum of the
processes' resident memory sampled four times a second), the CPU time of the main process
and of the workers, the store size, and the time to export `--export-events` events to CSV.

    .venv/bin/python benchmarks/ingest.py --articles 2000 --workers 1 2 --export-events 1000000 --repeat 8

Articles are built from the team's own sentence templates (pipeline/synthetic.py) with varied actors, targets,
places and relative dates, so every stage does real work: sentences, time expressions, signals,
dedup hashing and clustering; 15% are syndicated copies of recent ones (another site, a sentence
dropped, a credit line added), which the store must recognise as one story.
"""
from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.synthetic import write_corpus  # noqa: E402

_RUNNER = """
import json, os, resource, sys, threading, time
from pipeline.ingest import ingest
from pipeline.store import Store

def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return 0

def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as listed:
            return [int(child) for child in listed.read().split()]
    except OSError:
        return []

sampled_kb, done = [0], threading.Event()

def sample():   # the whole process tree's resident memory, four times a second
    me = os.getpid()
    while not done.wait(0.25):
        sampled_kb[0] = max(sampled_kb[0], rss_kb(me) + sum(rss_kb(child) for child in children(me)))

store = Store(sys.argv[1])
sampler = threading.Thread(target=sample, daemon=True)
sampler.start()
started, cpu_started = time.perf_counter(), time.process_time()
summary = ingest([sys.argv[2]], store, workers=int(sys.argv[3]), progress=False)
elapsed, main_cpu = time.perf_counter() - started, time.process_time() - cpu_started
done.set()
children = resource.getrusage(resource.RUSAGE_CHILDREN)
worker_cpu = children.ru_utime + children.ru_stime   # the workers, once they have exited
main_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
worker_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the largest worker's peak
workers = int(sys.argv[3])
# peak of the main process plus every worker at its own peak: an upper bound of the run's total
total_kb = main_kb + (workers * worker_kb if workers > 1 else 0)
print(json.dumps({"seconds": elapsed, "articles": summary.new, "events": summary.events,
                  "rejected": len(summary.rejections), "peak_mb": total_kb / 1024,
                  "main_mb": main_kb / 1024, "worker_mb": worker_kb / 1024, "sampled_mb": sampled_kb[0] / 1024,
                  "main_cpu": main_cpu, "worker_cpu": worker_cpu}))
"""


def run_ingest(db: Path, corpus: Path, workers: int) -> dict:
    result = subprocess.run([sys.executable, "-c", _RUNNER, str(db), str(corpus), str(workers)],
                            capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def fill_events(db: Path, count: int) -> None:
    """A store with `count` events copied from a template row (for the export benchmark)."""
    from pipeline.records import EVENT_FIELDS
    from pipeline.store import Store

    Store(db)
    conn = sqlite3.connect(db)
    template = {name: "" for name in EVENT_FIELDS}
    template.update(char_start=0, char_end=80, score=6.0, confidence=0.8, reports=1, signal="escalation",
                    category="attack", actor="Iran", target="Israel", granularity="day",
                    sentence="Iran launched a wave of drones at targets near Isfahan on Saturday evening.")
    day0 = date(2024, 1, 1)
    with conn:
        rows = []
        for number in range(count):
            day = (day0 + timedelta(days=number % 365)).isoformat()
            template.update(event_id=f"x{number:08d}", article_id=f"a{number // 10}", event_date=day,
                            event_start=day, event_end=day, published=day, cluster_id=f"x{number:08d}")
            rows.append(tuple(template[name] for name in EVENT_FIELDS))
            if len(rows) == 50_000:
                conn.executemany(f"INSERT INTO events VALUES ({', '.join('?' for _ in EVENT_FIELDS)})", rows)
                rows = []
        if rows:
            conn.executemany(f"INSERT INTO events VALUES ({', '.join('?' for _ in EVENT_FIELDS)})", rows)
    conn.close()


def run_and_report(tmp: Path, corpus: Path, workers: int) -> float:
    """One ingest of `corpus` into a new store with `workers`; prints its figures, returns articles/s."""
    db = tmp / f"store-{workers}.db"
    for stale in tmp.glob(f"store-{workers}.db*"):
        stale.unlink()
    result = run_ingest(db, corpus, workers)
    rate = result["articles"] / result["seconds"]
    size = sum(p.stat().st_size for p in tmp.glob(f"store-{workers}.db*"))
    with sqlite3.connect(db) as conn:
        stories, clusters = (conn.execute("SELECT COUNT(DISTINCT story_id) FROM articles").fetchone()[0],
                             conn.execute("SELECT COUNT(DISTINCT cluster_id) FROM events").fetchone()[0])
    print(f"workers={workers}: {result['articles']} articles, {result['events']} events in "
          f"{result['seconds']:.1f} s -> {rate:.1f} articles/s, "
          f"{result['events'] / result['seconds']:.0f} events/s, peak memory {result['peak_mb']:.0f} MB "
          f"(main {result['main_mb']:.0f} MB + {workers if workers > 1 else 0} x worker "
          f"{result['worker_mb']:.0f} MB; sampled peak of all processes together "
          f"{result['sampled_mb']:.0f} MB), "
          f"store {size / 1e6:.1f} MB, rejected {result['rejected']}")
    print(f"  {stories} stories (the rest syndicated copies), {clusters} event clusters")
    cpu = result["main_cpu"] + result["worker_cpu"]
    # CPU time is what to compare on a busy machine, where wall time depends on the neighbours
    print(f"  CPU {cpu:.1f} s (main {result['main_cpu']:.1f} s + workers {result['worker_cpu']:.1f} s) "
          f"-> {result['articles'] / cpu:.1f} articles per CPU-second", flush=True)
    return rate


def side_by_side(tmp: Path, corpus: Path) -> float:
    """Two one-worker ingests of `corpus` at once, each into its own store, against one alone just
    before: the throughput two processes that share nothing get on this machine now."""
    from concurrent.futures import ThreadPoolExecutor

    for stale in tmp.glob("apart-*.db*"):
        stale.unlink()
    alone = run_ingest(tmp / "apart-alone.db", corpus, 1)["seconds"]
    with ThreadPoolExecutor(2) as pool:
        pair = list(pool.map(lambda n: run_ingest(tmp / f"apart-{n}.db", corpus, 1)["seconds"], range(2)))
    speed_up = 2 * alone / max(pair)
    print(f"two independent one-worker ingests side by side: {pair[0]:.1f} and {pair[1]:.1f} s, one alone "
          f"{alone:.1f} s -> {speed_up:.2f}x the throughput of one", flush=True)
    return speed_up


def add_to_store(tmp: Path, db: Path, stored: int, count: int, workers: int) -> None:
    """A later run: `count` new articles published over three days after the corpus's year, into
    the store, timed as is (re-clustering the islands of events they meet) and on a copy whose clusters
    are marked stale (re-clustering everything)."""
    from pipeline.store import Store

    batch = tmp / "added.jsonl"
    write_corpus(batch, count, seed=11, first_day=date(2025, 1, 6), days=3, first_number=stored)
    everything = tmp / "store-everything.db"
    with sqlite3.connect(db) as source, sqlite3.connect(everything) as copy:
        source.backup(copy)
    Store(everything).mark_clusters_stale(True)
    for name, path in (("the islands of events they meet", db), ("everything", everything)):
        result = run_ingest(path, batch, workers)
        print(f"adding {result['articles']} articles of three days to a store of {stored}, "
              f"re-clustering {name}: {result['seconds']:.1f} s")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--export-events", type=int, default=1_000_000, help="0 to skip the export benchmark")
    parser.add_argument("--repeat", type=int, default=1,
                        help="rounds of runs (each worker count once per round, every other round in "
                             "reverse order); medians are printed when more than one: wall times on a shared "
                             "machine vary by ±10%%")
    parser.add_argument("--side-by-side", action="store_true",
                        help="in each round, also run two independent one-worker ingests at once: the "
                             "speed-up this machine gives two processes that share nothing, at that moment")
    parser.add_argument("--add-articles", type=int, default=0,
                        help="then ingest this many new articles of three days into the last store, "
                             "re-clustering around them and (on a copy) everything")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        corpus = tmp / "corpus.jsonl"
        write_corpus(corpus, args.articles)
        print(f"corpus: {args.articles} synthetic articles, {corpus.stat().st_size / 1e6:.1f} MB")
        rounds: list[dict[int, float]] = []
        machine: list[float] = []
        for _ in range(args.repeat):
            # every other round in reverse order (1 2, 2 1, ...): a machine slowing down or speeding up
            # over the rounds does not favour the worker count that always runs first
            order = args.workers if len(rounds) % 2 == 0 else args.workers[::-1]
            rounds.append({workers: run_and_report(tmp, corpus, workers) for workers in order})
            if 1 in rounds[-1] and len(rounds[-1]) > 1:
                for workers, rate in rounds[-1].items():
                    if workers != 1:
                        print(f"speed-up with {workers} workers: {rate / rounds[-1][1]:.2f}x")
            if args.side_by_side:
                machine.append(side_by_side(tmp, corpus))
                if 1 in rounds[-1] and 2 in rounds[-1]:
                    print(f"two workers got {rounds[-1][2] / rounds[-1][1] / machine[-1]:.0%} of the speed-up "
                          f"two independent processes got in this round")
        if args.repeat > 1:
            for workers in args.workers:
                print(f"median of {args.repeat} rounds, workers={workers}: "
                      f"{statistics.median(r[workers] for r in rounds):.1f} articles/s")
                if workers != 1 and 1 in args.workers:
                    ratios = sorted(r[workers] / r[1] for r in rounds)
                    print(f"median speed-up with {workers} workers: {statistics.median(ratios):.2f}x "
                          f"(rounds: {', '.join(f'{ratio:.2f}' for ratio in ratios)})")
        if len(machine) > 1:
            print(f"median speed-up of two independent one-worker ingests side by side: "
                  f"{statistics.median(machine):.2f}x (rounds: {', '.join(f'{m:.2f}' for m in sorted(machine))})")
            if all(1 in r and 2 in r for r in rounds):
                shares = sorted(r[2] / r[1] / m for r, m in zip(rounds, machine))
                print(f"median share of the machine's speed-up that two workers got: {statistics.median(shares):.0%} "
                      f"(rounds: {', '.join(f'{share:.0%}' for share in shares)})")
        if args.add_articles:
            add_to_store(tmp, tmp / f"store-{args.workers[-1]}.db", args.articles, args.add_articles,
                         args.workers[-1])
        if args.export_events:
            db = tmp / "export.db"
            fill_events(db, args.export_events)
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "pipeline", "export", "--db", str(db), "--format", "csv",
                            "--out", str(tmp / "out.csv")], check=True, cwd=ROOT)
            elapsed = time.perf_counter() - started
            lines = sum(1 for _ in (tmp / "out.csv").open(encoding="utf-8"))
            print(f"export: {lines - 1} events to CSV in {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
