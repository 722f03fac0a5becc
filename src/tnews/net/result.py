"""What a fetch returns: a result with an error kind, never an exception."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tnews.net.decode import content_base


class ErrorKind(StrEnum):
    """Why a fetch failed, coarse enough for the caller to decide what to do next."""

    NONE = "none"
    HTTP = "http"  # the server answered with an error status
    TIMEOUT = "timeout"
    TOO_LARGE = "too_large"
    TOO_MANY_REDIRECTS = "too_many_redirects"  # also redirect loops
    BAD_SCHEME = "bad_scheme"  # not http or https, first URL or any redirect
    BAD_URL = "bad_url"
    TLS = "tls"
    CONNECT = "connect"  # name resolution, refused, reset, proxy
    PROTOCOL = "protocol"  # truncated body, broken encoding, malformed response
    GONE = "gone"  # 410: the feed was removed on purpose
    RATE_LIMITED = "rate_limited"  # 429, or 503 with Retry-After


@dataclass(frozen=True, slots=True)
class FetchResult:
    """The outcome of one fetch; every string in it is cleaned for the terminal."""

    url: str  # as requested
    final_url: str  # after redirects
    # Where the feed should be stored from now on: the last target of an unbroken run of
    # 301/308 hops at the start of the chain. Only set on a successful fetch, so a
    # transient failure at the new address never moves a subscription.
    permanent_url: str | None
    status: int | None
    body: bytes | None  # content-encoding removed; None on failure or 304
    content_type: str | None  # media type only, lower case, e.g. "application/rss+xml"
    charset: str | None  # from the Content-Type header
    etag: str | None
    last_modified: str | None
    not_modified: bool = False
    error: str | None = None
    kind: ErrorKind = ErrorKind.NONE
    retry_after: float | None = None  # seconds from now, capped, never negative
    content_location: str | None = None  # the Content-Location header, cleaned
    fresh_for: float = 0.0  # seconds the response stays fresh (Cache-Control, Expires)

    @property
    def base_url(self) -> str:
        """The base for relative links in the body: Content-Location, else the final URL."""
        return content_base(self.final_url, self.content_location)

    @property
    def ok(self) -> bool:
        """True when there is a body to use or the stored copy is still current."""
        return self.body is not None or self.not_modified
