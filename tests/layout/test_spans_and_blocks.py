"""Styles, links and markers on the right cells; block decorations and document structure."""

from __future__ import annotations

from tests.layout.helpers import visual_rtl_word
from tnews.content.document import Block, BlockKind, Document, Link, Span, Style
from tnews.layout import DocumentLayout, Role, Row, layout_document, layout_field, rows_to_plain


def _doc(*blocks: Block, links: int = 0) -> Document:
    return Document(blocks, tuple(Link(f"https://example.com/{i}") for i in range(links)))


def _styled(row: Row, style: Style) -> list[str]:
    return [run.text for run in row.runs if run.style & style]


def test_bold_arabic_word_lands_on_its_own_cells() -> None:
    text = "قال الرئيس اليوم"
    start = text.index("الرئيس")
    block = Block(BlockKind.PARAGRAPH, text, (Span(start, start + 6, Style.BOLD),))
    [row] = layout_document(_doc(block), 30)
    assert _styled(row, Style.BOLD) == [visual_rtl_word("الرئيس")]
    # Bold sits between اليوم (left) and قال (right).
    plain = [run.text for run in row.runs if not run.style & Style.BOLD]
    assert plain[-1] == " " + visual_rtl_word("قال")
    assert plain[-2].endswith(visual_rtl_word("اليوم") + " ")


def test_bold_span_survives_lam_alef_merge() -> None:
    text = "والسلام عليكم"
    # Bold "سلام": its lam and alef become one ligature cell.
    start = text.index("سلام")
    block = Block(BlockKind.PARAGRAPH, text, (Span(start, start + 4, Style.BOLD),))
    [row] = layout_document(_doc(block), 30)
    [bold] = _styled(row, Style.BOLD)
    assert len(bold) == 3 and "\ufefc" in bold
    # Then ال and و to its right: waw never joins forward, so alef is isolated, lam initial.
    assert row.text.strip().endswith(bold + "\ufedf\ufe8d\ufeed")


def test_rtl_link_text_then_marker_on_its_left() -> None:
    text = "اقرأ الخبر هنا"
    start = text.index("الخبر")
    block = Block(BlockKind.PARAGRAPH, text, (Span(start, start + 5, Style.NONE, 0),))
    [row] = layout_document(_doc(block, links=1), 40)
    roles = [(run.role, run.link, run.text) for run in row.runs]
    marker = next(i for i, r in enumerate(roles) if r[0] == Role.MARKER)
    assert roles[marker][1:] == (0, "[1]")
    link_run = row.runs[marker + 1]
    assert link_run.link == 0 and link_run.role == Role.BODY and link_run.style & Style.LINK
    assert link_run.text == visual_rtl_word("الخبر")


def test_ltr_link_marker_follows_link_text() -> None:
    text = "see the report now"
    block = Block(BlockKind.PARAGRAPH, text, (Span(4, 14, Style.ITALIC, 2),))
    [row] = layout_document(_doc(block, links=3), 40)
    assert row.text == "see the report[3] now"
    texts = [(run.text, run.role, run.link) for run in row.runs]
    assert ("the report", Role.BODY, 2) in texts
    assert ("[3]", Role.MARKER, 2) in texts


def test_link_markers_can_be_turned_off() -> None:
    from tnews.layout import LayoutOptions

    block = Block(BlockKind.PARAGRAPH, "see the report now", (Span(4, 14, Style.NONE, 0),))
    [row] = layout_document(_doc(block, links=1), 40, LayoutOptions(link_markers=False))
    assert row.text == "see the report now"


def test_blocks_are_separated_by_exactly_one_blank_row() -> None:
    doc = _doc(
        Block(BlockKind.HEADING, "عنوان الخبر", level=1),
        Block(BlockKind.PARAGRAPH, ""),
        Block(BlockKind.PARAGRAPH, "نص"),
        Block(BlockKind.RULE),
    )
    rows = layout_document(doc, 20)
    assert [row.block for row in rows] == [0, -1, 2, -1, 3]
    assert rows[1].runs == () and rows[3].runs == ()
    assert all(run.style & Style.BOLD and run.role == Role.HEADING for run in rows[0].runs[1:])
    assert rows[4].text == "─" * 20


def test_rtl_quote_bar_on_the_right_ltr_on_the_left() -> None:
    doc = _doc(Block(BlockKind.QUOTE, "قال نعم"), Block(BlockKind.QUOTE, "said yes"))
    rows = layout_document(doc, 20)
    assert rows[0].text.endswith(" │") and rows[0].cells == 20
    assert rows[2].text == "│ said yes"


def test_list_marker_hangs_on_the_reading_side() -> None:
    doc = _doc(
        Block(BlockKind.LIST_ITEM, "بند أول طويل جدا جدا", ordinal="1."),
        Block(BlockKind.LIST_ITEM, "first item that wraps", ordinal=""),
    )
    rows = layout_document(doc, 14)
    rtl = [row for row in rows if row.block == 0]
    assert rtl[0].text.endswith(" .1") and rtl[0].runs[-1].role == Role.LIST_MARKER
    assert all(row.cells == 14 for row in rtl)
    assert rtl[1].text.endswith("   ")
    ltr = [row.text for row in rows if row.block == 1]
    assert ltr[0].startswith("• ") and ltr[1].startswith("  ")


def test_image_placeholder_and_preformatted_lines() -> None:
    doc = _doc(
        Block(BlockKind.IMAGE, "صورة الرئيس"),
        Block(BlockKind.IMAGE, "a cat"),
        Block(BlockKind.PRE, "def f():\n    return 1  # long comment here"),
    )
    rows = layout_document(doc, 20)
    assert rows[0].runs[-1].role == Role.CAPTION and "ﺓﺭﻮﺻ" in rows[0].text
    assert rows[2].text == "[image: a cat]"
    pre = [row.text for row in rows if row.block == 2]
    assert pre == ["def f():", "    return 1  # long", " comment here"]


def test_document_layout_caches_and_rows_from_matches_rows() -> None:
    blocks = tuple(Block(BlockKind.PARAGRAPH, f"فقرة رقم {i} " + "كلمة " * 30) for i in range(12))
    layout = DocumentLayout(_doc(*blocks))
    all_rows = layout.rows(50)
    assert layout.rows(50) is all_rows
    start = layout.block_first_row(50, 5)
    assert all_rows[start].block == 5 and all_rows[start - 1].block == -1
    visible = layout.rows_from(50, 5, 24)
    assert len(visible) >= 24
    assert visible == all_rows[start : start + len(visible)]
    wider = layout.rows(100)
    assert wider[layout.block_first_row(100, 5)].block == 5
    assert rows_to_plain(wider) != rows_to_plain(all_rows)


def test_empty_document_gives_no_rows() -> None:
    assert layout_document(Document(), 80) == []


def test_field_truncates_in_logical_order_and_never_pads() -> None:
    title = "الرئيس يزور القاهرة في زيارة رسمية تستمر ثلاثة أيام"
    row = layout_field(title, 20)
    assert row.cells <= 20 and row.rtl
    assert row.text.startswith("…")
    assert row.text.endswith(visual_rtl_word("الرئيس"))
    short = layout_field("قال", 20)
    assert short.text == visual_rtl_word("قال")
    latin = layout_field("A very long English headline indeed", 12)
    assert latin.text == "A very long…"


def test_field_is_isolated_from_its_neighbours() -> None:
    # A title with an unterminated override cannot reorder anything outside its own row.
    row = layout_field("\u202eabc", 10)
    assert row.text == "cba"
