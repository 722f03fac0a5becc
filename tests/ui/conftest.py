"""Fixtures for the reader: a store filled from fixture feeds, and an app on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import cast

import pytest
from textual.pilot import Pilot

from tests.support.feedserver import FIXTURES, FeedServer
from tnews.cli.context import Context
from tnews.paths import get_paths
from tnews.prepare import prepare_feed
from tnews.ui.app import TnewsApp
from tnews.ui.widgets.article_list import ArticleList

# A fixed clock: 29 Nov 2026 12:00 UTC, so dates in the list never drift.
FIXED_NOW = 1795953600.0


def write_config(feeds: list[tuple[str, str]], extra: str = "") -> None:
    """A config with only these (url, section) feeds."""
    paths = get_paths().ensure()
    lines = ["[settings]", extra]
    for url, section in feeds:
        lines += ["[[feeds]]", f'url = "{url}"'] + ([f'section = "{section}"'] if section else [])
    paths.config_file.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def ctx() -> Iterator[Context]:
    """A context on an empty config (no network feeds)."""
    write_config([])
    context = Context()
    yield context
    context.close()


@pytest.fixture
def filled_ctx(tmp_path: Path) -> Iterator[Context]:
    """A context whose store holds the fixture feeds, stored as of the fixed clock."""
    feeds = [
        ("https://news.example.ly/feed/", "ليبيا", "arabic_rss2.xml"),
        ("https://world.example.org/rss", "World", "english_rss1.rdf"),
        ("https://blog.example.net/atom", "", "mixed_atom.xml"),
    ]
    # No page fetches: these sites do not exist, and screens must not depend on the network.
    write_config([(url, section) for url, section, _ in feeds], "full_text = false")
    context = Context()
    store = context.store
    for feed in store.feeds():
        if feed.builtin:
            continue
        name = next(f for u, _, f in feeds if u == feed.url)
        prepared = prepare_feed((FIXTURES / name).read_bytes(), feed.url)
        store.apply_feed(feed.id, prepared, now=FIXED_NOW)
    yield context
    context.close()


def make_app(context: Context) -> TnewsApp:
    """The reader on a context, with the fixed clock."""
    return TnewsApp(
        context.paths, context.config, context.store, context.bidi_mode, clock=lambda: FIXED_NOW
    )


@pytest.fixture
def served_ctx(feed_server: FeedServer) -> Iterator[Context]:
    """A context subscribed to the fixture feeds on a real local server."""
    write_config(
        [
            (feed_server.serve_fixture("arabic_rss2.xml"), "ليبيا"),
            (feed_server.serve_fixture("english_rss1.rdf"), "World"),
            (feed_server.serve_fixture("mixed_atom.xml"), ""),
        ]
    )
    context = Context()
    yield context
    context.close()


def select_titled(articles: ArticleList, start: str) -> int:
    """Put the list's cursor on the first article whose title starts with start."""
    for index in range(articles.count):
        item = articles.item(index)
        if item is not None and item.title.startswith(start):
            articles.cursor = index
            return index
    raise AssertionError(f"no article titled {start!r}")


async def settle(pilot: Pilot[None]) -> None:
    """Wait until the reader's writes and workers are done (a write may start a worker, which
    writes in turn) and the screen has caught up with them."""
    app = cast(TnewsApp, pilot.app)
    for _ in range(20):
        await app.writes.settled()
        await app.workers.wait_for_complete()
        await pilot.pause()
        if app.writes.idle and not any(w.is_running for w in app.workers):
            return
