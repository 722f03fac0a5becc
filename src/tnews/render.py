"""Laid-out rows to rich text: one mapping from layout roles to looks, for the CLI and the UI."""

from __future__ import annotations

from datetime import datetime

from rich.style import Style as RichStyle
from rich.text import Text

from tnews.content.document import Style
from tnews.layout import Role, Row, Run

_ROLE_STYLES: dict[Role, RichStyle] = {
    Role.HEADING: RichStyle(bold=True),
    Role.QUOTE: RichStyle(italic=True),
    Role.MARKER: RichStyle(dim=True),
    Role.CAPTION: RichStyle(dim=True, italic=True),
    Role.PRE: RichStyle(),
    Role.RULE: RichStyle(dim=True),
    Role.DECOR: RichStyle(dim=True),
    Role.LIST_MARKER: RichStyle(bold=True),
}


def run_style(run: Run, *, colour: bool = True) -> RichStyle:
    """The look of one run of cells."""
    style = _ROLE_STYLES.get(run.role, RichStyle())
    if run.style & Style.BOLD:
        style += RichStyle(bold=True)
    if run.style & Style.ITALIC:
        style += RichStyle(italic=True)
    if run.style & Style.CODE:
        style += RichStyle(reverse=not colour) if not colour else RichStyle(color="cyan")
    if run.link is not None and run.role != Role.MARKER:
        style += RichStyle(underline=True)
    return style


def row_text(row: Row, *, colour: bool = True) -> Text:
    """One row as rich Text; never parsed as markup."""
    text = Text(no_wrap=True, overflow="crop", end="")
    for run in row.runs:
        text.append(run.text, run_style(run, colour=colour))
    return text


def format_time(epoch: float | None) -> str:
    """A stored time as local 'YYYY-MM-DD HH:MM'."""
    if not epoch:
        return ""
    return datetime.fromtimestamp(epoch).strftime("%Y-%m-%d %H:%M")


def short_time(epoch: float | None, now: float | None = None) -> str:
    """A compact date for list rows: the time today, else the day."""
    if not epoch:
        return ""
    moment = datetime.fromtimestamp(epoch)
    today = datetime.fromtimestamp(now) if now else datetime.now()
    if moment.date() == today.date():
        return moment.strftime("%H:%M")
    if moment.year == today.year:
        return moment.strftime("%d %b")
    return moment.strftime("%Y-%m-%d")
