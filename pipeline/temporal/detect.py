"""Phase one: find temporal expressions with the rules of rules/rules.yaml.

Each hit becomes a `Mention`: the span, the rule and its named groups, i.e. an underspecified value
("weekday 6, part of day EV") that resolve.py anchors later.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache


from ..datafiles import load_yaml
from .lexicon import RULES_DIR, lexicon, macro

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


def expand(pattern: str, macros: dict[str, str], depth: int = 0) -> str:
    """Replace %name by the macro of rules.yaml or the word list of lexicon.yaml (recursively)."""
    if depth > 5:
        raise ValueError(f"macro recursion in {pattern!r}")

    def sub(m: re.Match) -> str:
        name = m.group(1)
        if name in macros:
            return "(?:" + expand(macros[name], macros, depth + 1) + ")"
        if name in lexicon():
            return macro(name)
        raise KeyError(f"unknown macro %{name}")

    return _MACRO.sub(sub, pattern)


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
        body = expand(spec["pattern"], macros)
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
        ))
    return tuple(out)


_MARGIN_BEFORE, _MARGIN_AFTER, _GAP = 40, 40, 0


def _candidates(text: str, rule: Rule, spans: list[tuple[int, int]]):
    for m in (m for a, b in spans for m in rule.regex.finditer(text, a, b)):
        start, end = m.span()
        groups = {k: v for k, v in m.groupdict().items() if v}
        skip = m.end("skip") if groups.get("skip") else start
        while skip < end and text[skip].isspace():
            skip += 1
        # a trailing full stop belongs to the sentence, not to "Aug." or "a.m." unless abbreviated
        if end > skip and text[end - 1] == "." and not re.search(r"(?:\b[a-z]\.[a-z]\.|[A-Z][a-z]{2,3}\.)$", text[skip:end]):
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
        yield Mention(skip, end, text[skip:end], rule, groups)


_TOKEN = re.compile(r"[\w'’-]+")


@lru_cache(maxsize=1)
def _used_triggers() -> tuple[tuple[str, re.Pattern], ...]:
    used = {r.trigger for r in rules()}
    return tuple((name, rx) for name, rx in triggers().items() if name in used)


_CLASS: dict[str, tuple[str, ...]] = {}


def trigger_regions(text: str) -> dict[str, list[tuple[int, int]]]:
    """Stretches of text around each trigger's words, merged per trigger (see `regions`).

    One pass over the words of the text instead of one regex scan per trigger: every trigger is a
    single word (or starts one: "year-earlier", "1990s"), so a word's triggers are found once per
    distinct word and cached. Triggers are tried on the whole word with `search`, so "Monday" is
    no "day" (the trigger's look-behind) but "prior-year" holds "year".
    """
    used = _used_triggers()
    hits: dict[str, list[tuple[int, int]]] = {}
    cache = _CLASS
    for m in _TOKEN.finditer(text):
        tok = m.group()
        names = cache.get(tok)
        if names is None:
            if len(cache) > 100_000:
                cache.clear()
            names = cache[tok] = tuple(n for n, t in used if t.search(tok))
        for n in names:
            hits.setdefault(n, []).append(m.span())
    return {n: _merge(text, spans) for n, spans in hits.items()}


def _merge(text: str, hits: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    n = len(text)
    for s, e in hits:
        a, b = max(0, s - _MARGIN_BEFORE), min(n, e + _MARGIN_AFTER)
        if out and a <= out[-1][1] + _GAP:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    spans = []
    for a, b in out:
        while a > 0 and not text[a - 1].isspace():
            a -= 1
        while b < n and not text[b].isspace():
            b += 1
        spans.append((a, b))
    return spans


def detect(text: str) -> list[Mention]:
    """All mentions, non-overlapping: longest first, then the rule listed first, then leftmost."""
    spans = trigger_regions(text)
    found = [c for rule in rules() if rule.trigger in spans for c in _candidates(text, rule, spans[rule.trigger])]
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
