"""Restarting the reader opens where it was left: section, article, scroll (issue 18, 6)."""

from __future__ import annotations

import json

from tests.ui.conftest import make_app, settle
from tnews.cli.context import Context
from tnews.store.models import ALL, SEARCH_PREFIX
from tnews.ui.state import ReaderState, load_state, save_state
from tnews.ui.widgets.article_list import ArticleList
from tnews.ui.widgets.reader import ReaderPane
from tnews.ui.widgets.sections import SectionList


async def test_restart_opens_the_section_article_and_scroll_left(filled_ctx: Context) -> None:
    app = make_app(filled_ctx)
    async with app.run_test(size=(60, 8)) as pilot:
        await pilot.pause()
        sections = app.screen.query_one(SectionList)
        names = [s.name for s in sections.sections]
        await pilot.press(str(names.index("ليبيا") + 1), "j")
        await pilot.pause()
        articles = app.screen.query_one(ArticleList)
        chosen = articles.current
        assert chosen is not None and articles.cursor > 0
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen.query_one(ReaderPane)
        assert reader.max_scroll_y >= 2
        await pilot.press("j", "j")
        await pilot.pause()
        assert reader.scroll_offset.y == 2
        section = articles.section
        assert section == sections.sections[names.index("ليبيا")].key
        await pilot.press("q")
    assert filled_ctx.paths.reader_state.is_file()

    again = make_app(filled_ctx)
    async with again.run_test(size=(60, 8)) as pilot:
        await pilot.pause()
        await pilot.pause()
        articles = again.screen.query_one(ArticleList)
        reader = again.screen.query_one(ReaderPane)
        assert again.screen.query_one(SectionList).current.key == section  # type: ignore[union-attr]
        assert articles.section == section
        assert articles.current is not None and articles.current.id == chosen.id
        assert reader.article is not None and reader.article.id == chosen.id
        assert reader.has_focus
        assert reader.scroll_offset.y == 2


async def test_restart_after_a_search_lists_it_again(filled_ctx: Context) -> None:
    app = make_app(filled_ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"Libya", "enter")
        await pilot.pause()
        articles = app.screen.query_one(ArticleList)
        found = articles.count
        assert found > 0
        await pilot.press("q")
    again = make_app(filled_ctx)
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        articles = again.screen.query_one(ArticleList)
        assert articles.section == SEARCH_PREFIX + "Libya"
        assert articles.count == found
        current = again.screen.query_one(SectionList).current
        assert current is not None and current.name == "Search: Libya"


async def test_a_corrupt_or_stale_state_file_opens_on_all(filled_ctx: Context) -> None:
    state = filled_ctx.paths.reader_state
    for text in (
        "{not json",
        "\xff\xfe",
        "[1, 2]",
        json.dumps({"section": 7}),
        json.dumps({"section": "@gone", "selected": 999999, "open": 999999, "scroll_y": -4}),
        json.dumps({"section": ALL, "selected": "x", "open": True, "region": "\x1b[2J"}),
        json.dumps({"section": ALL, "selected": 10**30, "open": 10**30, "scroll_y": 10**30}),
    ):
        state.write_bytes(text.encode("utf-8", "surrogateescape"))
        app = make_app(filled_ctx)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            articles = app.screen.query_one(ArticleList)
            assert articles.section == ALL, text
            assert articles.cursor == 0
            assert app.screen.query_one(ReaderPane).article is None
            assert articles.has_focus


def test_state_is_written_whole_and_read_back(filled_ctx: Context) -> None:
    path = filled_ctx.paths.reader_state
    assert load_state(path) is None  # none kept yet
    kept = ReaderState("@unread", selected=4, open=4, scroll_y=12, region="reader")
    save_state(path, kept)
    assert load_state(path) == kept
    assert not path.with_name(path.name + ".new").exists()
    # A folder where the file should be: nothing is kept, nothing is raised.
    path.unlink()
    path.mkdir()
    save_state(path, kept)
    assert load_state(path) is None
