"""Blocks of a document as rows: decorations (quote bar, list marker), alignment and padding."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.cells import cell_len

from tnews.content.document import Block, BlockKind, Span, Style
from tnews.layout.bidi_levels import text_direction
from tnews.layout.chars import PARAGRAPH_SEPARATORS, mark_re
from tnews.layout.paragraph import Paragraph, prepare_paragraph
from tnews.layout.render import render_line
from tnews.layout.rows import LayoutOptions, Role, Row, Run
from tnews.layout.wrap import Line, break_lines, break_preformatted

_SEPARATOR = re.compile(f"[{PARAGRAPH_SEPARATORS}]")
QUOTE_BAR = "│"
BULLET = "•"
RULE_CHAR = "─"
_IMAGE_LABEL = {False: "image", True: "صورة"}
_ROLES = {
    BlockKind.HEADING: Role.HEADING,
    BlockKind.QUOTE: Role.QUOTE,
    BlockKind.PRE: Role.PRE,
    BlockKind.IMAGE: Role.CAPTION,
    BlockKind.CAPTION: Role.CAPTION,
}


@dataclass(slots=True)
class PreparedBlock:
    """A block's paragraphs and decoration, independent of the width."""

    index: int
    kind: BlockKind
    paragraphs: list[Paragraph]
    rtl: bool
    decor: str  # quote bar or list marker, already in visual order
    decor_role: Role
    reorder: bool


def _split_paragraphs(text: str, spans: tuple[Span, ...]) -> list[tuple[str, tuple[Span, ...]]]:
    """Cut at paragraph separators (a CR LF pair counts once), moving spans along."""
    if not _SEPARATOR.search(text):
        return [(text, spans)]
    parts: list[tuple[str, tuple[Span, ...]]] = []
    start = 0
    i = 0
    n = len(text)
    while i <= n:
        if i == n or text[i] in PARAGRAPH_SEPARATORS:
            piece = text[start:i]
            moved = tuple(
                Span(max(s.start, start) - start, min(s.end, i) - start, s.style, s.link)
                for s in spans
                if min(s.end, i) > max(s.start, start)
            )
            parts.append((piece, moved))
            if i < n - 1 and text[i] == "\r" and text[i + 1] == "\n":
                i += 1
            start = i + 1
        i += 1
    return parts


def block_direction(block: Block, fallback_level: int) -> int:
    """0 or 1: a declared dir, else the first strong character, else lang, else fallback."""
    if block.direction in ("ltr", "rtl"):
        return 1 if block.direction == "rtl" else 0
    found = text_direction(block.text)
    return neutral_level(block, fallback_level) if found is None else found


def neutral_level(block: Block, fallback_level: int) -> int:
    """The level of a paragraph with no strong character: from lang, else the document's."""
    if block.fallback in ("ltr", "rtl"):
        return 1 if block.fallback == "rtl" else 0
    return fallback_level


def prepare_block(
    block: Block, index: int, options: LayoutOptions, fallback_level: int
) -> PreparedBlock:
    """Shape and resolve every paragraph of a block once."""
    reorder = options.bidi == "app"
    role = _ROLES.get(block.kind, Role.BODY)
    style = Style.BOLD if block.kind == BlockKind.HEADING else Style.NONE
    text, spans = block.text, block.spans
    level = -1
    if block.kind == BlockKind.IMAGE:
        level = block_direction(block, fallback_level)
        label = _IMAGE_LABEL[level == 1]
        text = f"[{label}: {block.text}]" if block.text.strip() else f"[{label}]"
        spans = ()
    pieces = [(text, spans)] if block.kind == BlockKind.RULE else _split_paragraphs(text, spans)
    if block.kind != BlockKind.PRE:
        pieces = [(t, s) for t, s in pieces if t.strip()]
    direction = block.direction if block.direction in ("ltr", "rtl") else None
    if level < 0 and not (len(pieces) == 1 and pieces[0][0] is block.text):
        level = block_direction(block, fallback_level)
    paragraphs = [
        prepare_paragraph(
            t,
            s,
            direction=direction,
            fallback_level=level if level >= 0 else neutral_level(block, fallback_level),
            style=style,
            role=role,
            reorder=reorder,
            link_markers=options.link_markers,
        )
        for t, s in pieces
    ]
    if level < 0:
        # A block that is one paragraph has that paragraph's direction (link markers hold
        # no strong character), so its text is not classified twice.
        level = paragraphs[0].base_level
    decor, decor_role = "", Role.DECOR
    rtl = level == 1
    if block.kind == BlockKind.QUOTE:
        decor = f" {QUOTE_BAR}" if rtl and reorder else f"{QUOTE_BAR} "
    elif block.kind == BlockKind.LIST_ITEM:
        marker = block.ordinal.strip() or BULLET
        decor_role = Role.LIST_MARKER
        if rtl and reorder:
            shown = prepare_paragraph(marker, direction="rtl", link_markers=False)
            decor = " " + "".join(t for t, _ in render_line(shown, 0, len(shown.shaped)))
        else:
            decor = marker + " "
    return PreparedBlock(index, block.kind, paragraphs, rtl, decor, decor_role, reorder)


def content_width(pb: PreparedBlock, width: int) -> int:
    """Cells left for text once the decoration is drawn (decoration dropped if nothing is)."""
    width = max(1, width)
    room = width - cell_len(pb.decor)
    return room if room >= 1 else width


def block_lines(pb: PreparedBlock, width: int) -> list[list[Line]]:
    """Every paragraph of the block broken at the width."""
    room = content_width(pb, width)
    breaker = break_preformatted if pb.kind == BlockKind.PRE else break_lines
    return [breaker(par, room) for par in pb.paragraphs]


def block_rows(pb: PreparedBlock, width: int, lines: list[list[Line]]) -> list[Row]:
    """Rows for a block whose paragraphs are already broken."""
    width = max(1, width)
    if pb.kind == BlockKind.RULE:
        return [Row((Run(RULE_CHAR * width, role=Role.RULE),), pb.index, pb.rtl)]
    room = content_width(pb, width)
    decor = pb.decor if room < width else ""
    side_cells = cell_len(decor)
    first_side = [Run(decor, role=pb.decor_role if decor.strip() else Role.DECOR)] if decor else []
    other_side = first_side
    if decor and pb.kind == BlockKind.LIST_ITEM:
        other_side = [Run(" " * side_cells, role=Role.DECOR)]
    pads: dict[int, list[Run]] = {}
    rows: list[Row] = []
    for par, par_lines in zip(pb.paragraphs, lines, strict=True):
        table = par.look_table
        right_aligned = par.rtl and pb.reorder
        # Without a joiner or variation selector, cell widths simply add up, so a row's width
        # is known without measuring it again.
        additive = not _NON_ADDITIVE.search(par.shaped) and not _NON_ADDITIVE.search(decor)
        for start, end, cells in par_lines:
            runs = [Run(text, *table[look]) for text, look in render_line(par, start, end)]
            side_run = other_side if rows else first_side
            if right_aligned:
                pad = room - cells
                lead = pads.get(pad)
                if lead is None:
                    lead = pads[pad] = [Run(" " * pad, role=Role.DECOR)] if pad > 0 else []
                runs = lead + runs + side_run
                shown = max(pad, 0) + cells + side_cells
            else:
                runs = side_run + runs
                shown = cells + side_cells
            row = Row(tuple(runs), pb.index, par.rtl)
            rows.append(row if additive and shown <= width else _clamped(row, width))
    return rows


_NON_ADDITIVE = re.compile("[\u200d\ufe0f]")


def _clamped(row: Row, width: int) -> Row:
    """Guard for a cluster wider than a tiny width: cut cells from the row's far end."""
    if row.cells <= width:
        return row
    runs = list(row.runs)
    from_left = row.rtl
    marks = mark_re()
    while runs and Row(tuple(runs)).cells > width:
        k = 0 if from_left else -1
        run = runs[k]
        text = run.text[1:] if from_left else run.text[:-1]
        if from_left:
            # Marks never stay behind at the start without the base they belonged to.
            while text and marks.match(text):
                text = text[1:]
        if text:
            runs[k] = Run(text, run.style, run.link, run.role)
        else:
            runs.pop(k)
    if not runs:
        runs = [Run("…", role=Role.DECOR)]
    clamped = Row(tuple(runs), row.block, row.rtl)
    if row.rtl and clamped.cells < width:
        # Right-to-left rows stay right-aligned to the full width.
        pad = Run(" " * (width - clamped.cells), role=Role.DECOR)
        clamped = Row((pad, *runs), row.block, row.rtl)
    return clamped
