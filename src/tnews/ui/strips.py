"""Laid-out rows to Textual strips. The only place where layout meets Textual."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.strip import Strip

from tnews.layout import Row
from tnews.render import run_style


def row_strip(
    row: Row,
    width: int,
    base: RichStyle,
    *,
    colour: bool = True,
    links: tuple[str, ...] = (),
    code: RichStyle | None = None,
) -> Strip:
    """One row as a strip exactly `width` cells wide, on the widget's base style, code in
    `code`'s look. Link runs carry their URL, which terminals that know OSC 8 make
    clickable."""
    segments = []
    for run in row.runs:
        style = base + run_style(run, colour=colour, code=code)
        if run.link is not None and 0 <= run.link < len(links):
            style += RichStyle(link=links[run.link])
        segments.append(Segment(run.text, style))
    strip = Strip(segments)
    return strip.crop_extend(0, width, base)


def text_strip(segments: list[tuple[str, RichStyle]], width: int, base: RichStyle) -> Strip:
    """Plain (already cleaned) pieces as a strip of `width` cells."""
    strip = Strip([Segment(text, base + style) for text, style in segments])
    return strip.crop_extend(0, width, base)
