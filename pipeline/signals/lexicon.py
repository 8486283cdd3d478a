"""Load the signal stage's data files once and compile their patterns.

Every regular expression the stage uses comes from `data/*.yaml`; this module turns those files
into frozen records with compiled patterns. Patterns get word boundaries added around them
(a pattern written with a leading `~` is used raw). Patterns are written in lower case and run on
lower-cased text (see `fold`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from pipeline.datafiles import load_yaml
from pipeline.regex_cache import compile_pattern

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
    actor_from: str | None = None   # "object": the act's author is named in its object ("intercepted
                                    # Russian drones"); "speaker": the speaker ("Israel would face a
                                    # crushing response", said by Iran)


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
    conditional_re: re.Pattern | _EitherOf     # whether one occurs
    hypothetical_re: re.Pattern
    past_negation_re: re.Pattern
    block_match: Alternation        # an escalation cue overlapping one of its hits is dropped
    block_clause_re: re.Pattern
    block_sentence: Alternation     # sentences whose escalation cues do not count
    recap_re: re.Pattern        # a clause opening on a known attack ("the strike on X killed"): a recap
    block_any_match: Alternation    # a cue of either direction overlapping one of its hits is dropped
    block_all: Alternation      # sentences that carry no signal at all (markets, boilerplate)
    block_deesc_clause_re: re.Pattern   # failed talks: a clause whose de-escalation cues do not count
    protest_subject_re: re.Pattern      # protesters as the subject of a violent act (a riot, CAMEO 145)
    protest_security_re: re.Pattern
    protest_agent_re: re.Pattern
    protest_armed_re: re.Pattern        # war weapons in the cue: protesters using them attack
    force_noun_re: re.Pattern | None = None     # "Russian missiles", "Houthi rebels": the modifier is the actor
    scanner: Scanner | None = None     # one scan for the word starts of cues, frames, negators and
                                       # the sentence blockers above (the Alternations)
    anaphor_re: re.Pattern | None = None    # "the attack on X killed": a fresh act unless told before


def bounded(pattern: str) -> str:
    """Wrap a data pattern in word boundaries, unless it starts with `~` (raw)."""
    if pattern.startswith("~"):
        return f"(?:{pattern[1:]})(?!\\w)"
    return f"(?<![\\w-])(?:{pattern})(?![\\w-])"


_END = r"(?![\w-])"
_DEPTH = 6                  # opening characters of a pattern used to index it (Alternation.hits)


class Alternation:
    """Many named pattern groups matched as one: `hits(text)` gives (start, end, group index) as a
    scan of their alternation finds them (leftmost first, the scan going on after each hit; at one
    position the first listed group wins).

    Python's engine has no index of an alternation's branches: it tries every branch at every
    position, which is slow with hundreds. Here a `Scanner` finds the word starts where some
    pattern can open, and at each only the patterns whose opening fits the text there are tried,
    in data order, as one small alternation with a named group per pattern (`_Index`)."""

    def __init__(self, groups: list[tuple[str, list[str]]]):
        items, raw = [], []
        for index, (_name, patterns) in enumerate(groups):
            items.extend((index, p) for p in patterns if not p.startswith("~"))
            raw.extend((index, p[1:]) for p in patterns if p.startswith("~"))
        self.raw = [(i, compile_pattern(f"(?:{p})(?!\\w)", _FLAGS)) for i, p in raw]
        self.raw_may_occur = _may_occur([p for _, p in raw])
        self.raw_scan = compile_pattern("|".join(f"(?:{p})(?!\\w)" for _, p in raw), _FLAGS) if raw else None
        self.index = _Index([p for _, p in items], [i for i, _ in items])
        self.group_index: dict[str, int] = {}
        self.keys = sorted(key for key in self.index.table if "a" <= key[0] <= "z")

    @cached_property
    def scanner(self) -> Scanner:
        """The word starts of this alternation alone (for `hits` without a shared Scanner)."""
        return Scanner(self)

    def hits(self, text: str, scan: dict[Alternation, list[tuple[int, re.Pattern]]] | None = None,
             until: int | None = None) -> list[tuple[int, int, int]]:
        """(start, end, group index) of every hit, left to right: only at word starts whose
        opening some pattern can have, trying only those patterns, in data order. `scan`: the
        text's scan by a `Scanner` holding this alternation, else scanned here. `until`: only
        the hits that start before it (the scan goes left to right: later ones change none of those)."""
        found = []
        group_index = self.group_index
        last_end = -1
        if until is None or self.raw:
            until = len(text)
        for start, pattern in (self.scanner.scan(text) if scan is None else scan)[self]:
            if start >= until:
                break
            if start <= last_end:
                continue        # inside the last hit (a word start never lies just at its end)
            again = pattern.match(text, start)
            if again:
                last_end = again.end()
                group = again.lastgroup
                index = group_index.get(group)
                if index is None:
                    index = group_index[group] = int(group[1:].split("_")[0])
                found.append((start, last_end, index))
        if self.raw_scan is not None and self.raw_may_occur(text):
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


    def occurs(self, text: str, scan: dict[Alternation, list[tuple[int, re.Pattern]]] | None = None) -> bool:
        """Whether it hits anywhere in the text (the first hit ends the search)."""
        if any(pattern.match(text, start) for start, pattern in (self.scanner.scan(text) if scan is None else scan)[self]):
            return True
        return self.raw_scan is not None and self.raw_may_occur(text) and self.raw_scan.search(text) is not None


class Scanner:
    """The word starts where any of several alternations may hit, found in one scan, with the
    patterns each alternation tries there: Scanner(a, b).scan(text)[a] -> (word start, pattern)
    pairs, for a.hits."""

    def __init__(self, *alternations: Alternation):
        self.alternations = alternations
        keys = sorted({key for alternation in alternations for key in alternation.keys})
        # the scan runs on " " + text and matches the character before a word: a pattern that
        # opens on a character class lets the engine skip to those characters at once (one that
        # opens on a lookbehind is tried at every position); the match starts where the word
        # starts in the text
        if any(alternation.index.fallback for alternation in alternations):
            self.pattern = compile_pattern(f"[^\\w-](?=[a-z])(?=({_trie(keys) + '|' if keys else ''}))", _FLAGS)
        else:
            self.pattern = compile_pattern(f"[^\\w-](?=({_trie(keys)}))" if keys else "(?!)", _FLAGS)
        self.tried: dict[str, tuple[tuple[int, re.Pattern], ...]] = {}     # opening -> (alternation, pattern) pairs

    def scan(self, text: str) -> dict[Alternation, list[tuple[int, re.Pattern]]]:
        """For each alternation, the word starts of the text where it may hit, with the pattern
        it tries there (the longest opening found at a word start holds each alternation's own
        longest opening there as a prefix, see _Index.lookup)."""
        tries: list[list[tuple[int, re.Pattern]]] = [[] for _ in self.alternations]
        tried = self.tried
        for match in self.pattern.finditer(" " + text):
            opening = match.group(1)
            patterns = tried.get(opening)
            if patterns is None:
                patterns = tried[opening] = tuple((i, pattern) for i, alternation in enumerate(self.alternations)
                                                  if (pattern := alternation.index.lookup(opening)) is not None)
            for i, pattern in patterns:
                tries[i].append((match.start(), pattern))
        return dict(zip(self.alternations, tries))


class Words:
    """A cheap test whether one of many words occurs whole in a text: `Words(["said", "told"]).occur_in(text)`.

    Written as one pattern, `\\b(?:said|told|...)\\b` is tried at every position of the text.
    Here the words are a trie after a non-word character, run on " " + text: a pattern that opens
    on a character class lets the engine skip to the word starts at once. Words that are not plain
    (regular-expression syntax) keep the plain pattern."""

    def __init__(self, words: list[str]):
        if all(_PLAIN_WORD.fullmatch(word) for word in words):
            pattern = compile_pattern(rf"[^\w](?:{_trie(sorted(set(words)))})\b")
            self.occur_in = lambda text: pattern.search(" " + text) is not None
        else:
            pattern = compile_pattern(rf"\b(?:{'|'.join(words)})\b")
            self.occur_in = lambda text: pattern.search(text) is not None


_PLAIN_WORD = re.compile(r"\w[\w '’-]*")     # no pattern syntax; opens on a word character


class _Index:
    """Which of many bounded patterns can match where a word opens: each pattern is indexed by
    the characters its matches can open with (up to _DEPTH, `_prefixes`), so that at a word start
    only the patterns whose opening fits the text there are tried, in data order, as one
    alternation (the same first match as the alternation of all of them)."""

    def __init__(self, patterns: list[str], groups: list[int] | None = None):
        self.patterns = patterns
        self.groups = groups        # named groups g{group}_{k}, to tell which pattern matched
        prefixes = [_prefixes(p, _DEPTH) for p in patterns]
        self.fallback = tuple(k for k, found in enumerate(prefixes) if found is None)
        # key -> every pattern with an opening that is a prefix of key (or with no known opening)
        by_prefix: dict[str, set[int]] = {}
        for k, found in enumerate(prefixes):
            for prefix in found or ():
                by_prefix.setdefault(prefix, set()).add(k)
        fallback = set(self.fallback)
        self.table = {key: tuple(sorted(fallback.union(*(by_prefix.get(key[:n], ()) for n in range(1, len(key) + 1)))))
                      for key in by_prefix}
        self.compiled: dict[tuple[int, ...], re.Pattern] = {}

    def lookup(self, key: str) -> re.Pattern | None:
        """The alternation of the patterns that can match where the text goes on with `key`: the
        table entry of the longest prefix of `key` holds every pattern whose opening fits it."""
        chosen = self.fallback
        for length in range(len(key), 0, -1):
            entry = self.table.get(key[:length])
            if entry is not None:
                chosen = entry
                break
        pattern = None
        if chosen:
            pattern = self.compiled.get(chosen)
            if pattern is None:
                if self.groups is None:
                    body = "|".join(f"(?:{self.patterns[k]}){_END}" for k in chosen)
                else:
                    body = "|".join(f"(?P<g{self.groups[k]}_{k}>(?:{self.patterns[k]}){_END})" for k in chosen)
                pattern = self.compiled[chosen] = compile_pattern(body, _FLAGS)
        return pattern


def _may_occur(raw: list[str]):
    """A cheap test whether any of the raw patterns can match in a text: every match contains
    one of their literal openings (always True when an opening is not simple to tell)."""
    openings = []
    for pattern in raw:
        found = _prefixes(pattern, _DEPTH, letters=False)
        if found is None:
            return lambda text: True
        openings.extend(found)
    return lambda text: any(opening in text for opening in openings)


_MAX_PREFIXES = 512
# Alternation.hits tries patterns only where a word opens on a letter a-z: the letters a class
# can open such a hit with ("\\d+-day" never opens one)
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_OPENING = {"CATEGORY_DIGIT": "", "CATEGORY_SPACE": "", "CATEGORY_NOT_WORD": "",
            "CATEGORY_WORD": _LETTERS, "CATEGORY_NOT_DIGIT": _LETTERS, "CATEGORY_NOT_SPACE": _LETTERS}


def _prefixes(pattern: str, depth: int, letters: bool = True) -> frozenset[str] | None:
    """Strings of up to `depth` characters one of which every match of `pattern` starts with
    (a shorter string when the pattern's next character is not simple to tell), or None when
    the pattern may start with anything. With `letters`, matches are known to open on a letter
    a-z (at a word start), so a class like \\w or \\d is narrowed to those letters."""
    try:
        parsed = _sre_parse.parse(pattern)
    except re.error:
        return None
    done: set[str] = set()
    open_ = _extend(list(parsed), {""}, done, depth, letters)
    found = done | open_
    if not found or "" in found:
        return None
    return frozenset(found)


def _close(partials: set[str], done: set[str]) -> set[str]:
    done |= partials
    return set()


def _extend(items: list, partials: set[str], done: set[str], depth: int, letters: bool) -> set[str]:
    """Extend the open `partials` through the parsed `items`; partials that cannot be extended
    further (unknown character, or `depth` reached) move to `done`. Returns those still open."""
    for op, av in items:
        if not partials:
            return partials
        full = {p for p in partials if len(p) >= depth}
        if full:
            done |= full
            partials = partials - full
            if not partials:
                return partials
        name = str(op)
        if name == "LITERAL":
            partials = {p + chr(av) for p in partials}
        elif name == "IN":
            chars = set()
            for sub_op, sub_av in av:
                sub_name = str(sub_op)
                if sub_name == "LITERAL":
                    chars.add(chr(sub_av))
                elif sub_name == "RANGE" and sub_av[1] - sub_av[0] < 64:
                    chars.update(chr(c) for c in range(sub_av[0], sub_av[1] + 1))
                elif sub_name == "CATEGORY" and letters and partials == {""} and str(sub_av) in _OPENING:
                    chars.update(_OPENING[str(sub_av)])     # a hit opens on a letter a-z
                else:
                    return _close(partials, done)
            if len(partials) * len(chars) > _MAX_PREFIXES:
                return _close(partials, done)
            partials = {p + c for p in partials for c in chars}
        elif name == "SUBPATTERN":
            partials = _extend(list(av[-1]), partials, done, depth, letters)
        elif name == "BRANCH":
            union: set[str] = set()
            for branch in av[1]:
                union |= _extend(list(branch), set(partials), done, depth, letters)
            if len(union) > _MAX_PREFIXES:
                return _close(union, done)
            partials = union
        elif name in ("MAX_REPEAT", "MIN_REPEAT"):
            low, high, sub = av
            once = _extend(list(sub), set(partials), done, depth, letters)
            if low == 1 and high == 1:
                partials = once
            elif low == 0 and high == 1:
                # optional: skipped or taken once, then what follows ("(?:the )?fighting" opens
                # "fighti" or "the fi", not just "the ", which every sentence has)
                partials = partials | once
                if len(partials) > _MAX_PREFIXES:
                    return _close(partials, done)
            else:
                # one pass through the repeat, then stop (more passes or what follows may come)
                _close(once, done)
                if low == 0:
                    continue    # skipped: the partials go on with what follows
                return set()
        elif name in ("ASSERT", "ASSERT_NOT", "AT"):
            continue            # zero-width: look at what follows
        else:
            return _close(partials, done)
    return partials


def _any(patterns: list[str]) -> re.Pattern | _EitherOf:
    """One plain alternation (no groups) for a blocker or modality list. A lookahead for the
    openings its bounded patterns can have (`_prefixes`) lets the engine drop most word starts
    at once; it is implied by every match, so the matches are those of the alternation alone.
    Raw patterns (`~`), which need no word start, are searched on their own (`_EitherOf`)."""
    plain_patterns = [p for p in patterns if not p.startswith("~")]
    plain = "|".join(f"(?:{p}){_END}" for p in plain_patterns)
    raw = [f"(?:{p[1:]})(?!\\w)" for p in patterns if p.startswith("~")]
    openings = _openings(plain_patterns)
    guard = f"(?={openings})" if openings else "(?=[a-z])"
    bounded = compile_pattern(f"(?<![\\w-]){guard}(?:{plain})", _FLAGS) if plain else None
    if not raw or bounded is None:
        return compile_pattern("|".join(([bounded.pattern] if bounded else []) + raw), _FLAGS)
    return _EitherOf(bounded, compile_pattern("|".join(raw), _FLAGS))


class _EitherOf:
    """The alternation of two patterns, searched apart: one alternation of word-bounded and raw
    patterns is tried at every position (the raw ones have no word start to skip to), each alone
    is cheap. `match` is the alternation's; `search` finds whether one occurs (its match need not
    be the leftmost: the stage only asks whether there is one)."""

    def __init__(self, first: re.Pattern, second: re.Pattern):
        self.first, self.second = first, second

    def match(self, text: str, *span: int) -> re.Match | None:
        return self.first.match(text, *span) or self.second.match(text, *span)

    def search(self, text: str, *span: int) -> re.Match | None:
        return self.first.search(text, *span) or self.second.search(text, *span)


def _openings(patterns: list[str]) -> str | None:
    """A trie-shaped pattern for the openings (`_prefixes`) of bounded patterns, or None when one
    of them may open with any letter."""
    keys: set[str] = set()
    for pattern in patterns:
        found = _prefixes(pattern, _DEPTH)
        if found is None:
            return None
        keys.update(key for key in found if "a" <= key[0] <= "z")   # a bounded hit opens on a-z
    return _trie(sorted(keys)) if keys else None


def _trie(keys: list[str]) -> str:
    """One pattern for many literal strings, as a trie (the engine tries a flat alternation one
    string at a time); at each node the longer continuations are tried first."""
    root: dict = {}
    for key in keys:
        node = root
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}

    def walk(node: dict) -> str:
        branches = [re.escape(ch) + walk(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and "" not in node else "(?:" + "|".join(branches) + ")"
        return body + ("?" if "" in node else "")

    return walk(root)


def fold(text: str) -> str:
    """Lower-case text for the cue patterns, keeping offsets (falls back to ASCII-only folding
    when a character would change length)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def read_yaml(name: str) -> dict:
    return load_yaml(DATA_DIR / name)     # libyaml's C loader when present: the same data, faster


@lru_cache(maxsize=1)
def grammar_words() -> dict[str, str]:
    """The named word lists of `data/grammar.yaml`, each as the alternation of its entries in data
    order (alternation is ordered), for the patterns the modules build around them at import."""
    return {name: "|".join(spec["words"]) for name, spec in read_yaml("grammar.yaml").items()}


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
                             spec.get("on_refusal"), spec.get("actor")))
        groups.append((f"r{index}", spec["patterns"]))
    cue_re = Alternation(groups)
    frames = read_yaml("frames.yaml")
    frame_kinds = tuple(spec["kind"] for spec in frames["frames"])
    frame_re = Alternation([(f"f{i}", spec["patterns"]) for i, spec in enumerate(frames["frames"])])
    negators = frames["negators"]
    negator_kinds = tuple(negators["kinds"])
    negator_re = Alternation([(f"n{i}", negators["kinds"][kind]) for i, kind in enumerate(negator_kinds)])
    modality = frames["modality"]
    blockers = {scope: [] for scope in ("match", "match-all", "clause-escalation", "clause-de-escalation",
                                        "clause-start-escalation", "clause-start-anaphoric", "sentence-escalation",
                                        "sentence-all")}
    for spec in frames["blockers"]:
        blockers[spec["scope"]].extend(spec["patterns"])
    # the blockers run on a whole sentence are found at the word starts of the one scan
    sentence_blockers = {scope: Alternation([(scope, blockers[scope])])
                         for scope in ("match", "match-all", "sentence-escalation", "sentence-all")}
    return Lexicon(
        categories=categories,
        modality_factor={k: float(v) for k, v in taxonomy["modality_factor"].items()},
        rules=tuple(rules),
        cue_re=cue_re,
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
        block_match=sentence_blockers["match"],
        block_clause_re=_any(blockers["clause-escalation"]),
        block_sentence=sentence_blockers["sentence-escalation"],
        recap_re=_any(blockers["clause-start-escalation"]),
        block_any_match=sentence_blockers["match-all"],
        block_all=sentence_blockers["sentence-all"],
        block_deesc_clause_re=_any(blockers["clause-de-escalation"]),
        protest_subject_re=compile_pattern(bounded(frames["protest_agents"]["subject"])),
        protest_security_re=compile_pattern(bounded(frames["protest_agents"]["security"])),
        protest_agent_re=compile_pattern(bounded(frames["protest_agents"]["agent"])),
        protest_armed_re=compile_pattern(bounded(frames["protest_agents"]["armed"])),
        force_noun_re=compile_pattern(r"\s*" + bounded(frames["force_nouns"]["pattern"])),
        scanner=Scanner(cue_re, frame_re, negator_re, *sentence_blockers.values()),
        anaphor_re=_any(blockers["clause-start-anaphoric"]) if blockers["clause-start-anaphoric"] else None,
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
