"""Polite HTTP across runs: Retry-After kept, permanent moves followed, gone feeds left alone."""

from __future__ import annotations

import asyncio

from tests.hostile.support import Home, ServerThread, body, plain_items, rss
from tests.net import routes
from tests.net.hostile_server import Request


def test_waits_moves_and_gone_feeds_are_remembered_between_runs(
    home: Home, server: ServerThread
) -> None:
    server.routes.update(
        {
            "/busy": routes.status(429, "Too Many Requests", [("Retry-After", "3600")]),
            "/unavailable": routes.status(
                503, "Service Unavailable", [("Retry-After", "Wed, 21 Oct 2099 07:28:00 GMT")]
            ),
            "/old": routes.redirect(301, "/middle"),
            "/middle": routes.redirect(308, server.url("/new")),
            "/new": body(rss(plain_items("moved", 2))),
            "/gone": body(rss(plain_items("gone", 3))),
        }
    )
    urls = {name: server.url(f"/{name}") for name in ("busy", "unavailable", "old", "gone")}
    home.configure(list(urls.values()))

    home.fetch()
    feeds = home.feeds_json()
    assert "429" in feeds[urls["busy"]]["error"] and "retry after" in feeds[urls["busy"]]["error"]
    assert "503" in feeds[urls["unavailable"]]["error"]
    # Both hops were permanent, so the feed now lives at the end of the chain.
    assert feeds[urls["old"]]["fetch_url"] == server.url("/new")
    assert feeds[urls["old"]]["articles"] == 2
    assert feeds[urls["gone"]]["articles"] == 3
    assert [server.hits(p) for p in ("/busy", "/unavailable", "/old", "/new")] == [1, 1, 1, 1]

    server.routes["/gone"] = routes.status(410, "Gone")
    home.fetch()
    # A new process: the waits came from the store, not from memory.
    assert server.hits("/busy") == 1 and server.hits("/unavailable") == 1
    assert server.hits("/old") == 1 and server.hits("/middle") == 1
    assert server.hits("/new") == 2
    assert server.hits("/gone") == 2
    gone = home.feeds_json()[urls["gone"]]
    assert gone["gone"] is True and gone["articles"] == 3
    assert len([i for i in home.list_json() if i["title"].startswith("gone")]) == 3

    home.fetch("--force")
    # --force overrides a server's wait, but a feed that is gone stays gone.
    assert server.hits("/busy") == 2 and server.hits("/unavailable") == 2
    assert server.hits("/gone") == 2 and server.hits("/old") == 1


async def _proxy(request: Request, writer: asyncio.StreamWriter) -> None:
    # A forward proxy is asked for the absolute URI; answer only requests in that form.
    if request.target == "http://feeds.example.invalid/feed":
        await routes.send(
            writer,
            headers=[("Content-Type", "application/rss+xml")],
            body=rss(plain_items("proxied", 2)),
        )
    else:
        await routes.send(writer, 400, "Not A Proxy Request")


def test_proxy_from_the_environment_is_used(home: Home, server: ServerThread) -> None:
    server.routes["/feed"] = _proxy
    home.configure(["http://feeds.example.invalid/feed"])
    proxy = f"http://127.0.0.1:{server.port}"
    done = home.run("fetch", env={"HTTP_PROXY": proxy, "http_proxy": proxy})
    assert done.returncode == 0, done.stderr
    assert "1 ok" in done.stdout
    assert [r.target for r in server.requests] == ["http://feeds.example.invalid/feed"]
    assert sorted(i["title"] for i in home.list_json()) == ["proxied story 0", "proxied story 1"]
