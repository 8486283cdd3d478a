"""From command-line specs (files, folders, globs, `-`, URLs) to the list of inputs to read.

Folders are walked recursively in sorted order, skipping hidden names; symbolic links are
followed once, and a link back to a folder being walked is reported as a loop, not followed.
"""
from __future__ import annotations

import glob
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.records import Rejection

STDIN = "<stdin>"
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]+):")
# Schemes named as such when given as an input (and not an existing file): never fetched.
OTHER_SCHEMES = {"file", "ftp", "ftps", "sftp", "javascript", "data", "vbscript", "mailto", "about",
                 "blob", "gopher", "ws", "wss", "ssh", "smb", "ldap", "dict", "telnet", "tftp", "jar"}
GLOB_CHARS = set("*?[")
MAX_DEPTH = 64
KNOWN_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".json", ".jsonl", ".ndjson", ".jsonlines",
                  ".csv", ".tsv", ".html", ".htm", ".xhtml", ".shtml", ".xml", ".rss", ".atom", ".rdf", ".feed"}
# Files a saved web page drags along; in folders they are skipped without a word.
ASSET_SUFFIXES = {".css", ".js", ".mjs", ".map", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".ico",
                  ".woff", ".woff2", ".ttf", ".otf", ".eot", ".avif", ".bmp", ".tif", ".tiff", ".mp4", ".webm"}


@dataclass(frozen=True)
class Input:
    """One file, URL (`url`), or stdin (neither), to read, named as the user will see it."""

    origin: str
    path: Path | None = None
    url: str = ""

    @property
    def suffix(self) -> str:
        return self.path.suffix.lower() if self.path is not None else ""


def _identity(path: str) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_dev, info.st_ino


def _walk(folder: str, ancestors: list[tuple[int, int]], visited: set[tuple[int, int]],
          depth: int) -> Iterator[Input | Rejection]:
    if depth > MAX_DEPTH:
        yield Rejection(folder, f"folders nested deeper than {MAX_DEPTH} levels; not read further")
        return
    try:
        names = sorted(os.listdir(folder))
    except OSError as exc:
        yield Rejection(folder, f"cannot list folder: {exc.strerror or exc}")
        return
    for name in names:
        if name.startswith("."):
            continue
        path = os.path.join(folder, name)
        try:
            identity = _identity(path)
        except OSError as exc:
            if os.path.islink(path):
                loop = getattr(exc, "errno", None) == 40
                yield Rejection(path, "symlink loop: the link resolves to itself" if loop
                                else "broken symbolic link")
            else:
                yield Rejection(path, f"cannot read: {exc.strerror or exc}")
            continue
        if os.path.isdir(path):
            if identity in ancestors:
                yield Rejection(path, "symlink loop: links back to a folder that contains it; not followed")
                continue
            if identity in visited:
                continue                    # the same folder reached twice through links: read once
            visited.add(identity)
            yield from _walk(path, ancestors + [identity], visited, depth + 1)
            continue
        if not os.path.isfile(path):
            yield Rejection(path, "not a regular file (a pipe, socket or device); not read")
            continue
        suffix = Path(name).suffix.lower()
        if suffix in ASSET_SUFFIXES:
            continue
        if suffix and suffix not in KNOWN_SUFFIXES:
            yield Rejection(path, f"skipped: {suffix} files are not article inputs "
                                  "(give the file by name to read it anyway)")
            continue
        yield Input(path, Path(path))


def _path_inputs(spec: str, visited: set[tuple[int, int]]) -> Iterator[Input | Rejection]:
    try:
        identity = _identity(spec)
    except OSError as exc:
        if os.path.islink(spec):
            loop = getattr(exc, "errno", None) == 40
            yield Rejection(spec, "symlink loop: the link resolves to itself" if loop else "broken symbolic link")
        else:
            yield Rejection(spec, f"cannot read: {exc.strerror or exc}")
        return
    if os.path.isdir(spec):
        if identity not in visited:
            visited.add(identity)
            yield from _walk(spec, [identity], visited, 1)
    elif os.path.isfile(spec):
        yield Input(spec, Path(spec))
    else:
        yield Rejection(spec, "not a regular file or folder")


def expand_specs(specs: Sequence[str]) -> Iterator[Input | Rejection]:
    """Inputs in order; each file once even when several specs reach it."""
    visited: set[tuple[int, int]] = set()
    files: set[tuple[int, int]] = set()
    for spec in specs:
        spec = str(spec)
        if spec == "-":
            yield Input(STDIN)
            continue
        if spec.lower().startswith(("http://", "https://")):
            yield Input(spec, url=spec.strip())
            continue
        scheme = _SCHEME.match(spec)
        if scheme and not os.path.lexists(spec) and (
                scheme.group(1).lower() in OTHER_SCHEMES or spec[scheme.end():].startswith("//")):
            yield Rejection(spec[:200], f"unsupported URL scheme '{scheme.group(1).lower()}:': "
                                        "only http and https URLs are fetched")
            continue
        if not spec.strip():
            yield Rejection(repr(spec), "empty input name")
            continue
        if os.path.lexists(spec):
            found: Iterator[Input | Rejection] = _path_inputs(spec, visited)
        elif GLOB_CHARS & set(spec):
            matches = sorted(glob.glob(spec, recursive=True))
            if not matches:
                yield Rejection(spec, "no files match this pattern")
                continue
            found = (item for match in matches for item in _path_inputs(match, visited))
        else:
            yield Rejection(spec, "no such file or folder")
            continue
        for item in found:
            if isinstance(item, Input) and item.path is not None:
                try:
                    identity = _identity(str(item.path))
                except OSError:
                    identity = None
                if identity is not None:
                    if identity in files:
                        continue
                    files.add(identity)
            yield item
