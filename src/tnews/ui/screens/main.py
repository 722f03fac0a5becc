"""The main screen: moving through sections and the articles of a section."""

from __future__ import annotations

from textual.binding import Binding

from tnews.store.models import UNREAD
from tnews.store.store import Store
from tnews.ui.screens.navigation import NavigationScreen
from tnews.ui.strings import tr


class MainScreen(NavigationScreen):
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
        Binding("u", "undo_mark_read", "Undo mark all read", show=False, id="undo_mark_read"),
    ]

    # The articles the last "mark all read" turned read, so that `u` can turn them back.
    _last_marked: tuple[int, ...] = ()

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
        unread = self.store.list_articles(UNREAD, limit=1)
        if not unread:
            self.status.say(tr()("status.no_unread"))
            return
        keys = [s.key for s in self.sections_widget.sections]
        self.sections_widget.highlighted = keys.index(UNREAD)
        self.load_section(UNREAD)
        self.open_article(unread[0].id)

    def action_toggle_read(self) -> None:
        """Toggle read state of the article under the cursor."""
        item = self.articles.current
        if item is None:
            return
        # Turned over as stored when written: a second press before the first is written
        # turns it back, as it would if each were written at once. The row shows the
        # expected state at once, and the stored one when the write lands.
        self.articles.show_marks(item.id, read=not item.read)
        self.tnews.write(
            lambda store: store.toggle(item.id, "read"),
            then=lambda _: self.show_changed(item.id),
        )

    def action_mark_section_read(self) -> None:
        """Mark the whole section read; `u` turns the same articles back to unread."""
        section = self.articles.section

        def mark(store: Store) -> tuple[int, ...]:
            with store.transaction():
                unread = store.list_articles(section, unread_only=True, limit=1_000_000)
                for item in unread:
                    store.set_read(item.id, True)
            return tuple(item.id for item in unread)

        def marked(ids: tuple[int, ...]) -> None:
            self._last_marked = ids
            self.reload()
            undo = tr()("status.undo_hint") if ids else ""
            self.status.say(tr().count("count.marked_read", len(ids)) + undo)

        self.tnews.write(mark, then=marked)

    def action_undo_mark_read(self) -> None:
        """Turn the articles the last "mark all read" marked back to unread."""
        ids, self._last_marked = self._last_marked, ()
        if not ids:
            self.status.say(tr()("status.nothing_to_undo"))
            return

        def unmark(store: Store) -> None:
            with store.transaction():
                for article_id in ids:
                    store.set_read(article_id, False)

        def unmarked(_: None) -> None:
            self.reload()
            self.status.say(tr().count("count.marked_unread", len(ids)))

        self.tnews.write(unmark, then=unmarked)
