"""HTML fragments (feed content, descriptions, extracted page bodies) to our document model."""

from __future__ import annotations

import re

from lxml import etree, html

from tnews.content.document import ArticleContent, Block, BlockKind, Direction, Document, Link
from tnews.content.inline import compact_links
from tnews.content.labels import CHROME, MORE_MARKERS, RELATED, SEE_ALSO, label_prefix, normalize
from tnews.content.seealso import lift, merge
from tnews.content.walker import Walker, lang_direction, safe_url
from tnews.text.clean import strip_bidi

MAX_INPUT = 5_000_000  # characters; a body larger than this is not an article

# Markup that survived one round of decoding as text: "&lt;p&gt;" in a feed that was
# escaped twice reads "<p>" after the XML layer, and must be parsed once more.
_ESCAPED_TAG = re.compile(
    r"<\s*/?\s*(?:p|br|a|div|span|img|strong|b|em|i|u|ul|ol|li|h[1-6]|blockquote|table|tr|td|"
    r"figure|figcaption|pre|code|hr)\b[^<>]*>",
    re.I,
)
_WRAPPERS = frozenset(("html", "body", "p", "div", "span"))
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
_APPEARED_FIRST = re.compile(
    r"^(?:the post .{1,300} appeared first on .{1,200}"
    r"|ظهرت (?:المقالة|التدوينة) .{1,300} أولاً على .{1,200})$",
    re.I | re.S,
)
_SUMMARY_TAIL = re.compile(r"(\[\s*(?:…|\.\.\.)\s*\]|…|\.\.\.)\s*$")

# huge_tree lifts libxml2's nesting limit from 256 to 2048: pages with hundreds of unclosed
# <font> or <div> tags exist, and past the limit the parser drops everything that follows.
_PARSER = html.HTMLParser(
    encoding="utf-8",
    remove_comments=True,
    remove_pis=True,
    no_network=True,
    recover=True,
    huge_tree=True,
)
_TAG = re.compile(r"<[^>]*>")
_WRAPPER_TAG = re.compile(r"</?(?:div|span|font|section|center|article|small|big)\b[^>]*>", re.I)


def parse_html(text: str) -> etree._Element | None:
    """Parse HTML text into a tree; None when there is nothing to parse."""
    text = _XML_DECLARATION.sub("", text[:MAX_INPUT])
    if not text.strip():
        return None
    root = _parse(text)
    if root is not None and len(root.text_content()) * 2 < len(_TAG.sub("", text).strip()):
        # Lost text means nesting beyond the parser's limit: wrappers carry no meaning
        # for us, so parse again without them.
        flat = _parse(_WRAPPER_TAG.sub(" ", text))
        if flat is not None and len(flat.text_content()) > len(root.text_content()):
            root = flat
    return root


def _parse(text: str) -> etree._Element | None:
    data = text.encode("utf-8", "ignore")  # drops lone surrogates
    try:
        return html.document_fromstring(data, parser=_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None


def _escaped_markup(root: etree._Element) -> str | None:
    """The text to parse again when a fragment is markup escaped one time too many."""
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() not in _WRAPPERS:
            return None
    text = root.text_content()
    return text if _ESCAPED_TAG.search(text) else None


def _document_base(root: etree._Element, base_url: str) -> str:
    """The base URL: a <base href> in the markup, resolved against the page or feed URL."""
    for el in root.iter("base"):
        href = safe_url(el.get("href"), base_url)
        if href:
            return href
    return base_url


_LIFTED_LABELS = SEE_ALSO | RELATED


def is_noise(block: Block) -> bool:
    """Chrome labels and the "appeared first on" line some feeds append to every item."""
    text = strip_bidi(block.text)  # an isolated label is still a label
    if len(text) < 80 and normalize(text) in CHROME:
        return True
    # A see-also label whose links were lost (or lifted) says nothing on its own; a
    # "Read more" that is itself a link is the way to the full article and stays.
    bare = not any(s.link is not None for s in block.spans)
    if bare and len(text) < 40:
        return label_prefix(text, _LIFTED_LABELS) == len(text)
    return block.kind is BlockKind.PARAGRAPH and bool(_APPEARED_FIRST.match(text))


def build(
    root: etree._Element, base_url: str, direction: Direction | None
) -> tuple[list[Block], tuple[Link, ...], list[Link], list[Link]]:
    """Walk a parsed tree: (blocks, links, see-also links, related links), chrome removed."""
    walker = Walker(_document_base(root, base_url), direction)
    body = root.find("body")
    walker.walk(body if body is not None else root)
    walker.close()
    lifted = lift(walker.blocks, walker.links)
    kept = [b for b in lifted.blocks if not is_noise(b)]
    blocks, links = compact_links(kept, walker.links)
    return blocks, links, lifted.see_also, [*lifted.related, *walker.related]


def html_to_content(
    html_text: str, base_url: str = "", direction: Direction | None = None, lang: str = ""
) -> ArticleContent:
    """Turn an HTML fragment into our document, see-also and related links lifted out."""
    direction = direction or lang_direction(lang)
    root = parse_html(html_text or "")
    for _ in range(2):  # one decoding per escaping layer, and feeds rarely have more than two
        if root is None:
            break
        again = _escaped_markup(root)
        if again is None:
            break
        root = parse_html(again)
    if root is None:
        return ArticleContent(Document(), is_summary=True)
    blocks, links, see_also, related = build(root, base_url, direction)
    content = ArticleContent(
        Document(tuple(blocks), links),
        see_also=merge(see_also),
        related=merge(related),
    )
    return ArticleContent(
        content.document,
        see_also=content.see_also,
        related=content.related,
        is_summary=looks_like_summary(content),
    )


def looks_like_summary(content: ArticleContent) -> bool:
    """True when a feed body is only a teaser: short, or ending in […], … or "Read more"."""
    texts = [b.text for b in content.document.blocks if b.text and b.kind is not BlockKind.IMAGE]
    if not texts:
        return True
    last = texts[-1].strip()
    if _SUMMARY_TAIL.search(last):
        return True
    tail = normalize(last[-40:])
    if any(tail.endswith(marker) for marker in MORE_MARKERS):
        return True
    words = 0
    for text in texts:
        words += len(text.split())
        if words >= 60:  # enough to decide: the rest of a long body need not be split
            break
    return words < 60 or (len(texts) == 1 and len(texts[0]) < 400)
