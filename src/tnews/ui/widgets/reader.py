"""The reading pane: an article laid out by the pure engine, drawn line by line."""

from __future__ import annotations

from textual.binding import Binding
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tnews.article_view import ArticleLayout, followable_links
from tnews.layout import LayoutOptions, Row, layout_text
from tnews.store.models import Article
from tnews.ui.strings import tr
from tnews.ui.strips import row_strip

# What the pane names as the way to the whole article when it shows only a summary.
FETCH_HINT = "The key w"


class ReaderPane(ScrollView, can_focus=True):
    """Shows one article; lays out again only when its width changes."""

    BINDINGS = [
        Binding("j,down", "scroll_down", "Down", show=False),
        Binding("k,up", "scroll_up", "Up", show=False),
        Binding("space,pagedown,ctrl+f", "page_down", "Page down", show=False),
        Binding("pageup,ctrl+b,shift+space", "page_up", "Page up", show=False),
        Binding("g,home", "scroll_home", "Top", show=False),
        Binding("G,end", "scroll_end", "Bottom", show=False),
        Binding("right_curly_bracket", "next_block", "Next paragraph", show=False),
        Binding("left_curly_bracket", "previous_block", "Previous paragraph", show=False),
    ]

    COMPONENT_CLASSES = {"reader-pane--code"}
    DEFAULT_CSS = """
    ReaderPane {
        scrollbar-gutter: stable;
    }
    ReaderPane > .reader-pane--code {
        color: $text-accent;
    }
    """

    def __init__(
        self, options: LayoutOptions, *, measure: int = 100, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.options = options
        self.measure = measure
        self.layout_: ArticleLayout | None = None
        self._rows: list[Row] = []
        self._links: tuple[str, ...] = ()
        self._width = 0
        self._pending_scroll = 0  # a position to take once the pane is laid out
        # What the pane says while no article is open (what the list is, the key that helps).
        self.empty_text = ""

    @property
    def article(self) -> Article | None:
        """The article shown, if any."""
        return self.layout_.article if self.layout_ else None

    @property
    def shown_width(self) -> int:
        """Cells the pane shows text in: the scrollbar's room is kept whether or not it is
        drawn (so it never covers text), and the last column stays free (tmux draws marks
        there wrongly)."""
        return max(10, self.scrollable_content_region.width - 1)

    @property
    def text_width(self) -> int:
        """The width lines are broken at: what the pane shows, up to a readable measure."""
        return min(self.shown_width, max(10, self.measure))

    def show(self, article: Article | None, scroll_y: int = 0) -> None:
        """Show an article from the top (or a remembered scroll position)."""
        hint = FETCH_HINT
        see_also = tr()("links.see_also")
        self.layout_ = (
            ArticleLayout(article, self.options, fetch_hint=hint, see_also=see_also)
            if article
            else None
        )
        self._links = followable_links(article, see_also=True) if article else ()
        self._width = 0
        self._relayout()
        self.scroll_to(y=0, animate=False, immediate=True)
        if scroll_y and not self.size.width:
            # Not laid out yet (the reader opening where it was left): lines are broken at
            # the pane's width once it has one, and the position is taken then.
            self._pending_scroll = scroll_y
        elif scroll_y:
            # The new virtual size applies on the next refresh; scrolling before it is clamped.
            self.call_after_refresh(self.scroll_to, y=scroll_y, animate=False, immediate=True)
        self.refresh()

    def _relayout(self) -> None:
        width = self.text_width
        if self.layout_ is None:
            text = self.empty_text
            self._rows = layout_text(text, width, tr().direction, self.options) if text else []
            self._width = width
            self.virtual_size = Size(width, len(self._rows))
            self.refresh()
            return
        top_block = self._top_block()
        self._rows = self.layout_.rows(width)
        self._width = width
        self.virtual_size = Size(width, len(self._rows))
        if top_block is not None:
            self.scroll_to(y=self.layout_.block_row(width, top_block), animate=False)

    def say_empty(self, text: str) -> None:
        """What to show while no article is open."""
        if text != self.empty_text:
            self.empty_text = text
            if self.layout_ is None:
                self._relayout()

    def _top_block(self) -> int | None:
        if not self._rows or self.scroll_offset.y == 0:
            return None
        for row in self._rows[self.scroll_offset.y :]:
            if row.block >= 0:
                return row.block
        return None

    def on_resize(self) -> None:
        """Re-break lines for the new width, keeping the top paragraph in view."""
        if self.text_width != self._width:
            self._relayout()
        if self._pending_scroll and self.size.width:
            y, self._pending_scroll = self._pending_scroll, 0
            self.call_after_refresh(self.scroll_to, y=y, animate=False, immediate=True)

    def render_line(self, y: int) -> Strip:
        """Draw one visible line."""
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if 0 <= index < len(self._rows):
            row = self._rows[index]
            # A right-to-left paragraph narrower than the pane ends at the pane's right edge.
            indent = max(0, self.shown_width - self._width) if row.rtl else 0
            code = self.get_component_rich_style("reader-pane--code", partial=True)
            strip = row_strip(row, width - indent, base, links=self._links, code=code)
            if indent > 0:
                strip = Strip.join([Strip.blank(indent, base), strip])
            return strip
        return Strip.blank(width, base)

    def _block_starts(self) -> list[int]:
        starts, last = [], -1
        for i, row in enumerate(self._rows):
            if row.block >= 0 and row.block != last:
                starts.append(i)
            last = row.block if row.block >= 0 else last
        return starts

    def action_next_block(self) -> None:
        """Jump to the next paragraph or heading."""
        y = self.scroll_offset.y
        for start in self._block_starts():
            if start > y:
                self.scroll_to(y=start, animate=False)
                return
        self.scroll_end(animate=False)

    def action_previous_block(self) -> None:
        """Jump to the previous paragraph or heading."""
        y = self.scroll_offset.y
        for start in reversed(self._block_starts()):
            if start < y:
                self.scroll_to(y=start, animate=False)
                return
        self.scroll_home(animate=False)

    def plain_rows(self) -> list[str]:
        """The rows as text (for tests and copy)."""
        return [row.text for row in self._rows]
