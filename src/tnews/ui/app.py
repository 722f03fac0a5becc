"""The Textual app: a thin shell that owns the store, the refresh worker and the keymap."""

from __future__ import annotations

import asyncio
import gc
import os
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import partial
from typing import Any, TypeVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.screen import Screen

from tnews.clock import now as clock_now
from tnews.config import Config, ConfigError, Rule, interface_language, where_in
from tnews.config_edits import append_query, set_setting
from tnews.durations import format_duration
from tnews.feeds.pool import ParsePool
from tnews.fulltext import fetch_page
from tnews.layout import LayoutOptions
from tnews.lock import AlreadyRunning, FetchLock
from tnews.net.fetch import Fetcher
from tnews.paths import Paths, styles_dir
from tnews.preparing import Progress
from tnews.query import parse_query
from tnews.refresh import Refresher, Summary, limits_from
from tnews.schedule import FeedTiming, due_feeds, next_refresh
from tnews.store.store import Store, open_store
from tnews.text.clean import strip_bidi
from tnews.ui.processes import start_process_helpers
from tnews.ui.screens.main import MainScreen
from tnews.ui.state import load_state, save_state
from tnews.ui.strings import tr
from tnews.ui.strings import use as use_language
from tnews.ui.themes import install_themes
from tnews.ui.writes import StoreWrites

POLL_SECONDS = 2.0
# How often the refresh timer looks at the schedule (a due feed waits at most this long).
TIMER_SECONDS = 20.0

T = TypeVar("T")


class TnewsApp(App[None]):
    """The reader."""

    CSS_PATH = str(styles_dir() / "tnews.tcss")
    TITLE = "tnews"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "toggle_help", "Help", id="help"),
        Binding("r", "refresh", "Refresh", id="refresh"),
    ]

    def __init__(
        self,
        paths: Paths,
        config: Config,
        store: Store,
        bidi: str,
        *,
        clock: Callable[[], float] = clock_now,
    ) -> None:
        super().__init__()
        self.clock = clock
        self.paths = paths
        self.config = config
        self.store = store
        self.layout_options = LayoutOptions(bidi=bidi)  # type: ignore[arg-type]
        self.refreshing = False
        self._data_version = 0
        self.writes = StoreWrites(store.path)
        self.strings = use_language(interface_language(config.settings, os.environ))
        theme, problem = install_themes(self, config.settings.theme)
        if problem:
            # The name stays in the file, and is reported at each start until it is fixed.
            problems = (where_in(config.path, "theme", problem), *config.problems)
            settings = replace(config.settings, theme=theme)
            self.config = replace(config, settings=settings, problems=problems)
        self.theme = theme

    def watch_theme(self, name: str) -> None:
        """A theme chosen in the palette is written to the config, for the next start."""
        if name == self.config.settings.theme:
            return
        self.config = replace(self.config, settings=replace(self.config.settings, theme=name))
        try:
            set_setting(self.config.path, "theme", name)
        except (OSError, ConfigError) as exc:
            self.notify(f"Theme not saved: {exc}", severity="error", markup=False)

    def get_default_screen(self) -> Screen[None]:
        """The main screen."""
        screen = MainScreen(
            self.store,
            self.layout_options,
            self.clock,
            full_text=self.config.settings.full_text != "never",
            measure=self.config.settings.measure,
        )
        screen.saved_queries = [(q.name, q.text) for q in self.config.queries]
        screen.left_at = load_state(self.paths.reader_state)
        return screen

    def exit(self, *args: Any, **kwargs: Any) -> None:
        """Keep where the reader is, to open there next time; then leave."""
        try:
            place = self.main.where()
        except (LookupError, NoMatches):  # quitting before the main screen was shown
            place = None
        if place is not None:
            save_state(self.paths.reader_state, place)
        super().exit(*args, **kwargs)

    def on_mount(self) -> None:
        """Apply the user's keys, watch the store for a cron fetch, refresh if asked to."""
        # What start-up made (Textual's objects, the modules', the first screen's) lives as
        # long as the reader: kept out of the collector's way, it is not walked again by every
        # full collection, which paused the screen 50-70 ms at a time while a refresh ran.
        gc.freeze()
        if self.config.keys:
            self.set_keymap(self.config.keys)
        self._data_version = self.store.data_version()
        self.set_interval(POLL_SECONDS, self._check_store)
        # The main screen is composed after this: what it shows waits until it is.
        self.call_after_refresh(self._say_config_problems)
        if self.config.refresh_seconds or self.config.refresh_every:
            self.set_interval(TIMER_SECONDS, self.refresh_if_due)
            self.call_after_refresh(self.show_next_refresh)
        if self.config.settings.refresh_on_start:
            self.action_refresh()
        elif self.store.pending_count():
            # A `fetch --no-index`, or a fetch cut short, left articles to prepare.
            self.refreshing = True
            self.refresh_feeds(fetch=False)

    def _say_config_problems(self) -> None:
        """Rules of the config that were left out, said once at start."""
        if self.config.problems:
            more = len(self.config.problems) - 1
            note = tr()("refresh.config_more", count=more) if more else ""
            self.main.status.say(self.config.problems[0] + note, error=True)

    def _timings(self) -> list[FeedTiming]:
        period = self.config.refresh_seconds
        timings = self.store.timings(period or 0.0, self.config.refresh_every)
        # Without a period of its own or in [settings], a feed is left to the r key.
        return [t for t in timings if t.period > 0]

    def refresh_if_due(self) -> None:
        """The refresh timer: refresh the feeds that are due, if any and none is running."""
        if self.refreshing:
            return
        due = due_feeds(self._timings(), clock_now())
        if not due:
            self.show_next_refresh()
            return
        self.refreshing = True
        self.refresh_feeds(only=due)

    def show_next_refresh(self) -> None:
        """Say in the status line when the timer refreshes next."""
        if not (self.config.refresh_seconds or self.config.refresh_every):
            return
        try:
            status = self.main.status
        except NoMatches:
            return  # the screen is not up yet, or going away: nothing to say it on
        when = next_refresh(self._timings())
        if when is None:
            status.set_next("")
            return
        wait = when - clock_now()
        say = tr()
        status.set_next(
            say("refresh.due_now")
            if wait <= 0
            else say("refresh.due_in", wait=format_duration(wait))
        )

    def add_saved_query(self, name: str, query: str) -> None:
        """Keep a saved query in the config file and in the config in use."""
        append_query(self.config.path, name, query)
        rule = Rule(query, parse_query(query), name)
        self.config = replace(self.config, queries=(*self.config.queries, rule))

    def on_unmount(self) -> None:
        """Finish the writes asked for before the reader goes."""
        self.writes.close()

    def write(
        self, call: Callable[[Store], T], then: Callable[[T], object] | None = None
    ) -> asyncio.Future[T]:
        """Write to the store off the event loop (see StoreWrites); then(result) runs here
        once it is written. A failure is said in the status line."""
        future = self.writes.submit(call)

        def written(done: asyncio.Future[T]) -> None:
            if done.cancelled() or not self.is_running:
                return
            error = done.exception()
            if error is not None:
                self.main.status.say(tr()("refresh.write_failed", error=error), error=True)
                return
            # The reader's own change, not another process's news to reload for.
            self._data_version = self.store.data_version()
            if then is not None:
                then(done.result())

        future.add_done_callback(written)
        return future

    @property
    def main(self) -> MainScreen:
        """The main screen (under any dialog)."""
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        raise LookupError("the main screen is not running")

    def _check_store(self) -> None:
        """Another process (cron's `tnews fetch`) may have stored new articles."""
        version = self.store.data_version()
        if version != self._data_version and not self.refreshing:
            self._data_version = version
            self.main.reload()

    def action_toggle_help(self) -> None:
        """Show or hide the keys for where the focus is."""
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def action_refresh(self) -> None:
        """Refresh every feed in the background."""
        if self.refreshing:
            self.notify(tr()("refresh.running"), markup=False)
            return
        self.refreshing = True
        self.refresh_feeds()

    @work(exclusive=True, group="refresh", exit_on_error=False)
    async def refresh_feeds(self, *, fetch: bool = True, only: list[int] | None = None) -> None:
        """Fetch, parse and store every due feed (or the feeds of `only`, the timer's) while
        the reader stays usable; then prepare what was stored (or, with fetch False, only
        what an earlier fetch left)."""
        try:
            with FetchLock(self.paths.fetch_lock):
                await self._refresh(fetch, only)
        except AlreadyRunning as exc:
            if fetch:
                self.main.status.say(tr()("refresh.not_refreshing", error=exc), error=True)
        finally:
            self.refreshing = False
            self._data_version = self.store.data_version()
            self.main.reload()
            self.show_next_refresh()

    async def _refresh(self, fetch: bool, only: list[int] | None = None) -> None:
        status = self.main.status
        start_process_helpers()
        # Writes happen in worker threads: this connection is the refresh's own.
        store = open_store(self.paths.database, check_same_thread=False, batch_writer=True)
        message = ""
        error = False

        def progress(p: Progress) -> None:
            key = {"prepare": "preparing", "pages": "pages"}.get(p.phase, "feeds_progress")
            status.say(
                tr().count(f"refreshed.{key}", p.total, done=p.done, errors=p.errors), lasting=True
            )

        try:
            with ParsePool() as pool:
                rules = [rule.query for rule in self.config.filters]
                refresher = Refresher(store, self.config.settings, pool, rules)
                if fetch:
                    feeds = None
                    if only is not None:
                        feeds = [f for f in store.due_feeds(force=True) if f.id in only]
                    summary = await refresher.run(feeds, on_progress=progress, prepare=False)
                    message, error = _summary_message(summary)
                    status.say(message, error=error, lasting=True)
                    # New articles list and read now; preparing them goes on meanwhile.
                    self._data_version = self.store.data_version()
                    self.main.reload()
                if await refresher.prepare_pending(progress):
                    status.say(message or tr()("refresh.prepared"), error=error, lasting=True)
                pages = await refresher.fetch_pages(progress)
                if pages.any:
                    line = f"{message + '; ' if message else ''}{pages.line()}"
                    status.say(line, error=error, lasting=True)
        except sqlite3.OperationalError as exc:
            # The store itself refused the write (a full disk, a read-only folder).
            message = f"Refresh stopped: the store cannot be written ({exc})."
            status.say(message, error=True, lasting=True)
        finally:
            # Closing runs PRAGMA optimize, tens of milliseconds after a large refresh.
            await asyncio.to_thread(store.close)

    @work(exclusive=True, group="page", exit_on_error=False)
    async def fetch_full_text(self, article_id: int, url: str, *, bookmark: bool = False) -> None:
        """Fetch the page of a summary-only article, keep its story, and show it."""
        status = self.main.status
        say = tr()
        status.say(say("page.fetching"))
        async with Fetcher(limits_from(self.config.settings)) as fetcher:
            page = await fetch_page(fetcher, url)
        await self.write(lambda store: store.store_full_text(article_id, page.content, page.error))
        if page.content is not None:
            status.say(say("page.fetched"))
        elif bookmark:
            status.say(say("page.bookmarked_as_is", error=page.error), error=True)
        else:
            status.say(say("page.summary_only", error=page.error), error=True)
        self.main.article_updated(article_id)

    @work(exclusive=True, group="page", exit_on_error=False)
    async def fetch_and_open(self, url: str) -> None:
        """Fetch a linked article, keep it in the store, and read it in place."""
        main = self.main
        main.status.say(tr()("page.fetching_url", url=url))
        async with Fetcher(limits_from(self.config.settings)) as fetcher:
            page = await fetch_page(fetcher, url)
        if page.content is None:
            main.send_to_browser(url, failure=str(page.error))
            return
        content = page.content
        article_id = await self.write(
            lambda store: store.store_page(page.final_url or url, content)
        )
        main.open_article(article_id)
        main.status.say(tr()("page.stored"))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The palette lists every action of the reader, made from the bindings themselves."""
        # Each command once: Textual's own (Quit, Keys…) are not offered again from their
        # bindings, and an entry's second line says its key rather than its name again.
        titles: set[str] = set()
        for command in super().get_system_commands(screen):
            titles.add(command.title.casefold())
            yield command
        seen = {"command_palette"}
        for active in screen.active_bindings.values():
            b = active.binding
            title = b.description
            if not title or b.action in seen or b.action.startswith("jump"):
                continue
            seen.add(b.action)
            if title.casefold() in titles:
                continue
            titles.add(title.casefold())
            yield SystemCommand(
                title,
                f"Key: {self.get_key_display(b)}",
                partial(self.run_action, b.action, active.node),
            )


def _summary_message(summary: Summary) -> tuple[str, bool]:
    """The status line after a refresh, and whether it is an error."""
    failed = summary.failures
    say = tr()
    message = say.count("refreshed.feeds", len(summary.outcomes))
    message += ": " + say.count("refreshed.new", summary.new)
    if summary.cleaned:
        message += ", " + say.count("refreshed.forgotten", summary.cleaned)
    if recovered := sum(1 for o in summary.outcomes if o.ok and o.warning):
        message += ", " + say.count("refreshed.recovered", recovered)
    if failed:
        first = failed[0]
        title = strip_bidi(first.title)
        message += ", " + say.count("refreshed.failed", len(failed), title=title, error=first.error)
    if summary.hidden:
        message += ", " + say.count("refreshed.hidden", summary.hidden)
    return message, bool(failed) and len(failed) == len(summary.outcomes)
