"""The main screen: sections, the article list and the reading pane."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, OptionList

from tnews.layout import LayoutOptions
from tnews.store.store import Store
from tnews.ui.widgets.article_list import ArticleList
from tnews.ui.widgets.reader import ReaderPane
from tnews.ui.widgets.sections import SectionList
from tnews.ui.widgets.status import StatusLine

NARROW = 100  # below this many columns one region shows at a time
REGIONS = ("sections", "articles", "reader")


class MainScreen(Screen[None]):
    """Where reading happens."""

    BINDINGS = [
        Binding(
            "right_square_bracket", "next_section", "Next section", show=False, id="next_section"
        ),
        Binding(
            "left_square_bracket",
            "previous_section",
            "Prev section",
            show=False,
            id="previous_section",
        ),
        *[
            Binding(str(n), f"jump_section({n})", f"Section {n}", show=False, id=f"section_{n}")
            for n in range(1, 10)
        ],
        Binding("n", "next_unread", "Next unread", id="next_unread"),
        Binding("m", "toggle_read", "Read/unread", id="toggle_read"),
        Binding("M,A", "mark_section_read", "Mark all read", show=False, id="mark_section_read"),
        Binding("escape,h", "back_to_list", "List", show=False, id="back_to_list"),
        Binding("tab", "next_region", "Next region", show=False, id="next_region"),
        Binding(
            "shift+tab", "previous_region", "Previous region", show=False, id="previous_region"
        ),
    ]

    def __init__(
        self,
        store: Store,
        options: LayoutOptions,
        clock: Callable[[], float] = time.time,
        *,
        full_text: bool = True,
    ) -> None:
        super().__init__()
        self.full_text = full_text
        self.store = store
        self.options = options
        self.clock = clock

    def compose(self) -> ComposeResult:
        with Horizontal(id="regions"):
            yield SectionList(self.options, id="sections")
            with Vertical(id="right"):
                yield ArticleList(self.store, self.options, clock=self.clock, id="articles")
                yield ReaderPane(self.options, id="reader")
        yield StatusLine(id="status")
        yield Footer()

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
        self.reload(first=True)
        self.activate("articles")

    def reload(self, *, first: bool = False) -> None:
        """Read sections and the current list again (after a refresh or a cron fetch)."""
        current = self.sections_widget.current
        self.sections_widget.set_sections(self.store.sections(), current.key if current else None)
        section = self.sections_widget.current
        key = section.key if section else "@all"
        if first or key != self.articles.section:
            self.articles.load(key)
        else:
            self.articles.load(key, keep_cursor=True)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Moving through sections shows each one's articles."""
        if event.option.id and event.option.id != self.articles.section:
            self.articles.load(event.option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a section goes to its articles."""
        self.activate("articles")

    def on_article_list_opened(self, event: ArticleList.Opened) -> None:
        """Open an article in the reading pane and mark it read."""
        self.open_article(event.article_id)

    def open_article(self, article_id: int, *, focus: bool = True) -> None:
        """Show an article and mark it read."""
        article = self.store.article(article_id)
        if article is None:
            self.status.say("That article is no longer stored.", error=True)
            return
        if not article.read:
            self.store.set_read(article_id, True)
            self.articles.update_item(article_id)
            self._refresh_counts()
        self.reader.show(article)
        if focus:
            self.activate("reader")
        if article.is_summary and article.url and self.full_text:
            self.app.fetch_full_text(article.id, article.url)  # type: ignore[attr-defined]

    def article_updated(self, article_id: int) -> None:
        """An article changed in the store (its page arrived): show it again if it is open."""
        shown = self.reader.article
        if shown is not None and shown.id == article_id:
            article = self.store.article(article_id)
            if article is not None:
                self.reader.show(article, scroll_y=self.reader.scroll_offset.y)

    def _refresh_counts(self) -> None:
        current = self.sections_widget.current
        self.sections_widget.set_sections(self.store.sections(), current.key if current else None)

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

    def activate(self, region: str) -> None:
        """Show (when narrow) and focus a region."""
        self._mark_active(region)
        widget = self.query_one(f"#{region}")
        if widget.display:
            widget.focus()
        else:
            # A region hidden a moment ago can only take focus once its new style applies.
            self.call_after_refresh(widget.focus)

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

    def action_next_section(self) -> None:
        """The next section."""
        self._move_section(1)

    def action_previous_section(self) -> None:
        """The previous section."""
        self._move_section(-1)

    def _move_section(self, step: int) -> None:
        widget = self.sections_widget
        if widget.sections:
            widget.highlighted = ((widget.highlighted or 0) + step) % len(widget.sections)

    def action_jump_section(self, number: int) -> None:
        """Section 1 to 9 as numbered in the list."""
        widget = self.sections_widget
        if number <= len(widget.sections):
            widget.highlighted = number - 1
            self.activate("articles")

    def action_next_unread(self) -> None:
        """The next unread article: in this section, then in the next sections."""
        articles = self.articles
        for index in range(articles.cursor + 1, articles.count):
            item = articles.item(index)
            if item and not item.read:
                articles.cursor = index
                self.open_article(item.id)
                return
        unread = self.store.list_articles("@unread", limit=1)
        if not unread:
            self.status.say("No unread articles left.")
            return
        self.sections_widget.highlighted = 1  # the Unread section
        self.articles.load("@unread")
        self.open_article(unread[0].id)

    def action_toggle_read(self) -> None:
        """Toggle read state of the article under the cursor."""
        item = self.articles.current
        if item is None:
            return
        self.store.set_read(item.id, not item.read)
        self.articles.update_item(item.id)
        self._refresh_counts()

    def action_mark_section_read(self) -> None:
        """Mark the whole section read."""
        changed = self.store.mark_section_read(self.articles.section)
        self.reload()
        self.status.say(f"Marked {changed} articles read.")

    def action_back_to_list(self) -> None:
        """From the reading pane back to the list."""
        self.activate("articles")
