"""Turn transport exceptions into an error kind and one clean line a reader can act on."""

from __future__ import annotations

import socket
import ssl
from http import HTTPStatus

import httpx

from tnews.net.limits import FetchLimits
from tnews.net.result import ErrorKind
from tnews.text.clean import clean_line

TRUNCATED = "connection closed before the body was complete"


def seconds(value: float) -> str:
    """Format a duration for a message: 30 -> "30 s", 0.5 -> "0.5 s"."""
    return f"{value:g} s"


def size(value: int) -> str:
    """Format a byte count for a message: 16 MiB -> "16 MB"."""
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if value >= scale:
            return f"{value / scale:.4g} {unit}"
    return f"{value} bytes"


def status_message(status: int, reason: str) -> str:
    """ "HTTP 503 Service Unavailable", preferring the server's cleaned reason phrase."""
    reason = clean_line(reason, 100)
    if not reason:
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = ""
    return f"HTTP {status} {reason}".rstrip()


def _cause(exc: BaseException, kind: type[BaseException]) -> BaseException | None:
    # httpx wraps httpcore, which wraps the socket or ssl error; walk the chain to find it.
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, kind):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def _text(exc: BaseException) -> str:
    return clean_line(str(exc), 300) or type(exc).__name__


def describe_transport_error(
    exc: httpx.HTTPError, url: httpx.URL, limits: FetchLimits, *, in_body: bool
) -> tuple[ErrorKind, str]:
    """Classify an httpx transport error raised while connecting or reading a response."""
    host = clean_line(url.host, 200)
    tls = _cause(exc, ssl.SSLError)
    if isinstance(tls, ssl.SSLCertVerificationError):
        detail = tls.verify_message or tls.reason or str(tls)
        return ErrorKind.TLS, f"TLS certificate verify failed: {clean_line(str(detail), 300)}"
    if isinstance(tls, ssl.SSLError):
        return ErrorKind.TLS, f"TLS error with {host}: {clean_line(tls.reason or str(tls), 300)}"
    if isinstance(exc, httpx.ConnectTimeout):
        return ErrorKind.TIMEOUT, (
            f"connecting to {host} timed out after {seconds(limits.connect_timeout)}"
        )
    if isinstance(exc, httpx.ReadTimeout):
        return ErrorKind.TIMEOUT, f"no data from {host} for {seconds(limits.read_timeout)}"
    if isinstance(exc, httpx.TimeoutException):
        return ErrorKind.TIMEOUT, f"timed out talking to {host}"
    if isinstance(exc, httpx.ProxyError):
        return ErrorKind.CONNECT, f"proxy error: {_text(exc)}"
    if in_body and isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError):
        return ErrorKind.PROTOCOL, TRUNCATED
    if isinstance(exc, httpx.ConnectError):
        if _cause(exc, socket.gaierror) is not None:
            return ErrorKind.CONNECT, f"could not resolve host {host}"
        if _cause(exc, ConnectionRefusedError) is not None:
            return ErrorKind.CONNECT, f"connection refused by {host}"
        return ErrorKind.CONNECT, f"could not connect to {host}: {_text(exc)}"
    if isinstance(exc, httpx.UnsupportedProtocol):
        return ErrorKind.BAD_SCHEME, f"unsupported URL: {_text(exc)}"
    if isinstance(exc, httpx.RemoteProtocolError | httpx.LocalProtocolError | httpx.DecodingError):
        return ErrorKind.PROTOCOL, f"bad response from {host}: {_text(exc)}"
    if isinstance(exc, httpx.NetworkError):
        return ErrorKind.CONNECT, f"connection to {host} failed: {_text(exc)}"
    return ErrorKind.PROTOCOL, f"request to {host} failed: {_text(exc)}"
