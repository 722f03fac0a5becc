"""Keyboard flows in the reader, driven by Textual's Pilot."""

from __future__ import annotations

import inspect
import sqlite3
import threading

from textual.widgets import HelpPanel

from tests.support.feedserver import FeedServer
from tests.ui.conftest import make_app, select_titled, settle
from tnews.cli.context import Context
from tnews.store.models import ALL
from tnews.ui.widgets.article_list import ArticleList
from tnews.ui.widgets.reader import ReaderPane
from tnews.ui.widgets.sections import SectionList
from tnews.ui.widgets.status import StatusLine


async def test_opens_offline_on_the_guide(ctx: Context) -> None:
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        articles = app.screen.query_one(ArticleList)
        assert articles.count == 2
        titles = {articles.item(i).title for i in range(2)}  # type: ignore[union-attr]
        assert "Welcome to tnews, the terminal news reader" in titles
        names = [s.name for s in app.screen.query_one(SectionList).sections]
        assert names[:3] == ["All", "Unread", "Bookmarks"]


async def test_move_open_and_mark_read(filled_ctx: Context) -> None:
    app = make_app(filled_ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        articles = app.screen.query_one(ArticleList)
        reader = app.screen.query_one(ReaderPane)
        await pilot.pause()
        assert articles.has_focus
        await pilot.press("j", "j", "k")
        assert articles.cursor == 1
        chosen = articles.current
        assert chosen is not None and not chosen.read
        await pilot.press("enter")
        await settle(pilot)
        assert reader.article is not None and reader.article.id == chosen.id
        assert reader.has_focus
        assert filled_ctx.store.article(chosen.id).read  # type: ignore[union-attr]
        assert articles.current.read  # type: ignore[union-attr]
        await pilot.press("escape")
        await pilot.pause()
        assert articles.has_focus
        await pilot.press("m")
        await settle(pilot)
        assert not filled_ctx.store.article(chosen.id).read  # type: ignore[union-attr]
        await pilot.press("down")
        assert articles.cursor == 2


async def test_reader_scrolls_by_keys(filled_ctx: Context) -> None:
    app = make_app(filled_ctx)
    async with app.run_test(size=(60, 10)) as pilot:
        articles = app.screen.query_one(ArticleList)
        reader = app.screen.query_one(ReaderPane)
        select_titled(articles, "المجلس")
        await pilot.press("enter")
        await pilot.pause()
        rows = reader.plain_rows()
        assert len(rows) > reader.scrollable_content_region.height
        await pilot.press("j")
        assert reader.scroll_offset.y == 1
        await pilot.press("G")
        assert reader.scroll_offset.y == reader.max_scroll_y
        await pilot.press("g")
        assert reader.scroll_offset.y == 0


async def test_switch_sections_by_keys(filled_ctx: Context) -> None:
    app = make_app(filled_ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        articles = app.screen.query_one(ArticleList)
        sections = app.screen.query_one(SectionList)
        assert articles.section == ALL
        total = articles.count
        names = [s.name for s in sections.sections]
        libya = names.index("ليبيا") + 1
        await pilot.press(str(libya))
        await pilot.pause()
        assert articles.count == 3 < total
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert articles.section == sections.sections[libya].key
        await pilot.press("2")  # Unread
        await pilot.pause()
        assert articles.section == "@unread"
        await pilot.press("M")
        await pilot.pause()
        assert articles.count == 0
        assert filled_ctx.store.count_articles("@unread") == 0


async def test_refresh_shows_progress_and_new_articles(
    served_ctx: Context, feed_server: FeedServer
) -> None:
    # One slow feed keeps the refresh running so its progress can be seen.
    slow = feed_server.routes["/mixed_atom.xml"]
    slow.delay = 30.0
    app = make_app(served_ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        articles = app.screen.query_one(ArticleList)
        status = app.screen.query_one(StatusLine)
        assert articles.count == 2  # the guide only
        await pilot.press("r")
        for _ in range(200):
            await pilot.pause(0.05)
            if "Refreshing 2/3" in status.message:
                break
        assert "Refreshing 2/3 feeds, 0 failed" in status.message
        # The reader answers keys while the refresh runs.
        await pilot.press("j")
        assert articles.cursor == 1
        feed_server.release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Refreshed 3 feeds" in status.message
        assert articles.count == 2 + 3 + 2 + 2


async def test_narrow_terminal_shows_one_region_at_a_time(filled_ctx: Context) -> None:
    app = make_app(filled_ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        visible = [
            r for r in ("sections", "articles", "reader") if screen.query_one(f"#{r}").display
        ]
        assert visible == ["articles"]
        await pilot.press("tab")
        await pilot.pause()
        visible = [
            r for r in ("sections", "articles", "reader") if screen.query_one(f"#{r}").display
        ]
        assert visible == ["reader"]
        await pilot.press("escape", "enter")
        await pilot.pause()
        assert screen.query_one(ReaderPane).article is not None
        visible = [
            r for r in ("sections", "articles", "reader") if screen.query_one(f"#{r}").display
        ]
        assert visible == ["reader"]


async def test_help_is_one_key_away_and_generated_from_bindings(filled_ctx: Context) -> None:
    app = make_app(filled_ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        panel = app.screen.query_one(HelpPanel)
        assert panel is not None
        await pilot.press("question_mark")
        await pilot.pause()
        assert not app.screen.query(HelpPanel)


async def test_markup_in_a_title_is_shown_as_text(filled_ctx: Context) -> None:
    filled_ctx.bidi = "off"  # logical order, so the brackets can be read back as typed
    app = make_app(filled_ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        articles = app.screen.query_one(ArticleList)
        index = next(
            i
            for i in range(articles.count)
            if "[b]" in articles.item(i).title  # type: ignore[union-attr]
        )
        articles.cursor = index
        await pilot.pause()
        line = articles.render_line(index - articles.scroll_offset.y).text
        assert "[b]عنوان[/b] مع [@click=app.quit]رابط[/]" in line
        await pilot.press("enter")
        await pilot.pause()
        rows = app.screen.query_one(ReaderPane).plain_rows()
        assert "[b]عنوان[/b] مع [@click=app.quit]رابط[/] لا يُفسَّر" in rows[0]
        assert app.is_running


async def test_palette_lists_the_readers_actions(filled_ctx: Context) -> None:
    app = make_app(filled_ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Refresh", "Related", "Bookmark", "Search", "Back", "Next unread"} <= titles
        bookmark = next(c for c in app.get_system_commands(app.screen) if c.title == "Bookmark")
        articles = app.screen.query_one(ArticleList)
        assert articles.current is not None and not articles.current.bookmarked
        result = bookmark.callback()
        if inspect.isawaitable(result):  # the palette awaits what a command returns
            await result
        await settle(pilot)
        assert articles.current.bookmarked


async def test_resize_keeps_the_top_paragraph_in_view(filled_ctx: Context) -> None:
    app = make_app(filled_ctx)
    async with app.run_test(size=(70, 9)) as pilot:
        articles = app.screen.query_one(ArticleList)
        reader = app.screen.query_one(ReaderPane)
        await pilot.pause()
        select_titled(articles, "Welcome to tnews")
        await pilot.press("enter")
        await pilot.pause()
        for _ in range(5):  # to the second paragraph of the body
            await pilot.press("right_curly_bracket")
            await pilot.pause()
            if reader.layout_.rows(reader.text_width)[reader.scroll_offset.y].block >= 1:  # type: ignore[union-attr]
                break
        top = reader.scroll_offset.y
        rows = reader.layout_.rows(reader.text_width)  # type: ignore[union-attr]
        block = rows[top].block
        assert block >= 1
        text = filled_ctx.store.article(reader.article.id).document.blocks[block].text  # type: ignore[union-attr]
        await pilot.resize_terminal(140, 9)
        await pilot.pause()
        rows = reader.layout_.rows(reader.text_width)  # type: ignore[union-attr]
        assert reader.text_width > 70  # wider than at 70 columns, within the measure
        assert rows[reader.scroll_offset.y].block == block
        assert text


async def test_opening_an_article_does_not_wait_for_another_writer(filled_ctx: Context) -> None:
    # A refresh (or a cron fetch) holds the store's write lock for a batch at a time. The
    # reader shows the article and answers keys meanwhile; the read mark follows.
    holder = sqlite3.connect(filled_ctx.store.path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    released = threading.Event()

    def release() -> None:
        if not released.is_set():
            holder.execute("COMMIT")
            released.set()

    # Only a reader that waited for the lock would see it released by this.
    timer = threading.Timer(20.0, release)
    timer.start()
    app = make_app(filled_ctx)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            articles = app.screen.query_one(ArticleList)
            reader = app.screen.query_one(ReaderPane)
            await pilot.pause()
            chosen = articles.current
            assert chosen is not None and not chosen.read
            await pilot.press("enter")
            await pilot.press("j")
            await pilot.pause()
            assert not released.is_set()
            assert reader.article is not None and reader.article.id == chosen.id
            assert reader.has_focus
            assert not filled_ctx.store.article(chosen.id).read  # type: ignore[union-attr]
            release()
            await settle(pilot)
            assert filled_ctx.store.article(chosen.id).read  # type: ignore[union-attr]
            assert articles.current is not None and articles.current.read
    finally:
        timer.cancel()
        release()
        holder.close()


async def test_pressing_twice_before_the_first_is_written_turns_it_back(
    filled_ctx: Context,
) -> None:
    holder = sqlite3.connect(filled_ctx.store.path, isolation_level=None, check_same_thread=False)
    app = make_app(filled_ctx)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            articles = app.screen.query_one(ArticleList)
            await pilot.pause()
            chosen = articles.current
            assert chosen is not None and not chosen.bookmarked and not chosen.read
            holder.execute("BEGIN IMMEDIATE")  # a refresh writing: neither press is written yet
            await pilot.press("b", "b", "m")
            await pilot.pause()
            holder.execute("COMMIT")
            await settle(pilot)
            stored = filled_ctx.store.article(chosen.id)
            assert stored is not None and not stored.bookmarked and stored.read
            assert articles.current is not None and not articles.current.bookmarked
            assert articles.current.read
    finally:
        holder.close()
