"""UAX #9 L1-L2 on one line: reset trailing whitespace, then reverse runs from the highest level."""

from __future__ import annotations

import re

from tnews.layout.bidi_levels import LEVEL_BASE, level_runs

# L1 resets segment separators (S), paragraph separators (B), and whitespace or isolate
# controls before them or at the end of the line; X9-removed characters inside such a
# stretch go with it.
_L1_STRETCH = re.compile("[Wijqzefghkx]*[SB]|[Wijqzefghkx]+$")
# The classes L1 resets when they end a line.
L1_AT_END = frozenset("Wijqzefghkx")


def apply_l1(classes: str, levels: str, para_level: int) -> str:
    """Levels after rule L1, for a line whose original classes are given."""
    if not levels:
        return levels
    last = classes[-1]
    if "S" not in classes and "B" not in classes and last not in L1_AT_END:
        return levels
    para = chr(LEVEL_BASE + para_level)
    out = list(levels)
    for m in _L1_STRETCH.finditer(classes):
        out[m.start() : m.end()] = para * (m.end() - m.start())
    return "".join(out)


def visual_runs(levels: str) -> list[tuple[int, int, bool]]:
    """L2: the line's same-level runs in visual order as (start, end, reversed)."""
    return order_runs(level_runs(levels))


def order_runs(runs: list[tuple[int, int, int]]) -> list[tuple[int, int, bool]]:
    """L2 on a line's maximal same-level runs (level, start, end), in logical order."""
    if len(runs) == 1:
        level, start, end = runs[0]
        return [(start, end, bool(level & 1))]
    highest = max(r[0] for r in runs)
    lowest = min(r[0] for r in runs)
    if highest == lowest + 1:
        # Two adjacent levels (an embedded word or number): every higher run is reversed on
        # its own, which leaves the order of runs alone, then everything if the lower is odd.
        pieces = [(start, end, bool(level & 1)) for level, start, end in runs]
        if lowest & 1:
            pieces.reverse()
        return pieces
    lowest_odd = lowest | 1
    order = list(range(len(runs)))
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if runs[order[i]][0] >= level:
                j = i
                while j < len(order) and runs[order[j]][0] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return [(runs[k][1], runs[k][2], bool(runs[k][0] & 1)) for k in order]


def visual_order(levels: str) -> list[int]:
    """L2 as a permutation: the logical index shown at each visual position."""
    out: list[int] = []
    for start, end, rev in visual_runs(levels):
        out.extend(range(end - 1, start - 1, -1) if rev else range(start, end))
    return out
