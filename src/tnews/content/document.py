"""Our own document model: what an article body is once HTML is gone."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntFlag, StrEnum
from typing import Literal

Direction = Literal["ltr", "rtl"]


class BlockKind(StrEnum):
    """The kinds of block a body is made of."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    QUOTE = "quote"
    PRE = "pre"
    IMAGE = "image"
    CAPTION = "caption"
    TABLE_ROW = "table_row"
    RULE = "rule"


class Style(IntFlag):
    """Inline styles; they combine."""

    NONE = 0
    BOLD = 1
    ITALIC = 2
    CODE = 4
    LINK = 8


@dataclass(frozen=True, slots=True)
class Span:
    """A style and/or a link over logical offsets [start, end) of a block's text."""

    start: int
    end: int
    style: Style = Style.NONE
    link: int | None = None  # index into Document.links


@dataclass(frozen=True, slots=True)
class Link:
    """An absolute http(s) URL and the text that pointed at it."""

    url: str
    title: str = ""


@dataclass(frozen=True, slots=True)
class Block:
    """One block of a body. Text is cleaned, logical order, never HTML."""

    kind: BlockKind
    text: str = ""
    spans: tuple[Span, ...] = ()
    direction: Direction | None = None  # a declared dir; None: from the text (UAX #9 P2-P3)
    level: int = 0  # heading level (1-6) or list nesting depth
    ordinal: str = ""  # list marker such as "1." or "•"; table cells joined in text
    # For text with no strong character only: what lang (element, page or feed) suggests.
    fallback: Direction | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """A body: blocks in reading order and the links its spans point at, numbered from 1."""

    blocks: tuple[Block, ...] = ()
    links: tuple[Link, ...] = ()

    @property
    def plain_text(self) -> str:
        """The body's text, one block a paragraph, for search and similarity."""
        return "\n\n".join(b.text for b in self.blocks if b.text)


@dataclass(frozen=True, slots=True)
class ArticleContent:
    """What the content layer makes of an article body or page."""

    document: Document
    see_also: tuple[Link, ...] = ()  # inline see-also links lifted out of the body
    related: tuple[Link, ...] = ()  # the page's related block
    section: str = ""
    dateline: str = ""
    lead_caption: str = ""
    title: str = ""
    is_summary: bool = False
    extra: dict[str, str] = field(default_factory=dict)
    published: float | None = None  # when the page says it was published (epoch seconds)
    # What the page's links call URL slugs (slug, label): names for slug categories.
    section_labels: tuple[tuple[str, str], ...] = ()
