"""What a whole article page says besides its body: title, section, caption, related links."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from lxml import etree

from tnews.content.document import Direction, Link
from tnews.content.inline import clean_run
from tnews.content.labels import CHROME, RELATED, normalize
from tnews.content.walker import direction_of, is_chrome, links_in
from tnews.text.clean import clean_line

_LANGUAGE_SEGMENTS = frozenset(("ar", "en", "fr", "arabic", "english", "french", "amp", "m"))
_CATEGORY_SEGMENTS = frozenset(("category", "categories", "cat", "section", "sections", "topics"))
_SLUG_NOISE = re.compile(r"^(\d+|\d{4}-\d{2}(-\d{2})?)$|\.(html?|php|aspx?)$|^index$", re.I)
_HOME = frozenset(normalize(w) for w in ("الرئيسية", "الصفحة الرئيسية", "home", "homepage"))
_CHROME_CONTAINERS = "nav, footer, header, aside, form"


def _text(el: etree._Element) -> str:
    return clean_line(clean_run("".join(el.itertext())))


def _meta(root: etree._Element, *names: str) -> str:
    for el in root.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").lower()
        if key in names and el.get("content"):
            return clean_line(clean_run(el.get("content") or ""))
    return ""


def _classy(el: etree._Element, word: str) -> bool:
    return word in f"{el.get('class') or ''} {el.get('id') or ''}".lower()


def page_direction(root: etree._Element) -> Direction | None:
    """The direction the page's html or body element declares."""
    for el in (root, root.find("body")):
        if el is not None:
            direction = direction_of(el)
            if direction:
                return direction
    return None


def page_title(root: etree._Element) -> str:
    """The headline: the article's h1, else og:title, else <title>."""
    for h1 in root.iter("h1"):
        title = _text(h1)
        if title:
            return title
    title = _meta(root, "og:title", "twitter:title")
    if title:
        return title
    el = root.find(".//title")
    return _text(el) if el is not None else ""


def _breadcrumb_section(root: etree._Element, title: str) -> str:
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        label = (el.get("aria-label") or "").lower()
        marked = _classy(el, "breadcrumb") or "breadcrumb" in label
        if not marked and "BreadcrumbList" not in (el.get("itemtype") or ""):
            continue
        names = [_text(a) for a in el.iter("a")]
        names = [n for n in names if n and normalize(n) not in _HOME and n != title]
        if names:
            return names[-1]
    return ""


def _category_link(root: etree._Element) -> str:
    for a in root.iter("a"):
        rel = (a.get("rel") or "").lower().split()
        if "category" in rel or "tag" in rel:
            name = _text(a)
            if name:
                return name
    return ""


def url_section(url: str) -> str:
    """A section name from a URL path: /category/news/x → news, /arabic/world/x → world."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return ""
    segments = [clean_line(unquote(s)) for s in path.split("/") if s.strip()]
    while segments and segments[0].lower() in _LANGUAGE_SEGMENTS:
        segments = segments[1:]
    for i, segment in enumerate(segments[:-1]):
        if segment.lower() in _CATEGORY_SEGMENTS:
            return segments[i + 1]
    if len(segments) == 1:
        return "" if _SLUG_NOISE.search(segments[0]) else segments[0]
    for segment in segments[:-1]:  # the last one is the article's own slug
        if not _SLUG_NOISE.search(segment):
            return segment
    return ""


def page_section(root: etree._Element, url: str, title: str = "") -> str:
    """The site's section for the article: meta, breadcrumb, category link, then URL path."""
    return (
        _meta(root, "article:section")
        or _breadcrumb_section(root, title)
        or _category_link(root)
        or url_section(url)
    )


def lead_caption(root: etree._Element) -> str:
    """The caption of the article's first figure."""
    scope = next(root.iter("article"), root)
    for el in scope.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag == "figcaption" or _classy(el, "wp-caption-text"):
            if any(is_chrome(a) or _classy(a, "related") for a in el.iterancestors()):
                continue
            caption = _text(el)
            if caption:
                return caption
    return ""


def main_container(root: etree._Element) -> etree._Element | None:
    """The element holding most paragraph text: the article body in the original page."""
    weights: dict[etree._Element, int] = {}
    for p in root.iter("p"):
        parent = p.getparent()
        if parent is None or any(is_chrome(a) for a in p.iterancestors()):
            continue
        weights[parent] = weights.get(parent, 0) + len("".join(p.itertext()).strip())
    if not weights:
        return None
    return max(weights, key=lambda el: weights[el])


def _heading_related(root: etree._Element, base: str) -> list[Link]:
    found: list[Link] = []
    for el in root.iter("h1", "h2", "h3", "h4", "h5", "h6", "div", "span", "p", "strong"):
        if el.tag in ("div", "span", "p", "strong") and not (
            _classy(el, "title") or _classy(el, "head")
        ):
            continue
        text = _text(el)
        if not text or len(text) > 40 or normalize(text) not in RELATED:
            continue
        container = el.getparent()
        for _ in range(3):  # a heading sits one or two wrappers above its list
            if container is None:
                break
            after = _links_after(container, el, base)
            if len(after) >= 2:
                found.extend(after)
                break
            container = container.getparent()
    return found


def _links_after(container: etree._Element, heading: etree._Element, base: str) -> list[Link]:
    """Links in container that come after heading in document order."""
    seen_heading = False
    holder = etree.Element("div")
    for el in container.iter():
        if el is heading:
            seen_heading = True
            continue
        if seen_heading and el.tag == "a" and not any(a is heading for a in el.iterancestors()):
            copy = etree.SubElement(holder, "a", href=el.get("href") or "")
            copy.text = "".join(el.itertext())
    return links_in(holder, base)


def page_related(root: etree._Element, base: str) -> list[Link]:
    """Links of the page's related-articles block (labelled heading or "related" class)."""
    found = _heading_related(root, base)
    for el in root.iter("div", "section", "aside", "ul"):
        if (_classy(el, "related") or _classy(el, "yarpp")) and not any(
            _classy(a, "related") for a in el.iterancestors()
        ):
            found.extend(links_in(el, base))
    return found


def chrome_texts(root: etree._Element) -> set[str]:
    """Normalised short texts of navigation, footers, widgets and forms: never body text."""
    texts = set(CHROME)
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag not in ("nav", "footer", "aside", "form", "header") and not is_chrome(el):
            continue
        for piece in el.itertext():
            text = normalize(piece)
            if text and len(text) < 120:
                texts.add(text)
    return texts
