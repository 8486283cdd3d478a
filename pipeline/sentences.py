"""Split an article into sentences with character offsets.

Rule-based on purpose: news prose is regular enough, it is fast, and its mistakes are easy to
explain. Abbreviations live in `data/abbreviations.yaml`.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .datafiles import load_yaml
from .records import Sentence

_DATA = Path(__file__).with_name("data") / "abbreviations.yaml"

# A candidate boundary: terminal punctuation, optional closing quotes/brackets, then space.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+)")
_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*")
_NEXT_WORD = re.compile(r"\s+([\"'“‘(\[]*)(\S)")
_NEWLINE = re.compile(r"\n")
_DOTTED = re.compile(r"(?:[a-z]\.)+[a-z]")
_LETTERS = re.compile(r"[A-Za-z]+")


@lru_cache(maxsize=1)
def _abbreviations() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    data = load_yaml(_DATA)
    plain = {str(w).lower() for key in ("titles", "months", "weekdays", "other") for w in data[key]}
    initialisms = {str(w).lower() for w in data["initialisms"]}
    starters = {str(w).lower() for w in data["sentence_starters"]}
    return frozenset(plain), frozenset(initialisms), frozenset(starters)


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of `text`, in order; offsets index into `text`; no sentence is empty."""
    spans: list[tuple[int, int]] = []
    for block_start, block_end in _blocks(text):
        spans.extend(_split_block(text, block_start, block_end))
    return [Sentence(i, s, e, text[s:e]) for i, (s, e) in enumerate(spans)]


def _blocks(text: str):
    """Paragraphs, and lines that stand alone (headlines, datelines, 'Reading time' lines)."""
    position = 0
    for match in _PARAGRAPH.finditer(text):
        yield from _lines(text, position, match.start())
        position = match.end()
    yield from _lines(text, position, len(text))


def _lines(text: str, start: int, end: int):
    """Hard-wrapped lines stay together; a line ending without a comma or letter run-on breaks.

    Linear in the block: each newline looks only at the end of the text before it (back to the
    last break) and at the first character after it, so a long hard-wrapped text with no
    paragraph breaks costs no more per line than a short one.
    """
    line_start = start
    for match in _NEWLINE.finditer(text, start, end):
        cut = match.start()
        stop = cut              # the end of the text since the last break, trailing spaces left out
        while stop > line_start and text[stop - 1].isspace():
            stop -= 1
        following = _NEXT_VISIBLE.search(text, cut + 1, end)
        if stop > line_start and following and (text[stop - 1] in ".!?:”\"'"
                                                or _stands_alone(text, line_start, stop, following.group())):
            yield line_start, cut
            line_start = cut + 1
    yield line_start, end


_NEXT_VISIBLE = re.compile(r"\S")
_CONTINUES = frozenset("a an the of in on at to for from by with and or but that who which as".split())
_SHORT_LINE = 60


def _stands_alone(text: str, start: int, stop: int, next_char: str) -> bool:
    """A short line not ending mid-phrase (a headline, a 'Reading time' line) is its own sentence.

    The line is `text[start:stop]`, its trailing spaces already left out; `next_char` is the first
    visible character after it.
    """
    if stop - start >= _SHORT_LINE or not next_char.isupper() or text[stop - 1] in ",;-(":
        return False
    return text[start:stop].rsplit(None, 1)[-1].lower() not in _CONTINUES


def _split_block(text: str, start: int, end: int):
    abbreviations = _abbreviations()
    block = text[start:end]
    reverse = block[::-1]
    sentence_start = 0
    for match in _BOUNDARY.finditer(block):
        cut = match.end()
        if not _is_boundary(block, reverse, match, *abbreviations):
            continue
        yield from _trimmed(text, start + sentence_start, start + cut)
        sentence_start = cut
    yield from _trimmed(text, start + sentence_start, end)


_NONSPACE_RUN = re.compile(r"\S*")


def _token_before(block: str, end: int, reverse: str) -> str:
    """The run of non-space characters that ends at `end` ("" when a space ends there), read
    forwards in `reverse`, the block reversed: one short match instead of a search back over the block."""
    at = len(block) - end
    return block[end - (_NONSPACE_RUN.match(reverse, at).end() - at):end]


def _is_boundary(block: str, reverse: str, match: re.Match, plain: frozenset[str], initialisms: frozenset[str],
                 starters: frozenset[str]) -> bool:
    following = _NEXT_WORD.match(block, match.end())
    if following is None:
        return True
    next_char = following.group(2)
    if match.group(0)[0] != ".":
        return not next_char.islower()
    token = _token_before(block, match.start(), reverse)
    word = token.lower().lstrip("\"'“‘(")
    if word in plain:
        return False
    if word in initialisms or _DOTTED.fullmatch(word):
        next_word = _LETTERS.match(block, following.start(2))
        return bool(next_word) and next_word.group(0).lower() in starters
    if len(word) == 1 and token.isupper():
        return False  # a middle initial: "George W. Bush"
    return not (next_char.islower() or next_char in ",;:")


def _trimmed(text: str, start: int, end: int):
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        yield start, end
