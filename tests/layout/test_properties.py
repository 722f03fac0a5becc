"""Property tests: width, completeness, order, plain wrapping, and never raising."""

from __future__ import annotations

import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from tests.layout.helpers import visual_rtl_word
from tnews.content.document import Block, BlockKind, Document, Span, Style
from tnews.layout import LayoutOptions, layout_document, layout_field, layout_text

LAM_ALEF = set(chr(c) for c in range(0xFEF5, 0xFEFD))
INVISIBLE = set(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u200c\u200d"
)

ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإةىـ"
MIXED_ALPHABET = (
    ARABIC
    + "\u064b\u064e\u064f\u0650\u0651\u0652"  # harakat
    + "abcXYZ0123٠١٢٣۴()[]«»“”<>.,:;!?%٪/-…"
    + "שלום"
    + "中文"
    + "\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    + "    "
)

mixed_text = st.text(alphabet=MIXED_ALPHABET, max_size=200)
widths = st.integers(min_value=1, max_value=90)


@settings(max_examples=300, deadline=None)
@given(mixed_text, widths, st.sampled_from(["app", "terminal", "off"]))
def test_rows_never_wider_than_width_and_rtl_rows_exact(text: str, width: int, mode: str) -> None:
    rows = layout_text(text, width, options=LayoutOptions(bidi=mode))  # type: ignore[arg-type]
    for row in rows:
        assert row.cells <= width
        if mode == "app":
            assert not INVISIBLE & set(row.text)
            if row.rtl:
                assert row.cells == width


@settings(max_examples=300, deadline=None)
@given(mixed_text, st.integers(min_value=2, max_value=90))
def test_every_visible_character_is_accounted_for(text: str, width: int) -> None:
    rows = layout_text(text, width)
    shown = "".join(row.text for row in rows).replace(" ", "")
    # A lam-alef ligature stands for two logical letters.
    drawn = len(shown) + sum(shown.count(c) for c in LAM_ALEF)
    expected = sum(1 for ch in text if ch != " " and ch not in INVISIBLE)
    assert drawn == expected


arabic_word = st.text(alphabet=ARABIC.replace("ـ", ""), min_size=1, max_size=9)
latin_word = st.text(alphabet="abcdefghijklmnop", min_size=1, max_size=9)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.one_of(arabic_word, latin_word), min_size=1, max_size=40, unique=True),
    st.integers(min_value=10, max_value=70),
)
def test_rows_hold_the_words_in_logical_order(words: list[str], width: int) -> None:
    visual = {(visual_rtl_word(w) if w[0] in ARABIC else w): i for i, w in enumerate(words)}
    rows = layout_text(" ".join(words), width)
    previous = -1
    for row in rows:
        found = sorted(visual[token] for token in row.text.split())
        # Each row holds a contiguous stretch of the paragraph, after the previous row's.
        assert found == list(range(found[0], found[-1] + 1))
        assert found[0] == previous + 1
        previous = found[-1]
    assert previous == len(words) - 1


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=15), max_size=60),
    st.integers(min_value=15, max_value=100),
)
def test_pure_ascii_equals_greedy_word_wrap(words: list[str], width: int) -> None:
    text = " ".join(words)
    rows = layout_text(text, width)
    assert [row.text for row in rows] == textwrap.wrap(text, width, break_on_hyphens=False)
    assert not any(row.rtl for row in rows)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120), st.integers(min_value=-3, max_value=40), st.data())
def test_never_raises_on_any_text(text: str, width: int, data: st.DataObject) -> None:
    n = len(text)
    spans = data.draw(
        st.lists(
            st.builds(
                Span,
                st.integers(-2, n + 2),
                st.integers(-2, n + 2),
                st.sampled_from(list(Style)),
                st.one_of(st.none(), st.integers(0, 3)),
            ),
            max_size=4,
        )
    )
    kind = data.draw(st.sampled_from(list(BlockKind)))
    direction = data.draw(st.sampled_from([None, "ltr", "rtl"]))
    doc = Document((Block(kind, text, tuple(spans), direction, ordinal="iv."),))
    for mode in ("app", "terminal"):
        rows = layout_document(doc, width, LayoutOptions(bidi=mode))  # type: ignore[arg-type]
        assert all(row.cells <= max(1, width) for row in rows)
    field = layout_field(text, width)
    assert field.cells <= max(1, width)
    assert cell_len(field.text) == field.cells
