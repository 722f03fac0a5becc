"""Article pages to content: main text by trafilatura, page metadata and links from the DOM."""

from __future__ import annotations

import re

import trafilatura
from lxml import etree

from tnews.content.dateline import split_dateline
from tnews.content.document import ArticleContent, Block, BlockKind, Document, Link
from tnews.content.html import build, is_noise, looks_like_summary, parse_html
from tnews.content.inline import compact_links
from tnews.content.labels import normalize
from tnews.content.page import (
    chrome_texts,
    lead_caption,
    main_container,
    page_direction,
    page_lead,
    page_published,
    page_related,
    page_title,
)
from tnews.content.sections import page_section, section_labels
from tnews.content.seealso import link_only, merge
from tnews.text.encoding import decode_bytes

__all__ = ["extract_page", "looks_like_summary", "split_dateline"]

_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.I)


def _declared_charset(content_type: str | None) -> str | None:
    match = _CHARSET.search(content_type or "")
    return match.group(1) if match else None


def _kind(content_type: str | None) -> str:
    return (
        "xml" if content_type and "xml" in content_type and "html" not in content_type else "html"
    )


def _main_html(text: str, url: str) -> str | None:
    """The main content as HTML, from trafilatura, offline and deterministic."""
    try:
        return trafilatura.extract(
            text,
            url=url or None,
            output_format="html",
            include_links=True,
            include_formatting=True,
            include_images=False,
            include_tables=True,
            include_comments=False,
            favor_precision=True,
            with_metadata=False,
            deduplicate=False,
        )
    except (ValueError, TypeError, AttributeError, etree.LxmlError, RecursionError):
        return None


def _drop_chrome(
    blocks: list[Block],
    links: tuple[Link, ...],
    chrome: set[str],
    lifted_urls: set[str],
    known: set[str],
) -> list[Block]:
    """Blocks that are neither theme chrome nor leftovers of see-also/related lists."""
    kept: list[Block] = []
    for block in blocks:
        text = normalize(block.text)
        if (block.kind is not BlockKind.RULE and not text) or is_noise(block):
            continue
        if len(text) < 120 and (text in chrome or text in known):
            continue
        pointed = link_only(block, links)
        if pointed and all(link.url in lifted_urls for link in pointed):
            continue
        kept.append(block)
    return kept


def _told(lead: str, blocks: list[Block]) -> bool:
    """Whether the body already tells the lead (the main-text pass kept it)."""
    folded = normalize(lead)
    return any(folded in normalize(b.text) for b in blocks[:4] if b.text)


def extract_page(data: bytes, url: str, content_type: str | None = None) -> ArticleContent:
    """Extract an article page: body, see-also, related, section, title, dateline, caption."""
    text, _encoding = decode_bytes(data, _declared_charset(content_type), "html")
    root = parse_html(text)
    if root is None:
        return ArticleContent(Document())
    direction = page_direction(root)
    title = page_title(root)
    section = page_section(root, url, title)
    caption = lead_caption(root)

    # Our own pass over the original article element finds the see-also and related
    # links that the main-text extractor tends to drop together with their labels.
    container = main_container(root)
    own_blocks: list[Block] = []
    own_links: tuple[Link, ...] = ()
    see_also: list[Link] = []
    related: list[Link] = []
    if container is not None:
        own_blocks, own_links, see_also, related = build(container, url, direction)
    related = [*related, *page_related(root, url)]

    chrome = chrome_texts(root)
    body_root = None
    main = _main_html(text, url)
    if main:
        body_root = parse_html(main)
    if body_root is not None:
        blocks, links, more_see, more_related = build(body_root, url, direction)
        see_also, related = [*see_also, *more_see], [*related, *more_related]
    else:
        blocks, links = own_blocks, own_links

    this_page = {url.rstrip("/")}
    see = merge(see_also, exclude=this_page)
    rel = merge(related, exclude=this_page | {link.url.rstrip("/") for link in see})
    known = {normalize(t) for t in (title, section, caption) if t}
    lifted_urls = {link.url for link in (*see, *rel)}
    blocks = _drop_chrome(blocks, links, chrome, lifted_urls, known)
    blocks, dateline = split_dateline(blocks)
    lead = page_lead(root, container)
    if lead and not _told(lead, blocks):
        lead_blocks, lead_dateline = split_dateline([Block(BlockKind.PARAGRAPH, lead)])
        blocks, dateline = [*lead_blocks, *blocks], dateline or lead_dateline
    blocks, links = compact_links(blocks, list(links))
    return ArticleContent(
        Document(tuple(blocks), links),
        see_also=see,
        related=rel,
        section=section,
        dateline=dateline,
        lead_caption=caption,
        title=title,
        is_summary=False,
        published=page_published(root),
        section_labels=tuple(section_labels(root).items()),
    )
