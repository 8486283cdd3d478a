"""The chart component's Python side: picking an event from a chart's state, the bundle's tag
and route, and the middleware that puts the tag in the page's head (an ASGI app of our own)."""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest

import charts
from charts import page

PAGE = b"<!doctype html><html><head><title>Escalation Timeline</title></head><body></body></html>"


@pytest.mark.parametrize("state, expected", [
    ({"picked": "a1b2c3d4e5f60718"}, "a1b2c3d4e5f60718"),                       # our component's trigger
    (SimpleNamespace(picked="a1b2c3d4e5f60718"), "a1b2c3d4e5f60718"),
    (SimpleNamespace(selection=SimpleNamespace(points=[{"customdata": ["0f1e2d3c4b5a6978", "Iran → Israel"]}])),
     "0f1e2d3c4b5a6978"),                                                       # st.plotly_chart's selection
    (SimpleNamespace(selection=SimpleNamespace(points=[{"customdata": "0f1e2d3c4b5a6978"}])), "0f1e2d3c4b5a6978"),
    (SimpleNamespace(selection=SimpleNamespace(points=[])), None),              # a click beside the points
    ({"picked": None}, None),
    (None, None),
])
def test_picked_event(state, expected):
    assert charts.picked_event(state) == expected


@pytest.mark.skipif(not charts.bundle_installed(), reason="the chart bundle is installed by `make`")
def test_bundle_tag_names_the_installed_version():
    path = page.bundle_path()
    assert path.startswith("/chart/plotly-basic-") and path.endswith(".min.js")
    tag = page.bundle_tag()
    assert tag.startswith(b"<script async ") and f'src=".{path}"'.encode() in tag
    assert page.BUNDLE_ATTRIBUTE.encode() in tag
    assert [route.path for route in page.routes()] == [path]


def _serve(app, method: str = "GET", path: str = "/", accept_gzip: bool = True) -> tuple[dict, bytes]:
    """One request through an ASGI app: the response's headers and body."""
    sent: list[dict] = []
    headers = [(b"host", b"127.0.0.1")] + ([(b"accept-encoding", b"gzip")] if accept_gzip else [])
    scope = {"type": "http", "method": method, "path": path, "raw_path": path.encode(), "headers": headers}

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    # in a thread of its own: the sync Playwright of the browser tests may hold this thread's loop
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, app(scope, receive, send)).result()
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return {k.decode().lower(): v.decode() for k, v in start["headers"]}, body


def _page_app(seen: list):
    """A stand-in for Streamlit's server: its page, gzipped when the request allows it, in two chunks."""
    async def app(scope, receive, send):
        headers = dict(scope["headers"])
        seen.append(headers)
        gzip = b"gzip" in headers.get(b"accept-encoding", b"")
        kind = b"text/html" if not scope["path"].startswith("/static/") else b"text/javascript"
        answer = [(b"content-type", kind), (b"content-length", str(len(PAGE)).encode()), (b"etag", b'"abc"')]
        if gzip:
            answer.append((b"content-encoding", b"gzip"))
        await send({"type": "http.response.start", "status": 200, "headers": answer})
        if scope["method"] == "GET":
            await send({"type": "http.response.body", "body": PAGE[:40], "more_body": True})
            await send({"type": "http.response.body", "body": PAGE[40:]})
        else:
            await send({"type": "http.response.body", "body": b""})
    return app


TAG = b'<script async src="./chart/plotly-basic-0.0.0.min.js" data-plotly-bundle></script>'


def test_the_page_gets_the_tag_at_the_end_of_its_head():
    seen: list = []
    headers, body = _serve(page.TagInHead(_page_app(seen), tag=TAG))
    assert body == PAGE.replace(b"</head>", TAG + b"</head>")
    assert int(headers["content-length"]) == len(body)
    assert "etag" not in headers                 # the page differs from what the etag named
    assert b"accept-encoding" not in seen[0]     # asked uncompressed, so it can be edited


def test_a_head_request_gets_the_length_of_the_edited_page():
    headers, body = _serve(page.TagInHead(_page_app([]), tag=TAG), method="HEAD")
    assert body == b"" and int(headers["content-length"]) == len(PAGE) + len(TAG)


def test_assets_pass_untouched():
    seen: list = []
    headers, body = _serve(page.TagInHead(_page_app(seen), tag=TAG), path="/static/js/index.js")
    assert body == PAGE and headers["content-encoding"] == "gzip" and b"accept-encoding" in seen[0]


def test_component_chunk_tag_names_a_file_streamlit_serves():
    import re
    from pathlib import Path

    import streamlit

    tag = page.component_chunk_tag()
    if tag:     # another Streamlit build may name its chunks otherwise: then no link, no error
        name = re.search(rb'href="\./static/js/([^"]+)"', tag).group(1).decode()
        assert (Path(streamlit.__file__).parent / "static" / "static" / "js" / name).is_file()
