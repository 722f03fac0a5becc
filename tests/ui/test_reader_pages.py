"""The reader and article pages: the reading pane says when it shows only the feed's summary
and why, `w` fetches the rest, and the list stays usable while a refresh fetches pages."""

from __future__ import annotations

import asyncio

from textual.pilot import Pilot

from tests.core.site import BODY_ONLY, HEADLINE, page_hits, serve_site, write_config
from tests.support.feedserver import FeedServer
from tests.ui.conftest import make_app, select_titled, settle
from tnews.cli.context import Context
from tnews.cli.main import main as cli
from tnews.ui.widgets.article_list import ArticleList
from tnews.ui.widgets.reader import ReaderPane
from tnews.ui.widgets.status import StatusLine


def pane_text(pilot: Pilot[None]) -> str:
    rows = pilot.app.screen.query_one(ReaderPane).plain_rows()
    return " ".join(" ".join(rows).split())


async def open_first(pilot: Pilot[None], number: int = 0) -> None:
    articles = pilot.app.screen.query_one(ArticleList)
    await pilot.pause()
    select_titled(articles, f"{HEADLINE} {number}")
    articles.focus()
    await pilot.press("enter")
    await settle(pilot)


async def test_the_pane_says_only_the_summary_and_w_fetches_the_rest(
    feed_server: FeedServer,
) -> None:
    write_config([(serve_site(feed_server, "site", 1), "never")])
    assert await asyncio.to_thread(cli, ["fetch", "--quiet"]) == 0
    context = Context(bidi="off")
    try:
        app = make_app(context)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_first(pilot)
            text = pane_text(pilot)
            assert "Only the feed's summary: this feed's pages are fetched only when asked." in text
            assert "The key w gets the whole article." in text and BODY_ONLY not in text
            assert page_hits(feed_server, "site") == {}  # "never": opening fetched nothing
            await pilot.press("w")
            await settle(pilot)
            text = pane_text(pilot)
            assert BODY_ONLY in text and "Only the feed's summary" not in text
            assert sum(page_hits(feed_server, "site").values()) == 1
    finally:
        context.close()


async def test_the_list_answers_keys_while_the_refresh_fetches_pages(
    feed_server: FeedServer,
) -> None:
    # Pages answer only when released: the refresh stays in its page step meanwhile.
    write_config([(serve_site(feed_server, "site", 3, delay=60.0), "")])
    context = Context(bidi="off")
    try:
        app = make_app(context)
        async with app.run_test(size=(120, 40)) as pilot:
            status = app.screen.query_one(StatusLine)
            await pilot.press("r")
            for _ in range(300):
                await asyncio.sleep(0.05)
                if "Fetching whole articles" in status.message:
                    break
            assert "Fetching whole articles 0/3" in status.message
            articles = app.screen.query_one(ArticleList)
            articles.focus()
            assert articles.count >= 3
            before = articles.cursor
            await pilot.press("j")
            assert articles.cursor == before + 1
            await pilot.press("k")
            assert articles.cursor == before
            feed_server.release.set()
            for _ in range(300):
                await asyncio.sleep(0.05)
                if "fetched whole" in status.message:
                    break
            assert "3 of 3 articles fetched whole, 0 failed" in status.message
            feed_server.stop()  # offline: what the refresh kept is what reads
            await open_first(pilot, 2)
            text = pane_text(pilot)
            assert BODY_ONLY in text and "Only the feed's summary" not in text
    finally:
        context.close()
