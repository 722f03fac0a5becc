"""Hostile bodies: trickles, endless streams, lies about length, bombs and cut-off bodies."""

from __future__ import annotations

import tracemalloc
import zlib

import pytest

from tnews.net import ErrorKind, Fetcher, FetchLimits

from . import routes
from .hostile_server import HostileServer

MB = 1024 * 1024


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """200 MB of zeros as a few hundred KB of gzip."""
    return routes.gzip_bomb()


async def test_trickle_hits_the_total_deadline() -> None:
    # Each byte arrives well inside the read timeout; only the total deadline can stop it.
    limits = FetchLimits(deadline=0.5, read_timeout=5.0)
    async with HostileServer({"/t": routes.trickle(0.2)}) as server, Fetcher(limits) as fetcher:
        result = await fetcher.fetch(server.url("/t"))
    assert result.kind is ErrorKind.TIMEOUT
    assert result.error == "timed out after 0.5 s"
    assert result.body is None and not result.ok


async def test_silence_hits_the_read_timeout() -> None:
    limits = FetchLimits(deadline=10.0, read_timeout=0.3)
    stall = routes.stall_after_head([("Content-Length", "100")])
    async with HostileServer({"/s": stall}) as server, Fetcher(limits) as fetcher:
        result = await fetcher.fetch(server.url("/s"))
    assert result.kind is ErrorKind.TIMEOUT
    assert result.error == "no data from 127.0.0.1 for 0.3 s"


async def test_endless_body_is_cut_at_the_cap() -> None:
    limits = FetchLimits(max_bytes=256 * 1024, deadline=10.0)
    async with HostileServer({"/e": routes.endless()}) as server, Fetcher(limits) as fetcher:
        result = await fetcher.fetch(server.url("/e"))
    assert result.kind is ErrorKind.TOO_LARGE
    assert result.error == "body larger than 256 KB"
    assert result.body is None and result.status == 200


async def test_body_exactly_at_the_cap_is_fine() -> None:
    body = b"x" * 1000
    app = {
        "/exact": routes.encoded(body, "identity"),
        "/over": routes.encoded(body + b"y", "identity"),
    }
    limits = FetchLimits(max_bytes=1000, deadline=5.0)
    async with HostileServer(app) as server, Fetcher(limits) as fetcher:
        exact = await fetcher.fetch(server.url("/exact"))
        over = await fetcher.fetch(server.url("/over"))
    assert exact.body == body
    assert over.kind is ErrorKind.TOO_LARGE and over.error == "body larger than 1000 bytes"


async def test_huge_content_length_fails_without_reading() -> None:
    # The server sends the head and then nothing: if the body were read, this would end
    # in a read timeout rather than TOO_LARGE.
    stall = routes.stall_after_head([("Content-Length", str(10 * 1024**3))])
    limits = FetchLimits(max_bytes=MB, deadline=10.0, read_timeout=10.0)
    async with HostileServer({"/big": stall}) as server, Fetcher(limits) as fetcher:
        result = await fetcher.fetch(server.url("/big"))
    assert result.kind is ErrorKind.TOO_LARGE
    assert result.error == "body larger than 1 MB"


@pytest.mark.parametrize("encoding", ["gzip", "gzip, gzip", "x-gzip"])
async def test_gzip_bomb_stops_at_the_cap_in_memory(bomb: bytes, encoding: str) -> None:
    payload = bomb
    for _ in range(encoding.count(",")):
        payload = routes.gzip(payload)
    limits = FetchLimits(max_bytes=MB, deadline=20.0)
    server = HostileServer({"/bomb": routes.encoded(payload, encoding)})
    async with server, Fetcher(limits) as fetcher:
        tracemalloc.start()
        try:
            result = await fetcher.fetch(server.url("/bomb"))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert result.kind is ErrorKind.TOO_LARGE and result.body is None
    # Decoding a whole network chunk at once would reach tens of megabytes here.
    assert peak < 6 * MB


def _deflate(data: bytes, wbits: int) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, wbits)
    return compressor.compress(data) + compressor.flush()


@pytest.mark.parametrize(
    ("encoding", "payload"),
    [
        ("gzip", routes.gzip(routes.FEED)),
        ("GZip", routes.gzip(routes.FEED)),
        ("x-gzip", routes.gzip(routes.FEED)),
        ("deflate", _deflate(routes.FEED, zlib.MAX_WBITS)),
        ("deflate", _deflate(routes.FEED, -zlib.MAX_WBITS)),  # raw deflate, as IIS sends
        ("gzip, gzip", routes.gzip(routes.gzip(routes.FEED))),
        ("deflate, gzip", routes.gzip(_deflate(routes.FEED, zlib.MAX_WBITS))),
        ("identity", routes.FEED),
        ("gzip", routes.gzip(routes.FEED[:50]) + routes.gzip(routes.FEED[50:])),  # two members
        ("gzip", routes.gzip(routes.FEED) + b"\n\x00\x00"),  # junk after the stream
    ],
    ids=lambda value: value if isinstance(value, str) else f"{len(value)}B",
)
async def test_content_encodings_decode(encoding: str, payload: bytes) -> None:
    limits = FetchLimits(deadline=5.0)
    server = HostileServer({"/f": routes.encoded(payload, encoding)})
    async with server, Fetcher(limits) as fetcher:
        result = await fetcher.fetch(server.url("/f"))
    assert result.ok, result.error
    assert result.body == routes.FEED


@pytest.mark.parametrize(
    ("encoding", "payload", "message"),
    [
        ("br", b"\x0b\x02\x80hi\x03", "unsupported content encoding 'br'"),
        ("gzip, zstd", b"whatever", "unsupported content encoding 'zstd'"),
        ("gzip", routes.gzip(routes.FEED)[:-12], "compressed body ended before the end of"),
        ("gzip", b"\x1f\x8b" + b"not gzip at all" * 4, "corrupt compressed body"),
        ("deflate", b"\xff\xff\xff\xff garbage", "corrupt compressed body"),
    ],
    ids=["br", "zstd", "gzip-cut", "gzip-corrupt", "deflate-corrupt"],
)
async def test_bad_encodings_are_protocol_errors(
    encoding: str, payload: bytes, message: str
) -> None:
    limits = FetchLimits(deadline=5.0)
    server = HostileServer({"/f": routes.encoded(payload, encoding)})
    async with server, Fetcher(limits) as fetcher:
        result = await fetcher.fetch(server.url("/f"))
    assert result.kind is ErrorKind.PROTOCOL and result.body is None and not result.ok
    assert result.error is not None and result.error.startswith(message)


@pytest.mark.parametrize(
    "route", [routes.truncated(1000, 300), routes.chunked_cut()], ids=["length", "chunked"]
)
async def test_body_cut_short_is_never_success(route: routes.Route) -> None:
    async with HostileServer({"/cut": route}) as server, Fetcher(FetchLimits(deadline=5.0)) as f:
        result = await f.fetch(server.url("/cut"))
    assert result.kind is ErrorKind.PROTOCOL
    assert result.error == "connection closed before the body was complete"
    assert result.body is None and not result.ok
