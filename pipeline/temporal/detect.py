"""Phase one: find temporal expressions with the rules of rules/rules.yaml.

Each hit becomes a `Mention`: the span, the rule and its named groups, i.e. an underspecified value
("weekday 6, part of day EV") that resolve.py anchors later.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate


from ..datafiles import load_yaml
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
_CONTEXT = 40


@dataclass(frozen=True, eq=False)
class Rule:
    name: str
    regex: re.Pattern
    type: str
    norm: str
    priority: int
    params: dict = field(default_factory=dict)
    reject_before: re.Pattern | None = None
    reject_after: re.Pattern | None = None
    require_before: re.Pattern | None = None
    requires: re.Pattern | None = None
    examples: tuple = ()
    trigger: str = "any"
    # speed only: groups of lower-case literals; every match contains at least one word of each group
    needs: tuple[tuple[str, ...], ...] = ()


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


def _compile(expr: str | None, macros: dict[str, str], flags=re.I) -> re.Pattern | None:
    return re.compile(expand(expr, macros), flags) if expr else None


@lru_cache(maxsize=1)
def _raw() -> dict:
    return load_yaml(RULES_DIR / "rules.yaml")


@lru_cache(maxsize=1)
def triggers() -> dict[str, re.Pattern]:
    raw = _raw()
    return {name: re.compile(r"(?<![\w])(?:" + expand(expr, raw.get("macros", {})) + r")", re.I)
            for name, expr in raw["triggers"].items()}


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    raw = _raw()
    macros = raw.get("macros", {})
    out = []
    for i, spec in enumerate(raw["rules"]):
        body = _factor_words(expand(spec["pattern"], macros))
        regex = re.compile(r"(?<![\w'’-])(?:" + body + r")(?![\w])", re.I)
        out.append(Rule(
            name=spec["name"], regex=regex, type=spec["type"], norm=spec["norm"], priority=i,
            params=spec.get("params", {}) or {},
            reject_before=_compile(spec.get("reject_before"), macros),
            reject_after=_compile(spec.get("reject_after"), macros),
            require_before=_compile(spec.get("require_before"), macros),
            requires=_compile(spec.get("requires"), macros),
            examples=tuple(spec.get("examples", []) or ()),
            trigger=spec.get("trigger", "any"),
            # from the pattern as written: factored alternations hide their words from _required
            needs=_needs(r"(?:" + expand(spec["pattern"], macros, factored=False) + ")",
                         _raw_trigger(spec.get("trigger", "any"))),
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


def _raw_trigger(name: str) -> str | None:
    raw = _raw()
    expr = raw["triggers"].get(name)
    return None if expr is None else expand(expr, raw.get("macros", {}), factored=False)


def _needs(pattern: str, trigger: str | None) -> tuple[tuple[str, ...], ...]:
    groups = {tuple(sorted(g)) for g in _required(_sre_parse.parse(pattern, re.I))}
    if trigger is not None:
        # a stretch holds a word of its trigger, so a group that every such word contains is always there
        for tg in _required(_sre_parse.parse(trigger, re.I)):
            groups = {g for g in groups if not all(any(w in t for w in g) for t in tg)}
    # one object per distinct group (rules share them), the most selective first: fewest, longest words
    return tuple(_GROUPS.setdefault(g, g) for g in sorted(groups, key=lambda g: (len(g), -min(map(len, g)))))


# Under re.I these match ASCII letters though str.lower() does not map them there ("ſ" is "s").
_FOLD_TRAPS = re.compile("[\u0130\u0131\u017f\u212a]")


def lowered(text: str) -> str | None:
    """text.lower() with the offsets of `text`, or None when a literal test on it could miss a match."""
    low = text.lower()
    if len(low) != len(text) or _FOLD_TRAPS.search(text):
        return None
    return low


def _present(low: str, group: tuple[str, ...], stretches: list[tuple[int, int]]) -> list[bool]:
    return [any(map(low[a:b].__contains__, group)) for a, b in stretches]


def _worth_scanning(text: str, spans: dict[str, list[tuple[int, int]]]):
    """(rule, the stretches of its trigger that hold every literal its matches need) for each rule."""
    low = lowered(text)
    masks: dict[tuple[str, int], list[bool]] = {}     # (trigger, id of group) -> present per stretch
    for rule in rules():
        stretches = spans.get(rule.trigger)
        if not stretches:
            continue
        if low is not None and rule.needs:
            keep = None
            for group in rule.needs:
                key = (rule.trigger, id(group))
                mask = masks.get(key)
                if mask is None:
                    mask = masks[key] = _present(low, group, stretches)
                keep = mask if keep is None else [x and y for x, y in zip(keep, mask)]
                if not any(keep):
                    break
            else:
                yield rule, stretches if all(keep) else [ab for ab, ok in zip(stretches, keep) if ok]
            continue
        yield rule, stretches


_MARGIN_BEFORE, _MARGIN_AFTER, _GAP = 40, 40, 0
_ABBREVIATED = re.compile(r"(?:\b[a-z]\.[a-z]\.|[A-Z][a-z]{2,3}\.)$")


# -- where a rule's match can start ---------------------------------------------------------------
# A rule's regex opens with (?<![\w'’-]) and, for most rules, a word character: its matches start
# where a word (a `_TOKEN_SPLIT` token) starts. The openings of its pattern (`_openings`: the
# lower-cased strings, of up to _OPENING_DEPTH characters, one of which every match starts with)
# tell which words those can be, so the regex is tried at those words only instead of at every
# position of its stretches (`_matches`): the same matches, for much less work.

_RULE_HEAD = "(?<![\\w'’-])"         # how `rules` opens every rule's regex
_OPENING_DEPTH = 5
_MAX_OPENINGS = 512
_DIGIT = "\\d"                        # an opening that is any decimal digit
_WORD_CHAR = re.compile(r"[\w'’-]")   # the characters of a `_TOKEN_SPLIT` token
_OPENS: dict[str, int] = {}           # word -> `_opening_mask`


def _openings(pattern: str, flags: int = re.I) -> frozenset[tuple[str, str]] | None:
    """(first character, the characters after it) pairs, lower-cased, one of which opens every
    match of `pattern`; None when that is not simple to tell. A first character `_DIGIT` is any
    decimal digit. Conservative: a pair may be shorter than what the match really opens with."""
    done: set[tuple[str, str]] = set()
    try:
        left = _extend_openings(list(_sre_parse.parse(pattern, flags)), {(None, "")}, done)
    except (re.error, TypeError, ValueError, IndexError):
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
            chars = _opening_chars(op, av)
            if chars is None:       # a category or a wide class: the openings end before it
                if unknown_first:
                    if op is not nodes.IN or list(av) != [(nodes.CATEGORY, nodes.CATEGORY_DIGIT)]:
                        return None
                    done.add((_DIGIT, ""))
                done.update(p for p in partials if p[0] is not None)
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


def _opening_chars(op, av) -> set[str] | None:
    """The lower-cased characters a LITERAL or a small class matches under re.I, or None."""
    items = [(op, av)] if op is _sre_nodes.LITERAL else av
    chars: set[str] = set()
    for kind, value in items:
        if kind is _sre_nodes.LITERAL:
            chars.add(chr(value))
        elif kind is _sre_nodes.RANGE and value[1] - value[0] < 64:
            chars.update(map(chr, range(value[0], value[1] + 1)))
        else:
            return None
    if any(not c.isascii() and c.lower() != c.upper() for c in chars):
        return None     # a cased letter outside ASCII: its case variants are not simple to tell
    return {c.lower() for c in chars}


@lru_cache(maxsize=1)
def _opening_index() -> tuple[dict[Rule, int], dict[str, int], dict[str, int], int, int]:
    """The openings of the rules as bits: each rule's bit (a rule left out is tried at every
    position); the bits of the rules with each opening, and with each opening's proper beginning;
    the bits of the rules opening with a digit; all bits."""
    bits: dict[Rule, int] = {}
    whole: dict[str, int] = {}
    begins: dict[str, int] = {}
    digits = 0
    for rule in rules():
        opens = None
        if rule.regex.pattern.startswith(_RULE_HEAD):
            opens = _openings(rule.regex.pattern, rule.regex.flags)
        if opens is None or any(first != _DIGIT and not _WORD_CHAR.fullmatch(first) for first, _ in opens):
            continue            # may start elsewhere than at a word's start
        bit = bits[rule] = 1 << len(bits)
        for first, rest in opens:
            if first == _DIGIT:
                digits |= bit
                continue
            opening = first + rest
            whole[opening] = whole.get(opening, 0) | bit
            for n in range(1, len(opening)):
                begins[opening[:n]] = begins.get(opening[:n], 0) | bit
    return bits, whole, begins, digits, (1 << len(bits)) - 1


def _opening_mask(word: str) -> int:
    """The bits of the rules whose matches can start at the start of `word` (a `_TOKEN_SPLIT` token):
    an opening the lower-cased word starts with, or one that starts with the whole word (and goes on
    after it), or a digit. Every rule's bit when lower-casing could hide a match (`lowered`)."""
    _, whole, begins, digits, every = _opening_index()
    low = word.lower()
    if len(low) != len(word) or _FOLD_TRAPS.search(word):
        return every
    mask = digits if word[0].isdecimal() else 0
    key = low[:_OPENING_DEPTH]
    for n in range(1, len(key) + 1):
        mask |= whole.get(key[:n], 0)
    if len(low) < _OPENING_DEPTH:
        mask |= begins.get(low, 0)
    return mask


def _matches(text: str, rule: Rule, spans: list[tuple[int, int]], words=None):
    """`rule.regex.finditer` over each stretch, in order. With `words` ((start, `_opening_mask`) of
    each word of the text, `_regions`), the regex is tried only where a word its matches can start
    at starts: a match is never empty and starts at such a word, so the scan finds the same ones."""
    bit = _opening_index()[0].get(rule, 0) if words is not None else 0
    if not bit:
        for a, b in spans:
            yield from rule.regex.finditer(text, a, b)
        return
    starts, opens = words
    match = rule.regex.match
    for a, b in spans:
        last = a
        first, stop = bisect.bisect_left(starts, a), bisect.bisect_left(starts, b)
        for at, mask in zip(starts[first:stop], opens[first:stop]):
            if mask & bit and at >= last:
                m = match(text, at, b)
                if m is not None:
                    last = m.end()
                    yield m


def _candidates(text: str, rule: Rule, spans: list[tuple[int, int]], words=None):
    has_skip = "skip" in rule.regex.groupindex
    for m in _matches(text, rule, spans, words):
        start, end = m.span()
        skip = m.end("skip") if has_skip and m.group("skip") else start
        while skip < end and text[skip].isspace():
            skip += 1
        # a trailing full stop belongs to the sentence, not to "Aug." or "a.m." unless abbreviated
        if end > skip and text[end - 1] == "." and not _ABBREVIATED.search(text[skip:end]):
            end -= 1
        if end <= skip:
            continue
        if rule.requires and not rule.requires.search(text[skip:end]):
            continue
        if rule.reject_before and rule.reject_before.search(text[max(0, start - _CONTEXT):start]):
            continue
        if rule.reject_after and rule.reject_after.search(text[end:end + _CONTEXT]):
            continue
        if rule.require_before and not rule.require_before.search(text[max(0, start - _CONTEXT):start]):
            continue
        yield Mention(skip, end, text[skip:end], rule, {k: v for k, v in m.groupdict().items() if v})


_TOKEN_SPLIT = re.compile(r"([\w'’-]+)")     # a word: the split keeps it between the gaps


@lru_cache(maxsize=1)
def _used_triggers() -> tuple[tuple[str, re.Pattern], ...]:
    used = {r.trigger for r in rules()}
    return tuple((name, rx) for name, rx in triggers().items() if name in used)


_CLASS: dict[str, tuple[str, ...]] = {}


def trigger_regions(text: str) -> dict[str, list[tuple[int, int]]]:
    """Stretches of text around each trigger's words, merged per trigger (see `_regions`)."""
    return _regions(text)[0]


def _regions(text: str) -> tuple[dict[str, list[tuple[int, int]]], tuple[list[int], list[int]]]:
    """Stretches of text around each trigger's words, merged per trigger; and the start and
    `_opening_mask` of each word, for `_matches`.

    One pass over the words of the text instead of one regex scan per trigger: every trigger is a
    single word (or starts one: "year-earlier", "1990s"), so a word's triggers are found once per
    distinct word and cached. Triggers are tried on the whole word with `search`, so "Monday" is
    no "day" (the trigger's look-behind) but "prior-year" holds "year".
    """
    used = _used_triggers()
    cache = _CLASS
    # text split into [gap, word, gap, word, ..., gap]; the offsets come from the running lengths
    parts = _TOKEN_SPLIT.split(text)
    words = parts[1::2]
    names_of = list(map(cache.get, words))
    if None in names_of:
        if len(cache) > 100_000:
            cache.clear()
        for i, tok in enumerate(words):
            if names_of[i] is None:
                names_of[i] = cache[tok] = tuple(n for n, t in used if t.search(tok))
    offsets = list(accumulate(map(len, parts), initial=0))
    hits: dict[str, list[tuple[int, int]]] = {}
    for i in [i for i, names in enumerate(names_of) if names]:
        span = (offsets[2 * i + 1], offsets[2 * i + 2])
        for n in names_of[i]:
            hits.setdefault(n, []).append(span)
    opens = list(map(_OPENS.get, words))
    if None in opens:
        if len(_OPENS) > 100_000:
            _OPENS.clear()
        for i, tok in enumerate(words):
            if opens[i] is None:
                opens[i] = _OPENS[tok] = _opening_mask(tok)
    rev = text[::-1]
    return {n: _merge(text, spans, rev) for n, spans in hits.items()}, (offsets[1:2 * len(words):2], opens)


_NONSPACE = re.compile(r"\S*")


def _merge(text: str, hits: list[tuple[int, int]], rev: str | None = None) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    n = len(text)
    for s, e in hits:
        a, b = max(0, s - _MARGIN_BEFORE), min(n, e + _MARGIN_AFTER)
        if out and a <= out[-1][1] + _GAP:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    if rev is None:
        rev = text[::-1]
    # widen each stretch to whole words: the run of non-space characters before a (read forwards
    # in the reversed text) and after b
    word = _NONSPACE.match
    return [(a - (word(rev, n - a).end() - (n - a)), word(text, b).end()) for a, b in out]


def detect(text: str) -> list[Mention]:
    """All mentions, non-overlapping: longest first, then the rule listed first, then leftmost."""
    regions, words = _regions(text)
    found = [c for rule, stretches in _worth_scanning(text, regions)
             for c in _candidates(text, rule, stretches, words)]
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
