"""Keep-alive connections by origin, for a fetcher that bounds its own requests in flight."""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterable, AsyncIterator
from types import TracebackType
from typing import Any

import httpcore
import httpx

_Key = tuple[bytes, bytes, int]

KEEPALIVE_EXPIRY = 5.0  # httpx's default: idle connections older than this are not reused
_DEFAULT_LIMITS = httpx.Limits()


class OriginPool(httpcore.AsyncConnectionPool):
    """Hands each request an idle connection to its origin, or a new one.

    httpcore's own pool re-examines every connection it holds, polling each idle socket and
    counting the idle ones again for each, whenever a request starts or ends: quadratic in
    the pool's size, about half a millisecond of CPU a request at sixteen connections, more
    than the request itself on a warm refresh. The fetcher already bounds requests in flight
    (globally and per host), so this pool never waits or queues: it only keeps connections
    for reuse, at most max_idle of them.
    """

    def __init__(self, ssl_context: ssl.SSLContext | None, max_idle: int) -> None:
        super().__init__(
            ssl_context=ssl_context,
            max_connections=max_idle,
            max_keepalive_connections=max_idle,
            keepalive_expiry=KEEPALIVE_EXPIRY,
        )
        self._context = ssl_context
        self._max_idle = max_idle
        # Per origin, most recently used last; dicts keep insertion order, so the first
        # origin is the one idle longest and the first to go when there are too many.
        self._idle: dict[_Key, list[httpcore.AsyncHTTPConnection]] = {}
        self._idle_count = 0
        self._busy: set[httpcore.AsyncHTTPConnection] = set()

    async def handle_async_request(self, request: httpcore.Request) -> httpcore.Response:
        """Send request on a reused or new connection; the connection returns when read."""
        origin = request.url.origin
        key = (origin.scheme, origin.host, origin.port)
        while True:
            connection, reused = await self._take(key), True
            if connection is None:
                connection, reused = self._connection_to(origin), False
            self._busy.add(connection)
            try:
                response = await connection.handle_async_request(request)
            except httpcore.ConnectionNotAvailable:
                self._busy.discard(connection)
                await connection.aclose()
                if reused:
                    continue  # the server let it go meanwhile; a new one will do
                raise
            except BaseException:
                # Usually closed already by the failed exchange; never worth keeping.
                self._busy.discard(connection)
                await connection.aclose()
                raise
            assert isinstance(response.stream, AsyncIterable)  # always so on an async connection
            return httpcore.Response(
                status=response.status,
                headers=response.headers,
                content=_Returning(response.stream, self, key, connection),
                extensions=response.extensions,
            )

    def _connection_to(self, origin: httpcore.Origin) -> httpcore.AsyncHTTPConnection:
        return httpcore.AsyncHTTPConnection(
            origin=origin,
            ssl_context=self._context,
            keepalive_expiry=KEEPALIVE_EXPIRY,
            http1=True,
            http2=False,
        )

    async def _take(self, key: _Key) -> httpcore.AsyncHTTPConnection | None:
        stack = self._idle.get(key)
        while stack:
            connection = stack.pop()
            self._idle_count -= 1
            if not stack:
                del self._idle[key]
            # has_expired polls the socket: once a request, for this one connection only.
            if connection.is_idle() and not connection.is_closed() and not connection.has_expired():
                return connection
            await connection.aclose()
            stack = self._idle.get(key)
        return None

    def _give_back(
        self, key: _Key, connection: httpcore.AsyncHTTPConnection
    ) -> list[httpcore.AsyncHTTPConnection]:
        """Keep a connection that is idle again; returns the connections to close now."""
        # A failed connect counts as idle in httpcore too, but also as closed.
        if not connection.is_idle() or connection.is_closed():
            return [connection]
        self._idle.setdefault(key, []).append(connection)
        self._idle_count += 1
        surplus: list[httpcore.AsyncHTTPConnection] = []
        while self._idle_count > self._max_idle:
            oldest_key = next(iter(self._idle))
            stack = self._idle[oldest_key]
            surplus.append(stack.pop(0))
            self._idle_count -= 1
            if not stack:
                del self._idle[oldest_key]
        return surplus

    async def _returned(self, key: _Key, connection: httpcore.AsyncHTTPConnection) -> None:
        self._busy.discard(connection)
        for extra in self._give_back(key, connection):
            await extra.aclose()

    async def aclose(self) -> None:
        """Close every connection, idle or busy."""
        connections = [c for stack in self._idle.values() for c in stack] + list(self._busy)
        self._idle.clear()
        self._idle_count = 0
        self._busy.clear()
        for connection in connections:
            await connection.aclose()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc_value: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        await self.aclose()


class _Returning:
    """A response body that hands its connection back to the pool once closed."""

    def __init__(
        self,
        stream: AsyncIterable[bytes],
        pool: OriginPool,
        key: _Key,
        connection: httpcore.AsyncHTTPConnection,
    ) -> None:
        self._stream = stream
        self._pool = pool
        self._key = key
        self._connection: httpcore.AsyncHTTPConnection | None = connection

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for part in self._stream:
            yield part

    async def aclose(self) -> None:
        if self._connection is None:
            return
        connection, self._connection = self._connection, None
        try:
            close = getattr(self._stream, "aclose", None)
            if close is not None:
                await close()
        finally:
            await self._pool._returned(self._key, connection)


class KeepAliveTransport(httpx.AsyncHTTPTransport):
    """httpx's transport (request and error mapping) over an OriginPool."""

    def __init__(self, ssl_context: ssl.SSLContext, max_idle: int) -> None:
        super().__init__(verify=ssl_context)
        self._pool = OriginPool(ssl_context, max_idle)


class KeepAliveClient(httpx.AsyncClient):
    """An AsyncClient whose direct requests go through a KeepAliveTransport.

    Proxies from the environment keep httpx's own transports: httpx only reads them when
    no transport is given, so the default one is swapped here instead.
    """

    def _init_transport(
        self,
        verify: ssl.SSLContext | str | bool = True,
        cert: Any = None,
        trust_env: bool = True,
        http1: bool = True,
        http2: bool = False,
        limits: httpx.Limits = _DEFAULT_LIMITS,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> httpx.AsyncBaseTransport:
        if transport is not None or cert is not None or http2 or not http1:
            return super()._init_transport(verify, cert, trust_env, http1, http2, limits, transport)
        context = httpx.create_ssl_context(verify=verify, trust_env=trust_env)
        return KeepAliveTransport(context, limits.max_keepalive_connections or 1)
