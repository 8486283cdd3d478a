"""Phase one: find temporal expressions with the rules of rules/rules.yaml.

Each hit becomes a `Mention`: the span, the rule and its named groups, i.e. an underspecified value
("weekday 6, part of day EV") that resolve.py anchors later.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import accumulate, compress, repeat
from operator import sub


from ..datafiles import load_yaml
from ..regex_cache import compile_pattern
from .lexicon import RULES_DIR, factor_alternatives, lexicon, macro

try:  # the parser of the re module, for the literal words every match of a rule must contain
    from re import _parser as _sre_parse
    from re._constants import BRANCH, LITERAL, MAX_REPEAT, MIN_REPEAT, SUBPATTERN
except ImportError:  # Python < 3.11
    import sre_parse as _sre_parse
    from sre_constants import BRANCH, LITERAL, MAX_REPEAT, MIN_REPEAT, SUBPATTERN
try:  # the node kinds of a parsed pattern, for the openings of a rule's matches (`_openings`)
    from re import _constants as _sre_nodes
except ImportError:  # Python < 3.11
    import sre_constants as _sre_nodes

_MACRO = re.compile(r"%([a-z_0-9]+)")
_RULE_HEAD = "(?<![\\w'’-])"         # how `rules` opens every rule's regex: at a word's start
_CONTEXT = 40


@dataclass(frozen=True, eq=False)
class Rule:
    """A detection rule of rules.yaml. Its regexes are compiled on first use: a run that never
    scans a rule (no stretch of its trigger) never pays for it."""

    name: str
    type: str
    norm: str
    priority: int
    # the pattern and the optional context checks as rules.yaml writes them (macros not expanded)
    sources: dict[str, str | None]
    params: dict = field(default_factory=dict)
    examples: tuple = ()
    trigger: str = "any"
    # speed only: groups of lower-case literals; every match contains at least one word of each group
    needs: tuple[tuple[str, ...], ...] = ()
    # speed only: the openings of the matches (`_openings`), None when not simple to tell
    openings: frozenset[tuple[str, str]] | None = None

    @cached_property
    def source(self) -> str:
        body = _factor_words(expand(self.sources["pattern"], _macros()))
        return _RULE_HEAD + "(?:" + body + r")(?![\w])"

    @cached_property
    def regex(self) -> re.Pattern:
        return compile_pattern(self.source, re.I)

    @cached_property
    def folded(self) -> re.Pattern | None:
        """`regex` to run over lower-cased text (`case_folded`), None when it cannot be."""
        return case_folded(self.source)

    @cached_property
    def reject_before(self) -> re.Pattern | None:
        return self._context("reject_before")

    @cached_property
    def reject_after(self) -> re.Pattern | None:
        return self._context("reject_after")

    @cached_property
    def require_before(self) -> re.Pattern | None:
        return self._context("require_before")

    @cached_property
    def requires(self) -> re.Pattern | None:
        return self._context("requires")

    def _context(self, name: str) -> re.Pattern | None:
        source = self.sources.get(name)
        return compile_pattern(expand(source, _macros()), re.I) if source else None

    @cached_property
    def checks(self) -> tuple[re.Pattern | None, ...]:
        """requires, reject_before, reject_after, require_before: the context checks of `_candidates`."""
        return self.requires, self.reject_before, self.reject_after, self.require_before

    @cached_property
    def folded_checks(self) -> tuple[re.Pattern | None, ...] | None:
        """`checks` to run over lower-cased text (`case_folded`); None unless all of them can."""
        sources = [self.sources.get(name) for name in ("requires", "reject_before", "reject_after", "require_before")]
        folded = [case_folded(expand(source, _macros())) if source else None for source in sources]
        if any(source and rx is None for source, rx in zip(sources, folded)):
            return None
        return tuple(folded)


@dataclass(frozen=True, eq=False)
class Mention:
    """A found expression, not yet anchored. `groups` holds the rule's named groups that matched."""

    start: int
    end: int
    text: str
    rule: Rule
    groups: dict

    def g(self, name: str) -> str:
        return self.groups.get(name) or ""


def expand(pattern: str, macros: dict[str, str], depth: int = 0, factored: bool = True) -> str:
    """Replace %name by the macro of rules.yaml or the word list of lexicon.yaml (recursively)."""
    if depth > 5:
        raise ValueError(f"macro recursion in {pattern!r}")

    def sub(m: re.Match) -> str:
        name = m.group(1)
        if name in macros:
            return "(?:" + expand(macros[name], macros, depth + 1, factored) + ")"
        if name in lexicon():
            return macro(name, factored)
        raise KeyError(f"unknown macro %{name}")

    return _MACRO.sub(sub, pattern)


_GROUP_HEAD = re.compile(r"\((?:\?(?::|P<\w+>|=|!|<=|<!|[aiLmsux-]+:))?")


def _factor_words(pattern: str) -> str:
    """Every alternation's runs of plain words factored on their first letter (lexicon.factor_alternatives):
    the same matches, faster. A pattern this reader does not follow is returned as it is."""
    try:
        body, end = _factor_from(pattern, 0)
    except (IndexError, ValueError):
        return pattern
    return body if end == len(pattern) else pattern


def _factor_from(p: str, i: int) -> tuple[str, int]:
    """The alternation starting at p[i], rewritten, and the index of the ')' (or the end) closing it."""
    alts: list[str] = []
    cur: list[str] = []
    while i < len(p):
        c = p[i]
        if c == "\\":
            cur.append(p[i:i + 2])
            i += 2
        elif c == "[":
            j = i + 1
            if p[j] == "^":
                j += 1
            if p[j] == "]":
                j += 1
            while p[j] != "]":
                j += 2 if p[j] == "\\" else 1
            cur.append(p[i:j + 1])
            i = j + 1
        elif c == "(":
            head = _GROUP_HEAD.match(p, i)
            if head.group() == "(" and p[i + 1:i + 2] == "?":  # (?P=name), (?#...), (?i): not followed
                raise ValueError("unknown group")
            if head.group() in ("(?<=", "(?<!"):  # look-behinds keep their text (fixed width)
                depth, j = 0, i
                while True:
                    if p[j] == "\\":
                        j += 2
                        continue
                    depth += {"(": 1, ")": -1}.get(p[j], 0)
                    j += 1
                    if depth == 0:
                        break
                if "[" in p[i:j]:
                    raise ValueError("class in look-behind")
                cur.append(p[i:j])
                i = j
                continue
            inner, j = _factor_from(p, head.end())
            if j >= len(p):
                raise ValueError("unclosed group")
            cur.append(head.group() + inner + ")")
            i = j + 1
        elif c == ")":
            break
        elif c == "|":
            alts.append("".join(cur))
            cur = []
            i += 1
        else:
            cur.append(c)
            i += 1
    alts.append("".join(cur))
    return (factor_alternatives(alts) if len(alts) > 1 else alts[0]), i


@lru_cache(maxsize=1)
def _raw() -> dict:
    return load_yaml(RULES_DIR / "rules.yaml")


def _macros() -> dict[str, str]:
    return _raw().get("macros", {})


@lru_cache(maxsize=1)
def triggers() -> dict[str, re.Pattern]:
    raw = _raw()
    return {name: compile_pattern(r"(?<![\w])(?:" + expand(expr, raw.get("macros", {})) + r")", re.I)
            for name, expr in raw["triggers"].items()}


_CONTEXT_CHECKS = ("reject_before", "reject_after", "require_before", "requires")


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    raw = _raw()
    macros = raw.get("macros", {})
    out = []
    for i, spec in enumerate(raw["rules"]):
        sources = {k: spec.get(k) for k in ("pattern",) + _CONTEXT_CHECKS}
        # parsed as written, once: factored alternations would hide their words from _required
        parsed = _sre_parse.parse("(?:" + expand(spec["pattern"], macros, factored=False) + ")", re.I)
        trigger = spec.get("trigger", "any")
        out.append(Rule(
            name=spec["name"], type=spec["type"], norm=spec["norm"], priority=i, sources=sources,
            params=spec.get("params", {}) or {},
            examples=tuple(spec.get("examples", []) or ()),
            trigger=trigger,
            needs=_needs(parsed, trigger),
            openings=_openings(parsed),
        ))
    return tuple(out)


def _required(items) -> list[frozenset[str]]:
    """Literal strings a match of the parsed pattern `items` must contain: a list of alternatives
    (a match holds at least one string of every set). Conservative: anything that is not a plain
    ASCII literal, a group, a branch or a repeat of at least one adds no requirement."""
    out: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            out.append(frozenset(["".join(run)]))
            run.clear()

    for op, av in items:
        if op is LITERAL and av < 128:
            run.append(chr(av).lower())
            continue
        flush()
        if op is SUBPATTERN:
            out += _required(av[3])
        elif op is BRANCH:
            alts = [_required(a) for a in av[1]]
            if all(alts):
                out.append(frozenset().union(*(max(a, key=lambda s: (min(map(len, s)), -len(s))) for a in alts)))
        elif op in (MAX_REPEAT, MIN_REPEAT) and av[0] >= 1:
            out += _required(av[2])
    flush()
    return out


_GROUPS: dict[tuple[str, ...], tuple[str, ...]] = {}


@lru_cache(maxsize=None)
def _trigger_required(name: str) -> list[frozenset[str]]:
    """The literals (`_required`) every word of the trigger `name` holds; none for an unknown name."""
    raw = _raw()
    expr = raw["triggers"].get(name)
    if expr is None:
        return []
    return _required(_sre_parse.parse(expand(expr, raw.get("macros", {}), factored=False), re.I))


def _needs(parsed, trigger: str) -> tuple[tuple[str, ...], ...]:
    groups = {tuple(sorted(g)) for g in _required(parsed)}
    # a stretch holds a word of its trigger, so a group that every such word contains is always there
    for tg in _trigger_required(trigger):
        groups = {g for g in groups if not all(any(w in t for w in g) for t in tg)}
    # one object per distinct group (rules share them), the most selective first: fewest, longest words
    return tuple(_GROUPS.setdefault(g, g) for g in sorted(groups, key=lambda g: (len(g), -min(map(len, g)))))


# Under re.I these match ASCII letters though str.lower() does not map them there ("ſ" is "s").
_FOLD_TRAPS = "\u0130\u0131\u017f\u212a"


def lowered(text: str) -> str | None:
    """text.lower() with the offsets of `text`, or None when a literal test on it could miss a match."""
    low = text.lower()
    if len(low) != len(text) or any(trap in text for trap in _FOLD_TRAPS):
        return None
    return low


# a piece of a regex source, for `_fold_source`: an escape, a group head, a class, or one character
_SOURCE_PIECE = re.compile(r"\\.|\(\?P<\w+>|\(\?P=\w+\)|\(\?(?:[:=!]|<[=!])|\(\?|\[\^?\]?(?:\\.|[^\]\\])*\]|.", re.S)
_CLASS_PIECE = re.compile(r"\\.|.", re.S)
_CASELESS_ESCAPES = set("dDsSwWbBAZ")   # escapes whose meaning does not depend on letter case


def case_folded(source: str) -> re.Pattern | None:
    """The case-insensitive regex `source` as a case-sensitive one to run over `lowered` text: the
    same matches at the same offsets, several times faster (re.I compares each character through
    its lower case). None when that is not simple to tell (`_fold_source`)."""
    folded = _fold_source(source)
    return None if folded is None else compile_pattern(folded)


def _fold_source(source: str) -> str | None:
    """`source` with its letters lower-cased; None when it holds what lower-casing could change:
    an inline flag ("(?-i:"), an escape that is not a class or an anchor (a character code, a
    back-reference), an upper-case letter in a class, or a cased letter outside ASCII."""
    out = []
    for piece in _SOURCE_PIECE.findall(source):
        if piece == "(?":
            return None
        if piece.startswith("\\"):
            if piece[1:].isalnum() and piece[1:] not in _CASELESS_ESCAPES:
                return None
        elif piece.startswith("[") and len(piece) > 1:
            for c in _CLASS_PIECE.findall(piece):
                if c.startswith("\\") and c[1:].isalnum() and c[1:] not in _CASELESS_ESCAPES:
                    return None
                if not c.startswith("\\") and c.lower() != c.upper() and (c.isupper() or not c.isascii()):
                    return None
        elif not piece.startswith("(?"):
            if piece.lower() != piece.upper() and not piece.isascii():
                return None
            piece = piece.lower()
        out.append(piece)
    return "".join(out)


class _Pieces:
    """One trigger's stretches of the lower-cased text, to find the words the rules need in them."""

    def __init__(self, low: str, stretches: list):
        self.pieces = [low[a:b] for a, b, *_ in stretches]
        self.joined = "\x00".join(self.pieces)    # a word found across two is looked for in each anyway
        self.bits = [1 << i for i in range(len(self.pieces))]
        self.every = (1 << len(self.pieces)) - 1
        self.found: dict[int, int] = {}         # id of a group -> `present` bits
        self.holding: dict[str, int] = {}       # word -> the stretches holding it (the rules share many words)

    def present(self, group: tuple[str, ...]) -> int:
        """The stretches (as bits, by index) that hold a word of `group` (computed once per group).
        A word is first looked for in all the stretches at once: most needed words are absent."""
        bits = self.found.get(id(group))
        if bits is None:
            bits = 0
            holding = self.holding
            for word in group:
                held = holding.get(word)
                if held is None:
                    held = holding[word] = self._holding(word)
                bits |= held
                if bits == self.every:
                    break               # no stretch left to find
            self.found[id(group)] = bits
        return bits

    def _holding(self, word: str) -> int:
        if word not in self.joined:
            return 0
        return sum(compress(self.bits, map(str.__contains__, self.pieces, repeat(word))))     # stretch by stretch, in C


def _worth_scanning(low: str | None, spans: dict[str, list[tuple]]):
    """(rule, the stretches of its trigger that hold every literal its matches need) for each rule
    (`low`: the text `lowered`; with None, every stretch of the trigger)."""
    seen: dict[int, _Pieces] = {}     # id of a list of stretches (triggers may share one, `_regions`)
    for rule in rules():
        stretches = spans.get(rule.trigger)
        if not stretches:
            continue
        if low is None or not rule.needs:
            yield rule, stretches
            continue
        pieces = seen.get(id(stretches))
        if pieces is None:
            pieces = seen[id(stretches)] = _Pieces(low, stretches)
        every = keep = (1 << len(stretches)) - 1
        for group in rule.needs:
            keep &= pieces.present(group)
            if not keep:
                break
        else:
            yield rule, stretches if keep == every else [ab for i, ab in enumerate(stretches) if keep >> i & 1]


_MARGIN_BEFORE, _MARGIN_AFTER, _GAP = 40, 40, 0
_ABBREVIATED = re.compile(r"(?:\b[a-z]\.[a-z]\.|[A-Z][a-z]{2,3}\.)$")


# -- where a rule's match can start ---------------------------------------------------------------
# A rule's regex opens with (?<![\w'’-]) and, for most rules, a word character: its matches start
# where a word (a `_TOKEN_SPLIT` token) starts. The openings of its pattern (`_openings`: the
# lower-cased strings, of up to _OPENING_DEPTH characters, one of which every match starts with)
# tell which words those can be, so the regex is tried at those words only instead of at every
# position of its stretches (`_matches`): the same matches, for much less work.

_OPENING_DEPTH = 5
_MAX_OPENINGS = 512
_DIGIT = "\\d"                        # an opening that is any decimal digit
_WORD_END = " "                       # ends an opening whose word ends there ("a" before \s+)
_WORD_CHAR = re.compile(r"[\w'’-]")   # the characters of a `_TOKEN_SPLIT` token


def _openings(parsed) -> frozenset[tuple[str, str]] | None:
    """(first character, the characters after it) pairs, lower-cased, one of which opens every
    match of the `parsed` pattern; None when that is not simple to tell. A first character `_DIGIT`
    is any decimal digit; a pair ending in `_WORD_END` is followed by a character that ends the
    word (whitespace). Conservative: a pair may be shorter than what the match really opens with."""
    done: set[tuple[str, str]] = set()
    try:
        left = _extend_openings(list(parsed), {(None, "")}, done)
    except (TypeError, ValueError, IndexError):
        return None
    if left is None:
        return None
    found = done | left
    if not found or any(first is None for first, _ in found):
        return None     # a match may open with no character known (or be empty)
    return frozenset(found)


def _extend_openings(items: list, partials: set, done: set) -> set | None:
    """Extend the open `partials` through the parsed `items`; those that cannot be extended further
    (an unknown character, or the depth reached) move to `done`. Returns those still open, or None
    when a match may open with a character that is not simple to tell."""
    nodes = _sre_nodes
    for op, av in items:
        full = {p for p in partials if p[0] is not None and len(p[1]) >= _OPENING_DEPTH - 1}
        if full:
            done |= full
            partials = partials - full
        if not partials:
            return partials
        unknown_first = any(first is None for first, _ in partials)
        if op is nodes.LITERAL or op is nodes.IN:
            chars, spaces = _opening_chars(op, av)
            if chars is None:       # a category or a wide class: the openings end before it
                if unknown_first:
                    if op is not nodes.IN or list(av) != [(nodes.CATEGORY, nodes.CATEGORY_DIGIT)]:
                        return None
                    done.add((_DIGIT, ""))
                done.update(p for p in partials if p[0] is not None)
                return set()
            if spaces:              # whitespace here ends the word: those openings are complete
                if unknown_first:
                    return None
                done.update((first, rest + _WORD_END) for first, rest in partials)
                if not chars:
                    return set()
            partials = {(c, "") if first is None else (first, rest + c) for first, rest in partials for c in chars}
            if len(partials) > _MAX_OPENINGS:
                done.update((first, "") for first, _ in partials)
                return set()
        elif op is nodes.SUBPATTERN or op is getattr(nodes, "ATOMIC_GROUP", None):
            partials = _extend_openings(list(av[-1] if op is nodes.SUBPATTERN else av), partials, done)
            if partials is None:
                return None
        elif op is nodes.BRANCH:
            union: set = set()
            for branch in av[1]:
                got = _extend_openings(list(branch), set(partials), done)
                if got is None:
                    return None
                union |= got
            partials = union
        elif op in (nodes.MAX_REPEAT, nodes.MIN_REPEAT, getattr(nodes, "POSSESSIVE_REPEAT", None)):
            low, high, sub = av
            once = _extend_openings(list(sub), set(partials), done)
            if once is None:
                return None
            if low == 1 and high == 1:
                partials = once
                continue
            if any(first is None for first, _ in once):
                return None
            done |= once        # one pass, then stop: more passes or what follows may come next
            if low == 0:
                continue        # skipped: the partials go on with what follows
            return set()
        elif op in (nodes.ASSERT, nodes.ASSERT_NOT, nodes.AT):
            continue            # zero-width: look at what follows
        else:
            if unknown_first:
                return None
            done |= partials
            return set()
    return partials


def _opening_chars(op, av) -> tuple[set[str] | None, bool]:
    """The lower-cased characters a LITERAL or a small class matches under re.I (None when that is
    not simple to tell), and whether the class matches whitespace too (kept apart)."""
    items = [(op, av)] if op is _sre_nodes.LITERAL else av
    chars: set[str] = set()
    spaces = False
    for kind, value in items:
        if kind is _sre_nodes.LITERAL:
            chars.add(chr(value))
        elif kind is _sre_nodes.RANGE and value[1] - value[0] < 64:
            chars.update(map(chr, range(value[0], value[1] + 1)))
        elif kind is _sre_nodes.CATEGORY and value is _sre_nodes.CATEGORY_SPACE:
            spaces = True
        else:
            return None, False
    if any(not c.isascii() and c.lower() != c.upper() for c in chars):
        return None, False  # a cased letter outside ASCII: its case variants are not simple to tell
    return {c.lower() for c in chars}, spaces


@lru_cache(maxsize=1)
def _opening_index() -> tuple[dict[Rule, int], dict[str, int], dict[str, int], int, int]:
    """The openings of the rules as bits: each rule's bit (a rule left out is tried at every
    position); the bits of the rules with each opening that a word must equal (an opening that
    goes on past the word's end, "a.m." for "a", or ends with it, "a" before whitespace) and with
    each opening a word must start with; the bits of the rules opening with a digit; all bits."""
    bits: dict[Rule, int] = {}
    whole: dict[str, int] = {}
    starts: dict[str, int] = {}
    digits = 0
    for rule in rules():
        opens = rule.openings
        if opens is None or any(first != _DIGIT and not _WORD_CHAR.fullmatch(first) for first, _ in opens):
            continue            # may start elsewhere than at a word's start
        bit = bits[rule] = 1 << len(bits)
        for first, rest in opens:
            if first == _DIGIT:
                digits |= bit
                continue
            opening = first + rest
            # the word is the opening's run of word characters: all of it when a character ends it
            cut = next((i for i, c in enumerate(rest, 1) if not _WORD_CHAR.fullmatch(c)), None)
            if cut is None:
                starts[opening] = starts.get(opening, 0) | bit
            else:
                whole[opening[:cut]] = whole.get(opening[:cut], 0) | bit
    return bits, whole, starts, digits, (1 << len(bits)) - 1


def _opening_mask(word: str) -> int:
    """The bits of the rules whose matches can start at the start of `word` (a `_TOKEN_SPLIT` token):
    an opening the lower-cased word starts with or is, or a digit. Every rule's bit when
    lower-casing could hide a match (`lowered`)."""
    _, whole, starts, digits, every = _opening_index()
    low = word.lower()
    if len(low) != len(word) or any(trap in word for trap in _FOLD_TRAPS):
        return every
    mask = (digits if word[0].isdecimal() else 0) | whole.get(low, 0)
    for n in range(1, min(len(low), _OPENING_DEPTH) + 1):
        mask |= starts.get(low[:n], 0)
    return mask


# rule -> the words (as written) its matches can start at: filled as words are first seen (`_index_words`)
_OPENERS: dict[Rule, set[str]] = {}
_INDEXED: set[str] = set()


def _index_words(words: list[str]) -> None:
    """Add the words not seen before to the `_OPENERS` of the rules that can start at them."""
    if _INDEXED.issuperset(words):
        return
    bits = _opening_index()[0]
    if not _OPENERS or len(_INDEXED) > 100_000:
        _INDEXED.clear()
        _OPENERS.clear()
        _OPENERS.update((rule, set()) for rule in bits)
    by_bit = [_OPENERS[rule] for rule in bits]
    for word in set(words).difference(_INDEXED):
        mask = _opening_mask(word)
        while mask:
            low_bit = mask & -mask
            by_bit[low_bit.bit_length() - 1].add(word)
            mask ^= low_bit
        _INDEXED.add(word)


def _matches(text: str, low: str | None, rule: Rule, spans: list[tuple]):
    """`rule.regex.finditer` over each stretch (a, b, the starts and the texts of its words), in
    order; with `rule.folded` over `low`, the text `lowered`, where it can: the same spans. The
    regex is tried only where a word its matches can start at starts (`_OPENERS`): a match is never
    empty and starts at such a word, so the scan finds the same ones."""
    rx, scanned = (rule.folded, low) if low is not None and rule.folded is not None else (rule.regex, text)
    openers = _OPENERS.get(rule)
    if openers is None:
        for a, b, *_ in spans:
            yield from rx.finditer(scanned, a, b)
        return
    match = rx.match
    can_open = openers.__contains__
    for a, b, word_starts, words in spans:
        last = a
        # the words the rule can start at, picked in C (compress) rather than in a Python loop
        for at in compress(word_starts, map(can_open, words)):
            if at >= last:
                m = match(scanned, at, b)
                if m is not None:
                    last = m.end()
                    yield m


def _candidates(text: str, low: str | None, rule: Rule, spans: list[tuple]):
    # the context checks, over the lower-cased text where they can be (the same results)
    if low is not None and rule.folded_checks is not None:
        (requires, reject_before, reject_after, require_before), context = rule.folded_checks, low
    else:
        (requires, reject_before, reject_after, require_before), context = rule.checks, text
    has_skip = None
    for m in _matches(text, low, rule, spans):
        if has_skip is None:
            has_skip = "skip" in m.re.groupindex
        start, end = m.span()
        skip = m.end("skip") if has_skip and m.group("skip") else start
        while skip < end and text[skip].isspace():
            skip += 1
        # a trailing full stop belongs to the sentence, not to "Aug." or "a.m." unless abbreviated
        if end > skip and text[end - 1] == "." and not _ABBREVIATED.search(text[skip:end]):
            end -= 1
        if end <= skip:
            continue
        if requires and not requires.search(context[skip:end]):
            continue
        if reject_before and reject_before.search(context[max(0, start - _CONTEXT):start]):
            continue
        if reject_after and reject_after.search(context[end:end + _CONTEXT]):
            continue
        if require_before and not require_before.search(context[max(0, start - _CONTEXT):start]):
            continue
        # the groups that matched something, as written in `text` (the match may be over the lower-cased text)
        spans = m.regs
        groups = {k: text[spans[i][0]:spans[i][1]] for k, i in m.re.groupindex.items() if spans[i][0] < spans[i][1]}
        yield Mention(skip, end, text[skip:end], rule, groups)


_TOKEN_SPLIT = re.compile(r"([\w'’-]+)")     # a word: the split keeps it between the gaps
# the same split for ASCII text: a plain class, without \w's lookups in the Unicode tables (faster)
_ASCII_TOKEN_SPLIT = re.compile(r"([A-Za-z0-9_'-][A-Za-z0-9_'-]*)")


@lru_cache(maxsize=1)
def _used_triggers() -> tuple[tuple[str, re.Pattern], ...]:
    used = {r.trigger for r in rules()}
    return tuple((name, rx) for name, rx in triggers().items() if name in used)


@lru_cache(maxsize=1)
def _any_trigger() -> re.Pattern | None:
    """One regex that finds something in a word wherever one of the used triggers would, so that
    a word with no trigger (most words) is told with one search instead of one per trigger. None
    when the triggers cannot be joined safely (a back-reference, or a pattern the join breaks)."""
    raw = _raw()
    used = {name for name, _ in _used_triggers()}
    exprs = [expand(expr, _macros()) for name, expr in raw["triggers"].items() if name in used]
    if any(re.search(r"\\[1-9]|\(\?P=", e) for e in exprs):
        return None
    try:
        return compile_pattern(r"(?<![\w])(?:" + "|".join("(?:" + e + ")" for e in exprs) + ")", re.I)
    except re.error:
        return None


def _triggers_of(word: str) -> tuple[str, ...]:
    """The names of the used triggers found in `word`."""
    screen = _any_trigger()
    if screen is not None and screen.search(word) is None:
        return ()
    return tuple(name for name, rx in _used_triggers() if rx.search(word))


_CLASS: dict[str, tuple[str, ...]] = {}


def trigger_regions(text: str) -> dict[str, list[tuple[int, int]]]:
    """Stretches of text around each trigger's words, merged per trigger (see `_regions`)."""
    return {name: [(a, b) for a, b, *_ in stretches] for name, stretches in _regions(text).items()}


def _regions(text: str) -> dict[str, list[tuple]]:
    """Stretches of text around each trigger's words, merged per trigger, each with the starts and
    the texts of the words in it (`_with_words`).

    One pass over the words of the text instead of one regex scan per trigger: every trigger is a
    single word (or starts one: "year-earlier", "1990s"), so a word's triggers are found once per
    distinct word and cached. Triggers are tried on the whole word with `search`, so "Monday" is
    no "day" (the trigger's look-behind) but "prior-year" holds "year".
    """
    cache = _CLASS
    # text split into [gap, word, gap, word, ..., gap]; the offsets come from the running lengths
    parts = (_ASCII_TOKEN_SPLIT if text.isascii() else _TOKEN_SPLIT).split(text)
    words = parts[1::2]
    names_of = list(map(cache.get, words))
    if None in names_of:
        if len(cache) > 100_000:
            cache.clear()
        for i, tok in enumerate(words):
            if names_of[i] is None:
                names_of[i] = cache[tok] = _triggers_of(tok)
    offsets = list(accumulate(map(len, parts), initial=0))
    hits: dict[str, tuple[list[int], list[int]]] = {}     # trigger -> the starts and the ends of its words
    for i in compress(range(len(words)), names_of):     # the words with a trigger, picked in C
        start, end = offsets[2 * i + 1], offsets[2 * i + 2]
        for n in names_of[i]:
            found = hits.get(n)
            if found is None:
                found = hits[n] = ([], [])
            found[0].append(start)
            found[1].append(end)
    _index_words(words)
    rev = text[::-1]
    located = (offsets[1:2 * len(words):2], words)
    regions: dict[str, list[tuple]] = {}
    # triggers often hit the very same words ("digit" and "clock" at every number): one list of
    # stretches serves them all (nobody changes it)
    built: list[tuple[list[int], list[tuple]]] = []
    for n, (starts, ends) in hits.items():
        stretches = next((done for same, done in built if same == starts), None)
        if stretches is None:
            stretches = _with_words(_merge(text, starts, ends, rev), located)
            built.append((starts, stretches))
        regions[n] = stretches
    return regions


def _with_words(stretches: list[tuple[int, int]], words: tuple[list[int], list[str]]) -> list[tuple]:
    """Each stretch (a, b) with the starts and the texts of the words in it."""
    starts, texts = words
    out = []
    for a, b in stretches:
        first, stop = bisect.bisect_left(starts, a), bisect.bisect_left(starts, b)
        out.append((a, b, starts[first:stop], texts[first:stop]))
    return out


_NONSPACE = re.compile(r"\S*")
_APART = _MARGIN_BEFORE + _MARGIN_AFTER + _GAP      # words farther apart than this get stretches of their own


def _merge(text: str, starts: list[int], ends: list[int], rev: str | None = None) -> list[tuple[int, int]]:
    """The stretches _MARGIN_BEFORE / _MARGIN_AFTER around the words at `starts`..`ends` (in text
    order), merged where they meet, widened to whole words (the runs of non-space characters
    around their ends). The words where a new stretch begins are picked in C (compress)."""
    n = len(text)
    cuts = list(compress(range(1, len(starts)), map(_APART.__lt__, map(sub, starts[1:], ends))))
    firsts, lasts = [0] + cuts, [c - 1 for c in cuts] + [len(ends) - 1]
    if rev is None:
        rev = text[::-1]
    word = _NONSPACE.match
    out = []
    for f, l in zip(firsts, lasts):
        a, b = max(0, starts[f] - _MARGIN_BEFORE), min(n, ends[l] + _MARGIN_AFTER)
        # the run before a is read forwards in the reversed text
        out.append((a - (word(rev, n - a).end() - (n - a)), word(text, b).end()))
    return out


def detect(text: str) -> list[Mention]:
    """All mentions, non-overlapping: longest first, then the rule listed first, then leftmost."""
    regions = _regions(text)
    low = lowered(text)
    found = [c for rule, stretches in _worth_scanning(low, regions) for c in _candidates(text, low, rule, stretches)]
    found.sort(key=lambda c: (-(c.end - c.start), c.rule.priority, c.start))
    taken: list[Mention] = []
    occupied: list[tuple[int, int]] = []      # sorted, non-overlapping spans already taken
    for c in found:
        i = bisect.bisect_left(occupied, (c.start, c.start))
        if (i < len(occupied) and occupied[i][0] < c.end) or (i > 0 and occupied[i - 1][1] > c.start):
            continue
        taken.append(c)
        occupied.insert(i, (c.start, c.end))
    taken.sort(key=lambda c: c.start)
    return taken
