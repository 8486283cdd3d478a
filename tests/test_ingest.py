"""Ingest into the store: idempotent re-runs, replacement of changed articles, rejections, clusters."""
import json
from pathlib import Path

import pytest

from pipeline.ingest import ingest
from pipeline.store import Store

STRIKE = """---
title: {title}
published: 2024-04-02
source: {source}
url: {url}
---
An air strike on Monday destroyed a building next to Iran's embassy in Damascus and killed seven officers
of the Revolutionary Guards, Iranian officials said.

Tehran vowed on Tuesday that the attack would not go unanswered.
"""

APPEAL = """---
title: Calls for calm
published: 2024-04-14
source: Capital Dispatch
---
The UN secretary-general on Sunday urged Israel and Iran to exercise maximum restraint.
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder, "a.md", STRIKE.format(title="Strike in Damascus", source="Harbor Ledger",
                                        url="https://harbor.example/strike"))
    write(folder, "b.md", APPEAL)
    return folder


def test_re_ingesting_the_same_input_changes_nothing(tmp_path, corpus):
    store = Store(tmp_path / "t.db")
    first = ingest([str(corpus)], store, progress=False)
    assert (first.new, first.unchanged, first.rejections) == (2, 0, [])
    frame = store.events_frame()
    again = ingest([str(corpus)], store, progress=False)
    assert (again.new, again.unchanged, again.events) == (0, 2, 0)
    assert store.events_frame().equals(frame)


def test_a_changed_page_at_the_same_url_replaces_its_events(tmp_path, corpus):
    store = Store(tmp_path / "t.db")
    ingest([str(corpus)], store, progress=False)
    updated = STRIKE.format(title="Strike in Damascus (updated)", source="Harbor Ledger",
                            url="https://harbor.example/strike").replace("seven officers", "seven senior officers")
    write(corpus, "a.md", updated)
    summary = ingest([str(corpus)], store, progress=False)
    assert (summary.replaced, summary.unchanged, summary.new) == (1, 1, 0)
    stats = store.stats()
    assert stats.articles == 2
    assert set(store.events_frame()["title"]) >= {"Strike in Damascus (updated)"}
    assert "Strike in Damascus" not in set(store.events_frame()["title"])


def test_bad_inputs_are_rejected_and_good_ones_stored(tmp_path, corpus):
    write(corpus, "undated.txt", "Iran fired missiles at Israel on Saturday evening.")
    (corpus / "binary.txt").write_bytes(b"%PDF-1.7\x00\x01\x02garbage")
    store = Store(tmp_path / "t.db")
    summary = ingest([str(corpus)], store, progress=False)
    reasons = {Path(r.origin).name: r.reason for r in summary.rejections}
    assert set(reasons) == {"undated.txt", "binary.txt"}
    assert "publication date" in reasons["undated.txt"]
    assert summary.new == 2 and store.stats().articles == 2


def test_syndicated_copy_counts_as_one_report_and_a_second_story_as_two(tmp_path, corpus):
    write(corpus, "copy.md", STRIKE.format(title="Damascus strike", source="Meridian Wire",
                                           url="https://meridian.example/copy"))
    store = Store(tmp_path / "t.db")
    ingest([str(corpus)], store, progress=False)
    strikes = store.events_frame().query("category == 'attack' and event_date == '2024-04-01'")
    assert len(strikes) >= 2 and strikes["cluster_id"].nunique() == 1
    assert set(strikes["reports"]) == {1}
    other = ("---\ntitle: Consulate attack\npublished: 2024-04-03\nsource: Levant Desk\n---\n"
             "Israeli jets struck the Iranian consulate in Damascus on Monday, killing a senior general.\n")
    write(corpus, "other.md", other)
    ingest([str(corpus)], store, progress=False)
    strikes = store.events_frame().query("category == 'attack' and event_date == '2024-04-01'")
    assert len(strikes) >= 3 and strikes["cluster_id"].nunique() == 1
    assert set(strikes["reports"]) == {2}  # two independent stories; the syndicated copy counts once


def test_two_workers_store_the_same_events_as_one(tmp_path, corpus):
    one, two = Store(tmp_path / "one.db"), Store(tmp_path / "two.db")
    ingest([str(corpus)], one, progress=False)
    ingest([str(corpus)], two, workers=2, progress=False)
    assert one.events_frame().equals(two.events_frame())


def test_two_workers_store_the_same_as_one_over_several_batches_and_a_short_last_one(tmp_path):
    """Batches go to the workers in halves, the last in small shares: every article stored once, in
    input order, as one worker does."""
    from pipeline.ingest import BATCH_SIZE, LAST_SHARE
    from pipeline.synthetic import write_corpus

    count = 2 * BATCH_SIZE + 3 * LAST_SHARE + 5        # the last batch: several shares, the last one short
    corpus = tmp_path / "corpus.jsonl"
    write_corpus(corpus, count, seed=5, words=120)
    one, two = Store(tmp_path / "one.db"), Store(tmp_path / "two.db")
    assert ingest([str(corpus)], one, progress=False).new == count
    summary = ingest([str(corpus)], two, workers=2, progress=False)
    assert summary.new == count and not summary.rejections
    assert one.events_frame().equals(two.events_frame())
    assert one.stats().articles == two.stats().articles == count


def _record(article_id: str, url: str, text: str) -> str:
    return json.dumps({"id": article_id, "url": url, "published": "2024-04-02", "source": "Harbor Ledger",
                       "title": "Strike in Damascus", "text": text})


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("filler", [0, 70], ids=["same batch", "next batch"])
def test_an_unchanged_article_whose_copy_an_earlier_record_replaced_is_stored_with_its_events(
        tmp_path, workers, filler):
    """Found unchanged before storing, then removed by an earlier record with its url: still stored whole."""
    text = STRIKE.split("---\n", 2)[2]
    first = tmp_path / "first.jsonl"
    first.write_text(_record("harbor-1", "https://harbor.example/strike", text) + "\n", encoding="utf-8")
    store = Store(tmp_path / "t.db")
    ingest([str(first)], store, workers=workers, progress=False)
    before = store.events_frame()
    assert len(before) >= 1
    # A re-saved page under another id comes first and replaces harbor-1; harbor-1 itself follows.
    lines = [_record("harbor-resaved", "https://harbor.example/strike", text)]
    lines += [_record(f"brief-{n}", f"https://harbor.example/brief-{n}",
                      f"Officials met on Monday, the {n}th meeting this year.") for n in range(filler)]
    lines.append(_record("harbor-1", "https://harbor.example/strike", text))
    second = tmp_path / "second.jsonl"
    second.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ingest([str(second)], store, workers=workers, progress=False)
    after = store.events_frame().query("article_id == 'harbor-1'")
    assert len(after) == len(before)
    assert store.article("harbor-resaved") is None      # the later record at that url wins


@pytest.mark.parametrize("workers", [1, 2])
def test_ingesting_in_runs_clusters_as_ingesting_at_once(tmp_path, workers):
    """A later run re-clusters only around the events it adds (late reports included); every
    event ends with the cluster and report count that ingesting everything at once gives."""
    demo = sorted((Path(__file__).resolve().parent.parent / "data" / "demo").iterdir())
    # the second run brings the last week's articles and one late report of the first days
    first, later = [p for p in demo[:-5] if p != demo[1]], demo[-5:] + [demo[1]]
    runs, once = Store(tmp_path / "runs.db"), Store(tmp_path / "once.db")
    ingest([str(p) for p in first], runs, workers=workers, progress=False)
    second = ingest([str(p) for p in later], runs, workers=workers, progress=False)
    assert second.new >= len(later) and not second.replaced
    ingest([str(p) for p in demo], once, progress=False)
    columns = ["event_id", "cluster_id", "reports"]
    got = runs.events_frame()[columns].sort_values("event_id").reset_index(drop=True)
    want = once.events_frame()[columns].sort_values("event_id").reset_index(drop=True)
    assert (want["reports"] > 1).any()
    assert got.equals(want)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_replacement_in_a_later_run_clusters_as_ingesting_the_final_pages(tmp_path, workers):
    """An updated page loses events and gains others: the later run re-clusters around both, and
    every event ends as in a store that only ever saw the final pages."""
    import shutil

    folder = tmp_path / "demo"
    shutil.copytree(Path(__file__).resolve().parent.parent / "data" / "demo", folder)
    runs, once = Store(tmp_path / "runs.db"), Store(tmp_path / "once.db")
    ingest([str(folder)], runs, workers=workers, progress=False)
    page = folder / "2024-04-02_meridian-wire_damascus-strike.md"
    text = page.read_text(encoding="utf-8")
    # the update drops the paragraphs of vows (so no threat of this page is left to re-cluster
    # around: only the removed ones' span is) and adds a late denial
    vows = [p for p in text.split("\n\n") if p.startswith(("Tehran reacted", "Iran's ambassador"))]
    assert len(vows) == 2
    update = text.replace(vows[0], "Israel's military said on Tuesday it had not struck any diplomatic building.")
    page.write_text(update.replace(vows[1], ""), encoding="utf-8")
    before = runs.events_frame()
    second = ingest([str(folder)], runs, workers=workers, progress=False)
    assert second.replaced == 1 and second.new == 0
    ingest([str(folder)], once, progress=False)
    # a vow another story also reported counted two reports before the update, one after
    vow = before[(before["category"] == "threat") & (before["reports"] == 2)
                 & before["url"].str.contains("damascus-consulate")]
    others = before[before["cluster_id"].isin(vow["cluster_id"]) & ~before["url"].str.contains("damascus-consulate")]
    assert len(others) and set(runs.events_frame().set_index("event_id").loc[others["event_id"], "reports"]) == {1}
    columns = ["event_id", "cluster_id", "reports"]
    got = runs.events_frame()[columns].sort_values("event_id").reset_index(drop=True)
    want = once.events_frame()[columns].sort_values("event_id").reset_index(drop=True)
    assert got.equals(want)
