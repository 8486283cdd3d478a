from pathlib import Path

import pytest
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
