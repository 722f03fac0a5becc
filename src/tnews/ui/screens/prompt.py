"""A one-line question at the bottom of the screen (search words, a link number)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from tnews.layout import LayoutOptions, layout_field
from tnews.ui.strings import tr
from tnews.ui.widgets.field_input import FieldInput


class PromptScreen(ModalScreen[str | None]):
    """Asks for a line of text; Enter answers, Escape cancels."""

    DEFAULT_CSS = """
    PromptScreen {
        align: center bottom;
    }
    PromptScreen > Vertical {
        height: auto;
        width: 100%;
        padding: 0 1;
        background: $panel;
    }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        question: str,
        *,
        placeholder: str = "",
        restrict: str | None = None,
        options: LayoutOptions | None = None,
    ) -> None:
        super().__init__()
        self.layout_options = options or LayoutOptions()
        self.question = question
        self.placeholder = placeholder
        self.restrict = restrict

    def compose(self) -> ComposeResult:
        with Vertical():
            # The interface's own words, laid out in its language's direction.
            shown = layout_field(self.question, 200, self.layout_options, tr().direction)
            yield Label(Text(shown.text), markup=False)
            yield FieldInput(
                self.layout_options, placeholder=self.placeholder, restrict=self.restrict
            )

    def on_mount(self) -> None:
        """Type straight away."""
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter gives the answer."""
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        """Escape gives no answer."""
        self.dismiss(None)
