"""Near-duplicate detection: wire copies with small edits are one story; different stories are not."""
import sqlite3
from dataclasses import replace

import numpy as np
from hypothesis import given, settings, strategies as st

from pipeline.store import Store
from pipeline.syndication import PERMUTATIONS, bands, from_blob, is_near_duplicate, signature, similarity, to_blob

from helpers import article, event

WIRE = ("Iran launched more than 300 drones and missiles at Israel late on Saturday in its first direct "
        "attack on Israeli territory. Israel's military said 99 percent of the projectiles were intercepted "
        "with help from the United States, Britain, France and Jordan. A girl was badly hurt in the south, "
        "and an air base in the Negev suffered light damage, officials said. Tehran said the operation was "
        "a response to the April 1 strike on its consulate in Damascus and that it considered the matter "
        "concluded unless Israel struck back. World leaders urged restraint on both sides.")
OTHER = ("Oil prices slipped on Monday as traders judged that the exchange of fire between Israel and Iran "
         "was unlikely to disrupt supplies from the Gulf. Brent crude fell about one percent in Asian "
         "trading after rising for most of the previous week. Analysts said shipping through the Strait of "
         "Hormuz continued normally, and insurers had not yet raised premiums for tankers in the region.")
EDITED = (WIRE.replace("late on Saturday", "late Saturday").replace("badly hurt", "seriously hurt")
          + " This story has been updated.")


def test_wire_copy_with_small_edits_is_a_near_duplicate():
    assert is_near_duplicate(signature(WIRE), signature(EDITED))
    assert set(bands(signature(WIRE))) & set(bands(signature(EDITED)))


def test_different_stories_are_not():
    assert similarity(signature(WIRE), signature(OTHER)) < 0.2


def test_case_and_punctuation_do_not_count():
    assert np.array_equal(signature(WIRE), signature(WIRE.upper().replace(",", "")))


def test_the_store_keeps_copies_as_one_story(tmp_path):
    store = Store(tmp_path / "t.db")
    store.upsert(article(WIRE, article_id="wire"), [event("e1", article_id="wire")])
    store.upsert(replace(article(EDITED, article_id="copy", source="Meridian Wire"),
                         url="https://meridian.example/copy"), [event("e2", article_id="copy")])
    store.upsert(replace(article(OTHER, article_id="oil"), url="https://oil.example/1"),
                 [event("e3", article_id="oil", day="2024-04-15")])
    assert store.article("copy")["story_id"] == "wire"
    assert store.article("oil")["story_id"] == "oil"
    store.recluster()
    frame = store.events_frame().set_index("event_id")
    assert frame.loc["e1", "cluster_id"] == frame.loc["e2", "cluster_id"] == "e1"
    assert frame.loc["e1", "reports"] == 1  # two copies of one wire story are one report


@settings(max_examples=50)
@given(st.text())
def test_any_text_gets_a_signature_that_survives_storage(text):
    sig = signature(text)
    assert sig.shape == (PERMUTATIONS,)
    assert np.array_equal(from_blob(to_blob(sig)), sig)
    assert len(bands(sig)) in (0, 16)


# A stock paragraph many unrelated articles of one site end with: it puts them all in the same LSH buckets.
FOOTER = ("Harbor Ledger is an independent newsroom funded by its readers. Our correspondents cover the "
          "region from bureaus in four capitals, and we correct errors as soon as we learn of them. "
          "Write to the desk with tips, documents or complaints; every message is read by an editor. "
          "Subscribers receive the morning briefing at six, a weekly podcast on Thursdays and access to "
          "our archive of maps going back to the founding of the paper. Reproduction of this report in "
          "whole or in part requires the written permission of the publisher, except for short quotations "
          "with a link to the original page. Photographs remain the property of the agencies credited "
          "beneath them.")
PLACES = ["Aleppo", "Basra", "Mosul", "Tyre", "Sidon", "Irbid", "Homs", "Kirkuk", "Hama", "Zahle", "Jenin",
          "Idlib", "Raqqa", "Deir ez-Zor", "Nabatieh", "Tripoli", "Erbil", "Duhok", "Karbala", "Najaf"]
LOCAL_SENTENCES = [
    "Residents of {place} queued for water for a {n}th day after a pumping station failed.",
    "The council in {place} blamed the shortage on unpaid contractors and promised repairs by Friday.",
    "Teachers in {place} walked out over salaries that have not risen in {n} years.",
    "Bread rose to {n} dinars a loaf in the markets of {place}, traders said.",
    "A new bus line now links the old town of {place} with the university district.",
    "Heavy rain flooded {n} streets in {place} and cut the road to the airport for hours.",
    "Hospital staff in {place} opened a children's ward built with donations from abroad.",
    "Fans in {place} celebrated late into the night after their club won the cup final {n} to one.",
    "Census workers began counting households in the eastern suburbs of {place} this week.",
    "Drivers waited for up to {n} hours at petrol stations in {place} as deliveries slowed.",
    "Farmers near {place} said the harvest was the smallest in a decade after a dry spring.",
    "The mayor of {place} resigned after an audit found {n} ghost employees on the payroll.",
]


def _local_story(number: int) -> str:
    """A short local report, different for every number, ending with the site's stock paragraph."""
    picks = [(number + step * (number // 12 + 1)) % len(LOCAL_SENTENCES) for step in range(6)]
    body = " ".join(LOCAL_SENTENCES[pick].format(place=PLACES[(number + pick) % len(PLACES)], n=number + pick + 2)
                    for pick in dict.fromkeys(picks))
    return f"{body} {FOOTER}"


def test_a_copy_is_found_however_many_articles_share_some_of_its_buckets(tmp_path, monkeypatch):
    """Stock phrases fill some buckets with unrelated articles; only a bounded few members of each
    are read, and the copy's own story is still found through the buckets specific to it."""
    import pipeline.store
    from pipeline.syndication import fingerprint

    monkeypatch.setattr(pipeline.store, "BUCKET_MEMBERS", 4)        # a small bound, to need few articles
    store = Store(tmp_path / "t.db")
    store.upsert(article(WIRE + " " + FOOTER, article_id="wire"), [])
    for number in range(40):    # unrelated reports, all sorting before the wire story
        store.upsert(article(_local_story(number), article_id=f"local-{number:03d}"), [])
    copy = EDITED + " " + FOOTER
    keys = fingerprint(copy).keys
    conn = sqlite3.connect(tmp_path / "t.db")
    with conn:      # as if a stock phrase put all of them in half of the copy's buckets
        conn.executemany("INSERT INTO article_bands VALUES (?, ?, ?)",
                         [(band, value, f"local-{number:03d}") for band, value in keys[::2] for number in range(40)])
    conn.close()
    store.upsert(article(copy, article_id="copy"), [])
    assert store.article("copy")["story_id"] == "wire"
    assert all(store.article(f"local-{number:03d}")["story_id"] != "wire" for number in range(40))


def test_texts_sharing_only_a_stock_paragraph_are_not_copies():
    """Each hash function orders the shingles independently: one shared common phrase or paragraph
    does not win most of them (the first scheme put these two at 0.92)."""
    from pipeline.syndication import shingles

    a, b = WIRE + " " + FOOTER, OTHER + " " + FOOTER
    jaccard = len(shingles(a) & shingles(b)) / len(shingles(a) | shingles(b))
    assert jaccard < 0.5 and not is_near_duplicate(signature(a), signature(b))
    assert abs(similarity(signature(a), signature(b)) - jaccard) < 0.15


def test_similarity_estimates_the_share_of_common_shingles():
    """Over many pairs of our local reports the estimate is close to the true Jaccard similarity."""
    from pipeline.syndication import shingles

    texts = [_local_story(number) for number in range(24)] + [WIRE, OTHER, EDITED, FOOTER]
    errors = []
    for first in range(len(texts)):
        for second in range(first + 1, len(texts)):
            a, b = shingles(texts[first]), shingles(texts[second])
            errors.append(abs(similarity(signature(texts[first]), signature(texts[second]))
                              - len(a & b) / len(a | b)))
    assert sum(errors) / len(errors) < 0.05 and max(errors) < 0.25


def test_a_store_made_with_other_hash_functions_gets_its_fingerprints_and_stories_redone(tmp_path):
    """Signatures of other hash functions cannot be compared with new ones: the first write redoes
    them, assigns stories again in the order the articles came, and marks the clusters stale."""
    path = tmp_path / "t.db"
    store = Store(path)
    store.upsert(article(WIRE, article_id="wire"), [event("e1", article_id="wire")])
    store.upsert(replace(article(OTHER, article_id="oil"), url="https://oil.example/1"),
                 [event("e3", article_id="oil", day="2024-04-15")])
    conn = sqlite3.connect(path)
    with conn:   # what an older version left: other signatures, other band keys, a wrong story
        conn.execute("UPDATE articles SET minhash = zeroblob(256), story_id = 'wire'")
        conn.execute("UPDATE article_bands SET value = value + 1")
        conn.execute("UPDATE meta SET value = 'affine-mod-mersenne/v1' WHERE key = 'minhash_scheme'")
    conn.close()
    old = Store(path)
    assert not old.clusters_stale()
    old.upsert(replace(article(EDITED, article_id="copy"), url="https://meridian.example/copy"),
               [event("e2", article_id="copy")])
    assert old.article("oil")["story_id"] == "oil"
    assert old.article("copy")["story_id"] == "wire"
    assert old.clusters_stale()
    assert Store(path).refresh_fingerprints() == 0       # done once
    fresh = sqlite3.connect(path).execute("SELECT article_id, minhash FROM articles ORDER BY 1").fetchall()
    assert all(blob == to_blob(signature(text)) for (_, blob), text in zip(fresh, [EDITED, OTHER, WIRE]))
