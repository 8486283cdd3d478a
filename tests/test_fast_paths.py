"""The speed paths give what the plain forms they replace give: literal tests before costly
patterns never drop a match, and rewritten helpers return the same values.

Checked on our own sentences and, when the shared benchmark data is present, on its sentences
(read in place, never copied)."""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from helpers import timex_for

from pipeline import events, sentences, syndication
from pipeline.records import days_interval
from pipeline.signals import classify
from pipeline.signals.lexicon import fold

OWN = [
    "Militants fired rockets at the base a week after the April 1 strike, the army said.",
    "Two days before the talks, Gen. Smith told reporters the U.S. would 'respond' to any attack.",
    '"We will not be intimidated," the minister said, adding that the "dear price" was coming.',
    "‘Neutralised’ was the word the ministry used; it said 17 fighters had been killed.",
    "The rebels, who seized the town in 2012, withdrew on Tuesday after three weeks of shelling.",
    "Envoys met in Cairo ... and agreed on a truce. Then the shelling resumed!  Nobody spoke.",
    "Iran's foreign minister said Tehran's 'patience' had limits, months after the embassy strike.",
    "KYIV, March 3 (Harbor Wire) - Russian drones struck a power plant overnight, officials said.",
    "Ünïcode names like Zelenskyy's aide Yermak said: “no talks” until the troops leave.",
    "", " ", "'", '"', "a", "It's the rebels' camp, not 'theirs'.",
]


def _benchmark_sentences(limit: int) -> list[str]:
    folder = Path("/work/shared/data/events")
    if not folder.is_dir():
        return []
    found: list[str] = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                found.append(json.loads(line)["text"])
    return found[:limit]


def _texts(limit: int = 1500) -> list[str]:
    return OWN + _benchmark_sentences(limit)


def test_benchmark_sample_read_when_present():
    if not Path("/work/shared/data/events").is_dir():
        pytest.skip("shared benchmark data absent")
    assert len(_texts()) > len(OWN)


def test_offset_word_test_never_drops_an_offset():
    for text in _texts(800):
        for end in [m.start() for m in re.finditer(r"\s", text)] + [len(text)]:
            window = max(0, end - 60), end
            if events._OFFSET_BEFORE.search(text, *window) is not None:
                assert events._OFFSET_WORD.search(text, *window) is not None, (text, end)


def test_offset_of_still_reads_an_offset():
    text = "Militants fired rockets a week after the April 1 strike."
    sentence = sentences.split_sentences(text)[0]
    timex = timex_for(text, "April 1", "2024-04-01", days_interval(date(2024, 4, 1), date(2024, 4, 1), "day"))
    assert events.offset_of(sentence, text.index("fired"), timex) == (1, "week")


def test_scare_quotes_pattern_finds_what_the_lookbehind_first_form_finds():
    plain = re.compile(r"(?<![\w'’])['‘](?=\w)[^'‘’\n]{1,60}?(?<=[\w.!?])['’](?![\w'’])")
    for text in _texts():
        for t in (text, fold(text)):
            assert [m.span() for m in classify._SCARE_QUOTES.finditer(t)] == [m.span() for m in plain.finditer(t)]


def _unquoted_by_character(text: str) -> tuple[str, list[int]]:
    scare = {i for m in classify._SCARE_QUOTES.finditer(text) for i in (m.start(), m.end() - 1)}
    where = [i for i, ch in enumerate(text) if ch not in '"“”' and i not in scare]
    where.append(len(text))
    return "".join(text[i] for i in where[:-1]), where


def test_unquoted_keeps_the_same_characters_and_offsets():
    for text in _texts():
        folded = fold(text)
        assert classify._unquoted(folded) == _unquoted_by_character(folded)


def test_word_before_a_boundary_is_the_run_of_non_space_characters():
    token = re.compile(r"(\S+)$")
    for text in _texts(300):
        reverse = text[::-1]
        for end in range(len(text) + 1):
            found = token.search(text, 0, end)
            assert sentences._token_before(text, end, reverse) == (found.group(1) if found else "")


def _signature_by_string_shingles(text: str) -> np.ndarray:
    tokens = syndication.shingles(text)
    if not tokens:
        return np.zeros(syndication.PERMUTATIONS, dtype=np.uint32)
    values = np.array([syndication._hash32(t) for t in tokens], dtype=np.uint64)
    # each function's ((a * v + b) mod 2**64) >> 32, in Python's exact integers
    return np.array([min(((int(a) * int(v) + int(b)) % (1 << 64)) >> 32 for v in values)
                     for a, b in zip(syndication._A, syndication._B)], dtype=np.uint32)


@pytest.mark.parametrize("text", OWN + [
    "one", "one two", "one two three", "one two three four", "Kelvin \u212a sign and ſ long s",
    " ".join(f"word{i}" for i in range(400)),
])
def test_signature_matches_the_plain_shingle_hashes(text):
    assert (syndication.signature(text) == _signature_by_string_shingles(text)).all()


def test_signature_matches_on_the_benchmark_sample():
    for text in _benchmark_sentences(600):
        assert (syndication.signature(text) == _signature_by_string_shingles(text)).all()


def test_shingle_words_of_ascii_text_are_the_unicode_words():
    for text in _texts():
        low = text.lower()
        assert syndication._words(text) == re.findall(r"\w+", low)


class _EagerSpeakers:
    """The speaker tracking as it was before it became lazy: every skipped sentence is read, in
    order, before the next signal sentence, and each sentence's last named person is looked up."""

    def __init__(self, gazetteer):
        self.gazetteer = gazetteer
        self.last = None
        self.quoting = False
        self.unread: list = []

    def skip(self, facts) -> None:
        self.unread.append(facts)

    def appeal(self, author) -> None:
        self.last = author

    def read(self, facts):
        for earlier in self.unread:
            self._read(earlier)
        self.unread.clear()
        return self._read(facts)

    def _read(self, facts):
        from pipeline.signals import _PRONOUN_SUBJECT, Attribution
        last = self.last
        named, pronoun = facts.attribution(self.gazetteer)
        attribution = named
        if attribution is None and pronoun is not None and last is not None:
            attribution = Attribution(last.speaker, last.entry, *pronoun, True)
        if attribution is None and last is not None and last.entry is not None:
            subject = _PRONOUN_SUBJECT.match(facts.body)
            if subject is not None:
                attribution = Attribution(last.speaker, last.entry, subject.start(), subject.end(), subject.end(), True)
        quoted = facts.quoted
        if attribution is None and last is not None and self.quoting and quoted:
            attribution = Attribution(last.speaker, last.entry, 0, 0, 0, True)
        self.quoting = attribution is not None and quoted
        if attribution is not None and not attribution.pronoun and attribution.speaker:
            self.last = attribution
        elif attribution is None or attribution.pronoun:
            person = facts.last_person(self.gazetteer)
            if person is not None:
                self.last = Attribution(person.canonical, person, 0, 0, 0, True)
        return attribution


SPEAKER_STORY = (
    "Defence Minister Yoav Gallant said Israel would respond to the barrage. He said the army was ready. "
    '"We will strike back," he told troops. "Nobody should doubt it." The army shelled two villages. '
    "Iranian Foreign Minister Hossein Amir-Abdollahian urged restraint. Tehran fired drones overnight. "
    "She called for calm. Guterres urged both sides to step back, and the envoy said talks would resume. "
    '"The truce will hold," an official said. "We expect no new strikes." Rockets hit Haifa on Sunday.'
)


def _own_articles() -> list[str]:
    folder = Path(__file__).parent / "fixtures"
    import yaml
    texts = [SPEAKER_STORY, " ".join(OWN)]
    for name in ("signals_blind_articles.yaml", "dating_blind_articles.yaml"):
        texts += [a["text"] for a in yaml.safe_load((folder / name).read_text(encoding="utf-8"))["articles"]]
    return texts


def test_lazy_speakers_give_the_signals_of_eager_reading(monkeypatch):
    import pipeline.signals as signals_module
    from pipeline.sentences import split_sentences as split

    texts = _own_articles()
    sample = _benchmark_sentences(1200)
    texts += [" ".join(sample[i:i + 12]) for i in range(0, len(sample), 12)]
    day = date(2024, 4, 14)
    lazy = [signals_module.detect_signals(t, split(t), day) for t in texts]
    monkeypatch.setattr(signals_module, "_Speakers", _EagerSpeakers)
    signals_module.forget_sentences()
    eager = [signals_module.detect_signals(t, split(t), day) for t in texts]
    signals_module.forget_sentences()
    assert lazy == eager
    assert any(s.speaker for found in lazy for s in found)
