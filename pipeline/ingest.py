"""Ingest: read inputs, run each article through the pipeline, store the events in batches.

Articles stream through; each batch is one store transaction, so an interrupted run leaves the
store as it was before the batch. With `workers` > 1 the per-article work runs in processes.
"""
from __future__ import annotations

import sys
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from typing import Callable, Iterable, Iterator, Sequence

from .process import article_events
from .readers import read_inputs
from .records import Article, Rejection, RunSummary, TimelineEvent
from .store import Store

BATCH_SIZE = 64


def _process(article: Article) -> tuple[Article, list[TimelineEvent] | None, str]:
    """Run one article; a failure of the pipeline on one text rejects that article only."""
    try:
        return article, article_events(article), ""
    except Exception as error:  # noqa: BLE001 - reported as a rejection, the run goes on
        return article, None, f"could not be processed ({type(error).__name__}: {error})"


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def ingest(specs: Sequence[str], store: Store, published: str | None = None, source: str | None = None,
           workers: int = 1, progress: bool | None = None,
           on_rejection: Callable[[Rejection], None] | None = None) -> RunSummary:
    """Read `specs` into `store`; returns what happened. Never raises for one bad input."""
    summary = RunSummary()
    show_progress = sys.stderr.isatty() if progress is None else progress
    bar = _progress_bar(show_progress)
    executor = ProcessPoolExecutor(max_workers=workers) if workers > 1 else None
    # Actors whose clusters need recomputing; None means all (after an interrupted run or a replacement).
    touched_actors: set[str] | None = None if store.clusters_stale() else set()
    marked_stale = False
    try:
        for batch in _batches(read_inputs(specs, published=published, source=source), BATCH_SIZE):
            articles = []
            for item in batch:
                if isinstance(item, Rejection):
                    summary.rejections.append(item)
                    if on_rejection:
                        on_rejection(item)
                else:
                    articles.append(item)
            summary.read += len(batch)
            results = (executor.map(_process, articles, chunksize=4) if executor
                       else map(_process, articles))
            to_store = []
            for article, events, error in results:
                if events is None:
                    rejection = Rejection(article.origin, error)
                    summary.rejections.append(rejection)
                    if on_rejection:
                        on_rejection(rejection)
                    continue
                to_store.append((article, events))
            if to_store and not marked_stale:
                store.mark_clusters_stale(True)  # an interrupted run re-clusters everything next time
                marked_stale = True
            for (article, events), outcome in zip(to_store, store.upsert_batch(to_store)):
                setattr(summary, outcome, getattr(summary, outcome) + 1)
                if outcome != "unchanged":
                    summary.events += len(events)
                    if outcome == "replaced":
                        touched_actors = None
                    elif touched_actors is not None:
                        touched_actors.update(e.actor for e in events if e.actor)
            if bar is not None:
                bar.update(len(batch))
        if marked_stale or touched_actors is None:
            store.recluster(touched_actors)
            store.mark_clusters_stale(False)
    finally:
        if executor is not None:
            executor.shutdown()
        if bar is not None:
            bar.close()
    return summary


def _progress_bar(enabled: bool):
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(unit=" inputs", file=sys.stderr, dynamic_ncols=True)
