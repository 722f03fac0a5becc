"""Datelines («طرابلس- وكالة الأنباء», "CAIRO (Reuters) -") taken off a first paragraph."""

from __future__ import annotations

import re

from tnews.content.document import Block, BlockKind
from tnews.text.clean import clean_line

_D = "\\-–—"  # the dashes a dateline ends with, ready for a character class
_AGENCY = (
    r"(?:وكالة|وكالات|رويترز|أ\s?ف\s?ب|فرانس برس|الأناضول|د\s?ب\s?أ|واس|وام|قنا|كونا|بترا|سانا|"
    r"\breuters\b|\bap\b|\bafp\b|\bagencies\b|news agency|\bxinhua\b|شينخوا)"
)
_CITY = rf"[^\W\d][^()\n.!?؟,{_D}]{{0,30}}?"
# «طرابلس- وكالة الأنباء الليبية» on its own line: a place, a dash, a publisher.
_STANDALONE = re.compile(rf"^\s*(?P<d>{_CITY}\s*[{_D}]\s*[^\n.!?؟]{{2,60}}?)\s*[{_D}]?\s*$")
# «القاهرة (رويترز) -», "CAIRO, Jan 5 (Reuters) -", «طرابلس - وكالة الأنباء الليبية -».
_PREFIX = re.compile(
    rf"^\s*(?P<d>{_CITY}(?:,[^()\n]{{1,30}})?\s*\([^()\n]{{1,40}}\)"
    rf"|{_CITY}\s*[{_D}]\s*{_AGENCY}[^\n.!?؟{_D}]{{0,40}}?)\s*[{_D}:]\s*",
    re.I,
)
_AGENCY_RE = re.compile(_AGENCY, re.I)


def split_dateline(blocks: list[Block]) -> tuple[list[Block], str]:
    """Take a dateline off the first paragraph: (blocks without it, the dateline)."""
    for i, block in enumerate(blocks[:3]):
        if block.kind is not BlockKind.PARAGRAPH:
            continue
        text = block.text
        standalone = _STANDALONE.match(text) if len(text.split()) <= 8 else None
        if standalone and not block.spans and _AGENCY_RE.search(text):
            return blocks[:i] + blocks[i + 1 :], clean_line(standalone.group("d"))
        prefix = _PREFIX.match(text)
        if prefix and len(text) > prefix.end() + 20:
            cut = prefix.end()
            spans = tuple(
                type(s)(s.start - cut, s.end - cut, s.style, s.link)
                for s in block.spans
                if s.end > cut and s.start >= cut
            )
            rest = Block(block.kind, text[cut:], spans, block.direction, block.level, block.ordinal)
            return [*blocks[:i], rest, *blocks[i + 1 :]], clean_line(prefix.group("d"))
        return blocks, ""  # only the first paragraph may carry a dateline
    return blocks, ""
