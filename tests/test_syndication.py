"""Near-duplicate detection: wire copies with small edits are one story; different stories are not."""
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
