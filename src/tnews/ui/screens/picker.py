"""Pick from a list by typing part of a name: sections, related articles."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from tnews.text.normalize import normalize


@dataclass(frozen=True, slots=True)
class Choice:
    """One entry: what is shown (already laid out), what is matched, what is returned."""

    label: Text
    match: str
    value: str
    heading: bool = False  # a group title, not selectable


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
    PickerScreen Input {
        border: none;
        height: 1;
        padding: 0;
        margin-bottom: 1;
    }
    PickerScreen OptionList {
        height: 1fr;
        border: none;
    }
    """
    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("down", "move(1)", "Down", show=False),
        Binding("up", "move(-1)", "Up", show=False),
    ]

    def __init__(self, title: str, choices: list[Choice], *, filter_hint: str = "Type to filter"):
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.filter_hint = filter_hint

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, markup=False)
            yield Input(placeholder=self.filter_hint)
            yield OptionList()

    def on_mount(self) -> None:
        """Show everything; typing narrows it."""
        self._fill("")
        self.query_one(Input).focus()

    def _fill(self, query: str) -> None:
        wanted = normalize(query)
        options: list[Option] = []
        for choice in self.choices:
            if choice.heading:
                options.append(Option(choice.label, disabled=True))
            elif not wanted or wanted in normalize(choice.match):
                options.append(Option(choice.label, id=choice.value))
        listing = self.query_one(OptionList)
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

    def action_move(self, step: int) -> None:
        """Arrows move through the list while typing."""
        listing = self.query_one(OptionList)
        if step > 0:
            listing.action_cursor_down()
        else:
            listing.action_cursor_up()

    def _pick(self) -> None:
        listing = self.query_one(OptionList)
        if listing.highlighted is None:
            return
        option = listing.get_option_at_index(listing.highlighted)
        if option.id is not None:
            self.dismiss(option.id)

    def action_close(self) -> None:
        """Close without picking."""
        self.dismiss(None)
