"""One label per thing, in the interface's language: built-in sections, the guide, messages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.feedserver import FeedServer
from tests.ui.conftest import make_app, settle, write_config
from tnews.cli.context import Context
from tnews.guide import GUIDE_URL
from tnews.layout import LayoutOptions, layout_field
from tnews.ui.widgets.sections import SectionList
from tnews.ui.widgets.status import StatusLine


@pytest.fixture
def arabic_ctx() -> Iterator[Context]:
    """A fresh home whose config asks for the Arabic interface (the locale says English)."""
    write_config([], 'language = "ar"')
    context = Context()
    yield context
    context.close()


def guide_title(context: Context) -> str:
    """The built-in guide feed's name as stored."""
    return next(f.title for f in context.store.feeds() if f.url == GUIDE_URL)


async def test_the_english_interface_names_each_thing_once_in_english(ctx: Context) -> None:
    app = make_app(ctx)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        names = [s.name for s in app.screen.query_one(SectionList).sections]
        assert names[:3] == ["All", "Unread", "Bookmarks"]
        assert "Guide" in names and "دليل" not in names
        assert guide_title(ctx) == "tnews guide"


async def test_the_arabic_interface_names_each_thing_once_in_arabic(
    arabic_ctx: Context,
) -> None:
    app = make_app(arabic_ctx)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        names = [s.name for s in app.screen.query_one(SectionList).sections]
        assert names[:3] == ["الكل", "غير المقروء", "المحفوظات"]
        assert "دليل" in names and "Guide" not in names
        assert guide_title(arabic_ctx) == "دليل tnews"
        await pilot.press("3")
        await settle(pilot)
        status = app.screen.query_one(StatusLine)
        # The status line names where the reader is (its place), in the interface's language.
        assert status.place == "لا أخبار في المحفوظات"
        # Drawn through the engine: shaped, in visual order, as a right-to-left line.
        width = max(10, status.size.width - 2)
        expected = layout_field(status.place, width, LayoutOptions(), "rtl").text
        assert str(status.render()) == expected
        assert expected != status.place


async def test_arabic_plurals_in_the_status_line(arabic_ctx: Context) -> None:
    app = make_app(arabic_ctx)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"tnews", "enter")
        await settle(pilot)
        message = app.screen.query_one(StatusLine).message
        assert message == "وُجد خبران عن «tnews»."


async def test_a_refresh_of_one_feed_says_feed_not_feeds(feed_server: FeedServer) -> None:
    write_config([(feed_server.serve_fixture("english_rss1.rdf"), "World")], "full_text = false")
    context = Context()
    try:
        app = make_app(context)
        async with app.run_test(size=(120, 35)) as pilot:
            await settle(pilot)
            await pilot.press("r")
            await settle(pilot)
            message = app.screen.query_one(StatusLine).message
            assert message.startswith("Refreshed 1 feed: "), message
            assert "new article" in message
    finally:
        context.close()


async def test_arabic_prompts_and_picker_titles_are_shaped(arabic_ctx: Context) -> None:
    from textual.widgets import Label

    options = LayoutOptions()
    app = make_app(arabic_ctx)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        question = str(app.screen.query(Label).first().render())
        assert question == layout_field("بحث:", 200, options, "rtl").text != "بحث:"
        await pilot.press("escape", "s")
        await settle(pilot)
        title = str(app.screen.query_one("#picker-title", Label).render())
        assert title == layout_field("الأقسام", 200, options, "rtl").text != "الأقسام"
