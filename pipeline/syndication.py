"""Near-duplicate articles (the same wire copy on many sites, small edits) by MinHash.

Each text becomes the set of its word 3-grams ("shingles"); `PERMUTATIONS` hash functions give a
MinHash signature whose agreement estimates the Jaccard similarity of two texts. Copies with a
similarity of at least `MIN_SIMILARITY` are one story. For lookups the signature is cut into
`BANDS` bands (locality-sensitive hashing): near-duplicates share at least one band with high
probability, so the store compares only articles that share a band.
"""
from __future__ import annotations

import hashlib
import re
from functools import partial
from typing import NamedTuple

import numpy as np

SHINGLE_WORDS = 3
PERMUTATIONS = 64
BANDS = 16                      # 16 bands of 4 rows: a pair with similarity 0.7 shares a band with p > 0.99
MIN_SIMILARITY = 0.5
_ROWS = PERMUTATIONS // BANDS
_WORD = re.compile(r"\w+", re.UNICODE)
_ASCII_WORD = re.compile(r"[A-Za-z0-9_]+")     # `_WORD` on ASCII text, without \w's Unicode lookups
# The hash functions: h(v) = ((a * v + b) mod 2**64) >> 32 over a shingle's 32-bit hash v, with a and
# b random 64-bit numbers (a odd): Dietzfelbinger's multiply-add-shift, a strongly universal family,
# so the functions order the shingles independently of each other. (The first scheme, (a * v + b)
# mod (2**61 - 1) with a and b below 2**31, barely wrapped: every function ranked shingles by v,
# the shingle with the smallest hash won most of them, and texts sharing one common phrase looked
# like copies.) `SCHEME` names the functions; a store made with others computes its signatures again.
SCHEME = "multiply-add-shift-64/v2"
_rng = np.random.default_rng(20240413)          # fixed seed: signatures are stable across runs
_A = _rng.integers(0, 1 << 64, PERMUTATIONS, dtype=np.uint64) | np.uint64(1)
_B = _rng.integers(0, 1 << 64, PERMUTATIONS, dtype=np.uint64)


_blake4 = partial(hashlib.blake2b, digest_size=4)
_blake7 = partial(hashlib.blake2b, digest_size=7)
_digest = hashlib.blake2b.digest


def _words(text: str) -> list[str]:
    low = text.lower()
    return (_ASCII_WORD if low.isascii() else _WORD).findall(low)


def shingles(text: str) -> set[str]:
    words = _words(text)
    if len(words) <= SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return set(map(" ".join, zip(*(words[i:] for i in range(SHINGLE_WORDS)))))


def _hash32(token: str) -> int:
    return int.from_bytes(_blake4(token.encode("utf-8")).digest(), "big")


def signature(text: str) -> np.ndarray:
    """MinHash signature (uint32[PERMUTATIONS]); all-zero for a text without words."""
    # the shingles (`shingles`) as UTF-8 byte strings: the words are encoded at once (no word holds
    # a NUL), then joined
    words = _words(text)
    if len(words) <= SHINGLE_WORDS:
        tokens = {" ".join(words).encode("utf-8")} if words else set()
    else:
        encoded = "\0".join(words).encode("utf-8").split(b"\0")
        tokens = set(map(b" ".join, zip(*(encoded[i:] for i in range(SHINGLE_WORDS)))))
    if not tokens:
        return np.zeros(PERMUTATIONS, dtype=np.uint32)
    # each shingle's 32-bit hash (`_hash32`), computed as one byte string
    digests = b"".join(map(_digest, map(_blake4, tokens)))
    values = np.frombuffer(digests, dtype=">u4").astype(np.uint64)
    return _min_hashes(values)


# `_min_hashes` works on a few functions at a time: its temporaries stay in the CPU cache.
_CHUNK_ELEMENTS = 1 << 14
_A_COLUMN, _B_COLUMN = _A[:, None], _B[:, None]
_SHIFT = np.uint64(32)


def _min_hashes(values: np.ndarray) -> np.ndarray:
    """min over `values` of ((a * v + b) mod 2**64) >> 32 for each function's (a, b): uint32[PERMUTATIONS].

    numpy's unsigned arithmetic wraps modulo 2**64, which is the reduction the family needs.
    """
    rows = max(1, min(PERMUTATIONS, _CHUNK_ELEMENTS // max(1, len(values))))
    lowest = np.empty(PERMUTATIONS, dtype=np.uint64)
    for first in range(0, PERMUTATIONS, rows):
        hashed = _A_COLUMN[first:first + rows] * values
        hashed += _B_COLUMN[first:first + rows]
        hashed >>= _SHIFT
        hashed.min(axis=1, out=lowest[first:first + rows])
    return lowest.astype(np.uint32)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets."""
    if not a.any() or not b.any():
        return 0.0
    return float(np.count_nonzero(a == b)) / PERMUTATIONS


def similarities(sig: np.ndarray, blobs: list[bytes]) -> list[float]:
    """`similarity` of `sig` with each stored signature (`to_blob` bytes), in one pass."""
    if not blobs:
        return []
    others = np.frombuffer(b"".join(blobs), dtype="<u4").reshape(len(blobs), PERMUTATIONS)
    if not sig.any():
        return [0.0] * len(blobs)
    agree = np.count_nonzero(others == sig, axis=1) / PERMUTATIONS
    agree[~others.any(axis=1)] = 0.0
    return agree.tolist()


def is_near_duplicate(a: np.ndarray, b: np.ndarray) -> bool:
    return similarity(a, b) >= MIN_SIMILARITY


def bands(sig: np.ndarray) -> list[tuple[int, int]]:
    """(band number, band key) pairs used as lookup keys; none for an empty text."""
    if not sig.any():
        return []
    raw, size = sig.astype(np.uint32, copy=False).tobytes(), _ROWS * 4
    # each band's key: the 7-byte digest of its rows read as a big-endian integer
    digests = b"".join([b"\0" + _blake7(raw[band * size:(band + 1) * size]).digest() for band in range(BANDS)])
    return list(enumerate(np.frombuffer(digests, dtype=">u8").tolist()))


class Fingerprint(NamedTuple):
    """What the store needs of a text for near-duplicate lookup, computed once (in a worker)."""

    sig: np.ndarray                     # the MinHash signature
    keys: list[tuple[int, int]]         # its LSH band keys (`bands`)
    blob: bytes                         # its stored form (`to_blob`)


def fingerprint(text: str) -> Fingerprint:
    sig = signature(text)
    return Fingerprint(sig, bands(sig), to_blob(sig))


def to_blob(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u4").astype(np.uint32)
