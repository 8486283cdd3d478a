"""Concurrent use: the dashboard's queries poll while an ingest writes; two ingests at once both finish."""
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

from pipeline.store import Store
from pipeline.synthetic import write_corpus

ROOT = Path(__file__).resolve().parent.parent


def ingest_process(corpus: Path, db: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline", "ingest", str(corpus), "--db", str(db)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def events_per_article(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        return dict(conn.execute("SELECT article_id, COUNT(*) FROM events GROUP BY article_id"))
    finally:
        conn.close()


def test_reader_polls_during_an_ingest_without_errors_or_torn_reads(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    write_corpus(corpus, 400, seed=3, words=150)
    db = tmp_path / "t.db"
    store = Store(db)
    snapshots, errors = [], []
    process = ingest_process(corpus, db)

    def poll():
        while process.poll() is None:
            try:
                frame = store.events_frame()
                store.stats()
                snapshots.append(frame.groupby("article_id").size().to_dict())
            except Exception as error:  # noqa: BLE001 - the test reports any failure
                errors.append(error)

    reader = threading.Thread(target=poll)
    reader.start()
    out, err = process.communicate(timeout=300)
    reader.join()
    assert process.returncode == 0, err
    assert not errors
    final = events_per_article(db)
    assert len(snapshots) >= 2
    for snapshot in snapshots:  # an article is seen with all of its events or not at all
        assert all(final[article_id] == count for article_id, count in snapshot.items())


def test_two_ingests_at_once_both_complete(tmp_path):
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    write_corpus(first, 150, seed=1, words=150)
    write_corpus(second, 150, seed=2, words=150)
    # different ids and URLs for the second corpus
    second.write_text(second.read_text().replace('"bench-', '"other-').replace("bench.example", "other.example"),
                      encoding="utf-8")
    db = tmp_path / "t.db"
    Store(db)
    processes = [ingest_process(first, db), ingest_process(second, db)]
    results = [p.communicate(timeout=300) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], results
    assert all("new 150" in out for out, _ in results)
    assert Store(db).stats().articles == 300
    assert Store(db).integrity_ok()
