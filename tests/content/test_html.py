"""html_to_content, one rule at a time."""

from __future__ import annotations

import pytest

from tnews.content.document import Block, BlockKind, Link, Span, Style
from tnews.content.html import html_to_content, looks_like_summary


def texts(html: str, **kwargs: str) -> list[str]:
    return [b.text for b in html_to_content(html, **kwargs).document.blocks]


def test_inline_styles_and_links_become_spans() -> None:
    doc = html_to_content(
        '<p>a <b>bold</b> <em>it</em> <code>x()</code> <a href="/n">news</a></p>',
        base_url="https://site.example/feed/",
    ).document
    block = doc.blocks[0]
    assert block.text == "a bold it x() news"
    assert block.spans == (
        Span(2, 6, Style.BOLD),
        Span(7, 9, Style.ITALIC),
        Span(10, 13, Style.CODE),
        Span(14, 18, Style.LINK, 0),
    )
    assert doc.links == (Link("https://site.example/n", "news"),)


def test_headings_quotes_pre_rule_and_caption() -> None:
    blocks = html_to_content(
        "<h2>عنوان</h2><blockquote><p>قول</p></blockquote><pre>a  b\n  c</pre><hr>"
        "<figure><img src='https://s.example/a.jpg' alt='صورة'>"
        "<figcaption>تعليق</figcaption></figure>"
    ).document.blocks
    assert [(b.kind, b.text, b.level) for b in blocks] == [
        (BlockKind.HEADING, "عنوان", 2),
        (BlockKind.QUOTE, "قول", 0),
        (BlockKind.PRE, "a  b\n  c", 0),
        (BlockKind.RULE, "", 0),
        (BlockKind.IMAGE, "صورة", 0),
        (BlockKind.CAPTION, "تعليق", 0),
    ]


def test_image_without_alt_takes_its_caption_once() -> None:
    blocks = html_to_content(
        "<figure><img src='https://s.example/a.jpg'><figcaption>الوزير</figcaption></figure>"
    ).document.blocks
    assert blocks == (Block(BlockKind.IMAGE, "الوزير"),)


def test_nested_lists_with_ordinals_and_levels() -> None:
    blocks = html_to_content(
        "<ol start='3'><li>one<ul><li>a</li><li>b</li></ul></li><li>two</li></ol>"
    ).document.blocks
    assert [(b.text, b.level, b.ordinal) for b in blocks] == [
        ("one", 1, "3."),
        ("a", 2, "•"),
        ("b", 2, "•"),
        ("two", 1, "4."),
    ]
    assert {b.kind for b in blocks} == {BlockKind.LIST_ITEM}


def test_table_rows_join_cells() -> None:
    blocks = html_to_content(
        "<table><tr><th>المدينة</th><th>الحرارة</th></tr><tr><td><p>طرابلس</p></td><td>30</td></tr></table>"
    ).document.blocks
    assert [(b.kind, b.text) for b in blocks] == [
        (BlockKind.TABLE_ROW, "المدينة │ الحرارة"),
        (BlockKind.TABLE_ROW, "طرابلس │ 30"),
    ]


def test_dir_is_declared_and_inherited_while_lang_only_suggests() -> None:
    blocks = html_to_content(
        "<div dir='rtl'><p>عربي</p><p dir='ltr'>English</p></div>"
        "<div lang='fa-IR'><p>فارسی</p></div><p lang='en'>plain</p><p>none</p>"
    ).document.blocks
    # dir decides; lang is only the fallback for text with no strong character.
    assert [b.direction for b in blocks] == ["rtl", "ltr", None, None, None]
    assert [b.fallback for b in blocks] == ["rtl", "ltr", "rtl", "ltr", None]
    feed_ar = html_to_content("<p>x</p>", lang="ar").document.blocks[0]
    assert (feed_ar.direction, feed_ar.fallback) == (None, "rtl")
    page_ltr = html_to_content("<p>x</p>", direction="ltr").document.blocks[0]
    assert (page_ltr.direction, page_ltr.fallback) == (None, "ltr")


def test_relative_urls_use_xml_base_then_the_feed_url() -> None:
    doc = html_to_content(
        '<div xml:base="https://other.example/news/"><a href="a.html">one</a></div>'
        '<p><a href="/b.html">two</a></p>',
        base_url="https://site.example/feed/",
    ).document
    assert [link.url for link in doc.links] == [
        "https://other.example/news/a.html",
        "https://site.example/b.html",
    ]


@pytest.mark.parametrize(
    "href",
    ["javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", "mailto:a@b.c", "ftp://x/y"],
)
def test_non_http_links_become_plain_text(href: str) -> None:
    doc = html_to_content(f'<p>see <a href="{href}">this</a></p>').document
    assert doc.blocks[0].text == "see this"
    assert doc.blocks[0].spans == ()
    assert doc.links == ()


def test_double_escaped_description_is_decoded_once_more() -> None:
    assert texts("&lt;p&gt;Tom &amp;amp; Jerry&lt;/p&gt;&lt;p&gt;two&lt;/p&gt;") == [
        "Tom & Jerry",
        "two",
    ]
    # Singly escaped text about markup stays as written.
    assert texts("<p>use &amp;lt;b&amp;gt; here</p>") == ["use &lt;b&gt; here"]


def test_br_runs_and_blank_lines_split_paragraphs() -> None:
    assert texts("<p>one<br>line<br><br>two<br/><br/>  <br>three</p>") == [
        "one\nline",
        "two",
        "three",
    ]
    assert texts("<p>first part.\n\n second part.</p>") == ["first part.", "second part."]


def test_whitespace_and_nbsp_are_normalised() -> None:
    assert texts("<p>  a&nbsp;&nbsp;b \t\n c\u200b d  </p>") == ["a b c d"]


def test_dropped_elements_never_reach_the_body() -> None:
    html = (
        "<p>keep</p><script>alert(1)</script><style>p{}</style><noscript>ns</noscript>"
        "<iframe src='x'>if</iframe><form><p>form text</p><button>go</button></form>"
        "<svg><text>svg</text></svg><div class='sharedaddy'>شارك</div>"
        "<div class='addtoany_share'>Share</div><ul class='social-links'><li>fb</li></ul>"
        "<img src='https://t.example/p.gif' width='1' height='1'>"
        "<img src='https://feeds.feedburner.com/~r/x/~4/abc'>"
    )
    assert texts(html) == ["keep"]


def test_controls_and_escapes_are_cleaned_while_a_body_keeps_its_bidi_overrides() -> None:
    doc = html_to_content(
        '<p>a\x1b[2Jb\u202ec\x07</p><a href="https://x.example/">t\u202e\x1b]0;x\x07</a>'
    )
    # The override is the layout engine's to apply (and never to draw); a link title is a
    # single line and keeps none.
    assert doc.document.blocks[0].text == "ab\u202ec"
    assert doc.document.links[0].title == "t"


@pytest.mark.parametrize(
    "label",
    [
        "تابع أيضا/",
        "اقرأ أيضا",
        "إقرأ أيضاً:",
        "اقرأ ايضا",
        "شاهد أيضا",
        "طالع أيضاً:",
        "للمزيد:",
        "اقـرأ أيضـاً",
        "Read also",
        "See also:",
        "Read more:",
        "Related:",
    ],
)
def test_see_also_labels_in_any_spelling(label: str) -> None:
    content = html_to_content(
        f"<p>قبل.</p><p><strong>{label}</strong></p>"
        "<p><a href='https://s.example/1'>الأول</a></p><ul><li><a href='https://s.example/2'>الثاني</a></li></ul>"
        "<p>بعد.</p>"
    )
    assert [b.text for b in content.document.blocks] == ["قبل.", "بعد."]
    assert content.see_also == (
        Link("https://s.example/1", "الأول"),
        Link("https://s.example/2", "الثاني"),
    )
    assert content.document.links == ()


def test_see_also_label_and_links_in_one_paragraph() -> None:
    content = html_to_content(
        "<p>one</p><p>اقرأ أيضاً: <a href='https://s.example/a'>أ</a> | <a href='https://s.example/b'>ب</a></p>"
        "<p>two</p>"
    )
    assert [b.text for b in content.document.blocks] == ["one", "two"]
    assert [link.url for link in content.see_also] == ["https://s.example/a", "https://s.example/b"]


def test_sentence_starting_like_a_label_stays() -> None:
    html = "<p>للمزيد من المعلومات <a href='https://s.example/a'>هنا</a> عن الخطة.</p>"
    content = html_to_content(html)
    assert [b.text for b in content.document.blocks] == ["للمزيد من المعلومات هنا عن الخطة."]
    assert content.see_also == ()


def test_related_heading_and_related_class() -> None:
    content = html_to_content(
        "<p>نص.</p><h3>مقالات ذات صلة</h3>"
        "<ul><li><a href='https://s.example/r1'>خبر 1</a></li></ul>"
        "<div class='jp-relatedposts'><a href='https://s.example/r2'>خبر 2</a></div>"
    )
    assert [b.text for b in content.document.blocks] == ["نص."]
    assert content.related == (
        Link("https://s.example/r1", "خبر 1"),
        Link("https://s.example/r2", "خبر 2"),
    )


def test_wordpress_footer_line_is_dropped() -> None:
    html = "<p>نص الخبر.</p><p>The post <a href='https://s.example/a'>A</a> appeared first on <a href='https://s.example/'>S</a>.</p>"
    assert texts(html) == ["نص الخبر."]


@pytest.mark.parametrize(
    ("html", "summary"),
    [
        ("<p>Short lead.</p>", True),
        ("<p>" + "كلمة " * 100 + "[…]</p>", True),
        ("<p>" + "كلمة " * 100 + "…</p>", True),
        ("<p>" + "word " * 100 + "</p><p><a href='https://s.example/a'>Read more</a></p>", True),
        ("<p>" + "كلمة " * 100 + "اقرأ المزيد</p>", True),
        ("<p>" + "كلمة " * 40 + ".</p><p>" + "كلمة " * 40 + ".</p>", False),
    ],
)
def test_summary_detection(html: str, summary: bool) -> None:
    content = html_to_content(html)
    assert content.is_summary is summary
    assert looks_like_summary(content) is summary


def test_big_and_deep_input_is_bounded() -> None:
    deep = "<div>" * 50_000 + "<p>deep</p>" + "</div>" * 50_000 + "<p>after</p>"
    assert texts(deep) == ["deep", "after"]
    fonts = "<p><font color='red'>كلمة" * 3000 + "<p>النهاية</p>"
    assert texts(fonts)[-1] == "النهاية"
    huge = "<p>" + "a" * 6_000_000 + "</p>"
    assert sum(len(t) for t in texts(huge)) <= 5_000_000


@pytest.mark.parametrize(
    "html", ["", "   ", "<", "<?xml version='1.0' encoding='utf-8'?><p>x</p>", "\x00", "\ud800"]
)
def test_odd_input_never_raises(html: str) -> None:
    html_to_content(html)
