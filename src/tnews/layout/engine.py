"""The layout entry points: whole documents (with per-width caches), plain text and fields."""

from __future__ import annotations

from collections import OrderedDict
from typing import TypeVar

from rich.cells import cell_len

from tnews.content.document import Block, BlockKind, Direction, Document
from tnews.layout.bidi_levels import text_direction
from tnews.layout.blocks import PreparedBlock, block_lines, block_rows, prepare_block
from tnews.layout.chars import PARAGRAPH_SEPARATORS, cluster_re
from tnews.layout.paragraph import prepare_paragraph
from tnews.layout.render import render_line
from tnews.layout.rows import LayoutOptions, Role, Row, Run
from tnews.layout.wrap import Line

_DEFAULT_OPTIONS = LayoutOptions()
_KEPT_WIDTHS = 4
ELLIPSIS = "…"
T = TypeVar("T")


def _per_width(cache: OrderedDict[int, dict[int, T]], width: int) -> dict[int, T]:
    """The per-block cache for one width; only the most recent few widths are kept."""
    per_width = cache.get(width)
    if per_width is None:
        per_width = cache[width] = {}
        while len(cache) > _KEPT_WIDTHS:
            cache.popitem(last=False)
    else:
        cache.move_to_end(width)
    return per_width


class DocumentLayout:
    """A document laid out at any width; shaping and levels are computed once per paragraph."""

    def __init__(self, doc: Document, options: LayoutOptions = _DEFAULT_OPTIONS) -> None:
        """Keep the document; nothing is laid out until a width is asked for."""
        self._doc = doc
        self._options = options
        self._prepared: dict[int, PreparedBlock] = {}
        self._fallback: int | None = None
        self._lines: OrderedDict[int, dict[int, list[list[Line]]]] = OrderedDict()
        self._rows: OrderedDict[int, dict[int, list[Row]]] = OrderedDict()
        self._all: OrderedDict[int, list[Row]] = OrderedDict()

    def _fallback_level(self) -> int:
        """Direction for paragraphs with no strong character: the document's first one."""
        if self._fallback is None:
            self._fallback = 0
            for block in self._doc.blocks:
                if block.direction in ("ltr", "rtl"):
                    self._fallback = 1 if block.direction == "rtl" else 0
                    break
                found = text_direction(block.text)
                if found is not None:
                    self._fallback = found
                    break
        return self._fallback

    def _block(self, index: int) -> PreparedBlock:
        pb = self._prepared.get(index)
        if pb is None:
            block = self._doc.blocks[index]
            pb = prepare_block(block, index, self._options, self._fallback_level())
            self._prepared[index] = pb
        return pb

    def _block_lines(self, width: int, index: int) -> list[list[Line]]:
        per_width = _per_width(self._lines, width)
        lines = per_width.get(index)
        if lines is None:
            lines = per_width[index] = block_lines(self._block(index), width)
        return lines

    def _block_rows(self, width: int, index: int) -> list[Row]:
        per_width = _per_width(self._rows, width)
        rows = per_width.get(index)
        if rows is None:
            pb = self._block(index)
            rows = per_width[index] = block_rows(pb, width, self._block_lines(width, index))
        return rows

    def _height(self, width: int, index: int) -> int:
        if self._doc.blocks[index].kind == BlockKind.RULE:
            return 1
        return sum(len(lines) for lines in self._block_lines(width, index))

    def rows(self, width: int) -> list[Row]:
        """All rows at this width, blocks separated by one blank row."""
        width = max(1, width)
        cached = self._all.get(width)
        if cached is not None:
            self._all.move_to_end(width)
            return cached
        # Preparing every block before breaking any keeps each stage's work together, which
        # measurably beats going block by block through all three.
        for index in range(len(self._doc.blocks)):
            self._block(index)
        for index in range(len(self._doc.blocks)):
            self._block_lines(width, index)
        out = self.rows_from(width, 0, -1)
        self._all[width] = out
        while len(self._all) > _KEPT_WIDTHS:
            self._all.popitem(last=False)
        return out

    def rows_from(self, width: int, block: int, min_rows: int) -> list[Row]:
        """Rows from the start of block on, stopping once at least min_rows exist (-1: all)."""
        width = max(1, width)
        out: list[Row] = []
        for index in range(max(0, block), len(self._doc.blocks)):
            rows = self._block_rows(width, index)
            if not rows:
                continue
            if out:
                out.append(Row(()))
            out.extend(rows)
            if 0 <= min_rows <= len(out):
                break
        return out

    def block_first_row(self, width: int, block: int) -> int:
        """Index in rows(width) of the first row of block (of the next shown block if empty)."""
        width = max(1, width)
        row = 0
        for index in range(min(block, len(self._doc.blocks))):
            height = self._height(width, index)
            if height:
                row += height + 1
        if row and not any(
            self._height(width, i) for i in range(max(0, block), len(self._doc.blocks))
        ):
            return row - 1
        return row


def layout_document(
    doc: Document, width: int, options: LayoutOptions = _DEFAULT_OPTIONS
) -> list[Row]:
    """Lay out a whole document at width cells."""
    return DocumentLayout(doc, options).rows(width)


def layout_text(
    text: str,
    width: int,
    direction: Direction | None = None,
    options: LayoutOptions = _DEFAULT_OPTIONS,
) -> list[Row]:
    """Lay out one plain paragraph (line breaks in text start new lines)."""
    block = Block(BlockKind.PARAGRAPH, text, direction=direction)
    return DocumentLayout(Document((block,)), options).rows(width)


def layout_field(
    text: str,
    width: int,
    options: LayoutOptions = _DEFAULT_OPTIONS,
    direction: Direction | None = None,
) -> Row:
    """One isolated single-line field, cut in logical order with an ellipsis; never padded."""
    width = max(1, width)
    flat = "".join(" " if ch in PARAGRAPH_SEPARATORS else ch for ch in text)
    reorder = options.bidi == "app"
    par = prepare_paragraph(flat, direction=direction, reorder=reorder, link_markers=False)
    if cell_len(par.shaped) > width:
        cut = _cut_point(par.shaped, width - cell_len(ELLIPSIS))
        logical = par.origin[cut] if cut < len(par.origin) else len(par.source)
        # Keep the resolved direction so the cut text is aligned like the whole title.
        side = "rtl" if par.rtl else "ltr"
        kept = flat[:logical].rstrip() + ELLIPSIS
        par = prepare_paragraph(kept, direction=side, reorder=reorder, link_markers=False)
    runs = tuple(Run(piece, role=Role.BODY) for piece, _ in render_line(par, 0, len(par.shaped)))
    row = Row(runs, rtl=par.rtl)
    while row.cells > width and row.runs:
        # Only reachable when a single cluster is wider than the whole field.
        row = Row((Run(ELLIPSIS),), rtl=par.rtl)
    return row


def _cut_point(shaped: str, room: int) -> int:
    """The largest cluster boundary whose prefix fits in room cells."""
    cells = 0
    cut = 0
    for m in cluster_re().finditer(shaped):
        cells += cell_len(m.group())
        if cells > room:
            break
        cut = m.end()
    return cut
