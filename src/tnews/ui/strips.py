"""Laid-out rows to Textual strips. The only place where layout meets Textual."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.strip import Strip

from tnews.layout import Row
from tnews.render import run_style


def row_strip(row: Row, width: int, base: RichStyle, *, colour: bool = True) -> Strip:
    """One row as a strip exactly `width` cells wide, on the widget's base style."""
    segments = [Segment(run.text, base + run_style(run, colour=colour)) for run in row.runs]
    strip = Strip(segments)
    return strip.crop_extend(0, width, base)


def text_strip(segments: list[tuple[str, RichStyle]], width: int, base: RichStyle) -> Strip:
    """Plain (already cleaned) pieces as a strip of `width` cells."""
    strip = Strip([Segment(text, base + style) for text, style in segments])
    return strip.crop_extend(0, width, base)
