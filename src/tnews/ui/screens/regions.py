"""The three regions (sections, articles, reader), which one is shown, and opening articles."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import OptionList

from tnews.clock import now as clock_now
from tnews.history import History
from tnews.layout import LayoutOptions, layout_field
from tnews.store.feeds import FeedRow
from tnews.store.models import ALL, BOOKMARKS, FEED_PREFIX, SEARCH_PREFIX, UNREAD, Section
from tnews.store.store import Store
from tnews.ui.screens.feeds import feed_names
from tnews.ui.screens.visit import Visit
from tnews.ui.state import ReaderState
from tnews.ui.strings import tr
from tnews.ui.widgets.article_list import ArticleList
from tnews.ui.widgets.empty_states import welcome
from tnews.ui.widgets.footer import KeysFooter
from tnews.ui.widgets.reader import ReaderPane
from tnews.ui.widgets.sections import SectionList
from tnews.ui.widgets.status import StatusLine

if TYPE_CHECKING:
    from tnews.ui.app import TnewsApp


NARROW = 100  # below this many columns one region shows at a time
BUILTIN_NAMES = {ALL: "sections.all", UNREAD: "sections.unread", BOOKMARKS: "sections.bookmarks"}
REGIONS = ("sections", "articles", "reader")


class RegionsScreen(Screen[None]):
    """Sections, the article list and the reading pane; narrow terminals show one at a time."""

    BINDINGS = [
        Binding("tab", "next_region", "Next region", show=False, id="next_region"),
        Binding(
            "shift+tab", "previous_region", "Previous region", show=False, id="previous_region"
        ),
        Binding("escape,h", "back_to_list", "List", show=False, id="back_to_list"),
        Binding("w", "fetch_whole", "Whole article", show=False, id="fetch_whole"),
    ]

    def __init__(
        self,
        store: Store,
        options: LayoutOptions,
        clock: Callable[[], float] = clock_now,
        *,
        full_text: bool = True,
        measure: int = 100,
    ) -> None:
        super().__init__()
        self.full_text = full_text
        self.measure = measure
        self.store = store
        self.options = options
        self.clock = clock
        self.history: History[Visit] = History(max_length=200, key=lambda v: v.article_id)
        self.search_section: Section | None = None
        self.feed_section: Section | None = None  # the feed last chosen with F, listed
        self.left_at: ReaderState | None = None  # where the reader was left last time
        self.saved_queries: list[tuple[str, str]] = []  # (name, query): shown as sections
        self._query_sections: list[Section] = []

    def compose(self) -> ComposeResult:
        with Horizontal(id="regions"):
            yield SectionList(self.options, id="sections")
            with Vertical(id="right"):
                yield ArticleList(self.store, self.options, clock=self.clock, id="articles")
                yield ReaderPane(self.options, measure=self.measure, id="reader")
        yield StatusLine(self.options, id="status")
        yield KeysFooter()

    @property
    def sections_widget(self) -> SectionList:
        """The section list."""
        return self.query_one(SectionList)

    @property
    def articles(self) -> ArticleList:
        """The article list."""
        return self.query_one(ArticleList)

    @property
    def reader(self) -> ReaderPane:
        """The reading pane."""
        return self.query_one(ReaderPane)

    @property
    def status(self) -> StatusLine:
        """The status line."""
        return self.query_one(StatusLine)

    def on_mount(self) -> None:
        """Show what is stored at once; refreshing is the app's business."""
        self.articles.fresh = not self.tnews.config.feeds
        self.reload(first=True)
        self.activate("articles")
        if self.articles.fresh:
            # Narrow, the reading pane that says more is hidden: the status line says it too.
            self.status.say(tr()("empty.fresh_status"))
        if self.left_at is not None:
            self.restore(self.left_at)

    def restore(self, state: ReaderState) -> None:
        """Open where the reader was left; what is gone since (a section, an article) is
        left out, and the reader opens as it would without it."""
        key = state.section
        if key.startswith(SEARCH_PREFIX):
            query = key[len(SEARCH_PREFIX) :]
            found = self.store.count_articles(key)
            self.search_section = Section(
                key, tr()("sections.search", query=query), "search", found, 0
            )
        elif key.startswith(FEED_PREFIX):
            self.list_feed(key, self.store.feeds())
        if key != self.articles.section:
            self.show_section(key)
        if state.selected is not None:
            self.articles.select(state.selected)
        article = self.store.article(state.open) if state.open is not None else None
        if article is not None:
            self.history.visit(Visit(article.id))
            self.reader.show(article, scroll_y=state.scroll_y)
        if state.region != "reader" or article is not None:
            self.activate(state.region)

    def where(self) -> ReaderState:
        """Where the reader is now, to open there next time."""
        item = self.articles.current
        article = self.reader.article
        return ReaderState(
            self.articles.section,
            selected=item.id if item is not None else None,
            open=article.id if article is not None else None,
            scroll_y=self.reader.scroll_offset.y if article is not None else 0,
            region=self.active_region,
        )

    def list_feed(self, key: str, feeds: list[FeedRow]) -> bool:
        """Make a feed's list a section of its own (after the numbered ones), named so that
        it can be told from another feed of the same name; False if the feed is gone."""
        names = feed_names(feeds)
        for feed, name in zip(feeds, names, strict=True):
            if f"{FEED_PREFIX}{feed.id}" == key:
                self.feed_section = Section(key, f"Feed: {name}", "feed")
                return True
        return False

    def show_section(self, key: str) -> None:
        """List a section (one that is among the sections now), highlighted, and go to it."""
        self._refresh_counts()
        keys = [s.key for s in self.sections_widget.sections]
        if key in keys:
            # Loaded first, so that the highlight does not load it again.
            self.load_section(key)
            self.sections_widget.highlighted = keys.index(key)
        self.activate("articles")

    def reload(self, *, first: bool = False) -> None:
        """Read sections and the current list again (after a refresh or a cron fetch)."""
        self._refresh_counts(queries=True)
        section = self.sections_widget.current
        key = section.key if section else "@all"
        if first or key != self.articles.section:
            self.articles.load(key)
        else:
            self.articles.load(key, keep_cursor=True)
        self.show_place()

    def load_section(self, key: str) -> None:
        """List a section's articles, and say so in the status line."""
        self.articles.load(key)
        self.show_place(moved=True)

    def show_place(self, *, moved: bool = False) -> None:
        """Name the listed section and its counts in the status line: narrow terminals show
        one region at a time, and nothing else on screen says where the list is."""
        key = self.articles.section
        section = next((s for s in self.sections_widget.sections if s.key == key), None)
        name = section.name if section is not None else key
        say = tr()
        place = say.count("count.articles_in", self.articles.count, section=name)
        if section is not None and section.unread:
            place += say("status.place_unread", unread=section.unread)
        self.status.show_place(place, moved=moved)
        # Side by side, the line under the list names it too, next to what it lists.
        width = self.articles.size.width - 4
        room = width if width > 10 else 100
        shown = layout_field(place, room, self.options, direction=say.direction)
        self.articles.border_subtitle = Content(shown.text)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Moving through sections shows each one's articles."""
        if event.option.id and event.option.id != self.articles.section:
            self.load_section(event.option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a section goes to its articles."""
        self.activate("articles")

    def on_article_list_highlighted(self, event: ArticleList.Highlighted) -> None:
        """While no article is open, the reading pane says what the list is."""
        self.reader.say_empty(self.articles.empty_message or welcome(self.articles.fresh))

    def on_article_list_opened(self, event: ArticleList.Opened) -> None:
        """Open an article in the reading pane and mark it read."""
        self.open_article(event.article_id)

    @property
    def tnews(self) -> TnewsApp:
        """The app, with its workers."""
        return cast("TnewsApp", self.app)

    def open_article(
        self, article_id: int, *, focus: bool = True, record: bool = True, scroll_y: int = 0
    ) -> None:
        """Show an article, mark it read, and (unless walking the history) remember the visit."""
        article = self.store.article(article_id)
        if article is None:
            self.status.say(tr()("status.gone"), error=True)
            return
        self.status.clear()
        if record:
            self.remember_scroll()
            self.history.visit(Visit(article_id))
        if not article.read:
            self.articles.show_marks(article_id, read=True)
            self.tnews.write(
                lambda store: store.set_read(article_id, True),
                then=lambda _: self.show_changed(article_id),
            )
        self.reader.show(article, scroll_y=scroll_y)
        if focus:
            self.activate("reader")
        # The feed's page mode, which the config's default fills in, says whether to fetch.
        if article.is_summary and article.url and article.page_mode != "never":
            self.tnews.fetch_full_text(article.id, article.url)

    def action_fetch_whole(self) -> None:
        """Fetch the whole article when the reader shows only the feed's summary."""
        article = self.reader.article
        if article is None or not article.url:
            return
        if not article.is_summary:
            self.status.say(tr()("status.whole_already"))
            return
        self.tnews.fetch_full_text(article.id, article.url)

    def show_changed(self, article_id: int) -> None:
        """Draw an article's row and the counts again, once a change to it is written."""
        self.articles.update_item(article_id)
        self._refresh_counts()
        self.show_place()

    def remember_scroll(self) -> None:
        """Keep the reading position on the current history entry before leaving it."""
        article = self.reader.article
        if article is not None and self.history.current is not None:
            self.history.replace_current(Visit(article.id, self.reader.scroll_offset.y))

    def article_updated(self, article_id: int) -> None:
        """An article changed in the store (its page arrived): show it again if it is open,
        and its row (the page may have dated it)."""
        self.articles.update_item(article_id)
        shown = self.reader.article
        if shown is not None and shown.id == article_id:
            article = self.store.article(article_id)
            if article is not None:
                self.reader.show(article, scroll_y=self.reader.scroll_offset.y)

    def _refresh_counts(self, *, queries: bool = False) -> None:
        current = self.sections_widget.current
        # The built-in views are named in the interface's language.
        sections = [
            replace(s, name=tr()(BUILTIN_NAMES[s.key])) if s.key in BUILTIN_NAMES else s
            for s in self.store.sections()
        ]
        if self.saved_queries:
            # Counting a query runs it (tens of ms each in a large store): done on a reload,
            # not each time an article is opened, whose change it would barely show.
            if queries or len(self._query_sections) != len(self.saved_queries):
                self._query_sections = self.store.query_sections(self.saved_queries)
            # After the configured groups, numbered like them.
            at = sum(1 for s in sections if s.kind in ("builtin", "group"))
            sections[at:at] = self._query_sections
        # A search's and a feed's lists come after the numbered sections: 1-9 keep theirs.
        at = min(9, len(sections))
        if self.feed_section is not None:
            key = self.feed_section.key
            self.feed_section = replace(
                self.feed_section,
                total=self.store.count_articles(key),
                unread=self.store.count_articles(key, unread_only=True),
            )
            sections.insert(at, self.feed_section)
        if self.search_section is not None:
            sections.insert(at, self.search_section)
        self.sections_widget.set_sections(sections, current.key if current else None)

    def on_resize(self) -> None:
        """One region at a time when the terminal is narrow."""
        self.set_class(self.size.width < NARROW, "-narrow")

    def on_descendant_focus(self) -> None:
        """The focused region is the active one (the one shown when narrow)."""
        focused = self.focused
        if isinstance(focused, Widget) and focused.id in REGIONS:
            self._mark_active(focused.id)

    def _mark_active(self, region: str) -> None:
        for name in REGIONS:
            self.query_one(f"#{name}").set_class(name == region, "-active")
        # Narrow, the sections take the whole width only if the other column gives it up.
        self.set_class(region == "sections", "-sections-active")

    def activate(self, region: str) -> None:
        """Show (when narrow) and focus a region."""
        self._mark_active(region)
        widget = self.query_one(f"#{region}")
        # Focus at once, even while its new style is pending: keys typed right after
        # (Escape j Enter) must reach the region that is about to show.
        widget.focus()

    @property
    def active_region(self) -> str:
        """The region that has (or last had) the focus."""
        for name in REGIONS:
            if self.query_one(f"#{name}").has_class("-active"):
                return name
        return "articles"

    def action_next_region(self) -> None:
        """Sections → articles → reader → sections."""
        index = REGIONS.index(self.active_region)
        self.activate(REGIONS[(index + 1) % len(REGIONS)])

    def action_previous_region(self) -> None:
        """Back through the regions."""
        index = REGIONS.index(self.active_region)
        self.activate(REGIONS[(index - 1) % len(REGIONS)])

    def action_back_to_list(self) -> None:
        """From the reading pane back to the list."""
        self.activate("articles")
