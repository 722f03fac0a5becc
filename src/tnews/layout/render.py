"""One broken line of a paragraph turned into visual-order pieces, each with one look."""

from __future__ import annotations

import re
from functools import cache

from tnews.layout.bidi_levels import LEVEL_BASE
from tnews.layout.chars import MIRROR_TABLE, cluster_re, extender_pattern, mark_re
from tnews.layout.paragraph import Paragraph
from tnews.layout.reorder import apply_l1, visual_runs

Piece = tuple[str, int]  # text in visual order, index into Paragraph.look_table

_SAME_LOOK = re.compile(r"(.)\1*", re.DOTALL)
_MIRRORABLE = re.compile("[" + "".join(re.escape(ch) for ch in sorted(MIRROR_TABLE.values())) + "]")


@cache
def _marks_then_base() -> re.Pattern[str]:
    """In reversed text, a cluster's marks followed by the base they belong to."""
    return re.compile(f"{extender_pattern()}+.", re.DOTALL)


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


def _flip_spans(text: str, spans: list[tuple[int, int]]) -> str:
    parts: list[str] = []
    last = 0
    for a, b in spans:
        parts.append(text[last:a])
        parts.append(text[a:b][::-1])
        last = b
    parts.append(text[last:])
    return "".join(parts)


def reversed_paragraph(par: Paragraph) -> tuple[str, str]:
    """The paragraph's text and looks as _reverse would give them for the whole paragraph."""
    if par.reversed_text is None:
        text, looks = par.shaped[::-1], par.looks[::-1]
        if mark_re().search(text):
            # Reversing char by char put each cluster's marks before their base; flipping
            # those stretches back restores the cluster.
            spans = [m.span() for m in _marks_then_base().finditer(text)]
            text, looks = _flip_spans(text, spans), _flip_spans(looks, spans)
        # Mirroring was applied before the reversal in _reverse; it is per character, so
        # the order does not matter, and most paragraphs have nothing to mirror.
        if _MIRRORABLE.search(text):
            text = text.translate(MIRROR_TABLE)
        par.reversed_text = (text, looks)
    return par.reversed_text


def _reversed_run(par: Paragraph, start: int, end: int) -> tuple[str, str]:
    """A right-to-left run: a slice of the reversed paragraph when it ends at clusters."""
    shaped = par.shaped
    n = len(shaped)
    marks = mark_re()
    # A slice of the cluster-reversed whole is the cluster-reversed run exactly when the run
    # neither starts nor ends inside a cluster.
    if (start and marks.match(shaped, start)) or (end < n and marks.match(shaped, end)):
        return _reverse(shaped[start:end], par.looks[start:end])
    text, looks = reversed_paragraph(par)
    return text[n - end : n - start], looks[n - end : n - start]


def render_line(par: Paragraph, start: int, end: int, *, fast: bool = True) -> list[Piece]:
    """The line's characters in visual order (UAX #9 L1-L4), grouped by look.

    With fast=False every line takes the general route (kept to check the fast one against).
    """
    text = par.shaped[start:end]
    looks = par.looks[start:end]
    if not par.reorder or not text:
        return _merge(_pieces(text, looks))
    levels = apply_l1(par.classes[start:end], par.levels[start:end], par.base_level)
    if fast and levels.count(levels[0]) == len(levels):
        runs = [(0, len(levels), bool((ord(levels[0]) - LEVEL_BASE) & 1))]
    else:
        runs = visual_runs(levels)
    out: list[Piece] = []
    for a, b, rtl in runs:
        if not rtl:
            out.extend(_pieces(text[a:b], looks[a:b]))
        elif fast:
            out.extend(_pieces(*_reversed_run(par, start + a, start + b)))
        else:
            out.extend(_pieces(*_reverse(text[a:b], looks[a:b])))
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
