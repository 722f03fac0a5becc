"""Plain fetches: bodies, validators, headers sent, status errors and Retry-After."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from tnews import __version__, clock
from tnews.net import FEED_ACCEPT, ErrorKind, Fetcher, FetchLimits, Validators, user_agent

from . import routes
from .hostile_server import HostileServer

QUICK = FetchLimits(deadline=5.0, connect_timeout=2.0, read_timeout=2.0)


async def test_feed_body_and_validators() -> None:
    async with HostileServer({"/feed": routes.feed()}) as server, Fetcher(QUICK) as fetcher:
        result = await fetcher.fetch(server.url("/feed"))
    assert result.ok
    assert result.kind is ErrorKind.NONE and result.error is None
    assert result.status == 200
    assert result.body == routes.FEED
    assert result.content_type == "application/rss+xml"
    assert result.charset == "utf-8"
    assert result.etag == routes.ETAG
    assert result.last_modified == routes.LAST_MODIFIED
    assert result.url == result.final_url == server.url("/feed")
    assert result.permanent_url is None


async def test_conditional_get_answers_not_modified() -> None:
    async with HostileServer({"/feed": routes.feed()}) as server, Fetcher(QUICK) as fetcher:
        first = await fetcher.fetch(server.url("/feed"))
        second = await fetcher.fetch(
            server.url("/feed"), Validators(first.etag, first.last_modified)
        )
    assert second.ok and second.not_modified
    assert second.status == 304 and second.body is None and second.error is None
    assert (second.etag, second.last_modified) == (routes.ETAG, routes.LAST_MODIFIED)
    sent = server.requests[1].headers
    assert sent["if-none-match"] == routes.ETAG
    assert sent["if-modified-since"] == routes.LAST_MODIFIED


async def test_not_modified_without_validators_keeps_the_old_ones() -> None:
    bare_304 = routes.raw(b"HTTP/1.1 304 Not Modified\r\nConnection: close\r\n\r\n")
    async with HostileServer({"/feed": bare_304}) as server, Fetcher(QUICK) as fetcher:
        result = await fetcher.fetch(server.url("/feed"), Validators('"old"', "Mon, 01 Jan 2024"))
    assert result.not_modified and result.ok
    assert (result.etag, result.last_modified) == ('"old"', "Mon, 01 Jan 2024")


async def test_stale_validators_get_the_full_body() -> None:
    async with HostileServer({"/feed": routes.feed()}) as server, Fetcher(QUICK) as fetcher:
        result = await fetcher.fetch(server.url("/feed"), Validators('"v0"', "Mon, 01 Jan 2001"))
    assert not result.not_modified and result.body == routes.FEED


async def test_headers_sent() -> None:
    async with HostileServer({"/feed": routes.feed()}) as server, Fetcher(QUICK) as fetcher:
        await fetcher.fetch(server.url("/feed"))
        await fetcher.fetch(server.url("/feed"), accept="text/html")
    first, second = server.requests
    assert first.headers["user-agent"] == user_agent()
    assert "tnews" in user_agent() and __version__ in user_agent()
    assert first.headers["accept"] == FEED_ACCEPT
    assert "application/rss+xml" in FEED_ACCEPT and "application/atom+xml" in FEED_ACCEPT
    assert second.headers["accept"] == "text/html"
    codings = {c.strip() for c in first.headers["accept-encoding"].split(",")}
    assert codings == {"gzip", "deflate"}
    assert "if-none-match" not in first.headers


async def test_unsendable_validators_are_dropped() -> None:
    async with HostileServer({"/feed": routes.feed()}) as server, Fetcher(QUICK) as fetcher:
        result = await fetcher.fetch(server.url("/feed"), Validators('"a\nb"', "jour férié"))
    assert result.body == routes.FEED
    assert "if-none-match" not in server.requests[0].headers
    assert "if-modified-since" not in server.requests[0].headers


async def test_error_statuses() -> None:
    app = {
        "/404": routes.status(404, "Not Found"),
        "/500": routes.status(500, ""),
        "/410": routes.status(410, "Gone"),
        "/503": routes.status(503, "Service Unavailable"),
        "/300": routes.status(300, "Multiple Choices"),
    }
    async with HostileServer(app) as server, Fetcher(QUICK) as fetcher:
        results = {path: await fetcher.fetch(server.url(path)) for path in app}
    for result in results.values():
        assert not result.ok and result.body is None
    assert (results["/404"].kind, results["/404"].error) == (ErrorKind.HTTP, "HTTP 404 Not Found")
    # An empty reason phrase falls back to the standard one.
    assert results["/500"].error == "HTTP 500 Internal Server Error"
    assert results["/410"].kind is ErrorKind.GONE and results["/410"].status == 410
    # 503 with no Retry-After is an ordinary server error.
    assert results["/503"].kind is ErrorKind.HTTP
    assert results["/503"].error == "HTTP 503 Service Unavailable"
    assert results["/503"].retry_after is None
    assert results["/300"].kind is ErrorKind.HTTP


async def test_retry_after() -> None:
    now = datetime.fromtimestamp(clock.now(), UTC)
    soon = format_datetime(now + timedelta(hours=1), usegmt=True)
    past = format_datetime(now - timedelta(hours=1), usegmt=True)
    app = {
        "/seconds": routes.status(429, "Too Many Requests", [("Retry-After", "120")]),
        "/date": routes.status(503, "Service Unavailable", [("Retry-After", soon)]),
        "/past": routes.status(429, "Too Many Requests", [("Retry-After", past)]),
        "/huge": routes.status(429, "Too Many Requests", [("Retry-After", "9" * 40)]),
        "/garbage": routes.status(429, "Too Many Requests", [("Retry-After", "soon-ish")]),
        "/negative": routes.status(429, "Too Many Requests", [("Retry-After", "-5")]),
        "/503-garbage": routes.status(503, "Service Unavailable", [("Retry-After", "later")]),
        "/404": routes.status(404, "Not Found", [("Retry-After", "30")]),
    }
    limits = FetchLimits(deadline=5.0, retry_after_cap=7200.0)
    async with HostileServer(app) as server, Fetcher(limits) as fetcher:
        r = {path: await fetcher.fetch(server.url(path)) for path in app}
    assert r["/seconds"].kind is ErrorKind.RATE_LIMITED and r["/seconds"].retry_after == 120.0
    assert r["/seconds"].error == "HTTP 429 Too Many Requests (retry after 120 s)"
    date_delay = r["/date"].retry_after
    assert r["/date"].kind is ErrorKind.RATE_LIMITED and date_delay is not None
    assert 3000 < date_delay <= 3600
    assert r["/past"].retry_after == 0.0
    assert r["/huge"].retry_after == 7200.0
    for path in ("/garbage", "/negative"):
        assert r[path].kind is ErrorKind.RATE_LIMITED and r[path].retry_after is None
    assert r["/503-garbage"].kind is ErrorKind.HTTP and r["/503-garbage"].retry_after is None
    assert r["/404"].kind is ErrorKind.HTTP and r["/404"].retry_after is None


async def test_escape_sequences_in_reason_and_headers_are_cleaned() -> None:
    evil_reason = "Bad\x1b[2J\x1b]0;pwned\x07 Gateway\u202e"
    app = {
        "/reason": routes.status(502, evil_reason),
        "/ftp": routes.redirect(302, "ftp://evil.example/\x1b[31mred\x1b[0m"),
        "/loc": routes.redirect(302, "/feed\x1b[2J"),
        "/feed\x1b[2J": routes.feed(),
        "/etag": routes.raw(
            b'HTTP/1.1 200 OK\r\nETag: "x\x1b[5m"\r\nContent-Type: text/xml\x1b[1m; '
            b"charset=utf-8\x1b[2J\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
        ),
    }
    async with HostileServer(app) as server, Fetcher(QUICK) as fetcher:
        r = {
            path: await fetcher.fetch(server.url(path))
            for path in ("/reason", "/ftp", "/loc", "/etag")
        }
    assert r["/reason"].error == "HTTP 502 Bad Gateway"
    assert r["/ftp"].kind is ErrorKind.BAD_SCHEME
    assert r["/ftp"].error == "redirect to ftp://evil.example/red refused"
    assert r["/etag"].body == b"ok"
    assert (r["/etag"].etag, r["/etag"].content_type, r["/etag"].charset) == (
        '"x"',
        "text/xml",
        "utf-8",
    )
    for result in r.values():
        for text in (result.url, result.final_url, result.error, result.etag, result.charset):
            assert text is None or ("\x1b" not in text and "\u202e" not in text)


async def test_connection_refused() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    async with Fetcher(QUICK) as fetcher:
        result = await fetcher.fetch(f"http://127.0.0.1:{port}/feed")
    assert result.kind is ErrorKind.CONNECT and not result.ok
    assert result.error == "connection refused by 127.0.0.1"


async def test_garbage_response_is_a_protocol_error() -> None:
    app = {"/junk": routes.raw(b"SSH-2.0-OpenSSH_9.6\r\n\r\n"), "/empty": routes.raw(b"")}
    async with HostileServer(app) as server, Fetcher(QUICK) as fetcher:
        junk = await fetcher.fetch(server.url("/junk"))
        empty = await fetcher.fetch(server.url("/empty"))
    assert junk.kind is ErrorKind.PROTOCOL and junk.error and not junk.ok
    assert empty.kind is ErrorKind.PROTOCOL and empty.error and not empty.ok


async def test_long_urls_are_kept_whole() -> None:
    async with HostileServer({"/feed": routes.feed()}) as server, Fetcher(QUICK) as fetcher:
        url = server.url("/feed?q=" + "a" * 5000)
        result = await fetcher.fetch(url)
    assert result.ok and result.url == url and result.final_url == url
