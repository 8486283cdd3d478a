"""RSS and Atom feeds: each entry an article, pubDate with its time and zone."""
from pathlib import Path

from pipeline.readers import read_inputs
from pipeline.records import Article, Rejection

GOOD = Path(__file__).parent / "fixtures" / "inputs" / "good"
BAD = Path(__file__).parent / "fixtures" / "bad_inputs"


def read(path, **kwargs):
    return list(read_inputs([str(path)], **kwargs))


def test_rss_entries_become_articles_and_bad_entries_rejections():
    first, second, impossible, empty = read(GOOD / "evening_wire.rss")
    assert first.origin.endswith("evening_wire.rss#1")
    assert first.published == "2024-04-13T23:05+03:00"
    assert first.article_id == "gew-5501"
    assert first.source == "Gulf Evening Wire"
    assert first.url == "https://eveningwire.example/2024/04/13/drones"
    assert first.text == ("Iran launched dozens of drones towards Israel on Saturday evening, "
                          "the Revolutionary Guards said.\nIsrael said its air defences were ready.")
    assert second.title == "Jordan closes its airspace"
    assert isinstance(impossible, Rejection) and "February 2024 has 29 days" in impossible.reason
    assert isinstance(empty, Rejection) and "neither content nor a summary" in empty.reason


def test_atom_content_and_summary():
    isfahan, restraint = read(GOOD / "ledger.atom")
    assert isfahan.published == "2024-04-19T06:55+01:00"
    assert isfahan.text.startswith("Explosions were heard near the central Iranian city of Isfahan")
    assert "<p>" not in isfahan.text
    assert restraint.text == "European ministers repeated their calls for restraint on Thursday."
    assert restraint.published == "2024-04-18T20:30+00:00"     # only <updated>: used as the date


def test_command_line_source_beats_the_feed_title():
    assert read(GOOD / "ledger.atom", source="Wire Desk")[0].source == "Wire Desk"


def test_broken_and_non_feeds():
    (broken,) = read(BAD / "broken_feed.rss")
    assert isinstance(broken, Rejection) and "malformed" in broken.reason
    (other,) = read(BAD / "not_a_feed.xml")
    assert other.reason == "not an RSS or Atom feed"


def test_feed_with_an_unknown_extension_is_sniffed(tmp_path):
    path = tmp_path / "latest"
    path.write_bytes((GOOD / "evening_wire.rss").read_bytes())
    assert sum(isinstance(item, Article) for item in read(path)) == 2
