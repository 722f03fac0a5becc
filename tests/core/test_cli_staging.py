"""The command line with preparation left for later: `fetch --no-index`, `index`, and the
commands that catch up before they answer."""

from __future__ import annotations

import pytest

from tests.core.test_cli import list_json, run, subscribe_fixtures
from tests.support.feedserver import FeedServer
from tnews.paths import get_paths
from tnews.store.store import open_store


def _pending() -> int:
    store = open_store(get_paths().database)
    try:
        return store.pending_count()
    finally:
        store.close()


def test_fetch_prepares_what_it_stores(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    subscribe_fixtures(feed_server, capsys)
    code, out, _ = run(capsys, "fetch")
    assert code == 0 and "3 feeds: 3 ok, 0 failed" in out
    assert list_json(capsys) and _pending() == 0


def test_no_index_stores_readable_articles_and_search_catches_up(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    subscribe_fixtures(feed_server, capsys)
    code, out, _ = run(capsys, "fetch", "--no-index")
    assert code == 0 and "3 feeds: 3 ok, 0 failed" in out
    items = list_json(capsys)
    waiting = _pending()
    assert items and waiting > 3
    first = next(i for i in items if "طرابلس" in str(i["title"]))
    code, out, _ = run(capsys, "--bidi", "off", "read", str(first["id"]), "--width", "60")
    assert code == 0 and "نيكولا" in out  # the body, prepared for reading on the spot
    assert _pending() == waiting  # reading does not write
    code, out, _ = run(capsys, "search", "السدرة", "--json")
    assert code == 0 and "النفط" in out and _pending() == 0  # found by a word of its body


def test_index_prepares_what_fetch_left(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    subscribe_fixtures(feed_server, capsys)
    assert run(capsys, "fetch", "--no-index")[0] == 0
    waiting = _pending()
    assert waiting
    code, out, _ = run(capsys, "index")
    assert code == 0 and out.strip() == f"{waiting} articles prepared"
    assert _pending() == 0
    code, out, _ = run(capsys, "index")
    assert code == 0 and out.strip() == "0 articles prepared"
