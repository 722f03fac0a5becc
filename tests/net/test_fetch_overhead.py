"""Work a refresh should not repeat per feed: module searches and new connections."""

from __future__ import annotations

import asyncio
import importlib.machinery
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import pytest

from tnews.net import Fetcher, FetchLimits, Validators

LIMITS = FetchLimits(deadline=5.0, connect_timeout=2.0, read_timeout=2.0)
ETAG = '"v1"'
BODY = b"<rss version='2.0'><channel><title>t</title></channel></rss>"


@dataclass
class KeepAliveServer:
    """An HTTP/1.1 server that keeps connections open, answering 304 to a matching ETag."""

    connections: int = 0
    requests: int = 0
    hung_up: int = 0  # connections the client closed
    close_after_answer: bool = False  # drop each connection after one answer, unannounced
    port: int = 0
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self.connections += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                self.requests += 1
                lines = head.decode("latin-1").lower().split("\r\n")
                if f"if-none-match: {ETAG}" in lines:
                    answer = f"HTTP/1.1 304 Not Modified\r\nETag: {ETAG}\r\n\r\n".encode()
                else:
                    answer = (
                        f"HTTP/1.1 200 OK\r\nETag: {ETAG}\r\nContent-Type: application/rss+xml"
                        f"\r\nContent-Length: {len(BODY)}\r\n\r\n"
                    ).encode() + BODY
                writer.write(answer)
                await writer.drain()
                if self.close_after_answer:
                    return
        except (asyncio.IncompleteReadError, ConnectionError):
            self.hung_up += 1
        except asyncio.CancelledError:
            pass
        finally:
            self._tasks.discard(task)
            writer.close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@asynccontextmanager
async def keep_alive_server(*, close_after_answer: bool = False) -> AsyncIterator[KeepAliveServer]:
    state = KeepAliveServer(close_after_answer=close_after_answer)
    server = await asyncio.start_server(state.serve, "127.0.0.1", 0)
    state.port = int(server.sockets[0].getsockname()[1])
    try:
        yield state
    finally:
        server.close()
        for task in list(state._tasks):
            task.cancel()
        await asyncio.gather(*state._tasks, return_exceptions=True)


async def test_a_missing_optional_module_is_looked_for_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # httpcore imports sniffio for every lock it makes; where it is not installed, each
    # failed import used to search the whole sys.path again.
    monkeypatch.delitem(sys.modules, "sniffio", raising=False)
    searches: list[str] = []
    real = importlib.machinery.PathFinder.find_spec

    def counting(name: str, *args: object, **kwargs: object) -> object:
        if name == "sniffio":
            searches.append(name)
        return real(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(importlib.machinery.PathFinder, "find_spec", counting)
    async with keep_alive_server() as server, Fetcher(LIMITS) as fetcher:
        for n in range(10):
            result = await fetcher.fetch(server.url(f"/feed{n}"), Validators(ETAG))
            assert result.not_modified
    assert len(searches) <= 1


async def test_not_modified_answers_keep_the_connection() -> None:
    async with keep_alive_server() as server, Fetcher(LIMITS) as fetcher:
        for n in range(5):
            result = await fetcher.fetch(server.url(f"/feed{n}"), Validators(ETAG))
            assert result.not_modified and result.status == 304 and result.etag == ETAG
    assert server.requests == 5
    assert server.connections == 1


async def test_bodies_and_not_modified_answers_share_one_connection() -> None:
    async with keep_alive_server() as server, Fetcher(LIMITS) as fetcher:
        first = await fetcher.fetch(server.url("/feed"))
        second = await fetcher.fetch(server.url("/feed"), Validators(first.etag))
        third = await fetcher.fetch(server.url("/other"))
    assert first.body == BODY and third.body == BODY
    assert second.not_modified
    assert server.connections == 1


async def test_concurrent_fetches_reuse_their_connections() -> None:
    async with keep_alive_server() as server, Fetcher(LIMITS) as fetcher:
        for _ in range(3):
            urls = [server.url(f"/feed{n}") for n in range(4)]
            results = await asyncio.gather(*(fetcher.fetch(u, Validators(ETAG)) for u in urls))
            assert all(r.not_modified for r in results)
    assert server.requests == 12
    # At most one connection per request in flight at once (the per-host limit), reused after.
    assert server.connections <= LIMITS.per_host


async def test_a_connection_the_server_dropped_is_not_reused() -> None:
    async with keep_alive_server(close_after_answer=True) as server, Fetcher(LIMITS) as fetcher:
        for n in range(3):
            result = await fetcher.fetch(server.url(f"/feed{n}"), Validators(ETAG))
            assert result.not_modified, result.error
            await asyncio.sleep(0.05)  # let the server's hang-up arrive before the next fetch
    assert server.connections == 3


async def test_closing_the_fetcher_closes_its_idle_connections() -> None:
    async with keep_alive_server() as server:
        async with Fetcher(LIMITS) as fetcher:
            urls = [server.url(f"/feed{n}") for n in range(3)]
            await asyncio.gather(*(fetcher.fetch(u, Validators(ETAG)) for u in urls))
        assert server.connections >= 1
        for _ in range(200):
            if server.hung_up == server.connections:
                break
            await asyncio.sleep(0.01)
        assert server.hung_up == server.connections
