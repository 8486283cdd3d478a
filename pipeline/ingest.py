"""Ingest: read inputs, run each article through the pipeline, store the events in batches.

Articles stream through; each batch is one store transaction, so an interrupted run leaves the
store as it was before the batch. With `workers` > 1 the per-article work runs in processes
while the main process reads the next inputs and writes finished batches.
"""
from __future__ import annotations

import sys
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Callable, Iterable, Iterator, Sequence

from .process import article_events
from .readers import ReaderSettings, read_inputs
from .records import Article, Rejection, RunSummary, TimelineEvent
from .store import Store
from .syndication import signature

BATCH_SIZE = 64
PREFETCH_BATCHES = 2         # batches in flight in the workers while one is being stored

Outcome = tuple["list[TimelineEvent] | None", str, object]   # events (None: failed), reason, MinHash
Processed = tuple[Article, "list[TimelineEvent] | None", str, object]


def process_many(articles: Sequence[Article]) -> list[Outcome]:
    """Run articles through the pipeline; a failure on one text rejects that article only.

    The MinHash signature for near-duplicate detection is computed here too, in the worker.
    Articles are not sent back: the caller holds them, which halves what crosses processes.
    """
    outcomes: list[Outcome] = []
    for article in articles:
        try:
            outcomes.append((article_events(article), "", signature(article.text)))
        except Exception as error:  # noqa: BLE001 - reported as a rejection, the run goes on
            outcomes.append((None, f"could not be processed ({type(error).__name__}: {error})", None))
    return outcomes


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _processed_batches(batches: Iterable[list], workers: int,
                       skip: Callable[[list[Article]], set[str]]) -> Iterator[tuple[list, list[Processed]]]:
    """(inputs of a batch, its processed articles), in input order; parallel with `workers` > 1.

    Articles whose ids `skip` returns (stored already, unchanged) are passed on with no events
    computed: re-running an ingest costs reading and hashing only.
    """
    def to_process(batch: list) -> list[Article]:
        articles = [item for item in batch if isinstance(item, Article)]
        known = skip(articles)
        return [a for a in articles if a.article_id not in known]

    def with_skipped(batch: list, articles: list[Article], outcomes: list[Outcome]) -> list[Processed]:
        by_id = {article.article_id: (article, *outcome) for article, outcome in zip(articles, outcomes)}
        return [by_id.get(item.article_id, (item, [], "", None)) for item in batch if isinstance(item, Article)]

    if workers <= 1:
        for batch in batches:
            articles = to_process(batch)
            yield batch, with_skipped(batch, articles, process_many(articles))
        return
    with ProcessPoolExecutor(max_workers=workers) as executor:
        in_flight: deque[tuple[list, list[Article], list[Future]]] = deque()

        def finish() -> tuple[list, list[Processed]]:
            done, articles, futures = in_flight.popleft()
            return done, with_skipped(done, articles, [o for future in futures for o in future.result()])

        for batch in batches:
            articles = to_process(batch)
            share = max(1, -(-len(articles) // workers))
            futures = [executor.submit(process_many, articles[i:i + share]) for i in range(0, len(articles), share)]
            in_flight.append((batch, articles, futures))
            if len(in_flight) > PREFETCH_BATCHES:
                yield finish()
        while in_flight:
            yield finish()


def ingest(specs: Sequence[str], store: Store, published: str | None = None, source: str | None = None,
           workers: int = 1, progress: bool | None = None,
           on_rejection: Callable[[Rejection], None] | None = None,
           settings: ReaderSettings | None = None) -> RunSummary:
    """Read `specs` into `store`; returns what happened. Never raises for one bad input."""
    summary = RunSummary()

    def reject(rejection: Rejection) -> None:
        summary.rejections.append(rejection)
        if on_rejection:
            on_rejection(rejection)

    bar = _progress_bar(sys.stderr.isatty() if progress is None else progress)
    try:
        with store.session():  # one connection for the whole run; still one transaction per batch
            _ingest_batches(specs, store, published, source, workers, settings, summary, reject, bar)
    finally:
        if bar is not None:
            bar.close()
    return summary


def _ingest_batches(specs: Sequence[str], store: Store, published: str | None, source: str | None,
                    workers: int, settings: ReaderSettings | None, summary: RunSummary,
                    reject: Callable[[Rejection], None], bar) -> None:
    """The body of `ingest`, inside the store session: batches in, one transaction each, then re-clustering."""
    # Categories whose clusters need recomputing; None means all (after an interrupted run or a replacement).
    touched: set[str] | None = None if store.clusters_stale() else set()
    marked_stale = False
    batches = _batches(read_inputs(specs, published=published, source=source, settings=settings), BATCH_SIZE)
    for batch, results in _processed_batches(batches, workers, store.unchanged):
        summary.read += len(batch)
        for item in batch:
            if isinstance(item, Rejection):
                reject(item)
        to_store, signatures = [], []
        for article, events, error, sig in results:
            if events is None:
                reject(Rejection(article.origin, error))
            else:
                to_store.append((article, events))
                signatures.append(sig)
        if to_store and not marked_stale:
            store.mark_clusters_stale(True)  # an interrupted run re-clusters everything next time
            marked_stale = True
        for (article, events), outcome in zip(to_store, store.upsert_batch(to_store, signatures)):
            setattr(summary, outcome, getattr(summary, outcome) + 1)
            if outcome == "unchanged":
                continue
            summary.events += len(events)
            if outcome == "replaced":
                touched = None
            elif touched is not None:
                touched.update(e.category for e in events if e.category)
        if bar is not None:
            bar.update(len(batch))
    if marked_stale or touched is None:
        store.recluster(touched)
        store.mark_clusters_stale(False)


def _progress_bar(enabled: bool):
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(unit=" inputs", file=sys.stderr, dynamic_ncols=True)
