"""Plain rows the store hands out; nothing here touches SQL."""

from __future__ import annotations

from dataclasses import dataclass, field

from tnews.content.document import Document, Link

ALL = "@all"
UNREAD = "@unread"
BOOKMARKS = "@bookmarks"
SEARCH_PREFIX = "@search:"
FEED_PREFIX = "@feed:"
QUERY_PREFIX = "@query:"  # a saved query's section: the prefix, then the query's text
HIDDEN = "@hidden"  # articles the config's filters hid at refresh


@dataclass(frozen=True, slots=True)
class Section:
    """A place to read from: a built-in view, a configured group or a site's own section."""

    key: str
    name: str
    kind: str  # 'builtin', 'group', 'site' or 'search'
    total: int = 0
    unread: int = 0


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """What a list row needs."""

    id: int
    feed_id: int
    feed_title: str
    title: str
    url: str
    published: float
    read: bool
    bookmarked: bool
    direction: str | None = None
    section: str = ""
    first_seen: bool = False  # no feed or page gave a date: published is when it was first seen


@dataclass(frozen=True, slots=True)
class Article:
    """A whole article, ready to lay out."""

    id: int
    feed_id: int
    feed_title: str
    title: str
    url: str
    author: str
    published: float
    read: bool
    bookmarked: bool
    direction: str | None
    lead: str
    document: Document
    is_summary: bool
    has_full_text: bool
    full_error: str | None
    see_also: tuple[Link, ...]
    related: tuple[Link, ...]
    categories: tuple[str, ...]
    dateline: str
    lead_caption: str
    sections: tuple[str, ...] = ()
    # How its page comes (see PageStore): "refresh" (with the next refresh), "open" (when
    # opened in the reader), "never" (only when asked); failed attempts and when the next is.
    page_mode: str = "refresh"
    page_attempts: int = 0
    page_retry_at: float | None = None
    first_seen: bool = False  # no feed or page gave a date: published is when it was first seen


@dataclass(frozen=True, slots=True)
class RelatedItem:
    """One entry of the related panel: a link, and the stored article behind it if any."""

    title: str
    url: str
    article_id: int | None = None
    source: str = ""
    published: float | None = None
    score: float | None = None
    first_seen: bool = False  # published is only when the article was first seen


@dataclass(frozen=True, slots=True)
class RelatedGroups:
    """The related panel's three groups, in the order they are shown."""

    see_also: list[RelatedItem] = field(default_factory=list)
    related: list[RelatedItem] = field(default_factory=list)
    same_story: list[RelatedItem] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when there is nothing related at all."""
        return not (self.see_also or self.related or self.same_story)
