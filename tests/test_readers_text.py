"""Plain text and Markdown with front matter."""
from datetime import date, time
from pathlib import Path

from pipeline.readers import NO_DATE, read_inputs
from pipeline.records import Article, Rejection

GOOD = Path(__file__).parent / "fixtures" / "inputs" / "good"
BAD = Path(__file__).parent / "fixtures" / "bad_inputs"


def one(path, **kwargs):
    items = list(read_inputs([str(path)], **kwargs))
    assert len(items) == 1, items
    return items[0]


def test_markdown_front_matter_gives_every_field():
    article = one(GOOD / "muscat_talks.md")
    assert isinstance(article, Article)
    assert article.title == "Regional ministers meet in Muscat: calls for calm"
    assert (article.anchor.day, article.anchor.clock, article.anchor.tz) == (date(2024, 4, 15), time(8, 20), "+04:00")
    assert article.published == "2024-04-15T08:20+04:00"
    assert article.source == "Harbour Post"
    assert article.url == "https://harbourpost.example/world/muscat-talks"
    assert article.language == "en"
    assert article.article_id == "hp-2024-0415-muscat"
    assert article.origin.endswith("muscat_talks.md")
    # Markdown markup is gone, the words stay.
    assert article.text.startswith("Regional ministers meet in Muscat\n\nForeign ministers")
    assert "**" not in article.text and "](" not in article.text
    assert "See the earlier report for background." in article.text


def test_plain_text_needs_a_date_from_somewhere():
    rejection = one(GOOD / "plain_note.txt")
    assert rejection == Rejection(str(GOOD / "plain_note.txt"), NO_DATE)
    article = one(GOOD / "plain_note.txt", published="2024-04-14", source="Capital Dispatch")
    assert article.anchor.day == date(2024, 4, 14) and article.anchor.clock is None
    assert article.published == "2024-04-14"
    assert article.source == "Capital Dispatch"
    assert article.title == ""
    assert article.text.startswith("Air defences over central Israel")


def test_front_matter_date_wins_over_the_command_line():
    article = one(GOOD / "muscat_talks.md", published="2024-01-01", source="Other Outlet")
    assert article.anchor.day == date(2024, 4, 15)
    assert article.source == "Harbour Post"


def test_control_characters_are_stripped_but_newlines_and_tabs_kept():
    article = one(BAD / "control_chars.txt")
    assert article.text == "The envoy arrived in Doha on Sunday.\nTalks\tresumed later."


def test_mixed_line_endings_become_newlines():
    assert one(BAD / "mixed_newlines.txt").text == (
        "First paragraph written on Windows.\nSecond line from an old Mac.\nThird line from Unix.")


def test_right_to_left_text_and_emoji_survive():
    text = one(BAD / "rtl_emoji.md").text
    assert "\u05e9\u05dc\u05d5\u05dd" in text and "\U0001F54A" in text and "\u200f" in text


def test_unclosed_front_matter_is_rejected_with_the_reason():
    assert "never closed" in one(BAD / "unclosed_front_matter.md").reason


def test_a_leading_horizontal_rule_is_not_front_matter(tmp_path):
    path = tmp_path / "rule.md"
    path.write_text("---\n\nTroops were moved to the border on Tuesday, officials said.\n", encoding="utf-8")
    article = one(path, published="2024-04-16")
    assert article.text == "Troops were moved to the border on Tuesday, officials said."


def test_front_matter_times_are_not_read_as_yaml_numbers(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("---\ntitle: 'Night: sirens'\ndate: 2024-04-13 23:40 +03:00\n---\nSirens sounded.\n",
                    encoding="utf-8")
    article = one(path)
    assert article.published == "2024-04-13T23:40+03:00" and article.title == "Night: sirens"


def test_encoded_text_files():
    assert "café" in one(BAD / "latin1.txt").text
    assert one(BAD / "latin1.txt").title == "Café talks in Genève"
    assert one(BAD / "utf16_nobom.txt").text.startswith("Officials said on Tuesday")
    assert one(BAD / "utf16_bom.md").published == "2024-04-16"


def test_impossible_front_matter_date_is_rejected():
    assert "February 2024 has 29 days" in one(BAD / "impossible_date.md").reason
