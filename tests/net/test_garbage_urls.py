"""Whatever URL it is given, fetch() returns a result and never raises."""

from __future__ import annotations

import asyncio
import socket
import ssl

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tnews.net import ErrorKind, Fetcher, FetchLimits

LIMITS = FetchLimits(deadline=2.0, connect_timeout=1.0, read_timeout=1.0)
# Building a verifying TLS context is the slow part of making a client; do it once.
TLS = ssl.create_default_context()


@pytest.fixture
def dead_proxy(monkeypatch: pytest.MonkeyPatch) -> str:
    """Send every request to a closed local port, so no garbage URL ever leaves the machine."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        proxy = f"http://127.0.0.1:{sock.getsockname()[1]}"
    for name in ("http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.setenv(name, proxy)
        monkeypatch.setenv(name.upper(), proxy)
    for name in ("no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    return proxy


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("file:///etc/passwd", ErrorKind.BAD_SCHEME),
        ("ftp://example.com/feed", ErrorKind.BAD_SCHEME),
        ("javascript:alert(1)", ErrorKind.BAD_SCHEME),
        ("feed://example.com/rss", ErrorKind.BAD_SCHEME),
        ("", ErrorKind.BAD_URL),
        ("example.com/feed", ErrorKind.BAD_URL),
        ("http://", ErrorKind.BAD_URL),
        ("http://exa mple.com/\x00", ErrorKind.BAD_URL),
        ("http://[::zz]/", ErrorKind.BAD_URL),
        ("http://example.com:99999/", ErrorKind.BAD_URL),
    ],
)
async def test_refused_before_any_request(url: str, kind: ErrorKind, dead_proxy: str) -> None:
    async with Fetcher(LIMITS) as fetcher:
        result = await fetcher.fetch(url)
    assert result.kind is kind and not result.ok and result.error


async def test_a_refusing_proxy_is_a_connect_error(dead_proxy: str) -> None:
    async with Fetcher(LIMITS) as fetcher:
        result = await fetcher.fetch("http://feeds.example.invalid/rss")
    assert result.kind is ErrorKind.CONNECT and result.error


def _urls() -> st.SearchStrategy[str]:
    garbage = st.text(max_size=40)
    hosts = st.text(alphabet=st.characters(codec="utf-8"), max_size=20)
    return st.one_of(
        garbage,
        st.builds(
            lambda s, h, p: f"{s}://{h}{p}",
            st.sampled_from(["http", "https", "HTTP", "ftp", ""]),
            hosts,
            garbage,
        ),
        st.builds(lambda h, port: f"http://{h}:{port}/", hosts, st.integers(-5, 70000)),
    )


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(url=_urls())
def test_fetch_never_raises(url: str, dead_proxy: str) -> None:
    async def attempt() -> None:
        async with Fetcher(LIMITS, verify=TLS) as fetcher:
            result = await fetcher.fetch(url)
        assert not result.ok
        assert result.kind is not ErrorKind.NONE and result.error
        assert "\x1b" not in result.url and "\x00" not in result.final_url
        assert "unexpected error" not in result.error

    asyncio.run(attempt())
