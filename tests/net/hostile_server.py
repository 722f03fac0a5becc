"""A raw-socket HTTP server on 127.0.0.1 that misbehaves on request, for fetch tests."""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from types import TracebackType
from urllib.parse import urlsplit

HEAD_LIMIT = 64 * 1024
CONNECTION_LIFETIME = 10.0  # no connection outlives this, whatever its route does


@dataclass
class Request:
    """One request head as the server saw it."""

    method: str
    target: str
    headers: dict[str, str]

    @property
    def path(self) -> str:
        """The path of the target, also for an absolute URI sent to a proxy."""
        return urlsplit(self.target).path or "/"

    @property
    def host(self) -> str:
        """The host name from the Host header, without its port."""
        return urlsplit("//" + self.headers.get("host", "")).hostname or ""


Route = Callable[[Request, asyncio.StreamWriter], Awaitable[None]]


def head(status: int, reason: str, headers: list[tuple[str, str]]) -> bytes:
    """A response head; header text goes out byte for byte, escapes and all."""
    lines = [f"HTTP/1.1 {status} {reason}"]
    lines += [f"{name}: {value}" for name, value in headers]
    lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8")


async def send(
    writer: asyncio.StreamWriter,
    status: int = 200,
    reason: str = "OK",
    headers: list[tuple[str, str]] | None = None,
    body: bytes = b"",
) -> None:
    """Send a complete response with a correct Content-Length."""
    all_headers = [*(headers or []), ("Content-Length", str(len(body)))]
    writer.write(head(status, reason, all_headers) + body)
    await writer.drain()


@dataclass
class HostileServer:
    """Serves routes by path; counts simultaneous requests overall and per Host name."""

    routes: dict[str, Route]
    tls: ssl.SSLContext | None = None
    requests: list[Request] = field(default_factory=list)
    active: int = 0
    peak: int = 0
    active_by_host: Counter[str] = field(default_factory=Counter)
    peak_by_host: Counter[str] = field(default_factory=Counter)
    _server: asyncio.Server | None = None
    _port: int = 0
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)

    async def __aenter__(self) -> HostileServer:
        self._server = await asyncio.start_server(self._connection, "127.0.0.1", 0, ssl=self.tls)
        self._port = int(self._server.sockets[0].getsockname()[1])
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._server is not None
        self._server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._server.wait_closed()

    @property
    def port(self) -> int:
        """The port the server listens on."""
        return self._port

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        """A URL for path on this server, under the given host name."""
        scheme = "https" if self.tls else "http"
        return f"{scheme}://{host}:{self.port}{path}"

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            async with asyncio.timeout(CONNECTION_LIFETIME):
                request = await _read_head(reader)
                if request is None:
                    return
                self.requests.append(request)
                route = self.routes.get(request.path, _not_found)
                handler = asyncio.create_task(self._counted(route, request, writer))
                # When the client hangs up, stop whatever the route was doing (trickling,
                # streaming forever) instead of writing into a dead socket.
                watcher = asyncio.create_task(_until_eof(reader))
                try:
                    await asyncio.wait({handler, watcher}, return_when=asyncio.FIRST_COMPLETED)
                finally:
                    for part in (handler, watcher):
                        part.cancel()
                    await asyncio.gather(handler, watcher, return_exceptions=True)
        except (OSError, TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass  # clients that hang up, time out or fail the TLS handshake are expected here
        except asyncio.CancelledError:
            # Only the server's own shutdown cancels a connection. Ending quietly keeps
            # asyncio's stream callback from logging the cancellation as an error.
            return
        finally:
            self._tasks.discard(task)
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()

    async def _counted(self, route: Route, request: Request, writer: asyncio.StreamWriter) -> None:
        # Counting lives in the route's own task so the count drops the moment the last byte
        # is written, before the client can possibly start its next request.
        self.active += 1
        self.active_by_host[request.host] += 1
        self.peak = max(self.peak, self.active)
        self.peak_by_host[request.host] = max(
            self.peak_by_host[request.host], self.active_by_host[request.host]
        )
        try:
            await route(request, writer)
        finally:
            self.active -= 1
            self.active_by_host[request.host] -= 1


async def _read_head(reader: asyncio.StreamReader) -> Request | None:
    raw = await reader.readuntil(b"\r\n\r\n")
    if len(raw) > HEAD_LIMIT:
        return None
    lines = raw.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3:
        return None
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip()
    return Request(parts[0], parts[1], headers)


async def _until_eof(reader: asyncio.StreamReader) -> None:
    while await reader.read(4096):
        pass


async def _not_found(request: Request, writer: asyncio.StreamWriter) -> None:
    await send(writer, 404, "Not Found", body=b"no such route")
