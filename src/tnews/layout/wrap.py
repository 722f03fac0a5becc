"""Line breaking in logical order by terminal cells of the shaped text."""

from __future__ import annotations

from rich.cells import cell_len

from tnews.layout.chars import cluster_re
from tnews.layout.paragraph import Paragraph

Line = tuple[int, int, int]  # start and end offsets into Paragraph.shaped, and cells


def split_clusters(text: str, base: int, width: int) -> list[Line]:
    """Cut text into pieces of at most width cells, never inside a cluster."""
    pieces: list[Line] = []
    start = base
    cells = 0
    for m in cluster_re().finditer(text):
        cw = cell_len(m.group())
        if cells and cells + cw > width:
            pieces.append((start, base + m.start(), cells))
            start, cells = base + m.start(), 0
        cells += cw
    pieces.append((start, base + len(text), cells))
    return pieces


def break_lines(par: Paragraph, width: int) -> list[Line]:
    """Greedy breaking at breaking spaces; a word wider than the line is split by clusters."""
    width = max(1, width)
    lines: list[Line] = []
    start = -1  # -1 while the current line is still empty
    end = cells = pending = pos = 0
    gaps = par.gaps
    for k, word in enumerate(par.words):
        if k:
            gap, gap_cells = gaps[k - 1]
            pending += gap_cells
            pos += len(gap)
        n = len(word.text)
        if not n:
            continue
        wcells = word.width
        if start >= 0 and cells + pending + wcells <= width:
            end = pos + n
            cells += pending + wcells
        else:
            if start >= 0:
                lines.append((start, end, cells))
            if wcells <= width:
                start, end, cells = pos, pos + n, wcells
            else:
                pieces = split_clusters(word.text, pos, width)
                lines.extend(pieces[:-1])
                start, end, cells = pieces[-1]
        pending = 0
        pos += n
    if start >= 0:
        lines.append((start, end, cells))
    return lines


def break_preformatted(par: Paragraph, width: int) -> list[Line]:
    """Preformatted text: spaces kept, lines cut hard at the width."""
    if not par.shaped:
        return [(0, 0, 0)]
    return split_clusters(par.shaped, 0, max(1, width))
