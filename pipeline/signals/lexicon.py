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

try:                                    # the regular-expression parser, to index patterns by first letter
    import re._parser as _sre_parse     # Python 3.11+
except ImportError:                     # pragma: no cover
    import sre_parse as _sre_parse

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
    cue_re: Alternation         # hits: group i -> rules[i]
    frame_kinds: tuple[str, ...]
    frame_re: Alternation       # hits: group i -> frame_kinds[i]
    negator_kinds: tuple[str, ...]
    negator_re: Alternation     # hits: group i -> negator_kinds[i]
    negator_window: int
    refuse_window: int          # how far "refused", "rejected", "ruled out" reach (their object)
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
    block_deesc_clause_re: re.Pattern   # failed talks: a clause whose de-escalation cues do not count
    protest_subject_re: re.Pattern      # protesters as the subject of a violent act (a riot, CAMEO 145)
    protest_security_re: re.Pattern
    protest_agent_re: re.Pattern


def bounded(pattern: str) -> str:
    """Wrap a data pattern in word boundaries, unless it starts with `~` (raw)."""
    if pattern.startswith("~"):
        return f"(?:{pattern[1:]})(?!\\w)"
    return f"(?<![\\w-])(?:{pattern})(?![\\w-])"


_END = r"(?![\w-])"


class Alternation:
    """Many named pattern groups scanned as one: `hits(text)` gives (start, end, group index).

    The scan has no capturing groups (the engine saves every group at every attempt, which is
    slow with hundreds) and checks the shared word start first, then a tree of lookaheads on the
    word's first letter picks the patterns that can start with it (Python's engine has no such
    index). Which group matched is found after the scan by one match, at that position, of the
    letter's patterns with their groups, in data order, so the first listed group still wins a
    position, as in a plain alternation."""

    def __init__(self, groups: list[tuple[str, list[str]]]):
        items, raw = [], []
        for index, (_name, patterns) in enumerate(groups):
            items.extend((index, p) for p in patterns if not p.startswith("~"))
            raw.extend((index, p[1:]) for p in patterns if p.startswith("~"))
        firsts = [_first_chars(p) for _, p in items]
        letters = sorted({c for f in firsts if f for c in f})
        buckets = []
        self.by_letter: dict[str, re.Pattern] = {}
        bodies = {}
        for letter in letters:
            chosen = [(i, p) for (i, p), f in zip(items, firsts) if f is None or letter in f]
            bodies[letter] = "|".join(f"(?:{p}){_END}" for _, p in chosen)
            self.by_letter[letter] = re.compile("|".join(
                f"(?P<g{i}_{k}>(?:{p}){_END})" for k, (i, p) in enumerate(chosen)), _FLAGS)
        if letters:
            buckets.append(_letter_tree(letters, bodies))
        rest = [p for (_, p), f in zip(items, firsts) if f is None]
        self.any_letter = re.compile("|".join(
            f"(?P<g{i}_{k}>(?:{p}){_END})" for k, ((i, p), f) in enumerate(zip(items, firsts)) if f is None) or "(?!)", _FLAGS)
        if rest:
            buckets.append("|".join(f"(?:{p})(?![\\w-])" for p in rest))
        self.raw = [(i, re.compile(f"(?:{p})(?!\\w)", _FLAGS)) for i, p in raw]
        # the scan runs on " " + text and starts on the character before a word: a pattern that
        # opens with a character class lets the engine skip to candidate positions quickly
        self.words = re.compile(f"[^\\w-](?=[a-z])(?:{'|'.join(buckets)})" if buckets else "(?!)", _FLAGS)
        self.raw_scan = re.compile("|".join(f"(?:{p})(?!\\w)" for _, p in raw), _FLAGS) if raw else None
        alternatives = [f"(?<![\\w-])(?=[a-z])(?:{'|'.join(buckets)})"] if buckets else []
        alternatives += [f"(?:{p})(?!\\w)" for _, p in raw]
        self.scan = re.compile("|".join(alternatives) or "(?!)", _FLAGS)

    def hits(self, text: str) -> list[tuple[int, int, int]]:
        found = []
        for match in self.words.finditer(" " + text):
            start = match.start()          # the word starts one later in " " + text, here in text
            again = self.by_letter.get(text[start], self.any_letter).match(text, start)
            if again:
                found.append((start, again.end(), int(again.lastgroup[1:].split("_")[0])))
        if self.raw_scan is not None:
            taken = [(s, e) for s, e, _ in found]
            for match in self.raw_scan.finditer(text):
                if any(s < match.end() and match.start() < e for s, e in taken):
                    continue
                for index, pattern in self.raw:
                    again = pattern.match(text, match.start())
                    if again:
                        found.append((match.start(), again.end(), index))
                        break
            found.sort()
        return found

    def search(self, text: str, *args) -> re.Match | None:
        return self.scan.search(text, *args)

    def match(self, text: str, *args) -> re.Match | None:
        return self.scan.match(text, *args)

    def finditer(self, text: str, *args):
        return self.scan.finditer(text, *args)


def _letter_tree(letters: list[str], bodies: dict[str, str]) -> str:
    """Pick a letter's alternatives through a balanced tree of lookaheads (a few checks, not 26)."""
    if len(letters) == 1:
        return f"(?={re.escape(letters[0])})(?:{bodies[letters[0]]})"
    half = len(letters) // 2
    left, right = letters[:half], letters[half:]
    return (f"(?=[{''.join(re.escape(c) for c in left)}])(?:{_letter_tree(left, bodies)})"
            f"|(?:{_letter_tree(right, bodies)})")


def _alternation(groups: list[tuple[str, list[str]]]) -> Alternation:
    return Alternation(groups)


def _first_chars(pattern: str) -> frozenset[str] | None:
    """The letters a match of `pattern` can start with, or None when that is not simple to tell."""
    try:
        parsed = _sre_parse.parse(pattern)
    except re.error:
        return None
    return _firsts(list(parsed))


def _firsts(items: list) -> frozenset[str] | None:
    found: set[str] = set()
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            return frozenset(found | {chr(av)})
        if name == "IN":
            chars = set()
            for sub_op, sub_av in av:
                if str(sub_op) == "LITERAL":
                    chars.add(chr(sub_av))
                elif str(sub_op) == "RANGE":
                    chars.update(chr(c) for c in range(sub_av[0], sub_av[1] + 1))
                else:
                    return None
            return frozenset(found | chars)
        if name == "SUBPATTERN":
            inner = _firsts(list(av[-1]))
            return None if inner is None else frozenset(found | inner)
        if name == "BRANCH":
            union = set()
            for branch in av[1]:
                inner = _firsts(list(branch))
                if inner is None:
                    return None
                union |= inner
            return frozenset(found | union)
        if name in ("MAX_REPEAT", "MIN_REPEAT"):
            low, _high, sub = av
            inner = _firsts(list(sub))
            if inner is None:
                return None
            if low >= 1:
                return frozenset(found | inner)
            found |= inner      # optional: may start here or with what follows
            continue
        if name in ("ASSERT", "ASSERT_NOT", "AT"):
            continue            # zero-width: look at what follows
        return None
    return None                 # could match the empty string


def _any(patterns: list[str]) -> re.Pattern:
    """One plain alternation (no groups) for a blocker or modality list."""
    plain = "|".join(f"(?:{p}){_END}" for p in patterns if not p.startswith("~"))
    raw = [f"(?:{p[1:]})(?!\\w)" for p in patterns if p.startswith("~")]
    return re.compile("|".join(([f"(?<![\\w-])(?=[a-z])(?:{plain})"] if plain else []) + raw), _FLAGS)


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
    blockers = {scope: [] for scope in ("match", "match-all", "clause-escalation", "clause-de-escalation",
                                        "clause-start-escalation", "sentence-escalation", "sentence-all")}
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
        refuse_window=int(negators.get("refuse_window", negators["window"])),
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
        block_deesc_clause_re=_any(blockers["clause-de-escalation"]),
        protest_subject_re=re.compile(bounded(frames["protest_agents"]["subject"])),
        protest_security_re=re.compile(bounded(frames["protest_agents"]["security"])),
        protest_agent_re=re.compile(bounded(frames["protest_agents"]["agent"])),
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
