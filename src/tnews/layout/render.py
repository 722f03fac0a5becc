"""One broken line of a paragraph turned into visual-order pieces, each with one look."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache
from typing import cast

from tnews.layout.bidi_levels import LEVEL_BASE, level_runs
from tnews.layout.chars import (
    ISOLATE_CONTROLS,
    MIRROR_TABLE,
    cluster_re,
    extender_pattern,
    mark_re,
)
from tnews.layout.paragraph import Paragraph, VisualParagraph
from tnews.layout.reorder import L1_AT_END, apply_l1, order_runs, visual_runs

Piece = tuple[str, int]  # text in visual order, index into Paragraph.look_table

_SAME_LOOK = re.compile(r"(.)\1*", re.DOTALL)
_MIRRORABLE = re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(MIRROR_TABLE)) + "]")


@cache
def _marks_then_base() -> re.Pattern[str]:
    """In reversed text, a cluster's marks followed by the base they belong to."""
    # The mark written out once before the repetition lets the engine skip to candidates.
    return re.compile(f"{extender_pattern()}{extender_pattern()}*.", re.DOTALL)


def _mirror(m: re.Match[str]) -> str:
    return MIRROR_TABLE[ord(m.group())]


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
        par.reversed_text = _reversed_by_words(par) or _reversed_whole(par)
    return par.reversed_text


_SPACE_GAP = (" ", 1)


def _reversed_by_words(par: Paragraph) -> tuple[str, str] | None:
    """reversed_paragraph from each word's own reversal, when no cluster crosses a gap."""
    found = [w.visual for w in par.words]
    if None in found:
        return None
    visuals = cast("list[str]", found)
    looks = par.looks
    if looks.count(looks[:1]) != len(looks):
        # Reversing the looks character by character is exact unless a look changes inside
        # a cluster, that is just before a mark.
        marks, shaped = mark_re(), par.shaped
        if any(marks.match(shaped, start) for _, start, _ in level_runs(looks)[1:]):
            return None
        looks = looks[::-1]
    gaps = par.gaps
    visuals.reverse()
    if gaps.count(_SPACE_GAP) == len(gaps):
        return " ".join(visuals), looks
    parts = [visuals[0]]
    for (gap, _), visual in zip(reversed(gaps), visuals[1:], strict=True):
        parts += (gap, visual)
    return "".join(parts), looks


def _reversed_whole(par: Paragraph) -> tuple[str, str]:
    text, looks = par.shaped[::-1], par.looks[::-1]
    if mark_re().search(text):
        # Reversing char by char put each cluster's marks before their base; flipping
        # those stretches back restores the cluster.
        spans = [m.span() for m in _marks_then_base().finditer(text)]
        text, looks = _flip_spans(text, spans), _flip_spans(looks, spans)
    # Mirroring is per character, so it may come after the reversal; most paragraphs have
    # nothing to mirror.
    return _MIRRORABLE.sub(_mirror, text), looks


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


def _paragraph_runs(par: Paragraph) -> tuple[list[int], list[tuple[int, int, int]]]:
    if par.level_runs is None:
        runs = level_runs(par.levels)
        par.level_runs = ([r[1] for r in runs], runs)
    return par.level_runs


def _line_runs(par: Paragraph, start: int, end: int) -> list[tuple[int, int, bool]]:
    """The line's runs in visual order as (start, end, reversed), offsets into the paragraph."""
    levels = par.levels[start:end]
    adjusted = apply_l1(par.classes[start:end], levels, par.base_level)
    if adjusted is not levels:
        return [(start + a, start + b, rtl) for a, b, rtl in visual_runs(adjusted)]
    starts, runs = _paragraph_runs(par)
    i = bisect_right(starts, start) - 1
    level, _, run_end = runs[i]
    if end <= run_end:
        return [(start, end, bool(level & 1))]
    cut = [(level, start, run_end)]
    # By index, not over a slice: copying the rest of a paragraph of many runs for every
    # line would make long mixed paragraphs quadratic.
    for k in range(i + 1, bisect_right(starts, end - 1)):
        level, run_start, run_end = runs[k]
        cut.append((level, run_start, min(run_end, end)))
    return order_runs(cut)


_UNUSABLE = VisualParagraph(False, "", "", "", False)


def visual_paragraph(par: Paragraph) -> VisualParagraph:
    """The paragraph laid out as one line (without L1), made once."""
    if par.visual is None:
        runs = _paragraph_runs(par)[1]
        levels = {level for level, _, _ in runs}
        # With one level, or two adjacent ones, L2 on any stretch that cuts no run of the
        # higher level gives the matching stretch of the whole; with more it need not.
        if not levels or max(levels) - min(levels) > 1 or "S" in par.classes or "B" in par.classes:
            par.visual = _UNUSABLE
        else:
            low = min(levels)
            text, looks = _spliced(par, runs, low) or _run_by_run(par, runs)
            par.visual = VisualParagraph(True, text, looks, chr(LEVEL_BASE + low), bool(low & 1))
    return par.visual


def _run_by_run(par: Paragraph, runs: list[tuple[int, int, int]]) -> tuple[str, str]:
    shaped, looks = par.shaped, par.looks
    pieces = [
        _reversed_run(par, a, b) if rtl else (shaped[a:b], looks[a:b])
        for a, b, rtl in order_runs(runs)
    ]
    return "".join([t for t, _ in pieces]), "".join([lk for _, lk in pieces])


def _spliced(par: Paragraph, runs: list[tuple[int, int, int]], low: int) -> tuple[str, str] | None:
    """_run_by_run as the reversed paragraph with the logical runs spliced in (or the other
    way round); None when a run boundary falls inside a cluster."""
    shaped, looks = par.shaped, par.looks
    n = len(shaped)
    high = [(a, b) for level, a, b in runs if level != low]
    marks = mark_re()
    if any(marks.match(shaped, p) for run in high for p in run if 0 < p < n):
        return None
    rev_text, rev_looks = reversed_paragraph(par)
    texts: list[str] = []
    kept: list[str] = []
    pos = 0
    if low & 1:
        # Right-to-left with left-to-right runs: the reversal, each run put back in order.
        for a, b in reversed(high):
            texts += (rev_text[pos : n - b], shaped[a:b])
            kept += (rev_looks[pos : n - b], looks[a:b])
            pos = n - a
        texts.append(rev_text[pos:])
        kept.append(rev_looks[pos:])
    else:
        for a, b in high:
            texts += (shaped[pos:a], rev_text[n - b : n - a])
            kept += (looks[pos:a], rev_looks[n - b : n - a])
            pos = b
        texts.append(shaped[pos:])
        kept.append(looks[pos:])
    return "".join(texts), "".join(kept)


def _visual_slice(par: Paragraph, start: int, end: int) -> tuple[str, str] | None:
    """The line as a slice of the visual paragraph, or None when it cannot be one."""
    visual = visual_paragraph(par)
    if not visual.usable or par.classes[end - 1] in L1_AT_END:
        return None
    levels, low, n = par.levels, visual.low, len(par.levels)
    if start and levels[start - 1] != low and levels[start] != low:
        return None
    if end < n and levels[end - 1] != low and levels[end] != low:
        return None
    marks = mark_re()
    if (start and marks.match(par.shaped, start)) or (end < n and marks.match(par.shaped, end)):
        return None
    if visual.mirrored:
        start, end = n - end, n - start
    return visual.text[start:end], visual.looks[start:end]


_NO_ISOLATES = str.maketrans(dict.fromkeys(ISOLATE_CONTROLS))


def render_line(par: Paragraph, start: int, end: int, *, fast: bool = True) -> list[Piece]:
    """The line's characters in visual order (UAX #9 L1-L4), grouped by look.

    With fast=False every line takes the general route (kept to check the fast one against).
    """
    pieces = _render(par, start, end, fast)
    if not par.isolates:
        return pieces
    # Isolate controls were reordered with the line; they are never drawn.
    shown = [(text.translate(_NO_ISOLATES), look) for text, look in pieces]
    return _merge([piece for piece in shown if piece[0]])


def _render(par: Paragraph, start: int, end: int, fast: bool) -> list[Piece]:
    looks = par.looks[start:end]
    if not par.reorder or not looks:
        return _merge(_pieces(par.shaped[start:end], looks))
    if not fast:
        return _render_general(par, start, end)
    one_look = looks.count(looks[0]) == len(looks)
    found = _visual_slice(par, start, end)
    if found is not None:
        return [(found[0], ord(looks[0]))] if one_look else _pieces(*found)
    runs = _line_runs(par, start, end)
    shaped = par.shaped
    if one_look:
        texts = [_reversed_run(par, a, b)[0] if rtl else shaped[a:b] for a, b, rtl in runs]
        return [(texts[0] if len(texts) == 1 else "".join(texts), ord(looks[0]))]
    out: list[Piece] = []
    for a, b, rtl in runs:
        out.extend(
            _pieces(*_reversed_run(par, a, b)) if rtl else _pieces(shaped[a:b], par.looks[a:b])
        )
    return _merge(out)


def _render_general(par: Paragraph, start: int, end: int) -> list[Piece]:
    """render_line for a reordered line, run by run with no shortcut."""
    text = par.shaped[start:end]
    looks = par.looks[start:end]
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
