"""Route factories for the hostile server: each returns a coroutine serving one behaviour."""

from __future__ import annotations

import asyncio
import zlib

from .hostile_server import Request, Route, head, send

__all__ = ["Route"]

FEED = (
    b'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
    b"<title>Test</title><item><title>One</title></item></channel></rss>\n"
)
ETAG = '"v1"'
LAST_MODIFIED = "Wed, 21 Oct 2015 07:28:00 GMT"


def feed(body: bytes = FEED) -> Route:
    """A feed with validators that answers 304 when either validator matches."""

    async def route(request: Request, writer: asyncio.StreamWriter) -> None:
        validators = [("ETag", ETAG), ("Last-Modified", LAST_MODIFIED)]
        if (
            request.headers.get("if-none-match") == ETAG
            or request.headers.get("if-modified-since") == LAST_MODIFIED
        ):
            writer.write(head(304, "Not Modified", validators))
            await writer.drain()
            return
        content_type = [("Content-Type", "application/rss+xml; charset=UTF-8")]
        await send(writer, headers=content_type + validators, body=body)

    return route


def status(code: int, reason: str, headers: list[tuple[str, str]] | None = None) -> Route:
    """A fixed status with a short body."""

    async def route(request: Request, writer: asyncio.StreamWriter) -> None:
        await send(writer, code, reason, headers, body=b"error page")

    return route


def redirect(code: int, location: str | None) -> Route:
    """A redirect; location None leaves the Location header out."""
    headers = [] if location is None else [("Location", location)]
    return status(code, "Redirect", headers)


def raw(data: bytes) -> Route:
    """Send bytes exactly as given, then close."""

    async def route(request: Request, writer: asyncio.StreamWriter) -> None:
        writer.write(data)
        await writer.drain()

    return route


def encoded(body: bytes, encoding: str, headers: list[tuple[str, str]] | None = None) -> Route:
    """Send a pre-encoded body in 16 KB writes under the given Content-Encoding."""

    async def route(request: Request, writer: asyncio.StreamWriter) -> None:
        all_headers = [("Content-Encoding", encoding), ("Content-Length", str(len(body)))]
        writer.write(head(200, "OK", all_headers + (headers or [])))
        for start in range(0, len(body), 16 * 1024):
            writer.write(body[start : start + 16 * 1024])
            await writer.drain()

    return route


def trickle(interval: float = 0.2, limit: int = 200) -> Route:
    """Promise a body, then send one byte every interval (bounded by limit bytes)."""

    async def route(request: Request, writer: asyncio.StreamWriter) -> None:
        writer.write(head(200, "OK", [("Content-Length", str(limit))]))
        for _ in range(limit):
            writer.write(b"x")
            await writer.drain()
            await asyncio.sleep(interval)

    return route


def stall_after_head(headers: list[tuple[str, str]]) -> Route:
    """Send a head, then nothing until the client gives up (or the server's lifetime ends)."""

    async def route(request: Request, writer: asyncio.StreamWriter) -> None:
        writer.write(head(200, "OK", headers))
        await writer.drain()
        await asyncio.sleep(30)

    return route


def endless(limit: int = 256 * 1024 * 1024) -> Route:
    """A body with no length that keeps coming (bounded by limit bytes)."""

    async def route(request: Request, writer: asyncio.StreamWriter) -> None:
        writer.write(head(200, "OK", [("Content-Type", "application/rss+xml")]))
        block = b"<item>spam</item>" * 4096
        for _ in range(limit // len(block)):
            writer.write(block)
            await writer.drain()

    return route


def truncated(declared: int = 1000, sent: int = 300) -> Route:
    """Declare a Content-Length, send fewer bytes and close."""
    return raw(head(200, "OK", [("Content-Length", str(declared))]) + b"a" * sent)


def chunked_cut() -> Route:
    """A chunked body whose last chunk and terminator never arrive."""
    first = b"<rss><channel>" * 10
    data = head(200, "OK", [("Transfer-Encoding", "chunked")])
    data += f"{len(first):x}\r\n".encode() + first + b"\r\n" + b"400\r\n" + b"b" * 100
    return raw(data)


def hold(seconds: float = 0.3) -> Route:
    """Keep the request open a while, so overlapping requests can be counted."""

    async def route(request: Request, writer: asyncio.StreamWriter) -> None:
        await asyncio.sleep(seconds)
        await send(writer, body=FEED)

    return route


def gzip_bomb(decoded_size: int = 200 * 1024 * 1024) -> bytes:
    """A gzip stream of decoded_size zero bytes, compressed a megabyte at a time."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1024 * 1024)
    parts = [compressor.compress(zeros) for _ in range(decoded_size // len(zeros))]
    parts.append(compressor.flush())
    return b"".join(parts)


def gzip(data: bytes) -> bytes:
    """Gzip data in one go."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()
