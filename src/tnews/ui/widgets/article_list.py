"""The article list: draws only the visible rows and loads the section page by page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from rich.style import Style as RichStyle
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tnews.clock import now as clock_now
from tnews.layout import LayoutOptions, layout_field
from tnews.render import DATE_CELLS, NARROW_DATE_CELLS, listed_time
from tnews.store.models import ALL, ArticleSummary
from tnews.store.store import Store
from tnews.ui.strips import text_strip
from tnews.ui.widgets.empty_states import empty_state, message_lines

PAGE = 200
FEED_CELLS = 14  # the feed column at its narrowest
WIDE_FEED_CELLS = 30  # and at its widest, when the list has room
# Below this list width the date column takes its narrow form.
WIDE_DATES_FROM = 60


class ArticleList(ScrollView, can_focus=True):
    """The current section's articles, newest first."""

    COMPONENT_CLASSES = {"article-list--cursor", "article-list--unread", "article-list--read"}
    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", show=False),
        Binding("k,up", "cursor_up", "Up", show=False),
        Binding("enter", "open", "Open", show=True),
        Binding("pagedown,ctrl+f,space", "page_down", "Page down", show=False),
        Binding("pageup,ctrl+b", "page_up", "Page up", show=False),
        Binding("g,home", "first", "First", show=False),
        Binding("G,end", "last", "Last", show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)

    class Opened(Message):
        """The user asked to read an article."""

        def __init__(self, article_id: int) -> None:
            super().__init__()
            self.article_id = article_id

    class Highlighted(Message):
        """The cursor moved onto an article."""

        def __init__(self, article_id: int | None) -> None:
            super().__init__()
            self.article_id = article_id

    def __init__(
        self,
        store: Store,
        options: LayoutOptions,
        *,
        clock: Callable[[], float] = clock_now,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.store = store
        self.options = options
        self.clock = clock
        self.section = ALL
        self.count = 0
        self._pages: dict[int, list[ArticleSummary]] = {}
        self.fresh = False  # no feed is added yet: only the guide is here
        self._empty: tuple[str, str] | None = None
        self._empty_lines: tuple[int, list[str]] = (0, [])

    def load(self, section: str, *, keep_cursor: bool = False) -> None:
        """Show a section; pages are read from the store as they come into view."""
        current = self.current
        self.section = section
        self._pages.clear()
        self.count = self.store.count_articles(section)
        self._empty = None
        if not self.count:
            stored = self.store.count_articles(ALL)
            self._empty = empty_state(section, fresh=self.fresh, stored=stored)
        self._empty_lines = (0, [])
        self.virtual_size = Size(self.scrollable_content_region.width, self.count)
        target = 0
        if keep_cursor and current is not None:
            target = self._index_of(current.id, default=min(self.cursor, max(0, self.count - 1)))
        self.cursor = min(target, max(0, self.count - 1))
        self.refresh()

    def select(self, article_id: int) -> bool:
        """Put the cursor on an article of the list, if it is among its first pages."""
        index = self._index_of(article_id, default=-1)
        if index >= 0:
            self.cursor = index
        return index >= 0

    def _index_of(self, article_id: int, default: int) -> int:
        for page_no in range(0, (self.count + PAGE - 1) // PAGE):
            for i, item in enumerate(self._page(page_no)):
                if item.id == article_id:
                    return page_no * PAGE + i
            if page_no >= 4:  # beyond the first pages a moved article is not worth chasing
                break
        return default

    def _page(self, page_no: int) -> list[ArticleSummary]:
        page = self._pages.get(page_no)
        if page is None:
            page = self.store.list_articles(self.section, limit=PAGE, offset=page_no * PAGE)
            self._pages[page_no] = page
        return page

    def item(self, index: int) -> ArticleSummary | None:
        """The article at a position, read from the store if its page is not loaded."""
        if not 0 <= index < self.count:
            return None
        page = self._page(index // PAGE)
        offset = index % PAGE
        return page[offset] if offset < len(page) else None

    @property
    def current(self) -> ArticleSummary | None:
        """The article under the cursor."""
        return self.item(self.cursor)

    def update_item(self, article_id: int) -> None:
        """Re-read one article's row after its state changed."""
        for page in self._pages.values():
            for i, item in enumerate(page):
                if item.id == article_id:
                    fresh = self.store.list_articles(self.section, limit=1, offset=0, ids=[item.id])
                    if not fresh:
                        # Read in Unread (or unbookmarked in Bookmarks), the row stays where
                        # it is until the section is listed again, showing its new state.
                        fresh = self.store.list_articles(ALL, limit=1, offset=0, ids=[item.id])
                    if fresh:
                        page[i] = fresh[0]
        self.refresh()

    def show_marks(
        self, article_id: int, *, read: bool | None = None, bookmarked: bool | None = None
    ) -> None:
        """Show a row's expected state at once, before the write that makes it lands."""
        for page in self._pages.values():
            for i, item in enumerate(page):
                if item.id == article_id:
                    page[i] = replace(
                        item,
                        read=item.read if read is None else read,
                        bookmarked=item.bookmarked if bookmarked is None else bookmarked,
                    )
        self.refresh()

    def watch_cursor(self, old: int, new: int) -> None:
        """Keep the cursor in view and say which article it is on."""
        self.scroll_to_region_y(new)
        self.refresh()
        item = self.current
        self.post_message(self.Highlighted(item.id if item else None))

    def scroll_to_region_y(self, index: int) -> None:
        """Scroll just enough to show a row."""
        top = self.scroll_offset.y
        height = self.scrollable_content_region.height
        if index < top:
            self.scroll_to(y=index, animate=False)
        elif index >= top + height:
            self.scroll_to(y=index - height + 1, animate=False)

    def render_line(self, y: int) -> Strip:
        """Draw one visible row: unread mark, date, feed and title, each field on its own."""
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        item = self.item(index)
        if item is None:
            return self._empty_line(y, width, base)
        cls = "article-list--read" if item.read else "article-list--unread"
        style = base + self.get_component_rich_style(cls, partial=True)
        if index == self.cursor:
            style += self.get_component_rich_style("article-list--cursor", partial=True)
        mark = "★" if item.bookmarked else ("●" if not item.read else " ")
        date_cells = DATE_CELLS if width >= WIDE_DATES_FROM else NARROW_DATE_CELLS
        # The feed column takes a fifth of what the date leaves, within its bounds.
        feed_cells = min(WIDE_FEED_CELLS, max(FEED_CELLS, (width - date_cells - 6) // 5))
        feed = layout_field(item.feed_title, feed_cells, self.options)
        title_cells = max(5, width - feed_cells - date_cells - 6)
        title = layout_field(item.title, title_cells, self.options)
        dim = RichStyle(dim=True)
        when = listed_time(item.published, item.first_seen, self.clock(), date_cells)
        pieces = [
            (f" {mark} ", RichStyle()),
            (when.rjust(date_cells) + " ", dim),
            (feed.text + " " * (feed_cells - feed.cells) + "  ", dim),
            (title.text, RichStyle()),
        ]
        return text_strip(pieces, width, style)

    def _empty_line(self, y: int, width: int, base: RichStyle) -> Strip:
        """A row of what the empty section says, where its articles would be."""
        if self._empty is None:
            return Strip.blank(width, base)
        cached_width, lines = self._empty_lines
        if cached_width != width:
            lines = message_lines(list(self._empty), width, self.options)
            self._empty_lines = (width, lines)
        text = lines[y] if y < len(lines) else ""
        return text_strip([(text, RichStyle())], width, base)

    @property
    def empty_message(self) -> str:
        """What the list says while it is empty (for the reading pane and tests)."""
        return "\n".join(self._empty) if self._empty else ""

    def on_resize(self) -> None:
        """Keep the virtual size in step with the width."""
        self.virtual_size = Size(self.scrollable_content_region.width, self.count)

    def action_cursor_down(self) -> None:
        """Next article."""
        if self.cursor < self.count - 1:
            self.cursor += 1

    def action_cursor_up(self) -> None:
        """Previous article."""
        if self.cursor > 0:
            self.cursor -= 1

    def action_page_down(self) -> None:
        """A screenful down."""
        self.cursor = min(self.count - 1, self.cursor + self.scrollable_content_region.height)

    def action_page_up(self) -> None:
        """A screenful up."""
        self.cursor = max(0, self.cursor - self.scrollable_content_region.height)

    def action_first(self) -> None:
        """The newest article."""
        self.cursor = 0

    def action_last(self) -> None:
        """The oldest article."""
        self.cursor = max(0, self.count - 1)

    def action_open(self) -> None:
        """Read the article under the cursor."""
        item = self.current
        if item is not None:
            self.post_message(self.Opened(item.id))
