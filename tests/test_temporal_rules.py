"""Every `examples:` entry of pipeline/temporal/rules/*.yaml runs here."""
from __future__ import annotations

from datetime import date

import pytest

from pipeline.records import Anchor
from pipeline.temporal import tag
from pipeline.temporal.detect import rules, triggers

EXAMPLES = [(r.name, ex) for r in rules() for ex in r.examples]


def test_every_rule_has_examples():
    assert all(r.examples for r in rules()), [r.name for r in rules() if not r.examples]


@pytest.mark.parametrize("name,example", EXAMPLES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(EXAMPLES)])
def test_rule_example(name, example):
    anchor = Anchor(example["anchor"] if isinstance(example["anchor"], date) else date.fromisoformat(example["anchor"]))
    found = [t for t in tag(example["text"], anchor) if t.text == example["timex"]]
    if example["value"] is None:
        assert not found or all(not t.is_datable for t in found), found
    else:
        assert found, f"{example['timex']!r} not found in {example['text']!r}"
        assert found[0].value == example["value"]
        if "type" in example:
            assert found[0].type == example["type"]


@pytest.mark.parametrize("name,example", [e for e in EXAMPLES if e[1]["value"] is not None])
def test_example_contains_its_rules_trigger(name, example):
    rule = next(r for r in rules() if r.name == name)
    assert triggers()[rule.trigger].search(example["timex"]), (name, example["timex"])


def _tense_examples(kind: str) -> list[str]:
    from pipeline.datafiles import load_yaml
    from pipeline.temporal.lexicon import RULES_DIR
    return load_yaml(RULES_DIR / "tense.yaml")[f"examples_{kind}"]


@pytest.mark.parametrize("kind,text", [(k, t) for k in ("future", "past") for t in _tense_examples(k)])
def test_tense_example(kind, text):
    """rules/tense.yaml `examples_future` / `examples_past`: the weekday lands after / before a Thursday."""
    anchor = date(2024, 4, 18)
    days = [t for t in tag(text, Anchor(anchor)) if t.value[:4].isdigit() and len(t.value) >= 10]
    assert days, text
    day = date.fromisoformat(days[0].value[:10])
    assert (day > anchor) if kind == "future" else (day < anchor), (text, days[0].value)
