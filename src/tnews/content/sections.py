"""Section names a reader recognises: the page's own labels before URL path segments, and the
page's link text for the Latin slugs feeds give as categories."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from lxml import etree

from tnews.content.labels import is_slug, normalize
from tnews.content.page import class_words, element_text, meta_content
from tnews.content.walker import is_chrome
from tnews.text.clean import clean_line

# Leading path segments that name a language or an edition, not a section (/arabic/…, /urdu/…).
_LANGUAGE_SEGMENTS = frozenset(
    (
        *("ar", "en", "fr", "fa", "ur", "tr", "he", "arabic", "english", "french", "persian"),
        *("farsi", "urdu", "turkish", "hebrew", "pashto", "hindi", "amp", "m", "mobile"),
    )
)
_CATEGORY_SEGMENTS = frozenset(("category", "categories", "cat", "section", "sections", "topics"))
_SLUG_NOISE = re.compile(r"^(\d+|\d{4}-\d{2}(-\d{2})?)$|\.(html?|php|aspx?)$|^index$", re.I)
# Path segments that are the site's plumbing, never a section a reader would know.
NOT_SECTIONS = frozenset(
    (
        *("other", "others", "pages", "page", "featured", "post", "posts", "article"),
        *("articles", "story", "stories", "details", "detail", "node", "content", "contents"),
        *("item", "items", "view", "show", "single", "uncategorized", "uncategorised", "misc"),
        *("default", "main", "archive", "archives", "entry", "entries", "media", "amp", "rss"),
        *("feed", "feeds", "p", "s", "a", "n", "id", "news-details", "newsdetails"),
    )
)
_HOME = frozenset(normalize(w) for w in ("الرئيسية", "الصفحة الرئيسية", "home", "homepage"))
# Class words of a link naming the article's section above its headline (Sputnik's rubric).
_SECTION_LINK_WORDS = frozenset(("rubric", "category", "cat", "kicker", "section"))
_MAX_LABELS = 200


def _path_segments(url: str) -> list[str]:
    try:
        path = urlsplit(url).path
    except ValueError:
        return []
    return [clean_line(unquote(s)) for s in path.split("/") if s.strip()]


def url_section(url: str) -> str:
    """A section name from a URL path: /category/news/x → news, /arabic/world/x → world;
    never the site's plumbing (/other/, /pages/, /featured/)."""
    segments = _path_segments(url)
    while segments and segments[0].lower() in _LANGUAGE_SEGMENTS:
        segments = segments[1:]
    for i, segment in enumerate(segments[:-1]):
        if segment.lower() in _CATEGORY_SEGMENTS:
            return segments[i + 1]
    # The last segment is the article's own slug, unless it is the only one.
    for segment in segments[:-1] if len(segments) > 1 else segments:
        if not _SLUG_NOISE.search(segment) and segment.lower() not in NOT_SECTIONS:
            return segment
    return ""


def _breadcrumb_section(root: etree._Element, title: str) -> str:
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        label = (el.get("aria-label") or "").lower()
        attr = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
        marked = "breadcrumb" in attr or "breadcrumb" in label
        if not marked and "BreadcrumbList" not in (el.get("itemtype") or ""):
            continue
        names = [element_text(a) for a in el.iter("a")]
        names = [n for n in names if n and normalize(n) not in _HOME and n != title]
        if names:
            return names[-1]
    return ""


def _outside_menus(a: etree._Element) -> bool:
    return not any(
        x.tag in ("nav", "footer", "aside", "header") or is_chrome(x) for x in a.iterancestors()
    )


def _category_link(root: etree._Element) -> str:
    """A link the page marks as the article's category: rel=category or tag, or a class
    such as "rubric" or "post-category" outside the site's menus."""
    for a in root.iter("a"):
        rel = (a.get("rel") or "").lower().split()
        marked = "category" in rel or "tag" in rel
        if not marked and class_words(a) & _SECTION_LINK_WORDS:
            marked = _outside_menus(a)
        name = element_text(a) if marked else ""
        if name and len(name) <= 40:
            return name
    return ""


def section_labels(root: etree._Element) -> dict[str, str]:
    """What the page's links call the slugs their paths end in: {"economy": "اقتصاد"}."""
    labels: dict[str, str] = {}
    for a in root.iter("a"):
        segments = _path_segments(a.get("href") or "")
        slug = segments[-1].lower() if segments else ""
        if not is_slug(slug) or slug in labels or slug in NOT_SECTIONS:
            continue
        text = element_text(a)
        if text and len(text) <= 40 and len(text.split()) <= 4 and not is_slug(text.lower()):
            labels[slug] = text
            if len(labels) >= _MAX_LABELS:
                break
    return labels


def page_section(root: etree._Element, url: str, title: str = "") -> str:
    """The site's section for the article: its meta, breadcrumb or category link; else the
    URL's section segment, named as the page's links name it when it is a slug."""
    found = (
        meta_content(root, "article:section")
        or _breadcrumb_section(root, title)
        or _category_link(root)
    )
    if found:
        return found
    from_url = url_section(url)
    if is_slug(from_url.lower()):
        return section_labels(root).get(from_url.lower(), from_url)
    return from_url
