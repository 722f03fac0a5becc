"""Fast paths give exactly what the general code gives."""

from __future__ import annotations

import sys
import unicodedata

from tnews.layout.chars import cluster_re, mark_re


def _is_extender(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Me", "Mc")


def test_mark_pattern_matches_exactly_the_marks_in_and_beyond_the_bmp() -> None:
    limit = min(sys.maxunicode, 0x20000)
    points = [*range(0, limit, 7), *range(0x0600, 0x0700), *range(0x1D160, 0x1D1B0)]
    points += [*range(0xE0000, 0xE0200), 0xFFFF, 0x10000, 0x101FD, 0x11000, 0x11001]
    for cp in points:
        if 0xD800 <= cp < 0xE000:
            continue
        ch = chr(cp)
        assert (mark_re().fullmatch(ch) is not None) == _is_extender(ch), hex(cp)


def test_clusters_keep_astral_and_bmp_marks_with_their_base() -> None:
    text = "a\u0301b\U0001d167\U0001d168c\U000e0100مُحَمَّد"
    assert cluster_re().findall(text) == [
        "a\u0301",
        "b\U0001d167\U0001d168",
        "c\U000e0100",
        "مُ",
        "حَ",
        "مَّ",
        "د",
    ]
