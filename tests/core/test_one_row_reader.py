"""One article, one row, in the reader: stepping through a section never lands on a copy of
the article just read."""

from __future__ import annotations

import asyncio

import pytest

from tests.core.test_one_row import MAIN, SPORT
from tests.support.feedserver import FeedServer
from tests.ui.conftest import make_app, select_titled, settle, write_config
from tnews.cli.context import Context
from tnews.cli.main import main as cli
from tnews.ui.widgets.article_list import ArticleList
from tnews.ui.widgets.reader import ReaderPane

MATCH = "المنتخب يفوز"


@pytest.mark.parametrize("key", ["J", "K", "n"])
async def test_keys_never_step_onto_a_copy_of_the_article_read(
    feed_server: FeedServer, key: str
) -> None:
    main = feed_server.serve("/main.xml", MAIN)
    sport = feed_server.serve("/sport.xml", SPORT)
    write_config([(main, "Main"), (sport, "Sport")], "full_text = false")
    assert await asyncio.to_thread(cli, ["fetch", "--quiet"]) == 0
    context = Context()
    try:
        app = make_app(context)
        async with app.run_test(size=(120, 30)) as pilot:
            reader = app.screen.query_one(ReaderPane)
            articles = app.screen.query_one(ArticleList)
            await pilot.pause()
            select_titled(articles, MATCH)
            if key == "K":  # stepping up starts from the lowest row of that title
                rows = [articles.item(i) for i in range(articles.count)]
                articles.cursor = max(
                    i for i, row in enumerate(rows) if row and row.title.startswith(MATCH)
                )
            articles.focus()
            await pilot.press("enter")
            await settle(pilot)
            assert reader.article is not None and reader.article.title.startswith(MATCH)
            first = reader.article.id
            await pilot.press(key)
            await settle(pilot)
            assert reader.article is not None and reader.article.id != first
            assert not reader.article.title.startswith(MATCH)
    finally:
        context.close()
