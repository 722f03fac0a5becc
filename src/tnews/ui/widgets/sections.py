"""The section list: All, Unread, Bookmarks, configured groups and the sites' sections."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tnews.layout import LayoutOptions, layout_field
from tnews.store.models import Section

COUNT_CELLS = 5


class SectionList(OptionList):
    """Sections with their unread counts; each name is shaped and ordered on its own."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "First", show=False),
        Binding("G", "last", "Last", show=False),
    ]

    def __init__(self, options: LayoutOptions, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.layout_options = options
        self.sections: list[Section] = []

    def set_sections(self, sections: list[Section], keep: str | None = None) -> None:
        """Replace the list, keeping the highlighted section where it still exists."""
        self.sections = sections
        width = max(8, self.scrollable_content_region.width - COUNT_CELLS - 2)
        prompts = []
        for number, section in enumerate(sections, start=1):
            name = layout_field(section.name, width - 2, self.layout_options)
            prompt = Text(no_wrap=True, overflow="ellipsis")
            prompt.append(f"{number} " if number <= 9 else "  ", style="dim")
            prompt.append(name.text, style="bold" if section.unread else "")
            pad = max(1, width - 2 - name.cells)
            count = str(section.unread) if section.unread else ""
            prompt.append(" " * pad + count.rjust(COUNT_CELLS), style="dim")
            prompts.append(Option(prompt, id=section.key))
        highlighted = self.highlighted
        with self.prevent(OptionList.OptionHighlighted):
            self.clear_options()
            self.add_options(prompts)
            keys = [s.key for s in sections]
            if keep in keys:
                self.highlighted = keys.index(keep)
            elif sections:
                self.highlighted = min(highlighted or 0, len(sections) - 1)

    @property
    def current(self) -> Section | None:
        """The highlighted section."""
        if self.highlighted is None or not 0 <= self.highlighted < len(self.sections):
            return None
        return self.sections[self.highlighted]

    def on_resize(self) -> None:
        """Names are fitted to the width, so fit them again."""
        if self.sections:
            self.set_sections(self.sections, self.current.key if self.current else None)
