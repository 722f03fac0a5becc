"""Documents to and from JSON, for the store. Compact keys: bodies are stored by the thousand."""

from __future__ import annotations

import json
from typing import Any

from tnews.content.document import Block, BlockKind, Document, Link, Span, Style


def document_to_json(doc: Document) -> str:
    """Serialise a document."""
    blocks: list[dict[str, Any]] = []
    for b in doc.blocks:
        item: dict[str, Any] = {"k": b.kind.value, "t": b.text}
        if b.spans:
            item["s"] = [[s.start, s.end, int(s.style), s.link] for s in b.spans]
        if b.direction:
            item["d"] = b.direction
        if b.fallback:
            item["f"] = b.fallback
        if b.level:
            item["l"] = b.level
        if b.ordinal:
            item["o"] = b.ordinal
        blocks.append(item)
    links = [[link.url, link.title] for link in doc.links]
    return json.dumps({"b": blocks, "a": links}, ensure_ascii=False, separators=(",", ":"))


def document_from_json(data: str) -> Document:
    """Read a serialised document; anything malformed gives an empty document, never an error."""
    try:
        raw = json.loads(data)
        links = tuple(Link(str(u), str(t)) for u, t in raw.get("a", []))
        blocks = []
        for item in raw.get("b", []):
            spans = tuple(
                Span(int(s), int(e), Style(int(st)), None if lk is None else int(lk))
                for s, e, st, lk in item.get("s", [])
            )
            direction, fallback = item.get("d"), item.get("f")
            blocks.append(
                Block(
                    kind=BlockKind(item["k"]),
                    text=str(item.get("t", "")),
                    spans=spans,
                    direction=direction if direction in ("ltr", "rtl") else None,
                    level=int(item.get("l", 0)),
                    ordinal=str(item.get("o", "")),
                    fallback=fallback if fallback in ("ltr", "rtl") else None,
                )
            )
        return Document(tuple(blocks), links)
    except (ValueError, TypeError, KeyError, AttributeError):
        return Document()


def links_to_json(links: tuple[Link, ...] | list[Link]) -> str:
    """Serialise a list of links."""
    return json.dumps([[link.url, link.title] for link in links], ensure_ascii=False)


def links_from_json(data: str | None) -> tuple[Link, ...]:
    """Read a serialised list of links; malformed data gives no links."""
    if not data:
        return ()
    try:
        return tuple(Link(str(u), str(t)) for u, t in json.loads(data))
    except (ValueError, TypeError):
        return ()
