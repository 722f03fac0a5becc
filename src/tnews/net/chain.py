"""The redirect chain of one fetch: where it is, what it may follow, how results are built."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import httpx

from tnews.net.decode import scheme_of
from tnews.net.result import ErrorKind, FetchResult
from tnews.text.clean import clean_line

WEB_SCHEMES = ("http", "https")
REDIRECTS = frozenset({301, 302, 303, 307, 308})
PERMANENT = frozenset({301, 308})
LOCATION = "tnews.location"  # response extension holding the Location values set aside
_URL_IN_MESSAGE = 200  # characters of a URL quoted in an error message
_URL_LIMIT = 16 * 1024  # long enough for any real URL; clean_line's default would cut some


def clean_url(text: object) -> str:
    """A URL as it may appear in a result: one line, no controls, not shortened."""
    return clean_line(str(text), _URL_LIMIT)


def early_failure(url: str, kind: ErrorKind, error: str) -> FetchResult:
    """A result for a fetch that never got a response (or the base of one that did)."""
    return FetchResult(
        url=url,
        final_url=url,
        permanent_url=None,
        status=None,
        body=None,
        content_type=None,
        charset=None,
        etag=None,
        last_modified=None,
        error=clean_line(error),
        kind=kind,
    )


def port_ok(url: httpx.URL) -> bool:
    """True unless the URL names a port no socket can use."""
    # httpx accepts any number here; the socket layer would fail later with a vaguer error.
    return url.port is None or 0 < url.port < 65536


@dataclass(frozen=True, slots=True)
class Redirect:
    """A redirect response that passed every check and may be followed."""

    status: int
    target: httpx.URL


@dataclass(slots=True)
class Chain:
    """Where a fetch has got to along its redirect chain."""

    requested: str
    current: httpx.URL
    max_redirects: int
    permanent: httpx.URL | None = None
    all_permanent: bool = True
    hops: int = 0
    seen: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.seen.add(_without_fragment(self.current))

    def result(self, **fields: Any) -> FetchResult:
        """A result for the current hop; fields override the empty defaults."""
        fields.setdefault("error", None)
        base = early_failure(self.requested, ErrorKind.NONE, "")
        return replace(base, final_url=clean_url(self.current), **fields)

    def failure(self, kind: ErrorKind, error: str, **fields: Any) -> FetchResult:
        """A failed result for the current hop with a cleaned message."""
        return self.result(kind=kind, error=clean_line(error), **fields)

    def permanent_url(self) -> str | None:
        """The address a successful fetch should be stored under from now on, if it moved."""
        return clean_url(self.permanent) if self.permanent is not None else None

    def check(self, response: httpx.Response) -> FetchResult | Redirect:
        """Judge a redirect response's Location: a hop to follow, or why not."""
        status = response.status_code
        locations = response.extensions.get(LOCATION, [])
        location = locations[0].strip() if locations else ""
        if not location:
            message = f"redirect {status} without a Location header"
            return self.failure(ErrorKind.PROTOCOL, message, status=status)
        shown = clean_line(location, _URL_IN_MESSAGE)
        refused = f"redirect to {shown} refused"
        invalid = f"redirect to invalid URL {shown}"
        scheme = scheme_of(location)
        if scheme is not None and scheme not in WEB_SCHEMES:
            return self.failure(ErrorKind.BAD_SCHEME, refused, status=status)
        try:
            target = self.current.join(location)
        except (httpx.InvalidURL, ValueError, TypeError):
            return self.failure(ErrorKind.BAD_URL, invalid, status=status)
        if target.scheme not in WEB_SCHEMES:
            return self.failure(ErrorKind.BAD_SCHEME, refused, status=status)
        if not target.host or not port_ok(target):
            return self.failure(ErrorKind.BAD_URL, invalid, status=status)
        return Redirect(status, target)

    def follow(self, hop: Redirect) -> FetchResult | None:
        """Move to the redirect target, or return why the chain stops here."""
        if self.hops >= self.max_redirects:
            message = f"more than {self.max_redirects} redirects"
            return self.failure(ErrorKind.TOO_MANY_REDIRECTS, message, status=hop.status)
        key = _without_fragment(hop.target)
        if key in self.seen:
            message = f"redirect loop back to {clean_line(str(hop.target), _URL_IN_MESSAGE)}"
            return self.failure(ErrorKind.TOO_MANY_REDIRECTS, message, status=hop.status)
        self.seen.add(key)
        self.hops += 1
        # Permanence counts only while every hop so far was permanent: a temporary hop
        # means later targets may change again, so they are not the feed's new home.
        if hop.status in PERMANENT and self.all_permanent:
            self.permanent = hop.target
        else:
            self.all_permanent = False
        self.current = hop.target
        return None


async def set_location_aside(response: httpx.Response) -> None:
    """Move Location headers out of httpx's sight; we judge and follow redirects ourselves."""
    # Even with follow_redirects=False, httpx parses Location to offer next_request and
    # raises on garbage before we ever see the response, losing the status and the value.
    locations = response.headers.get_list("location")
    response.extensions[LOCATION] = locations
    if locations:
        del response.headers["location"]


def _without_fragment(url: httpx.URL) -> str:
    return str(url.copy_with(fragment=None))
