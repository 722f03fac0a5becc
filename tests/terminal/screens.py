"""What every captured screen must satisfy, and where the reading pane sits on it."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rich.cells import cell_len

from tnews.article_view import ArticleLayout
from tnews.layout import LayoutOptions, Row
from tnews.store.models import Article
from tnews.ui.widgets.reader import FETCH_HINT

# An Arabic base letter in its logical form: text that reached the screen unshaped.
BASE_LETTER = re.compile("[\u0621-\u064a]")
NARROW = 100  # below this many columns the reader shows one region at a time
SECTIONS_CELLS = 28  # the section column, when wide
MEASURE = 100  # the default [settings] measure


def cells(line: str) -> list[str]:
    """A screen row as its cells: each character with the marks that combine onto it."""
    out: list[str] = []
    for ch in line:
        if out and (unicodedata.combining(ch) or cell_len(ch) == 0):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def plain_problems(screen: list[str], width: int, height: int) -> list[str]:
    """Rules that hold on any screen: nothing Arabic unshaped, nothing wider than the terminal."""
    problems = []
    if len([row for row in screen if row]) > height:
        problems.append(f"{len(screen)} rows on a terminal of {height}")
    for number, row in enumerate(screen):
        if BASE_LETTER.search(row):
            problems.append(f"row {number} holds unshaped Arabic: {row.strip()!r}")
        if cell_len(row) > width:
            problems.append(f"row {number} is {cell_len(row)} cells wide: {row.strip()!r}")
    return problems


@dataclass(frozen=True)
class Pane:
    """Where the reading pane shows text at one terminal size."""

    left: int  # first column of text
    shown: int  # columns it shows text in (the scrollbar's and a spare column excluded)
    bottom: int  # the first row below the pane (the status line)

    @classmethod
    def at(cls, width: int, height: int) -> Pane:
        """The pane's text area: the reader column (all of it when narrow, else right of the
        sections), less one cell of padding, two of scrollbar and a spare last column."""
        column = 0 if width < NARROW else SECTIONS_CELLS
        return cls(left=column + 1, shown=width - column - 1 - 2 - 1, bottom=height - 2)

    @property
    def text_width(self) -> int:
        """The width the engine breaks lines at: what is shown, up to the measure."""
        return min(self.shown, MEASURE)

    def placed(self, row: Row) -> tuple[int, list[str]]:
        """The column a row starts at and its cells: right-to-left rows end at the right edge."""
        row_cells = cells(row.text)
        if row.rtl:
            return self.left + self.shown - len(row_cells), row_cells
        return self.left, cells(row.text.rstrip())

    def problems(self, screen: list[str], articles: list[Article]) -> list[str]:
        """Rules 2 and 3: which article the pane shows, and every row as the engine lays it."""
        grid = [cells(line) + [" "] * 400 for line in screen]
        for article in articles:
            rows = ArticleLayout(article, LayoutOptions(), fetch_hint=FETCH_HINT).rows(
                self.text_width
            )
            start, first = self.placed(rows[0])
            top = next(
                (y for y in range(self.bottom) if grid[y][start : start + len(first)] == first),
                None,
            )
            if top is not None:
                return self._rows_problems(grid, top, rows)
        return ["the pane shows no stored article as the engine lays it out:", *screen]

    def _rows_problems(self, grid: list[list[str]], top: int, rows: list[Row]) -> list[str]:
        problems = []
        for y in range(top, self.bottom):
            index = y - top
            row = rows[index] if index < len(rows) else Row(())
            start, want = self.placed(row)
            area = grid[y][self.left : self.left + self.shown]
            expected = [" "] * self.shown
            offset = start - self.left
            expected[offset : offset + len(want)] = want
            if area != expected:
                problems.append(
                    f"pane row {index}: shown {''.join(area).rstrip()!r}, "
                    f"engine {''.join(expected).rstrip()!r}"
                )
                continue
            text = "".join(want).strip()
            if not text or row.block < 0:
                continue
            edge = grid[y][self.left + self.shown - 1] if row.rtl else grid[y][self.left]
            if edge == " " and not text.startswith(("•", "-")):
                side = "right" if row.rtl else "left"
                problems.append(f"pane row {index} does not reach the pane's {side} edge")
        return problems
