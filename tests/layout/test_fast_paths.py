"""Fast paths give exactly what the general code gives."""

from __future__ import annotations

import re
import sys
import unicodedata
from itertools import groupby
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.layout.test_properties import MIXED_ALPHABET
from tnews.content.document import Block, BlockKind, Document, Span, Style
from tnews.layout import blocks, layout_document
from tnews.layout.bidi_levels import (
    LEVEL_BASE,
    first_strong,
    level_runs,
    resolve_levels,
    text_direction,
)
from tnews.layout.chars import bidi_classes, cluster_re, has_invisible, is_invisible, mark_re
from tnews.layout.paragraph import prepare_paragraph
from tnews.layout.render import _reverse, render_line, reversed_paragraph
from tnews.layout.reorder import visual_order
from tnews.layout.shaping import _align, new_reshaper, reshape, shape_word
from tnews.layout.wrap import break_lines


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


mixed_text = st.text(alphabet=MIXED_ALPHABET + "\t\u3000", max_size=160)
span_lists = st.lists(
    st.tuples(st.integers(0, 160), st.integers(0, 40), st.sampled_from([Style.NONE, Style.BOLD])),
    max_size=3,
)


def _spans(text: str, raw: list[tuple[int, int, Style]]) -> tuple[Span, ...]:
    return tuple(
        Span(min(a, len(text)), min(a + n, len(text)), style, k % 2 or None)
        for k, (a, n, style) in enumerate(raw)
    )


@settings(max_examples=400, deadline=None)
@given(mixed_text, span_lists, st.integers(1, 50), st.sampled_from([None, "ltr", "rtl"]))
def test_fast_line_rendering_equals_the_general_route(
    text: str, raw: list[tuple[int, int, Style]], width: int, direction: str | None
) -> None:
    par = prepare_paragraph(text, _spans(text, raw), direction=direction)
    for start, end, _ in break_lines(par, width):
        assert render_line(par, start, end) == render_line(par, start, end, fast=False)
    # Lines that begin or end inside a cluster must not take the slice.
    for start in range(len(par.shaped)):
        end = min(len(par.shaped), start + width)
        assert render_line(par, start, end) == render_line(par, start, end, fast=False)


@settings(max_examples=300, deadline=None)
@given(mixed_text, span_lists)
def test_reversed_paragraph_is_the_whole_paragraph_reversed_by_clusters(
    text: str, raw: list[tuple[int, int, Style]]
) -> None:
    par = prepare_paragraph(text, _spans(text, raw))
    assert reversed_paragraph(par) == _reverse(par.shaped, par.looks)


@settings(max_examples=400, deadline=None)
@given(mixed_text, span_lists, st.sampled_from([True, False]))
def test_per_word_preparation_matches_whole_paragraph_classes_and_levels(
    text: str, raw: list[tuple[int, int, Style]], reorder: bool
) -> None:
    par = prepare_paragraph(text, _spans(text, raw), reorder=reorder)
    origin = par.origin
    assert len(origin) == len(par.shaped) == len(par.looks)
    assert origin == sorted(set(range(len(par.source))) - set(par.dropped))
    classes = bidi_classes(par.source)
    found = first_strong(classes)
    assert par.base_level == (0 if found is None else found)
    if reorder:
        levels = resolve_levels(par.source, classes, par.base_level)
        assert par.classes == "".join(classes[i] for i in origin)
        assert par.levels == "".join(levels[i] for i in origin)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=" .,0123456789-+%\u2066\u2067\u2068\u2069\u200f", max_size=300),
    st.text(alphabet=MIXED_ALPHABET, max_size=20),
)
def test_text_direction_equals_first_strong_of_all_classes(prefix: str, rest: str) -> None:
    text = prefix + rest
    assert text_direction(text) == first_strong(bidi_classes(text))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["قال", "❤\ufe0f", "👨\u200d👩", "abc", "中文", "مُحَمَّد", "(1)", "«لا»"]),
        max_size=12,
    ),
    st.integers(1, 20),
    st.sampled_from(["paragraph", "list_item", "quote"]),
    st.sampled_from(["", "1.", "❤\ufe0f"]),
)
def test_rows_not_measured_again_equal_rows_measured_again(
    words: list[str], width: int, kind: str, ordinal: str
) -> None:
    doc = Document((Block(BlockKind(kind), " ".join(words), ordinal=ordinal),))
    rows = layout_document(doc, width)
    # An empty pattern finds a match in any text, which sends every row through measuring.
    with patch.object(blocks, "_NON_ADDITIVE", re.compile("")):
        assert layout_document(doc, width) == rows
    assert all(row.cells <= width for row in rows)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 5), min_size=1, max_size=30))
def test_ordered_runs_follow_rule_l2(levels: list[int]) -> None:
    order = list(range(len(levels)))
    for level in range(max(levels), min(levels) - 1, -1):
        if level % 2 == 0 and level == min(levels):
            break
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    assert visual_order("".join(chr(LEVEL_BASE + lv) for lv in levels)) == order


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=MIXED_ALPHABET + "ﻻالله" + "\u0670\u0654", max_size=40))
def test_reshaper_with_settled_configuration_shapes_like_the_library_default(text: str) -> None:
    assert reshape(text) == new_reshaper().reshape(text)


@pytest.mark.parametrize("cut", range(1, 12))
def test_reversal_with_a_look_changing_inside_a_cluster(cut: int) -> None:
    text = "قال مُحَمَّد (نعم)"
    par = prepare_paragraph(text, (Span(0, cut, Style.BOLD),))
    assert reversed_paragraph(par) == _reverse(par.shaped, par.looks)
    for start, end, _ in break_lines(par, 6):
        assert render_line(par, start, end) == render_line(par, start, end, fast=False)


def _w1_reference(classes: str, sos: str) -> str:
    out: list[str] = []
    for c in classes:
        out.append((out[-1] if out else sos) if c == "M" else c)
    return "".join(out)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="LRAENMMMMWOtpcS", max_size=60), st.sampled_from([0, 1]))
def test_marks_take_the_class_before_them_however_long_their_run(classes: str, level: int) -> None:
    text = "a" * len(classes)
    sos = "R" if level else "L"
    expected = resolve_levels(text, _w1_reference(classes, sos), level)
    assert resolve_levels(text, classes, level) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=MIXED_ALPHABET + "\x00\x07\u00ad\u0600\u06dd\U000e0001\u2060", max_size=12))
def test_has_invisible_agrees_with_the_character_test(text: str) -> None:
    assert has_invisible(text) == any(is_invisible(ch) for ch in text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإةىـ\u064e\u0651لا٣a(", max_size=9))
def test_words_shaped_in_place_match_the_character_alignment(word: str) -> None:
    shaped = reshape(word)
    aligned = _align(word, shaped)
    expected = (shaped, tuple(aligned)) if aligned is not None else (word, tuple(range(len(word))))
    got = shape_word(word)
    assert (got.text, got.origin) == expected


def test_long_paragraphs_of_many_runs_render_like_the_general_route() -> None:
    # Beyond the length where runs are found by pattern, and with isolates and embeddings
    # making levels change at nearly every character.
    words = ["abc", "عربي", "\u2066x\u2069", "\u2067ب\u2069", "12", "\u202bq\u202c", "(د)"]
    text = " ".join(words[(k * 5) % len(words)] for k in range(1500))
    par = prepare_paragraph(text)
    assert len(par.levels) > 4096
    expected = []
    start = 0
    for level, group in groupby(par.levels):
        size = len(list(group))
        expected.append((ord(level) - LEVEL_BASE, start, start + size))
        start += size
    assert level_runs(par.levels) == expected
    for start, end, _ in break_lines(par, 37):
        assert render_line(par, start, end) == render_line(par, start, end, fast=False)
