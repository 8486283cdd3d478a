"""Find who is quoted in a sentence: reported speech and quotes with attribution.

"Herzog said Israel is not seeking war" -> speaker Isaac Herzog; '"...," Guterres said' ->
António Guterres; "he said" -> the last named speaker of the article (passed in by the caller);
with no reporting verb, "Guterres urged both sides to ..." -> the author of the appeal.
Returns the attribution span too, so that actor search can skip the speaker's own name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from pipeline.regex_cache import compile_pattern
from pipeline.signals.actors import Entry, Gazetteer
from pipeline.signals.lexicon import Words, read_yaml


class Attribution(NamedTuple):
    speaker: str                # canonical or plain name; "" when not named
    entry: Entry | None         # gazetteer entry of the speaker, when known
    start: int                  # span of the attribution phrase in the sentence
    end: int
    content_start: int          # where the reported content begins ("said [that] ^...")
    pronoun: bool = False       # "he said": speaker carried from an earlier sentence


@dataclass(frozen=True)
class SpeakerPatterns:
    before: re.Pattern          # NAME said
    after: re.Pattern           # said NAME
    according: re.Pattern       # according to NAME
    pronoun: re.Pattern         # he said
    titles: re.Pattern
    not_names: frozenset[str]
    any_verb: Words             # cheap pre-check: a reporting verb or "according to" occurs
    appeal: re.Pattern          # NAME urged / called for / appealed: the appeal's author speaks
    any_appeal: Words
    owner_before: re.Pattern | None = None  # "South Sudan's army spokesman [NAME]": whom the name speaks for


@lru_cache(maxsize=1)
def load_patterns() -> SpeakerPatterns:
    data = read_yaml("speakers.yaml")
    plain = data["reporting_verbs"]
    clause_verbs = data.get("clause_verbs")
    # "declared that ...": a verb of `clause_verbs` reports speech only before a clause or a quote
    verbs = f"{plain}|(?:{clause_verbs})(?=\\s*(?:on\\s+\\w+\\s+)?(?:that\\b|[:,\"“]|$))" if clause_verbs else plain
    titles = data["titles"]
    word = r"[A-Z][\w'’.\-]*"
    # a state or body may qualify the title: "Iraqi Prime Minister Mohammed Shia al-Sudani", "Egypt's
    # Foreign Minister ..." (the name proper may then take its full length)
    name = (rf"(?:{word}(?:\s+{word})?\s+(?=(?:{titles})\s))?(?:(?:{titles})\s+)*{word}"
            rf"(?:\s+(?:al-|bin\s+|ibn\s+|de\s+|de\s+la\s+|del\s+|da\s+|van\s+|van\s+der\s+|von\s+|von\s+der\s+|of\s+|in\s+)?{word}){{0,4}}")
    # a name opens on a capital (titles too): the lookahead lets the scan skip other positions at once
    guard = "(?=[A-Z])" if all(title[:1].isupper() and title[:1].isascii() for title in titles.split("|")) else ""
    # a role after the name, with what it covers: "The IRGC commander", "The UN envoy for Yemen"
    role = rf"(?:\s+(?:{data['roles']})(?:\s+(?:for|to|in|on)\s+(?:the\s+)?{word}(?:\s+{word}){{0,3}})?)?"
    return SpeakerPatterns(
        # "The IRGC commander said": a role after the name speaks for it
        before=compile_pattern(rf"{guard}(?P<name>{name}){role}(?:,\s+[^,]{{1,120}},)?\s+(?:\w+ly\s+)?"
                          rf"(?:has\s+|had\s+|have\s+)?(?:{verbs})\b"),
        # "..., said X" / '"...," said X': the inverted form follows a comma or a quote; after a
        # subject ("the commander said Israel would ...") the name opens the reported content
        after=compile_pattern(rf"(?:^|(?<=[,\"”’'])\s*)(?:{plain}|{clause_verbs or plain})\s+(?P<name>{name})"),
        according=compile_pattern(rf"\b[Aa]ccording to\s+(?:the\s+)?(?P<name>{name})"),
        pronoun=compile_pattern(rf"\b(?P<name>[Hh]e|[Ss]he)\s+(?:\w+ly\s+)?(?:{verbs})\b"),
        titles=compile_pattern(rf"^(?:(?:{titles})\s+)+"),
        not_names=frozenset(data["not_names"].split("|")),
        any_verb=Words([*plain.split("|"), *(clause_verbs or plain).split("|"), "According to", "according to"]),
        appeal=compile_pattern(rf"{guard}(?P<name>{name}){role}(?:,\s+[^,]{{1,120}},)?\s+(?:\w+ly\s+)?(?:has\s+|had\s+|have\s+)?"
                          rf"(?:on\s+\w+day\s+)?(?:{data['appeal_verbs']})\b"),
        any_appeal=Words(data["appeal_verbs"].split("|")),
        owner_before=compile_pattern(rf"(?:(?P<owner>{word}(?:\s+{word}){{0,2}})['’]s|(?:the\s+)?(?P<demonym>{word}))\s+"
                                rf"(?:[a-z-]+\s+){{0,2}}(?:{data['roles_before_name']})\s+$")
        if data.get("roles_before_name") else None,
    )


# names coordinated before a speaker: "Mali, Burkina Faso and Niger announced ..." (the first is named)
# ("The African Union and the regional bloc IGAD called on ...": a descriptor may open the last name)
_NAME_LIST = re.compile(r"(?P<first>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})(?:,\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})*"
                        r",?\s+and\s+(?:the\s+)?(?:[a-z][\w-]*\s+){0,3}$")
_OBJECT_BEFORE = re.compile(r"\b(?:of|in|to|for|with|by|at|from|on|against|between)\s+(?:the\s+)?$")
_SUBORDINATE = re.compile(r"\b(?:after|before|since|until|once|when|whenever|while|as|because|although|though|if"
                          r"|unless)\s+(?:the\s+)?$")
_THAT = re.compile(r"\s*(?:on\s+\w+\s+|\w+day\s+|late\s+\w+\s+|in\s+a\s+[\w\s]{1,40}?\s+)?(?:that\s+)?")


def find_attribution(text: str, gazetteer: Gazetteer, last: Attribution | None) -> Attribution | None:
    """The attribution of one sentence, or None when it reports no one."""
    named, pronoun = read_attribution(text, gazetteer)
    if named is not None:
        return named
    if pronoun is not None and last is not None:
        return Attribution(last.speaker, last.entry, *pronoun, True)
    return None


def read_attribution(text: str, gazetteer: Gazetteer) -> tuple[Attribution | None, tuple[int, int, int] | None]:
    """What a sentence says about its speaker by itself: a named attribution, else the span
    (start, end, content start) of a "he said" that takes the last speaker, else None."""
    patterns = load_patterns()
    if not patterns.any_verb.occur_in(text):
        return None, None
    for kind in ("before", "after", "according"):
        for match in getattr(patterns, kind).finditer(text):
            resolved = _resolve(match.group("name"), gazetteer, patterns)
            if resolved is None:
                continue
            speaker, entry = resolved
            content = match.end()
            start = match.start()
            if entry is None and patterns.owner_before is not None:
                # an unknown name after a lowercase role of a known state or body ("South Sudan's
                # army spokesman Lul Ruai Koang said"): the attribution takes in the role and its owner
                owner = patterns.owner_before.search(text, max(0, match.start("name") - 80), match.start("name"))
                if owner is not None and gazetteer.lookup(owner.group("owner") or owner.group("demonym")) is not None:
                    start = min(start, owner.start())
            if kind == "before" and _SUBORDINATE.search(text, max(0, start - 16), start):
                continue        # "after Ankara announced plans ...": background, not the sentence's speaker
            if kind == "before":
                content = _THAT.match(text, match.end()).end()
                listed = _NAME_LIST.search(text, max(0, start - 120), start) if entry is not None else None
                first = gazetteer.lookup(listed.group("first")) if _subject_list(text, listed, start) else None
                if first is not None:
                    speaker, entry, start = first.canonical, first, listed.start()
            return Attribution(speaker, entry, start, match.end(), content), None
    pronoun = patterns.pronoun.search(text)
    if pronoun:
        return None, (pronoun.start(), pronoun.end(), _THAT.match(text, pronoun.end()).end())
    return None, None


def find_appeal_author(text: str, gazetteer: Gazetteer) -> Attribution | None:
    """"Guterres urged both sides to ...": in a sentence with no reporting verb, the author of a
    direct appeal, demand or call is the speaker (and, for an appeal, the actor). The span is the
    name only, so the appeal verb stays in the clause as its frame. Called only for sentences
    that carry a signal (it is not needed to track "he said")."""
    patterns = load_patterns()
    if not patterns.any_appeal.occur_in(text):
        return None
    for match in patterns.appeal.finditer(text):
        resolved = _resolve(match.group("name"), gazetteer, patterns)
        if resolved is not None:
            speaker, entry = resolved
            start = match.start("name")
            # "Egypt, Turkey and the UAE called on ...": the first of the listed authors
            listed = _NAME_LIST.search(text, max(0, start - 120), start) if entry is not None else None
            first = gazetteer.lookup(listed.group("first")) if _subject_list(text, listed, start) else None
            if first is not None:
                speaker, entry, start = first.canonical, first, listed.start()
            return Attribution(speaker, entry, start, match.end("name"), match.end("name"))
    return None


def _subject_list(text: str, listed, start: int) -> bool:
    """Whether the names listed before a speaker are the subjects it belongs to ("Mali, Burkina Faso
    and Niger announced"), not an object ending the clause before ("requested a meeting of the UN
    Security Council, and China said": after a preposition, or two names split by a comma)."""
    if listed is None or listed.end() != start:
        return False
    if _OBJECT_BEFORE.search(text, max(0, listed.start() - 12), listed.start()):
        return False
    body = text[listed.start():start]
    return not (body.count(",") == 1 and re.search(r",\s+and\s", body))


def _resolve(raw: str, gazetteer: Gazetteer, patterns: SpeakerPatterns) -> tuple[str, Entry | None] | None:
    entry = gazetteer.lookup(raw)
    if entry is not None:
        return entry.canonical, entry
    name = patterns.titles.sub("", raw).strip()
    words = name.split()
    if not words or words[0] in patterns.not_names or len(words) < 2:
        return None
    return name, None
