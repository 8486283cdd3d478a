"""Command line of the contract: `python -m pipeline ingest|extract|export|timex`.

`parse_args` is separate from `run` so tests drive the command line without a subprocess.
Exit status: 0 all inputs processed; 2 usage error; 3 some inputs rejected.
"""
from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import IO, Sequence

from .records import Rejection
from .store import DEFAULT_DB, Store

EXIT_OK, EXIT_USAGE, EXIT_REJECTED = 0, 2, 3

_INGEST_EXAMPLES = """examples:
  python -m pipeline ingest data/demo
  python -m pipeline ingest notes/*.txt --published 2024-04-14 --source "Desk notes"
  python -m pipeline ingest feed.xml page.html --db /tmp/timeline.db --workers 2"""
_EXTRACT_EXAMPLES = """examples:
  python -m pipeline extract article.txt --published 2024-04-14
  python -m pipeline extract data/demo --format csv --all > events.csv"""
_EXPORT_EXAMPLES = """examples:
  python -m pipeline export --format csv --from 2024-04-01 --to 2024-04-30 --out april.csv
  python -m pipeline export --format parquet --out events.parquet"""
_TIMEX_EXAMPLES = """examples:
  echo '{"doc_id": "d1", "dct": "2024-04-14", "text": "Iran struck on Saturday evening."}' | python -m pipeline timex
  python -m pipeline timex --input docs.jsonl --output timexes.jsonl"""


class UsageError(Exception):
    """A wrong argument value: reported on stderr with exit status 2."""


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in the form YYYY-MM-DD: {value!r}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="Escalation Timeline: place escalation and de-escalation signals from news "
                    "on the day they happened.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  python -m pipeline ingest data/demo\n  python -m pipeline export --format csv",
    )
    verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
    fmt = argparse.RawDescriptionHelpFormatter

    ingest = verbs.add_parser("ingest", help="read articles into the store", epilog=_INGEST_EXAMPLES,
                              formatter_class=fmt,
                              description="Read articles (files, folders, globs, '-' for stdin) into the store "
                                          "and print what was new, unchanged, replaced or rejected.")
    ingest.add_argument("paths", nargs="+", metavar="PATH")
    ingest.add_argument("--db", default=str(DEFAULT_DB), help=f"store file (default {DEFAULT_DB})")
    ingest.add_argument("--published", help="publication date for inputs that carry none (YYYY-MM-DD)")
    ingest.add_argument("--source", help="source name for inputs that carry none")
    ingest.add_argument("--fetch-links", action="store_true",
                        help="for feed entries that carry only a summary, fetch the linked page's text")
    ingest.add_argument("--allow-private-urls", action="store_true",
                        help="allow URLs on loopback, private and link-local addresses (refused by default)")
    ingest.add_argument("--workers", type=int, default=1, help="processes to use (default 1)")

    extract = verbs.add_parser("extract", help="run the pipeline without a store, events to stdout",
                               epilog=_EXTRACT_EXAMPLES, formatter_class=fmt,
                               description="Run the pipeline on articles and write their events to stdout.")
    extract.add_argument("paths", nargs="+", metavar="PATH")
    extract.add_argument("--published", help="publication date for inputs that carry none (YYYY-MM-DD)")
    extract.add_argument("--source", help="source name for inputs that carry none")
    extract.add_argument("--fetch-links", action="store_true",
                        help="for feed entries that carry only a summary, fetch the linked page's text")
    extract.add_argument("--allow-private-urls", action="store_true",
                        help="allow URLs on loopback, private and link-local addresses (refused by default)")
    extract.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    extract.add_argument("--all", action="store_true", help="also write neutral statements")

    export = verbs.add_parser("export", help="write stored events, filtered by event date",
                              epilog=_EXPORT_EXAMPLES, formatter_class=fmt,
                              description="Write stored events (filtered by event date, inclusive).")
    export.add_argument("--db", default=str(DEFAULT_DB), help=f"store file (default {DEFAULT_DB})")
    export.add_argument("--format", choices=("csv", "jsonl", "parquet"), default="csv")
    export.add_argument("--from", dest="start", type=_iso_date, help="first event date (YYYY-MM-DD)")
    export.add_argument("--to", dest="end", type=_iso_date, help="last event date (YYYY-MM-DD)")
    export.add_argument("--out", help="output file (default stdout; required for parquet)")

    timex = verbs.add_parser("timex", help="temporal tagging alone (TIMEX3 JSONL in and out)",
                             epilog=_TIMEX_EXAMPLES, formatter_class=fmt,
                             description='Read JSONL lines {"doc_id","dct","text"} and write '
                                         '{"doc_id","timexes":[{"start","end","text","type","value"}]}.')
    timex.add_argument("--input", help="input JSONL file (default stdin)")
    timex.add_argument("--output", help="output JSONL file (default stdout)")
    demo = verbs.add_parser("demo", help="build the demo timeline from data/demo into an empty store",
                            formatter_class=fmt, epilog="examples:\n  python -m pipeline demo --db data/timeline.db",
                            description="Ingest the bundled demo corpus when the store holds no article yet.")
    demo.add_argument("--db", default=str(DEFAULT_DB), help=f"store file (default {DEFAULT_DB})")
    return parser


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    return build_parser().parse_args(argv)


def run(args: argparse.Namespace, stdout: IO[str] | None = None, stderr: IO[str] | None = None) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    try:
        if getattr(args, "published", None) is not None:
            _check_published(args.published, _reader_settings(args))
        handler = {"ingest": _ingest, "extract": _extract, "export": _export, "timex": _timex,
                   "demo": _demo}[args.verb]
        return handler(args, stdout, stderr)
    except UsageError as error:
        print(f"error: {error}", file=stderr)
        return EXIT_USAGE
    except sqlite3.DatabaseError as error:
        print(f"error: --db {getattr(args, 'db', '')}: the store cannot be used ({error})", file=stderr)
        return EXIT_USAGE


def main(argv: Sequence[str] | None = None) -> int:
    return run(parse_args(argv))


def _check_published(value: str, settings=None) -> None:
    from .readers import parse_published

    try:
        parse_published(value, settings) if settings is not None else parse_published(value)
    except ValueError as error:
        raise UsageError(f"--published {value!r}: {error}") from None


def _reader_settings(args):
    """Reader settings of ingest/extract: URL flags, and publication dates after tomorrow refused.

    The day after the run's date (not today) so an article from a zone ahead of the analyst's
    is not refused; the readers themselves never read the clock.
    """
    if args.verb not in ("ingest", "extract"):
        return None
    from .readers import ReaderSettings

    return ReaderSettings(not_after=date.today() + timedelta(days=1),
                          fetch_links=bool(getattr(args, "fetch_links", False)),
                          allow_private_urls=bool(getattr(args, "allow_private_urls", False)))


def _report(rejection: Rejection, stderr: IO[str]) -> None:
    print(f"rejected: {rejection.message()}", file=stderr)


def _ingest(args, stdout, stderr) -> int:
    from .ingest import ingest

    if args.workers < 1:
        raise UsageError("--workers must be 1 or more")
    store = Store(args.db)
    summary = ingest(args.paths, store, published=args.published, source=args.source,
                     workers=args.workers, on_rejection=lambda r: _report(r, stderr),
                     settings=_reader_settings(args))
    print(f"read {summary.read}, new {summary.new}, unchanged {summary.unchanged}, "
          f"replaced {summary.replaced}, rejected {len(summary.rejections)}, events stored {summary.events} "
          f"(store {args.db})", file=stdout)
    return EXIT_REJECTED if summary.rejections else EXIT_OK


def _extract(args, stdout, stderr) -> int:
    from .export import write_csv_rows, write_jsonl_rows
    from .process import article_events
    from .readers import read_inputs
    from .records import EVENT_FIELDS

    rejected = 0
    header = True
    for item in read_inputs(args.paths, published=args.published, source=args.source,
                            settings=_reader_settings(args)):
        if isinstance(item, Rejection):
            rejected += 1
            _report(item, stderr)
            continue
        try:
            events = article_events(item, include_neutral=args.all)
        except Exception as error:  # noqa: BLE001 - one article's failure rejects that article only
            rejected += 1
            _report(Rejection(item.origin, f"could not be processed ({type(error).__name__}: {error})"), stderr)
            continue
        rows = [tuple(getattr(e, name) for name in EVENT_FIELDS) for e in events]
        if args.format == "csv":
            write_csv_rows(rows, stdout, header=header)
            header = False
        else:
            write_jsonl_rows(rows, stdout)
    if args.format == "csv" and header:
        write_csv_rows([], stdout)
    return EXIT_REJECTED if rejected else EXIT_OK


def _export(args, stdout, stderr) -> int:
    from .export import write_csv_rows, write_jsonl_rows, write_parquet

    if not Path(args.db).exists():
        raise UsageError(f"--db {args.db}: no store at that path (run `ingest` first)")
    if args.start and args.end and args.start > args.end:
        raise UsageError(f"--from {args.start} is after --to {args.end}")
    store = Store(args.db)
    chunks = store.iter_event_rows(args.start, args.end)
    if args.format == "parquet":
        if not args.out:
            raise UsageError("--format parquet needs --out FILE")
        write_parquet(chunks, args.out)
        return EXIT_OK
    out = open(args.out, "w", encoding="utf-8", newline="") if args.out else stdout
    try:
        if args.format == "csv":
            header = True
            for chunk in chunks:
                write_csv_rows(chunk, out, header=header)
                header = False
            if header:
                write_csv_rows([], out)
        else:
            for chunk in chunks:
                write_jsonl_rows(chunk, out)
    finally:
        if args.out:
            out.close()
    return EXIT_OK


def _demo(args, stdout, stderr) -> int:
    from .demo import ensure_demo

    store = Store(args.db)
    added = ensure_demo(store)
    stats = store.stats()
    state = f"built the demo timeline: {added} articles" if added else "store already holds articles"
    print(f"{state}; {stats.articles} articles, {stats.events} events in {args.db}", file=stdout)
    return EXIT_OK


def _timex(args, stdout, stderr) -> int:
    from .readers import parse_published
    from .temporal import tag, timexes_to_json

    source = open(args.input, encoding="utf-8") if args.input else sys.stdin
    out = open(args.output, "w", encoding="utf-8") if args.output else stdout
    bad = 0
    try:
        for number, line in enumerate(source, 1):
            if not line.strip():
                continue
            where = f"{args.input or 'stdin'}:{number}"
            try:
                doc = json.loads(line)
                anchor = parse_published(str(doc["dct"]))
                text = doc["text"]
                if not isinstance(text, str):
                    raise TypeError("'text' is not a string")
            except (ValueError, KeyError, TypeError) as error:
                bad += 1
                print(f"rejected: {where}: {_reason(error)}", file=stderr)
                continue
            timexes = timexes_to_json(tag(text, anchor))
            out.write(json.dumps({"doc_id": doc.get("doc_id"), "timexes": timexes}, ensure_ascii=False) + "\n")
    finally:
        if args.input:
            source.close()
        if args.output:
            out.close()
    return EXIT_REJECTED if bad else EXIT_OK


def _reason(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"missing field {error.args[0]!r}"
    if isinstance(error, json.JSONDecodeError):
        return f"not valid JSON ({error.msg} at column {error.colno})"
    return str(error)
