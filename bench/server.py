"""A local feed server for the benchmarks: 127.0.0.1 only, validators and 304s, added latency.

Run as a process (`python bench/server.py --root DIR`): it prints its port on the first line,
serves every file under DIR/feeds as /feeds/NAME, and exits by itself after --lifetime seconds.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# Every feed claims the same modification time: the benchmark never changes a feed.
LAST_MODIFIED = formatdate(1795953600.0, usegmt=True)


class Feeds:
    """The served bodies, read once into memory so disk reads never show up in timings."""

    def __init__(self, root: Path) -> None:
        self.bodies: dict[str, tuple[bytes, str, str]] = {}
        for path in sorted((root / "feeds").glob("*.xml")):
            body = path.read_bytes()
            etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
            kind = "atom" if b"<feed " in body[:300] else "rss"
            self.bodies[f"/feeds/{path.name}"] = (body, etag, f"application/{kind}+xml")


def make_server(feeds: Feeds, latency: float, validators: bool = True) -> ThreadingHTTPServer:
    """A threaded HTTP/1.1 server bound to 127.0.0.1 on a free port."""
    counts = {"200": 0, "304": 0, "404": 0}
    lock = threading.Lock()
    use_validators = validators

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as real servers offer

        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            if latency:
                time.sleep(latency)
            if self.path == "/_stats":
                # How many of each answer so far: a warm run must be all 304s.
                with lock:
                    text = json.dumps(counts).encode()
                self._answer(200, text, {"Content-Type": "application/json"})
                return
            found = feeds.bodies.get(self.path)
            if found is None:
                self._answer(404, b"not found\n", {"Content-Type": "text/plain"})
                return
            body, etag, content_type = found
            if not use_validators:
                # Like the many feeds that send neither: every fetch is a whole 200.
                self._answer(200, body, {"Content-Type": content_type})
                return
            validators = {"ETag": etag, "Last-Modified": LAST_MODIFIED}
            match = self.headers.get("If-None-Match")
            since = self.headers.get("If-Modified-Since")
            if (match is not None and etag in match) or (match is None and since == LAST_MODIFIED):
                self._answer(304, b"", validators)
                return
            self._answer(200, body, {**validators, "Content-Type": content_type})

        def _answer(self, status: int, body: bytes, headers: dict[str, str]) -> None:
            if self.path != "/_stats":
                with lock:
                    counts[str(status)] = counts.get(str(status), 0) + 1
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            """Quiet: one line per request would cost more than the request."""

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 1024  # hundreds of feeds connect at once

    server = Server(("127.0.0.1", 0), Handler)
    server.counts = counts  # type: ignore[attr-defined]
    return server


def main() -> None:
    """Serve until the lifetime is over, then exit (a forgotten server never outlives a run)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--lifetime", type=float, default=900.0)
    parser.add_argument("--no-validators", action="store_true", help="no ETag, no 304")
    args = parser.parse_args()
    server = make_server(Feeds(args.root), args.latency_ms / 1000, not args.no_validators)
    print(server.server_address[1], flush=True)
    timer = threading.Timer(args.lifetime, server.shutdown)
    timer.daemon = True
    timer.start()
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        timer.cancel()
        print(f"served {server.counts}", file=sys.stderr)  # type: ignore[attr-defined]


def stats(base: str) -> dict[str, int]:
    """The server's answer counts so far."""
    with urllib.request.urlopen(base + "/_stats", timeout=10) as answer:
        return dict(json.loads(answer.read()))


@contextmanager
def serving(
    root: Path, latency_ms: float = 0.0, lifetime: float = 900.0, validators: bool = True
) -> Iterator[str]:
    """Run the server in its own process (its CPU stays out of the clients' figures)."""
    proc = subprocess.Popen(
        [
            sys.executable,
            os.fspath(Path(__file__).resolve()),
            "--root",
            os.fspath(root),
            "--latency-ms",
            str(latency_ms),
            "--lifetime",
            str(lifetime),
            *([] if validators else ["--no-validators"]),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        port = int(proc.stdout.readline())
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
