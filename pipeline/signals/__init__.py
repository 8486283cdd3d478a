"""Signal stage: read escalation and de-escalation signals, with speaker, actor and target.

    detect_signals(text, sentences, day) -> list[Signal]

One Signal per signal-bearing clause (neutral clauses yield nothing). Offsets are article offsets.
Conventions (see README.md next to this file): `speaker` is who is quoted (a person's canonical
name, or a state or body); `actor` is whose act or stance it is, normalised to the state or body a
person spoke for on `day` ("Herzog said Israel is not seeking war": speaker Isaac Herzog, actor
Israel; an appeal by António Guterres: speaker António Guterres, actor United Nations).
"""
from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Sequence
from datetime import date, timedelta

from pipeline.records import Signal, Sentence
from pipeline.signals.actors import Mention, load_gazetteer, speaks_for
from pipeline.signals.classify import Decision, classify_sentence, double_quoted, told_before
from pipeline.signals.lexicon import fold, grammar_words, load_lexicon
from pipeline.signals.speakers import Attribution, find_appeal_author, read_attribution

__all__ = ["detect_signals", "forget_sentences"]

_W = grammar_words()     # named word lists (data/grammar.yaml), joined as alternations

_PREPOSITION = re.compile(
    r"(?:\b(?:in|at|on|to|from|with|against|of|near|into|over|towards?|by|for|between|across|inside|"
    r"outside|about|toward|onto|upon|around|through|throughout|within|and|or|than|like|under|via)"
    r"(?:\s+the)?|'s|’s)\s*$", re.IGNORECASE)
_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are|get|got)\s+(?:(?!to\b)\w+\s+){0,2}$", re.IGNORECASE)
_PARTICIPLE = re.compile(rf"\w+(?:ed|en|wn)\b|(?:{_W['passive_participles']})\b", re.IGNORECASE)
_BY = re.compile(r"\bby\s+(?:(?:the|a|an)\s+)?$", re.IGNORECASE)
# a sentence whose subject is "He" / "She": the last named person ("He accused the opposition of ...")
_PRONOUN_SUBJECT = re.compile(r"(?:He|She)\s+(?=[a-z])")
_SPEAKER_OWN = {"appeal-restraint", "pressure-restraint", "hostile-rhetoric"}
# measures a government takes with its own forces, told in the passive by its officials
_OWN_MEASURES = {"mobilisation", "coercion", "material-de-escalation"}
_OWN_FORCES = re.compile(rf"\b(?:the|our|its)\s+(?:{_W['own_measure_subjects']})\b", re.IGNORECASE)
# acts a speaker usually reports rather than commits ("an air strike killed seven officers,
# Iranian officials said"): the speaker is their author only in the first person or when telling
# the act's course ("the offensive will continue, the defence minister said")
_REPORTED_ACTS = {"attack"}
# the owner of a nominal cue: "Tehran's [missile] attack", "Israel's [retaliatory] strike"
_OWNER_OF_CUE = re.compile(r"['’]s\s+(?:[\w-]+\s+){0,2}")
# first person, case-sensitive for "us" so that "US officials" is not "us"
_FIRST_PERSON = re.compile(r"\b(?:[Ww]e|[Oo]ur|us)\b")
_OWN_ACT = re.compile(r"\b(?:[Ww]e|[Oo]ur|us|[Ww]ill|[Ww]ould|[Ss]hall|[Cc]ontinu(?:es?|ed|ing))\b")
_POSSESSIVE = re.compile(r"['’]s\b")
# "Jihadists linked to al-Qaeda", "armed men believed to belong to the ADF", "gunmen from the Viv
# Ansanm coalition": the group after the preposition is the subject's own (blind probe round)
_AFFILIATION = re.compile(rf"(?i:\b(?:{_W['affiliation_participles']})\s+(?:to|with)"
                          rf"|\b(?:{_W['affiliation_members']})\s+(?:of|from))(?i:\s+the)?(?:\s+[a-z][\w-]*){{0,3}}?\s*$")
# a state named before a criminal group is where it operates, not who acts: "Haiti gangs torch ..."
_CRIMINALS = re.compile(rf"\s+(?:{_W['criminal_groups']})\b", re.IGNORECASE)
# "Indian and Pakistani troops", "the Malian army and Wagner fighters": a coordinated subject
_COORDINATED_NAMES = re.compile(r"(?:\s+[\w'’-]+){0,2}?\s*(?:,|\band)\s+(?:the\s+)?", re.IGNORECASE)
# the speaker as the subject of its reported act: "The RSF said it had seized ...", "Baku said its
# troops had taken retaliatory measures"
_SPEAKER_SUBJECT = re.compile(
    r"(?:it|they)\s+(?:had\s+|has\s+|have\s+)?(?!was\b|were\b|is\b|are\b)[a-z]+|(?:its|their)\s+(?:[\w-]+\s+)?"
    rf"(?:{_W['speaker_forces']})\b")
_ACTIVE_GAP = re.compile(rf"\b[a-z]+ed\b|[,;]|\b(?:{_W['agent_participles']})\s+by\b")
# "fired from Houthi-controlled territory": the side holding the ground it came from
_HELD = re.compile(rf"-(?:{_W['held_participles']}) (?:{_W['held_ground']})\b")
# the first verb of a clause: where its subject ends
_FIRST_VERB = re.compile(rf"\b(?:[a-z]+ed|has|have|had|will|would|is|are|was|were|{_W['subject_end_verbs']})\b")
# between a subject and its verb: nothing, an auxiliary, a day or an adverb
_SUBJECT_GAP = re.compile(r"\s+(?:(?:has|have|had|also|again|then|later|separately|jointly|publicly|on\s+\w+day)\s+)*")
_OTHER_NOUN = re.compile(r"\b(?:for|against|over|after|amid|despite)\b", re.IGNORECASE)
# a speech act's own verb (not a modal, whose subject is the one addressed: "Manila must stop")
_OWN_VERB = re.compile(rf"(?:{_W['speech_act_stems']})\w*", re.IGNORECASE)
# round ten: "by two Chinese coast guard vessels", "by fighters of the West Papua National Liberation
# Army": the agent of a passive may follow a count or a partitive force noun
_AGENT_BY = re.compile(r"\bby\s+(?:(?:the|a|an|two|three|four|five|six|several|\d+)\s+)?"
                       rf"(?:(?:{_W['partitive_forces']})\s+(?:of|from)\s+(?:the\s+)?)?$", re.IGNORECASE)
# the agent of a passive named as the side whose fire it was: "wounded by sniper fire from Azerbaijani
# positions", "killed by shelling from Russian lines" (the side's word must follow the name, so that
# "rockets from Gaza" or "fire from Lebanon", a place, names no agent)
_FIRE_FROM = re.compile(r"\bby\s+(?:[\w-]+\s+){0,2}?"
                        rf"(?:{_W['fire_nouns']})\s+from\s+(?:the\s+)?$", re.IGNORECASE)
_FIRING_SIDE = re.compile(rf"\s+(?:{_W['firing_sides']})\b", re.IGNORECASE)
# a nominal act as the subject of a passive verb of carrying out, whose agent follows: "Sanctions on
# two generals were announced by the US Treasury", "The strike was carried out by Israeli jets"
_CARRIED_OUT_BY = re.compile(r"\b(?:was|were|has\s+been|have\s+been|had\s+been)\s+(?:\w+ly\s+)?"
                             rf"(?:{_W['carrying_out_verbs']})\s+by\s+(?:(?:the|a|an)\s+)?$", re.IGNORECASE)
# the representatives of named parties as a clause's subject: "The presidents of Kyrgyzstan and
# Tajikistan signed ...", "Delegations from Eritrea and Ethiopia will meet ..." (the first named acts)
_REPRESENTATIVES_OF = re.compile(rf"\s*(?:the\s+)?(?:[a-z-]+\s+)?(?:{_W['representatives']})\s+(?:of|from)\s+(?:the\s+)?",
                                 re.IGNORECASE)
# a state's own forces named without their state, as the subject of an act its organs report:
# "Government troops shelled rebel positions ..., the army spokesman said", "the ministry said
# troops had killed 15 fighters" (not "an air strike killed ...", which officials may only report)
_GENERIC_FORCES = re.compile(rf"\s*(?:the\s+)?(?:(?:{_W['generic_force_qualifiers']})\s+)?(?:{_W['generic_forces']})"
                             r"\s+(?:had\s+|have\s+|has\s+)?(?!was\b|were\b|is\b|are\b|of\b|from\b)[a-z]+", re.IGNORECASE)
# the agent of a passive act named as a state's forces without the state: "killed by police gunfire"
_GENERIC_AGENT = re.compile(rf"\s*by\s+(?:the\s+)?(?:(?:{_W['generic_agent_qualifiers']})\s+)?(?:{_W['generic_agents']})\b",
                            re.IGNORECASE)
# a state's forces as the subject of its own passive measure: "Ugandan special forces were deployed"
_FORCES_AFTER = re.compile(rf"(?:\s+[a-z-]+){{0,2}}?\s+(?:{_W['forces_after_state']})\b")
_PASSIVE_CUE = re.compile(r"\b(?:was|were|been|being)\b", re.IGNORECASE)
# a subject that names other parties: "The two sides agreed to a ceasefire, the presidency said"
_OTHER_PARTIES = re.compile(rf"(?:the\s+)?(?:{_W['other_party_counts']})\s+(?:{_W['other_parties']})\b", re.IGNORECASE)
_OF = re.compile(r"\bof(?:\s+the)?\s*$", re.IGNORECASE)
_VERB_OPENS = re.compile(rf"\w+(?:ed|ing)\b|(?:{_W['opening_act_verbs']})\b", re.IGNORECASE)
# who supports the act is not its author: "Somalia's army, backed by US air strikes, recaptured ..."
_SUPPORTER = re.compile(rf"(?:\b(?:{_W['supporter_participles']}) by|\bwith the (?:{_W['supporter_nouns']}) of"
                        r"|\bwith (?:[\w-]+ )?support from)(?:\s+(?:the|a|an))?\s*$", re.IGNORECASE)
# the authorities of a place act for its state: "Police in Maputo fired tear gas", "authorities in Tehran"
_AUTHORITIES_IN = re.compile(rf"\b(?:{_W['authorities']})\s+(?:in|at|of|from)\s+(?:the\s+)?$", re.IGNORECASE)
# a clause opened by a participle of speech shares the sentence's subject (clauses.py splits at it)
_SPEECH_PARTICIPLE = re.compile(rf"(?:{_W['speech_participles']})\s", re.IGNORECASE)
# a capital naming a venue, not an actor: "the Minsk agreements", "the Oslo accords", "the Astana talks"
_VENUE_NAME = re.compile(rf"\s+(?:{_W['venue_nouns']})\b", re.IGNORECASE)
# a subject naming each party: "each side accused the other", "both sides traded blame"
_EACH_PARTY = re.compile(r"(?:(?:but|and|yet|while|whereas|although|though)\s+)?(?:the\s+)?"
                         rf"(?:{_W['each_party_counts']})\s+(?:{_W['each_parties']})\b", re.IGNORECASE)
# An explicit year in a clause, as a date ("in 2020", "in January 2020", "May 3, 2019"), not as a
# name ("the 1967 borders", "Resolution 2334"). "since 2014" is left out: a period that runs up to
# the publication day ("the worst fighting since 2014", "has occupied the area since 2014").
_YEAR = re.compile(
    r"\b(?:in|during|until|of|from|by|early|late|mid-?|spring|summer|autumn|fall|winter|"
    r"jan\w*|feb\w*|march|april|may|june|july|aug\w*|sept?\w*|oct\w*|nov\w*|dec\w*)"
    r"(?:\s+\d{1,2}(?:st|nd|rd|th)?,?)?\s+(1[89]\d\d|20\d\d)\b")     # run on lower-cased text
# A decade as a date ("in the 1990s", "during the 1980s"): read as its last year.
_DECADE = re.compile(r"\b(?:in|during|of|from|by|until|through|throughout|early|late|mid-?)\s+(?:the\s+)?"
                     r"(?:early\s+|late\s+|mid-?)?(1[89]\d0|20\d0)['’]?s\b")
# a span of years as a name of a past war: "the 1950-53 conflict", "the 1992-95 war"
_RANGE = re.compile(r"\b(1[89]\d\d|20\d\d)[-–](\d\d|1[89]\d\d|20\d\d)\b"
                    rf"(?= (?:[\w-]+ )?(?:{_W['past_war_nouns']})\b)")
HISTORY_YEARS = 2   # a clause dated only by years at least this far before publication is history


def detect_signals(text: str, sentences: Sequence[Sentence], day: date, *, history: bool = True) -> list[Signal]:
    """Escalation / de-escalation signals of an article, one per signal-bearing clause.

    With `history` (the default), a clause whose explicit years all lie HISTORY_YEARS or more
    before the publication `day` ("since a drone killed the general in January 2020", read in
    2024) is a recollection, not a new signal. Pass history=False when `day` is not the real
    publication date (undated benchmark records)."""
    lex = load_lexicon()
    gazetteer = load_gazetteer()
    memo = _memo(lex, gazetteer)
    signals: list[Signal] = []
    attack_told = False         # whether one of `signals` is an attack
    speakers = _Speakers(gazetteer)
    for sentence in sentences:
        start = max(0, min(sentence.start, len(text)))
        end = max(start, min(sentence.end, len(text)))
        body = text[start:end]
        facts = memo.get(body)
        if facts is None:
            if not body.strip():
                continue
            if len(memo) >= _MEMO_SIZE:
                memo.popitem(last=False)    # the sentence unseen for longest
            facts = memo[body] = _Facts(body, lex)
        else:
            memo.move_to_end(body)
        decisions = facts.decisions
        if not decisions:
            speakers.skip(facts)    # read only if a later sentence needs the last speaker
            continue
        folded = facts.folded
        attribution = speakers.read(facts)
        if history and ("19" in folded or "20" in folded):
            decisions = [d for d in decisions if not _is_history(folded, d, day)]
            if not decisions:
                continue
        if any(d.anaphoric for d in decisions) and (      # "The attack on the convoy killed six": told before?
                attack_told or told_before(fold(text[:start]))):
            decisions = [d for d in decisions if not d.anaphoric]
            if not decisions:
                continue
        if attribution is None:
            attribution = facts.appeal_author(gazetteer)
            if attribution is not None:
                speakers.appeal(attribution)
        mentions = facts.mentions(gazetteer)
        previous_actor = ""
        for decision in decisions:
            actor, target = _actor_target(body, decision, mentions, attribution, day, previous_actor,
                                          _Modifiers(folded, lex.force_noun_re))
            if decision.category == "denial-of-intent" and decision.negator == "refuse":
                owner = _owner_of_refused(body, decision, mentions, day, actor)
                if owner:       # "Mexico rejected any US military intervention": a rejection (CAMEO 12)
                    spec = lex.categories["hostile-rhetoric"]
                    decision = decision._replace(category="hostile-rhetoric",
                                       score=round(spec.score * lex.modality_factor.get(decision.modality, 1.0), 2))
                    target = owner
            previous_actor = actor or previous_actor
            spec = lex.categories[decision.category]
            signals.append(Signal(
                sentence_index=sentence.index,
                start=start + decision.clause.start,
                end=start + decision.clause.end,
                signal=spec.direction,
                category=decision.category,
                score=decision.score,
                confidence=decision.confidence,
                cue=body[decision.cue_start:decision.cue_end],
                cue_start=start + decision.cue_start,
                cue_end=start + decision.cue_end,
                actor=actor,
                target=target,
                speaker=attribution.speaker if attribution else "",
                polarity=decision.polarity,
                modality=decision.modality,
            ))
            attack_told = attack_told or decision.category == "attack"
    return signals


class _Speakers:
    """Who spoke last, carried from sentence to sentence ("he said", quote continuations). The
    sentences must be read in order; one without a signal only matters for the sentences after
    it, so detect_signals passes it to `skip`, and it is read when a later sentence carrying a
    signal needs the speakers before it (not when that sentence names its own speaker, nor when
    it has no attribution whoever spoke before: then it waits with the skipped ones). The last
    named person of a sentence, which becomes the last speaker when it names none, is looked for
    only when the last speaker is asked for."""

    def __init__(self, gazetteer):
        self.gazetteer = gazetteer
        self._last: Attribution | None = None
        self._persons: list[_Facts] = []   # sentences read since `_last` whose last person, if any, is the last speaker
        self._unread: list[_Facts] = []    # sentences skipped since the last one read
        self.quoting = False

    @property
    def last(self) -> Attribution | None:
        persons = self._persons
        if persons:
            for facts in reversed(persons):     # the latest sentence that names a person
                person = facts.last_person(self.gazetteer)
                if person is not None:
                    self._last = Attribution(person.canonical, person, 0, 0, 0, True)
                    break
            persons.clear()
        return self._last

    @last.setter
    def last(self, attribution: Attribution | None) -> None:
        self._last = attribution
        self._persons.clear()

    def skip(self, facts: _Facts) -> None:
        """A sentence without a signal: read only if a later one needs the speakers before it."""
        self._unread.append(facts)

    def read(self, facts: _Facts) -> Attribution | None:
        """The sentence's attribution, updating the last speaker."""
        named, pronoun = facts.attribution(self.gazetteer)
        if named is None and pronoun is None and not facts.quoted and _PRONOUN_SUBJECT.match(facts.body) is None:
            # no attribution whatever was said before: the sentence waits with the skipped ones
            self._unread.append(facts)
            return None
        if named is None or named.pronoun or not named.speaker:
            for earlier in self._unread:
                self._read(earlier)
        # else: the sentence's own speaker is the last one after it, whatever the skipped sentences said
        self._unread.clear()
        return self._read(facts)

    def appeal(self, author: Attribution) -> None:
        """The sentence just read, which has no attribution, names the author of an appeal
        (`find_appeal_author`): the last speaker from now on, outside any quote."""
        self._unread.clear()
        self.last = author
        self.quoting = False

    def _read(self, facts: _Facts) -> Attribution | None:
        named, pronoun = facts.attribution(self.gazetteer)
        attribution = named
        if attribution is None and pronoun is not None:
            last = self.last
            if last is not None:
                attribution = Attribution(last.speaker, last.entry, *pronoun, True)     # "he said"
        if attribution is None:
            subject = _PRONOUN_SUBJECT.match(facts.body)
            last = self.last if subject is not None else None
            if last is not None and last.entry is not None:
                # "He accused the opposition of ...": the last named person acts
                attribution = Attribution(last.speaker, last.entry, subject.start(), subject.end(), subject.end(), True)
        quoted = facts.quoted
        if attribution is None and self.quoting and quoted:
            last = self.last
            if last is not None:
                attribution = Attribution(last.speaker, last.entry, 0, 0, 0, True)
        self.quoting = attribution is not None and quoted
        if attribution is not None and not attribution.pronoun and attribution.speaker:
            self.last = attribution
        elif attribution is None or attribution.pronoun:
            self._persons.append(facts)     # its last named person, if any, is the last speaker now
        return attribution


# Distinct sentences kept. When full, the one unseen for longest goes: a line that keeps coming
# back (boilerplate, a syndicated paragraph) stays, where starting afresh would read it again.
_MEMO_SIZE = 10_000
_MEMOS: dict[tuple[int, int], OrderedDict[str, _Facts]] = {}


def forget_sentences() -> None:
    """Drop the facts kept for recurring sentences (benchmarks time each pass from cold)."""
    _MEMOS.clear()


def _memo(lex, gazetteer) -> OrderedDict[str, _Facts]:
    """The sentence facts kept for the loaded lexicon and gazetteer (a reload starts afresh),
    least recently used first."""
    key = (id(lex), id(gazetteer))
    memo = _MEMOS.get(key)
    if memo is None:
        _MEMOS.clear()
        memo = _MEMOS[key] = OrderedDict()
    return memo


class _Facts:
    """What a sentence's own text says, whatever the article around it: its cues, speaker,
    named actors. Kept per distinct sentence text, so that recurring sentences (syndicated
    copies, boilerplate, the same line in many reports) are read once. Each part is computed
    on first use; the speaker and actor parts only for sentences that need them."""

    __slots__ = ("body", "folded", "decisions", "_attribution", "_quoted", "_person", "_appeal", "_mentions")

    def __init__(self, body: str, lex):
        self.body = body
        self.folded = fold(body)
        self.decisions = tuple(classify_sentence(self.folded, None, lex))
        self._attribution = self._quoted = self._person = self._appeal = self._mentions = _UNSET

    def attribution(self, gazetteer) -> tuple[Attribution | None, tuple[int, int, int] | None]:
        if self._attribution is _UNSET:
            self._attribution = read_attribution(self.body, gazetteer)
        return self._attribution

    @property
    def quoted(self) -> bool:
        if self._quoted is _UNSET:
            self._quoted = double_quoted(self.body)
        return self._quoted

    def last_person(self, gazetteer):
        if self._person is _UNSET:
            self._person = gazetteer.last_person(self.body)
        return self._person

    def appeal_author(self, gazetteer) -> Attribution | None:
        if self._appeal is _UNSET:
            self._appeal = find_appeal_author(self.body, gazetteer)
        return self._appeal

    def mentions(self, gazetteer) -> list[Mention]:
        if self._mentions is _UNSET:
            self._mentions = tuple(gazetteer.find(self.body))
        return list(self._mentions)


_UNSET = object()


class _Modifiers:
    """Which mentions modify a force or weapon noun ("Russian missiles", "Houthi rebels",
    "Hezbollah rockets"): such a mention names who fights, even after a preposition."""

    def __init__(self, folded: str, pattern: re.Pattern | None):
        self.folded, self.pattern = folded, pattern

    def __call__(self, mention: Mention) -> bool:
        return (self.pattern is not None and self.pattern.match(self.folded, mention.end) is not None) or \
            _HELD.match(self.folded, mention.end) is not None


def _actor_target(body: str, decision: Decision, mentions: list[Mention], attribution: Attribution | None,
                  day: date, previous_actor: str, modifies=None) -> tuple[str, str]:
    clause = decision.clause
    modifies = modifies or (lambda mention: False)
    outside = [m for m in mentions
               if attribution is None or not (attribution.start <= m.start < attribution.end)]
    head = decision.frame_start
    scope_start = clause.start
    if attribution is not None and clause.start <= attribution.end <= head:
        scope_start = attribution.content_start
    if decision.actor_from:
        return _reversed_actor(body, decision, outside, attribution, mentions, day, scope_start, modifies)
    before = [m for m in outside if scope_start <= m.start and m.end <= head
              and not (clause.hole[0] <= m.start < clause.hole[1])     # not in an interrupting relative clause
              and (not _PREPOSITION.search(body, max(scope_start, m.start - 30), m.start) or _possessor(body, m)
                   or modifies(m) or _AFFILIATION.search(body, max(scope_start, m.start - 60), m.start)
                   or _AUTHORITIES_IN.search(body, max(scope_start, m.start - 30), m.start)
                   or _REPRESENTATIVES_OF.fullmatch(body, scope_start, m.start))
              and not (m.entry.kind == "state" and (_CRIMINALS.match(body, m.end) or _VENUE_NAME.match(body, m.end)))
              and not _SUPPORTER.search(body, max(scope_start, m.start - 40), m.start)]
    # not in the object of a rejection: "Egypt rejected any Israeli military operation"
    if _SPEECH_PARTICIPLE.match(body, clause.start):
        before = []         # "..., the minister said, rejecting Beirut's demand": the subject is the speaker's
    fighters = [m for m in before if modifies(m)] if decision.negator != "refuse" else []
    if fighters:            # "Polish jets were scrambled as Russian missiles struck": the nearest fighter
        first = fighters[-1]
        for earlier in reversed(before[:before.index(first)]):    # "Indian and Pakistani troops": the first
            if not _COORDINATED_NAMES.fullmatch(body, earlier.end, first.start):
                break
            first = earlier
        before = [first]
    elif not before and not _VERB_OPENS.match(body, decision.cue_start) and decision.negator != "refuse":
        # "a barrage of Hezbollah rockets hit": the fighter named inside the cue (not the object
        # of a verb: "neutralised 17 PKK militants")
        before = [m for m in outside if decision.cue_start <= m.start and m.end <= decision.cue_end
                  and modifies(m)][:1]
    if clause.lead >= 0 and before:
        # a predicate sharing the clause's subject ("... has suspended a treaty, expelled Pakistani
        # military advisers and closed the crossing"): the names in earlier predicates' objects are not its subject
        verb = _FIRST_VERB.search(body, clause.start, clause.lead)
        if verb is not None:
            before = [m for m in before if m.end <= verb.start()] or before[:0]
    if clause.antecedent >= 0:      # "Israel, which retaliated"; "Guterres, who ..., urged"
        hung = [m for m in outside if clause.antecedent - 4 <= m.end <= clause.antecedent]
        if hung and (not before or body[clause.start:clause.start + 6].lower().startswith(("who ", "which"))):
            before = hung
    speaker_actor = _speaker_actor(attribution, mentions, day)
    actor, target = "", ""
    passive = _PARTICIPLE.match(body, decision.cue_start) is not None and \
        _PASSIVE.search(body, max(clause.start, head - 30), head) is not None
    # "by X" names the agent of a passive or of a noun ("the bombardment of Goma by M23 artillery"),
    # not of an active verb's object ("welcomed the decision by Pristina", "at a meeting hosted by")
    agent = [m for m in outside if decision.cue_end <= m.start < clause.end
             and (_AGENT_BY.search(body, max(decision.cue_end, m.start - 40), m.start)    # not the cue's own "by"
                  or (_FIRE_FROM.search(body, max(decision.cue_end, m.start - 50), m.start)
                      and _FIRING_SIDE.match(body, m.end)))
             and not _OTHER_NOUN.search(body, decision.cue_end, m.start)   # "on alert for an attack by Iran"
             and (passive or not (_PARTICIPLE.match(body, decision.cue_start)
                                  or _ACTIVE_GAP.search(body, decision.cue_end, m.start))
                  or (not _PARTICIPLE.match(body, decision.cue_start)
                      and _CARRIED_OUT_BY.search(body, max(decision.cue_end, m.start - 60), m.start)))]
    if passive or agent:
        actor = speaks_for(agent[0].entry, day) if agent else ""
        subject = [m for m in outside if clause.start <= m.start and m.end <= head]
        if not actor and not subject and speaker_actor and decision.category in _OWN_MEASURES and \
                _OWN_FORCES.search(body, max(scope_start, head - 40), head):
            # "the army had been deployed to support the police, the defence minister said": the
            # speaker's own forces and measures
            return speaker_actor, ""
        if not actor and passive and decision.category in _OWN_MEASURES and subject and \
                _FORCES_AFTER.match(body, subject[-1].end) and subject[-1].entry.kind == "state":
            return speaks_for(subject[-1].entry, day), ""     # "Ugandan special forces were deployed"
        if not actor and passive and _state_speaker(speaker_actor) and \
                _GENERIC_AGENT.match(body, decision.cue_end):
            actor = speaker_actor       # "two protesters were killed by police gunfire, the ombudsman said"
        target = speaks_for(subject[0].entry, day) if passive and subject else ""
        if not target:
            later = [m for m in outside if decision.cue_end <= m.start < clause.end and m not in agent]
            target = speaks_for(later[0].entry, day) if later else ""
        return actor, target if target != actor else ""
    owner = [m for m in outside if m.end <= decision.cue_start
             and _OWNER_OF_CUE.fullmatch(body, m.end, decision.cue_start)]
    if owner and not decision.framed and decision.polarity != "negated":
        # "Tehran's attack on Israel", "Israel's missile strike": the possessor acts (not in
        # "rejected Venezuela's claim", where the subject rejects)
        actor = speaks_for(owner[-1].entry, day)
        later = [speaks_for(m.entry, day) for m in outside if decision.cue_end <= m.start < clause.end]
        return actor, next((name for name in later if name != actor), "")
    if decision.category in _SPEAKER_OWN and speaker_actor and before and \
            _SUBJECT_GAP.fullmatch(body, before[-1].end, head) and before[-1].start > scope_start + 2 and \
            _OWN_VERB.match(body, head):
        # "Japan said it had conveyed its concern, and the European Union called on all parties to
        # refrain ...": a named subject of the appeal's own verb is its author, not the speaker
        actor = speaks_for(before[-1].entry, day)
        return actor, ""
    if decision.category in _SPEAKER_OWN and speaker_actor:
        actor = speaker_actor
        for mention in outside:
            name = speaks_for(mention.entry, day)
            if clause.start <= mention.start < clause.end and name != actor:
                return actor, name
        return actor, ""
    elif before:
        actor = speaks_for(before[0].entry, day)
    elif speaker_actor and decision.modality == "hypothetical" and not _FIRST_PERSON.search(body, clause.start, clause.end):
        actor = ""              # "an attack could come within days, US officials warned": not theirs
    elif speaker_actor and not _OTHER_PARTIES.match(body, scope_start) and (
            decision.category not in _REPORTED_ACTS or decision.modality != "actual"
            or _OWN_ACT.search(body, clause.start, clause.end)
            or (attribution.end <= decision.cue_start and _SPEAKER_SUBJECT.match(body, attribution.content_start))
            or (_state_speaker(speaker_actor) and _GENERIC_FORCES.match(body, scope_start)
                and decision.cue_start < (attribution.start if attribution.start > scope_start else len(body)))):
        actor = speaker_actor   # an attack told by officials is theirs when they say "we" or tell its course
    elif not _EACH_PARTY.match(body, scope_start):
        actor = previous_actor  # "... but each side accused the other": nobody's alone
    for mention in outside:
        if head < mention.start < clause.end or (decision.cue_end <= mention.start < clause.end):
            name = speaks_for(mention.entry, day)
            if name != actor:
                target = name
                break
    return actor, target


def _reversed_actor(body: str, decision: Decision, outside: list[Mention], attribution: Attribution | None,
                    mentions: list[Mention], day: date, scope_start: int, modifies) -> tuple[str, str]:
    """Actor and target of an act whose author is not its subject. `object`: an intercept names
    the attacker in its object ("shot down 35 Russian drones", "drones launched by Russia"), the
    subject is the defender (the target); `speaker`: "Israel would face a crushing response" is
    the speaker's threat against the subject."""
    clause = decision.clause
    subject = [m for m in outside if scope_start <= m.start and m.end <= decision.cue_start]
    if decision.actor_from == "object" and _PASSIVE_CUE.search(body, decision.cue_start, decision.cue_end):
        # "a Houthi missile ... was intercepted by a US destroyer": the launcher modifies the
        # weapon, the agent after "by" is the defender
        launcher = [m for m in outside if scope_start <= m.start < decision.cue_end and modifies(m)]
        defender = [m for m in outside if decision.cue_end <= m.start < clause.end
                    and _BY.search(body, max(0, m.start - 8), m.start)]
        actor = speaks_for(launcher[-1].entry, day) if launcher else ""
        target = speaks_for(defender[0].entry, day) if defender else _speaker_actor(attribution, mentions, day)
        return actor, target if target != actor else ""
    if decision.actor_from == "speaker":
        actor = _speaker_actor(attribution, mentions, day)
        target = speaks_for(subject[0].entry, day) if subject else ""
        return actor, target if target != actor else ""
    after = [m for m in outside if decision.cue_start <= m.start < clause.end
             and (modifies(m) or _BY.search(body, max(0, m.start - 8), m.start))]
    actor = speaks_for(after[0].entry, day) if after else ""
    target = speaks_for(subject[0].entry, day) if subject else _speaker_actor(attribution, mentions, day)
    return actor, target if target != actor else ""


def _owner_of_refused(body: str, decision: Decision, mentions: list[Mention], day: date, actor: str) -> str:
    """Who owns the act a subject rejects, when not the subject: "rejected any US military
    intervention", "dismissed Israel's threat of strikes" (a name inside the cue or just before it)."""
    for mention in mentions:
        if decision.cue_start <= mention.start < decision.cue_end or 0 <= decision.cue_start - mention.end <= 3 or (
                decision.clause.start <= mention.start and mention.end < decision.cue_start
                and _POSSESSIVE.match(body, mention.end) and len(body[mention.end:decision.cue_start].split()) <= 6):
            name = speaks_for(mention.entry, day)
            if name and name != actor:
                return name
    return ""


def _possessor(body: str, mention: Mention) -> bool:
    """"members of Israel's leadership": the possessor after a partitive "of" is the actor."""
    return _POSSESSIVE.match(body, mention.end) is not None and \
        _OF.search(body, max(0, mention.start - 10), mention.start) is not None


def _is_history(folded: str, decision: Decision, day: date) -> bool:
    clause = decision.clause
    spans = [(clause.start, clause.end)] if clause.hole[0] < 0 else \
        [(clause.start, clause.hole[0]), (clause.hole[1], clause.end)]     # not the relative clause inside
    # each named period ends with its month, its year or its decade ("in late 2023" ends on 31
    # December 2023); the clause is history when the latest end lies HISTORY_YEARS or more before the day
    ends = [_period_end(m) for a, b in spans for m in _YEAR.finditer(folded, a, b)]
    ends += [date(int(m.group(1)) + 9, 12, 31) for a, b in spans for m in _DECADE.finditer(folded, a, b)]
    ends += [date(_range_end(m), 12, 31) for a, b in spans for m in _RANGE.finditer(folded, a, b)]
    if not ends or decision.modality != "actual":
        return False
    try:
        horizon = day.replace(year=day.year - HISTORY_YEARS)
    except ValueError:          # 29 February
        horizon = day.replace(year=day.year - HISTORY_YEARS, day=28)
    return max(ends) <= horizon


_MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}


def _range_end(match: re.Match) -> int:
    first, last = match.group(1), match.group(2)
    return int(last) if len(last) == 4 else int(first[:2] + last)


def _period_end(match: re.Match) -> date:
    """The last day of the month or year a _YEAR match names."""
    year = int(match.group(1))
    month = _MONTHS.get(match.group(0)[:3])
    if month is None:
        return date(year, 12, 31)
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return following - timedelta(days=1)


def _state_speaker(name: str) -> bool:
    """Whether an actor is a state (whose organs speak for its own forces)."""
    entry = load_gazetteer().by_alias.get(name) if name else None
    return entry is not None and entry.kind == "state"


def _speaker_actor(attribution: Attribution | None, mentions: list[Mention], day: date) -> str:
    if attribution is None:
        return ""
    if attribution.entry is not None:
        return speaks_for(attribution.entry, day)
    inside = [m for m in mentions if attribution.start <= m.start < attribution.end]
    return speaks_for(inside[0].entry, day) if inside else ""
