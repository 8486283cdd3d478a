"""Bytes to text: byte-order marks, UTF-16 without one, Latin-1 / cp1252, and binary refusal."""
import codecs

import pytest

from pipeline.readers.decode import DecodeError, decode_bytes, file_encoding

TEXT = "Diplomats met at a café in Genève on Tuesday – « calm » was the word.\nTalks resume on Friday.\n"


@pytest.mark.parametrize("data", [
    TEXT.encode("utf-8"),
    codecs.BOM_UTF8 + TEXT.encode("utf-8"),
    codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
    codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    TEXT.encode("utf-16-le"),
    TEXT.encode("utf-16-be"),
    codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"),
], ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "utf-16-le", "utf-16-be", "utf-32-bom"])
def test_unicode_encodings_decode_to_the_same_text(data):
    assert decode_bytes(data).lstrip("\ufeff") == TEXT


def test_latin1_falls_back_to_a_legacy_encoding():
    text = ("Les ministres se sont réunis à Genève mardi ; la délégation française a proposé "
            "une trêve et un échange de prisonniers avant la fin du mois.\n")
    assert decode_bytes(text.encode("latin-1")) == text


def test_cp1252_curly_quotes():
    text = "The minister said \u201cwe want calm\u201d \u2014 and left for Amman on Monday.\n" * 3
    assert decode_bytes(text.encode("cp1252")) == text


def test_declared_encoding_is_used_when_not_utf8():
    text = "<p>Réunion à Genève</p>"
    assert decode_bytes(text.encode("latin-1"), declared="iso-8859-1") == text


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
    (bytes(range(256)) * 8, "binary"),
    (b"\x01\x02\x03\x04\x05\x06\x07\x08" * 50, "binary"),
])
def test_binary_is_refused_with_a_reason(data, reason):
    with pytest.raises(DecodeError, match=reason):
        decode_bytes(data)


def test_a_stray_nul_is_dirt_not_binary():
    assert "Doha" in decode_bytes(b"The envoy arrived in Doha\x00 on Sunday, officials said. " * 3 + b"Talks resume on Monday, a spokesman added later." * 2)


def test_file_encoding_streams_utf8_and_detects_others(tmp_path):
    utf8 = tmp_path / "a.jsonl"
    utf8.write_bytes(("{}\n" * 1000 + '{"t": "é"}\n').encode("utf-8"))
    assert file_encoding(utf8, 10**6) == "utf-8"
    latin = tmp_path / "b.csv"
    latin.write_bytes("text\nLes délégués se sont réunis à Genève et à Zürich.\n".encode("latin-1"))
    encoding = file_encoding(latin, 10**6)
    assert "Genève" in latin.read_bytes().decode(encoding)
    pdf = tmp_path / "c.csv"
    pdf.write_bytes(b"%PDF-1.7\n")
    with pytest.raises(DecodeError, match="PDF"):
        file_encoding(pdf, 10**6)
