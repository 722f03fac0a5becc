"""Fetch feeds and pages over HTTP with limits, returning results instead of raising."""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import ssl
import sys
from collections.abc import AsyncIterator
from http.cookiejar import CookieJar, DefaultCookiePolicy
from types import TracebackType

import httpx

import tnews
from tnews.net.chain import (
    REDIRECTS,
    WEB_SCHEMES,
    Chain,
    Redirect,
    clean_url,
    early_failure,
    port_ok,
    set_location_aside,
)
from tnews.net.decode import (
    ACCEPT_ENCODING,
    BadEncoding,
    BodyDecoder,
    BodyTooLarge,
    parse_content_type,
    parse_retry_after,
    scheme_of,
)
from tnews.net.errors import describe_transport_error, seconds, size, status_message
from tnews.net.limits import FetchLimits, Validators
from tnews.net.pool import KeepAliveClient
from tnews.net.result import ErrorKind, FetchResult
from tnews.schedule import cache_lifetime
from tnews.text.clean import clean_line

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/feed+json;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"

DEFAULT_LIMITS = FetchLimits()


def user_agent() -> str:
    """The User-Agent sent with every request, naming tnews and its version."""
    return f"tnews/{tnews.__version__} (+https://github.com/tnews/tnews)"


def _settle_sniffio() -> None:
    """Record once that sniffio is missing, so httpcore stops looking for it on every request."""
    # httpcore imports sniffio each time it makes a lock or shields a close, several times a
    # request. anyio 4 no longer installs it, and a failed import is not remembered: every
    # attempt searched sys.path again, a third of the CPU of a warm refresh. A None entry
    # makes the import fail at once, and httpcore goes on assuming asyncio exactly as before.
    if "sniffio" not in sys.modules and importlib.util.find_spec("sniffio") is None:
        sys.modules["sniffio"] = None  # type: ignore[assignment]


class _Slots:
    """A global limit plus one limit per host name, taken host first so waits cannot cycle."""

    def __init__(self, total: int, per_host: int) -> None:
        self._global = asyncio.Semaphore(total)
        self._per_host = per_host
        self._hosts: dict[str, tuple[asyncio.Semaphore, int]] = {}

    @contextlib.asynccontextmanager
    async def hold(self, host: str) -> AsyncIterator[None]:
        """Hold a slot for host and a global slot for the duration of the block."""
        semaphore, users = self._hosts.get(host, (asyncio.Semaphore(self._per_host), 0))
        self._hosts[host] = (semaphore, users + 1)
        try:
            async with semaphore, self._global:
                yield
        finally:
            # Forget idle hosts so a long session does not keep one semaphore per site forever.
            semaphore, users = self._hosts[host]
            if users == 1:
                del self._hosts[host]
            else:
                self._hosts[host] = (semaphore, users - 1)


class Fetcher:
    """Owns ONE shared httpx.AsyncClient; use as `async with Fetcher(limits) as f:`."""

    def __init__(
        self,
        limits: FetchLimits = DEFAULT_LIMITS,
        *,
        verify: bool | ssl.SSLContext = True,
        transport_proxies_from_env: bool = True,
    ) -> None:
        self.limits = limits
        _settle_sniffio()
        self._slots = _Slots(limits.concurrency, limits.per_host)
        # Cookies are refused: one jar shared by every feed would let sites track the reader
        # across subscriptions, and feeds do not need them.
        no_cookies = CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))
        # One TLS context for direct and proxied requests alike: each costs a read of the
        # whole CA bundle.
        context = httpx.create_ssl_context(verify=verify, trust_env=transport_proxies_from_env)
        self._client = KeepAliveClient(
            headers={"User-Agent": user_agent(), "Accept-Encoding": ACCEPT_ENCODING},
            timeout=httpx.Timeout(
                connect=limits.connect_timeout,
                read=limits.read_timeout,
                write=limits.read_timeout,
                pool=limits.deadline,
            ),
            limits=httpx.Limits(
                max_connections=limits.concurrency,
                max_keepalive_connections=limits.concurrency,
            ),
            follow_redirects=False,
            verify=context,
            trust_env=transport_proxies_from_env,
            cookies=no_cookies,
            event_hooks={"response": [set_location_aside]},
        )

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the shared client and its connections."""
        await self._client.aclose()

    async def fetch(
        self, url: str, validators: Validators | None = None, *, accept: str = FEED_ACCEPT
    ) -> FetchResult:
        """Fetch url, following redirects within the limits; never raises but CancelledError."""
        try:
            return await self._fetch(url, validators or Validators(), accept)
        except Exception as exc:  # the contract is a result, whatever went wrong underneath
            message = f"unexpected error: {type(exc).__name__}: {exc}"
            return early_failure(clean_url(url), ErrorKind.PROTOCOL, message)

    async def _fetch(self, url: str, validators: Validators, accept: str) -> FetchResult:
        requested = clean_url(url)
        scheme = scheme_of(url)
        if scheme is not None and scheme not in WEB_SCHEMES:
            return early_failure(requested, ErrorKind.BAD_SCHEME, f"{scheme}: URLs are refused")
        try:
            start = httpx.URL(url)
        except (httpx.InvalidURL, ValueError, TypeError) as exc:
            return early_failure(requested, ErrorKind.BAD_URL, f"invalid URL: {exc}")
        if start.scheme not in WEB_SCHEMES:
            return early_failure(requested, ErrorKind.BAD_URL, "not an http or https URL")
        if not start.host:
            return early_failure(requested, ErrorKind.BAD_URL, "URL has no host")
        if not port_ok(start):
            return early_failure(requested, ErrorKind.BAD_URL, "URL port out of range")

        chain = Chain(requested, start, self.limits.max_redirects)
        headers = _request_headers(validators, accept)
        loop = asyncio.get_running_loop()
        try:
            # No deadline while queueing for the first slot: waiting behind other feeds is
            # not this server's fault. The clock starts once the first request can go out.
            async with asyncio.timeout(None) as budget:
                while True:
                    async with self._slots.hold(chain.current.host):
                        if budget.when() is None:
                            budget.reschedule(loop.time() + self.limits.deadline)
                        outcome = await self._exchange(chain, headers, validators)
                    if isinstance(outcome, FetchResult):
                        return outcome
                    stop = chain.follow(outcome)
                    if stop is not None:
                        return stop
        except TimeoutError:
            message = f"timed out after {seconds(self.limits.deadline)}"
            return chain.failure(ErrorKind.TIMEOUT, message)

    async def _exchange(
        self, chain: Chain, headers: dict[str, str], validators: Validators
    ) -> FetchResult | Redirect:
        """Send one request for chain.current and turn the response into a result or a hop."""
        url = chain.current
        try:
            request = self._client.build_request("GET", url, headers=headers)
            response = await self._client.send(request, stream=True)
        except httpx.InvalidURL as exc:
            return chain.failure(ErrorKind.BAD_URL, f"invalid URL: {exc}")
        except httpx.HTTPError as exc:
            kind, message = describe_transport_error(exc, url, self.limits, in_body=False)
            return chain.failure(kind, message)
        try:
            return await self._handle(chain, response, validators)
        finally:
            # Closing an abandoned stream only drops the connection; nothing there to report.
            with contextlib.suppress(httpx.HTTPError):
                await response.aclose()

    async def _handle(
        self, chain: Chain, response: httpx.Response, validators: Validators
    ) -> FetchResult | Redirect:
        status = response.status_code
        if status in REDIRECTS:
            return chain.check(response)
        etag = clean_line(response.headers.get("etag")) or None
        last_modified = clean_line(response.headers.get("last-modified")) or None
        headers = response.headers
        fresh_for = cache_lifetime(
            headers.get("cache-control"), headers.get("expires"), headers.get("date")
        )
        if status == 304:
            await _finish_empty(response)
            return chain.result(
                permanent_url=chain.permanent_url(),
                status=status,
                not_modified=True,
                etag=etag or validators.etag,
                last_modified=last_modified or validators.last_modified,
                fresh_for=fresh_for,
            )
        if status >= 300:
            return self._status_failure(chain, response)
        media_type, charset = parse_content_type(response.headers.get("content-type"))
        body_or_failure = await self._read_body(chain, response)
        if isinstance(body_or_failure, FetchResult):
            return body_or_failure
        return chain.result(
            permanent_url=chain.permanent_url(),
            status=status,
            body=body_or_failure,
            content_type=media_type,
            charset=charset,
            etag=etag,
            last_modified=last_modified,
            content_location=clean_line(response.headers.get("content-location")) or None,
            fresh_for=fresh_for,
        )

    def _status_failure(self, chain: Chain, response: httpx.Response) -> FetchResult:
        status = response.status_code
        message = status_message(status, _reason_phrase(response))
        retry_after = parse_retry_after(
            response.headers.get("retry-after"), self.limits.retry_after_cap
        )
        if status == 410:
            kind = ErrorKind.GONE
        elif status == 429 or (status == 503 and retry_after is not None):
            kind = ErrorKind.RATE_LIMITED
        else:
            kind = ErrorKind.HTTP
        if retry_after is not None and status in (429, 503):
            message += f" (retry after {seconds(round(retry_after))})"
        else:
            retry_after = None
        return chain.failure(kind, message, status=status, retry_after=retry_after)

    async def _read_body(self, chain: Chain, response: httpx.Response) -> bytes | FetchResult:
        """Stream the body through a bounded decoder; a failure comes back as a result."""
        limit = self.limits.max_bytes
        too_large = f"body larger than {size(limit)}"
        status = response.status_code
        declared = response.headers.get("content-length", "").strip()
        if declared.isdigit() and (len(declared) > 18 or int(declared) > limit):
            return chain.failure(ErrorKind.TOO_LARGE, too_large, status=status)
        try:
            decoder = BodyDecoder(response.headers.get("content-encoding"), limit)
            async for chunk in response.aiter_raw():
                decoder.feed(chunk)
            return decoder.finish()
        except BodyTooLarge:
            return chain.failure(ErrorKind.TOO_LARGE, too_large, status=status)
        except BadEncoding as exc:
            return chain.failure(ErrorKind.PROTOCOL, str(exc), status=status)
        except httpx.HTTPError as exc:
            kind, message = describe_transport_error(exc, chain.current, self.limits, in_body=True)
            return chain.failure(kind, message, status=status)


async def _finish_empty(response: httpx.Response) -> None:
    """Read a response that has no body to its end, so its connection goes back to the pool."""
    # A streamed response closed before its (empty) end counts as abandoned, and httpcore
    # drops the connection: a warm refresh of all 304s would then open one per feed.
    with contextlib.suppress(httpx.HTTPError):
        await response.aread()


def _request_headers(validators: Validators, accept: str) -> dict[str, str]:
    headers = {"Accept": accept}
    # A stored validator that could not be sent as a header is dropped, not sent mangled.
    if validators.etag and _header_safe(validators.etag):
        headers["If-None-Match"] = validators.etag
    if validators.last_modified and _header_safe(validators.last_modified):
        headers["If-Modified-Since"] = validators.last_modified
    return headers


def _reason_phrase(response: httpx.Response) -> str:
    """The status line's reason phrase with every byte kept, for clean_line to judge."""
    raw = response.extensions.get("reason_phrase")
    if not isinstance(raw, bytes):
        return response.reason_phrase
    # httpx decodes the phrase as ASCII and silently drops other bytes: an 8-bit CSI or OSC
    # would lose its introducer there and leave its body ("2J", "0;title") behind as text.
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _header_safe(value: str) -> bool:
    return value.isascii() and value.isprintable()
