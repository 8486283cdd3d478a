"""Stable article ids: the same input always gives the same id."""
from __future__ import annotations

import hashlib
import unicodedata

ID_HEX_CHARS = 16
MAX_OWN_ID_CHARS = 200


def _normalised(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def article_id(text: str, source: str = "", own_id: str | None = None) -> str:
    """The article's own id when it has one, else a short sha1 of its normalised text and source.

    Whitespace differences do not change the hash, so a re-saved copy keeps its id. Own ids
    that are too long to show (some feeds use whole URLs with query strings) are hashed too.
    """
    if own_id is not None:
        own = _normalised(str(own_id))
        if own and len(own) <= MAX_OWN_ID_CHARS:
            return own
        if own:
            return "id-" + hashlib.sha1(own.encode("utf-8")).hexdigest()[:ID_HEX_CHARS]
    payload = _normalised(text) + "\x1f" + _normalised(source).casefold()
    return hashlib.sha1(payload.encode("utf-8", "surrogatepass")).hexdigest()[:ID_HEX_CHARS]
