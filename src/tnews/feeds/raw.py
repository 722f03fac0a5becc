"""What both parsing paths extract from a feed, and the one place it becomes our model."""

from __future__ import annotations

import hashlib
import html
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from lxml import etree

from tnews.content.html import parse_html
from tnews.content.walker import BLOCKS, DROPPED
from tnews.feeds.model import ParsedEntry, ParsedFeed
from tnews.text.clean import clean_line

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


@dataclass(slots=True)
class RawText:
    """A text construct as feedparser reports it: value, MIME type, base and language in scope."""

    value: str
    type: str = "text/html"
    base: str = ""
    language: str = ""


@dataclass(slots=True)
class RawEntry:
    """The feedparser-shaped facts we read from an entry, before cleaning."""

    id: str = ""
    link: str = ""
    title: RawText | None = None
    author: str = ""
    published: time.struct_time | None = None
    updated: time.struct_time | None = None
    summary: str = ""
    summary_detail: RawText | None = None
    content: RawText | None = None
    tags: list[tuple[str | None, str | None, str | None]] = field(default_factory=list)


@dataclass(slots=True)
class RawFeed:
    """The feedparser-shaped facts we read from a feed."""

    title: RawText | None = None
    link: str = ""
    language: str = ""
    entries: list[RawEntry] = field(default_factory=list)


# Every character clean_line changes or removes: controls, bidi formatting, and whitespace
# other than the space (it folds runs of whitespace into one space).
_UNCLEAN = re.compile(
    r"[\x00-\x1f\x7f-\xa0\u1680\u2000-\u200a\u2028-\u202f\u205f\u2066-\u2069\u3000]"
)
LINE_LIMIT = 2000
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def clean_field(text: str | None, *, keep_bidi: bool = False) -> str:
    """clean_line(text), skipping its substitutions for the many fields that need none."""
    if not text:
        return ""
    if (
        len(text) <= LINE_LIMIT
        and text[0] != " "
        and text[-1] != " "
        and "  " not in text
        and not _UNCLEAN.search(text)
    ):
        return text
    return clean_line(text, LINE_LIMIT, keep_bidi=keep_bidi)


def html_to_line(value: str) -> str:
    """The visible text of an HTML fragment such as a title, parsed as bodies are parsed.

    Script, style and the other elements a body drops, comments and hidden elements give
    no text; attributes never do. Blocks and line breaks become spaces.
    """
    if "<" not in value:
        return html.unescape(value) if "&" in value else value
    root = parse_html(value)
    if root is None:
        return ""
    pieces: list[str] = []
    walk = etree.iterwalk(root, events=("start", "end"))
    skipped: etree._Element | None = None
    for event, el in walk:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            if not tag or tag in DROPPED or el.get("hidden") is not None or _hidden(el):
                skipped = el
                walk.skip_subtree()
                continue
            if tag in BLOCKS or tag == "br":
                pieces.append(" ")
            if el.text:
                pieces.append(el.text)
        else:
            if el is skipped:
                skipped = None
            elif tag in BLOCKS:
                pieces.append(" ")
            if el.tail and el is not root:
                pieces.append(el.tail)
    return "".join(pieces)


def _hidden(el: etree._Element) -> bool:
    style = el.get("style")
    return style is not None and bool(_HIDDEN_STYLE.search(style))


_SCHEME = re.compile(r"\A\s*[A-Za-z][A-Za-z0-9+.\-]*:")


def names_a_link(written: str) -> bool:
    """Whether an id as written is a URL reference, to resolve and follow, not just a name.

    feedparser resolves every permalink id against the base, so a guid "12345" would become
    "https://site/feed/12345" and the entry's link; an id with no scheme and no "/" is kept.
    """
    return "/" in written or bool(_SCHEME.match(written))


def http_url(value: str) -> str:
    """The URL when it is absolute http(s), else ""."""
    value = clean_field(value)
    scheme, sep, rest = value.partition(":")
    if sep and scheme.lower() in ("http", "https") and rest.startswith("//") and len(rest) > 2:
        return value
    return ""


def _line(text: RawText | None) -> str:
    if text is None:
        return ""
    # Titles keep the author's bidi controls: each is laid out as a paragraph of its own.
    if text.type in HTML_TYPES:
        return clean_field(html_to_line(text.value), keep_bidi=True)
    return clean_field(text.value, keep_bidi=True)


def _as_html(text: RawText | None, value: str | None = None) -> str:
    value = text.value if value is None and text is not None else (value or "")
    if text is not None and text.type not in HTML_TYPES:
        # Plain text must stay text downstream: escape it so no "<" in it becomes markup.
        return html.escape(value, quote=False)
    return value


def _utc(value: time.struct_time | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)
    except (ValueError, OverflowError):
        return None


def _categories(tags: list[tuple[str | None, str | None, str | None]]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for term, _scheme, label in tags:
        name = clean_field(label or term or "", keep_bidi=True)
        if name:
            seen.setdefault(name, None)
    return tuple(seen)


def finish_entry(raw: RawEntry, feed_url: str, feed_language: str) -> ParsedEntry:
    """Turn the raw facts of one entry into a cleaned ParsedEntry."""
    title = _line(raw.title)
    content_html = _as_html(raw.content) if raw.content is not None else ""
    # feedparser copies the body into the summary when there is no description; keep it once.
    if raw.content is not None and raw.summary == raw.content.value:
        summary_html = ""
    else:
        summary_html = _as_html(raw.summary_detail, raw.summary)
    guid = clean_field(raw.id) or clean_field(raw.link)
    if not guid:
        digest = hashlib.sha256(f"{title}\n{raw.summary}".encode()).hexdigest()
        guid = "sha256:" + digest[:40]
    scoped = [t for t in (raw.content, raw.summary_detail, raw.title) if t is not None]
    base = next((t.base for t in scoped if t.base), feed_url)
    language = next((t.language for t in scoped if t.language), feed_language)
    return ParsedEntry(
        guid=guid,
        url=http_url(raw.link),
        title=title,
        author=clean_field(raw.author, keep_bidi=True),
        published=_utc(raw.published),
        updated=_utc(raw.updated),
        summary_html=summary_html,
        content_html=content_html,
        categories=_categories(raw.tags),
        base_url=clean_field(base),
        language=clean_field(language),
    )


def finish_feed(raw: RawFeed, feed_url: str) -> ParsedFeed:
    """Turn the raw facts of a feed into a cleaned ParsedFeed."""
    language = clean_field(raw.language)
    return ParsedFeed(
        title=_line(raw.title),
        link=http_url(raw.link),
        language=language,
        entries=[finish_entry(entry, feed_url, language) for entry in raw.entries],
    )
