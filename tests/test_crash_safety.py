"""Crash safety: SIGKILL an ingest at random points; the store stays sound and a re-run completes it
with exactly the articles and events of an uninterrupted run."""
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.store import Store
from pipeline.synthetic import write_corpus

ROOT = Path(__file__).resolve().parent.parent
KILLS = 5


def ingest_command(corpus: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "pipeline", "ingest", str(corpus), "--db", str(db)]


def snapshot(db: Path):
    conn = sqlite3.connect(db)
    try:
        articles = conn.execute("SELECT article_id, content_hash, story_id FROM articles ORDER BY 1").fetchall()
        events = conn.execute("SELECT event_id, article_id, event_date, signal, cluster_id, reports "
                              "FROM events ORDER BY 1").fetchall()
    finally:
        conn.close()
    return articles, events


@pytest.mark.slow
def test_killed_ingests_lose_nothing_and_double_nothing(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    write_corpus(corpus, 2000, seed=11, words=120)
    reference = tmp_path / "reference.db"
    started = time.perf_counter()
    subprocess.run(ingest_command(corpus, reference), cwd=ROOT, check=True, capture_output=True)
    duration = time.perf_counter() - started

    crashed = tmp_path / "crashed.db"
    rng = random.Random(5)
    kills = 0
    for _ in range(KILLS):
        process = subprocess.Popen(ingest_command(corpus, crashed), cwd=ROOT,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.04, 0.15) * duration)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            kills += 1
        process.wait()
        assert Store(crashed).integrity_ok()
    assert kills == KILLS, "a run finished before its kill: the corpus is too small for this machine"
    subprocess.run(ingest_command(corpus, crashed), cwd=ROOT, check=True, capture_output=True)
    assert snapshot(crashed) == snapshot(reference)
    articles, events = snapshot(reference)
    assert len(articles) == 2000 and len(events) > 2000
