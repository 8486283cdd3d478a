"""Actor gazetteer: find named actors in text and normalise them for a given day.

Names, metonyms ("Tehran", "the Kremlin", "the IDF"), demonyms ("Iranian") and organisations map
to one canonical actor; a person maps to whom they spoke for on that day (terms of office), or to
themself outside every role.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from pipeline.regex_cache import compile_pattern
from pipeline.signals.lexicon import read_yaml


@dataclass(frozen=True)
class Role:
    speaks_for: str
    start: date
    end: date | None


@dataclass(frozen=True)
class Entry:
    canonical: str
    kind: str                   # state | organisation | person
    roles: tuple[Role, ...] = ()


class Mention(NamedTuple):
    start: int
    end: int
    entry: Entry


@dataclass(frozen=True)
class Gazetteer:
    by_alias: dict[str, Entry]
    pattern: re.Pattern
    people: re.Pattern          # person aliases only (cheap scan for "he said" tracking)

    def last_person(self, text: str) -> Entry | None:
        found = None
        for match in self.people.finditer(text):
            found = self.by_alias[match.group(0)]
        return found

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Mention]:
        end = len(text) if end is None else end
        return [Mention(m.start(), m.end(), self.by_alias[m.group(0)])
                for m in self.pattern.finditer(text, start, end)]

    def lookup(self, name: str) -> Entry | None:
        """The entry for a name, or for the longest gazetteer name inside it."""
        if name in self.by_alias:
            return self.by_alias[name]
        found = self.find(name)
        if not found:
            return None
        people = [m for m in found if m.entry.kind == "person"]
        return (people or found)[0].entry


def speaks_for(entry: Entry, day: date) -> str:
    """The actor an entry stands for on `day`: a state or body, or the person outside office."""
    if entry.kind != "person":
        return entry.canonical
    for role in entry.roles:
        if role.start <= day and (role.end is None or day <= role.end):
            return role.speaks_for
    return entry.canonical


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    data = read_yaml("actors.yaml")
    by_alias: dict[str, Entry] = {}
    for name, spec in data["states"].items():
        entry = Entry(name, "state")
        for alias in [name, *spec.get("aliases", []), *spec.get("metonyms", []), *spec.get("demonyms", [])]:
            by_alias.setdefault(str(alias), entry)
    for name, spec in data["organisations"].items():
        entry = Entry(name, "organisation")
        for alias in [name, *spec.get("aliases", [])]:
            by_alias.setdefault(str(alias), entry)
    for name, spec in data["people"].items():
        roles = tuple(Role(r["speaks_for"], _day(r["from"]), _day(r.get("to"))) for r in spec.get("roles", []))
        entry = Entry(name, "person", roles)
        for alias in [name, *spec.get("aliases", [])]:
            by_alias.setdefault(str(alias), entry)
    aliases = sorted(by_alias, key=len, reverse=True)
    people = [a for a in aliases if by_alias[a].kind == "person"]
    return Gazetteer(by_alias, _names_pattern(aliases), _names_pattern(people))


def _names_pattern(aliases: list[str]) -> re.Pattern:
    """One pattern for many names, as a trie (Python's engine tries a flat alternation one name
    at a time). Longer names win: at each node the continuations are tried before the end.

    The word boundary before a name is checked just after its first character (a lookbehind over
    two characters), so that the pattern opens on the names' first characters and the engine
    skips to those at once (a pattern that opens on a lookbehind is tried at every position)."""
    trie: dict = {}
    for alias in aliases:
        node = trie
        for ch in alias:
            node = node.setdefault(ch, {})
        node[""] = {}
    firsts = [re.escape(ch) + r"(?<!\w.)" + _trie_regex(child) for ch, child in sorted(trie.items()) if ch]
    return compile_pattern(rf"(?:{'|'.join(firsts)})(?![\w])")


def _trie_regex(node: dict) -> str:
    ends = "" in node
    branches = [re.escape(ch) + _trie_regex(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 and not ends else "(?:" + "|".join(branches) + ")"
    return body + ("?" if ends else "")


def _day(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
