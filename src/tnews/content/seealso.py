"""Lift inline see-also blocks and related-article lists out of a body's blocks."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from tnews.content.document import Block, BlockKind, Link
from tnews.content.labels import RELATED, SEE_ALSO, label_prefix

# What may sit between links in a link-only line: spaces, bullets, separators.
_SEPARATORS = frozenset(" \n\t-–—•·|،,:;/»«>*()[]")
_LINKABLE = (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.HEADING, BlockKind.QUOTE)


@dataclass(slots=True)
class Lifted:
    """A body with its see-also and related links taken out."""

    blocks: list[Block]
    see_also: list[Link] = field(default_factory=list)
    related: list[Link] = field(default_factory=list)


def _is_article_url(url: str) -> bool:
    """A link to a page with a path, not to a site's home page."""
    path = urlsplit(url).path
    return bool(path.strip("/"))


def link_only(block: Block, links: tuple[Link, ...] | list[Link], start: int = 0) -> list[Link]:
    """The links of a block whose text from start on is nothing but links; else no links."""
    if block.kind not in _LINKABLE or start >= len(block.text):
        return []
    covered = [False] * (len(block.text) - start)
    found: list[Link] = []
    for span in block.spans:
        if span.link is None or span.end <= start or not 0 <= span.link < len(links):
            continue
        for i in range(max(span.start, start), span.end):
            covered[i - start] = True
        link = links[span.link]
        title = link.title or block.text[span.start : span.end].strip()
        if not found or found[-1].url != link.url:
            found.append(Link(link.url, title))
    if not found:
        return []
    text = block.text[start:]
    if any(not c and text[i] not in _SEPARATORS for i, c in enumerate(covered)):
        return []
    return [link for link in found if _is_article_url(link.url) and link.title]


def _label(block: Block) -> tuple[str, int] | None:
    """Which kind of label a block starts with ("see_also" or "related") and where it ends."""
    if block.kind not in _LINKABLE or len(block.text) > 200:
        return None
    order = (
        (("related", RELATED), ("see_also", SEE_ALSO))
        if block.kind is BlockKind.HEADING
        else (("see_also", SEE_ALSO), ("related", RELATED))
    )
    for name, labels in order:
        end = label_prefix(block.text, labels)
        if end is None:
            continue
        # The label itself must be plain text: a "Read more" link is not a label.
        if any(s.link is not None and s.start < max(1, end - 1) for s in block.spans):
            return None
        return name, end
    return None


def lift(blocks: list[Block], links: tuple[Link, ...] | list[Link]) -> Lifted:
    """Remove label-plus-links runs from blocks, keeping their links in order."""
    result = Lifted([])
    i = 0
    while i < len(blocks):
        block = blocks[i]
        label = _label(block)
        if label is None:
            result.blocks.append(block)
            i += 1
            continue
        name, end = label
        found = link_only(block, links, end) if end < len(block.text) else []
        if end < len(block.text) and not found:
            result.blocks.append(block)  # a sentence that starts like a label
            i += 1
            continue
        j = i + 1
        while j < len(blocks):
            more = link_only(blocks[j], links)
            if not more:
                break
            found.extend(more)
            j += 1
        if not found:
            result.blocks.append(block)
            i += 1
            continue
        target = result.see_also if name == "see_also" else result.related
        target.extend(found)
        i = j
    return result


def merge(
    *groups: list[Link] | tuple[Link, ...], exclude: set[str] | None = None
) -> tuple[Link, ...]:
    """Concatenate link lists once per URL, first title wins unless it is empty."""
    seen: dict[str, int] = {}
    out: list[Link] = []
    for group in groups:
        for link in group:
            if exclude and link.url.rstrip("/") in exclude:
                continue
            if link.url in seen:
                if not out[seen[link.url]].title and link.title:
                    out[seen[link.url]] = link
                continue
            seen[link.url] = len(out)
            out.append(link)
    return tuple(out)
