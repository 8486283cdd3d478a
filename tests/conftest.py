"""Shared fixtures: a small invented timeline store, and the browser layer (streamlit + Chromium).

The fixture store holds 8 invented articles (our own words) about the April 2024 Israel-Iran
episode with 17 events: both signals, several actors, sources and categories, two week/vague
interval events and one part-of-day event. The browser store adds one hostile article (script,
onerror, javascript: links, an HTML comment in its title, text, source and URL); the demo
store is the bundled corpus (data/demo) built by the real pipeline. Browser fixtures follow
../shared/notes/browser-testing.md: `streamlit run` in a subprocess on a free loopback port,
Debian chromium via executable_path (never `playwright install`), and every request that leaves
127.0.0.1 aborted and recorded.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from pipeline.records import Anchor, Article, TimelineEvent
from pipeline.store import Store

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"

# (source, published, title, [(sentence, expression, timex, basis, start, end, granularity,
#   actor, target, speaker, signal, category, score, confidence, cue, explanation)])
FIXTURE_ARTICLES = [
    ("Meridian Daily", "2024-04-02", "Strike levels consular annex in Damascus", [
        ("An air strike flattened the consular building next to Iran's embassy in Damascus on Monday.",
         "on Monday", "2024-04-01", "relative", "2024-04-01", "2024-04-01", "day",
         "Israel", "Iran", "", "escalation", "attack", 8.0, 0.9, "air strike flattened",
         "'on Monday' in an article published Tuesday 2024-04-02 → 2024-04-01"),
        ("Officials in Tehran promised that the strike would be answered.",
         "", "", "publication", "2024-04-02", "2024-04-02", "day",
         "Iran", "Israel", "", "escalation", "retaliation-vow", 6.0, 0.8, "promised that the strike would be answered",
         "no time expression: dated by publication 2024-04-02"),
    ]),
    ("Harbour Post", "2024-04-05", "Israel readies air defences", [
        ("Israel paused leave for combat units and called up air-defence reservists on Thursday.",
         "on Thursday", "2024-04-04", "relative", "2024-04-04", "2024-04-04", "day",
         "Israel", "", "", "escalation", "mobilisation", 4.0, 0.75, "called up air-defence reservists",
         "'on Thursday' in an article published Friday 2024-04-05 → 2024-04-04"),
    ]),
    ("Cedar Ledger", "2024-04-10", "Supreme Leader says Israel will be punished", [
        ("Iran's Supreme Leader said on Wednesday that Israel would be punished for the Damascus strike.",
         "on Wednesday", "2024-04-10", "relative", "2024-04-10", "2024-04-10", "day",
         "Iran", "Israel", "Ali Khamenei", "escalation", "threat", 6.0, 0.85, "would be punished",
         "'on Wednesday' in an article published Wednesday 2024-04-10 → 2024-04-10"),
    ]),
    ("Northgate Wire", "2024-04-14", "Iran launches drones and missiles at Israel", [
        ("Iran sent waves of drones and missiles toward Israel on Saturday evening.",
         "on Saturday evening", "2024-04-13TEV", "relative", "2024-04-13T18:00", "2024-04-13T23:59",
         "part-of-day", "Iran", "Israel", "", "escalation", "attack", 9.0, 0.95, "sent waves of drones and missiles",
         "'Saturday evening' in an article published Sunday 2024-04-14 → 2024-04-13 evening"),
        ("Tehran called the barrage its answer to Israel's strike in Syria last week.",
         "last week", "2024-W14", "relative", "2024-04-01", "2024-04-07", "week",
         "Israel", "Iran", "", "escalation", "attack", 7.0, 0.6, "strike in Syria",
         "'last week' in an article published Sunday 2024-04-14 → 2024-04-01 to 2024-04-07"),
        ("The UN Secretary-General urged every side to step back from the brink.",
         "", "", "publication", "2024-04-14", "2024-04-14", "day",
         "António Guterres", "", "António Guterres", "de-escalation", "appeal-restraint", -5.0, 0.9,
         "urged every side to step back",
         "no time expression: dated by publication 2024-04-14"),
    ]),
    ("Harbour Post", "2024-04-15", "Leaders press for restraint after the barrage", [
        ("Leaders of the G7 called for restraint on Sunday.",
         "on Sunday", "2024-04-14", "relative", "2024-04-14", "2024-04-14", "day",
         "G7", "Israel", "", "de-escalation", "appeal-restraint", -4.0, 0.85, "called for restraint",
         "'on Sunday' in an article published Monday 2024-04-15 → 2024-04-14"),
        ("The US president pressed the Israeli prime minister not to widen the conflict.",
         "", "", "publication", "2024-04-15", "2024-04-15", "day",
         "United States", "Israel", "Joe Biden", "de-escalation", "pressure-restraint", -5.0, 0.8,
         "not to widen the conflict",
         "no time expression: dated by publication 2024-04-15"),
        ("Israel's president said his country was not seeking war.",
         "", "", "publication", "2024-04-15", "2024-04-15", "day",
         "Israel", "Iran", "Isaac Herzog", "de-escalation", "denial-of-intent", -3.0, 0.7, "not seeking war",
         "no time expression: dated by publication 2024-04-15"),
        ("He added that the attack had to be met accordingly.",
         "", "", "publication", "2024-04-15", "2024-04-15", "day",
         "Israel", "Iran", "Isaac Herzog", "escalation", "threat", 5.0, 0.55, "met accordingly",
         "no time expression: dated by publication 2024-04-15"),
    ]),
    ("Cedar Ledger", "2024-04-19", "Blasts reported near Isfahan", [
        ("Explosions were heard near Isfahan early on Friday, and air defences were switched on.",
         "early on Friday", "2024-04-19TMO", "relative", "2024-04-19T00:00", "2024-04-19T06:00",
         "part-of-day", "Israel", "Iran", "", "escalation", "attack", 6.0, 0.65, "explosions were heard",
         "'early on Friday' in an article published Friday 2024-04-19 → 2024-04-19 early morning"),
        ("Iranian officials played the incident down and spoke of no plan to respond.",
         "", "", "publication", "2024-04-19", "2024-04-19", "day",
         "Iran", "Israel", "", "de-escalation", "denial-of-intent", -3.0, 0.6, "no plan to respond",
         "no time expression: dated by publication 2024-04-19"),
    ]),
    ("Meridian Daily", "2024-04-22", "Quiet diplomacy behind the calm", [
        ("European envoys held talks with both capitals in recent days.",
         "in recent days", "PAST_REF", "relative", "2024-04-15", "2024-04-21", "vague",
         "European Union", "Iran", "", "de-escalation", "talks", -4.0, 0.5, "held talks",
         "'in recent days' in an article published Monday 2024-04-22 → 2024-04-15 to 2024-04-21"),
        ("EU ministers agreed on Monday to widen sanctions on Iranian drone makers.",
         "on Monday", "2024-04-22", "relative", "2024-04-22", "2024-04-22", "day",
         "European Union", "Iran", "", "escalation", "sanction", 4.0, 0.8, "widen sanctions",
         "'on Monday' in an article published Monday 2024-04-22 → 2024-04-22"),
    ]),
    ("Northgate Wire", "2024-04-25", "Rockets fired at northern Israel", [
        ("Hezbollah fired rockets at northern Israel on Tuesday.",
         "on Tuesday", "2024-04-23", "relative", "2024-04-23", "2024-04-23", "day",
         "Hezbollah", "Israel", "", "escalation", "attack", 6.0, 0.85, "fired rockets",
         "'on Tuesday' in an article published Thursday 2024-04-25 → 2024-04-23"),
        ("Israel's army said it struck launch sites in southern Lebanon in response.",
         "", "", "publication", "2024-04-25", "2024-04-25", "day",
         "Israel", "Hezbollah", "", "escalation", "retaliation", 6.0, 0.8, "struck launch sites",
         "no time expression: dated by publication 2024-04-25"),
    ]),
]


def _plot_day(start: str, end: str) -> str:
    first, last = date.fromisoformat(start[:10]), date.fromisoformat(end[:10])
    return (first + (last - first) / 2).isoformat()


def fixture_records() -> list[tuple[Article, list[TimelineEvent]]]:
    """The fixture articles and their events, as the pipeline's records."""
    batch = []
    for source, published, title, rows in FIXTURE_ARTICLES:
        text = " ".join(row[0] for row in rows)
        article_id = hashlib.sha1(f"{source}|{title}".encode()).hexdigest()[:16]
        slug = title.lower().replace(" ", "-")
        url = f"https://{source.lower().replace(' ', '')}.example/{published}/{slug}"
        article = Article(article_id=article_id, text=text, anchor=Anchor(date.fromisoformat(published)),
                          published=published, title=title, source=source, url=url, origin="fixture")
        events = []
        for (sentence, expression, timex, basis, start, end, granularity, actor, target, speaker,
             signal_, category, score, confidence, cue, explanation) in rows:
            char_start = text.index(sentence)
            events.append(TimelineEvent(
                event_id=hashlib.sha1(f"{article_id}|{char_start}".encode()).hexdigest()[:16],
                article_id=article_id, source=source, url=url, title=title, published=published,
                sentence=sentence, char_start=char_start, char_end=char_start + len(sentence),
                time_expression=expression, timex_value=timex, date_basis=basis,
                event_start=start, event_end=end, event_date=_plot_day(start, end),
                granularity=granularity, actor=actor, target=target, speaker=speaker,
                signal=signal_, category=category, score=score, confidence=confidence, cue=cue,
                date_explanation=explanation, modality="actual", polarity="asserted",
            ))
        batch.append((article, events))
    return batch


def build_fixture_store(path: Path) -> Path:
    Store(path).upsert_batch(fixture_records())
    return path


# Hostile text (issue 7 req. 5): every payload would set window.__pwned or open a dialog if it ran.
HOSTILE_SCRIPT = "<script>window.__pwned=1;alert(1)</script>"
HOSTILE_IMG = "<img src=x onerror=\"window.__pwned=1;alert(1)\">"
HOSTILE_LINK = "[click](javascript:window.__pwned=1;alert(1))"
HOSTILE_COMMENT = "<!-- hidden note -->"
HOSTILE_URL = "javascript:window.__pwned=1;alert(1)"


def hostile_records() -> list[tuple[Article, list[TimelineEvent]]]:
    """One invented article whose title, text, source and URL carry script, onerror, javascript:
    links and an HTML comment; its one event (2024-04-23) carries them in its fields too."""
    sentence = (f"Israel struck a depot near the border on Tuesday {HOSTILE_SCRIPT} {HOSTILE_IMG} "
                f"{HOSTILE_LINK} {HOSTILE_COMMENT} officials said.")
    text = f"Officials gave few details. {sentence} More reports followed."
    title = f"Depot strike {HOSTILE_SCRIPT} {HOSTILE_IMG}"
    source = f"Wire {HOSTILE_COMMENT}{HOSTILE_SCRIPT}"
    article = Article(article_id="hostile0000000001", text=text, anchor=Anchor(date(2024, 4, 24)),
                      published="2024-04-24", title=title, source=source, url=HOSTILE_URL, origin="fixture")
    start = text.index(sentence)
    event = TimelineEvent(
        event_id="hostile0000000001e", article_id=article.article_id, source=source, url=HOSTILE_URL,
        title=title, published="2024-04-24", sentence=sentence, char_start=start, char_end=start + len(sentence),
        time_expression="on Tuesday", timex_value="2024-04-23", date_basis="relative",
        event_start="2024-04-23", event_end="2024-04-23", event_date="2024-04-23", granularity="day",
        actor="Israel", target="Iran", speaker=HOSTILE_IMG, signal="escalation", category="attack",
        score=3.0, confidence=0.7, cue="struck a depot",
        date_explanation=f"'on Tuesday' {HOSTILE_LINK} in an article published Wednesday 2024-04-24 → 2024-04-23",
        modality="actual", polarity="asserted")
    return [(article, [event])]


@pytest.fixture
def fixture_db(tmp_path) -> Path:
    """A fresh fixture store file for one test."""
    return build_fixture_store(tmp_path / "t.db")


@pytest.fixture
def fixture_frame(fixture_db):
    return Store(fixture_db).events_frame()


# -- browser layer ------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except OSError:
        return False


@pytest.fixture(scope="session")
def browser_db(tmp_path_factory) -> Path:
    """The fixture store plus the hostile article (the browser tests count from the store itself)."""
    path = build_fixture_store(tmp_path_factory.mktemp("browser") / "t.db")
    Store(path).upsert_batch(hostile_records())
    return path


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """The bundled demo corpus (data/demo) built by the real pipeline into a temporary store."""
    from pipeline.demo import ensure_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    if not ensure_demo(Store(path)):
        pytest.skip("no demo corpus under data/demo")
    return path


@contextmanager
def _serve(db: Path, home: Path, name: str):
    """`streamlit run dashboard.py` against `db` on a free loopback port; yields its URL."""
    log_path = home / f"{name}.log"
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "HOME": str(home), "TIMELINE_DB": str(db),
           "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"),
               "--server.headless=true", "--server.address=127.0.0.1", f"--server.port={port}",
               "--browser.gatherUsageStats=false", "--server.fileWatcherType=none",
               "--server.runOnSave=false", "--client.toolbarMode=viewer"]
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True, env=env)
    try:
        deadline = time.monotonic() + 60
        while not _healthy(base_url):
            if proc.poll() is not None:
                pytest.fail(f"streamlit exited with {proc.returncode}:\n{log_path.read_text()}")
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit not healthy after 60 s:\n{log_path.read_text()}")
            time.sleep(0.25)
        yield base_url
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(5)
        ARTIFACTS.mkdir(exist_ok=True)
        shutil.copy(log_path, ARTIFACTS / f"{name}.log")


@pytest.fixture(scope="session")
def streamlit_server(tmp_path_factory, browser_db):
    """The app on the fixture store (plus the hostile article)."""
    with _serve(browser_db, tmp_path_factory.mktemp("home"), "streamlit") as url:
        yield url


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory, demo_db):
    """The app on the demo corpus (for the README's screenshots)."""
    with _serve(demo_db, tmp_path_factory.mktemp("demo-home"), "streamlit-demo") as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not Path(executable).exists():
        pytest.skip(f"no chromium at {executable} (set CHROMIUM_PATH; never `playwright install`)")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield chromium
        chromium.close()


def _open_page(browser, base_url: str):
    """A fresh browser context on the app; collects console errors and off-machine requests."""
    context = browser.new_context(viewport={"width": 1400, "height": 1300}, accept_downloads=True)
    context.set_default_timeout(30_000)
    blocked: list[str] = []

    def route(route_, request):
        if request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
            route_.fallback()
        else:
            blocked.append(request.url)
            route_.abort()

    context.route("**/*", route)
    tab = context.new_page()
    tab.console_errors = []   # type: ignore[attr-defined]
    tab.blocked_requests = blocked   # type: ignore[attr-defined]
    tab.on("console", lambda msg: msg.type == "error" and tab.console_errors.append(msg.text))
    tab.on("pageerror", lambda exc: tab.console_errors.append(str(exc)))
    tab.base_url = base_url   # type: ignore[attr-defined]
    return context, tab


@pytest.fixture
def page(browser, streamlit_server):
    context, tab = _open_page(browser, streamlit_server)
    yield tab
    context.close()


@pytest.fixture
def demo_page(browser, demo_server):
    context, tab = _open_page(browser, demo_server)
    yield tab
    context.close()
