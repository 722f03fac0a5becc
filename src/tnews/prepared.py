"""Articles ready for the store: what the parse workers hand back."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class PreparedArticle:
    """One article as the store keeps it; documents and links already serialised."""

    guid: str
    url: str
    title: str
    author: str
    published: float | None
    lead: str
    body: str
    is_summary: bool
    see_also: str
    related: str
    categories: tuple[str, ...]
    dateline: str
    lead_caption: str
    direction: str | None
    content_hash: str
    search_title: str
    search_body: str
    signature: str
    signature_tokens: tuple[str, ...]
    source_hash: str = ""  # what it was prepared from; see prepare.source_hash
    # Set when the article is staged rather than prepared: the entry as UTF-8 (made by
    # prepare.entry_to_source), to prepare later. Body, lead, links and search fields are
    # empty then.
    source: bytes = b""

    @property
    def staged(self) -> bool:
        """Whether this article still has to be prepared from its source."""
        return bool(self.source)


@dataclass(slots=True)
class PreparedFeed:
    """A parsed feed with its articles prepared, or the reason there are none."""

    title: str = ""
    link: str = ""
    language: str = ""
    articles: list[PreparedArticle] = field(default_factory=list)
    error: str | None = None
    warning: str | None = None
    # Entries left out because the store holds them prepared from the same source, and where
    # each article stood in the feed (empty: none left out, articles are in feed order).
    unchanged: int = 0
    positions: list[int] = field(default_factory=list)
    # The guid of every entry the feed carries, in feed order (None: not known).
    guids: list[str] | None = None
