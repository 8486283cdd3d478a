"""Load the signal stage's data files once and compile their patterns.

Every regular expression the stage uses comes from `data/*.yaml`; this module turns those files
into frozen records with compiled patterns. Patterns get word boundaries added around them
(a pattern written with a leading `~` is used raw). Patterns are written in lower case and run on
lower-cased text (see `fold`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).parent / "data"
_FLAGS = 0                  # patterns are lower case and run on lower-cased text (faster than IGNORECASE)


@dataclass(frozen=True)
class Category:
    name: str
    direction: str          # escalation | de-escalation
    score: float            # default score on -10..+10
    rank: int               # which cue wins a clause
    gold: str               # 3-class label under the gold rule cameo_code_v1


@dataclass(frozen=True)
class CueRule:
    rule_id: str
    category: str
    needs_frame: bool       # counts only under a frame or a negation ("war")
    needs_modal: bool       # counts only under a frame, a negation or a non-actual modality ("respond")
    vow: bool               # a future of this cue is a vow of retaliation ("will respond")
    on_refusal: str | None = None   # category when refused or negated ("will not release" -> rhetoric)


@dataclass(frozen=True)
class Lexicon:
    categories: dict[str, Category]
    modality_factor: dict[str, float]
    rules: tuple[CueRule, ...]
    cue_re: re.Pattern          # one alternation, group name r<i> -> rules[i]
    frame_kinds: tuple[str, ...]
    frame_re: re.Pattern        # group name f<i> -> frame_kinds[i]
    negator_kinds: tuple[str, ...]
    negator_re: re.Pattern      # group name n<i> -> negator_kinds[i]
    negator_window: int
    future_re: re.Pattern
    conditional_re: re.Pattern
    hypothetical_re: re.Pattern
    past_negation_re: re.Pattern
    block_match_re: re.Pattern
    block_clause_re: re.Pattern
    block_sentence_re: re.Pattern
    recap_re: re.Pattern        # a clause opening on a known attack ("the strike on X killed"): a recap
    block_any_match_re: re.Pattern  # a cue of either direction overlapping one is dropped
    block_all_re: re.Pattern    # sentences that carry no signal at all (markets, boilerplate)


def bounded(pattern: str) -> str:
    """Wrap a data pattern in word boundaries, unless it starts with `~` (raw)."""
    if pattern.startswith("~"):
        return f"(?:{pattern[1:]})(?!\\w)"
    return f"(?<![\\w-])(?:{pattern})(?![\\w-])"


def _alternation(groups: list[tuple[str, list[str]]]) -> re.Pattern:
    """One pattern for many named groups. The shared word-start check comes first, so the
    engine tries the alternatives only where a word begins (several times faster)."""
    plain, raw = [], []
    for name, patterns in groups:
        body = "|".join(f"(?:{p})(?![\\w-])" for p in patterns if not p.startswith("~"))
        if body:
            plain.append(f"(?P<{name}>{body})")
        raw.extend(f"(?P<{name}_raw>{p[1:]})(?!\\w)" for p in patterns if p.startswith("~"))
    pattern = f"(?<![\\w-])(?=[a-z])(?:{'|'.join(plain)})"
    return re.compile("|".join([pattern, *raw]), _FLAGS)


def group_index(match: re.Match) -> int:
    """The index in a group name such as r12 or n3_raw."""
    return int(match.lastgroup[1:].split("_")[0])


def _any(patterns: list[str]) -> re.Pattern:
    return _alternation([("a0", patterns)])


def fold(text: str) -> str:
    """Lower-case text for the cue patterns, keeping offsets (falls back to ASCII-only folding
    when a character would change length)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def read_yaml(name: str) -> dict:
    with open(DATA_DIR / name, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    taxonomy = read_yaml("taxonomy.yaml")
    categories = {
        name: Category(name, spec["direction"], float(spec["score"]), int(spec["rank"]), spec["gold"])
        for name, spec in taxonomy["categories"].items()
    }
    cues = read_yaml("cues.yaml")
    rules: list[CueRule] = []
    groups: list[tuple[str, list[str]]] = []
    for index, spec in enumerate(cues["rules"]):
        if spec["category"] not in categories:
            raise ValueError(f"cue rule {spec['id']}: unknown category {spec['category']}")
        rules.append(CueRule(spec["id"], spec["category"], spec.get("needs") == "frame",
                             spec.get("needs") == "modal", bool(spec.get("vow", False)),
                             spec.get("on_refusal")))
        groups.append((f"r{index}", spec["patterns"]))
    frames = read_yaml("frames.yaml")
    frame_kinds = tuple(spec["kind"] for spec in frames["frames"])
    frame_re = _alternation([(f"f{i}", spec["patterns"]) for i, spec in enumerate(frames["frames"])])
    negators = frames["negators"]
    negator_kinds = tuple(negators["kinds"])
    negator_re = _alternation([(f"n{i}", negators["kinds"][kind]) for i, kind in enumerate(negator_kinds)])
    modality = frames["modality"]
    blockers = {scope: [] for scope in ("match", "match-all", "clause-escalation", "clause-start-escalation", "sentence-escalation", "sentence-all")}
    for spec in frames["blockers"]:
        blockers[spec["scope"]].extend(spec["patterns"])
    return Lexicon(
        categories=categories,
        modality_factor={k: float(v) for k, v in taxonomy["modality_factor"].items()},
        rules=tuple(rules),
        cue_re=_alternation(groups),
        frame_kinds=frame_kinds,
        frame_re=frame_re,
        negator_kinds=negator_kinds,
        negator_re=negator_re,
        negator_window=int(negators["window"]),
        future_re=_any(modality["future"]),
        conditional_re=_any(modality["conditional"]),
        hypothetical_re=_any(modality["hypothetical"]),
        past_negation_re=_any(modality["past_negation"]),
        block_match_re=_any(blockers["match"]),
        block_clause_re=_any(blockers["clause-escalation"]),
        block_sentence_re=_any(blockers["sentence-escalation"]),
        recap_re=_any(blockers["clause-start-escalation"]),
        block_any_match_re=_any(blockers["match-all"]),
        block_all_re=_any(blockers["sentence-all"]),
    )


def data_examples() -> list[tuple[str, dict]]:
    """Every `examples:` entry of every data file, as (file name, example) pairs."""
    found: list[tuple[str, dict]] = []
    for path in sorted(DATA_DIR.glob("*.yaml")):
        _collect(read_yaml(path.name), path.name, found)
    return found


def _collect(node, name: str, found: list) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "examples" and isinstance(value, list):
                found.extend((name, example) for example in value)
            else:
                _collect(value, name, found)
    elif isinstance(node, list):
        for item in node:
            _collect(item, name, found)
