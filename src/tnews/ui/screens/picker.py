"""Pick from a list by typing part of a name: sections, feeds, related articles."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from tnews.layout import LayoutOptions, layout_field
from tnews.text.normalize import normalize
from tnews.ui.strings import tr
from tnews.ui.widgets.field_input import FieldInput


@dataclass(frozen=True, slots=True)
class Choice:
    """One entry: what is shown (already laid out), what is matched, what is returned."""

    label: Text
    match: str
    value: str
    heading: bool = False  # a group title, not selectable


# The entries for a given width in cells: each is laid out to fit it whole.
Choices = Callable[[int], list[Choice]]


class _Listing(OptionList):
    """The picker's list; a new width lays the entries out again."""

    def on_resize(self) -> None:
        """Entries are fitted to the width, so fit them again."""
        screen = self.screen
        if isinstance(screen, PickerScreen):
            screen.refit()


class PickerScreen(ModalScreen[str | None]):
    """A filterable list; Enter picks, Escape closes. Arabic spelling variants match."""

    DEFAULT_CSS = """
    PickerScreen {
        align: center middle;
    }
    PickerScreen > Vertical {
        width: 90%;
        max-width: 110;
        height: 80%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    PickerScreen FieldInput {
        margin-bottom: 1;
    }
    PickerScreen OptionList {
        height: 1fr;
        scrollbar-gutter: stable;
    }
    """
    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("down", "move(1)", "Down", show=False),
        Binding("up", "move(-1)", "Up", show=False),
    ]

    def __init__(
        self,
        title: str,
        choices: Choices,
        *,
        subject: str = "",
        options: LayoutOptions | None = None,
        filter_hint: str = "",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.subject = subject
        self.make_choices = choices
        self.layout_options = options or LayoutOptions()
        self.filter_hint = filter_hint or tr()("prompts.filter")
        self.choices: list[Choice] = []
        self._width = 0

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.title_text), id="picker-title")
            yield FieldInput(
                self.layout_options,
                placeholder=self.filter_hint,
                # While the filter is empty j and k move; once something is typed, they type.
                moving_keys={"j": 1, "k": -1},
            )
            yield _Listing(compact=True)

    def on_mount(self) -> None:
        """Show everything; typing narrows it."""
        self.refit()
        self.query_one(Input).focus()

    def _list_width(self) -> int:
        listing = self.query_one(_Listing)
        width = listing.scrollable_content_region.width
        if width <= 0:
            # Not laid out yet: the box's share of the screen, less its border and padding.
            width = min(110, self.app.size.width * 9 // 10) - 6
        return max(20, width)

    def refit(self) -> None:
        """Lay the title and entries out for the width the list really has."""
        width = self._list_width()
        if width == self._width:
            return
        self._width = width
        self.choices = self.make_choices(width)
        # The title is the interface's own words: laid out in its language's direction.
        say = tr()
        heading = layout_field(self.title_text, width, self.layout_options, say.direction)
        title = Text(no_wrap=True, overflow="ellipsis")
        subject = ""
        if self.subject:
            room = max(5, width - heading.cells - 1)
            subject = layout_field(self.subject, room, self.layout_options).text
        # Right to left, the subject follows the title on its left.
        parts = [subject, heading.text] if say.rtl else [heading.text, subject]
        title.append(" ".join(p for p in parts if p))
        self.query_one("#picker-title", Label).update(title)
        self._fill(self.query_one(Input).value)

    def _fill(self, query: str) -> None:
        wanted = normalize(query)
        options: list[Option] = []
        for choice in self.choices:
            if choice.heading:
                options.append(Option(choice.label, disabled=True))
            elif not wanted or wanted in normalize(choice.match):
                options.append(Option(choice.label, id=choice.value))
        listing = self.query_one(_Listing)
        listing.clear_options()
        listing.add_options(options)
        first = next((i for i, o in enumerate(options) if not o.disabled), None)
        listing.highlighted = first

    def on_input_changed(self, event: Input.Changed) -> None:
        """Narrow the list as the user types."""
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the filter picks the highlighted entry."""
        self._pick()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on an entry picks it."""
        self.dismiss(event.option.id)

    def on_field_input_moved(self, event: FieldInput.Moved) -> None:
        """j/k move through the list while nothing is typed."""
        self.action_move(event.step)

    def action_move(self, step: int) -> None:
        """Arrows move through the list while typing."""
        listing = self.query_one(_Listing)
        if step > 0:
            listing.action_cursor_down()
        else:
            listing.action_cursor_up()

    def _pick(self) -> None:
        listing = self.query_one(_Listing)
        if listing.highlighted is None:
            return
        option = listing.get_option_at_index(listing.highlighted)
        if option.id is not None:
            self.dismiss(option.id)

    def action_close(self) -> None:
        """Close without picking."""
        self.dismiss(None)
