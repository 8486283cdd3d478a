"""Ingest: read inputs, run each article through the pipeline, store the events in batches.

Articles stream through; each batch is one store transaction, so an interrupted run leaves the
store as it was before the batch. With `workers` > 1 the per-article work runs in processes
while the main process reads the next inputs and writes finished batches.
"""
from __future__ import annotations

import gc
import sys
from collections import deque
from contextlib import contextmanager
from datetime import date
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Callable, Iterable, Iterator, Sequence

from . import regex_cache
from .corroborate import bounds
from .process import event_rows_of_many
from .readers import ReaderSettings, read_inputs
from .records import EVENT_FIELDS, Anchor, Article, Rejection, RunSummary
from .store import Spans, Store
from .syndication import Fingerprint, fingerprint

BATCH_SIZE = 128             # articles per store transaction: fewer, larger commits write each index page fewer times
PREFETCH_BATCHES = 2         # batches in flight in the workers while one is being stored
# The last batch of an input goes to the workers in shares of at most this many articles, which
# they take as they come free: they finish within a share's time of each other instead of one
# idling while the other processes its half of the batch (other batches are halved: each stage
# runs over more articles at once).
LAST_SHARE = 6
# Allocations between young garbage collections during an ingest (Python's default is 700). A run
# makes millions of short-lived objects next to large long-lived tables (rules, lexicons, caches):
# rarer young collections promote fewer of them, so far fewer full collections walk those tables.
GC_YOUNG_THRESHOLD = 20_000
_CATEGORY = EVENT_FIELDS.index("category")
_START, _END = EVENT_FIELDS.index("event_start"), EVENT_FIELDS.index("event_end")

Outcome = tuple["list[tuple] | None", str, "Fingerprint | None"]   # event rows (None: failed), reason, fingerprint
Processed = tuple[Article, "list[tuple] | None", str, "Fingerprint | None"]
_SKIPPED: Outcome = ([], "", None)     # stored already with this content: nothing computed


def process_many(articles: Sequence[Article]) -> list[Outcome]:
    """Run articles through the pipeline; a failure on one text rejects that article only.

    Everything per article that needs no store happens here, in the worker: the events as
    ready rows for the events table (`process.article_event_rows`: cheaper to send than dataclasses,
    nothing left to build in the main process) and the near-duplicate fingerprint. Articles
    are not sent back: the caller holds them, which halves what crosses processes. Like the
    stages (`process.event_rows_of_many`), the fingerprints are taken in a pass of their own.
    """
    outcomes: list[Outcome] = []
    for article, rows in zip(articles, event_rows_of_many(articles)):
        try:
            if isinstance(rows, Exception):
                raise rows
            outcomes.append((rows, "", fingerprint(article.text)))
        except Exception as error:  # noqa: BLE001 - reported as a rejection, the run goes on
            outcomes.append((None, f"could not be processed ({type(error).__name__}: {error})", None))
    regex_cache.save()      # patterns these articles needed first: kept for later runs (workers never exit normally)
    return outcomes


# Our own short text: running it once loads every stage's rules and lexicons.
_WARM_UP = Article(
    article_id="warm-up", anchor=Anchor(date(2024, 5, 6)), published="2024-05-06",
    text="The army fired rockets at a border post on Sunday, officials said. Envoys met in Cairo "
         "last week to discuss a truce, and the ministry urged restraint.")


def _warm_up() -> None:
    """Load the stages' rules and lexicons now, and keep the garbage collector off them.

    Frozen (`gc.freeze`), the millions of objects they hold are not walked by every full
    collection of the run, and forked workers, which inherit them instead of each compiling the
    same lexicons, keep sharing their memory pages (a collection would write to every object).
    Under "spawn" each worker loads its own on first use.
    """
    process_many([_WARM_UP])
    gc.freeze()


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


@contextmanager
def _worker_pool(workers: int) -> Iterator[ProcessPoolExecutor | None]:
    """The processes of an ingest with `workers` > 1 (None otherwise), for its batches and its re-clustering."""
    try:
        if workers <= 1:     # the rules load with the first article to process, if any (then frozen, as `_warm_up` does)
            yield None
            return
        _warm_up()
        with ProcessPoolExecutor(max_workers=workers) as executor:
            yield executor
    finally:
        gc.unfreeze()


def _processed_batches(batches: Iterable[list], pool: ProcessPoolExecutor | None, workers: int,
                       skip: Callable[[list[Article]], set[str]]) -> Iterator[tuple[list, list[Processed]]]:
    """(inputs of a batch, its processed articles), in input order; in the `pool`'s processes if any.

    Articles whose ids `skip` returns (stored already, unchanged) are passed on with no events
    computed: re-running an ingest costs reading and hashing only. With workers, that check runs
    before the batches ahead are stored; so just before a batch is handed on (everything ahead
    stored), its skipped articles are checked again, and one an earlier article replaced or
    removed meanwhile (same id or url) is processed after all.
    """
    def to_process(batch: list) -> tuple[list[Article], list[bool]]:
        articles = [item for item in batch if isinstance(item, Article)]
        known = skip(articles)
        skipped = [a.article_id in known for a in articles]
        return [a for a, s in zip(articles, skipped) if not s], skipped

    def with_skipped(batch: list, skipped: list[bool], outcomes: list[Outcome]) -> list[Processed]:
        results = iter(outcomes)
        done = [(item, *(_SKIPPED if s else next(results)))
                for item, s in zip((i for i in batch if isinstance(i, Article)), skipped)]
        return _recheck_skipped(done, skipped, skip)

    if pool is None:
        frozen = False
        for batch in batches:
            articles, skipped = to_process(batch)
            outcomes = process_many(articles)
            if articles and not frozen:     # the rules are loaded now: keep the collector off them
                gc.freeze()
                frozen = True
            yield batch, with_skipped(batch, skipped, outcomes)
        return
    in_flight: deque[tuple[list, list[bool], list[Future]]] = deque()

    def finish() -> tuple[list, list[Processed]]:
        done, skipped, futures = in_flight.popleft()
        return done, with_skipped(done, skipped, [o for future in futures for o in future.result()])

    for batch, last in _with_last(batches):
        articles, skipped = to_process(batch)
        share = max(1, -(-len(articles) // workers))
        if last:
            share = min(share, LAST_SHARE)
        futures = [pool.submit(process_many, articles[i:i + share]) for i in range(0, len(articles), share)]
        in_flight.append((batch, skipped, futures))
        if len(in_flight) > PREFETCH_BATCHES:
            yield finish()
    while in_flight:
        yield finish()


def _with_last(items: Iterable) -> Iterator[tuple[object, bool]]:
    """(item, whether it is the last), reading one item ahead."""
    iterator = iter(items)
    try:
        current = next(iterator)
    except StopIteration:
        return
    for following in iterator:
        yield current, False
        current = following
    yield current, True


def _recheck_skipped(done: list[Processed], skipped: list[bool],
                     skip: Callable[[list[Article]], set[str]]) -> list[Processed]:
    """Process the skipped articles that would no longer be found unchanged when stored in order.

    Their stored copy may have gone since the skip check: replaced by an earlier batch stored
    meanwhile, or by an earlier article of this batch with the same id or url. Rare: processed
    here, in this process.
    """
    if not any(skipped):
        return done
    still = skip([item[0] for item, s in zip(done, skipped) if s])
    ids: set[str] = set()
    urls: set[str] = set()
    stale: list[int] = []
    for number, ((article, *_), s) in enumerate(zip(done, skipped)):
        if s and (article.article_id not in still or article.article_id in ids
                  or (article.url and article.url in urls)):
            stale.append(number)
            s = False
        if not s:       # this one writes: later copies of its id or url change under it
            ids.add(article.article_id)
            if article.url:
                urls.add(article.url)
    if stale:
        for number, outcome in zip(stale, process_many([done[n][0] for n in stale])):
            done[number] = (done[number][0], *outcome)
    return done


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
    thresholds = gc.get_threshold()
    if thresholds[0]:   # 0: collection is off, left so
        gc.set_threshold(max(thresholds[0], GC_YOUNG_THRESHOLD), *thresholds[1:])
    try:
        with store.session():  # one connection for the whole run; still one transaction per batch
            _ingest_batches(specs, store, published, source, workers, settings, summary, reject, bar)
    finally:
        gc.set_threshold(*thresholds)
        if bar is not None:
            bar.close()
    return summary


def _ingest_batches(specs: Sequence[str], store: Store, published: str | None, source: str | None,
                    workers: int, settings: ReaderSettings | None, summary: RunSummary,
                    reject: Callable[[Rejection], None], bar) -> None:
    """The body of `ingest`, inside the store session: batches in, one transaction each, then re-clustering."""
    store.refresh_fingerprints()    # a store made by an older version: its stories, and so its clusters, redone
    # Per category, the intervals of the events added and removed: what re-clustering must look
    # at. None means everything (after an interrupted run).
    touched: Spans | None = None if store.clusters_stale() else {}
    batches = _batches(read_inputs(specs, published=published, source=source, settings=settings), BATCH_SIZE)
    with _worker_pool(workers) as pool:
        with store.bulk_load() as deferred:
            if deferred:        # everything will be new: re-clustered whole, no span to follow
                touched = None
            processed = _processed_batches(batches, pool, workers, store.unchanged)
            touched, wrote = _store_batches(processed, store, touched, summary, reject, bar)
            if wrote or touched is None:
                store.recluster(executor=pool, view_indexes=deferred, spans=touched)
                store.mark_clusters_stale(False)


def _store_batches(processed: Iterable[tuple[list, list[Processed]]], store: Store,
                   touched: Spans | None, summary: RunSummary, reject: Callable[[Rejection], None],
                   bar) -> tuple[Spans | None, bool]:
    """Store each processed batch in one transaction; returns the intervals of the events added and
    removed per category (None: all) and whether anything was written."""
    marked_stale = False
    for batch, results in processed:
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
        for (article, events), outcome in zip(to_store, store.upsert_batch(to_store, signatures, removed=touched)):
            setattr(summary, outcome, getattr(summary, outcome) + 1)
            if outcome == "unchanged":
                continue
            summary.events += len(events)
            if touched is not None:
                _widen(touched, events)
        if bar is not None:
            bar.update(len(batch))
    return touched, marked_stale


def _widen(touched: Spans, rows: Iterable[tuple]) -> None:
    """Add these event rows' intervals (bounds as the store compares them) to their categories'."""
    for row in rows:
        category = row[_CATEGORY]
        if category:
            touched.setdefault(category, set()).add(bounds(row[_START] or "", row[_END] or ""))


def _progress_bar(enabled: bool):
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(unit=" inputs", file=sys.stderr, dynamic_ncols=True)
