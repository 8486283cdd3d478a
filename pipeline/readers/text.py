"""Plain text and Markdown articles, with optional front matter between `---` lines.

    ---
    title: Ministers meet in Muscat
    published: 2024-04-15T08:20+04:00
    source: Harbour Post
    ---
    Foreign ministers met on Monday ...

Front matter is read as simple `key: value` lines (not full YAML: YAML would turn
`09:30` into 570 and choke on titles with colons). Keys follow fields.yaml.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.records import Article, Rejection
from pipeline.readers.build import Defaults, build_article, pick_fields

_FENCE = re.compile(r"---\s*")
_END_FENCE = re.compile(r"(?:---|\.\.\.)\s*")
_KEY_VALUE = re.compile(r"\s*([A-Za-z_][\w .-]{0,40}?)\s*:\s?(.*)")
MAX_FRONT_MATTER_LINES = 200

# Light Markdown to text: the later stages read sentences, not markup. Spans are bounded
# so a 2-million-character line cannot make a pattern backtrack for minutes.
_MARKDOWN = (
    (re.compile(r"<!--.*?-->", re.S), ""),
    (re.compile(r"!\[([^\]\n]{0,500})\]\([^)\n]{0,2000}\)"), r"\1"),
    (re.compile(r"\[([^\]\n]{1,500})\]\([^)\n]{0,2000}\)"), r"\1"),
    (re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$", re.M), r"\1"),
    (re.compile(r"^[ \t]{0,3}>[ \t]?", re.M), ""),
    (re.compile(r"^[ \t]{0,3}(?:[-*_][ \t]*){3,}$", re.M), ""),
    (re.compile(r"(\*\*|__)(?=\S)([^\n]{1,500}?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]{1,500}?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"`([^`\n]{1,500})`"), r"\1"),
)
_HEADING = re.compile(r"\A\s*#[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def split_front_matter(text: str) -> tuple[dict[str, str], str] | str:
    """(fields, body), or a reason string when front matter is opened but broken."""
    lines = text.split("\n")
    if not lines or not _FENCE.fullmatch(lines[0]):
        return {}, text
    for number, line in enumerate(lines[1:MAX_FRONT_MATTER_LINES + 1], start=1):
        if _END_FENCE.fullmatch(line):
            header = lines[1:number]
            break
    else:
        first = next((line for line in lines[1:] if line.strip()), "")
        if _KEY_VALUE.fullmatch(first):
            return "front matter opened with '---' on line 1 is never closed with another '---'"
        return {}, text                     # a leading horizontal rule, not front matter
    fields: dict[str, str] = {}
    for line in header:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _KEY_VALUE.fullmatch(line)
        if match:
            fields.setdefault(match.group(1).strip(), _unquote(match.group(2)))
    return fields, "\n".join(lines[number + 1:])


def markdown_to_text(body: str) -> str:
    for pattern, replacement in _MARKDOWN:
        body = pattern.sub(replacement, body)
    return body


def read_text(text: str, origin: str, defaults: Defaults, markdown: bool = False) -> Iterator[Article | Rejection]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    split = split_front_matter(text)
    if isinstance(split, str):
        yield Rejection(origin, split)
        return
    header, body = split
    fields = pick_fields(header)
    if markdown:
        heading = _HEADING.search(body)
        if heading and "title" not in fields:
            fields["title"] = markdown_to_text(heading.group(1))
        body = markdown_to_text(body)
    fields["text"] = body
    yield build_article(fields, origin, defaults)
