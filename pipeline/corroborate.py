"""Corroboration: events of different articles that describe the same happening share a cluster.

Events are compared within a family of categories; actors and targets must agree, where an unknown
side agrees with any (a passive "an air strike destroyed ..." has no actor). Pure and order-independent: the same events always give the same clusters, whatever order they
were ingested in. A cluster's id is the smallest event id in it; `reports` counts the distinct
stories (syndicated copies are one story) among its members. Rules live in
`data/corroboration.yaml`.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from pathlib import Path
from typing import Iterable

from .datafiles import load_yaml


_DATA = Path(__file__).with_name("data") / "corroboration.yaml"


@dataclass(frozen=True, slots=True)
class ClusterItem:
    event_id: str
    actor: str
    target: str
    category: str
    start: str            # ISO date or date-time, as stored
    end: str
    granularity: str
    story: str            # story id: syndicated copies share it


@dataclass(frozen=True)
class Assignment:
    cluster_id: str
    reports: int


@lru_cache(maxsize=1)
def _rules() -> tuple[dict[str, str], frozenset[str]]:
    data = load_yaml(_DATA)
    family = {category: name for name, members in data["families"].items() for category in members}
    return family, frozenset(data["fine_granularities"])


def family_of(category: str) -> str:
    return _rules()[0].get(category, category)


def family_members(family: str) -> list[str]:
    """The categories of one family (a category not listed in the data is its own family)."""
    members = [category for category, name in _rules()[0].items() if name == family]
    return members or [family]


def _bounds(item: ClusterItem) -> tuple[str, str]:
    """Comparable interval bounds: a bare date covers its whole day."""
    start = item.start if "T" in item.start else item.start + "T00:00"
    end = item.end if "T" in item.end else item.end + "T23:59"
    return start, end


def _agree(a: str, b: str) -> bool:
    return not a or not b or a == b


def same_parties(a: ClusterItem, b: ClusterItem) -> bool:
    """Actors and targets agree (equal, or unknown on one side), and at least one is named on both."""
    return (_agree(a.actor, b.actor) and _agree(a.target, b.target)
            and bool((a.actor and a.actor == b.actor) or (a.target and a.target == b.target)))


def cluster(items: Iterable[ClusterItem]) -> dict[str, Assignment]:
    """Cluster assignment for every event id of `items`."""
    _, fine = _rules()
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    items = [item for item in items if item.actor or item.target]
    stories = {item.event_id: item.story for item in items}
    for item in items:
        parent[item.event_id] = item.event_id
    key = lambda item: family_of(item.category)  # noqa: E731
    for _, group in groupby(sorted(items, key=key), key=key):
        group = list(group)
        fines = sorted((i for i in group if i.granularity in fine), key=lambda i: (_bounds(i), i.event_id))
        coarse = [i for i in group if i.granularity not in fine]
        _sweep(fines, union)
        _attach_coarse(coarse, fines, find, union)
    members: dict[str, set[str]] = {}
    for event_id in parent:
        members.setdefault(find(event_id), set()).add(stories[event_id])
    return {event_id: Assignment(find(event_id), len(members[find(event_id)])) for event_id in parent}


def _matching_keys(actor: str, target: str, keys_by_actor: dict, keys_by_target: dict) -> list[tuple[str, str]]:
    """The (actor, target) keys whose events agree with these parties (see `same_parties`)."""
    if actor and target:
        return [(actor, target), (actor, ""), ("", target)]
    if actor:
        return list(keys_by_actor.get(actor, ()))
    return list(keys_by_target.get(target, ()))


def _sweep(fines: list[ClusterItem], union) -> None:
    """Overlapping fine intervals with agreeing parties are the same happening.

    Near-linear: events with the same (actor, target) that are open at one moment overlap each
    other and so are one cluster already; one open representative per key is enough.
    """
    open_by_key: dict[tuple[str, str], tuple[str, str]] = {}      # key -> (end, event id)
    keys_by_actor: dict[str, set] = {}
    keys_by_target: dict[str, set] = {}
    for item in fines:
        start, end = _bounds(item)
        for key in _matching_keys(item.actor, item.target, keys_by_actor, keys_by_target):
            held = open_by_key.get(key)
            if held is not None and held[0] >= start:
                union(item.event_id, held[1])
        key = (item.actor, item.target)
        held = open_by_key.get(key)
        if held is None or held[0] < end:
            open_by_key[key] = (end, item.event_id)
        keys_by_actor.setdefault(item.actor, set()).add(key)
        keys_by_target.setdefault(item.target, set()).add(key)


def _attach_coarse(coarse: list[ClusterItem], fines: list[ClusterItem], find, union) -> None:
    """A coarse event joins the one fine cluster inside its interval; else coarse twins merge."""
    by_key: dict[tuple[str, str], list[tuple[str, str, str]]] = {}   # key -> [(start, end, id)] by start
    keys_by_actor: dict[str, set] = {}
    keys_by_target: dict[str, set] = {}
    for fine in fines:  # already sorted by start
        key = (fine.actor, fine.target)
        by_key.setdefault(key, []).append((*_bounds(fine), fine.event_id))
        keys_by_actor.setdefault(fine.actor, set()).add(key)
        keys_by_target.setdefault(fine.target, set()).add(key)
    for item in coarse:
        start, end = _bounds(item)
        inside: set[str] = set()
        for key in _matching_keys(item.actor, item.target, keys_by_actor, keys_by_target):
            spans = by_key.get(key, [])
            for fine_start, fine_end, event_id in spans[bisect.bisect_left(spans, (start,)):]:
                if fine_start > end or len(inside) > 1:
                    break
                if fine_end <= end:
                    inside.add(find(event_id))
            if len(inside) > 1:
                break
        if len(inside) == 1:
            union(item.event_id, inside.pop())
    by_interval = lambda i: (_bounds(i), i.actor, i.target)  # noqa: E731
    for _, twins in groupby(sorted(coarse, key=by_interval), key=by_interval):
        twins = list(twins)
        for other in twins[1:]:
            union(twins[0].event_id, other.event_id)
