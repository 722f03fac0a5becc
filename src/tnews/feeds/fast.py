"""The fast path: a strict, hardened lxml pass giving exactly what feedparser would give.

It takes well-formed RSS 2.0, RSS 1.0 and Atom 1.0 in the shapes real feeds use and refuses
(raises Unsupported) anything whose feedparser reading it does not reproduce exactly; the
caller then falls back to feedparser. Equivalence is tested on every fixture.
"""

from __future__ import annotations

import re
import time
from typing import Any

from feedparser.datetimes import _parse_date
from lxml import etree

from tnews.feeds.authors import split_author
from tnews.feeds.raw import RawEntry, RawFeed, names_a_link
from tnews.feeds.walker import (
    ATOM,
    PREFIXES,
    RDF,
    RSS090,
    RSS10,
    Unsupported,
    Walker,
    content_type,
    element_key,
    has_handler,
)

# Keys feedparser stores entry facts under: an unknown element of that name would clobber them.
_CLOBBERS = frozenset(
    {
        "id",
        "link",
        "links",
        "title",
        "title_detail",
        "author",
        "author_detail",
        "authors",
        "summary",
        "summary_detail",
        "content",
        "published",
        "published_parsed",
        "updated",
        "updated_parsed",
        "tags",
        "guidislink",
    }
)
_FEED_CLOBBERS = frozenset({"title", "title_detail", "link", "links", "language"})
# Handlers that touch nothing we read, for leaf elements.
_INERT_HANDLED = frozenset(
    {
        "enclosure",
        "media_content",
        "media_thumbnail",
        "source",
        "description",
        "subtitle",
        "tagline",
        "pubdate",
        "published",
        "updated",
        "lastbuilddate",
        "dc_date",
        "dcterms_modified",
        "dcterms_issued",
        "generator",
        "copyright",
        "rights",
        "dc_rights",
        "dc_publisher",
        "managingeditor",
        "webmaster",
        "cloud",
        "category",
        "dc_subject",
        "icon",
        "logo",
        "itunes_explicit",
        "itunes_block",
        "itunes_image",
    }
)
_TITLE = frozenset({"title", "dc_title"})
_PUBLISHED = frozenset({"pubdate", "published", "dcterms_issued"})
_UPDATED = frozenset({"updated", "dc_date", "dcterms_modified", "lastbuilddate"})
_AUTHOR = frozenset({"author", "dc_creator", "dc_author"})
_SUMMARY = {"description": "text/html", "dc_description": "text/html", "summary": "text/plain"}
_CONTENT = {"content_encoded": "text/html", "content": "text/plain"}
_CATEGORY = frozenset({"category", "dc_subject"})


_C1_UTF8 = re.compile(b"\xc2[\x80-\x9f]")
# A character reference to U+0080..U+009F; WordPress feeds are full of other ones (&#8217;).
_C1_REF = re.compile(rb"&#(?:0*(?:12[89]|1[3-5][0-9])|x0*[89][0-9a-fA-F]);")
_LINK_REF = re.compile("&([A-Za-z0-9_]+);")


class _Entry:
    """One entry being read, with feedparser's order-dependent rules for links and tags."""

    def __init__(self) -> None:
        self.raw = RawEntry()
        self.seen: set[str] = set()
        self.content_value: str | None = None

    def once(self, what: str) -> None:
        if what in self.seen:
            raise Unsupported(f"repeated {what}")
        self.seen.add(what)

    def add_tag(self, term: str | None, scheme: str | None, label: str | None) -> None:
        if not term and not scheme and not label:
            return
        tag = (term, scheme, label)
        if tag not in self.raw.tags:
            self.raw.tags.append(tag)


def _link(w: Walker, el: Any, attrs: dict[str, str], in_entry: bool) -> str | None:
    """feedparser's _start_link/_end_link: the new link of the entry or feed, or None."""
    rel = attrs.setdefault("rel", "alternate")
    attrs.setdefault("type", "application/atom+xml" if rel == "self" else "text/html")
    href = attrs.get("url", attrs.get("uri", attrs.get("href")))
    if href:
        attrs["href"] = href
    if "href" in attrs:
        if len(el) or (el.text or "").strip():
            raise Unsupported("link with both href and text")
        href = w.resolve(attrs["href"])
        if rel == "alternate" and content_type(attrs["type"]) in (
            "text/html",
            "application/xhtml+xml",
        ):
            return href
        return None
    value = w.text(el)
    if value:
        value = w.resolve(value)
    value = w.fix(value)
    if in_entry:
        value = value.replace("&amp;", "&")
    return _LINK_REF.sub(r"&\g<1>", value) if "&" in value else value


def _leaf_inert(el: Any, key: str, clobbers: frozenset[str] = _CLOBBERS) -> None:
    if len(el):
        raise Unsupported(f"children in {key}")
    if key in clobbers or (has_handler(key) and key not in _INERT_HANDLED):
        raise Unsupported(f"element {key}")


def _author_children(w: Walker, el: Any) -> tuple[str, str]:
    name = email = ""
    seen: set[str] = set()
    if (el.text or "").strip():
        raise Unsupported("author with text and children")
    for child in el:
        key = element_key(child)
        if key in seen or key not in ("name", "email", "uri", "url", "homepage"):
            raise Unsupported("author shape")
        seen.add(key)
        w.enter(child)
        value = w.text(child)
        if key == "name":
            name = value
        elif key == "email":
            email = value
        w.leave()
        if (child.tail or "").strip():
            raise Unsupported("author with text and children")
    return name, email


def _entry(w: Walker, item: Any) -> RawEntry:
    entry = _Entry()
    raw = entry.raw
    attrs = w.enter(item)
    if attrs and any(
        k not in ("rdf:about", "about", "xml:base", "base", "xml:lang", "lang") for k in attrs
    ):
        raise Unsupported("item attributes")
    if attrs.get("rdf:about"):
        raw.id = attrs["rdf:about"]
    for child in item:
        key = element_key(child)
        attrs = w.enter(child, key)
        if key in _TITLE:
            entry.once("title")
            raw.title = w.construct(child, attrs, "text/plain", False)
        elif key == "link":
            link = _link(w, child, attrs, True)
            if link is not None:
                raw.link = link
                entry.seen.add("link")
        elif key in ("guid", "id"):
            entry.once("id")
            written = w.text(child)
            permalink = attrs.get("ispermalink", "true") == "true"
            value = w.fix(w.resolve(written) if written and permalink else written)
            # An id that names no link stays as written; as a permalink it still gives one.
            raw.id = value if names_a_link(written) else w.fix(written)
            if permalink and "link" not in entry.seen:
                entry.seen.add("link")
                raw.link = value
        elif key in _AUTHOR:
            entry.once("author")
            if len(child):
                name, email = _author_children(w, child)
            else:
                name, email = split_author(w.fix(w.text(child)))
            raw.author = name or email
        elif key in _PUBLISHED:
            entry.once("published")
            raw.published = _date(w.fix(w.text(child)))
        elif key in _UPDATED:
            entry.once("updated")
            raw.updated = _date(w.fix(w.text(child)))
        elif key in _SUMMARY:
            entry.once("summary")
            raw.summary_detail = w.construct(child, attrs, _SUMMARY[key], w.atom)
            raw.summary = raw.summary_detail.value
        elif key in _CONTENT:
            entry.once("content")
            raw.content = w.construct(child, attrs, _CONTENT[key], w.atom)
        elif key in _CATEGORY:
            entry.add_tag(
                attrs.get("term"), attrs.get("scheme", attrs.get("domain")), attrs.get("label")
            )
            value = w.fix(w.text(child))
            if value:
                tags = raw.tags
                if tags and not tags[-1][0]:
                    tags[-1] = (value, tags[-1][1], tags[-1][2])
                else:
                    entry.add_tag(value, None, None)
        elif key == "contributor" and w.atom:
            _author_children(w, child)
        else:
            _leaf_inert(child, key)
        w.leave()
    if raw.summary_detail is None and raw.content is not None:
        raw.summary = raw.content.value
    w.leave()
    return raw


def _date(value: str) -> time.struct_time | None:
    return _parse_date(value) if value else None


class _FeedFacts:
    def __init__(self) -> None:
        self.raw = RawFeed()
        self.seen: set[str] = set()

    def once(self, what: str) -> None:
        if what in self.seen:
            raise Unsupported(f"repeated feed {what}")
        self.seen.add(what)


_IMAGE_CHILDREN = frozenset({"title", "link", "url", "description", "width", "height"})
_TEXTINPUT_CHILDREN = frozenset({"title", "link", "description", "name"})


def _skip_box(w: Walker, el: Any, allowed: frozenset[str]) -> None:
    """An RSS image or text input: its children land in their own dict, not the feed's."""
    for child in el:
        key = element_key(child)
        if key not in allowed or len(child):
            raise Unsupported(f"{key} in image or textinput")
        w.enter(child, key)
        w.leave()


def _feed_child(w: Walker, facts: _FeedFacts, el: Any, key: str) -> None:
    raw = facts.raw
    attrs = w.enter(el, key)
    if key in _TITLE:
        facts.once("title")
        raw.title = w.construct(el, attrs, "text/plain", False)
    elif key == "link":
        link = _link(w, el, attrs, False)
        if link is not None:
            raw.link = link
            facts.seen.add("link")
    elif key in ("language", "dc_language"):
        facts.once("language")
        raw.language = w.fix(w.text(el))
    elif key == "id":
        facts.once("id")
        value = w.text(el)
        value = w.fix(w.resolve(value) if value else value)
        if "link" not in facts.seen:
            facts.seen.add("link")
            raw.link = value
    elif key == "image":
        _skip_box(w, el, _IMAGE_CHILDREN)
    elif key == "textinput" and not len(el):
        pass
    elif key == "items" and not w.atom:
        for node in el.iter():
            if node is not el and has_handler(element_key(node)):
                raise Unsupported("handled element inside items")
    elif key in ("author", "contributor") and len(el):
        _author_children(w, el)
    else:
        _leaf_inert(el, key, _FEED_CLOBBERS)
    w.leave()


def _check_namespaces(root: Any, rivals: tuple[str, ...]) -> None:
    """Refuse declarations that would make feedparser guess the version or prefixes oddly."""
    for prefix, uri in root.nsmap.items():
        lowered = uri.lower()
        # feedparser takes its version from the first of these it meets, in document order.
        if lowered in rivals:
            raise Unsupported("mixed feed namespaces")
        known = PREFIXES.get(lowered)
        if prefix and known is not None and known != prefix and prefix in PREFIXES.values():
            raise Unsupported("standard prefix bound to another namespace")


def fast_parse(data: bytes, url: str) -> RawFeed:
    """Parse UTF-8 feed bytes strictly; raise Unsupported or XMLSyntaxError when we cannot."""
    parser = etree.XMLParser(
        encoding="utf-8",
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        recover=False,
        remove_comments=True,
        remove_pis=True,
    )
    root = etree.fromstring(data, parser)
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise Unsupported("DOCTYPE")
    tag = root.tag
    facts = _FeedFacts()
    # C1 characters reach the text literally (UTF-8 C2 80..C2 9F) or as character references.
    c1_possible = (b"&#" in data and _C1_REF.search(data) is not None) or (
        _C1_UTF8.search(data) is not None
    )
    if tag == "rss":
        w = Walker(url, atom=False, c1_possible=c1_possible)
        _check_namespaces(root, ())
        w.enter(root, "rss")
        channels = list(root)
        if len(channels) != 1 or channels[0].tag != "channel":
            raise Unsupported("rss without a single channel")
        channel = channels[0]
        w.enter(channel, "channel")
        for child in channel:
            key = element_key(child)
            if key == "item":
                facts.raw.entries.append(_entry(w, child))
            else:
                _feed_child(w, facts, child, key)
        w.leave()
    elif tag == f"{{{RDF}}}RDF" and root.nsmap.get(None) == RSS10:
        w = Walker(url, atom=False, c1_possible=c1_possible)
        _check_namespaces(root, (RSS090, ATOM.lower()))
        w.enter(root, "rdf:rdf")
        for child in root:
            key = element_key(child)
            if key == "item":
                facts.raw.entries.append(_entry(w, child))
            elif key == "channel":
                w.enter(child, key)
                for sub in child:
                    _feed_child(w, facts, sub, element_key(sub))
                w.leave()
            elif key in ("image", "textinput"):
                w.enter(child, key)
                _skip_box(w, child, _IMAGE_CHILDREN if key == "image" else _TEXTINPUT_CHILDREN)
                w.leave()
            else:
                raise Unsupported(f"{key} at the top of an RSS 1.0 feed")
    elif tag == f"{{{ATOM}}}feed":
        w = Walker(url, atom=True, c1_possible=c1_possible)
        _check_namespaces(root, (RSS090, RSS10))
        w.enter(root, "feed")
        for child in root:
            key = element_key(child)
            if key == "entry":
                facts.raw.entries.append(_entry(w, child))
            else:
                _feed_child(w, facts, child, key)
    else:
        raise Unsupported("not RSS 2.0, RSS 1.0 or Atom 1.0")
    if "language" not in facts.seen:
        facts.raw.language = w.feed_language
    return facts.raw
