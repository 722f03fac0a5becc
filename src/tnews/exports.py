"""Bookmarks out to files: Markdown, HTML and JSON, in logical order (never terminal rows)."""

from __future__ import annotations

import html
import json
import re
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tnews.content.document import BlockKind
from tnews.content.serial import document_from_json
from tnews.sniff import describe
from tnews.text.clean import BIDI_FORMATTING, strip_bidi

FORMATS = ("md", "html", "json")
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|' + BIDI_FORMATTING + r"\u200e\u200f\u061c]+")


def safe_filename(title: str, fallback: str, suffix: str) -> str:
    """A file name made from a title: readable (Arabic stays Arabic), no separators or
    traversal, no hidden files, no bidi tricks, of a sane length."""
    name = unicodedata.normalize("NFC", title)
    name = _UNSAFE.sub(" ", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    name = name[:80].strip(" .") or fallback
    return f"{name}.{suffix}"


def _date(epoch: object) -> str:
    if not isinstance(epoch, int | float):
        return ""
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d")


def _blocks(item: dict[str, Any]) -> list[tuple[BlockKind, str, str]]:
    doc = document_from_json(json.dumps(item.get("document") or {}))
    return [(b.kind, b.text, b.ordinal) for b in doc.blocks]


def _meta(item: dict[str, Any]) -> str:
    """Source, date and sections, as the reader's header shows them."""
    return " · ".join(_meta_parts(item))


def _meta_parts(item: dict[str, Any]) -> list[str]:
    """The fields of the meta line: source, date, sections."""
    when = _date(item.get("published"))
    if when and item.get("first_seen"):
        when = f"first seen {when}"
    categories = item.get("categories")
    sections = ", ".join(str(c) for c in categories[:2]) if isinstance(categories, list) else ""
    return [str(p) for p in (item.get("feed", ""), when, sections) if p]


def _header_lines(item: dict[str, Any]) -> list[str]:
    """The header lines under the meta line: author, dateline, the lead image's caption."""
    return [str(item[key]) for key in ("author", "dateline", "lead_caption") if item.get(key)]


def _links(item: dict[str, Any], key: str) -> list[tuple[str, str]]:
    """An item's see-also or related links as (url, title), web links only."""
    found = item.get(key)
    pairs = (
        [p for p in found if isinstance(p, list) and len(p) == 2] if isinstance(found, list) else []
    )
    return [
        (str(url), str(title or url))
        for url, title in pairs
        if str(url).startswith(("http://", "https://"))
    ]


_LINK_GROUPS = (("see_also", "See also"), ("related", "Related"))


def _md_text(text: str) -> str:
    """Text that Markdown shows as it is: no emphasis, links or headings made of it."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


def to_markdown(items: list[dict[str, Any]]) -> str:
    """Bookmarks as one Markdown document."""
    parts: list[str] = []
    for item in items:
        meta = _meta(item)
        parts.append(f"# {item.get('title', '')}\n")
        if meta:
            parts.append(f"*{meta}*  \n<{item.get('url', '')}>\n")
        parts += [f"*{_md_text(line)}*\n" for line in _header_lines(item)]
        for kind, text, ordinal in _blocks(item):
            if kind is BlockKind.HEADING:
                parts.append(f"## {text}\n")
            elif kind is BlockKind.LIST_ITEM:
                parts.append(f"{ordinal or '-'} {text}\n")
            elif kind is BlockKind.QUOTE:
                parts.append("> " + text.replace("\n", "\n> ") + "\n")
            elif kind is BlockKind.PRE:
                parts.append(f"```\n{text}\n```\n")
            elif kind is BlockKind.RULE:
                parts.append("---\n")
            elif text:
                parts.append(text + "\n")
        for key, heading in _LINK_GROUPS:
            links = _links(item, key)
            if links:
                parts.append(f"## {heading}\n")
                parts.append("".join(f"- [{_md_text(t)}](<{u}>)\n" for u, t in links))
        parts.append("")
    # Markdown is read as plain text, in a terminal too: the author's bidi controls go.
    return strip_bidi("\n".join(parts))


def to_html(items: list[dict[str, Any]]) -> str:
    """Bookmarks as one HTML page; every block marks its own direction for the browser."""
    e = html.escape
    body: list[str] = []
    for item in items:
        body.append('<article dir="auto">')
        body.append(f'<h1 dir="auto">{e(item.get("title", ""))}</h1>')
        # Each field of the line is isolated, so the author's marks in one stay in it.
        meta = " · ".join(f"<bdi>{e(p)}</bdi>" for p in _meta_parts(item))
        url = str(item.get("url", ""))
        web = url.startswith(("http://", "https://"))
        link = f' · <a href="{e(url)}">{e(url)}</a>' if web else ""
        body.append(f'<p class="meta" dir="auto">{meta}{link}</p>')
        body += [f'<p class="byline" dir="auto">{e(line)}</p>' for line in _header_lines(item)]
        for kind, text, _ in _blocks(item):
            tag = {
                BlockKind.HEADING: "h2",
                BlockKind.QUOTE: "blockquote",
                BlockKind.PRE: "pre",
                BlockKind.LIST_ITEM: "li",
            }.get(kind, "p")
            if kind is BlockKind.RULE:
                body.append("<hr>")
            elif text:
                body.append(f'<{tag} dir="auto">{e(text)}</{tag}>')
        for key, heading in _LINK_GROUPS:
            links = _links(item, key)
            if links:
                body.append(f"<h2>{heading}</h2><ul>")
                body += [f'<li dir="auto"><a href="{e(u)}">{e(t)}</a></li>' for u, t in links]
                body.append("</ul>")
        body.append("</article>")
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>tnews bookmarks</title>'
        "</head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


def to_json(items: list[dict[str, Any]]) -> str:
    """Bookmarks as JSON that `tnews bookmarks import` reads back with nothing lost."""
    return json.dumps({"tnews_bookmarks": 1, "items": items}, ensure_ascii=False, indent=1)


def render(items: list[dict[str, Any]], fmt: str) -> str:
    """Bookmarks in one of FORMATS."""
    return {"md": to_markdown, "html": to_html, "json": to_json}[fmt](items)


def read_json_export(path: Path) -> list[dict[str, Any]]:
    """The items of a JSON export; ValueError with a clear message otherwise."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ValueError(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ValueError(
            f"{path} is not a tnews bookmarks export (a JSON file from "
            f"`tnews bookmarks export --format json`): it looks like {describe(raw)}"
        ) from exc
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise ValueError(
            f"{path} is JSON but not a tnews bookmarks export "
            "(from `tnews bookmarks export --format json`)"
        )
    return [item for item in data["items"] if isinstance(item, dict)]
