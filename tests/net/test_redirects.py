"""Redirects: hop limits, loops, refused schemes, relative targets and permanence."""

from __future__ import annotations

import pytest

from tnews.net import ErrorKind, Fetcher, FetchLimits, Validators

from . import routes
from .hostile_server import HostileServer, Route

LIMITS = FetchLimits(deadline=5.0, max_redirects=10)


def _hops(count: int) -> dict[str, Route]:
    """/hop/N redirects to /hop/N-1 ... /hop/0, which serves the feed."""
    app: dict[str, Route] = {"/hop/0": routes.feed()}
    for n in range(1, count + 1):
        app[f"/hop/{n}"] = routes.redirect(302, f"/hop/{n - 1}")
    return app


async def test_ten_redirects_are_followed_eleven_are_not() -> None:
    async with HostileServer(_hops(11)) as server, Fetcher(LIMITS) as fetcher:
        ten = await fetcher.fetch(server.url("/hop/10"))
        eleven = await fetcher.fetch(server.url("/hop/11"))
    assert ten.ok and ten.body == routes.FEED
    assert ten.final_url == server.url("/hop/0") and ten.url == server.url("/hop/10")
    assert eleven.kind is ErrorKind.TOO_MANY_REDIRECTS and not eleven.ok
    assert eleven.error == "more than 10 redirects"


async def test_zero_redirects_allowed() -> None:
    limits = FetchLimits(deadline=5.0, max_redirects=0)
    async with HostileServer(_hops(1)) as server, Fetcher(limits) as fetcher:
        result = await fetcher.fetch(server.url("/hop/1"))
    assert result.kind is ErrorKind.TOO_MANY_REDIRECTS
    assert len(server.requests) == 1


async def test_redirect_loop_is_detected_early() -> None:
    app = {"/a": routes.redirect(302, "/b"), "/b": routes.redirect(307, "/a#again")}
    async with HostileServer(app) as server, Fetcher(LIMITS) as fetcher:
        result = await fetcher.fetch(server.url("/a"))
    assert result.kind is ErrorKind.TOO_MANY_REDIRECTS
    assert result.error == f"redirect loop back to {server.url('/a#again')}"
    assert len(server.requests) == 2  # noticed at once, not after ten hops


@pytest.mark.parametrize(
    "location",
    [
        "file:///etc/passwd",
        "ftp://ftp.example.com/feed.xml",
        "javascript:alert(1)",
        "data:text/xml,<rss/>",
        "FILE:///etc/passwd",
        " file:///etc/passwd",
    ],
)
async def test_redirect_to_other_schemes_is_refused(location: str) -> None:
    server = HostileServer({"/r": routes.redirect(301, location)})
    async with server, Fetcher(LIMITS) as fetcher:
        result = await fetcher.fetch(server.url("/r"))
    assert result.kind is ErrorKind.BAD_SCHEME and not result.ok
    assert result.error == f"redirect to {location.strip()} refused"
    assert result.status == 301 and result.permanent_url is None
    assert len(server.requests) == 1


async def test_missing_and_garbage_locations() -> None:
    app = {
        "/none": routes.redirect(302, None),
        "/empty": routes.redirect(302, ""),
        "/garbage": routes.redirect(302, "http://[::zz]/feed"),
        "/nohost": routes.redirect(302, "https://"),
    }
    async with HostileServer(app) as server, Fetcher(LIMITS) as fetcher:
        r = {path: await fetcher.fetch(server.url(path)) for path in app}
    assert r["/none"].kind is ErrorKind.PROTOCOL
    assert r["/none"].error == "redirect 302 without a Location header"
    assert r["/empty"].kind is ErrorKind.PROTOCOL
    assert r["/garbage"].kind is ErrorKind.BAD_URL
    assert r["/garbage"].error == "redirect to invalid URL http://[::zz]/feed"
    assert r["/nohost"].kind is ErrorKind.BAD_URL
    for result in r.values():
        assert result.status == 302 and not result.ok


async def test_relative_locations_resolve() -> None:
    app = {
        "/dir/start": routes.redirect(302, "next?x=1"),
        "/dir/next": routes.redirect(303, "../feed"),
        "/feed": routes.feed(),
    }
    async with HostileServer(app) as server, Fetcher(LIMITS) as fetcher:
        result = await fetcher.fetch(server.url("/dir/start"))
    assert result.ok and result.final_url == server.url("/feed")
    assert [request.target for request in server.requests] == [
        "/dir/start",
        "/dir/next?x=1",
        "/feed",
    ]


async def test_redirect_across_hosts() -> None:
    async with HostileServer({"/feed": routes.feed()}) as target:
        app = {"/moved": routes.redirect(301, target.url("/feed", host="localhost"))}
        async with HostileServer(app) as origin, Fetcher(LIMITS) as fetcher:
            result = await fetcher.fetch(origin.url("/moved"))
    assert result.ok and result.final_url == target.url("/feed", host="localhost")
    assert result.permanent_url == result.final_url
    assert target.requests[0].host == "localhost"


async def test_permanent_chain_keeps_the_last_permanent_target() -> None:
    app = {
        "/old": routes.redirect(301, "/newer"),
        "/newer": routes.redirect(308, "/newest"),
        "/newest": routes.feed(),
    }
    async with HostileServer(app) as server, Fetcher(LIMITS) as fetcher:
        result = await fetcher.fetch(server.url("/old"))
    assert result.ok
    assert result.permanent_url == server.url("/newest") == result.final_url


async def test_temporary_hop_ends_permanence() -> None:
    app = {
        "/old": routes.redirect(301, "/new"),
        "/new": routes.redirect(302, "/elsewhere"),
        "/elsewhere": routes.redirect(301, "/feed"),
        "/feed": routes.feed(),
    }
    async with HostileServer(app) as server, Fetcher(LIMITS) as fetcher:
        result = await fetcher.fetch(server.url("/old"))
    assert result.ok and result.final_url == server.url("/feed")
    assert result.permanent_url == server.url("/new")


async def test_temporary_first_hop_means_no_permanent_url() -> None:
    app = {
        "/a": routes.redirect(307, "/b"),
        "/b": routes.redirect(301, "/feed"),
        "/feed": routes.feed(),
    }
    async with HostileServer(app) as server, Fetcher(LIMITS) as fetcher:
        result = await fetcher.fetch(server.url("/a"))
    assert result.ok and result.permanent_url is None


async def test_permanent_redirect_to_a_failure_does_not_move_the_feed() -> None:
    app = {"/old": routes.redirect(301, "/gone"), "/gone": routes.status(404, "Not Found")}
    async with HostileServer(app) as server, Fetcher(LIMITS) as fetcher:
        result = await fetcher.fetch(server.url("/old"))
    assert result.kind is ErrorKind.HTTP and result.final_url == server.url("/gone")
    assert result.permanent_url is None


async def test_permanent_redirect_then_not_modified() -> None:
    app = {"/old": routes.redirect(308, "/feed"), "/feed": routes.feed()}
    async with HostileServer(app) as server, Fetcher(LIMITS) as fetcher:
        result = await fetcher.fetch(server.url("/old"), Validators(etag=routes.ETAG))
    assert result.not_modified and result.permanent_url == server.url("/feed")
    # Validators go along on every hop: they describe the feed, not the address.
    assert server.requests[1].headers["if-none-match"] == routes.ETAG


async def test_redirect_deadline_covers_the_whole_chain() -> None:
    app = {"/r": routes.redirect(302, "/t"), "/t": routes.trickle(0.2)}
    limits = FetchLimits(deadline=0.5, read_timeout=5.0)
    async with HostileServer(app) as server, Fetcher(limits) as fetcher:
        result = await fetcher.fetch(server.url("/r"))
    assert result.kind is ErrorKind.TIMEOUT and result.final_url == server.url("/t")
