"""A real HTTP server on 127.0.0.1 serving the fixture pages, as a news site would."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"

# Path on the test site → (fixture file, Content-Type the server sends).
ROUTES = {
    "/2024/05/19/small-business-plan/": ("wp_news.html", "text/html; charset=UTF-8"),
    "/arabic/world/2024/5/19/talks-resume": ("modern_news.html", "text/html; charset=utf-8"),
    "/politics/2024/05/19/elections-law.html": ("br_body.html", "text/html"),
    "/world/middle-east/2024/05/19/talks-resume/": ("english_news.html", "text/html"),
    # The server claims Latin-1 for a windows-1256 page, as misconfigured servers do.
    "/economy/2024/gold.html": ("cp1256_wrong_charset.html", "text/html; charset=ISO-8859-1"),
    "/economy/2024/gold-iso.html": ("iso8859_6_no_charset.html", "text/html"),
    "/feed/": ("summary_feed.xml", "application/rss+xml"),
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the name http.server dispatches to
        route = ROUTES.get(self.path)
        if route is None:
            self.send_error(404)
            return
        name, content_type = route
        body = (FIXTURES / name).read_bytes()
        host = f"{self.server.server_address[0]}:{self.server.server_address[1]}"
        body = body.replace(b"HOST", host.encode())
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet."""


@pytest.fixture(scope="session")
def site() -> Iterator[str]:
    """Base URL of a local news site serving the fixtures."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
