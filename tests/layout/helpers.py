"""Independent expectations for layout tests, built from the reshaper and plain string work."""

from __future__ import annotations

import unicodedata

from tnews.layout.shaping import reshape

MIRROR = {"(": ")", ")": "(", "[": "]", "]": "[", "«": "»", "»": "«", "<": ">", ">": "<"}


def visual_rtl_word(word: str) -> str:
    """An RTL word as drawn: shaped, reversed letter by letter, marks after their letter."""
    clusters: list[str] = []
    for ch in reshape(word):
        if clusters and unicodedata.category(ch) == "Mn":
            clusters[-1] += ch
        else:
            clusters.append(MIRROR.get(ch, ch))
    return "".join(reversed(clusters))


def visual_rtl_line(words: list[str]) -> str:
    """A line of RTL words: the first word on the right."""
    return " ".join(visual_rtl_word(w) for w in reversed(words))
