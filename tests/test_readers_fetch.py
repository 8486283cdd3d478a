"""Fetching feeds and pages over http(s): a local http.server on 127.0.0.1, never the internet."""
import http.server
import io
import socket
import threading
import time
from pathlib import Path

import pytest

from pipeline.cli import parse_args, run
from pipeline.readers import ReaderSettings, read_inputs
import pipeline.readers.fetch as fetch_module
from pipeline.readers.fetch import USER_AGENT, FetchError, address_problem, fetch
from pipeline.records import Article, Rejection
from pipeline.store import Store

GOOD = Path(__file__).parent / "fixtures" / "inputs" / "good"
LOCAL = ReaderSettings(allow_private_urls=True, fetch_timeout=2.0, fetch_deadline=10.0)

PAGE_WITH_DATE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Border crossing reopens for aid lorries | Valley Courier</title>
<meta property="og:site_name" content="Valley Courier">
<meta property="article:published_time" content="2024-04-17T09:15:00+03:00">
</head><body><article><h1>Border crossing reopens for aid lorries</h1>
<p>The northern border crossing reopened on Wednesday morning after three days of closure, and the
first lorries carrying flour and medicine passed through before noon, officials at the crossing said.</p>
<p>Aid agencies had warned over the weekend that warehouses on the far side were running low, and
they welcomed the decision while asking for the crossing to stay open at night as well.</p>
<p>A spokesman for the border authority said inspections would continue at the usual pace and that
more lanes would open if the number of lorries kept rising during the week.</p>
</article></body></html>"""

PAGE_WITHOUT_DATE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Envoys resume talks on prisoner exchange</title></head><body><article>
<h1>Envoys resume talks on prisoner exchange</h1>
<p>Envoys from both governments sat down again on Thursday to discuss an exchange of prisoners,
the mediators said in a short statement issued after the first session had ended in the evening.</p>
<p>The statement gave no figures, but officials close to the talks said lists of names had been
traded and that a second session was planned for the following morning at the same venue.</p>
<p>Families of detainees gathered outside the building for most of the day and asked to be told
about any progress before the names were made public in the press.</p>
</article></body></html>"""

SUMMARY_FEED = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>
<title>Valley Courier</title><link>{base}/</link><language>en</language>
<item><title>Border crossing reopens</title><link>{base}/pages/crossing.html</link>
<guid isPermaLink="false">vc-1</guid><pubDate>Wed, 17 Apr 2024 08:00:00 +0300</pubDate>
<description>The crossing reopened on Wednesday.</description></item>
<item><title>Talks resume</title><link>{base}/pages/talks.html</link>
<guid isPermaLink="false">vc-2</guid><pubDate>Thu, 18 Apr 2024 21:30:00 +0300</pubDate>
<description>Envoys met again on Thursday.</description></item>
<item><title>Link that is gone</title><link>{base}/pages/gone.html</link>
<guid isPermaLink="false">vc-3</guid><pubDate>Fri, 19 Apr 2024 10:00:00 +0300</pubDate>
<description>Ministers spoke by telephone on Friday.</description></item>
</channel></rss>"""


class Handler(http.server.BaseHTTPRequestHandler):
    routes: dict = {}
    seen: list = []

    def log_message(self, *args):     # keep the test output quiet
        pass

    def do_GET(self):
        type(self).seen.append((self.path, self.headers.get("User-Agent", "")))
        route = self.routes.get(self.path)
        if route is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status, headers, body, delay = route
        if delay:
            time.sleep(delay)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if "Content-Length" not in headers and not headers.get("X-No-Length"):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.fixture(scope="module")
def server():
    Handler.routes = {}
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"

    def route(path, body=b"", status=200, content_type="text/html; charset=utf-8", delay=0.0, **headers):
        data = body.encode("utf-8") if isinstance(body, str) else body
        all_headers = {"Content-Type": content_type} if content_type else {}
        all_headers.update({name.replace("_", "-"): value for name, value in headers.items()})
        Handler.routes[path] = (status, all_headers, data, delay)
        return base + path

    route.base = base
    yield route
    httpd.shutdown()
    httpd.server_close()


def read(specs, settings=LOCAL):
    return list(read_inputs(specs if isinstance(specs, list) else [specs], settings=settings))


def test_feed_url_is_read_entry_by_entry(server):
    url = server("/feed.rss", (GOOD / "evening_wire.rss").read_bytes(), content_type="application/rss+xml")
    first, second, impossible, empty = read(url)
    assert first.origin == url + "#1" and first.published == "2024-04-13T23:05+03:00"
    assert first.url == "https://eveningwire.example/2024/04/13/drones"      # the entry's own link
    assert second.title == "Jordan closes its airspace"
    assert isinstance(impossible, Rejection) and isinstance(empty, Rejection)


def test_page_url_keeps_metadata_and_defaults_url_to_the_final_url(server):
    canonical = server("/harbour.html", (GOOD / "harbour_post.html").read_bytes())
    (page,) = read(canonical)
    assert page.published == "2024-04-16T06:45+03:00" and page.source == "Harbour Post"
    assert page.url == "https://harbourpost.example/world/israel-weighs-response"   # its canonical link
    target = server("/pages/talks-final.html", PAGE_WITHOUT_DATE)
    moved = server("/old/talks", status=301, Location="/pages/talks-final.html")
    (article,) = read_inputs([moved], published="2024-04-18", settings=LOCAL)
    assert article.origin == moved and article.url == target         # no link of its own: where it was found
    assert "lists of names had been traded" in article.text


def test_page_without_date_takes_published_and_text_by_sniffing(server):
    url = server("/note", "Rockets were fired at the northern towns on Tuesday night.\n",
                 content_type="text/plain")
    (article,) = read_inputs([url], published="2024-04-16", settings=LOCAL)
    assert article.text == "Rockets were fired at the northern towns on Tuesday night."
    assert article.url == url and article.published == "2024-04-16"
    json_url = server("/api/story", '{"title": "Json story", "text": "Talks ended.", "published": "2024-04-18"}',
                      content_type="application/json")
    (story,) = read(json_url)
    assert story.title == "Json story" and story.url == ""      # records keep their own links only


@pytest.mark.parametrize("path, route, reason", [
    ("/missing", None, "the server answered HTTP 404 Not Found"),
    ("/broken", {"status": 500}, "the server answered HTTP 500 Internal Server Error"),
    ("/image.png", {"body": b"\x89PNG\r\n\x1a\n....", "content_type": "image/png"},
     "unsupported content type 'image/png'"),
    ("/empty", {"body": b""}, "empty answer: the server sent no content"),
    ("/binary", {"body": b"%PDF-1.7\n1 0 obj", "content_type": "application/octet-stream"},
     "this is a PDF document, not text"),
    ("/loop", {"status": 302, "Location": "/loop"}, "too many redirects (more than 5)"),
    ("/to-file", {"status": 302, "Location": "file:///etc/passwd"},
     "unsupported URL scheme 'file:': only http and https URLs are fetched"),
])
def test_failures_are_one_line_rejections(server, path, route, reason):
    url = server(path, **route) if route is not None else server.base + path
    (rejection,) = read(url)
    assert isinstance(rejection, Rejection) and rejection.origin == url
    assert reason in rejection.reason and "\n" not in rejection.reason


def test_size_cap_by_header_and_by_streamed_body(server):
    small = ReaderSettings(allow_private_urls=True, max_fetch_bytes=1000)
    announced = server("/big", "x" * 5000, content_type="text/plain")
    (rejection,) = read(announced, small)
    assert "too large: the server announces 5,000 bytes, above the limit of 1,000 bytes" in rejection.reason
    streamed = server("/big-stream", "y" * 200_000, content_type="text/plain", X_No_Length="1")
    (rejection,) = read(streamed, small)
    assert "too large: the body exceeds the limit of 1,000 bytes" in rejection.reason


def test_slow_server_times_out(server):
    url = server("/slow", "late", content_type="text/plain", delay=1.0)
    started = time.monotonic()
    (rejection,) = read(url, ReaderSettings(allow_private_urls=True, fetch_timeout=0.3))
    assert "timed out: no answer within 0.3 s" in rejection.reason
    assert time.monotonic() - started < 0.9


def test_loopback_is_refused_without_the_flag(server):
    url = server("/harbour2.html", (GOOD / "harbour_post.html").read_bytes())
    (rejection,) = read(url, ReaderSettings())
    assert rejection.reason == ("refused: 127.0.0.1 resolves to a loopback address (127.0.0.1); "
                                "use --allow-private-urls to fetch from local or private networks")
    assert all(path != "/harbour2.html" for path, _ in Handler.seen)      # never connected


@pytest.mark.parametrize("target, what", [
    ("http://10.20.30.40/internal", "a private address (10.20.30.40)"),
    ("http://169.254.169.254/latest/meta-data/", "a link-local address (169.254.169.254)"),
    ("http://[::1]:9/", "a loopback address (::1)"),
])
def test_each_redirect_hop_is_checked_again(server, monkeypatch, target, what):
    """The test server stands for a public host; where it redirects to is checked like any URL."""
    real = fetch_module.address_problem
    monkeypatch.setattr(fetch_module, "address_problem",
                        lambda address: None if address == "127.0.0.1" else real(address))
    url = server("/redirect" + str(abs(hash(target))), status=302, Location=target)
    (rejection,) = read(url, ReaderSettings(fetch_timeout=1.0))
    assert what in rejection.reason and rejection.reason.startswith("refused:")


@pytest.mark.parametrize("spec, scheme", [
    ("file:///etc/passwd", "file"), ("ftp://ftp.example.org/feed.xml", "ftp"),
    ("javascript:alert(document.cookie)", "javascript"), ("data:text/html,<p>hi</p>", "data"),
    ("gopher://example.org/", "gopher"),
])
def test_other_schemes_are_refused(spec, scheme):
    (rejection,) = read(spec, ReaderSettings(allow_private_urls=True))
    assert rejection.reason == f"unsupported URL scheme '{scheme}:': only http and https URLs are fetched"
    with pytest.raises(FetchError, match="unsupported URL scheme"):
        fetch(spec, ReaderSettings(allow_private_urls=True))


def test_dns_failure_and_mixed_answers_never_connect():
    def no_such_host(host, port):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    with pytest.raises(FetchError, match="cannot resolve host 'news.invalid': Name or service not known"):
        fetch("https://news.invalid/feed", ReaderSettings(), resolver=no_such_host)
    with pytest.raises(FetchError, match=r"refused: mixed\.example resolves to a private address \(10\.0\.0\.9\)"):
        fetch("http://mixed.example/", ReaderSettings(), resolver=lambda host, port: ["93.184.216.34", "10.0.0.9"])


@pytest.mark.parametrize("address, problem", [
    ("127.0.0.1", "loopback"), ("127.8.9.10", "loopback"), ("::1", "loopback"),
    ("10.1.2.3", "private"), ("172.16.5.4", "private"), ("192.168.1.1", "private"), ("fc00::1", "private"),
    ("169.254.169.254", "link-local"), ("fe80::1%eth0", "link-local"),
    ("224.0.0.251", "multicast"), ("ff02::1", "multicast"),
    ("0.0.0.0", "unspecified"), ("::", "unspecified"), ("240.0.0.1", "reserved"),
    ("::ffff:127.0.0.1", "loopback"), ("100.64.0.1", "non-public"),
    ("93.184.216.34", None), ("2606:4700:4700::1111", None),
])
def test_address_policy(address, problem):
    found = address_problem(address)
    assert (found is None) if problem is None else (problem in found)


def test_fetch_sends_a_product_user_agent(server):
    url = server("/ua", "Sirens sounded in the south on Monday.", content_type="text/plain")
    fetch(url, LOCAL)
    assert ("/ua", USER_AGENT) in Handler.seen and "EscalationTimeline" in USER_AGENT


def test_fetch_links_replaces_summaries_with_the_linked_pages(server):
    server("/pages/crossing.html", PAGE_WITH_DATE)
    server("/pages/talks.html", PAGE_WITHOUT_DATE)
    feed = server("/summaries.rss", SUMMARY_FEED.format(base=server.base), content_type="application/rss+xml")
    plain = read(feed)
    assert [a.text for a in plain] == ["The crossing reopened on Wednesday.", "Envoys met again on Thursday.",
                                       "Ministers spoke by telephone on Friday."]
    crossing, talks, gone = read(feed, ReaderSettings(allow_private_urls=True, fetch_links=True))
    assert "first lorries carrying flour and medicine" in crossing.text
    assert crossing.published == "2024-04-17T09:15+03:00"          # the page's own date
    assert crossing.title == "Border crossing reopens" and crossing.article_id == "vc-1"
    assert "lists of names had been traded" in talks.text
    assert talks.published == "2024-04-18T21:30+03:00"             # page has none: the entry's
    assert gone.text == "Ministers spoke by telephone on Friday."   # 404: the summary is kept
    assert all(isinstance(item, Article) for item in (crossing, talks, gone))


def test_fetch_links_leaves_long_entries_alone(server, tmp_path):
    feed = tmp_path / "wire.rss"                                   # a local feed file, links on our server
    feed.write_text(SUMMARY_FEED.format(base=server.base), encoding="utf-8")
    before = len(Handler.seen)
    read(str(feed), ReaderSettings(allow_private_urls=True, fetch_links=True, summary_chars=10))
    assert len(Handler.seen) == before                             # every entry is "long": nothing fetched


def test_command_line_flags(server, tmp_path):
    server("/pages/crossing.html", PAGE_WITH_DATE)
    server("/pages/talks.html", PAGE_WITHOUT_DATE)
    feed = server("/cli.rss", SUMMARY_FEED.format(base=server.base), content_type="application/rss+xml")
    db = tmp_path / "t.db"
    out, err = io.StringIO(), io.StringIO()
    assert run(parse_args(["ingest", feed, "--db", str(db)]), out, err) == 3
    assert f"rejected: {feed}: refused: 127.0.0.1 resolves to a loopback address" in err.getvalue()
    out, err = io.StringIO(), io.StringIO()
    assert run(parse_args(["ingest", feed, "--db", str(db), "--allow-private-urls", "--fetch-links"]),
               out, err) == 0, err.getvalue()
    assert "new 3" in out.getvalue()
    stored = Store(str(db)).article("vc-1")
    assert "first lorries carrying flour" in stored["text"]
    out, err = io.StringIO(), io.StringIO()
    assert run(parse_args(["extract", feed, "--allow-private-urls", "--fetch-links", "--all"]), out, err) == 0
    assert "first lorries" in out.getvalue()
