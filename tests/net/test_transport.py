"""Transport: TLS verification, proxies from the environment and concurrency limits."""

from __future__ import annotations

import asyncio
import shutil
import ssl
import subprocess
from pathlib import Path

import pytest

from tnews.net import ErrorKind, Fetcher, FetchLimits

from . import routes
from .hostile_server import HostileServer, Request

LIMITS = FetchLimits(deadline=5.0, connect_timeout=2.0, read_timeout=2.0)


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    """A throwaway self-signed certificate for 127.0.0.1, made with the openssl tool."""
    openssl = shutil.which("openssl")
    assert openssl is not None, "the TLS tests need the openssl command"
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
        timeout=30,
    )
    return cert, key


def _server_context(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


async def test_self_signed_certificate_is_refused(certificate: tuple[Path, Path]) -> None:
    cert, key = certificate
    server = HostileServer({"/feed": routes.feed()}, tls=_server_context(cert, key))
    async with server, Fetcher(LIMITS) as fetcher:
        result = await fetcher.fetch(server.url("/feed"))
    assert result.url.startswith("https://")
    assert result.kind is ErrorKind.TLS and not result.ok
    assert result.error is not None
    assert result.error.startswith("TLS certificate verify failed: self")
    assert server.requests == []


async def test_trusted_certificate_is_accepted(certificate: tuple[Path, Path]) -> None:
    # The same server with its certificate trusted: proves the failure above is about trust.
    cert, key = certificate
    server = HostileServer({"/feed": routes.feed()}, tls=_server_context(cert, key))
    trusting = ssl.create_default_context(cafile=str(cert))
    async with server, Fetcher(LIMITS, verify=trusting) as fetcher:
        result = await fetcher.fetch(server.url("/feed"))
    assert result.ok and result.body == routes.FEED


async def test_plain_http_to_a_tls_port_is_an_error(certificate: tuple[Path, Path]) -> None:
    cert, key = certificate
    server = HostileServer({"/feed": routes.feed()}, tls=_server_context(cert, key))
    async with server, Fetcher(LIMITS) as fetcher:
        result = await fetcher.fetch(server.url("/feed").replace("https://", "http://"))
    assert not result.ok and result.kind in (ErrorKind.PROTOCOL, ErrorKind.CONNECT)


async def _proxy(request: Request, writer: asyncio.StreamWriter) -> None:
    # A forward proxy is asked for the absolute URI; answer it only in that form.
    if request.target.startswith("http://"):
        await routes.send(
            writer, headers=[("Content-Type", "application/rss+xml")], body=routes.FEED
        )
    else:
        await routes.send(writer, 400, "Not A Proxy Request")


@pytest.fixture
def proxy_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """Clear every proxy variable, so a test sets exactly the ones it means."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    return monkeypatch


async def test_http_proxy_from_environment_is_used(proxy_env: pytest.MonkeyPatch) -> None:
    async with HostileServer({"/feed": _proxy}) as proxy:
        proxy_env.setenv("HTTP_PROXY", f"http://127.0.0.1:{proxy.port}")
        proxy_env.setenv("http_proxy", f"http://127.0.0.1:{proxy.port}")
        async with Fetcher(LIMITS) as fetcher:
            # .invalid never resolves: only the proxy can answer this.
            result = await fetcher.fetch("http://feeds.example.invalid/feed")
    assert result.ok, result.error
    assert result.body == routes.FEED
    assert [r.target for r in proxy.requests] == ["http://feeds.example.invalid/feed"]


async def test_proxies_can_be_ignored(proxy_env: pytest.MonkeyPatch) -> None:
    async with (
        HostileServer({"/feed": _proxy}) as proxy,
        HostileServer({"/feed": routes.feed()}) as direct,
    ):
        proxy_env.setenv("HTTP_PROXY", f"http://127.0.0.1:{proxy.port}")
        proxy_env.setenv("http_proxy", f"http://127.0.0.1:{proxy.port}")
        async with Fetcher(LIMITS, transport_proxies_from_env=False) as fetcher:
            result = await fetcher.fetch(direct.url("/feed"))
    assert result.ok and proxy.requests == [] and len(direct.requests) == 1


async def test_global_concurrency_limit() -> None:
    limits = FetchLimits(deadline=10.0, concurrency=3, per_host=10)
    async with HostileServer({"/slow": routes.hold(0.3)}) as server, Fetcher(limits) as fetcher:
        urls = [server.url("/slow", host=h) for h in ("127.0.0.1", "localhost") for _ in range(5)]
        results = await asyncio.gather(*(fetcher.fetch(url) for url in urls))
    assert all(result.ok for result in results)
    assert len(server.requests) == 10
    assert server.peak == 3


async def test_per_host_limit_counts_hosts_apart() -> None:
    limits = FetchLimits(deadline=10.0, concurrency=10, per_host=2)
    async with HostileServer({"/slow": routes.hold(0.3)}) as server, Fetcher(limits) as fetcher:
        urls = [server.url("/slow", host=h) for h in ("127.0.0.1", "localhost") for _ in range(5)]
        results = await asyncio.gather(*(fetcher.fetch(url) for url in urls))
    assert all(result.ok for result in results)
    assert server.peak_by_host == {"127.0.0.1": 2, "localhost": 2}
    # Both hosts ran side by side: the limit is per host, not one shared limit of two.
    assert server.peak == 4


async def test_queueing_for_a_slot_does_not_eat_the_deadline() -> None:
    # Five fetches, one at a time, each taking 0.2 s: the last waits longer than the deadline
    # before it may start, yet it must not time out.
    limits = FetchLimits(deadline=0.6, concurrency=1, per_host=1)
    async with HostileServer({"/slow": routes.hold(0.2)}) as server, Fetcher(limits) as fetcher:
        results = await asyncio.gather(*(fetcher.fetch(server.url("/slow")) for _ in range(5)))
    assert [result.kind for result in results] == [ErrorKind.NONE] * 5
    assert server.peak == 1


async def test_cancelling_a_fetch_propagates_and_frees_its_slot() -> None:
    limits = FetchLimits(deadline=10.0, concurrency=1, per_host=1)
    app = {"/t": routes.trickle(0.2), "/feed": routes.feed()}
    async with HostileServer(app) as server, Fetcher(limits) as fetcher:
        stuck = asyncio.create_task(fetcher.fetch(server.url("/t")))
        for _ in range(500):
            if server.requests:
                break
            await asyncio.sleep(0.01)
        stuck.cancel()
        with pytest.raises(asyncio.CancelledError):
            await stuck
        result = await fetcher.fetch(server.url("/feed"))
    assert result.ok
