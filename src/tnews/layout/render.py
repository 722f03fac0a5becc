"""One broken line of a paragraph turned into visual-order pieces, each with one look."""

from __future__ import annotations

import re

from tnews.layout.chars import MIRROR_TABLE, cluster_re, mark_re
from tnews.layout.paragraph import Paragraph
from tnews.layout.reorder import apply_l1, visual_runs

Piece = tuple[str, int]  # text in visual order, index into Paragraph.look_table

_SAME_LOOK = re.compile(r"(.)\1*", re.DOTALL)


def _pieces(text: str, looks: str) -> list[Piece]:
    if not looks:
        return []
    if looks.count(looks[0]) == len(looks):
        return [(text, ord(looks[0]))]
    return [(text[m.start() : m.end()], ord(m.group(1))) for m in _SAME_LOOK.finditer(looks)]


def _reverse(text: str, looks: str) -> tuple[str, str]:
    """Reverse a right-to-left run cluster by cluster, mirroring what has a mirror image."""
    text = text.translate(MIRROR_TABLE)
    if not mark_re().search(text):
        return text[::-1], looks[::-1]
    spans = [m.span() for m in cluster_re().finditer(text)]
    spans.reverse()
    return "".join(text[a:b] for a, b in spans), "".join(looks[a:b] for a, b in spans)


def render_line(par: Paragraph, start: int, end: int) -> list[Piece]:
    """The line's characters in visual order (UAX #9 L1-L4), grouped by look."""
    text = par.shaped[start:end]
    looks = par.looks[start:end]
    if not par.reorder or not text:
        return _merge(_pieces(text, looks))
    levels = apply_l1(par.classes[start:end], par.levels[start:end], par.base_level)
    out: list[Piece] = []
    for a, b, rtl in visual_runs(levels):
        if rtl:
            out.extend(_pieces(*_reverse(text[a:b], looks[a:b])))
        else:
            out.extend(_pieces(text[a:b], looks[a:b]))
    return _merge(out)


def _merge(pieces: list[Piece]) -> list[Piece]:
    if len(pieces) < 2:
        return pieces
    merged = [pieces[0]]
    for text, look in pieces[1:]:
        if merged[-1][1] == look:
            merged[-1] = (merged[-1][0] + text, look)
        else:
            merged.append((text, look))
    return merged
