"""Where a paragraph's direction comes from, from markup to rows: its text, a dir in the
content, and lang only for text with no strong letter; inline dir, <bdi> and <bdo>."""

from __future__ import annotations

from tests.layout.helpers import visual_rtl_line, visual_rtl_word
from tnews.content.html import html_to_content
from tnews.layout import layout_document

WIDTH = 40


def _rows(html: str, lang: str = "") -> list[str]:
    return [row.text for row in layout_document(html_to_content(html, lang=lang).document, WIDTH)]


def test_lang_decides_only_for_text_with_no_strong_letter() -> None:
    rows = _rows("<p>2026 - 45%</p><p>English text here</p><p>١٢٣</p>", lang="ar")
    neutral, _, english, _, digits = rows
    assert neutral == "45% - 2026".rjust(WIDTH)  # right to left, as the feed's language says
    assert english == "English text here"  # the text's own direction, whatever the tag
    assert digits == "١٢٣".rjust(WIDTH)
    assert _rows("<p>2026 - 45%</p>", lang="en") == ["2026 - 45%"]


def test_a_dir_in_the_content_wins_but_a_theme_dir_on_the_page_does_not() -> None:
    arabic = visual_rtl_word("عربي")
    assert _rows('<p dir="ltr">عربي ok</p>') == [f"{arabic} ok"]
    assert _rows('<div dir="ltr"><p>عربي ok</p></div>') == [f"{arabic} ok"]
    page = '<html dir="rtl" lang="ar"><body dir="rtl"><p>English first, عربي</p></body></html>'
    assert _rows(page) == [f"English first, {arabic}"]
    # dir="auto" inside a declared block gives the choice back to the text.
    assert _rows('<div dir="ltr"><p dir="auto">عربي ok</p></div>') == [f"ok {arabic}".rjust(WIDTH)]


def test_inline_dir_isolates_and_bdo_overrides() -> None:
    before = visual_rtl_line(["اتصلوا", "على"])
    number = '<span dir="ltr">+33 1 23 45 67 89</span>'
    assert _rows(f"<p>اتصلوا على {number}</p>") == [f"+33 1 23 45 67 89 {before}".rjust(WIDTH)]
    assert _rows('<p>The code <bdo dir="rtl">abc</bdo> ran.</p>') == ["The code cba ran."]
    name = visual_rtl_line(["تطلق", "هاتفا"])
    assert _rows("<p><bdi>Apple</bdi> تطلق هاتفا</p>") == [f"{name} Apple".rjust(WIDTH)]
    assert _rows('<p><span dir="ltr">Apple</span> تطلق هاتفا</p>') == [f"{name} Apple".rjust(WIDTH)]


def test_isolate_and_override_marks_are_never_drawn_and_leave_no_empty_block() -> None:
    rows = _rows("<p>\u2067 \u2069</p><p>a\u202ebc\u202cd \u2066e\u2069</p><p><bdi></bdi></p>")
    assert rows == ["acbd e"]
