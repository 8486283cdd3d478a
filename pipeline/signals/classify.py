"""Decide the signal of each clause from its cues, frames, negators and modality.

A cue names an act ("fired rockets", "talks"). A frame governs the cues to its right
("threatened to", "urged ... to", "condemned"). A negator flips the cue right after it ("not",
"ruled out", "halted", "avoid"); two negators cancel ("refused to rule out strikes"). Modality
comes from markers before the cue ("will", "if", "could") or a question mark. The clause's
signal is the resolved cue of highest rank (taxonomy.yaml).
"""
from __future__ import annotations

import re
from typing import NamedTuple

from pipeline.signals.clauses import PAST_VERB, Clause, conjuncts, split_clauses
from pipeline.signals.lexicon import CueRule, Lexicon, Words, grammar_words

ESCALATION, DEESCALATION, NEUTRAL = "escalation", "de-escalation", "neutral"
_W = grammar_words()     # named word lists (data/grammar.yaml), joined as alternations
_WORD = re.compile(r"[\w'’-]+")
_VERB_FORM = re.compile(rf"\w+ed\b|(?:{_W['act_verb_forms']})\b")
# a cue that opens on its subject ("missiles struck", "troops pushed into") names a verb inside it
_SUBJECT_VERB = re.compile(rf"[\w-]+ (?:[\w,'’-]+ ){{0,5}}?(?:\w+ed|{_W['subject_act_verbs']})\b")
_RESTORATIVE = {"talks", "ceasefire", "appeal-restraint", "material-de-escalation"}
_APPEALABLE = _RESTORATIVE | {"denial-of-intent", "pressure-restraint"}
_THREATS = {"threat", "conditional-threat", "retaliation-vow"}
_CALLS = {"appeal", "pressure", "demand", "threat", "vow", "caution"}
# stances observers may ascribe to a party ("analysts said neither side wanted war"): theirs, not the party's
_STANCES = _THREATS | {"denial-of-intent"}
_APPEALS = {"appeal-restraint", "pressure-restraint"}
_SPEECH_ACTS = {"threat", "warning", "appeal", "pressure", "demand", "rhetoric", "caution", "verdict"}
_PROTESTABLE = {"attack", "coercion"}
# what a protest demands ("rallied to demand the withdrawal of the police"): its aim, not an act
_PROTEST_AIMS = {"hostile-rhetoric", "appeal-restraint", "pressure-restraint"}
# a nominal cue followed by a modal of possibility: "an attack (on Israel) could/may/might come"
_NOUN_THEN_MODAL = re.compile(r"(?:\s+(?:on|against|by|from|in|at|near|targeting)\s+(?:[\w'’-]+\s+){0,3}?)?"
                              r"\s*(?:,\s*)?(?:(?:could|may|might)\b(?!\s+have\b)"
                              rf"|(?:is|was|are|were|seemed|seems|appeared|appears) (?:\w+ )?(?:{_W['likelihood_words']})\b)")
_SUBJECT_CUES = {"attack-weapon-subject", "attack-advance", "mobilisation-incursion", "protest"}
_WITH = re.compile(r" (?:\w+ )?with\b")
# a relative clause's own verb before a noun cue: "which ended with a US-brokered ceasefire in November"
_PAST_BEFORE = re.compile(rf"(?:who|whom|which|where)\s+(?:{_W['course_verbs']}|(?:{_W['dated_act_verbs']})"
                          rf"(?=[^,;]*\b(?:in|on|last|since|early|late)\s+(?:{_W['months']}|(?:19|20)\d\d|year|month)\b))\b")
_ADDRESSEE = re.compile(r"\s*(?:(?:the|all|its|their|his|her|[\w-]+[’']s?)\s+){0,2}")
_PROTEST_AGENTS = re.compile(_W["protest_agents"])
_UNNAMED_STEPS = re.compile(rf"\s+(?:to\s+)?(?:any|all)\s+(?:[\w-]+\s+)?(?:{_W['step_nouns']})\s+"
                            r"(?:that|which)\s+(?:could|would|might|may|risk)")
_CASUALTY = re.compile(_W["casualty_participles"])
_PASSIVE_AUX = re.compile(r"\b(?:was|were|been|being|are|is)\s+(?:\w+\s+)?$")
# an attacker or a fresh attack named after a casualty: "by gunmen", "in an air strike", "when a shell hit"
_OWN_TIME = re.compile(r"\b(?:the (?:next|following) (?:day|morning|night|week)|a day later|(?:hours|days) later|later that day"
                       r"|on (?:mon|tues|wednes|thurs|fri|satur|sun)day)\b")
_NEW_AGENT = re.compile(rf"\bby\s+(?!(?:{_W['non_agent_missiles']})\b)"
                        r"|\b(?:when|as|after)\b|\bin (?:an?|two|three|several|separate|fresh|new|overnight) ")
# a posture and what it is for: "on high alert for a retaliatory attack", "deployed to guard against raids"
_POSTURE_FOR = re.compile(r"\s+(?:\w+\s+){0,3}?(?:for|against)\b")
_ING_OPENER = re.compile(r"(?:after|since|following)\s+")
_ING = re.compile(r"[a-z]+ing\b")
_RELEASE = re.compile(f"(?:{_W['release_stems']})")
# an abduction or a capture: what a later release in the same clause ends
_CAPTURE = re.compile(f"(?:{_W['capture_stems']})")
_INFINITIVE = re.compile(r"\b(?:will|would|shall|(?:is|are|was|were) (?:expected|due|set|scheduled) to)\s+$")
_SCOPE_BREAK = re.compile(r"[;:]|,(?!\d)|\b(?:saying|adding|because|but|while|and (?:said|says|added|vowed|called|urged|warned|insisted))\b")
# frames whose complement may hold a coordinated predicate: "accused X of having shelled the town
# and killed ...", "claimed that it had attacked the convoy and killed ..."
_COMPLEMENT_FRAMES = {"claim", "consider", "investigate", "rhetoric", "verdict", "warning", "caution", "appeal", "demand",
                      "pressure", "intent"}
_COMPLEMENTISER = re.compile(r"\b(?:that|of|having|whether|if|for|about)\b")
_ADVERB = re.compile(r"\w+ly\s+(?!(?:has|have|had|will|would|is|are|was|were)\b)\w+")
_OBJECT_OF = re.compile(r"\b(?:at|on|against|with|towards?|from|into)\s+(?:the\s+)?$")
_AND_THAT = re.compile(r",?\s*and\s+that\s")
_REPORTING = re.compile(rf"(?:{_W['clause_reporting_verbs']})\b")
_OWN_AUXILIARY = re.compile(r"(?:has|have|had|will|would|shall|was|were|is|are)\b")
_TERM_WORDS = _W["term_words"].split("|")
_TERMS = re.compile(rf"\b(?:{'|'.join(_TERM_WORDS)})\b")
_ANY_TERM = Words(_TERM_WORDS)
_CONDITION = re.compile(r"\b(?:if|unless|provided that|as long as|on condition that|in case|in the event)\b")
# an attack named in earlier sentences of the article (see Decision.anaphoric)
_ATTACK_NAMED = re.compile(rf"\b(?:{_W['attack_nouns']})")
# concern about a step already taken is no threat of it: "voiced concern over the arrests"
_CONCERN = re.compile(rf"\b(?:{_W['concern_words']})\b")
_PARTICIPLE_WORD = re.compile(r"\b[a-z]+ed\b")
# a coordinated finite verb ends the object of "suspended", "rejected" ...: "suspended the treaty
# and closed the border" does not suspend the closure
_NEXT_PREDICATE = re.compile(rf"(?:\band|,) (?:[\w'’-]+ ){{0,3}}?{PAST_VERB}\b")
# A later cue does not take over the clause's act when it lies in a relative clause on the object
# ("arrested three men suspected of helping the gunmen who killed 26 tourists"), in the reason or
# the purpose of the act ("imposed measures over Pristina's failure to de-escalate", "launched a
# naval mission to protect ships from attacks"): it names the object's story, not a new act.
_NO_TAKEOVER = re.compile(
    r"\b(?:who|whom|whose|over|because|due to|citing|for (?:its|their|his|her) (?:role|part|support|failure|refusal)"
    rf"|(?:{_W['object_groups']}) (?:that|which)"
    rf"|to (?:{_W['purpose_verbs']})|protect\w*|defen[cd]\w*"
    # a temporal or conditional clause without a comma: "dismantled 500 positions since the truce took effect"
    r"|since|once|until|unless|as soon as|by the time|whenever"
    # what a force is on alert or braced for is feared, not done: "on high alert for a retaliatory attack"
    rf"|(?:{_W['readiness_words']}) for|in anticipation of)\b")
# talks named as the venue of the act: "agreed at their summit", "pledged support during a meeting with"
_VENUE = re.compile(r"\b(?:at|during|on the (?:sidelines|margins) of|in the course of|ahead of)\s+"
                    r"(?:(?:a|an|the|their|its|his|her|this|that|last|next)\s+)?(?:[\w'’-]+\s+){0,2}$")
# a sentence that is a question from its first word: "Can Seoul and Pyongyang de-escalate before ...?"
_QUESTION_OPENER = re.compile(r"[\"“'‘\s]*(?:can|could|will|would|should|shall|is|are|was|were|does|do|did|has|have"
                              r"|may|might|why|what|how|who|when|where|which)\b")
# a caution about unnamed steps: "cautioned X against steps that could close the sea to trade"
_CAUTION_OBJECT = re.compile(rf"\s+(?:\w+\s+){{0,2}}?(?:{_W['caution_objects']})\b")
_NEW_TURN = re.compile(r"[,;:]\s+(?:and\s+)?(?:now|then|next|instead)\b")
_SUBORDINATOR = re.compile(r"\b(?:since|after|before|because|when|until|unless|although|though|whereas)\b")
_NEXT_AUXILIARY = re.compile(r"\band (?:[\w'’-]+ )?(?:will|would|shall|has|have|had|is|are|was|were|did|does|do|can|could)\b")
# a prediction by observers is no act of the party it names: "the army could launch an offensive
# within weeks, analysts said"
_SPECULATION = re.compile(rf"\b(?:{_W['observers']}) (?:\w+ )?(?:{_W['prediction_verbs']})\b")
# the topic of talks is not an act: "held talks on extending the truce", "talks on a peace treaty"
_TALKS_TOPIC = re.compile(rf"\b(?:{_W['topic_markers']}"
                          rf"|to (?:{_W['drafting_verbs']}|finali[sz]e (?:the )?(?:{_W['draft_objects']})(?: of)?))"
                          r" (?:[\w'’$,.-]+ ){0,4}$")
# a leading condition: "If the RSF attacks El Obeid, the army will respond": the condition names the
# trigger, the act (and its author) follow the comma
_LEADING_CONDITION = re.compile(r"(?:if|unless|should|in case|in the event)\b[^,;]{3,160}?,\s*")
_DOUBLE_QUOTE = re.compile('["“”]')
# single quotes around a word or a short phrase (not an apostrophe: "Lebanon's", "the rebels' camp")
# (the look-behind follows the opening mark, so that the scan skips to quote marks at once)
_SCARE_QUOTES = re.compile(r"['‘](?<![\w'’]['‘])(?=\w)[^'‘’\n]{1,60}?(?<=[\w.!?])['’](?![\w'’])")
# a subject that names the fighting or the talks, not an actor: "signed a truce and the fighting stopped"
_EVENT_SUBJECT = re.compile(rf"(?:the |a |an |all )?(?:[\w-]+ )?(?:{_W['event_subjects']})\b")
# a noun named as a known thing: "the latest Russian strikes", "these attacks"
_DETERMINED = re.compile(r"\b(?:the|its|their|these|those|this|that|latest|recent|last|such)\s+(?:[\w'’-]+\s+){0,2}$")
_PASSIVE_TAIL = re.compile(r"\b(?:was|were|been|being|is|are|get|got)\s+(?:\w+\s+){0,2}$")


class Decision(NamedTuple):     # a tuple: thousands are built and copied per article
    clause: Clause
    category: str
    cue_start: int              # offsets in the sentence text
    cue_end: int
    polarity: str
    modality: str
    frame_start: int            # start of the governing frame, or the cue start
    score: float
    confidence: float
    framed: bool = False        # governed by a speech-act frame
    actor_from: str | None = None   # the cue rule's `actor` (who the act belongs to, when not the subject)
    anaphoric: bool = False     # "The attack on the convoy killed six": a recap if the article told it before
    praise: bool = False        # "welcomed the agreement": praise of another's act, which a later cue does not replace
    negator: str = ""           # the kind of negator that flipped the cue ("refuse", "not", ...), if any


class _Hit(NamedTuple):
    start: int
    end: int
    kind: int | str             # rule index (a cue), frame kind or negator kind


def classify_sentence(text: str, clauses: list[Clause] | None, lex: Lexicon) -> list[Decision]:
    """One Decision per clause that carries a signal; `text` is the lower-cased sentence.
    `clauses` None: split here (`split_clauses`), only when the sentence has a cue or a frame.

    Double quote marks are read through ('would pay "a dear price"', 'promised a "vigorous
    response"'): the sentence is classified without them and the offsets mapped back."""
    if clauses is None and (double_quoted(text) or (("'" in text or "‘" in text) and _may_scare_quote(text))):
        plain, where = _unquoted(text)
        return [_moved(d, where) for d in _classify(plain, None, lex)]
    return _classify(text, clauses, lex)


def double_quoted(text: str) -> bool:
    """Whether the text has a double quote mark (straight or curly)."""
    return '"' in text or "“" in text or "”" in text


def _may_scare_quote(text: str) -> bool:
    """A single quote that opens a word or phrase (cheap test before the pattern)."""
    return ("'" in text and (" '" in text or text[0] == "'" or "('" in text) or "‘" in text) and \
        _SCARE_QUOTES.search(text) is not None


def _unquoted(text: str) -> tuple[str, list[int]]:
    """The text without double quote marks (and single ones that wrap a word or phrase: "had
    'neutralised' 17 militants"), and for each of its characters (and its end) the offset in `text`."""
    dropped = {m.start() for m in _DOUBLE_QUOTE.finditer(text)}
    if "'" in text or "‘" in text:
        dropped.update(i for m in _SCARE_QUOTES.finditer(text) for i in (m.start(), m.end() - 1))
    # the kept stretches between the few dropped marks, copied whole (not character by character)
    pieces: list[str] = []
    where: list[int] = []
    kept = 0
    for i in sorted(dropped):
        pieces.append(text[kept:i])
        where.extend(range(kept, i))
        kept = i + 1
    pieces.append(text[kept:])
    where.extend(range(kept, len(text) + 1))
    return "".join(pieces), where


def _moved(decision: Decision, where: list[int]) -> Decision:
    def start(i: int) -> int:
        return where[i] if i >= 0 else i

    def end(i: int) -> int:
        return where[i - 1] + 1 if i > 0 else where[0]

    c = decision.clause
    clause = c._replace(start=start(c.start), end=end(c.end), antecedent=start(c.antecedent), lead=start(c.lead),
                     hole=(start(c.hole[0]), start(c.hole[1])))
    return decision._replace(clause=clause, cue_start=start(decision.cue_start), cue_end=end(decision.cue_end),
                   frame_start=start(decision.frame_start))


def _classify(text: str, clauses: list[Clause] | None, lex: Lexicon) -> list[Decision]:
    scan = lex.scanner.scan(text)
    found = lex.cue_re.hits(text, scan)
    frames = [_Hit(s, e, lex.frame_kinds[i]) for s, e, i in lex.frame_re.hits(text, scan)]
    if not found and not frames:
        return []
    if lex.block_all.occurs(text, scan):
        return []               # market reports and copyright lines: never a signal
    cues = []
    # a blocker matters where it overlaps a cue: those that start after the last cue are not read
    escalating = [end for _, end, i in found if lex.categories[lex.rules[i].category].direction == ESCALATION]
    if escalating:
        sentence_blocked = lex.block_sentence.occurs(text, scan)
        blocks = [] if sentence_blocked else [(s, e) for s, e, _ in lex.block_match.hits(text, scan, max(escalating))]
    else:
        sentence_blocked, blocks = False, []
    any_blocks = [(s, e) for s, e, _ in lex.block_any_match.hits(text, scan, max(end for _, end, _ in found))] if found else []
    for start, end, rule_index in found:
        if lex.categories[lex.rules[rule_index].category].direction == ESCALATION:
            if sentence_blocked or any(s < end and start < e for s, e in blocks):
                continue
        if any_blocks and any(s < end and start < e for s, e in any_blocks):
            continue
        cues.append(_Hit(start, end, rule_index))
    frames = [f for f in frames if not _inside(f, cues)]
    negators = []
    if cues:
        negators = [_Hit(s, e, lex.negator_kinds[i]) for s, e, i in lex.negator_re.hits(text, scan)]
        negators = [n for n in negators if not _inside(n, cues) and not _inside(n, frames)]
    decisions = []
    for clause in split_clauses(text) if clauses is None else clauses:
        decisions.extend(_classify_clause(text, clause, cues, frames, negators, lex))
    if len(decisions) > 1:
        decisions = _drop_background_against_main(decisions, lex)
    return decisions


def _drop_background_against_main(decisions: list[Decision], lex: Lexicon) -> list[Decision]:
    """A subordinate or relative clause ("two weeks after rebels kidnapped ...", "..., who are
    deployed there") recalls the setting of the main clause's act. When the main clause carries a
    directed signal, a background signal of the other direction is that setting, not a second
    event of the sentence ("troops withdrew, days after rebels kidnapped peacekeepers")."""
    main = {lex.categories[d.category].direction for d in decisions if not d.clause.background}
    main.discard(NEUTRAL)
    if not main:
        return decisions
    return [d for d in decisions if not d.clause.background
            or lex.categories[d.category].direction in main or lex.categories[d.category].direction == NEUTRAL]


def _inside(hit: _Hit, spans: list[_Hit]) -> bool:
    return any(s.start <= hit.start and hit.end <= s.end for s in spans)


def _classify_clause(text, clause, cues, frames, negators, lex) -> list[Decision]:
    """The clause's decision, or one per coordinated predicate when they name acts of different
    categories ("Russia shelled Kharkiv and threatened to strike Kyiv": an attack and a threat)."""
    if clause.recap:
        return []               # ", which killed 20" / ", who had been held since 2019": background
    whole = _read_clause(text, clause, cues, frames, negators, lex)
    independent: set[int] = set()
    # a lone act may lie in a new statement after ", and" ("..., and Asmara has accused Addis Ababa of ...")
    lone = whole is None or text.find(", and ", _lo(clause), clause.end) >= 0
    parts = _coordinated(text, clause, cues, frames, negators, lex, independent, 1 if lone else 2)
    if not parts:
        return [whole] if whole is not None else []
    if whole is None:
        # "Islamabad denies any involvement and has responded by closing its airspace", "said it was
        # concerned and urged Ethiopia to respect ...": what governs the first predicate left nothing,
        # a new statement or speech act after it still counts
        parts = [part for part in parts if _lo(part) in independent]
    read = [(part, _read_clause(text, part, cues, frames, negators, lex)) for part in parts]
    read = [(part, d) for part, d in read if d is not None]
    if whole is None:
        if not read:
            return []
        whole = read[0][1]
    # a predicate with a subject of its own is another actor's act: "M23 shelled Sake and the
    # army retaliated", "Hezbollah fired rockets and Israeli jets struck" are two attacks
    # (not a casualty told in the passive: "... stormed the village and a police officer was killed")
    own = [part.lead < 0 and part.start > clause.start and not _EVENT_SUBJECT.match(text, part.start)
           and not _casualty(text, d, part.end) for part, d in read]
    if len(read) == 1 and own[0] and _lo(read[0][0]) in independent:
        return [read[0][1]]     # "Japan said it had conveyed its concern, and the EU called on ...": the EU's
    if len({(d.category, d.actor_from) for _, d in read}) < 2 and not any(own[1:]):
        return [whole]          # "killed two officers and wounded three": one act
    merged: list[Decision] = []
    for (_, decision), new_subject in zip(read, own):
        if not merged or merged[-1].category != decision.category or new_subject or \
                merged[-1].actor_from != decision.actor_from:
            merged.append(decision)
    return merged


def _lo(clause: Clause) -> int:
    """Where a clause's own words begin (a coordinated predicate shares the subject before them)."""
    return clause.lead if clause.lead >= 0 else clause.start


def _coordinated(text, clause, cues, frames, negators, lex, independent: set[int] | None = None,
                 least: int = 2) -> list[Clause]:
    """The clause cut at its coordinated predicates ("... and closed the border"), or [] when it
    has none. A cut is skipped when what comes before it may govern the conjunct: a negation
    ("had not attacked the convoy and killed"), a claim, an accusation or a warning with its
    complement ("accused X of having shelled the town and killed"), a condition or a possibility."""
    lo = _lo(clause)
    h0, h1 = clause.hole
    independent = set() if independent is None else independent     # where the new statements begin
    starts = [c.start for c in cues if lo <= c.start < clause.end and not h0 <= c.start < h1] + \
        [f.start for f in frames if lo <= f.start < clause.end and not h0 <= f.start < h1]
    if len(starts) < least or text.find(" and ", lo, clause.end) < 0 or \
            text[lo:clause.end].rstrip(" \"'”’)").endswith("?"):
        return []
    parts: list[Clause] = []
    current = clause
    for split, part in conjuncts(text, clause, starts):
        start = _lo(current)
        if split <= start:
            continue
        # a conjunct with a subject of its own after a comma ("..., and its spokesman said ...") is a
        # new statement; one with an auxiliary of its own ("has blamed X for the attack ... and has
        # suspended") a new predicate, which a negation or a nominal complement before it does not reach
        auxiliary = _OWN_AUXILIARY.match(text, _lo(part)) is not None
        # ("said 113 officers had been injured and that 224 people had been detained": a second report)
        that = _AND_THAT.match(text, split) is not None
        own_subject = part.lead < 0 and part.start > clause.start and (text.startswith(",", split) or that) and \
            not auxiliary and not _ADVERB.match(text, part.start)
        # a reporting verb opens a new statement: "denied carrying out any strikes and said its air force ..."
        auxiliary = auxiliary or _REPORTING.match(text, _lo(part)) is not None
        if not own_subject and not _asserts_alone(text, start, split, frames, negators, lex, auxiliary):
            continue
        parts.append(current._replace(end=split))
        current = part
        speech = any(f.start == _lo(part) and (f.kind in _SPEECH_ACTS or f.kind == "vow") for f in frames)
        if own_subject or auxiliary or speech:
            independent.add(_lo(part))
    if not parts:
        return []
    parts.append(current)
    return parts


def _asserts_alone(text, start, end, frames, negators, lex, auxiliary: bool = False) -> bool:
    """Whether nothing in text[start:end] may reach past its end into a coordinated predicate
    (`auxiliary`: the predicate has an auxiliary of its own, so only a clausal complement, "that
    ...", may hold it)."""
    if not auxiliary and any(start <= n.start < end and n.kind in ("not", "deny") for n in negators):
        return False
    for frame in frames:
        if start <= frame.start < end and frame.kind in _COMPLEMENT_FRAMES:
            opener = _COMPLEMENTISER.search(text, frame.end, end)
            if opener is not None and not (auxiliary and opener.group() not in ("that", "whether", "if")):
                return False
    piece = text[start:end]
    return lex.conditional_re.search(piece) is None and lex.hypothetical_re.search(piece) is None


def _read_clause(text, clause, cues, frames, negators, lex) -> Decision | None:
    lo = _lo(clause)
    h0, h1 = clause.hole
    in_clause = [c for c in cues if lo <= c.start < clause.end and not h0 <= c.start < h1]
    clause_frames = [f for f in frames if lo <= f.start < clause.end and not h0 <= f.start < h1]
    if not in_clause and not clause_frames:
        return None
    clause_negators = [n for n in negators if lo <= n.start < clause.end and not h0 <= n.start < h1]
    clause_text = text[lo:clause.end] if h0 < 0 else text[lo:h0] + text[h1:clause.end]
    # the clause blockers matter only for escalation cues; test them only then
    escalating = any(lex.categories[lex.rules[c.kind].category].direction == ESCALATION for c in in_clause)
    blocked_clause = escalating and (
        lex.block_clause_re.search(clause_text) is not None or lex.recap_re.match(text, lo) is not None)
    anaphoric = escalating and not blocked_clause and lex.anaphor_re is not None and \
        lex.anaphor_re.match(text, lo) is not None
    deesc_blocked = None        # tested at the first de-escalation decision
    question = clause_text.rstrip(" \"'”’)").endswith("?") or (
        text.rstrip(" \"'”’)").endswith("?") and _QUESTION_OPENER.match(text) is not None)
    conditional = lex.conditional_re.search(clause_text) is not None
    candidates: list[Decision] = []
    subject_end = -1            # a coordinated predicate: its shared subject ends with the first act
    if clause.lead >= 0:
        first = min((h for h in cues + frames if clause.start <= h.start < lo), key=lambda h: h.start, default=None)
        subject_end = first.end if first is not None else lo
    for cue in in_clause:
        rule = lex.rules[cue.kind]
        decision = _resolve_cue(text, clause, cue, rule, clause_frames, clause_negators,
                                question, conditional, blocked_clause, lex, subject_end)
        if decision is not None and lex.categories[decision.category].direction == DEESCALATION:
            if deesc_blocked is None:
                deesc_blocked = lex.block_deesc_clause_re.search(clause_text) is not None
            if deesc_blocked:
                decision = None     # "failed to reach agreement in another round of talks"
        if decision is not None:
            candidates.append(decision)
    for frame in clause_frames:
        if frame.kind in ("threat", "rhetoric", "demand", "verdict") and not any(c.start > frame.start for c in in_clause):
            category = "threat" if frame.kind == "threat" else "hostile-rhetoric"
            if frame.kind == "threat" and conditional:
                category = "conditional-threat"
            candidates.append(_decision(clause, category, frame, "asserted", "conditional" if conditional else "actual",
                                        frame.start, 0.6, lex, framed=True))
        elif frame.kind == "caution" and not any(c.start > frame.start for c in in_clause) and \
                _CAUTION_OBJECT.match(text, frame.end):
            candidates.append(_decision(clause, "appeal-restraint", frame, "asserted", "actual", frame.start, 0.6, lex,
                                        framed=True))
        elif frame.kind == "investigate":
            candidates.append(_decision(clause, "investigation", frame, "asserted", "actual", frame.start, 0.6, lex))
    verdicts = [f.start for f in clause_frames if f.kind == "verdict"]
    if verdicts and len(candidates) > 1:
        # "the port deal was a violation of our sovereignty": a noun act just before the verdict is
        # its subject, judged, not done
        candidates = [d for d in candidates if d.framed or not _judged(text, d, verdicts[0])]
    if len(candidates) > 1 and conditional:
        candidates = _outside_condition(text, lo, clause.end, candidates)
    if candidates and _ANY_TERM.occur_in(clause_text):
        # "ordered the chiefs to relocate until the abducted schoolgirls were freed": the terms of
        # a trailing "until" / "once" clause are not acts of the sentence
        opener = _TERMS.search(text, lo + 1, clause.end)
        if opener is not None:
            candidates = [d for d in candidates if d.cue_start < opener.start() or (h0 <= opener.start() < h1)]
    condition = _LEADING_CONDITION.match(text, lo) if conditional and clause.lead < 0 else None
    if condition is not None and any(d.frame_start >= condition.end() for d in candidates):
        # the trigger named in a leading condition is not the act; the act and its author follow
        candidates = [d._replace(clause=d.clause._replace(start=condition.end()))
                      for d in candidates if d.frame_start >= condition.end()]
    head = _head(candidates, lex, text)
    if head is not None and not head.framed and (head.modality != "actual" or head.category in _STANCES) and \
            _SPECULATION.search(text, lo, clause.end):
        return None             # observers' forecast, not a party's threat or promise
    if head is not None and question and not head.framed and head.category in _APPEALS:
        return None             # "Will India and Pakistan step back from the brink?": nobody appeals
    if anaphoric and head is not None and lex.categories[head.category].direction == ESCALATION:
        head = head._replace(anaphoric=True)
    elif head is not None and head.category == "attack" and _casualty(text, head, clause.end):
        # "30 police officers had been injured": a toll of what the article reported, unless it is the
        # first report (detect_signals keeps it then)
        head = head._replace(anaphoric=True)
    return head


def _told_first(text: str, start: int, cue_start: int) -> bool:
    """A relative clause whose own verb comes before the noun cue: "which ended with a ceasefire"."""
    verb = _PAST_BEFORE.match(text, start)
    return verb is not None and verb.end() <= cue_start


def _casualty(text: str, decision: Decision, end: int) -> bool:
    """Whether the act is a casualty told in the passive with no attacker and no new attack named:
    "seven Lebanese had been killed and 52 wounded in the Syrian bombardment"."""
    if not _CASUALTY.fullmatch(text, decision.cue_start, decision.cue_end) or \
            not _PASSIVE_AUX.search(text, max(0, decision.cue_start - 30), decision.cue_start):
        return False
    return _NEW_AGENT.search(text, decision.cue_end, end) is None and \
        _OWN_TIME.search(text, decision.cue_end, end) is None


def _judged(text: str, decision: Decision, verdict: int) -> bool:
    """Whether a clause's act is the subject of the verdict at `verdict` (a noun a few words before it)."""
    return decision.cue_end <= verdict and len(_WORD.findall(text, decision.cue_end, verdict)) <= 10 and \
        not _VERB_FORM.match(text, decision.cue_start)


def _outside_condition(text: str, start: int, end: int, candidates: list[Decision]) -> list[Decision]:
    """"will boycott the elections unless the president agrees to step down": the acts of a
    condition that follows the clause's own act are its terms, not acts (a leading condition,
    "if attacked, we will respond", governs what follows and stays)."""
    opener = _CONDITION.search(text, start, end)
    if opener is None or not any(d.frame_start < opener.start() for d in candidates):
        return candidates
    return [d for d in candidates if d.cue_start < opener.start()]


def told_before(earlier: str) -> bool:
    """Whether the (lower-cased) article text before a sentence names an attack, so that "the
    attack on the convoy killed six" there recalls it."""
    return _ATTACK_NAMED.search(earlier) is not None


def _head(candidates: list[Decision], lex: Lexicon, text: str = "") -> Decision | None:
    """The clause's signal: its leftmost speech act (threat, appeal, ...) or else its leftmost act, upgraded by a later cue of the same direction
    and higher rank ("agreed to a ceasefire"). Later cues of the other direction are usually
    objects or background ("released two women taken in the ambush") and do not win."""
    if len(candidates) < 2:
        return candidates[0] if candidates else None
    directed = [d for d in candidates if lex.categories[d.category].direction != NEUTRAL]
    protests = [d for d in candidates if d.category == "protest" and not d.framed]
    if protests and directed and all(d.framed and d.category in _PROTEST_AIMS and
                                     d.frame_start > protests[0].frame_start for d in directed):
        return protests[0]      # "staged a sit-in to demand ...": the protest is the act, the demand its aim
    if directed:                # a protest or an inquiry never hides an attack or a truce in its clause
        candidates = directed
    acts = [d.frame_start for d in candidates if not d.framed]
    speech = [d.frame_start for d in candidates if d.framed]
    # a speech act governs what follows it; one that only comes after the clause's act
    # ("conceded to the demands of the protest movement") does not override that act
    speech_first = bool(speech) and (not acts or min(speech) <= min(acts))
    candidates.sort(key=lambda d: (0 if d.framed and d.category in _THREATS else 1 if d.framed == speech_first else 2,
                                   d.frame_start, d.cue_start))
    best = candidates[0]
    direction = lex.categories[best.category].direction
    for other in candidates[1:]:
        if best.praise:
            break               # "welcomed the agreement between Serbia and Kosovo": the praise is the act
        if not best.framed and (other.framed or other.category in _APPEALS):
            continue            # "will lay down their weapons ... to seek change by political means": the act stays
        if lex.categories[other.category].direction == direction and _rank(other, lex) > _rank(best, lex):
            gap = text[best.cue_end:other.cue_start]
            if _NO_TAKEOVER.search(gap) or (best.category == "mobilisation" and _POSTURE_FOR.match(gap)) or (best.category == "talks" and _TALKS_TOPIC.search(gap)) or \
                    best.cue_end <= best.clause.hole[0] < other.cue_start or \
                    (other.category == "talks" and not other.framed and _VENUE.search(gap)):
                # (nor across a relative clause: "released the crew, which they seized ..., in what
                # they called a gesture of support for the ceasefire")
                continue        # the object's story, the reason or purpose, the topic of talks
            # "detained 15 men in overnight raids": the raid is the act, its subject that of the clause
            start = best.frame_start if not best.framed and not other.framed else other.frame_start
            best = other._replace(frame_start=min(start, other.frame_start))
    if (best.category == "coercion" or (best.category == "attack" and _CAPTURE.match(text, best.cue_start))) \
            and not best.framed:
        # "freed two activists who had been jailed", "staff who were kidnapped in August were freed":
        # a release presupposes the detention or abduction it ends
        undo = [d for d in candidates if d.category == "material-de-escalation" and (
            d.cue_start < best.cue_start or _RELEASE.match(text, d.cue_start))]
        if undo:
            best = undo[0]
    return best


def _rank(decision: Decision, lex: Lexicon) -> int:
    return lex.categories[decision.category].rank


def _resolve_cue(text, clause, cue, rule: CueRule, frames, negators,
                 question, conditional, blocked_clause, lex, subject_end: int = -1) -> Decision | None:
    category = rule.category
    direction = lex.categories[category].direction
    if direction == ESCALATION and blocked_clause:
        return None
    cue_text = text[cue.start:cue.end]
    governing = [f for f in frames if f.start < cue.start]
    if clause.background and not _VERB_FORM.match(cue_text) and not (
            rule.rule_id in _SUBJECT_CUES and _SUBJECT_VERB.match(cue_text)) and not (
            category == "talks" and (cue_text.endswith(" with") or _WITH.match(text, cue.end))) and not (
            _INFINITIVE.search(text, max(0, cue.start - 30), cue.start)) and not (
            governing and governing[0].kind in _CALLS and _VERB_FORM.match(text, governing[0].start)) and not (
            clause.antecedent >= 0 and _told_first(text, clause.start, cue.start)) and not (
            _ING_OPENER.fullmatch(text, clause.start, cue.start) and _ING.match(cue_text)):
        # "after two days of fighting": the setting; "after talks with X": a meeting held; a verb
        # ("where he is expected to meet Xi") or a verb's frame ("a day after the allies urged X to
        # stop sending troops") still tells an act
        return None
    frame = governing[0] if governing else None
    frame_kind = frame.kind if frame else None
    lo = _lo(clause)
    scope_start = min(governing[-1].end, cue.start) if governing else lo
    flips = [n for n in negators if scope_start <= n.start and n.end <= cue.start and _reaches(text, n, cue, lex)]
    intent_flips = []
    if governing and governing[-1].kind == "intent":
        # "has no plans to deploy", "does not intend to strike": the negation reaches through the intent
        intent_flips = [n for n in negators if n.kind == "not" and 0 <= governing[-1].start - n.end <= 3 and n.start >= lo]
        flips += intent_flips
    negated = len(flips) % 2 == 1
    rejected_frame = frame is not None and frame.kind in ("appeal", "demand", "pressure") and any(
        n.kind == "refuse" and n.end <= frame.start for n in negators)
    prefix_start = min(frame.end, cue.start) if frame else lo
    prefix = text[prefix_start:cue.start]
    if conditional and _VERB_FORM.match(cue_text) and lex.conditional_re.search(prefix) is None and \
            lex.future_re.search(prefix) is None and lex.hypothetical_re.search(prefix) is None:
        conditional = False     # "police arrested twenty men and said they would free them if ...": done
    modality = _modality(prefix, question, conditional, lex)
    if modality == "actual" and category == "attack" and not _VERB_FORM.match(cue_text) and \
            _NOUN_THEN_MODAL.match(text, cue.end, clause.end):
        modality = "hypothetical"   # "an attack on Israel could come within days": feared, not done
    confidence = 0.8
    if negated:
        nearest = flips[-1]
        past = lex.past_negation_re.search(text, max(lo, nearest.start - 12), min(clause.end, nearest.end + 12)) is not None
        if nearest in intent_flips:
            past = False        # "said Tehran did not want war": a stance reported, not a past act undone
        if direction == DEESCALATION and text.startswith("without ", nearest.start):
            return None         # "without UN funding": a lack, not a refusal
        if nearest.kind in ("refuse", "avoid") and direction == ESCALATION and _UNNAMED_STEPS.match(text, nearest.end):
            # "opposed any action that could inflame tensions": a call on all sides, like a caution
            category = "appeal-restraint"
        else:
            category = _negate(category, direction, nearest.kind, past, modality, rule.on_refusal)
        confidence -= 0.1
        if category is None:
            return None
    else:
        if rule.needs_modal:
            if not (frame_kind or modality != "actual"):
                return None
            confidence -= 0.15
        elif rule.needs_frame:
            if frame_kind not in ("intent", "threat", "warning", "vow", "caution", "rhetoric", "verdict"):
                return None
            confidence -= 0.15
        if category == "attack":
            if modality in ("future", "conditional"):
                vowish = rule.vow or rule.rule_id == "retaliation"
                category = "conditional-threat" if modality == "conditional" else (
                    "retaliation-vow" if vowish else "threat")
            elif modality == "question" and not _VERB_FORM.match(cue_text) and \
                    _DETERMINED.search(text, max(lo, cue.start - 40), cue.start):
                return None     # "Will the corridor survive the latest Russian strikes?": a known act asked about
            elif modality in ("hypothetical", "question"):
                category = "threat"
                confidence -= 0.25
        elif frame_kind is None and (category == "coercion" and modality != "actual" or
                                     category == "diplomatic-setback" and modality not in ("actual", "future")) \
                and not (modality == "hypothetical" and _CONCERN.search(prefix)):
            # "will extend the curfew", "would boycott all contact", "may halt its mediation if
            # ...": a coercive step announced or held out is a threat of it (CAMEO 13), not the
            # step; a setback announced as decided ("will withdraw its observers") stays one
            category = "conditional-threat" if modality == "conditional" else "threat"
            confidence -= 0.1
    if frame_kind in ("appeal", "pressure", "demand") and direction == NEUTRAL and \
            _ADDRESSEE.fullmatch(text, frame.end, cue.start) and _PROTEST_AGENTS.fullmatch(cue_text):
        return None             # "calling on the protesters to leave": whom the appeal addresses, not what it asks
    category = _apply_frame(category, frame_kind, modality, lex)
    if category is None:
        return None
    if category in _PROTESTABLE and not negated and modality == "actual" and \
            not lex.protest_armed_re.search(cue_text) and _by_protesters(text, clause, cue, lex, subject_end):
        category = "protest"    # "protesters torched cars": a riot (CAMEO 145), not an armed attack
    if rejected_frame:           # "rejected calls for a ceasefire"
        category = "refusal" if rule.category in _RESTORATIVE else "hostile-rhetoric"
    if frame_kind in _SPEECH_ACTS:
        modality = _modality(text[lo:frame.start], question, conditional, lex)
    start = frame.start if frame else cue.start
    return _decision(clause, category, cue, "negated" if negated else "asserted", modality, start, confidence, lex,
                     framed=frame_kind in _SPEECH_ACTS or frame_kind == "vow",
                     actor_from=rule.actor_from if rule.actor_from and not negated and frame_kind not in _SPEECH_ACTS else None,
                     praise=rule.rule_id == "praise" and category == "support",
                     negator=flips[-1].kind if negated else "")


def _reaches(text: str, negator: _Hit, cue: _Hit, lex: Lexicon) -> bool:
    """Whether a negator governs the cue: "not" and the like only the next few words; "refused",
    "rejected" or "ruled out" their own object, which may be longer ("rejected the peace plan put
    forward by the mediators") but ends at a comma, a colon or a new statement ("rejected the
    result, saying police had arrested its observers")."""
    words = len(_WORD.findall(text, negator.end, cue.start))
    if negator.kind in ("stop", "refuse") and _NEXT_PREDICATE.search(text, negator.end, cue.end):
        return False            # "suspended the treaty and closed the border": the closure is not suspended
    if negator.kind == "not" and _NEXT_AUXILIARY.search(text, negator.end, cue.start):
        return False            # "would not be intimidated and would continue patrols": a new predicate
    if negator.kind == "stop" and _NEW_TURN.search(text, negator.end, cue.start):
        return False            # "the warnings have ended, now painful blows will come"
    if negator.kind != "refuse" and _SUBORDINATOR.search(text, negator.end, cue.start):
        return False            # "have not met since talks in Brussels broke down": the talks' end is told, not denied
    if negator.kind != "refuse":
        return words <= lex.negator_window
    return words <= lex.refuse_window and _SCOPE_BREAK.search(text, negator.end, cue.start) is None


def _by_protesters(text: str, clause: Clause, cue: _Hit, lex: Lexicon, subject_end: int = -1) -> bool:
    """Whether protesters are the agent of the act at `cue` (subject before it, or "by protesters").
    `subject_end`: a coordinated predicate's shared subject ends there ("police arrested
    protesters and fired tear gas": the police fired)."""
    if lex.protest_agent_re.match(text, cue.end + 1, min(clause.end, cue.end + 60)):
        return True
    agent = lex.protest_agent_re.search(text, cue.end, min(clause.end, cue.end + 25))
    if agent is not None and not _PARTICIPLE_WORD.search(text, cue.end, agent.start()):
        return True             # not "prevented the rally staged by students": the students staged it
    prefix = text[clause.start:subject_end if subject_end >= 0 else cue.start]
    subjects = list(lex.protest_subject_re.finditer(prefix))
    if not subjects or _PASSIVE_TAIL.search(prefix):
        return False
    # a security force named after them acts unless it is an object ("threw stones at police lines")
    return not any(not _OBJECT_OF.search(prefix, max(0, m.start() - 12), m.start())
                   for m in lex.protest_security_re.finditer(prefix, subjects[-1].end()))


def _modality(prefix: str, question: bool, conditional: bool, lex: Lexicon) -> str:
    if question:
        return "question"
    if conditional:
        return "conditional"
    if lex.hypothetical_re.search(prefix):
        return "hypothetical"
    if lex.future_re.search(prefix):
        return "future"
    return "actual"


def _negate(category: str, direction: str, kind: str, past: bool, modality: str,
            on_refusal: str | None = None) -> str | None:
    """The category of a negated cue, or None when the negation leaves no signal.

    Negating an act that happened ("did not attack", "denied carrying out the strike") leaves
    nothing; negating an intent or a future act is a denial of intent or a refusal.
    """
    past_actual = past and modality == "actual"
    if direction == NEUTRAL:
        return None
    if direction == ESCALATION:
        if on_refusal and kind == "refuse":
            return on_refusal   # "rejected the ultimatum": a rejection (CAMEO 12), not a denial
        if category in ("denial-of-intent", "refusal"):
            return None
        if kind == "stop":
            return "ceasefire" if category == "attack" else "material-de-escalation"
        if kind == "not":
            return None if past_actual else "denial-of-intent"
        if kind == "deny":
            return None if modality == "actual" else "denial-of-intent"
        return "denial-of-intent"
    refused = on_refusal or ("refusal" if category in _RESTORATIVE else "hostile-rhetoric")
    if kind == "stop":
        return refused if category in _RESTORATIVE else "coercion"
    if kind == "not":
        return None if past_actual else refused
    if kind in ("refuse", "avoid"):
        return refused
    return None


def _apply_frame(category: str | None, frame_kind: str | None, modality: str, lex: Lexicon) -> str | None:
    if frame_kind is None:
        return category
    if frame_kind in ("claim", "consider", "investigate"):
        return None             # a claim, a statement of feeling, or a deliberation: no signal
    if frame_kind in ("rhetoric", "verdict"):
        return "hostile-rhetoric"
    if frame_kind == "threat":
        return "conditional-threat" if modality == "conditional" else "threat"
    if frame_kind == "warning":     # hostile content makes a warning a threat; other content a statement
        if category is None or lex.categories[category].direction != ESCALATION or \
                category in ("refusal", "hostile-rhetoric"):
            return None
        return "conditional-threat" if modality == "conditional" else "threat"
    if category is None:
        return "hostile-rhetoric" if frame_kind == "demand" else None
    direction = lex.categories[category].direction
    if direction == NEUTRAL and frame_kind in ("appeal", "pressure", "demand"):
        return "hostile-rhetoric"   # "called for a general strike": a demand (CAMEO 10)
    if frame_kind == "caution":
        return "appeal-restraint" if direction == ESCALATION else None
    if frame_kind == "vow":
        if category in ("coercion", "mobilisation", "diplomatic-setback"):
            return "conditional-threat" if modality == "conditional" else "threat"   # "pledged to tighten sanctions"
        if direction == ESCALATION and category not in ("refusal", "hostile-rhetoric"):
            return "conditional-threat" if modality == "conditional" else "retaliation-vow"
        return category
    if frame_kind in ("appeal", "pressure", "demand"):
        if category in _APPEALABLE:
            return "pressure-restraint" if frame_kind == "pressure" else "appeal-restraint"
        if direction == DEESCALATION:
            return None         # a request for aid or support: a plain appeal (CAMEO 02), neutral
        return "hostile-rhetoric"
    if frame_kind == "intent" and category in ("support", "aid"):
        return None             # "seeks support / aid from": a plain appeal (CAMEO 02), no signal
    if frame_kind == "intent" and direction == ESCALATION and category not in ("refusal", "hostile-rhetoric"):
        return "conditional-threat" if modality == "conditional" else "threat"
    return category


def _decision(clause, category, cue, polarity, modality, frame_start, confidence, lex, framed=False, actor_from=None,
              praise=False, negator="") -> Decision:
    spec = lex.categories[category]
    factor = lex.modality_factor.get(modality, 1.0)
    if category in ("conditional-threat", "threat", "retaliation-vow") and modality in ("future", "conditional"):
        factor = 1.0            # the category already carries the future / condition
    score = round(max(-10.0, min(10.0, spec.score * factor)), 2)
    return Decision(clause, category, cue.start, cue.end, polarity, modality, frame_start, score,
                    round(max(0.05, min(1.0, confidence)), 2), framed, actor_from, False, praise, negator)
