"""The chart bundle on the dashboard's server: a route that serves it, and a middleware that makes
the page start loading it at once.

Without the middleware, the bundle would be asked for only when the first chart arrives, after
the page has connected and the script has run: its download and start-up (~0.3 s of script)
would come on top. With an `async` script tag in the page's head, the browser fetches and runs it
while it waits for the server, and `chart.js` finds `window.Plotly` ready (or waits for that tag).
Streamlit's own chunk that mounts the component is preloaded the same way.
"""
from __future__ import annotations

import json
from functools import cache, partial
from pathlib import Path

from . import BUNDLE, PACKAGE, bundle_installed

BUNDLE_ATTRIBUTE = "data-plotly-bundle"     # chart.js looks for the tag by it


@cache
def bundle_path() -> str:
    """The bundle's URL path, versioned so that browsers may keep it for good (read once: every
    chart of every rerun names it)."""
    version = json.loads((PACKAGE / "package.json").read_text(encoding="utf-8"))["version"]
    return f"/chart/plotly-basic-{version}.min.js"


def bundle_tag() -> bytes:
    """The page's script tag for the bundle (relative: the app may live under a base path)."""
    return (f'<script async src=".{bundle_path()}" {BUNDLE_ATTRIBUTE} '
            f'onerror="this.dataset.failed = 1"></script>').encode()


def component_chunk_tag() -> bytes:
    """A modulepreload link for Streamlit's own code that mounts a v2 component (it loads lazily,
    when the first chart arrives), or b"" when that chunk is not found (another Streamlit build)."""
    import streamlit

    chunks = sorted((Path(streamlit.__file__).parent / "static" / "static" / "js").glob("BidiComponent.*.js"))
    return f'<link rel="modulepreload" href="./static/js/{chunks[0].name}">'.encode() if len(chunks) == 1 else b""


def routes() -> list:
    """The Starlette route serving the bundle (none when it is not installed)."""
    if not bundle_installed():
        return []
    from starlette.responses import FileResponse
    from starlette.routing import Route

    async def bundle(_request):
        return FileResponse(BUNDLE, media_type="text/javascript",
                            headers={"Cache-Control": "public, max-age=31536000, immutable"})

    return [Route(bundle_path(), bundle, methods=["GET", "HEAD"])]


def middleware() -> list:
    """The middleware adding `bundle_tag()` and `component_chunk_tag()` to the page (none when the
    bundle is not installed)."""
    if not bundle_installed():
        return []
    from starlette.middleware import Middleware

    return [Middleware(TagInHead, tag=bundle_tag() + component_chunk_tag())]


class TagInHead:
    """ASGI middleware: the app's HTML page gets `tag` at the end of its <head>.
    Only uncompressed 200 text/html answers change (the page asks for no gzip: 8 kB on the wire)."""

    _ASSETS = (b"/static/", b"/_stcore/", b"/media/", b"/component/", b"/chart/")

    def __init__(self, app, tag: bytes) -> None:
        self.app = app
        self.tag = tag

    async def __call__(self, scope, receive, send) -> None:
        path = scope.get("raw_path") or scope.get("path", "").encode()
        if (scope["type"] != "http" or scope["method"] not in ("GET", "HEAD")
                or any(part in path for part in self._ASSETS)):
            await self.app(scope, receive, send)
            return
        scope = {**scope, "headers": [(k, v) for k, v in scope["headers"] if k.lower() != b"accept-encoding"]}
        if scope["method"] == "HEAD":
            await self.app(scope, receive, partial(self._head, send))
            return
        start: dict | None = None
        body: list[bytes] = []

        async def send_page(message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = {k.lower(): v for k, v in message.get("headers", [])}
                if (message["status"] == 200 and headers.get(b"content-type", b"").startswith(b"text/html")
                        and b"content-encoding" not in headers):
                    start = message                      # held back until the whole page is here
                    return
            elif message["type"] == "http.response.body" and start is not None:
                body.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                page = b"".join(body).replace(b"</head>", self.tag + b"</head>", 1)
                headers = [(k, v) for k, v in start.get("headers", [])
                           if k.lower() not in (b"content-length", b"etag")]
                await send({**start, "headers": headers + [(b"content-length", str(len(page)).encode())]})
                await send({"type": "http.response.body", "body": page})
                return
            await send(message)

        await self.app(scope, receive, send_page)

    async def _head(self, send, message) -> None:
        """A HEAD answer gives the length the GET page will have (the tag added; no body to
        look at, and Streamlit's page always has its </head>)."""
        if message["type"] == "http.response.start" and message["status"] == 200:
            headers = {k.lower(): v for k, v in message.get("headers", [])}
            if (headers.get(b"content-type", b"").startswith(b"text/html") and b"content-encoding" not in headers
                    and headers.get(b"content-length", b"").isdigit()):
                length = int(headers[b"content-length"]) + len(self.tag)
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in (b"content-length", b"etag")]
                message = {**message, "headers": kept + [(b"content-length", str(length).encode())]}
        await send(message)
