"""Real parts for end-to-end hostility tests: a misbehaving server thread and a tnews home."""

from __future__ import annotations

import asyncio
import json
import os
import resource
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any
from xml.sax.saxutils import escape

from tests.net.hostile_server import HostileServer, Request, Route, send

# The console script next to the interpreter running the tests (the project's .venv).
_SCRIPT = Path(sys.executable).with_name("tnews")
TNEWS = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "tnews"]

# Bounds for every tnews subprocess: the parent may not grow past this address space (the
# parse workers lower it again for themselves) nor burn more CPU than this.
MEMORY_LIMIT = 4 * 1024 * 1024 * 1024
CPU_SECONDS = 120
RUN_TIMEOUT = 180.0  # a hung tnews fails the test instead of hanging the suite

_PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


def limit_resources() -> None:
    """Runs in the child before exec: cap memory and CPU time."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


class ServerThread:
    """A HostileServer on its own event loop in a thread, for tnews running in a subprocess."""

    def __init__(self, routes: dict[str, Route] | None = None) -> None:
        self.routes: dict[str, Route] = dict(routes or {})
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        # The server reads this same dict on every request, so routes can change between runs.
        self.server = HostileServer(self.routes)

    def __enter__(self) -> ServerThread:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self.server.__aenter__(), self._loop).result(10)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        done = asyncio.run_coroutine_threadsafe(self.server.__aexit__(None, None, None), self._loop)
        done.result(15)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    @property
    def port(self) -> int:
        """The port the server listens on."""
        return self.server.port

    def url(self, path: str) -> str:
        """A URL for path on this server."""
        return self.server.url(path)

    @property
    def requests(self) -> list[Request]:
        """Every request head seen so far."""
        return list(self.server.requests)

    def hits(self, path: str) -> int:
        """How many requests asked for path."""
        return sum(1 for r in self.server.requests if r.path == path)


def body(
    data: bytes,
    content_type: str = "application/rss+xml; charset=utf-8",
    status: int = 200,
    reason: str = "OK",
    headers: list[tuple[str, str]] | None = None,
) -> Route:
    """A complete response with no validators (so every fetch gets the whole body)."""

    async def route(request: Request, writer: asyncio.StreamWriter) -> None:
        all_headers = [("Content-Type", content_type), *(headers or [])]
        await send(writer, status, reason, all_headers, body=data)

    return route


def cut_short(data: bytes, keep: int) -> Route:
    """Declare the whole body's length, send only its first keep bytes, then hang up."""

    async def route(request: Request, writer: asyncio.StreamWriter) -> None:
        head = (
            "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
            f"Content-Length: {len(data)}\r\nConnection: close\r\n\r\n"
        )
        writer.write(head.encode() + data[:keep])
        await writer.drain()

    return route


def item(
    guid: str,
    title: str,
    description: str = "",
    *,
    link: str = "",
    author: str = "",
    categories: tuple[str, ...] = (),
) -> str:
    """One RSS item; every text is XML-escaped, so any characters can go in."""
    parts = [f'<guid isPermaLink="false">{escape(guid)}</guid>', f"<title>{escape(title)}</title>"]
    if link:
        parts.append(f"<link>{escape(link)}</link>")
    if author:
        parts.append(f"<author>{escape(author)}</author>")
    parts += [f"<category>{escape(c)}</category>" for c in categories]
    if description:
        parts.append(f"<description>{escape(description)}</description>")
    return "<item>" + "".join(parts) + "</item>\n"


def rss(items: list[str] | str, title: str = "Feed", encoding: str = "utf-8") -> bytes:
    """An RSS 2.0 document around items, encoded as declared."""
    inner = items if isinstance(items, str) else "".join(items)
    text = (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>https://example.org/</link>\n{inner}"
        "</channel></rss>\n"
    )
    return text.encode(encoding)


def plain_items(prefix: str, count: int) -> list[str]:
    """count small distinct items."""
    return [
        item(f"{prefix}-{i}", f"{prefix} story {i}", f"Body of {prefix} {i}.") for i in range(count)
    ]


@dataclass
class Home:
    """A TNEWS_HOME folder and the tnews command run on it as a real subprocess."""

    root: Path

    @property
    def database(self) -> Path:
        """The store file."""
        return self.root / "data" / "tnews.db"

    def configure(self, urls: list[str], **settings: Any) -> None:
        """Write a config subscribing to exactly these feeds, with these [settings]."""
        lines = ["[settings]", "full_text = false"]
        lines += [f"{key} = {json.dumps(value)}" for key, value in settings.items()]
        for url in urls:
            lines += ["[[feeds]]", f"url = {json.dumps(url)}"]
        (self.root / "config").mkdir(parents=True, exist_ok=True)
        (self.root / "config" / "config.toml").write_text("\n".join(lines) + "\n", "utf-8")

    def env(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        """The environment for tnews: this home, the pinned clock and zone, no colour wishes
        or proxies inherited."""
        env = {
            k: v
            for k, v in os.environ.items()
            if k.lower() not in _PROXY_VARIABLES and k != "NO_COLOR"
        }
        env.update({"TNEWS_HOME": str(self.root), "PYTHONUNBUFFERED": "1"})
        env.update(extra or {})
        return env

    def run(
        self, *args: str, env: Mapping[str, str] | None = None, timeout: float = RUN_TIMEOUT
    ) -> subprocess.CompletedProcess[str]:
        """Run tnews with args to completion, stdout and stderr to pipes."""
        return subprocess.run(
            [*TNEWS, *args],
            env=self.env(env),
            capture_output=True,
            text=True,
            timeout=timeout,
            preexec_fn=limit_resources,
        )

    def start(self, *args: str) -> subprocess.Popen[bytes]:
        """Start tnews in a process group of its own (so its parse workers can be killed too)."""
        return subprocess.Popen(
            [*TNEWS, *args],
            env=self.env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=limit_resources,
            start_new_session=True,
        )

    def fetch(self, *extra: str) -> subprocess.CompletedProcess[str]:
        """`tnews fetch`, which must complete (exit 0) whatever the feeds did."""
        done = self.run("fetch", *extra)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr, done.stderr
        return done

    def list_json(self, *extra: str) -> list[dict[str, Any]]:
        """`tnews list --json` without the built-in guide."""
        done = self.run("list", "--json", "--limit", "100000", *extra)
        assert done.returncode == 0, done.stderr
        items = [json.loads(line) for line in done.stdout.splitlines()]
        return [i for i in items if not str(i["feed"]).startswith("tnews guide")]

    def feeds_json(self) -> dict[str, dict[str, Any]]:
        """`tnews feeds --json`, by subscribed URL."""
        done = self.run("feeds", "--json")
        assert done.returncode == 0, done.stderr
        feeds = [json.loads(line) for line in done.stdout.splitlines()]
        return {f["url"]: f for f in feeds if not f["builtin"]}

    def sql(self, query: str, *params: object) -> list[tuple[Any, ...]]:
        """Read the store directly, as SQLite itself sees it."""
        conn = sqlite3.connect(self.database, timeout=30)
        try:
            return conn.execute(query, params).fetchall()
        finally:
            conn.close()
