"""Paragraph layout on real mixed Arabic, Persian, Hebrew and Latin text."""

from __future__ import annotations

import unicodedata

import pytest
from rich.cells import cell_len

from tests.layout.helpers import visual_rtl_line, visual_rtl_word
from tnews.content.document import Block, BlockKind, Document
from tnews.layout import LayoutOptions, layout_document, layout_text, rows_to_plain

INVISIBLE = set(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u200c\u200d"
)

NEWS = (
    "قال الرئيس إيمانويل ماكرون (Emmanuel Macron) في مؤتمر صحفي يوم 2026/11/29 "
    "الساعة 10:30 إن نسبة النمو بلغت 45% أي ما يعادل ٪٤٥ من الهدف، وأضاف: "
    "«الاقتصاد بخير»… ثم غادر إلى “باريس” بعد أن زار https://example.com/news?id=7 "
    "لمدة ١٢ يوماً. مُحَمَّد والسلام عليكم ورحمة الله."
)


def test_pure_arabic_line_reads_right_to_left_and_is_right_aligned() -> None:
    words = ["قال", "الرئيس", "اليوم"]
    [row] = layout_text(" ".join(words), 30)
    assert row.rtl
    assert row.text == " " * (30 - cell_len(visual_rtl_line(words))) + visual_rtl_line(words)
    assert row.cells == 30


@pytest.mark.parametrize("width", [12, 17, 23, 40, 61, 80, 120])
def test_rows_follow_logical_order_at_every_width(width: int) -> None:
    words = [f"كلمة{'ـ' * (i % 3)}{chr(0x0628 + i % 20)}" for i in range(60)]
    rows = layout_text(" ".join(words), width)
    seen: list[str] = []
    for row in rows:
        assert row.cells == width
        tokens = row.text.split()
        # The right-hand end of an RTL row holds the logically first word of that row.
        seen.extend(reversed(tokens))
    assert seen == [visual_rtl_word(w) for w in words]


def test_first_logical_words_come_first_in_a_long_paragraph() -> None:
    rows = layout_text(NEWS, 40)
    first = rows[0].text.split()
    assert first[-1] == visual_rtl_word("قال")
    assert first[-2] == visual_rtl_word("الرئيس")
    last = rows[-1].text.split()
    assert last[0] == visual_rtl_word("الله.").replace("(", ")")


def test_parentheses_are_mirrored_in_rtl_runs() -> None:
    [row] = layout_text("قال (نعم) هنا", 40)
    # Hand-derived: هنا, then the parenthesised word, then قال on the right.
    expected = "\ufe8e\ufee8\ufeeb (\ufee2\ufecc\ufee7) \ufedd\ufe8e\ufed7"
    assert row.text.strip() == expected


def test_guillemets_and_brackets_mirror_but_latin_in_parentheses_does_not_flip() -> None:
    [row] = layout_text("قال «نعم» و[لا] (Macron) اليوم", 60)
    text = row.text.strip()
    assert "»" + visual_rtl_word("نعم")[1:-1] not in text
    assert "«" + visual_rtl_word("«نعم»")[1:-1] + "»" in text
    assert "(Macron)" in text


def test_digits_dates_times_percentages_keep_their_order() -> None:
    text = rows_to_plain(layout_text(NEWS, 200))
    for piece in ("2026/11/29", "10:30", "١٢", "https://example.com/news?id=7"):
        assert piece in text
    # After Arabic letters European digits count as Arabic numbers (W2), so the percent sign
    # joins the Arabic run and is read after the number: drawn on its left.
    assert "%45" in text
    assert "٤٥٪" in text and "٥٤" not in text


def test_harakat_stay_after_their_letter_and_take_no_cell() -> None:
    word = "م\u064f\u062d\u064e\u0645\u0651\u064e\u062f"
    [row] = layout_text(word, 10)
    # Meem initial + damma, hah medial + fatha, meem medial + shadda + fatha, dal final, drawn
    # right to left with each mark after its own letter.
    assert row.text.strip() == "\ufeaa\ufee4\u0651\u064e\ufea4\u064e\ufee3\u064f"
    assert cell_len(row.text.strip()) == 4


def test_lam_alef_is_one_cell() -> None:
    [row] = layout_text("السلام", 10)
    shown = row.text.strip()
    assert "\ufefc" in shown
    assert cell_len(shown) == 5


def test_allah_stays_four_letters() -> None:
    [row] = layout_text("الله", 10)
    assert "\ufdf2" not in row.text
    assert cell_len(row.text.strip()) == 4


def test_tatweel_is_kept_as_one_cell() -> None:
    [row] = layout_text("كـبير", 10)
    assert "\u0640" in row.text
    assert cell_len(row.text.strip()) == 5


def test_persian_zwnj_breaks_joining_then_disappears() -> None:
    [row] = layout_text("می\u200cخواهم", 20)
    assert "\u200c" not in row.text
    assert "\ufbfd" in row.text  # Farsi yeh in final form: the ZWNJ kept it from joining
    assert "\ufea7" in row.text  # khah in initial form after the ZWNJ


def test_hebrew_is_reversed_without_shaping() -> None:
    [row] = layout_text("שלום עולם", 20)
    assert row.text.strip() == "םלוע םולש"


def test_english_paragraph_with_an_arabic_phrase() -> None:
    [row] = layout_text("The minister said مرحبا بكم today (briefly).", 80)
    assert not row.rtl
    assert row.text == f"The minister said {visual_rtl_line(['مرحبا', 'بكم'])} today (briefly)."


def test_unterminated_override_does_not_leak_into_the_next_paragraph() -> None:
    doc = Document(
        (Block(BlockKind.PARAGRAPH, "\u202eabc def"), Block(BlockKind.PARAGRAPH, "ghi jkl"))
    )
    rows = layout_document(doc, 20)
    assert rows[0].text == "fed cba"
    assert rows[2].text == "ghi jkl"
    assert not any(ch in INVISIBLE for row in rows for ch in row.text)


def test_explicit_embeddings_and_isolates_are_applied_then_removed() -> None:
    text = "قال \u2066Hello World\u2069 و \u202aABC def\u202c و\u200f 5"
    [row] = layout_text(text, 60)
    assert not any(ch in INVISIBLE for ch in row.text)
    assert "Hello World" in row.text
    assert "ABC def" in row.text


def test_words_longer_than_the_width_are_split_between_clusters() -> None:
    word = "م\u064fس\u064eت\u064fش\u0652ف\u064eي\u0627\u062a" * 3
    rows = layout_text(word, 12)
    assert len(rows) > 1
    for row in rows:
        assert row.cells == 12
        shown = row.text.lstrip(" ")
        assert shown and shown[0] not in "\u064e\u064f\u0652"
    marks = sum(row.text.count(m) for row in rows for m in "\u064e\u064f\u0652")
    assert marks == sum(word.count(m) for m in "\u064e\u064f\u0652")


@pytest.mark.parametrize("width", range(12, 121, 9))
def test_news_paragraph_fits_every_width(width: int) -> None:
    rows = layout_text(NEWS, width)
    for row in rows:
        assert row.cells == width
        assert not any(ch in INVISIBLE for ch in row.text)


def test_terminal_mode_keeps_logical_order_unshaped_and_unpadded() -> None:
    rows = layout_text("قال الرئيس (نعم) اليوم", 12, options=LayoutOptions(bidi="terminal"))
    assert [row.text for row in rows] == ["قال الرئيس", "(نعم) اليوم"]
    assert all(row.rtl for row in rows)


def test_width_below_one_is_treated_as_one() -> None:
    rows = layout_text("ab", 0)
    assert [row.text for row in rows] == ["a", "b"]


@pytest.mark.parametrize(
    ("text", "kind", "width"),
    [("ו中\u064b", "paragraph", 1), ("قال ❤\ufe0f", "list_item", 3), ("中\u064b قال", "quote", 2)],
)
def test_a_cluster_wider_than_the_row_leaves_no_lone_mark_and_rtl_rows_stay_exact(
    text: str, kind: str, width: int
) -> None:
    rows = layout_document(Document((Block(BlockKind(kind), text),)), width)
    for row in rows:
        assert row.cells <= width
        assert not row.text or unicodedata.category(row.text.lstrip()[:1] or "x") != "Mn"
        if row.rtl:
            assert row.cells == width
