"""Split a sentence into clauses, each a span that can carry its own signal and date.

A clause boundary is a semicolon, a contrast ("but", "while", "though"), or a temporal or causal
subordinator ("after", "before", "amid", "following", ", as"). Clauses that open with a temporal
subordinator are marked `background`: their noun cues ("after two days of fighting") describe the
setting, not a new act, so only their verb cues count.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_BOUNDARY = re.compile(
    r";"
    r"|,?\s(?=(?:but|while|whereas|although|though|yet|after|before|amid|amidst|following|days after"
    r"|hours after|a day after|shortly after|weeks after|even as|despite|in response to"
    r"|in retaliation for|in the wake of)\s)"
    r"|,\s(?=(?:as|since|because|when|prompting|raising|sparking)\s)",
)
_BACKGROUND = re.compile(
    r"(?:after|before|amid|amidst|following|days after|hours after|a day after|shortly after|weeks after"
    r"|despite|in the wake of|since|in response to|in retaliation for|raising|sparking|prompting)\b",
)


@dataclass(frozen=True)
class Clause:
    start: int          # offsets into the sentence text
    end: int
    background: bool    # opens with a temporal or causal subordinator


def split_clauses(text: str) -> list[Clause]:
    """Clauses of one sentence, in order, covering its non-blank text.

    `text` is lower-cased (lexicon.fold) so that the patterns need no IGNORECASE."""
    clauses: list[Clause] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if match.start() > start:
            clauses.append(_clause(text, start, match.start()))
        start = match.end()
    if start < len(text):
        clauses.append(_clause(text, start, len(text)))
    clauses = [c for c in clauses if text[c.start:c.end].strip()] or [Clause(0, len(text), False)]
    first = clauses[0]
    comma = text.find(", ", first.start, first.end)
    if first.background and comma > 0:      # "Following his visit, Erdogan will meet ..."
        clauses[0:1] = [Clause(first.start, comma, True), _clause(text, comma + 2, first.end)]
    return clauses


def _clause(text: str, start: int, end: int) -> Clause:
    while start < end and text[start] in " ,;:\u2014-\t\n":
        start += 1
    return Clause(start, end, bool(_BACKGROUND.match(text, start)))
