"""Text normalisation shared by all readers: the article text every later offset refers to."""
from __future__ import annotations

import re
import unicodedata

_NEWLINES = re.compile(r"\r\n|\r|\u0085|\u2028|\u2029")
_TERMINAL_ESCAPES = re.compile(r"\x1b\[[0-?]{0,32}[ -/]{0,8}[@-~]|\x9b[0-?]{0,32}[ -/]{0,8}[@-~]")  # ANSI colours
# C0/C1 controls except \t and \n, DEL, lone surrogates, BOM / zero-width no-break space.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufeff\ufffe\uffff]")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")


def clean_text(text: str) -> str:
    """Normalise newlines to \\n, drop colour codes and controls (keep \\n, \\t), NFC, strip.

    Right-to-left marks and other format characters stay: they carry meaning in RTL text.
    """
    # Each substitution runs only where a substring it needs is present (a cheap scan): same result.
    if "\r" in text or "\x85" in text or "\u2028" in text or "\u2029" in text:
        text = _NEWLINES.sub("\n", text)
    if "\x1b" in text or "\x9b" in text:
        text = _TERMINAL_ESCAPES.sub("", text)
    text = _CONTROLS.sub("", text)
    text = unicodedata.normalize("NFC", text)
    if " \n" in text or "\t\n" in text:
        text = _TRAILING_SPACE.sub("\n", text)
    if "\n\n\n" in text:
        text = _MANY_BLANK_LINES.sub("\n\n", text)
    return text.strip()


def clean_line(value: str) -> str:
    """A one-line field (title, source, url): controls dropped, whitespace collapsed."""
    return " ".join(clean_text(value).split())
