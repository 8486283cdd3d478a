"""Saved web pages: main text, title, site name, and the publication time with its zone."""
from datetime import date, time
from pathlib import Path

from pipeline.readers import NO_DATE, read_inputs
from pipeline.records import Article, Rejection

GOOD = Path(__file__).parent / "fixtures" / "inputs" / "good"
BAD = Path(__file__).parent / "fixtures" / "bad_inputs"

BODY = ("<p>Israel's war cabinet met on Monday to discuss the answer to Saturday's attack, officials "
        "said, while allies urged restraint and warned against a wider war in the region.</p>"
        "<p>Diplomats said messages had been passed to Tehran through intermediaries over the weekend.</p>")


def one(path, **kwargs):
    items = list(read_inputs([str(path)], **kwargs))
    assert len(items) == 1, items
    return items[0]


def page(tmp_path, head, body=BODY, name="page.html", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(f"<!DOCTYPE html><html lang=\"en\"><head>{head}</head><body><article>{body}"
                     "</article><footer>Copyright 2019 Example Media</footer></body></html>".encode(encoding))
    return path


def test_article_published_time_keeps_time_and_zone():
    article = one(GOOD / "harbour_post.html")
    assert isinstance(article, Article)
    assert (article.anchor.day, article.anchor.clock, article.anchor.tz) == (date(2024, 4, 16), time(6, 45), "+03:00")
    assert article.published == "2024-04-16T06:45+03:00"
    assert article.title == "Israel weighs its response as allies urge restraint"
    assert article.source == "Harbour Post"
    assert article.url == "https://harbourpost.example/world/israel-weighs-response"
    assert "war cabinet met for a second day" in article.text
    assert "Home" not in article.text and "analytics" not in article.text and "Copyright" not in article.text


def test_json_ld_date_published():
    article = one(GOOD / "jsonld_page.html")
    assert article.published == "2024-04-15T17:10+04:00"
    assert article.source == "Gulf Evening Wire"
    assert article.text.startswith("Markets steady")


def test_command_line_source_beats_the_site_name():
    assert one(GOOD / "harbour_post.html", source="My Archive").source == "My Archive"


def test_date_only_metadata_through_htmldate(tmp_path):
    path = page(tmp_path, '<title>Talks</title><meta name="date" content="2024-04-17">')
    article = one(path)
    assert article.published == "2024-04-17" and article.anchor.clock is None


def test_copyright_year_is_not_a_publication_date(tmp_path):
    path = page(tmp_path, "<title>No date here</title>")
    assert one(path) == Rejection(str(path), NO_DATE)
    assert one(path, published="2024-04-15").published == "2024-04-15"


def test_itemprop_time_element(tmp_path):
    body = '<time itemprop="datePublished" datetime="2024-04-19T05:30:00+03:30">Friday</time>' + BODY
    assert one(page(tmp_path, "<title>Isfahan</title>", body=body)).published == "2024-04-19T05:30+03:30"


def test_impossible_metadata_date_is_rejected_with_the_reason(tmp_path):
    path = page(tmp_path, '<meta property="article:published_time" content="2024-02-30T10:00:00Z">')
    rejection = one(path, published="2024-04-14")
    assert isinstance(rejection, Rejection) and "February 2024 has 29 days" in rejection.reason


def test_declared_latin1_page(tmp_path):
    body = "<p>Les ministres se sont réunis à Genève mardi pour parler d'une trêve, a indiqué la délégation.</p>" * 2
    path = page(tmp_path, '<meta charset="iso-8859-1"><meta property="article:published_time" content="2024-04-16">',
                body=body, encoding="latin-1")
    assert "réunis à Genève" in one(path).text


def test_pages_without_a_body():
    rejection = one(BAD / "no_body.html")
    assert isinstance(rejection, Rejection) and "no article text" in rejection.reason


def test_hostile_markup_is_not_text(tmp_path):
    body = "<script>alert(1)</script><!-- hidden note -->" + BODY + "<img src=x onerror=alert(2)>"
    article = one(page(tmp_path, "<title>x</title>", body=body), published="2024-04-15")
    assert "alert" not in article.text and "hidden note" not in article.text
