"""Fetching a feed or page over http(s), safely: the only module of the readers that uses the network.

Guards, each failure a FetchError whose message is one line a person can act on:
- only http and https, on the first URL and on every redirect (at most MAX_REDIRECTS hops);
- every address a host resolves to is checked; loopback, private, link-local, multicast,
  reserved, unspecified and other non-global addresses are refused unless
  ReaderSettings.allow_private_urls is set (a local test server, an intranet wiki);
- the connection goes to the address that was checked (no second DNS lookup that a
  rebinding name could answer differently);
- connect and read timeouts (fetch_timeout) and an overall deadline (fetch_deadline);
- a size cap (max_fetch_bytes): a declared Content-Length above it is refused at once,
  and the body is read in chunks that stop at the cap;
- only text-like content types (HTML, XML feeds, JSON, plain text, CSV).
No proxy from the environment is used: a proxy would defeat the address check.
"""
from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from pipeline.readers.settings import ReaderSettings

USER_AGENT = "EscalationTimeline/1.0 (news reader; +https://github.com/escalation-timeline)"
MAX_REDIRECTS = 5
REDIRECTS = (301, 302, 303, 307, 308)
CHUNK_BYTES = 64 * 1024
ACCEPT = ("text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, "
          "application/xml;q=0.9, application/json;q=0.9, text/plain;q=0.8, */*;q=0.1")

Resolver = Callable[[str, int], list[str]]


class FetchError(Exception):
    """A URL that could not be fetched; str() is the reason, one line."""


@dataclass(frozen=True)
class Fetched:
    url: str                # the final URL, after redirects
    data: bytes
    media_type: str         # "text/html", "" when the server named none
    charset: str | None     # from the Content-Type header


def one_line(text: object, limit: int = 200) -> str:
    return " ".join(str(text).split())[:limit]


def _resolve(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: list[str] = []
    for info in infos:
        address = str(info[4][0])
        if address not in seen:
            seen.append(address)
    return seen


def address_problem(address: str) -> str | None:
    """Why an address must not be fetched from by default, or None for a public address."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "an address that cannot be checked"
    mapped = getattr(ip, "ipv4_mapped", None)
    if mapped is not None:
        ip = mapped
    for attribute, what in (("is_unspecified", "an unspecified"), ("is_loopback", "a loopback"),
                            ("is_link_local", "a link-local"), ("is_multicast", "a multicast"),
                            ("is_reserved", "a reserved"), ("is_private", "a private")):
        if getattr(ip, attribute):
            return f"{what} address ({ip})"
    if not ip.is_global:
        return f"a non-public address ({ip})"
    return None


def scheme_problem(url: str) -> str | None:
    scheme = urlsplit(url).scheme.lower()
    if scheme in ("http", "https"):
        return None
    shown = f"'{scheme}:'" if scheme else "no scheme"
    return f"unsupported URL scheme {shown}: only http and https URLs are fetched"


def _checked_addresses(host: str, port: int, settings: ReaderSettings, resolver: Resolver) -> list[str]:
    try:
        addresses = resolver(host, port)
    except (socket.gaierror, UnicodeError) as exc:
        detail = exc.strerror if isinstance(exc, socket.gaierror) and exc.strerror else exc
        raise FetchError(f"cannot resolve host {host!r}: {one_line(detail)}") from None
    if not addresses:
        raise FetchError(f"cannot resolve host {host!r}: no address")
    if not settings.allow_private_urls:
        for address in addresses:
            problem = address_problem(address)
            if problem:
                raise FetchError(f"refused: {host} resolves to {problem}; "
                                 "use --allow-private-urls to fetch from local or private networks")
    return addresses


def _connection(scheme: str, host: str, port: int, address: str, timeout: float) -> http.client.HTTPConnection:
    """A connection to `address` (already checked) that still speaks to `host` (Host header, TLS SNI)."""
    def connect(_target, connect_timeout=None, source_address=None):
        sock = socket.create_connection((address, port), timeout, source_address)
        sock.settimeout(timeout)
        return sock

    if scheme == "https":
        conn: http.client.HTTPConnection = http.client.HTTPSConnection(
            host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
    conn._create_connection = connect      # pin the checked address (stable since Python 3.4)
    return conn


def _read_body(response: http.client.HTTPResponse, settings: ReaderSettings, deadline: float) -> bytes:
    cap = settings.max_fetch_bytes
    declared = response.getheader("Content-Length")
    if declared and declared.strip().isdigit() and int(declared) > cap:
        raise FetchError(f"too large: the server announces {_size(int(declared))}, above the limit of "
                         f"{_size(cap)} (max_fetch_bytes)")
    parts: list[bytes] = []
    total = 0
    while True:
        if time.monotonic() > deadline:
            raise FetchError(f"timed out: the download took longer than {settings.fetch_deadline:g} s")
        chunk = response.read1(CHUNK_BYTES) if hasattr(response, "read1") else response.read(CHUNK_BYTES)
        if not chunk:
            break
        total += len(chunk)
        if total > cap:
            raise FetchError(f"too large: the body exceeds the limit of {_size(cap)} (max_fetch_bytes); "
                             "download stopped")
        parts.append(chunk)
    return b"".join(parts)


def _size(number: int) -> str:
    return f"{number / (1024 * 1024):.1f} MB" if number >= 1024 * 1024 else f"{number:,} bytes"


def _one_request(url: str, settings: ReaderSettings, resolver: Resolver,
                 deadline: float) -> tuple[int, str, str, bytes]:
    """(status, Location, Content-Type, body) of one GET; the body only for a 2xx answer."""
    problem = scheme_problem(url)
    if problem:
        raise FetchError(problem)
    parts = urlsplit(url)
    host = parts.hostname
    if not host:
        raise FetchError("the URL names no host")
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError:
        raise FetchError("the URL has an invalid port") from None
    addresses = _checked_addresses(host, port, settings, resolver)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    last_error: OSError | None = None
    for address in addresses:
        remaining = max(0.05, min(settings.fetch_timeout, deadline - time.monotonic()))
        conn = _connection(parts.scheme.lower(), host, port, address, remaining)
        try:
            conn.request("GET", path, headers={"User-Agent": USER_AGENT, "Accept": ACCEPT,
                                               "Accept-Encoding": "identity", "Connection": "close"})
            response = conn.getresponse()
            status = response.status
            location = response.getheader("Location") or ""
            content_type = response.getheader("Content-Type") or ""
            body = _read_body(response, settings, deadline) if 200 <= status < 300 else b""
            return status, location, content_type, body
        except (ConnectionRefusedError, ConnectionResetError) as exc:
            last_error = exc
            continue
        finally:
            conn.close()
    raise last_error if last_error is not None else FetchError("no address to connect to")


def fetch(url: str, settings: ReaderSettings, resolver: Resolver = _resolve) -> Fetched:
    """GET `url` within the guards above; raises FetchError with the reason."""
    deadline = time.monotonic() + settings.fetch_deadline
    current = url.strip()
    try:
        for hop in range(MAX_REDIRECTS + 1):
            status, location, content_type, body = _one_request(current, settings, resolver, deadline)
            if status in REDIRECTS and location:
                if hop == MAX_REDIRECTS:
                    raise FetchError(f"too many redirects (more than {MAX_REDIRECTS})")
                target = urljoin(current, location.strip())
                problem = scheme_problem(target)
                if problem:
                    raise FetchError(f"redirected to {one_line(target, 100)}: {problem}")
                current = target
                continue
            if not 200 <= status < 300:
                reason = http.client.responses.get(status, "")
                where = "" if current == url else f" (after redirects, at {one_line(current, 120)})"
                raise FetchError(f"the server answered HTTP {status}{' ' + reason if reason else ''}{where}")
            media_type, charset = parse_content_type(content_type)
            if not supported_media_type(media_type):
                raise FetchError(f"unsupported content type {media_type!r}: expected a web page, feed, "
                                 "JSON or text")
            return Fetched(current, body, media_type, charset)
    except FetchError:
        raise
    except (socket.timeout, TimeoutError):
        raise FetchError(f"timed out: no answer within {settings.fetch_timeout:g} s") from None
    except ConnectionRefusedError:
        raise FetchError(f"connection refused by {one_line(urlsplit(current).netloc, 100)}") from None
    except ssl.SSLError as exc:
        raise FetchError(f"secure connection failed: {one_line(exc.reason or exc)}") from None
    except ssl.CertificateError as exc:
        raise FetchError(f"secure connection failed: {one_line(exc)}") from None
    except http.client.HTTPException as exc:
        raise FetchError(f"bad HTTP answer: {type(exc).__name__} {one_line(exc, 100)}") from None
    except OSError as exc:
        raise FetchError(f"network error: {one_line(exc.strerror or exc)}") from None
    raise FetchError(f"too many redirects (more than {MAX_REDIRECTS})")


def parse_content_type(value: str) -> tuple[str, str | None]:
    media_type, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, raw = param.partition("=")
        if key.strip().lower() == "charset" and raw.strip():
            charset = raw.strip().strip("'\"")
    return media_type.strip().lower(), charset


def supported_media_type(media_type: str) -> bool:
    if not media_type or media_type in ("application/octet-stream", "binary/octet-stream"):
        return True                         # unnamed: sniffed, and binary is refused when decoding
    if media_type.startswith("text/"):
        return True
    subtype = media_type.partition("/")[2]
    return (subtype in ("xml", "json", "xhtml+xml", "x-ndjson", "ndjson", "jsonl", "x-jsonlines", "csv")
            or subtype.endswith(("+xml", "+json")))


def media_kind(media_type: str, url: str, suffix_kinds: dict[str, str]) -> str:
    """The reader kind for a fetched body: from the content type, else the URL's suffix, else sniffed."""
    subtype = media_type.partition("/")[2]
    if subtype in ("html", "xhtml+xml") or subtype.endswith(("rss+xml", "atom+xml", "rdf+xml")) or subtype == "xml":
        return "xml"                        # markup: sniff_kind tells a feed from a page
    if subtype in ("x-ndjson", "ndjson", "jsonl", "x-jsonlines"):
        return "jsonl"
    if subtype == "json" or subtype.endswith("+json"):
        return "unknown"                    # sniffed: one JSON document or JSON Lines
    if subtype in ("csv", "tab-separated-values"):
        return "csv"
    if subtype == "markdown":
        return "markdown"
    path = urlsplit(url).path.lower()
    dot = path.rfind(".")
    if dot > path.rfind("/"):
        kind = suffix_kinds.get(path[dot:])
        if kind:
            return kind
    return "unknown"
