"""Corroboration: events of different articles that describe the same happening share a cluster.

Events are compared within a family of categories; actors and targets must agree, where an unknown
side agrees with any (a passive "an air strike destroyed ..." has no actor). Pure and order-independent: the same events always give the same clusters, whatever order they
were ingested in. A cluster's id is the smallest event id in it; `reports` counts the distinct
stories (syndicated copies are one story) among its members. Rules live in
`data/corroboration.yaml`.
"""
from __future__ import annotations

import bisect
from array import array
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


def fine_granularities() -> frozenset[str]:
    return _rules()[1]


def bounds(start: str, end: str) -> tuple[str, str]:
    """Comparable interval bounds: a bare date covers its whole day."""
    return (start if "T" in start else start + "T00:00"), (end if "T" in end else end + "T23:59")


def _bounds(item: ClusterItem) -> tuple[str, str]:
    return bounds(item.start, item.end)


def _agree(a: str, b: str) -> bool:
    return not a or not b or a == b


def same_parties(a: ClusterItem, b: ClusterItem) -> bool:
    """Actors and targets agree (equal, or unknown on one side), and at least one is named on both."""
    return (_agree(a.actor, b.actor) and _agree(a.target, b.target)
            and bool((a.actor and a.actor == b.actor) or (a.target and a.target == b.target)))


# The clustering steps work on "nodes": any hashable, orderable id of an event (the event id here,
# a row number in the store's streaming re-clustering), given as (node, actor, target, start, end)
# with `bounds` applied. `union` and `find` are the caller's union-find over the nodes.
Node = tuple[object, str, str, str, str]


class DisjointSets:
    """Union-find over a parent table: a dict for event ids, an array("q") for numbered nodes.
    A set's root is its smallest member, so cluster ids do not depend on the order of unions."""

    __slots__ = ("parent",)

    def __init__(self, parent):
        self.parent = parent

    def find(self, x):
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def cluster(items: Iterable[ClusterItem]) -> dict[str, Assignment]:
    """Cluster assignment for every event id of `items`."""
    fine = fine_granularities()
    sets = DisjointSets({})
    parent, find, union = sets.parent, sets.find, sets.union

    items = [item for item in items if item.actor or item.target]
    stories = {item.event_id: item.story for item in items}
    for item in items:
        parent[item.event_id] = item.event_id
    key = lambda item: family_of(item.category)  # noqa: E731
    for _, group in groupby(sorted(items, key=key), key=key):
        group = list(group)
        fines = [(i.event_id, i.actor, i.target, *_bounds(i)) for i in group if i.granularity in fine]
        coarse = [(i.event_id, i.actor, i.target, *_bounds(i)) for i in group if i.granularity not in fine]
        index = sweep(sorted(fines, key=lambda n: (n[3], n[4], n[0])), union)
        attach_coarse(coarse, index, find, union)
        merge_twins(sorted(coarse, key=lambda n: (n[3], n[4], n[1], n[2])), union)
    members: dict[str, set[str]] = {}
    for event_id in parent:
        members.setdefault(find(event_id), set()).add(stories[event_id])
    return {event_id: Assignment(find(event_id), len(members[find(event_id)])) for event_id in parent}


class FineIndex:
    """Fine events per (actor, target) key in start order, for coarse events to look up."""

    __slots__ = ("starts", "ends", "nodes", "keys_by_actor", "keys_by_target", "labels", "run_ends", "_numbers")

    def __init__(self, int_nodes: bool = False) -> None:
        # integer nodes (the store's row numbers) are kept in machine arrays: 8 bytes each
        self._numbers = (lambda: array("q")) if int_nodes else list
        self.starts: dict[tuple[str, str], list[str]] = {}
        self.ends: dict[tuple[str, str], list[str]] = {}
        self.nodes: dict[tuple[str, str], list] = {}
        self.keys_by_actor: dict[str, set] = {}
        self.keys_by_target: dict[str, set] = {}
        self.labels: dict[tuple[str, str], list] = {}      # per key and position: the fine's cluster
        self.run_ends: dict[tuple[str, str], array] = {}  # first later position of another cluster

    def freeze(self, find) -> None:
        """Label every fine event with its cluster, once the fine events are all clustered.

        Coarse events do not change how fine events group, so the labels hold while they attach;
        runs of one cluster are skipped at once (a long recap over one long-running story).
        """
        for key, nodes in self.nodes.items():
            labels = self._numbers()
            labels.extend(find(node) for node in nodes)
            run_ends = array("q", [len(labels)]) * len(labels)
            for position in range(len(labels) - 2, -1, -1):
                following = position + 1
                run_ends[position] = following if labels[following] != labels[position] else run_ends[following]
            self.labels[key], self.run_ends[key] = labels, run_ends

    def add(self, key: tuple[str, str], start: str, end: str, node) -> None:
        if key not in self.starts:
            self.starts[key], self.ends[key], self.nodes[key] = [], [], self._numbers()
        self.starts[key].append(start)
        self.ends[key].append(end)
        self.nodes[key].append(node)
        self.keys_by_actor.setdefault(key[0], set()).add(key)
        self.keys_by_target.setdefault(key[1], set()).add(key)

    def matching_keys(self, actor: str, target: str) -> list[tuple[str, str]]:
        """The (actor, target) keys whose events agree with these parties (see `same_parties`)."""
        if actor and target:
            return [(actor, target), (actor, ""), ("", target)]
        if actor:
            return list(self.keys_by_actor.get(actor, ()))
        return list(self.keys_by_target.get(target, ()))


def sweep(fines: Iterable[Node], union, int_nodes: bool = False) -> FineIndex:
    """Overlapping fine intervals with agreeing parties are the same happening.

    `fines` come sorted by (start, end, event id). Near-linear and streaming: events with the same
    (actor, target) that are open at one moment overlap each other and so are one cluster already;
    one open representative per key is enough. Returns the fines indexed for `attach_coarse`.
    """
    index = FineIndex(int_nodes)
    open_by_key: dict[tuple[str, str], tuple[str, object]] = {}      # key -> (end, node)
    for node, actor, target, start, end in fines:
        for key in index.matching_keys(actor, target):
            held = open_by_key.get(key)
            if held is not None and held[0] >= start:
                union(node, held[1])
        key = (actor, target)
        held = open_by_key.get(key)
        if held is None or held[0] < end:
            open_by_key[key] = (end, node)
        index.add(key, start, end, node)
    return index


def attach_coarse(coarse: Iterable[Node], index: FineIndex, find, union) -> None:
    """A coarse event joins the one fine cluster inside its interval (in any order of `coarse`).

    Run it before `merge_twins`: which fine clusters lie inside must not depend on other coarse events.
    """
    if len(index.labels) != len(index.nodes):
        index.freeze(find)
    for node, actor, target, start, end in coarse:
        inside: set = set()
        for key in index.matching_keys(actor, target):
            starts = index.starts.get(key)
            if starts is None:
                continue
            ends, labels, run_ends = index.ends[key], index.labels[key], index.run_ends[key]
            position, count = bisect.bisect_left(starts, start), len(starts)
            while position < count and starts[position] <= end and len(inside) < 2:
                label = labels[position]
                if label in inside:
                    position = run_ends[position]    # the rest of this run adds nothing new
                    continue
                if ends[position] <= end:
                    inside.add(label)
                    position = run_ends[position]
                else:
                    position += 1
            if len(inside) > 1:
                break
        if len(inside) == 1:
            union(node, inside.pop())


def merge_twins(coarse: Iterable[Node], union) -> None:
    """Coarse events with the same interval and parties are one happening.

    `coarse` comes sorted by (start, end, actor, target)."""
    previous = None
    for node, actor, target, start, end in coarse:
        if previous is not None and previous[1:] == (start, end, actor, target):
            union(previous[0], node)
        else:
            previous = (node, start, end, actor, target)
