"""Dashboard speed benchmark (issue 6 requirement 8): a store with 200,000 events, then

* the read path: `Store.events_frame()` (all 200,000 rows, what a dashboard that loads the
  store would read) against the dashboard's SQL reads of one view (`pipeline.queries`: count,
  daily balance, the strongest, the first rows, the per-actor summary), unfiltered, for one month, and with a text search (the strongest MAX_POINTS, the lanes' LANE_POINTS, the
  first 250 rows);
* AppTest (no browser): the first render of a fresh process, a second session's first render
  (warm cache), an event-date slider change, an actor pick, a text search, the date-by switch;
* headless Chromium (Playwright, Debian /usr/bin/chromium) against `streamlit run`: the time from
  `goto` to the timeline drawn and to the full page, an event-date change with the keyboard and
  an actor pick. "Updated" = the script has finished, the "Showing N of M" line changed AND plotly
  has finished drawing each new figure of the open tab (its "plotly_afterplot", hooked in the page),
  not merely the first DOM change. Medians over the warm runs are printed last.

    .venv/bin/python benchmarks/dashboard.py                 # 200,000 events, everything
    .venv/bin/python benchmarks/dashboard.py --events 50000 --skip-browser
    .venv/bin/python benchmarks/dashboard.py --db /tmp/bench.db --keep   # reuse a store between runs
    .venv/bin/python benchmarks/dashboard.py --db /tmp/bench.db --app /tmp/old-copy   # another version

Targets on the project's 2-core machine: first render < 3 s, filter change < 1 s.
The events are invented from our own templates: 60 actors, 18 categories in both directions,
dates over a year, 30 sources, every date granularity, ~10 events per article.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import signal
import socket
import statistics
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.records import EVENT_FIELDS  # noqa: E402

ACTORS = ["Israel", "Iran", "Hezbollah", "Houthis", "Russia", "Ukraine", "United States", "Hamas",
          "China", "Taiwan", "North Korea", "South Korea", "Japan", "India", "Pakistan", "Turkey",
          "Syria", "Iraq", "Saudi Arabia", "Qatar", "Egypt", "Jordan", "Lebanon", "European Union",
          "United Nations", "NATO", "G7", "Armenia", "Azerbaijan", "Serbia", "Kosovo", "Venezuela",
          "Guyana", "Ethiopia", "Eritrea", "Sudan", "RSF", "Somalia", "al-Shabaab", "Mali", "Wagner",
          "Niger", "Burkina Faso", "Philippines", "Vietnam", "Afghanistan", "Taliban", "Belarus",
          "Poland", "Georgia", "Moldova", "Libya", "Algeria", "Morocco", "Yemen", "Kurdish forces",
          "Islamic State", "Myanmar", "Thailand", "Cambodia"]
ESCALATION = {  # category: (score range, templates)
    "attack": ((5, 10), ["{a} struck targets in {t} {w}, officials said.",
                         "{a} launched drones and missiles at {t} {w}."]),
    "threat": ((4, 8), ["{a} warned {t} {w} that it would pay a heavy price."]),
    "conditional-threat": ((3, 7), ["{a} said {w} it would hit back if {t} crossed its red lines."]),
    "retaliation-vow": ((5, 8), ["Leaders in {a} vowed {w} to answer the strike by {t}."]),
    "mobilisation": ((3, 6), ["{a} called up reservists and moved air defences toward {t} {w}."]),
    "sanction": ((2, 5), ["{a} imposed new sanctions on {t} {w}."]),
    "refusal": ((2, 4), ["{a} rejected talks with {t} {w}, saying the time for diplomacy had passed."]),
    "hostile-rhetoric": ((2, 5), ["{a} called the government of {t} a criminal regime {w}."]),
    "coercion": ((3, 6), ["{a} seized a tanker linked to {t} {w}."]),
}
DE_ESCALATION = {
    "appeal-restraint": ((-6, -3), ["{a} urged {t} {w} to show restraint."]),
    "pressure-restraint": ((-6, -3), ["{a} pressed {t} {w} not to widen the conflict."]),
    "denial-of-intent": ((-4, -2), ["{a} said {w} it was not seeking a wider war with {t}."]),
    "talks": ((-5, -2), ["Envoys of {a} and {t} held talks {w} on a possible truce."]),
    "ceasefire": ((-9, -6), ["{a} and {t} agreed to a ceasefire {w} after days of mediation."]),
    "material-de-escalation": ((-7, -4), ["{a} pulled troops back from the border with {t} {w}."]),
    "cooperation": ((-4, -2), ["{a} and {t} reopened a hotline {w}."]),
    "aid": ((-4, -2), ["{a} sent aid convoys to {t} {w}."]),
}
# (granularity, share, expression, days before publication, span in days)
WHEN = [("day", 0.55, "on {weekday}", 1, 0), ("day", 0.12, "", 0, 0),
        ("part-of-day", 0.08, "on {weekday} evening", 1, 0), ("week", 0.08, "last week", 7, 6),
        ("month", 0.04, "last month", 31, 29), ("vague", 0.07, "in recent days", 6, 5),
        ("hour", 0.03, "at dawn", 0, 0), ("season", 0.015, "last summer", 200, 90),
        ("quarter", 0.015, "in the last quarter", 100, 90)]
SOURCES = [f"{first} {second}" for first in ("Meridian", "Harbor", "Levant", "Capital", "Northgate", "Gulf")
           for second in ("Wire", "Ledger", "Desk", "Post", "Dispatch")]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def fill_store(db: Path, count: int, seed: int = 7, per_article: int = 10) -> tuple[int, int]:
    """A store with `count` realistic events (and their articles); returns (articles, events)."""
    from pipeline.store import Store

    Store(db)
    rng = random.Random(seed)
    # a long tail: a few actors dominate, as in real coverage
    weights = [1 / (rank + 1) ** 0.9 for rank in range(len(ACTORS))]
    categories = [(signal_, cat, spec) for signal_, table in (("escalation", ESCALATION),
                                                              ("de-escalation", DE_ESCALATION))
                  for cat, spec in table.items()]
    shares = [w[1] for w in WHEN]
    day0 = date(2024, 1, 1)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA synchronous=OFF")
    event_sql = f"INSERT INTO events VALUES ({', '.join('?' for _ in EVENT_FIELDS)})"
    articles = events = 0
    with conn:
        article_rows, event_rows = [], []
        while events < count:
            number = articles
            published = day0 + timedelta(days=rng.randrange(0, 366))
            source = rng.choice(SOURCES)
            article_id = hashlib.sha1(f"bench|{number}".encode()).hexdigest()[:16]
            url = f"https://{source.lower().replace(' ', '')}.example/{published}/{number}"
            subject = rng.choices(ACTORS, weights)[0]
            title = f"{subject}: tensions and talks, report {number}"
            sentences, offset = [], 0
            for _ in range(min(per_article, count - events)):
                actor, target = rng.choices(ACTORS, weights, k=2)
                if target == actor:
                    target = ""
                signal_, category, ((low, high), templates) = rng.choice(categories)
                granularity, _, expression, back, span = rng.choices(WHEN, shares)[0]
                first = published - timedelta(days=back)
                last = first + timedelta(days=span)
                expression = expression.format(weekday=WEEKDAYS[first.weekday()])
                sentence = rng.choice(templates).format(a=actor, t=target or "its rivals", w=expression).strip()
                sentence = sentence[0].upper() + sentence[1:]
                char_start = offset
                offset += len(sentence) + 1
                sentences.append(sentence)
                middle = first + (last - first) / 2
                if granularity in ("hour", "part-of-day"):
                    start_iso, end_iso = f"{first}T18:00", f"{first}T23:59"
                else:
                    start_iso, end_iso = first.isoformat(), last.isoformat()
                explanation = (f"'{expression}' in an article published {published:%A} {published} → "
                               f"{start_iso} to {end_iso}" if expression
                               else f"no time expression: dated by publication {published}")
                row = {
                    "event_id": hashlib.sha1(f"{article_id}|{char_start}".encode()).hexdigest()[:16],
                    "article_id": article_id, "source": source, "url": url, "title": title,
                    "published": published.isoformat(), "sentence": sentence, "char_start": char_start,
                    "char_end": char_start + len(sentence), "time_expression": expression,
                    "timex_value": first.isoformat(), "date_basis": "relative" if expression else "publication",
                    "event_start": start_iso, "event_end": end_iso, "event_date": middle.isoformat(),
                    "granularity": granularity, "actor": actor, "target": target,
                    "speaker": rng.choice(["", "", "", "a spokesperson", "the foreign minister"]),
                    "signal": signal_, "category": category, "score": float(rng.randint(low, high)),
                    "confidence": round(rng.uniform(0.4, 0.98), 2), "cue": sentence.split()[1],
                    "cluster_id": "", "reports": rng.choice([1, 1, 1, 1, 2, 3, 5]),
                    "date_explanation": explanation, "modality": "actual", "polarity": "asserted",
                    "local_date_note": "",
                }
                event_rows.append(tuple(row[name] for name in EVENT_FIELDS))
                events += 1
            text = " ".join(sentences)
            article_rows.append((article_id, hashlib.sha1(text.encode()).hexdigest(), title, source, url,
                                 published.isoformat(), "en", "benchmark", text, article_id, None))
            articles += 1
            if len(event_rows) >= 50_000:
                conn.executemany(event_sql, event_rows)
                conn.executemany("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", article_rows)
                event_rows, article_rows = [], []
        conn.executemany(event_sql, event_rows)
        conn.executemany("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", article_rows)
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('last_changed', '2025-01-01T00:00:00+00:00')")
    conn.close()
    return articles, events


def _best(times: list[float]) -> str:
    return f"{min(times):.2f} s (median {sorted(times)[len(times) // 2]:.2f} s of {len(times)})"


# -- read path -----------------------------------------------------------------------------------
def _view_reads(store, f) -> None:
    """The store reads of one dashboard view (what `dashboard.py` runs on a cache miss)."""
    import json
    from concurrent.futures import ThreadPoolExecutor

    from pipeline import queries, views
    from pipeline.store import VIEW_COLUMNS

    hits = None
    if f.search:
        hits = json.dumps(store.frame(queries.search_hits(f.search))["rowid"].tolist())
    wide = store.frame(queries.count(f, hits=hits)).iloc[0, 0] > queries.WIDE_SHARE * store.stats().events
    store.frame(queries.daily_counts(f, "event", hits=hits))
    store.frame(queries.strongest(f, VIEW_COLUMNS, views.MAX_POINTS, hits=hits))
    store.frame(queries.rows(f, VIEW_COLUMNS, limit=250, hits=hits))
    aggregates = (queries.lane_summary(f, "actor", hits=hits, wide=wide),
                  queries.lane_top_values(f, "category", "actor", hits=hits, wide=wide),
                  queries.lane_top_values(f, "target", "actor", hits=hits, wide=wide))
    with ThreadPoolExecutor(max_workers=len(aggregates)) as pool:   # as dashboard._lane_aggregates
        summary, *_ = pool.map(store.frame, aggregates)
    lanes = tuple(summary.sort_values("events", ascending=False)["actor"].head(12))
    store.frame(queries.strongest(f, VIEW_COLUMNS, views.LANE_POINTS, by="actor", lanes=lanes, hits=hits))


def bench_read(db: Path, runs: int) -> None:
    from pipeline import queries
    from pipeline.store import Store

    store = Store(db)
    first, last = store.frame(queries.bounds("event")).iloc[0]
    start, end = date.fromisoformat(first[:10]), date.fromisoformat(last[:10])
    views_ = {"unfiltered": queries.EventFilter(start=start, end=end),
              "last month": queries.EventFilter(start=end.replace(day=1), end=end),
              "search 'tanker'": queries.EventFilter(start=start, end=end, search="tanker")}
    full, reads = [], {name: [] for name in views_}
    for _ in range(runs):
        started = time.perf_counter()
        store.events_frame()
        full.append(time.perf_counter() - started)
        for name, f in views_.items():
            started = time.perf_counter()
            _view_reads(store, f)
            reads[name].append(time.perf_counter() - started)
    print(f"read: Store.events_frame() (all rows, all contract columns): {_best(full)}")
    for name, times in reads.items():
        print(f"read: the dashboard's SQL reads of one view, {name}: {_best(times)}")


# -- AppTest -------------------------------------------------------------------------------------
_APPTEST = r"""
import json, sys, time
from datetime import date, timedelta
started = time.perf_counter()
import pandas, plotly.graph_objects, streamlit
from streamlit.testing.v1 import AppTest
imports = time.perf_counter() - started
out = {"imports": imports}

def timed(fn):
    started = time.perf_counter()
    at = fn()
    assert not at.exception, at.exception
    return at, time.perf_counter() - started

def showing(at):
    return next(m.value for m in at.markdown if m.value.startswith("Showing"))

at, out["first_render"] = timed(lambda: AppTest.from_file(sys.argv[1], default_timeout=120).run())
out["showing_first"] = showing(at)
low, high = at.slider(key="event_dates").value
# a wide change first (most of the store stays in view: the heaviest aggregates), then one month
at, out["slider_wide"] = timed(lambda: at.slider(key="event_dates").set_range(low + timedelta(days=60), high).run())
out["showing_wide"] = showing(at)
at, out["slider_change"] = timed(lambda: at.slider(key="event_dates").set_range(
    date(high.year, high.month, 1) if high.month > 1 else low, high).run())
out["showing_slider"] = showing(at)
actor = at.multiselect(key="actors").options[1]
at, out["actor_pick"] = timed(lambda: at.multiselect(key="actors").select(actor).run())
out["showing_actor"] = showing(at)
tabs = [tab.label for tab in at.tabs]
if "Actors" in tabs:            # the per-actor view runs only in its tab
    at.session_state["view"] = "Actors"
    at, out["actors_tab"] = timed(lambda: at.run())
at, out["dyad_switch"] = timed(lambda: at.radio(key="lanes_by").set_value("dyad").run())
if "Actors" in tabs:
    at.session_state["view"] = "Timeline"
    at.run()
at, out["search"] = timed(lambda: at.text_input(key="search").input("tanker").run())
out["showing_search"] = showing(at)
at, out["date_by_switch"] = timed(lambda: at.radio(key="date_by").set_value("publication").run())
at, out["rerun_same_filters"] = timed(lambda: at.run())
second, out["second_session_first_render"] = timed(lambda: AppTest.from_file(sys.argv[1], default_timeout=120).run())
print(json.dumps(out))
"""


def bench_apptest(db: Path, app: Path = ROOT) -> dict:
    env = {**os.environ, "TIMELINE_DB": str(db)}
    result = subprocess.run([sys.executable, "-c", _APPTEST, str(app / "dashboard.py")], env=env, cwd=app,
                            capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"AppTest run failed:\n{result.stderr[-3000:]}")
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    print(f"apptest: imports (pandas, plotly, streamlit) {figures['imports']:.2f} s, not counted below")
    print(f"apptest: first render, fresh process (cold cache)  {figures['first_render']:.2f} s  "
          f"[{figures['showing_first']}]")
    print(f"apptest: first render, second session (warm cache) {figures['second_session_first_render']:.2f} s")
    if "slider_wide" in figures:
        print(f"apptest: event-date slider change, wide             {figures['slider_wide']:.2f} s  "
              f"[{figures['showing_wide']}]")
    print(f"apptest: event-date slider change                   {figures['slider_change']:.2f} s  "
          f"[{figures['showing_slider']}]")
    print(f"apptest: actor pick                                 {figures['actor_pick']:.2f} s  "
          f"[{figures['showing_actor']}]")
    if "actors_tab" in figures:
        print(f"apptest: open the Actors tab (lanes, summary)       {figures['actors_tab']:.2f} s")
    print(f"apptest: lanes by dyad switch                       {figures['dyad_switch']:.2f} s")
    if "search" in figures:
        print(f"apptest: text search                                {figures['search']:.2f} s  "
              f"[{figures['showing_search']}]")
        print(f"apptest: date by publication switch                 {figures['date_by_switch']:.2f} s")
    print(f"apptest: rerun with unchanged filters               {figures['rerun_same_filters']:.2f} s")
    return figures


# -- browser -------------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(db: Path, home: Path, app: Path = ROOT, port: int | None = None) -> tuple[subprocess.Popen, str]:
    port = port or _free_port()
    env = {**os.environ, "HOME": str(home), "TIMELINE_DB": str(db), "NO_PROXY": "127.0.0.1,localhost"}
    log = open(home / "streamlit.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(app / "dashboard.py"),
                             "--server.headless=true", "--server.address=127.0.0.1", f"--server.port={port}",
                             "--browser.gatherUsageStats=false", "--server.fileWatcherType=none",
                             "--server.runOnSave=false", "--client.toolbarMode=viewer"],
                            cwd=app, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return proc, base
        except OSError:
            time.sleep(0.2)
        if proc.poll() is not None:
            break
    raise SystemExit(f"streamlit did not start:\n{(home / 'streamlit.log').read_text()[-3000:]}")


def bench_browser(db: Path, runs: int, app: Path) -> None:
    from playwright.sync_api import sync_playwright

    figures: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as home:
        proc, base = _serve(db, Path(home), app)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"), headless=True,
                    args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"])
                for run in range(runs):
                    _browser_run(browser, base, cold=run == 0, figures=figures)
                # An analyst's morning: the browser has the app's hashed bundles cached (Streamlit
                # serves them "immutable"), the server was restarted, so its caches are cold.
                returning = browser.new_context(viewport={"width": 1400, "height": 1300})
                returning.add_init_script(_HOOK)
                _returning_visit(returning, base, {})          # its first visit fills the browser cache
                for run in range(runs):
                    _stop(proc)
                    proc, base = _serve(db, Path(home), app, port=int(base.rsplit(":", 1)[1]))
                    _returning_visit(returning, base, figures)
                returning.close()
                browser.close()
        finally:
            _stop(proc)
    for name, times in figures.items():
        print(f"browser summary: {name}, whole page updated: median {statistics.median(times):.2f} s "
              f"(min {min(times):.2f}, max {max(times):.2f}, {len(times)} runs)")


# "Updated" means the new figures are drawn, not the first DOM change: plotly's `emit` is wrapped
# (installed before the page's scripts run, in every frame: the charts are drawn in the chart
# component's iframes) so that every chart div records when plotly finished drawing it
# ("plotly_afterplot", after the points, axes and legends are in the SVG), as epoch milliseconds
# (each frame's performance.now() has its own origin). Conditions are checked on every animation
# frame (Playwright's expect() polls with back-off up to 1 s).
_HOOK = """Object.defineProperty(HTMLDivElement.prototype, 'emit', {configurable: true, get() { return undefined; },
  set(emit) { const div = this; Object.defineProperty(div, 'emit', {configurable: true, writable: true,
    value(name, data) { if (name === 'plotly_afterplot')
                          (div.__drawn = div.__drawn || []).push(performance.timeOrigin + performance.now());
                        return emit.call(this, name, data); }}); }});"""
_SHOWING = """() => [...document.querySelectorAll('[data-testid="stMarkdown"]')]
    .map(e => e.innerText).find(t => t.startsWith('Showing')) || ''"""
# plotly chart divs under `scope`, in page order: in the page (our chart component, or Streamlit's
# st.plotly_chart when `--app` is an older version) and in same-origin iframes
_CHART_DIVS = """(scope => [...scope.querySelectorAll('.js-plotly-plot, iframe')]
    .flatMap(node => node.tagName !== 'IFRAME' ? [node]
        : (() => { try { return [...node.contentDocument.querySelectorAll('.js-plotly-plot')]; } catch (e) { return []; } })()))"""
_CHARTS = _CHART_DIVS + "(document)"
_DRAWN_AFTER = "(chart, t0) => (chart.__drawn || []).some(t => t > t0)"
# the script has finished, the count changed, and the open tab's charts (the timeline and the
# balance; three when the actor lanes share the page, as before the tabs) were drawn after the action
_READY = """({before, t0}) => {
    const app = document.querySelector('[data-testid="stApp"]');
    const showing = (""" + _SHOWING + """)();
    const charts = """ + _CHARTS + """;
    return app && app.getAttribute('data-test-script-state') === 'notRunning'
        && showing && showing !== before && charts.length >= 2
        && charts.every(chart => (""" + _DRAWN_AFTER + """)(chart, t0));
}"""
_LANES_DRAWN = ("(t0) => { const view = document.querySelector('.st-key-actor_view');"
                " const chart = view && " + _CHART_DIVS + "(view)[0];"
                " return !!chart && (" + _DRAWN_AFTER + ")(chart, t0); }")
_TIMELINE_DRAWN = "(t0) => { const chart = " + _CHARTS + "[0]; return !!chart && (" + _DRAWN_AFTER + ")(chart, t0); }"
# when the last chart draw happened (Streamlit 1.67 draws each new figure twice; the second draw
# repeats the first, so "updated" counts the first and this reports when the page is quiet again)
_LAST_DRAW = "(t0) => Math.max(0, ..." + _CHARTS + ".flatMap(c => c.__drawn || []).filter(t => t > t0)) - t0"


def _timed_wait(page, started: float, condition: str, arg=None) -> float:
    page.wait_for_function(condition, arg=arg, polling="raf", timeout=120_000)
    return time.perf_counter() - started


def _page_now(page) -> float:
    return page.evaluate("() => performance.timeOrigin + performance.now()")


def _settled(page, t0: float) -> float:
    page.wait_for_timeout(1_000)          # let the repeat draw happen
    return page.evaluate(_LAST_DRAW, t0) / 1000


def _stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def _open(page, base: str) -> tuple[float, float]:
    """Seconds from `goto` to the timeline drawn, and to every chart of the page drawn with the script done."""
    started = time.perf_counter()
    page.goto(base)
    first_chart = _timed_wait(page, started, _TIMELINE_DRAWN, 0)
    return first_chart, _timed_wait(page, started, _READY, {"before": "", "t0": 0})


def _returning_visit(context, base: str, figures: dict) -> None:
    """A new tab of a browser that has opened the app before, against a freshly started server."""
    page = context.new_page()
    first_chart, everything = _open(page, base)
    print(f"browser (returning browser, server just restarted): goto -> timeline drawn {first_chart:.2f} s, "
          f"-> all charts drawn and the script done {everything:.2f} s")
    figures.setdefault("returning browser, server cold", []).append(everything)   # (not the warm-up)
    page.close()


def _browser_run(browser, base: str, cold: bool, figures: dict) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1300})
    context.add_init_script(_HOOK)
    page = context.new_page()
    label = "first visit, server cache cold" if cold else "later visit, server cache warm"
    first_chart, everything = _open(page, base)
    before = page.evaluate(_SHOWING)
    print(f"browser ({label}): goto -> timeline drawn {first_chart:.2f} s, "
          f"-> all charts drawn and the script done {everything:.2f} s  [{before.strip()}]")
    figures.setdefault("first visit" if cold else "later visit", []).append(everything)

    # event date: the end thumb one big step (PageDown: a tenth of the range) with the keyboard
    thumb = page.get_by_test_id("stSlider").first.locator('input[type="range"]').last
    thumb.focus()
    t0 = _page_now(page)
    started = time.perf_counter()
    page.keyboard.press("PageDown")
    timeline = _timed_wait(page, started, _TIMELINE_DRAWN, t0)
    slider = _timed_wait(page, started, _READY, {"before": before, "t0": t0})
    quiet = _settled(page, t0)
    after_slider = page.evaluate(_SHOWING)
    print(f"browser ({label}): event-date slider (one key) -> timeline drawn {timeline:.2f} s, "
          f"whole page updated {slider:.2f} s (last repeat draw {quiet:.2f} s)  [{after_slider.strip()}]")
    if not cold:
        figures.setdefault("slider change", []).append(slider)

    actors = page.get_by_test_id("stMultiSelect").first
    actors.locator("input").click()
    option = page.get_by_role("option").nth(1)
    name = option.inner_text()
    t0 = _page_now(page)
    started = time.perf_counter()
    option.click()
    timeline = _timed_wait(page, started, _TIMELINE_DRAWN, t0)
    pick = _timed_wait(page, started, _READY, {"before": after_slider, "t0": t0})
    quiet = _settled(page, t0)
    page.keyboard.press("Escape")
    print(f"browser ({label}): actor pick ({name}) -> timeline drawn {timeline:.2f} s, "
          f"whole page updated {pick:.2f} s (last repeat draw {quiet:.2f} s)  [{page.evaluate(_SHOWING).strip()}]")
    if not cold:
        figures.setdefault("actor pick", []).append(pick)

    tab = page.get_by_role("tab", name="Actors")
    if tab.count():
        t0 = _page_now(page)
        started = time.perf_counter()
        tab.click()
        lanes = _timed_wait(page, started, _LANES_DRAWN, t0)
        print(f"browser ({label}): open the Actors tab -> lanes drawn {lanes:.2f} s")
        if not cold:
            figures.setdefault("Actors tab", []).append(lanes)

    # the same tab opens the app again (scripts cached by the browser, as for an analyst's reload)
    first_chart, everything = _open(page, base)
    print(f"browser ({label}): reload in the same tab -> timeline drawn {first_chart:.2f} s, "
          f"-> everything {everything:.2f} s")
    figures.setdefault("reload", []).append(everything)
    context.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--db", type=Path, help="store to use (built when it holds no events)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary store")
    parser.add_argument("--runs", type=int, default=3, help="repetitions of the read and browser runs")
    parser.add_argument("--skip-apptest", action="store_true")
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--app", type=Path, default=ROOT,
                        help="project folder whose dashboard.py to measure (to compare a copy of another version)")
    args = parser.parse_args(argv)

    tmp = None if args.db else Path(tempfile.mkdtemp(prefix="dash-bench-"))
    db = args.db or tmp / "bench.db"
    try:
        existing = 0
        if db.exists():
            with sqlite3.connect(db) as conn:
                existing = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        if existing:
            print(f"store: {db} with {existing:,} events (reused)")
        else:
            started = time.perf_counter()
            articles, events = fill_store(db, args.events)
            print(f"store: {articles:,} articles, {events:,} events built in {time.perf_counter() - started:.1f} s "
                  f"({db.stat().st_size / 1e6:.0f} MB) at {db}")
        print(f"machine: {os.cpu_count()} cores")
        bench_read(db, args.runs)
        if not args.skip_apptest:
            bench_apptest(db, args.app.resolve())
        if not args.skip_browser:
            bench_browser(db, args.runs, args.app.resolve())
    finally:
        if tmp is not None and not args.keep:
            for path in tmp.glob("*"):
                path.unlink()
            tmp.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
