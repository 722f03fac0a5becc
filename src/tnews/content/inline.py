"""Inline text runs to finished blocks: whitespace, line breaks, paragraph splits and spans."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from tnews.content.document import Block, BlockKind, Direction, Link, Span, Style
from tnews.text.clean import BIDI_FORMATTING, clean_block

# The author's explicit embeddings, overrides and isolates stay in body text: a phone
# number in LRI...PDI reads in its own order only because of them. The layout engine applies
# them within their paragraph (unmatched ones end with it) and never draws them.
_INVISIBLE = re.compile("[\u200b\ufeff\u00ad]")
_SPACE_RUN = re.compile(r"\s+")
_VISIBLE = re.compile(f"[^\\s{BIDI_FORMATTING}]")
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")

LINE_BREAK = "\n"


# Every character clean_block or _INVISIBLE would change: C0 but newline, DEL, C1 (escape
# sequences start with one), the line separators, ZWSP, BOM and soft hyphen.
_NEEDS_CLEANING = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u200b\ufeff\u00ad]")


def clean_run(text: str) -> str:
    """Clean one piece of untrusted text the way every block's text is cleaned."""
    # Nearly every text node is clean already: one scan instead of five passes.
    if _NEEDS_CLEANING.search(text) is None:
        return text
    return _INVISIBLE.sub("", clean_block(text))


def declared_dir(attribute: str | None) -> str:
    """A dir attribute's value: "ltr", "rtl", "auto", or "" when it has none that counts."""
    value = (attribute or "").strip().lower()
    return value if value in ("ltr", "rtl", "auto") else ""


# What an inline element's dir does to its text, as HTML's rendering rules say: dir (and
# <bdi>) isolate it; <bdo> isolates and overrides it. Opening marks, then closing marks.
_ISOLATE = {"ltr": "\u2066", "rtl": "\u2067", "auto": "\u2068"}
_OVERRIDE = {"ltr": "\u202d", "rtl": "\u202e"}
PDF, PDI = "\u202c", "\u2069"


def inline_marks(tag: str, dir_value: str) -> tuple[str, str]:
    """The bidi controls an inline element puts around its text (none for most)."""
    if tag == "bdo" and dir_value in _OVERRIDE:
        return _ISOLATE[dir_value] + _OVERRIDE[dir_value], PDF + PDI
    if dir_value:
        return _ISOLATE[dir_value], PDI
    if tag == "bdi":
        return _ISOLATE["auto"], PDI
    return "", ""


@dataclass(slots=True)
class Run:
    """A piece of inline text with its style; a bare line break when ``brk`` is set."""

    text: str
    style: Style = Style.NONE
    link: int | None = None
    brk: bool = False


def _paragraphs(runs: list[Run], split: bool) -> list[list[Run]]:
    """Split runs at paragraph breaks: two or more <br> in a row, or a blank line in text."""
    paras: list[list[Run]] = [[]]
    pending_breaks = 0
    for run in runs:
        if run.brk:
            pending_breaks += 1
            continue
        if pending_breaks and run.text.strip():
            if split and pending_breaks >= 2:
                paras.append([])
            else:
                paras[-1].extend(Run("", brk=True) for _ in range(pending_breaks))
            pending_breaks = 0
        if split and "\n" in run.text:
            pieces = _BLANK_LINE.split(run.text)
            for i, piece in enumerate(pieces):
                if i:
                    paras.append([])
                paras[-1].append(Run(piece, run.style, run.link))
        else:
            paras[-1].append(run)
    return [p for p in paras if p]


def _spans(marks: list[tuple[int, int, Style, int | None]], length: int) -> tuple[Span, ...]:
    """Merge touching marks of the same style and link; clip to the text."""
    out: list[Span] = []
    for start, end, style, link in marks:
        end = min(end, length)
        if start >= end or (style == Style.NONE and link is None):
            continue
        if out and out[-1].end == start and out[-1].style == style and out[-1].link == link:
            out[-1] = Span(out[-1].start, end, style, link)
        else:
            out.append(Span(start, end, style, link))
    return tuple(out)


def _collapse(runs: list[Run]) -> tuple[str, tuple[Span, ...]]:
    """Join runs with HTML whitespace rules; single <br> become newlines."""
    parts: list[str] = []
    marks: list[tuple[int, int, Style, int | None]] = []
    length = 0
    at_gap = True  # start of text, or just after a space or newline
    for run in runs:
        if run.brk:
            if length == 0:
                continue
            while parts and parts[-1].endswith(" "):
                parts[-1] = parts[-1][:-1]
                length -= 1
            if parts and parts[-1].endswith("\n"):
                continue
            parts.append("\n")
            length += 1
            at_gap = True
            continue
        text = run.text
        # Only a space may be printable whitespace: printable text without a double space
        # has nothing to collapse, and the check is several times cheaper than the regex.
        if not text.isprintable() or "  " in text:
            text = _SPACE_RUN.sub(" ", text)
        if at_gap:
            text = text.lstrip(" ")
        if not text:
            continue
        parts.append(text)
        marks.append((length, length + len(text), run.style, run.link))
        length += len(text)
        # An isolate's or embedding's own mark is no text: a space after it still collapses.
        at_gap = text.endswith(" ") or (at_gap and not _has_text(text))
    joined = "".join(parts).rstrip()
    return joined, _spans(marks, len(joined))


def _raw(runs: list[Run]) -> tuple[str, tuple[Span, ...]]:
    """Join runs keeping whitespace, for preformatted text."""
    parts: list[str] = []
    marks: list[tuple[int, int, Style, int | None]] = []
    length = 0
    for run in runs:
        text = "\n" if run.brk else run.text
        if not parts:
            text = text.lstrip("\n")
        parts.append(text)
        marks.append((length, length + len(text), run.style, run.link))
        length += len(text)
    joined = "".join(parts).rstrip()
    return joined, _spans(marks, len(joined))


def _has_text(text: str) -> bool:
    """Whether text holds more than whitespace and bidi controls."""
    return _VISIBLE.search(text) is not None


def finish(
    runs: list[Run],
    kind: BlockKind,
    direction: Direction | None,
    level: int = 0,
    ordinal: str = "",
    fallback: Direction | None = None,
) -> list[Block]:
    """Turn pending runs into blocks (several when a paragraph holds paragraph breaks)."""
    if kind is BlockKind.PRE:
        text, spans = _raw(runs)
        pre = Block(kind, text, spans, direction, fallback=fallback)
        return [pre] if _has_text(text) else []
    split = kind in (BlockKind.PARAGRAPH, BlockKind.QUOTE, BlockKind.LIST_ITEM)
    blocks: list[Block] = []
    for para in _paragraphs(runs, split):
        text, spans = _collapse(para)
        if _has_text(text):
            blocks.append(Block(kind, text, spans, direction, level, ordinal, fallback))
            ordinal = ""  # only the first block of a list item carries its marker
    return blocks


def compact_links(blocks: list[Block], links: list[Link]) -> tuple[list[Block], tuple[Link, ...]]:
    """Keep only the links that blocks point at, one entry per URL, numbered in reading order."""
    order: dict[str, int] = {}
    kept: list[Link] = []
    remap: dict[int, int] = {}
    for block in blocks:
        for span in block.spans:
            if span.link is None or span.link in remap or not 0 <= span.link < len(links):
                continue
            link = links[span.link]
            if link.url not in order:
                order[link.url] = len(kept)
                kept.append(link)
            remap[span.link] = order[link.url]
    out: list[Block] = []
    for block in blocks:
        if any(s.link is not None for s in block.spans):
            spans = tuple(
                Span(s.start, s.end, s.style, remap.get(s.link) if s.link is not None else None)
                for s in block.spans
            )
            block = replace(block, spans=spans)
        out.append(block)
    return out, tuple(kept)
