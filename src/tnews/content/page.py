"""What a whole article page says besides its body: title, section, caption, related links."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from lxml import etree

from tnews.content.document import Direction, Link
from tnews.content.inline import clean_run
from tnews.content.labels import CHROME, RELATED, normalize
from tnews.content.walker import direction_of, is_chrome, links_in
from tnews.text.clean import clean_line

_CHROME_CONTAINERS = "nav, footer, header, aside, form"
_CLASS_WORD = re.compile(r"[\s_\-]+")
# Class words of the block a publisher sets its lead in, above the body.
_LEAD_WORDS = frozenset(
    ("lead", "summary", "introtext", "intro", "announce", "excerpt", "standfirst", "subtitle")
)
_LEAD_CHARS = (40, 1000)
_PUBLISHED_METAS = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "publishdate",
    "pubdate",
    "dc.date.issued",
    "dcterms.created",
    "parsely-pub-date",
    "sailthru.date",
)
_PUBLISHED_WORDS = frozenset(("datepublished", "published", "publish", "pubdate", "posted"))
_YEARS = (1990, 2200)
_LEAD_TAGS = frozenset(("div", "p", "h2", "section", "span", "strong"))


def element_text(el: etree._Element) -> str:
    """An element's text as one clean line."""
    return clean_line(clean_run("".join(el.itertext())))


def meta_content(root: etree._Element, *names: str) -> str:
    """The content of the first <meta> named (property, name or itemprop) one of names."""
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
        title = element_text(h1)
        if title:
            return title
    title = meta_content(root, "og:title", "twitter:title")
    if title:
        return title
    el = root.find(".//title")
    return element_text(el) if el is not None else ""


def lead_caption(root: etree._Element) -> str:
    """The caption of the article's first figure."""
    scope = next(root.iter("article"), root)
    for el in scope.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag == "figcaption" or _classy(el, "wp-caption-text"):
            if any(is_chrome(a) or _classy(a, "related") for a in el.iterancestors()):
                continue
            caption = element_text(el)
            if caption:
                return caption
    return ""


def class_words(el: etree._Element) -> set[str]:
    """The words of an element's class and id: "b-article__lead" gives b, article, lead."""
    attr = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    return set(_CLASS_WORD.split(attr)) - {""}


def _is_lead(el: etree._Element) -> bool:
    return bool(class_words(el) & _LEAD_WORDS) or (el.get("itemprop") or "") == "description"


def page_lead(root: etree._Element, container: etree._Element | None) -> str:
    """The lead paragraph the publisher sets apart above the body (Sputnik's
    b-article__lead, a summary or intro block): text that a main-text pass, reading only
    the body container, leaves behind. It comes after the headline and before the body:
    teasers of other stories above the headline are not it."""
    headline = next(root.iter("h1"), None)
    for el in root.iter():
        if el is container:
            return ""  # the body has begun: a lead comes before it
        if el is headline:
            headline = None
        if headline is not None or el.tag not in _LEAD_TAGS or not _is_lead(el):
            continue
        if any(
            is_chrome(a) or a.tag in ("nav", "footer", "aside", "a") for a in el.iterancestors()
        ):
            continue
        if container is not None and any(a is el for a in container.iterancestors()):
            continue  # a wrapper of the whole article, not its lead
        text = element_text(el)
        linked = sum(len("".join(a.itertext())) for a in el.iter("a"))
        if _LEAD_CHARS[0] <= len(text) <= _LEAD_CHARS[1] and linked < len(text) / 2:
            return text
    return ""


def parse_when(text: str) -> float | None:
    """An ISO 8601 or RFC 822 time as epoch seconds; a time with no zone is taken as UTC."""
    text = text.strip()
    if not text or len(text) > 64:
        return None
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    if not _YEARS[0] <= when.year <= _YEARS[1]:
        return None
    return when.timestamp()


def _json_ld_dates(root: etree._Element) -> list[str]:
    """datePublished values of the page's JSON-LD, articles' first."""
    found: list[tuple[bool, str]] = []

    def walk(node: object, depth: int) -> None:
        if depth > 8 or len(found) > 20:
            return
        if isinstance(node, list):
            for child in node[:50]:
                walk(child, depth + 1)
        elif isinstance(node, dict):
            value = node.get("datePublished")
            if isinstance(value, str):
                kind = node.get("@type")
                kinds = kind if isinstance(kind, list) else [kind]
                found.append(
                    (any("Article" in str(k) or "Posting" in str(k) for k in kinds), value)
                )
            for key, child in node.items():
                if key != "datePublished" and isinstance(child, dict | list):
                    walk(child, depth + 1)

    for script in root.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower() or not script.text:
            continue
        try:
            walk(json.loads(script.text[:200_000], strict=False), 0)
        except (ValueError, RecursionError):
            continue
    return [value for is_article, value in sorted(found, key=lambda f: not f[0])]


def _time_elements(root: etree._Element) -> list[str]:
    """datetime attributes of <time> elements: those marked as the publication time, else
    the first one outside navigation and widgets."""
    marked: list[str] = []
    plain: list[str] = []
    for el in root.iter("time"):
        value = el.get("datetime") or ""
        ancestors = list(el.iterancestors())
        if not value or any(a.tag in ("nav", "footer", "aside") for a in ancestors):
            continue
        words = class_words(el) | {(el.get("itemprop") or "").lower()}
        if el.get("pubdate") is not None or words & _PUBLISHED_WORDS:
            marked.append(value)
        elif not any(is_chrome(a) for a in ancestors):
            plain.append(value)
    return marked + plain[:1]


def page_published(root: etree._Element) -> float | None:
    """When the page says the article was published: article:published_time and its
    kin, JSON-LD datePublished, a <time datetime>; a value with a time of day before a
    bare date."""
    candidates = [
        meta_content(root, *_PUBLISHED_METAS),
        *_json_ld_dates(root),
        *_time_elements(root),
    ]
    dates = [when for text in candidates if text and (when := parse_when(text)) is not None]
    timed = [when for when in dates if when % 86400]
    return next(iter(timed or dates), None)


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
        text = element_text(el)
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
