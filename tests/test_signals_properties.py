"""detect_signals never raises on arbitrary text, and its offsets stay inside the text."""
from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.records import Sentence
from pipeline.signals import detect_signals

WORDS = st.sampled_from(["Israel", "Iran", "said", "not", "will", "attacked", "if", "talks", "ceasefire", "he",
                         "\u201c", "\u201d", "urged", "restraint", ",", ";", "?", "but", "after", "İ", "ß", "war"])


@st.composite
def article(draw):
    text = draw(st.one_of(st.text(max_size=300), st.lists(WORDS, max_size=60).map(" ".join)))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=6)))
    bounds = [0, *cuts, len(text)]
    sentences = [Sentence(i, a, b, text[a:b]) for i, (a, b) in enumerate(zip(bounds, bounds[1:]))]
    return text, sentences


@settings(max_examples=300, deadline=None)
@given(article(), st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)))
def test_never_raises_and_offsets_inside(case, day):
    text, sentences = case
    for signal in detect_signals(text, sentences, day):
        assert 0 <= signal.start <= signal.end <= len(text)
        assert 0 <= signal.cue_start <= signal.cue_end <= len(text)
        assert text[signal.cue_start:signal.cue_end] == signal.cue
        assert -10 <= signal.score <= 10 and 0 <= signal.confidence <= 1
        assert signal.signal in ("escalation", "de-escalation")


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200), st.integers(-50, 400), st.integers(-50, 400))
def test_out_of_range_sentence_offsets_do_not_raise(text, start, end):
    for signal in detect_signals(text, [Sentence(0, start, end, "")], date(2024, 1, 1)):
        assert 0 <= signal.cue_start <= signal.cue_end <= len(text)
