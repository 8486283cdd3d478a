"""Corroboration: events of different articles that describe the same happening share a cluster.

Events are compared within a family of categories; actors and targets must agree, where an unknown
side agrees with any (a passive "an air strike destroyed ..." has no actor). Pure and order-independent: the same events always give the same clusters, whatever order they
were ingested in. A cluster's id is the smallest event id in it; `reports` counts the distinct
stories (syndicated copies are one story) among its members. Rules live in
`data/corroboration.yaml`.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from pathlib import Path
from typing import Iterable

from .datafiles import load_yaml


_DATA = Path(__file__).with_name("data") / "corroboration.yaml"


@dataclass(frozen=True)
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


def _sweep(fines: list[ClusterItem], union) -> None:
    """Overlapping fine intervals with agreeing targets are the same happening."""
    open_items: list[tuple[str, ClusterItem]] = []   # (end, item) of intervals still open
    for item in fines:
        start, end = _bounds(item)
        open_items = [(e, other) for e, other in open_items if e >= start]
        for _, other in open_items:
            if same_parties(item, other):
                union(item.event_id, other.event_id)
        open_items.append((end, item))


def _attach_coarse(coarse: list[ClusterItem], fines: list[ClusterItem], find, union) -> None:
    """A coarse event joins the one fine cluster inside its interval; else coarse twins merge."""
    for item in coarse:
        start, end = _bounds(item)
        inside = {find(f.event_id) for f in fines
                  if start <= _bounds(f)[0] and _bounds(f)[1] <= end and same_parties(item, f)}
        if len(inside) == 1:
            union(item.event_id, inside.pop())
    by_interval = lambda i: (_bounds(i), i.actor, i.target)  # noqa: E731
    for _, twins in groupby(sorted(coarse, key=by_interval), key=by_interval):
        twins = list(twins)
        for other in twins[1:]:
            union(twins[0].event_id, other.event_id)
