"""A real HTTP server on 127.0.0.1 that serves fixture feeds with ETag/Last-Modified and 304s."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "feeds"


@dataclass
class Route:
    """What one path answers."""

    body: bytes
    content_type: str = "application/rss+xml; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    conditional: bool = True
    delay: float = 0.0


class FeedServer:
    """Serves routes until stopped; counts requests and remembers their headers."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.release = threading.Event()  # set to let delayed routes answer at once
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                server.requests.append((self.path, dict(self.headers.items())))
                route = server.routes.get(self.path)
                if route is None:
                    self.send_error(404)
                    return
                if route.delay:
                    server.release.wait(route.delay)
                etag = '"' + hashlib.sha1(route.body).hexdigest()[:16] + '"'
                modified = "Sun, 29 Nov 2026 10:00:00 GMT"
                if (
                    route.conditional
                    and route.status == 200
                    and self.headers.get("If-None-Match") == etag
                ):
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(route.body)))
                if route.conditional:
                    self.send_header("ETag", etag)
                    self.send_header("Last-Modified", modified)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(route.body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        """The server's base URL."""
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        """A full URL for a path."""
        return self.base + path

    def serve(self, path: str, body: bytes | str, **kwargs: object) -> str:
        """Serve a body at a path; returns its URL."""
        data = body.encode() if isinstance(body, str) else body
        self.routes[path] = Route(data, **kwargs)  # type: ignore[arg-type]
        return self.url(path)

    def serve_fixture(self, name: str, path: str | None = None, **kwargs: object) -> str:
        """Serve a fixture feed file; returns its URL."""
        return self.serve(path or "/" + name, (FIXTURES / name).read_bytes(), **kwargs)

    def hits(self, path: str) -> int:
        """How many requests a path got."""
        return sum(1 for p, _ in self.requests if p == path)

    def start(self) -> FeedServer:
        """Start serving."""
        self.thread.start()
        return self

    def stop(self) -> None:
        """Stop serving."""
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
