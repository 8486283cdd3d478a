"""Compiled regular expressions kept between runs, as Python keeps compiled modules in __pycache__.

The rule engines build hundreds of large patterns from their data files (lexicon alternations,
name tries, temporal rules), and Python's `re` parses and compiles each again in every process:
0.4 s of CPU, most of what loading the rules costs, paid by every run and, with `--workers`,
before the workers can start. Parsing and compiling are pure functions of the pattern, its flags
and the Python version, so their result, the engine's code for the pattern, is kept in a file
per Python version (marshal: plain numbers and strings, nothing executable) and handed back to
the engine directly on later runs.

That hand-over uses `re`'s internals (`_parser`, `_compiler._code`, `_sre.compile`). A probe
checks at first use that a pattern made this way equals the one `re.compile` makes; if not, or
if anything fails, `compile_pattern` is `re.compile` and nothing is written.
"""
from __future__ import annotations

import atexit
import hashlib
import marshal
import os
import re
import sys
import tempfile
from array import array
from pathlib import Path

try:
    import _sre
    from re import _compiler, _parser
except ImportError:         # another Python: the plain path only
    _sre = _compiler = _parser = None

# (pattern, flags) -> (flags, code, groups, groupindex, indexgroup): what _sre.compile takes, with
# the code as the bytes of a machine array (a list of Python ints would take ~8 times the memory,
# in every process)
Parts = tuple[int, bytes, int, dict, tuple]
_CODE_TYPE = {2: "H", 4: "I", 8: "Q"}.get(getattr(_sre, "CODESIZE", 0), "I")
CACHE_DIR_VARIABLE = "TIMELINE_CACHE_DIR"
# Past this many patterns (rules edited over many versions), a save keeps only this run's patterns.
MAX_ENTRIES = 20_000
_PROBE = (r"(?P<day>\d{1,2})\s+(?:of\s+)?(?P<month>jan(?:uary)?|feb)\b(?!\w)[^.]*?(?<=\s)(?P=day)?", re.I)

_compiled: dict[tuple[str, int], re.Pattern] = {}
_stored: dict[tuple[str, int], Parts] | None = None        # None: not read yet
_new: dict[tuple[str, int], Parts] = {}
_usable: bool | None = None


def cache_file() -> Path:
    """The cache of this Python version: under $TIMELINE_CACHE_DIR, else $XDG_CACHE_HOME or ~/.cache."""
    folder = os.environ.get(CACHE_DIR_VARIABLE)
    if not folder:
        folder = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"),
                              "escalation-timeline")
    version = f"{sys.version}|{getattr(_sre, 'MAGIC', '')}|{getattr(_sre, 'CODESIZE', '')}"
    return Path(folder) / f"regex-{hashlib.blake2b(version.encode(), digest_size=6).hexdigest()}.marshal"


def _parts(pattern: str, flags: int) -> Parts:
    """What `re._compiler.compile` hands `_sre.compile` for this pattern (the same steps)."""
    parsed = _parser.parse(pattern, flags)
    code = array(_CODE_TYPE, _compiler._code(parsed, flags)).tobytes()
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, number in groupindex.items():
        indexgroup[number] = name
    return int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex, tuple(indexgroup)


def _from_parts(pattern: str, parts: Parts) -> re.Pattern:
    flags, code, groups, groupindex, indexgroup = parts
    return _sre.compile(pattern, flags, array(_CODE_TYPE, code).tolist(), groups, groupindex, indexgroup)


def _check() -> bool:
    try:
        pattern, flags = _PROBE
        return _sre is not None and _from_parts(pattern, _parts(pattern, int(flags))) == re.compile(pattern, flags)
    except Exception:  # noqa: BLE001 - any surprise in re's internals: use re.compile
        return False


def _read() -> dict[tuple[str, int], Parts]:
    try:
        stored = marshal.loads(cache_file().read_bytes())
        return stored if isinstance(stored, dict) else {}
    except (OSError, EOFError, ValueError, TypeError):     # none yet, unreadable or damaged: start anew
        return {}


def compile_pattern(pattern: str, flags: int = 0) -> re.Pattern:
    """`re.compile(pattern, flags)`, from the cache file when an earlier run compiled the pattern."""
    global _stored, _usable
    key = (pattern, int(flags))
    found = _compiled.get(key)
    if found is not None:
        return found
    if _usable is None:
        _usable = _check()
        if _usable:
            atexit.register(save)
    if not _usable:
        found = _compiled[key] = re.compile(pattern, flags)
        return found
    if _stored is None:
        _stored = _read()
    parts = _stored.get(key)
    if parts is not None:
        try:
            found = _from_parts(pattern, parts)
        except Exception:  # noqa: BLE001 - a damaged entry: compiled anew below, and replaced in the file
            found = None
    if found is None:
        parts = _new[key] = _parts(pattern, int(flags))     # an invalid pattern raises re.error, as re.compile
        found = _from_parts(pattern, parts)
    _compiled[key] = found
    return found


def save() -> None:
    """Add the patterns compiled since the last save to the cache file (merged with what another
    process wrote meanwhile; replaced whole, so a reader never sees half a file). Never raises:
    without a writable cache the patterns are compiled again next time."""
    global _stored
    if not _new:
        return
    path = cache_file()
    try:
        merged = _read()
        merged.update(_new)
        if len(merged) > MAX_ENTRIES:
            merged = {key: parts for key, parts in merged.items() if key in _compiled}
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(marshal.dumps(merged))
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except (OSError, ValueError):
        return
    _stored = merged
    _new.clear()
