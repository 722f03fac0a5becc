"""Width-independent preparation of one paragraph: markers, looks, shaping and levels."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from rich.cells import cell_len

from tnews.content.document import Span, Style
from tnews.layout.bidi_levels import LEVEL_BASE, first_strong, resolve_levels
from tnews.layout.chars import BREAKING_SPACES, bidi_classes
from tnews.layout.rows import Role
from tnews.layout.shaping import ShapedWord, shaped_word_info, stripped_word_info

Look = tuple[Style, int | None, Role]

_OTHER_SPACES = re.compile(f"[{BREAKING_SPACES.replace(' ', '')}]")
_SPACE_RUN = re.compile(f"[{BREAKING_SPACES}]")
_SPACE_CLASS = bidi_classes(" ")
_DROPPED = re.compile(b"\x00")
ISOLATE_CLASSES = frozenset("ijqz")


class VisualParagraph(NamedTuple):
    """The whole paragraph in visual order, when every line needing no L1 is a slice of it."""

    usable: bool  # False when the paragraph has more than two levels or a separator
    text: str
    looks: str
    low: str  # the lower of the paragraph's levels, as a level character
    mirrored: bool  # the lower level is odd: line [a, b) is the slice [n - b, n - a)


@dataclass(slots=True)
class Paragraph:
    """A paragraph ready to be broken into lines at any width.

    `shaped` holds the characters that will be drawn, in logical order; every per-character
    string (`levels`, `classes`, `looks`) is aligned with it, one character each.
    """

    source: str  # logical text with link markers inserted
    base_level: int  # 0 left-to-right, 1 right-to-left
    shaped: str
    dropped: list[int]  # indexes in source of the characters that are not drawn, ascending
    levels: str  # chr(LEVEL_BASE + level) per shaped character ("" when not reordering)
    classes: str  # bidi class letter per shaped character ("" when not reordering)
    looks: str  # chr(index into look_table) per shaped character
    look_table: list[Look]
    words: list[ShapedWord]  # the tokens between breaking spaces
    gaps: list[tuple[str, int]]  # the breaking space after each word but the last, and its cells
    reorder: bool  # False in terminal/off modes: rows stay in logical order
    # The whole of `shaped` mirrored and reversed cluster by cluster, with its looks; made
    # on first need, so a right-to-left run of any line is a slice of it.
    reversed_text: tuple[str, str] | None = None
    # The paragraph's same-level runs as (level, start, end) and their starts, made on first
    # need; a line's runs are these runs cut to the line unless rule L1 changes its levels.
    level_runs: tuple[list[int], list[tuple[int, int, int]]] | None = None
    visual: VisualParagraph | None = None  # made on first need
    isolates: bool = False  # shaped holds isolate controls, to be removed from rendered lines

    @property
    def origin(self) -> list[int]:
        """The index in source of each shaped character."""
        if not self.dropped:
            return list(range(len(self.source)))
        gone = set(self.dropped)
        return [i for i in range(len(self.source)) if i not in gone]

    @property
    def rtl(self) -> bool:
        """Whether the paragraph reads right to left."""
        return self.base_level == 1


def link_marker(link: int) -> str:
    """The numbered marker shown after a link's text."""
    return f"[{link + 1}]"


def _with_markers(
    text: str, spans: tuple[Span, ...], markers: bool
) -> tuple[str, list[tuple[int, int, Style, int | None, bool]]]:
    """Insert link markers; return the new text and spans (start, end, style, link, is_marker)."""
    n = len(text)
    clean = [
        (max(0, s.start), min(n, s.end), s.style, s.link) for s in spans if min(n, s.end) > s.start
    ]
    inserts: list[tuple[int, int]] = []
    if markers:
        by_link: dict[int, list[tuple[int, int]]] = {}
        for start, end, _, link in clean:
            if link is not None and link >= 0:
                by_link.setdefault(link, []).append((start, end))
        for link, ranges in by_link.items():
            ranges.sort()
            cur_end = ranges[0][1]
            for start, end in ranges[1:]:
                if start > cur_end:
                    inserts.append((cur_end, link))
                    cur_end = end
                else:
                    cur_end = max(cur_end, end)
            inserts.append((cur_end, link))
        inserts.sort()
    if not inserts:
        return text, [(a, b, st, ln, False) for a, b, st, ln in clean]

    def moved(offset: int, is_end: bool) -> int:
        shift = 0
        for pos, link in inserts:
            if pos < offset or (pos == offset and not is_end):
                shift += len(link_marker(link))
        return offset + shift

    pieces: list[str] = []
    out: list[tuple[int, int, Style, int | None, bool]] = [
        (moved(a, False), moved(b, True), st, ln, False) for a, b, st, ln in clean
    ]
    last = 0
    for pos, link in inserts:
        pieces.append(text[last:pos])
        start = sum(map(len, pieces))
        pieces.append(link_marker(link))
        out.append((start, start + len(pieces[-1]), Style.NONE, link, True))
        last = pos
    pieces.append(text[last:])
    return "".join(pieces), out


def _look_string(
    length: int,
    spans: list[tuple[int, int, Style, int | None, bool]],
    style: Style,
    role: Role,
) -> tuple[str, list[Look]]:
    """One look index per source character, and the table of looks."""
    table: list[Look] = [(style, None, role)]
    if not spans:
        return "\0" * length, table
    cuts = sorted({0, length, *(a for a, *_ in spans), *(b for _, b, *_ in spans)})
    parts: list[str] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a >= b:
            continue
        st, link, rl = style, None, role
        for s_a, s_b, s_style, s_link, marker in spans:
            if s_a <= a and b <= s_b:
                if marker:
                    link, rl = s_link, Role.MARKER
                    continue
                st |= s_style
                if s_link is not None:
                    st |= Style.LINK
                    link = s_link
        look = (st, link, rl)
        if look not in table:
            table.append(look)
        parts.append(chr(table.index(look)) * (b - a))
    return "".join(parts), table


def prepare_paragraph(
    text: str,
    spans: tuple[Span, ...] = (),
    *,
    direction: str | None = None,
    fallback_level: int = 0,
    style: Style = Style.NONE,
    role: Role = Role.BODY,
    reorder: bool = True,
    link_markers: bool = True,
) -> Paragraph:
    """Prepare one paragraph (text holds no paragraph separator) for breaking at any width."""
    source, marked = _with_markers(text, spans, link_markers)
    if _OTHER_SPACES.search(source):
        raw_words = _SPACE_RUN.split(source)
        seps = _SPACE_RUN.findall(source)
    else:
        raw_words = source.split(" ")
        seps = []
    # Shaping never crosses a breaking space, so everything but the levels is per word.
    infos = list(map(shaped_word_info if reorder else stripped_word_info, raw_words))
    shaped_words, texts, word_classes, keeps = zip(*infos, strict=True)
    words = list(shaped_words)
    if seps:
        # A tab is drawn as one space; other breaking spaces keep their own look and width.
        shown = [" " if s == "\t" else s for s in seps]
        gaps = [(s, cell_len(s)) for s in shown]
        shaped = "".join(t + g for t, g in zip(texts, shown, strict=False)) + texts[-1]
        sep_classes = bidi_classes("".join(seps))
        classes_src = (
            "".join(c + g for c, g in zip(word_classes, sep_classes, strict=False))
            + word_classes[-1]
        )
    else:
        gaps = [(" ", 1)] * (len(words) - 1)
        shaped = " ".join(texts)
        classes_src = _SPACE_CLASS.join(word_classes)
    if direction in ("ltr", "rtl"):
        base = 1 if direction == "rtl" else 0
    else:
        found = first_strong(classes_src)
        base = fallback_level if found is None else found
    if len(shaped) == len(source):
        dropped: list[int] = []
    else:
        mask = b"\x01".join(keeps)
        dropped = [m.start() for m in _DROPPED.finditer(mask)]
    if reorder:
        levels = _without(resolve_levels(source, classes_src, base), dropped)
        classes = _without(classes_src, dropped)
    else:
        levels = classes = ""
    if marked:
        looks_src, table = _look_string(len(source), marked, style, role)
        looks = _without(looks_src, dropped)
    else:
        looks, table = "\0" * len(shaped), [(style, None, role)]
    return Paragraph(
        source=source,
        base_level=base,
        shaped=shaped,
        dropped=dropped,
        levels=levels,
        classes=classes,
        looks=looks,
        look_table=table,
        words=words,
        gaps=gaps,
        reorder=reorder,
        isolates=reorder and not ISOLATE_CLASSES.isdisjoint(classes_src),
    )


def _without(text: str, dropped: list[int]) -> str:
    """text with the characters at the dropped indexes taken out."""
    if not dropped:
        return text
    parts: list[str] = []
    last = 0
    for i in dropped:
        parts.append(text[last:i])
        last = i + 1
    parts.append(text[last:])
    return "".join(parts)


def level_of(par: Paragraph, index: int) -> int:
    """The resolved embedding level of shaped character index."""
    return ord(par.levels[index]) - LEVEL_BASE if par.levels else par.base_level
