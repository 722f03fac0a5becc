"""feedparser's bookkeeping (bases, languages, element names, text fix-ups) over lxml."""

from __future__ import annotations

import functools
import re
import urllib.parse
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

from feedparser.html import _cp1252
from feedparser.mixin import _FeedParserMixin
from feedparser.urls import _urifixer, make_safe_absolute_uri

from tnews.feeds.raw import RawText

ATOM = "http://www.w3.org/2005/Atom"
RSS10 = "http://purl.org/rss/1.0/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XHTML = "http://www.w3.org/1999/xhtml"
RSS090 = "http://my.netscape.com/rdf/simple/0.9/"

PREFIXES: dict[str, str] = {k.lower(): v for k, v in _FeedParserMixin.namespaces.items()}
looks_like_html: Callable[[str], bool] = _FeedParserMixin.looks_like_html
_C1 = re.compile("[\x80-\x9f]")
_NOT_LATIN1 = re.compile("[^\x00-\xff]")
_SUPPORTED_TYPES = frozenset({"text/plain", "text/html", "application/xhtml+xml"})


class Unsupported(Exception):
    """The strict path does not reproduce feedparser's reading of this feed exactly."""


def has_handler(key: str, cache: dict[str, bool] = {}) -> bool:  # noqa: B006 - memo
    found = cache.get(key)
    if found is None:
        found = cache[key] = hasattr(_FeedParserMixin, "_start_" + key) or hasattr(
            _FeedParserMixin, "_end_" + key
        )
    return found


def fix(text: str, c1_possible: bool = True) -> str:
    """feedparser's last touches on element text: UTF-8-read-as-Latin-1 repair, cp1252."""
    if text.isascii():
        return text
    # Arabic text fails the Latin-1 encoding at its first letter; finding that letter costs a
    # fraction of the exception the encoder would raise.
    if not _NOT_LATIN1.search(text):
        try:
            text = text.encode("iso-8859-1").decode("utf-8")
            c1_possible = True
        except UnicodeDecodeError:
            pass
    # Scanning every body for C1 characters costs more than the XML parse; the caller
    # knows from one pass over the document whether any can be there at all.
    if c1_possible and _C1.search(text):
        text = text.translate(_cp1252)
    return text


def content_type(value: str) -> str:
    value = value.lower()
    if value in ("text", "plain"):
        return "text/plain"
    if value == "html":
        return "text/html"
    if value == "xhtml":
        return "application/xhtml+xml"
    return value


# Keys of tags whose key does not depend on the document's prefixes; bounded, since a
# hostile feed can invent any number of tags.
_KEYS: dict[str, str] = {}
_KEYS_MAX = 2048


def element_key(el: Any) -> str:
    """The handler name feedparser gives an element: "dc_creator", "content_encoded", "title"."""
    tag = el.tag
    key = _KEYS.get(tag)
    if key is not None:
        return key
    if not isinstance(tag, str):
        raise Unsupported("entity reference")
    if tag[0] != "{":
        key = tag.lower()
    else:
        ns, local = tag[1:].split("}", 1)
        lowered = ns.lower()
        if "backend.userland.com/rss" in lowered:
            lowered = "http://backend.userland.com/rss"
        prefix = PREFIXES.get(lowered)
        if prefix is None:
            # Named after the document's own prefix: not the same for every document.
            prefix = el.prefix or ""
            if not prefix:
                raise Unsupported("unknown default namespace")
            return f"{prefix}_{local.lower()}"
        key = f"{prefix}_{local.lower()}" if prefix else local.lower()
    if len(_KEYS) < _KEYS_MAX:
        _KEYS[tag] = key
    return key


# An absolute http(s) URL that urljoin gives back as it is against any base it can parse:
# printable ASCII, lower-case scheme, a host, no path parameters or brackets, and no empty
# query or fragment for it to drop. Nearly every link in a feed is one.
_PLAIN_URL = re.compile(
    r"https?://[A-Za-z0-9._~%!$&'()*+,=:@-]+"
    r"(?:/[A-Za-z0-9._~%!$&'()*+,=:@/-]*)?"
    r"(?:\?[A-Za-z0-9._~%!$&'()*+,;=:@/?-]+)?"
    r"(?:#[A-Za-z0-9._~%!$&'()*+,;=:@/?#-]+)?"
)


@functools.lru_cache(maxsize=64)
def _parses(base: str) -> bool:
    """Whether urljoin can parse the base: when it cannot, every join gives ""."""
    try:
        urllib.parse.urlsplit(base)
    except ValueError:
        return False
    return True


def urljoin(base: str, uri: str) -> str:
    """feedparser's _urljoin, without its parsing for URLs it would give back unchanged."""
    if _PLAIN_URL.fullmatch(uri) and (not base or _parses(base)):
        return uri
    match = _urifixer.match(uri)
    if match is not None and match.end(2) > match.end(1):
        uri = match.group(1) + uri[match.end(2) :]
    try:
        return urllib.parse.urljoin(base, uri)
    except ValueError:
        return ""


class Walker:
    """feedparser's base, language and type bookkeeping for the shapes we accept."""

    def __init__(self, url: str, atom: bool, c1_possible: bool = True) -> None:
        self.base = url
        self.lang: str | None = None
        # The base and language each open element set, innermost last.
        self.scopes: list[tuple[str, str | None]] = []
        self.atom = atom
        self.feed_language = ""
        self.c1_possible = c1_possible
        self._joins: dict[tuple[str, str], str] = {}
        self._rejoins: dict[str, str] = {}

    def attrs(self, items: list[tuple[str, str]]) -> dict[str, str]:
        attrs: dict[str, str] = {}
        for name, value in items:
            if name[0] == "{":
                ns, local = name[1:].split("}", 1)
                prefix = PREFIXES.get(ns.lower(), "")
                local = local.lower()
                if prefix:
                    attrs[f"{prefix}:{local}"] = value
                key = local
            else:
                key = name.lower()
            if key in attrs:
                raise Unsupported("colliding attributes")
            attrs[key] = value.lower() if key in ("rel", "type") else value
        return attrs

    def enter(self, el: Any, tag: str = "") -> dict[str, str]:
        items = el.items()
        if not items:
            # Most elements: the base joined with itself, the language inherited.
            base = self.base
            if base:
                joined = self._rejoins.get(base)
                if joined is None:
                    joined = self._rejoins[base] = make_safe_absolute_uri(base, base) or base
                self.base = joined
            else:
                self.base = urljoin(base, base)
            lang = self.lang
            if lang and tag in ("feed", "rss"):
                self.feed_language = lang.replace("_", "-")
            self.scopes.append((self.base, lang))
            return {}
        attrs = self.attrs(items)
        base = attrs.get("xml:base", attrs.get("base")) or self.base
        if self.base:
            pair = (self.base, base)
            joined = self._joins.get(pair)
            if joined is None:
                joined = self._joins[pair] = make_safe_absolute_uri(*pair) or self.base
            self.base = joined
        else:
            self.base = urljoin(self.base, base)
        lang = attrs.get("xml:lang", attrs.get("lang"))
        if lang == "":
            lang = None
        elif lang is None:
            lang = self.lang
        if lang and tag in ("feed", "rss"):
            self.feed_language = lang.replace("_", "-")
        self.lang = lang
        self.scopes.append((self.base, lang))
        return attrs

    def leave(self) -> None:
        scopes = self.scopes
        scopes.pop()
        if scopes:
            base, self.lang = scopes[-1]
            # feedparser keeps the inner base when the outer one is empty.
            if base:
                self.base = base

    def fix(self, text: str) -> str:
        return fix(text, self.c1_possible)

    def resolve(self, uri: str) -> str:
        return urljoin(self.base or "", uri)

    def text(self, el: Any) -> str:
        if len(el):
            raise Unsupported("markup inside a text element")
        return (el.text or "").strip()

    def construct(self, el: Any, attrs: dict[str, str], default: str, xhtml_ok: bool) -> RawText:
        """A title, summary or content: its value as feedparser joins it, and its context."""
        ctype = content_type(attrs.get("type", default))
        if ctype not in _SUPPORTED_TYPES or "mode" in attrs or "src" in attrs:
            raise Unsupported("content type")
        lang = self.lang.replace("_", "-") if self.lang else self.lang
        self.lang = lang
        if ctype == "application/xhtml+xml":
            if not xhtml_ok:
                raise Unsupported("xhtml here")
            value = self.xhtml(el)
        else:
            value = self.text(el)
            # Without a "<" or "&" there is no tag or entity for looks_like_html to find.
            if (
                not self.atom
                and ctype == "text/plain"
                and ("<" in value or "&" in value)
                and looks_like_html(value)
            ):
                ctype = "text/html"
        return RawText(self.fix(value), ctype, self.base, lang or "")

    def xhtml(self, el: Any) -> str:
        pieces: list[str] = []
        if el.text:
            pieces.append(escape(el.text))
        for child in el:
            self._xhtml_piece(child, pieces)
        if self.atom:
            while len(pieces) > 1 and not pieces[-1].strip():
                del pieces[-1]
            while len(pieces) > 1 and not pieces[0].strip():
                del pieces[0]
            opens = pieces and (pieces[0] == "<div>" or pieces[0].startswith("<div "))
            if opens and pieces[-1] == "</div>" and _single_top_element(pieces):
                pieces = pieces[1:-1]
        return "".join(pieces).strip()

    def _xhtml_piece(self, el: Any, pieces: list[str]) -> None:
        tag = el.tag
        if not isinstance(tag, str) or not tag.startswith("{" + XHTML + "}"):
            raise Unsupported("non-xhtml markup in xhtml content")
        name = tag[len(XHTML) + 2 :].lower()
        if name in ("svg", "math") or XHTML not in el.nsmap.values():
            raise Unsupported("xhtml namespace shape")
        attrs = []
        seen = set()
        for key, value in el.attrib.items():
            key = key.lower()
            if key[0] == "{" or key in seen or key in ("base", "lang"):
                raise Unsupported("xhtml attribute")
            seen.add(key)
            value = value.lower() if key in ("rel", "type") else value
            attrs.append(f' {key}="{escape(value, {chr(34): "&quot;"})}"')
        pieces.append(f"<{name}{''.join(attrs)}>")
        if el.text:
            pieces.append(escape(el.text))
        for child in el:
            self._xhtml_piece(child, pieces)
        pieces.append(f"</{name}>")
        if el.tail:
            pieces.append(escape(el.tail))


def _single_top_element(pieces: list[str]) -> bool:
    depth = 0
    for piece in pieces[:-1]:
        if piece.startswith("</"):
            depth -= 1
            if depth == 0:
                return False
        elif piece.startswith("<") and not piece.endswith("/>"):
            depth += 1
    return True
