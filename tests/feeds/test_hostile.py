"""Hostile feeds end in entries or a clear error, inside OS memory limits and a timeout."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tnews.feeds.model import ParsedFeed
from tnews.feeds.parse import parse_feed
from tnews.feeds.pool import ParseLimitError, ParsePool, current_pid, parse_feed_bounded

URL = "https://hostile.example/feed"
MEMORY = 768 * 1024 * 1024
TIMEOUT = 60.0


@pytest.fixture(scope="module")
def pool() -> Iterator[ParsePool]:
    with ParsePool(workers=2, memory_bytes=MEMORY) as parse_pool:
        yield parse_pool


class _Recorder(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        type(self).hits.append(self.path)
        body = b"<!ENTITY leaked 'FETCHED-OVER-HTTP'>"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def http_server() -> Iterator[tuple[str, list[str]]]:
    _Recorder.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.hits
    server.shutdown()
    server.server_close()


def _all_text(feed: ParsedFeed) -> str:
    parts = [feed.title, feed.link, feed.error or "", feed.warning or ""]
    for e in feed.entries:
        parts += [e.title, e.author, e.summary_html, e.content_html, e.url, e.guid]
    return "\n".join(parts)


async def _bounded(pool: ParsePool, data: bytes, timeout: float = TIMEOUT) -> ParsedFeed:
    return await parse_feed_bounded(pool, data, URL, timeout=timeout)


async def test_billion_laughs_is_not_expanded(pool: ParsePool) -> None:
    lols = "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    data = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol0 "lol">{lols}]>'
        '<rss version="2.0"><channel><title>t</title>'
        "<item><title>&lol9;</title><link>http://x.example/1</link></item></channel></rss>"
    ).encode()
    feed = await _bounded(pool, data)
    assert feed.error or feed.entries
    assert "lollollollol" not in _all_text(feed)


async def test_quadratic_blowup_stays_bounded(pool: ParsePool) -> None:
    big = "x" * 100_000
    data = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "{big}">]>'
        '<rss version="2.0"><channel><title>t</title><item><title>'
        + "&a;" * 20_000
        + "</title></item></channel></rss>"
    ).encode()
    feed = await _bounded(pool, data)
    assert feed.error or feed.entries
    assert big not in _all_text(feed)


async def test_external_entities_are_never_fetched_or_expanded(
    pool: ParsePool, http_server: tuple[str, list[str]]
) -> None:
    base, hits = http_server
    data = (
        '<?xml version="1.0"?>'
        f'<!DOCTYPE rss SYSTEM "{base}/dtd" [<!ENTITY file SYSTEM "file:///etc/passwd">'
        f'<!ENTITY web SYSTEM "{base}/entity"> <!ENTITY % param SYSTEM "{base}/param"> %param;]>'
        '<rss version="2.0"><channel><title>t &file;</title>'
        "<item><title>a &file; b &web; c &leaked;</title><link>http://x.example/1</link>"
        "<description>&file;</description></item></channel></rss>"
    ).encode()
    feed = await _bounded(pool, data)
    assert parse_feed(data, URL) == feed
    text = _all_text(feed)
    assert "root:" not in text and "FETCHED-OVER-HTTP" not in text
    assert hits == []


async def test_twenty_thousand_items(pool: ParsePool) -> None:
    items = "".join(
        f"<item><title>خبر {i}</title><link>https://x.example/{i}</link></item>"
        for i in range(20_000)
    )
    data = f'<rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()
    feed = await _bounded(pool, data)
    assert feed.error is None and len(feed.entries) == 20_000
    assert feed.entries[-1].url == "https://x.example/19999"


async def test_five_megabyte_item(pool: ParsePool) -> None:
    body = "<p>" + "نص طويل جدا " * 450_000 + "</p>"
    data = (
        '<rss version="2.0"><channel><title>t</title><item><title>big</title>'
        f"<link>https://x.example/big</link><description><![CDATA[{body}]]></description>"
        "</item></channel></rss>"
    ).encode()
    assert len(data) > 5_000_000
    feed = await _bounded(pool, data)
    assert feed.error is None and feed.entries[0].summary_html == body


@pytest.mark.parametrize("malformed", [False, True])
async def test_pathological_author_finishes_within_the_timeout(
    pool: ParsePool, malformed: bool
) -> None:
    author = "a" * 50_000 + "@"
    data = (
        '<rss version="2.0"><channel><title>t</title><item><title>x</title>'
        f"<link>https://x.example/1</link><author>{author}</author></item>"
        + ("<broken" if malformed else "</channel></rss>")
    ).encode()
    feed = await _bounded(pool, data, timeout=20.0)
    if feed.error is not None:
        assert feed.error.startswith("feed too large or too slow to parse")
    else:
        assert feed.entries[0].url == "https://x.example/1"
        assert feed.entries[0].author == author[:2000]
    assert await _bounded(pool, b'<rss version="2.0"><channel><title>ok</title></channel></rss>')


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 64,
        b"\x00\xff\xfe" * 10_000,
        b"<rss><channel><item><title>unclosed",
        b"\xef\xbb\xbf<?xml version='1.0' encoding='utf-16'?><rss><channel>",
        b"<rss version='2.0'><channel><item><title>" + b"<x>" * 100_000,
    ],
    ids=["all-bytes", "nul-ff-fe", "unclosed", "bom-says-utf16", "deep-nesting"],
)
async def test_garbage_gives_entries_or_error(pool: ParsePool, data: bytes) -> None:
    feed = await _bounded(pool, data)
    assert isinstance(feed, ParsedFeed)
    assert feed.error is not None or feed.entries


async def test_timeout_terminates_the_worker_and_the_pool_heals(pool: ParsePool) -> None:
    with pytest.raises(ParseLimitError, match="timed out"):
        await pool.run(time.sleep, 30, timeout=0.5)
    assert await pool.run(sum, [1, 2, 3], timeout=TIMEOUT) == 6


def test_timed_out_worker_is_not_left_running() -> None:
    with ParsePool(workers=1, memory_bytes=MEMORY) as small:
        pid = small.run_sync(current_pid, timeout=TIMEOUT)
        with pytest.raises(ParseLimitError):
            small.run_sync(time.sleep, 30, timeout=0.5)
        assert pid not in small.worker_pids()
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


async def test_memory_exhaustion_is_a_limit_error(pool: ParsePool) -> None:
    with pytest.raises(ParseLimitError, match="memory"):
        await pool.run(bytearray, 4 * 1024 * 1024 * 1024, timeout=TIMEOUT)
    assert await pool.run(sum, [1, 1], timeout=TIMEOUT) == 2


def test_killed_worker_is_replaced() -> None:
    with ParsePool(workers=1, memory_bytes=MEMORY) as small:
        pid = small.run_sync(current_pid, timeout=TIMEOUT)
        os.kill(pid, signal.SIGKILL)
        for _ in range(200):
            if pid not in small.worker_pids():
                break
            time.sleep(0.01)
        assert small.run_sync(current_pid, timeout=TIMEOUT) != pid


def test_crash_during_a_task_is_a_limit_error_and_next_task_works() -> None:
    with ParsePool(workers=1, memory_bytes=MEMORY) as small:
        with pytest.raises(ParseLimitError, match="died"):
            small.run_sync(os.abort, timeout=TIMEOUT)
        assert small.run_sync(sum, [2, 2], timeout=TIMEOUT) == 4


def test_task_exceptions_come_back_as_themselves() -> None:
    with ParsePool(workers=1, memory_bytes=MEMORY) as small:
        with pytest.raises(ValueError):
            small.run_sync(int, "not a number", timeout=TIMEOUT)
        assert small.run_sync(int, "7", timeout=TIMEOUT) == 7
