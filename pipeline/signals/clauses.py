"""Split a sentence into clauses, each a span that can carry its own signal and date.

A clause boundary is a semicolon, a contrast ("but", "while", "though"), an appositive naming what
the act answers (", the first response to ..."), or a temporal or causal
subordinator ("after", "before", "amid", "following", ", as", or a bare "as" followed by a subject and a
past-tense verb: "scored twice as fighting raged"), or a non-restrictive relative clause
(", which", ", who", ", where"). A participle of speech (", saying ...") stays in its clause: it
reports the speaker's view, which the main clause's speech act governs. Clauses that open with a temporal subordinator are marked
`background`: their noun cues ("after two days of fighting") describe the setting, not a new act,
so only their verb cues count. A relative clause that recalls an earlier event is marked `recap`
and carries no signal: one attached to an event noun ("the bombing, which killed 20 people"), or
one in the pluperfect, the passive or a long-standing perfect ("Guterres, who has long pushed for
a ceasefire, ..."). A relative clause ends at its closing comma; the rest continues the main clause.

`conjuncts` finds the coordinated predicates of a clause ("... and threatened to strike Kyiv"),
which the classifier reads as separate acts when they differ in category.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from pipeline.signals.lexicon import grammar_words

_W = grammar_words()     # named word lists (data/grammar.yaml), joined as alternations
# a subordinator after a space, with or without a comma before it
_SUBORDINATOR_NEXT = (
    r"(?=(?:but|while|whereas|although|though|yet|after|before|amid|amidst|following"
    r"|(?:hours|days|weeks|months|years|decades|day|week|month|year|decade) after"
    r"|shortly after|even as|despite|in response to|ahead of"
    r"|in retaliation for|in the wake of)\s)")
# a relative pronoun, after an optional preposition ("in which", "of whom")
_RELATIVE_WORD = r"(?:(?:in|during|under|after|of|by|from|with|for|through|at)\s)?(?:who|whom|which|whose|where)"
# what a boundary ", " opens
_AFTER_COMMA = (
    r"(?=(?:as|since|because|when|prompting|raising|sparking)\s)",
    # a participle of a further speech act by the subject: "..., the minister said, rejecting Beirut's demand"
    rf"(?=(?:{_W['clause_speech_participles']})\s)",
    rf"(?={_RELATIVE_WORD}\s)",
    # an appositive judging the act: "..., a move Belgrade denounced as an act of aggression"
    r"(?=(?:in\s)?(?:a|an)\s(?:[\w-]+\s)?(?:move|step|decision)\s(?!to\s|by\s|of\s|on\s|in\s|for\s|at\s|and\s"
    r"|(?:that|which)\s(?:could|would|may|might|will|threatens?)\s))",
    # an appositive naming what the act answers: "..., the first response to Tehran's attack"
    rf"(?=(?:the|a|an|its|their)\s(?:[\w'’-]+\s){{0,4}}?(?:{_W['response_nouns']})\s(?:to|for)\s)",
)
# "scored twice as fighting raged": a bare "as" after a space, opening a clause with its own past-tense verb
_BARE_AS = (
    r"(?=as )(?<!such )(?<!well )(?<!many )(?<!much )(?<! far )(?<! so )(?<!same )(?<!just )(?<!known )(?<!seen )"
    r"(?<!described )(?<!regarded )(?<!served )(?<!acted )(?<!even )(?=as (?!a |an |part |well |such |if |though |of |for |to |with |in |at |on |by |long |soon |much |many |far )"
    rf"(?:[\w'’-]+ ){{1,3}}?(?<!\ba )(?<!\ban )(?<!\bthe )(?:\w+ed|{_W['as_clause_past_verbs']})\b)")
# A boundary is ";", or ", " or a space before one of the above. The pattern opens on their
# character class, which lets the engine skip at once to the few places where one may begin;
# a lookbehind then tells which character it took.
_BOUNDARY = re.compile(
    r"[;,\s](?:(?<=;)"
    rf"|(?<=,)\s(?:{_SUBORDINATOR_NEXT}|{'|'.join(_AFTER_COMMA)})"
    rf"|(?<=\s)(?:{_SUBORDINATOR_NEXT}|{_BARE_AS}))"
)
# a clause set months or years before the main one recalls an earlier event: "..., five months
# after he was killed in an air strike" (a background clause with no signal of its own)
_LONG_AFTER = re.compile(r"(?:[\w-]+ )?(?:months|years|decades) after|a (?:month|year|decade) after")
# the measure of an interval before "after": "two weeks after", "a day after"
_INTERVAL = re.compile(r"(?:(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+|several|few|many"
                       r"|some|just|only|barely|shortly|hours|days|weeks|months|years|decades|day|week|month|year"
                       r"|decade)\s?)+")
# verbs whose object "as" describes: "described the arrests as illegal", "branded the vote as a farce"
_AS_OBJECT = re.compile(rf"\b(?:{_W['labelling_stems']})\w*(?:\s+[\w'’-]+){{1,7}}$")
_RELATIVE = re.compile(rf"{_RELATIVE_WORD}\s")
_EVENT_NOUN = re.compile(rf"(?:{_W['event_nouns']})\s*$")
_RECALLED = re.compile(
    rf"{_RELATIVE_WORD}\s+"
    r"(?:\w+\s+){0,2}?(?:had\b|(?:has|have)\s+(?:long|repeatedly|for years|since|"
    r"always|previously)\b|(?:was|were|has been|have been|had been)\s+(?:\w+ly\s+)?\w+(?:ed|en|wn|ght|lt)\b)")
# a date in a relative clause: a month, a year, "last year", "two months ago"
# (a month before a day number leaves out "may": "which may 20 ..." is the modal as often as the month)
_DATED = re.compile(rf"\b(?:(?:in|since|by|until|last|early|late|mid-?)\s+(?:{_W['months']}|(?:19|20)\d\d|year|month)"
                    rf"|(?:{'|'.join(m for m in _W['months'].split('|') if m != 'may')})\s+\d{{1,2}}"
                    r"|(?:a|one|two|three|four|five|six|seven|eight|nine|ten|several|few|\d+)\s+(?:weeks|months|years)\s+ago)\b")
_BACKGROUND = re.compile(
    r"(?:after|before|amid|amidst|following|(?:[\w-]+ )?(?:hours|days|weeks|day|week) after|shortly after"
    r"|(?:[\w-]+ )?(?:months|years|decades) after|a (?:month|year|decade) after"
    r"|despite|in the wake of|since|in response to|in retaliation for|raising|sparking|prompting|ahead of|as"
    rf"|(?:the|a|an|its|their)\s(?:[\w'’-]+\s){{0,4}}?(?:{_W['response_nouns']})\s(?:to|for))\b",
)


class Clause(NamedTuple):
    start: int          # offsets into the sentence text
    end: int
    background: bool    # opens with a temporal or causal subordinator
    recap: bool = False  # a relative clause recalling an earlier event: no signal of its own
    antecedent: int = -1  # relative clause or its continuation: end of the noun it hangs on
    lead: int = -1      # a coordinated predicate sharing the subject at `start`: where its own words begin
    hole: tuple[int, int] = (-1, -1)    # a relative clause inside the span (its own clause): not read here


def split_clauses(text: str) -> list[Clause]:
    """Clauses of one sentence, in order, covering its non-blank text.

    `text` is lower-cased (lexicon.fold) so that the patterns need no IGNORECASE."""
    clauses: list[Clause] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if start < match.start() and text.startswith("after ", match.end()) and \
                _INTERVAL.fullmatch(text, start, match.start()):
            continue            # "two weeks | after the raid": one clause
        if text.startswith("as ", match.end()) and _AS_OBJECT.search(text, max(start, match.start() - 50), match.start()):
            continue            # "described the arrests as illegal and demanded ...": "as" names what they are
        if match.start() > start:
            clauses.append(_clause(text, start, match.start()))
        start = match.end()
    if start < len(text):
        clauses.append(_clause(text, start, len(text)))
    clauses = [c for c in clauses if text[c.start:c.end].strip()] or [Clause(0, len(text), False)]
    if "," in text:
        clauses = _rejoin(text, [part for clause in clauses for part in _relative(text, clause)])
    lead = 0
    if len(clauses) > 1 and len(text[clauses[0].start:clauses[0].end].split()) <= 3 and clauses[1].background:
        lead = 1                            # "Speaking after talks with X, the president said ..."
    first = clauses[lead]
    comma = text.find(", ", first.start, first.end)
    if first.background and comma > 0:      # "Following his visit, Erdogan will meet ..."
        clauses[lead:lead + 1] = [Clause(first.start, comma, True, bool(_LONG_AFTER.match(text, first.start))),
                                  _clause(text, comma + 2, first.end)]
    return clauses


def _relative(text: str, clause: Clause) -> list[Clause]:
    """A relative clause, split at its closing comma from the main clause's continuation."""
    if not _RELATIVE.match(text, clause.start) or text[clause.start - 2:clause.start] != ", ":
        return [clause]
    comma = text.find(", ", clause.start, clause.end)
    # hung on an event noun, the clause recalls that event, unless it dates what it tells: "the war,
    # which erupted in April 2023" and "which ended with a ceasefire in November" are events of their own
    recap = (bool(_EVENT_NOUN.search(text, max(0, clause.start - 30), clause.start - 2)) and
             not _DATED.search(text, clause.start, comma if comma > 0 else clause.end)) or \
        bool(_RECALLED.match(text, clause.start))
    antecedent = clause.start - 2
    if comma < 0:
        return [Clause(clause.start, clause.end, True, recap, antecedent)]
    rest = _clause(text, comma + 2, clause.end)
    return [Clause(clause.start, comma, True, recap, antecedent),
            Clause(rest.start, rest.end, rest.background, False, antecedent)]


def _rejoin(text: str, clauses: list[Clause]) -> list[Clause]:
    """A main clause interrupted by a relative clause is one clause around it: "Aoun urged the
    United States and France, which oversee the truce, to press Israel to halt its strikes" keeps
    "urged" over "to press ...". The relative clause stays a clause of its own (the `hole`)."""
    out: list[Clause] = []
    i = 0
    while i < len(clauses):
        clause = clauses[i]
        if i + 1 < len(clauses) and out and clause.antecedent >= 0 and clause.background and \
                _RELATIVE.match(text, clause.start) and clauses[i + 1].antecedent == clause.antecedent:
            main, rest = out[-1], clauses[i + 1]
            if main.end == clause.antecedent and not main.background and not main.recap and main.hole[0] < 0 \
                    and main.lead < 0 and not rest.background:
                out[-1] = Clause(main.start, rest.end, False, hole=(clause.start, rest.start))
                out.append(clause)
                i += 2
                continue
        out.append(clause)
        i += 1
    return out


def _clause(text: str, start: int, end: int) -> Clause:
    while start < end and text[start] in " ,;:\u2014-\t\n":
        start += 1
    background = bool(_BACKGROUND.match(text, start))
    return Clause(start, end, background, background and bool(_LONG_AFTER.match(text, start)))


# A coordinated predicate: "and", an optional adverb, an optional short subject and auxiliary,
# then a finite verb ("... and threatened to strike Kyiv", "... and closed the border", "... and
# will retaliate", "... and Hamas agreed to a truce"). Past tense shows the verb is finite; after
# an auxiliary any verb form is.
_PAST = rf"(?:(?:re-|co-)?[a-z]+ed|{_W['irregular_past_verbs']})"
PAST_VERB = _PAST          # a past-tense verb form (classify: a coordinated predicate ends a negator's object)
_CONJUNCT = re.compile(
    r"(?:,\s*)?\band\s+(?:that\s+(?=(?:the|its|their|his|her|a|an|[\w'’.-]+)\s))?"
    rf"(?:(?:{_W['conjunct_adverbs']})\s+)?"
    r"(?P<subject>(?:(?:the|its|their|his|her|a|an)\s+)?(?:(?!(?:and|or|but|to|of|in|on|at|for|with|by|from|that|who|which"
    r"|has|have|had|will|would|shall|was|were|is|are)\b)"
    rf"(?!{_PAST}\b)[\w'’.-]+\s+){{1,3}}?)?"
    r"(?:(?P<aux>(?:has|have|had|will|would|shall|was|were|is|are)\s+(?:(?:not|also|now|since|already|then|later|reportedly)\s+)?)"
    rf"(?P<verb>[a-z-]+)|(?P<past>{_PAST}))\b")
# participles that often modify a bare noun ("evacuated civilians and wounded soldiers"): a verb
# only when a determiner, number, pronoun or particle follows
_ADJECTIVAL = re.compile(rf"(?:{_W['adjectival_participles']})$")
_VERB_OBJECT = re.compile(
    r"\s+(?:the|a|an|its|their|his|her|our|him|them|it|us|this|that|these|those|some|all|more|most|at|in|on|to"
    r"|into|by|from|with|off|up|down|out|back|about|over|across|near|dozens|hundreds|thousands|scores|several"
    r"|two|three|four|five|six|seven|eight|nine|ten|\d)\b")

_FINITE_OBJECT = re.compile(
    r"\s+(?:the|a|an|its|their|his|her|our|him|them|it|us|this|these|those|some|all|more|to|on|into|off|up|down"
    r"|out|back|dozens|hundreds|thousands|scores|several|two|three|four|five|six|seven|eight|nine|ten|\d)\b")

# what follows a participle that modifies a noun ("vehicles seized from the peacekeepers")
_REDUCED_RELATIVE = re.compile(r"\s+(?:from|by|in|at|during|near|since|over|under|after|before|with|for|along|across"
                               r"|inside|outside|throughout|last|this|earlier|overnight|and|or)\b")
_CLAUSE_END = re.compile(r"\s*(?:[.;:!?,\"”’)]|$)")


def conjuncts(text: str, clause: Clause, starts: list[int]) -> list[tuple[int, Clause]]:
    """Coordinated predicates of a clause that open on an act: (where "and" begins, the conjunct).

    `starts` are the offsets where cues or frames begin; a conjunct counts only when one begins
    at its verb or within the next few words ("and imposed new sanctions"). A conjunct without a
    subject of its own shares the clause's subject: its span starts with the clause's and its
    `lead` marks its own words."""
    found: list[tuple[int, Clause]] = []
    shared = clause.start       # the subject a conjunct without its own shares
    position = text.find(" and ", clause.start, clause.end)
    while position >= 0:
        match = _CONJUNCT.match(text, position + 1)
        if clause.hole[0] <= position < clause.hole[1]:
            match = None
        if match is not None and match.end() <= clause.end:
            verb = "verb" if match.group("verb") else "past"
            verb_start = match.start(verb)
            has_subject = bool(match.group("subject"))
            plain = not has_subject and not match.group("aux")
            adjectival = plain and _ADJECTIVAL.match(match.group(verb)) and \
                not _VERB_OBJECT.match(text, match.end())
            opens = match.start("subject") if has_subject else match.start("aux") if match.group("aux") else verb_start
            # "returned weapons and equipment seized from peacekeepers": a participle after a
            # coordinated noun, unless an object or the clause's end follows it ("and Hamas agreed
            # to a truce", "and fighting resumed.") or the act opens on the subject ("and Israeli
            # jets struck")
            if has_subject and not match.group("aux") and not _FINITE_OBJECT.match(text, match.end()) and \
                    not _CLAUSE_END.match(text, match.end()) and not any(opens <= s < verb_start for s in starts) \
                    and _REDUCED_RELATIVE.match(text, match.end()) and not (
                        text[position - 1:position] == "," and not _ADJECTIVAL.match(match.group(verb))):
                adjectival = True       # "... and vehicles seized from ...", not "... and jets bombed power stations"
            if not adjectival and any(opens <= s < verb_start + 48 for s in starts):
                split = position + 1
                while split > clause.start and text[split - 1] in " ,":
                    split -= 1
                own = match.start("subject") if has_subject else match.start("aux") if match.group("aux") \
                    else verb_start
                if has_subject:
                    shared = own
                    # ", and residents accused the soldiers ...": a new main clause, whatever opened the clause
                    background = clause.background and text[position - 1:position] != ","
                    part = Clause(own, clause.end, background, False, clause.antecedent, hole=clause.hole)
                else:
                    part = Clause(shared, clause.end, clause.background, False, clause.antecedent, own, clause.hole)
                found.append((split, part))
        position = text.find(" and ", position + 5, clause.end)
    return found
