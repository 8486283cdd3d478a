from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
import yaml

from pipeline.sentences import split_sentences

DATA = Path(__file__).resolve().parent.parent / "pipeline" / "data" / "abbreviations.yaml"


@pytest.mark.parametrize("example", yaml.safe_load(DATA.read_text())["examples"], ids=lambda e: e["text"][:40])
def test_data_file_examples(example):
    assert len(split_sentences(example["text"])) == example["sentences"]


@pytest.mark.parametrize("text, expected", [
    ("Iran launched drones on Saturday. Israel said most were intercepted.",
     ["Iran launched drones on Saturday.", "Israel said most were intercepted."]),
    ("“We will respond,” the general said. Markets fell.",
     ["“We will respond,” the general said.", "Markets fell."]),
    ("Did the strike widen the war? Analysts doubt it.",
     ["Did the strike widen the war?", "Analysts doubt it."]),
    ("Lt. Gen. Herzi Halevi said the attack would be answered.",
     ["Lt. Gen. Herzi Halevi said the attack would be answered."]),
    ("The U.S. military helped intercept the drones. The U.K. sent jets.",
     ["The U.S. military helped intercept the drones.", "The U.K. sent jets."]),
    ("Explosions were heard at 4 a.m. Friday near Isfahan.",
     ["Explosions were heard at 4 a.m. Friday near Isfahan."]),
    ("Prices rose 2.5 percent. Oil fell.", ["Prices rose 2.5 percent.", "Oil fell."]),
    ("Strikes resumed...and then stopped. Nobody knows why.",
     ["Strikes resumed...and then stopped.", "Nobody knows why."]),
    ("ISRAEL ON ALERT\nThe army cancelled leave for combat units on Thursday.",
     ["ISRAEL ON ALERT", "The army cancelled leave for combat units on Thursday."]),
    ("The envoy, who arrived in\nBeirut late on Monday, met officials.",
     ["The envoy, who arrived in\nBeirut late on Monday, met officials."]),
])
def test_news_sentences(text, expected):
    assert [s.text for s in split_sentences(text)] == expected


def test_offsets_index_the_text():
    text = "  First sentence here.  Second one follows!\n\nThird paragraph.  "
    sentences = split_sentences(text)
    assert [s.index for s in sentences] == [0, 1, 2]
    for s in sentences:
        assert text[s.start:s.end] == s.text and s.text == s.text.strip()


def test_empty_and_blank_text():
    assert split_sentences("") == []
    assert split_sentences(" \n\n\t ") == []


# Line breaks inside a paragraph: the rule as first written (it copied the rest of the paragraph at
# every newline, quadratic in a long hard-wrapped text); the splitter must keep exactly its answers.
_RUN_ON = frozenset("a an the of in on at to for from by with and or but that who which as".split())


def _lines_as_first_written(text: str, start: int, end: int):
    line_start = start
    for offset, char in enumerate(text[start:end]):
        if char != "\n":
            continue
        cut = start + offset
        previous = text[line_start:cut].rstrip()
        following = text[cut + 1:end].lstrip()
        if previous and following and (
                previous[-1] in ".!?:”\"'"
                or (len(previous) < 60 and following[:1].isupper() and previous[-1] not in ",;-("
                    and previous.rsplit(None, 1)[-1].lower() not in _RUN_ON)):
            yield line_start, cut
            line_start = cut + 1
    yield line_start, end


_WRAPPED_WORDS = st.lists(st.sampled_from(
    ["Iran", "the", "army", "said", "on", "Sunday.", "talks,", "and", "IRAN", "ON", "ALERT", "Gaza:", "-", "(",
     "“Truce”", "envoys", "met", "in", "Cairo", "of", "\u00a0", "Reading", "time:", "3", "min", "Oman;"]),
    max_size=30)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_WRAPPED_WORDS, st.sampled_from(["\n", " \n", "\n  ", "\n\t", "  \n "])), max_size=12))
def test_line_breaks_match_the_rule_as_first_written(lines):
    from pipeline.sentences import _lines

    text = "".join(" ".join(words) + brk for words, brk in lines)
    assert list(_lines(text, 0, len(text))) == list(_lines_as_first_written(text, 0, len(text)))
    if len(text) > 4:
        assert list(_lines(text, 2, len(text) - 2)) == list(_lines_as_first_written(text, 2, len(text) - 2))

