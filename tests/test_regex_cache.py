"""The compiled-pattern cache: patterns from the file behave exactly as `re.compile`'s, and a
missing, damaged or unwritable cache only costs the compile."""
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import regex_cache

ROOT = Path(__file__).resolve().parent.parent

# shapes the rule engines use: named groups and back-references, lookarounds, tries of names,
# case folding, Unicode classes, bounded repeats, a wide alternation
PATTERNS = [
    (r"(?P<day>\d{1,2})\s+(?P<month>April|May)\b(?:\s+(?P<year>\d{4}))?", 0),
    (r"(?<![\w])(?:last|this|next)\s+(?:week|month|year)(?![\w])", re.I),
    (r"(?:I(?<!\w.)(?:ran(?:ian)?|srael(?:i)?|raq)|H(?<!\w.)(?:amas|ezbollah))(?![\w])", 0),
    (r"[^\w-](?=[a-z])(?=(vow(?:ed|s)?|threat(?:en(?:ed|s)?)?|strik(?:e|es|ing)))", re.I),
    (r"(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})\s+(?P=name)?", 0),
    (r"\b(?:" + "|".join(f"word{n}" for n in range(300)) + r")\b", re.I),
    (r"[Ee]nvoys?\s+(?:met|meet)\s+in\s+\w+", re.ASCII),
    (r"(?s).{0,40}?(?<=\s)said\.$", re.M),
]
TEXT = ("On 13 April 2024 Iranian drones flew at Israel; officials in Tehran vowed more strikes. "
        "Envoys met in Cairo last week, Hamas said. Envoys met in Doha. word17 and WORD299 too.")


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """The module as in a new process, with its cache file under `tmp_path`."""
    monkeypatch.setenv(regex_cache.CACHE_DIR_VARIABLE, str(tmp_path))
    monkeypatch.setattr(regex_cache, "_compiled", {})
    monkeypatch.setattr(regex_cache, "_stored", None)
    monkeypatch.setattr(regex_cache, "_new", {})
    monkeypatch.setattr(regex_cache, "_usable", None)
    return regex_cache


def fresh(module) -> None:
    """Forget what this process compiled and read, as the next run would."""
    module._compiled.clear()
    module._new.clear()
    module._stored = None


def matches(pattern: re.Pattern) -> list:
    return [(m.span(), m.groups(), m.groupdict()) for m in pattern.finditer(TEXT)]


@pytest.mark.parametrize("pattern, flags", PATTERNS)
def test_a_pattern_from_the_file_equals_and_matches_as_re_compiles_it(cache, pattern, flags):
    expected = re.compile(pattern, flags)
    assert cache.compile_pattern(pattern, flags) == expected
    cache.save()
    fresh(cache)
    from_file = cache.compile_pattern(pattern, flags)
    assert not cache._new                       # read from the file, not compiled
    assert from_file == expected and from_file.flags == expected.flags
    assert from_file.groupindex == expected.groupindex and from_file.groups == expected.groups
    assert matches(from_file) == matches(expected)


def test_every_pattern_the_rules_compile_comes_back_the_same(tmp_path):
    """Process our own articles in one process (filling the file), then in another that must take
    every pattern from the file: same patterns, same events."""
    script = (
        "import json, re, sys\n"
        "from pipeline import regex_cache\n"
        "from pipeline.process import article_event_rows\n"
        "from pipeline.readers import read_inputs\n"
        "from pipeline.records import Article\n"
        "articles = [a for a in read_inputs([sys.argv[2]]) if isinstance(a, Article)]\n"
        "rows = [list(map(str, row)) for a in articles for row in article_event_rows(a)]\n"
        "same = all(p == re.compile(*key) for key, p in regex_cache._compiled.items())\n"
        "from_file = regex_cache._usable and not regex_cache._new\n"
        "regex_cache.save()\n"
        "print(json.dumps([len(regex_cache._compiled), same, from_file, rows]))\n"
    )
    env = {"PATH": "/usr/bin:/bin", regex_cache.CACHE_DIR_VARIABLE: str(tmp_path)}
    runs = [subprocess.run([sys.executable, "-c", script, which, str(ROOT / "data" / "demo")], cwd=ROOT, env=env,
                           capture_output=True, text=True, check=True) for which in ("first", "second")]
    first, second = (json.loads(run.stdout) for run in runs)
    assert first[0] > 50 and second[0] == first[0]     # the rules' patterns, all of them again
    assert first[1] and second[1]                      # each equal to re.compile's
    assert not first[2] and second[2]                  # compiled by the first run, read by the second
    assert first[3] and second[3] == first[3]          # the same events


def test_a_damaged_cache_file_is_ignored_and_written_anew(cache):
    path = cache.cache_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x00not marshal data")
    pattern, flags = PATTERNS[0]
    assert cache.compile_pattern(pattern, flags) == re.compile(pattern, flags)
    cache.save()
    fresh(cache)
    cache.compile_pattern(pattern, flags)
    assert not cache._new


def test_a_damaged_entry_is_compiled_anew_and_replaced(cache):
    pattern, flags = PATTERNS[4]
    cache.compile_pattern(pattern, flags)
    cache.save()
    fresh(cache)
    cache._stored = {(pattern, flags): (flags, b"\x01\x02", 0, {}, ())}      # code the engine refuses
    assert matches(cache.compile_pattern(pattern, flags)) == matches(re.compile(pattern, flags))
    assert (pattern, flags) in cache._new               # the right code goes back into the file


def test_an_unwritable_cache_costs_only_the_compile(cache, tmp_path, monkeypatch):
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(cache.CACHE_DIR_VARIABLE, str(blocker / "cache"))
    pattern, flags = PATTERNS[1]
    assert cache.compile_pattern(pattern, flags) == re.compile(pattern, flags)
    cache.save()                                # no exception
    assert not (blocker / "cache").exists()


def test_when_re_internals_differ_it_is_plain_re_compile(cache, monkeypatch):
    monkeypatch.setattr(cache, "_from_parts", lambda pattern, parts: re.compile("(?!)"))
    pattern, flags = PATTERNS[2]
    assert cache.compile_pattern(pattern, flags) == re.compile(pattern, flags)
    assert cache._usable is False
    cache.save()
    assert not cache.cache_file().exists()


def test_an_invalid_pattern_raises_as_re_compile_does(cache):
    with pytest.raises(re.error):
        cache.compile_pattern(r"(?P<open>unclosed")
