"""Every `examples:` entry in pipeline/signals/data/*.yaml is a test case."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import pipeline.signals
from pipeline.records import Sentence
from pipeline.signals import detect_signals
from pipeline.signals.lexicon import data_examples, grammar_words, load_lexicon

DAY = date(2024, 4, 14)
EXAMPLES = data_examples()


def _signals(text: str):
    return detect_signals(text, [Sentence(0, 0, len(text), text)], DAY)


def test_every_data_file_has_examples():
    files = {name for name, _ in EXAMPLES}
    assert {"cues.yaml", "frames.yaml", "speakers.yaml", "grammar.yaml"} <= files
    assert len(EXAMPLES) >= 60


def test_every_grammar_list_is_used():
    """Each named word list of grammar.yaml is read by a pattern of the stage (no dead lists)."""
    folder = Path(pipeline.signals.__file__).parent
    source = "".join((folder / name).read_text(encoding="utf-8") for name in ("__init__.py", "classify.py", "clauses.py"))
    unused = [name for name in grammar_words() if f"_W['{name}']" not in source and f'_W["{name}"]' not in source]
    assert not unused


@pytest.mark.parametrize("source,example", EXAMPLES, ids=[f"{n}:{e['text'][:40]}" for n, e in EXAMPLES])
def test_data_example(source, example):
    signals = _signals(example["text"])
    if "expect" in example:
        got = signals[0].category if signals else "none"
        assert got == example["expect"], [(s.category, s.cue) for s in signals]
    if "speaker" in example:
        assert signals, "expected a signal to carry the speaker"
        assert signals[0].speaker == example["speaker"]
        assert signals[0].actor == example["actor"]


def test_taxonomy_is_complete_and_signed():
    categories = load_lexicon().categories
    required = {"attack", "threat", "retaliation-vow", "conditional-threat", "mobilisation", "coercion",
                "refusal", "hostile-rhetoric", "appeal-restraint", "pressure-restraint", "denial-of-intent",
                "talks", "ceasefire", "material-de-escalation", "cooperation", "aid"}
    assert required <= set(categories)
    for spec in categories.values():
        assert -10 <= spec.score <= 10
        assert (spec.score > 0) == (spec.direction == "escalation")
    assert categories["hostile-rhetoric"].gold == "neutral"
    assert categories["conditional-threat"].score < categories["threat"].score
