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


def macro(name: str, factored: bool = True) -> str:
    """The regular expression (non-capturing) for the word list `name` (`factored`: see _by_first_char)."""
    spec = lexicon()[name]
    keys = sorted(spec["words"], key=len, reverse=True)
    if spec["case"] == "title":
        forms = []
        for k in keys:
            forms += [_escape(_title(k)), _escape(k.upper())]
        return "(?-i:" + (_by_first_char(forms) if factored else "|".join(forms)) + ")"
    forms = [_escape(k) for k in keys]
    return "(?:" + (_by_first_char(forms) if factored else "|".join(forms)) + ")"


def _by_first_char(forms: list[str]) -> str:
    """The alternation of `forms`, factored on their first character ("f(?:ive|our)|s(?:ix|even)").

    Speed only, the same matches: at any position only the forms whose first character matches
    the text can match, and their order among themselves is kept (longest first).
    """
    if not all(f[:1].isascii() and f[:1].isalnum() for f in forms):
        return "|".join(forms)
    heads: dict[str, list[str]] = {}
    for f in forms:
        heads.setdefault(f[0].lower(), []).append(f)
    out = []
    for group in heads.values():
        if len(group) == 1 or len({f[0] for f in group}) > 1:
            out += group
        else:
            out.append(group[0][0] + "(?:" + "|".join(f[1:] for f in group) + ")")
    return "|".join(out)


# a plain word or phrase of a hand-written alternation: "due", "going\s+to", "mid-?"
PLAIN_WORD = r"[a-z]+(?:(?:\\s\+|-\??)[a-z]*)*"
_PLAIN_WORD = re.compile(PLAIN_WORD)


def factor_alternatives(entries: list[str]) -> str:
    """`"|".join(entries)` with each run of plain words factored on its first letter (`_by_first_char`).

    Other entries ("[a-z]+ed", a group) keep their place, so the first entry that matches
    at a position is the same one as in the plain alternation."""
    out: list[str] = []
    run: list[str] = []
    for e in entries:
        if _PLAIN_WORD.fullmatch(e):
            run.append(e)
            continue
        if run:
            out.append(_by_first_char(run))
            run = []
        out.append(e)
    if run:
        out.append(_by_first_char(run))
    return "|".join(out)


@lru_cache(maxsize=8192)
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
