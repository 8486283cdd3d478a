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
