"""Marking a whole section read can be taken back: `u` turns the same articles unread again."""

from __future__ import annotations

from tests.ui.conftest import make_app, settle
from tnews.cli.context import Context
from tnews.store.models import ALL, UNREAD
from tnews.ui.widgets.article_list import ArticleList
from tnews.ui.widgets.sections import SectionList
from tnews.ui.widgets.status import StatusLine


async def test_mark_section_read_then_undo(filled_ctx: Context) -> None:
    store = filled_ctx.store
    first = store.list_articles(ALL, limit=1)[0].id
    store.set_read(first, True)  # read before M: the undo must leave it read
    unread_before = {a.id for a in store.list_articles(UNREAD, limit=1000)}
    assert first not in unread_before and len(unread_before) > 3
    app = make_app(filled_ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        articles = app.screen.query_one(ArticleList)
        status = app.screen.query_one(StatusLine)
        names = [s.name for s in app.screen.query_one(SectionList).sections]
        await pilot.press(str(names.index("Unread") + 1))
        await settle(pilot)
        assert articles.count == len(unread_before)
        await pilot.press("M")
        await settle(pilot)
        assert articles.count == 0
        assert store.count_articles(UNREAD) == 0
        assert f"Marked {len(unread_before)} articles read" in status.message
        assert "u to undo" in status.message
        await pilot.press("u")
        await settle(pilot)
        assert {a.id for a in store.list_articles(UNREAD, limit=1000)} == unread_before
        assert articles.count == len(unread_before)
        assert "unread again" in status.message
        await pilot.press("u")  # a second undo has nothing left to undo
        await settle(pilot)
        assert "Nothing to undo" in status.message
        assert store.count_articles(UNREAD) == len(unread_before)
