"""Word lists of the temporal engine (rules/lexicon.yaml), loaded once, with lookup helpers."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..datafiles import load_yaml


RULES_DIR = Path(__file__).with_name("rules")


@lru_cache(maxsize=1)
def lexicon() -> dict[str, dict]:
    """name -> {"case": "title"|"any", "words": {lower-case key: value}}."""
    raw = load_yaml(RULES_DIR / "lexicon.yaml")
    out = {}
    for name, spec in raw.items():
        words = {str(k).lower(): v for k, v in spec["words"].items()}
        out[name] = {"case": spec.get("case", "any"), "words": words}
    return out


def words(name: str) -> dict:
    return lexicon()[name]["words"]


def _title(word: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in word.split(" "))


def _escape(word: str) -> str:
    out = re.escape(word).replace(r"\ ", r"\s+").replace("'", "['’]").replace(r"\-", "-")
    return out


def macro(name: str) -> str:
    """The regular expression (non-capturing) for the word list `name`."""
    spec = lexicon()[name]
    keys = sorted(spec["words"], key=len, reverse=True)
    if spec["case"] == "title":
        forms = []
        for k in keys:
            forms += [_escape(_title(k)), _escape(k.upper())]
        return "(?-i:" + "|".join(forms) + ")"
    return "(?:" + "|".join(_escape(k) for k in keys) + ")"


def norm_key(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower().replace("’", "'"))


def month_number(text: str) -> int | None:
    key = norm_key(text)
    if key.isdigit():
        return int(key)
    return words("months").get(key) or words("month_abbrevs").get(key) or \
        words("month_abbrevs").get(key.rstrip(".") + ".") or words("month_abbrevs").get(key.rstrip("."))


def weekday_number(text: str) -> int | None:
    key = norm_key(text)
    return words("weekdays").get(key) or words("weekdays_plural").get(key)


def number_value(text: str) -> float | str | None:
    """'two' -> 2, '24' -> 24, 'twenty-four' -> 24, '5 1/2' -> 5.5, 'several' -> 'X'."""
    key = norm_key(text).replace("-", " ")
    if not key:
        return None
    m = re.fullmatch(r"(\d+)\s+1/2", key)
    if m:
        return int(m.group(1)) + 0.5
    try:
        return float(key) if "." in key else int(key)
    except ValueError:
        pass
    nums = words("numbers")
    if key in nums:
        return nums[key]
    parts = key.split()
    if len(parts) == 2 and parts[0] in words("tens") and parts[1] in nums and isinstance(nums[parts[1]], int):
        return words("tens")[parts[0]] + nums[parts[1]]
    return None
