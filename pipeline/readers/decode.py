"""Bytes to text: BOMs, UTF-16 without BOM, legacy 8-bit encodings, and binary refusal.

Order of evidence: a byte-order mark; known binary signatures (PDF, images, archives);
the NUL-byte pattern of BOM-less UTF-16; many NUL bytes (binary); strict UTF-8; an
encoding the document declares (HTML meta charset, XML declaration); charset-normalizer.
"""
from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import charset_normalizer

SAMPLE_BYTES = 64 * 1024
CHUNK_BYTES = 1024 * 1024

BOMS: tuple[tuple[bytes, str], ...] = (      # UTF-32 first: its LE mark starts like UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx/.epub file)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "an executable"),
    (b"MZ\x90\x00", "a Windows executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"{\\rtf", "an RTF document"),
)

MAX_CONTROL_SHARE = 0.10     # decoded text with more control characters than this is binary
WESTERN = ("cp1252", "latin_1", "iso8859_15")
MAX_CONTROL_BYTE_SHARE = 0.08  # bytes 0x00-0x08, 0x0E-0x1F, 0x7F: text has almost none
MAX_NUL_SHARE = 0.02         # a stray NUL is dirt in a text file; many NULs mean binary data


class DecodeError(ValueError):
    """The bytes are not text we can read; the message says why, for a person."""


def bom_encoding(head: bytes) -> str | None:
    for bom, name in BOMS:
        if head.startswith(bom):
            return name
    return None


def binary_signature(head: bytes) -> str | None:
    for magic, what in SIGNATURES:
        if head.startswith(magic):
            return what
    return None


def utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NUL bytes sit in every other position, as in mostly-Latin UTF-16."""
    sample = sample[: len(sample) - len(sample) % 2][:SAMPLE_BYTES]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    if odd_zeros >= 0.3 * pairs and even_zeros <= 0.05 * pairs:
        return "utf-16-le"
    if even_zeros >= 0.3 * pairs and odd_zeros <= 0.05 * pairs:
        return "utf-16-be"
    return None


def _refuse_binary(head: bytes) -> str | None:
    """Returns a UTF-16 codec for BOM-less UTF-16; raises DecodeError for binary data."""
    what = binary_signature(head)
    if what:
        raise DecodeError(f"this is {what}, not text")
    utf16 = utf16_without_bom(head)
    if utf16:
        return utf16
    _refuse_nuls(head)
    return None


_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 32), 127])


def _refuse_nuls(data: bytes) -> None:
    """Refuse binary data: many NUL bytes, or many other control bytes (8-bit encodings only)."""
    if data.count(0) > MAX_NUL_SHARE * len(data):
        raise DecodeError("binary data (contains NUL bytes), not text")
    sample = data[:SAMPLE_BYTES]
    if len(sample) - len(sample.translate(None, _CONTROL_BYTES)) > MAX_CONTROL_BYTE_SHARE * len(sample):
        raise DecodeError("binary data (many control bytes), not text")


def _check_controls(text: str) -> str:
    sample = text[:SAMPLE_BYTES]
    if sample:
        controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v")
        if controls > MAX_CONTROL_SHARE * len(sample):
            raise DecodeError("binary data (mostly control characters), not text")
    return text


def _known_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("'\"")).name
    except (LookupError, ValueError):
        return None


# Bytes 0x80-0x9F: control characters in ISO-8859, letters in DOS code pages, and these
# punctuation marks (quotes, dashes, ellipsis, euro) in every Windows code page used for news.
WINDOWS_PUNCTUATION = bytes([0x80, 0x82, 0x84, 0x85, 0x86, 0x87, 0x89, 0x8B, 0x91, 0x92, 0x93, 0x94,
                             0x95, 0x96, 0x97, 0x99, 0x9B])
WINDOWS_CODEPAGES = ["cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1257"]
_NOT_C1 = bytes(b for b in range(256) if not 0x80 <= b <= 0x9F)
MAX_UTF8_ERROR_SHARE = 0.01


def _windows_punctuation(data: bytes) -> bool:
    """True when the 0x80-0x9F bytes present are all Windows punctuation (smart quotes, dashes...)."""
    c1 = data.translate(None, _NOT_C1)
    return bool(c1) and not c1.translate(None, WINDOWS_PUNCTUATION)


def mostly_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few broken bytes (replaced by U+FFFD), when the rest proves it is UTF-8."""
    text = data.decode("utf-8", "replace")
    broken = text.count("\ufffd")
    wide = len(text) - len(text.encode("ascii", "ignore")) - broken
    if broken and wide > 0 and 4 * wide >= broken and broken <= max(3, MAX_UTF8_ERROR_SHARE * len(text)):
        return text
    return None


def _legacy(data: bytes, declared: str | None) -> tuple[str, str]:
    """(codec, text) for bytes that are not UTF-8."""
    codec = _known_codec(declared)
    if codec and not codec.startswith(("utf-8", "utf_8")):
        try:
            return codec, data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            pass
    matches = []
    if _windows_punctuation(data):        # not a DOS code page (cp775/cp850 would make quotes letters)
        matches = list(charset_normalizer.from_bytes(data, cp_isolation=WINDOWS_CODEPAGES))
    matches = matches or list(charset_normalizer.from_bytes(data))
    if not matches:
        raise DecodeError("undecodable: not UTF-8, and no likely text encoding found")
    best = matches[0]
    # Ties are common on short Western text (cp1250, cp1252, cp1257 all decode it without
    # "chaos"); saved news in Western languages is by far most often cp1252 / Latin-1.
    for match in matches:
        if (match.encoding in WESTERN and match.percent_chaos <= best.percent_chaos
                and match.percent_coherence >= best.percent_coherence - 1.0):
            best = match
            break
    return best.encoding, str(best)


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode a whole input; `declared` is an encoding the document names for itself."""
    if not data:
        raise DecodeError("empty file")
    bom = bom_encoding(data[:4])
    if bom:
        try:
            return _check_controls(data.decode(bom))
        except UnicodeDecodeError as exc:
            raise DecodeError(f"starts with a {bom} byte-order mark but is not valid {bom}: {exc.reason}") from None
    utf16 = _refuse_binary(data[:SAMPLE_BYTES])
    if utf16:
        try:
            return _check_controls(data.decode(utf16))
        except UnicodeDecodeError:
            raise DecodeError("looks like UTF-16 without a byte-order mark but does not decode as such") from None
    _refuse_nuls(data)
    try:
        return _check_controls(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    repaired = mostly_utf8(data)
    if repaired is not None:
        return _check_controls(repaired)
    return _check_controls(_legacy(data, declared)[1])


def file_encoding(path: Path, max_bytes: int) -> str:
    """The codec to stream a file with, found without holding it in memory when it is UTF-8."""
    with open(path, "rb") as handle:
        head = handle.read(SAMPLE_BYTES)
        if not head:
            raise DecodeError("empty file")
        bom = bom_encoding(head[:4])
        if bom:
            return bom
        utf16 = _refuse_binary(head)
        if utf16:
            return utf16
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := handle.read(CHUNK_BYTES):
                _refuse_nuls(chunk)
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
            _check_controls(head.decode("utf-8", "ignore"))
            return "utf-8"
        except UnicodeDecodeError:
            pass
        handle.seek(0)
        data = handle.read(max_bytes)
    codec, text = _legacy(data, None)
    _check_controls(text)
    return codec
