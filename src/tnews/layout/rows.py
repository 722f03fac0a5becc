"""What layout produces: rows of styled runs, ready to print left to right."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Literal

from rich.cells import cell_len

from tnews.content.document import Style

BidiMode = Literal["app", "terminal", "off"]


class Role(enum.Enum):
    """What a stretch of cells is, so the UI can colour it."""

    BODY = "body"
    HEADING = "heading"
    QUOTE = "quote"
    LIST_MARKER = "list_marker"
    MARKER = "marker"
    CAPTION = "caption"
    PRE = "pre"
    RULE = "rule"
    DECOR = "decor"


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of cells with one look; text is in visual order."""

    text: str
    style: Style = Style.NONE
    link: int | None = None
    role: Role = Role.BODY


@dataclass(frozen=True, slots=True)
class Row:
    """One terminal row: runs left to right, the block it came from (-1 for separators)."""

    runs: tuple[Run, ...]
    block: int = -1
    rtl: bool = False

    @property
    def text(self) -> str:
        """The row's characters in visual order."""
        return "".join(run.text for run in self.runs)

    @property
    def cells(self) -> int:
        """The row's width in terminal cells."""
        return cell_len(self.text)


@dataclass(frozen=True, slots=True)
class LayoutOptions:
    """How to lay out: who does bidi (us, the terminal, nobody) and whether to number links."""

    bidi: BidiMode = "app"
    link_markers: bool = True


def rows_to_plain(rows: list[Row]) -> str:
    """Rows as plain text: RTL rows keep their left padding, LTR rows lose trailing spaces."""
    return "\n".join(row.text if row.rtl else row.text.rstrip(" ") for row in rows)
