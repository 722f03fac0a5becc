"""Any input to html_to_content gives a clean document and never an exception."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tnews.content.html import html_to_content
from tnews.text.clean import BIDI_FORMATTING

# Block text keeps the author's bidi controls for the layout engine; link titles are single
# lines and keep none.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_LINE_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029{BIDI_FORMATTING}]")

TAGS = [
    "p", "div", "b", "i", "a", "ul", "ol", "li", "table", "tr", "td", "h2", "pre", "br", "hr",
    "img", "blockquote", "figure", "figcaption", "script", "span", "code", "form", "svg",
]  # fmt: skip
HREFS = [
    "/x",
    "https://s.example/y",
    "javascript:alert(1)",
    "data:,x",
    "//h.example/z",
    "mailto:a@b",
    "http://[::1",
    "",
]
WORDS = [
    "اقرأ أيضاً:",
    "تابع أيضا/",
    "Read also",
    "مقالات ذات صلة",
    "شارك",
    "&lt;p&gt;",
    "&amp;",
    "\x1b[31m",
    "\u202e",
    "\x00",
    "\r\n",
    " ",
    "نص",
    "text",
    "&#0;",
    "&#x9b;",
]


@st.composite
def markup(draw: st.DrawFn) -> str:
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 30))):
        kind = draw(st.integers(0, 4))
        tag = draw(st.sampled_from(TAGS))
        if kind == 0:
            attrs = ""
            if tag == "a":
                attrs = f' href="{draw(st.sampled_from(HREFS))}"'
            if draw(st.booleans()):
                attrs += f' dir="{draw(st.sampled_from(["rtl", "ltr", "auto", "x"]))}"'
            parts.append(f"<{tag}{attrs}>")
        elif kind == 1:
            parts.append(f"</{tag}>")
        elif kind == 2:
            parts.append(draw(st.sampled_from(WORDS)))
        else:
            parts.append(draw(st.text(max_size=20)))
    return "".join(parts)


def check(html: str) -> None:
    content = html_to_content(html, base_url="https://feed.example/rss")
    for block in content.document.blocks:
        assert not _CONTROL.search(block.text.replace("\n", "")), repr(block.text)
        for span in block.spans:
            assert 0 <= span.start < span.end <= len(block.text)
            assert span.link is None or 0 <= span.link < len(content.document.links)
    for link in (*content.document.links, *content.see_also, *content.related):
        assert link.url.startswith(("http://", "https://"))
        assert not _LINE_CONTROL.search(link.title) and "\n" not in link.title


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markup())
def test_structured_markup_gives_clean_documents(html: str) -> None:
    check(html)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_gives_clean_documents(html: str) -> None:
    check(html)
