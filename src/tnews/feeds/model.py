"""What a parsed feed is, before it reaches the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class ParsedEntry:
    """One item of a feed. Single-line fields are cleaned; HTML fields are raw, unsafe HTML."""

    guid: str  # the id, else the link, else a hash of title+summary: never empty
    url: str  # absolute http(s) link, or ""
    title: str
    author: str = ""
    published: datetime | None = None  # timezone-aware UTC
    updated: datetime | None = None
    summary_html: str = ""  # <description> / <summary>
    content_html: str = ""  # content:encoded / Atom <content>, when the feed carries the body
    categories: tuple[str, ...] = ()
    base_url: str = ""  # xml:base or the feed URL, for resolving relative links in the HTML
    language: str = ""  # xml:lang / channel language, for the text direction


@dataclass(slots=True)
class ParsedFeed:
    """A whole feed."""

    title: str
    link: str  # the site's home page
    language: str = ""
    entries: list[ParsedEntry] = field(default_factory=list)
    error: str | None = None  # set when nothing usable came out; the caller keeps old articles
    warning: str | None = None  # the feed was broken but something was recovered
