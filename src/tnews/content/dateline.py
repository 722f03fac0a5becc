"""Datelines («طرابلس- وكالة الأنباء», "CAIRO (Reuters) -", «(أبوظبي - البيان)») taken off a
first paragraph whole: the dateline goes to the header, its dashes and colon go with it."""

from __future__ import annotations

import re

from tnews.content.document import Block, BlockKind
from tnews.text.clean import clean_line

_D = "\\-–—"  # the dashes a dateline ends with, ready for a character class
# A dash between a place and a publisher; Arabic sites also set a tatweel between spaces,
# or a slash («بغداد/ المسلة:»).
_DASH = rf"(?:[{_D}]+|(?<=\s)ـ(?=\s)|/(?=\s))"
# What ends a dateline: dashes ("--" included) or a colon, with the spaces around them.
_END = rf"\s*(?:[{_D}]+|(?<=\s)ـ(?=\s)|:)\s*"
_AGENCY = (
    r"(?:وكالة|وكالات|رويترز|أ\s?ف\s?ب|فرانس برس|الأناضول|د\s?ب\s?أ|واس|وام|قنا|كونا|بترا|سانا|"
    r"\breuters\b|\bap\b|\bafp\b|\bagencies\b|news agency|\bxinhua\b|شينخوا)"
)
_CITY = rf"[^\W\d][^()\n.!?؟,«»:/{_D}]{{0,30}}?"
# A publisher named after a place's dash: a few words, perhaps in guillemets or quotes.
_PUBLISHER = r"[«\"“]?[^\W\d][^()\n.!?؟,«»\"“”:]{0,40}?[»\"”]?"
# «طرابلس- وكالة الأنباء الليبية» on its own line: a place, a dash, a publisher.
_STANDALONE = re.compile(rf"^\s*(?P<d>{_CITY}\s*[{_D}]\s*[^\n.!?؟]{{2,60}}?)\s*[{_D}]?\s*$")
_PREFIX = re.compile(
    r"^\s*(?P<d>"
    # «القاهرة (رويترز) -», "CAIRO, Jan 5 (Reuters) -", "WASHINGTON (CNN) --"
    rf"{_CITY}(?:,[^()\n]{{1,30}})?\s*\([^()\n]{{1,40}}\)"
    # «طرابلس - وكالة الأنباء الليبية -», «الرياض – واس:»
    rf"|{_CITY}\s*{_DASH}\s*{_AGENCY}[^\n.!?؟{_D}:]{{0,40}}?"
    rf"){_END}"
    # «أبوظبي - البيان:», «بيروت ـ «القدس العربي»:»: any publisher, when a colon closes it
    rf"|^\s*(?P<labelled>{_CITY}\s*{_DASH}\s*{_PUBLISHER})\s*:\s*",
    re.I,
)
# A dateline in brackets before the text: «(أبوظبي - البيان)», "(CNN) --", "(AP) —".
_BRACKETED = re.compile(rf"^\s*[«\"“]?\((?P<d>[^()\n]{{2,40}})\)[»\"”]?(?P<end>{_END}|\s*)", re.I)
_AGENCY_RE = re.compile(_AGENCY, re.I)
_LATIN_CALL_SIGN = re.compile(r"^[A-Z]{2,8}$")  # CNN, AP, BBC, WAFA
_PLACE_AND_PUBLISHER = re.compile(rf"^{_CITY}\s*{_DASH}\s*{_PUBLISHER}$")
# Words a sentence has and a "place - publisher" label has not: "The minister - who spoke:",
# «وقال الوزير - في تصريح:» are sentences.
_SENTENCE_WORDS = frozenset(
    (
        *("the", "a", "an", "of", "in", "on", "at", "to", "for", "with", "who", "which"),
        *("that", "said", "says", "told"),
        *("في", "من", "على", "إلى", "الى", "عن", "أن", "ان", "إن", "قال", "قالت", "وقال"),
        *("وقالت", "أكد", "وأكد", "ذكر", "وذكر", "أضاف", "وأضاف", "خلال", "بعد"),
    )
)


def _is_label(dateline: str) -> bool:
    """Whether "place - publisher" reads as a label: a few words, no sentence words, Latin
    words capitalised."""
    words = re.findall(r"\w+", dateline)
    return (
        0 < len(words) <= 6
        and not any(w.casefold() in _SENTENCE_WORDS for w in words)
        and all(not w.isascii() or w[0].isupper() or w.isdigit() for w in words)
    )


def _bracketed(text: str) -> re.Match[str] | None:
    """A bracketed dateline at the start of text: one that names a place and a publisher, an
    agency, or a call sign; a bracketed aside ("(Updated)", "(1)") is not one."""
    match = _BRACKETED.match(text)
    if match is None:
        return None
    inside = match.group("d").strip()
    if (
        (_PLACE_AND_PUBLISHER.match(inside) and _is_label(inside))
        or _LATIN_CALL_SIGN.match(inside)
        or (_AGENCY_RE.search(inside) and len(inside.split()) <= 4)
    ):
        return match
    return None


def _cut(block: Block, cut: int) -> Block:
    spans = tuple(
        type(s)(s.start - cut, s.end - cut, s.style, s.link)
        for s in block.spans
        if s.end > cut and s.start >= cut
    )
    text = block.text[cut:]
    return Block(block.kind, text, spans, block.direction, block.level, block.ordinal)


def split_dateline(blocks: list[Block]) -> tuple[list[Block], str]:
    """Take a dateline off the first paragraph: (blocks without it, the dateline)."""
    for i, block in enumerate(blocks[:3]):
        if block.kind is not BlockKind.PARAGRAPH:
            continue
        text = block.text
        standalone = _STANDALONE.match(text) if len(text.split()) <= 8 else None
        if standalone and not block.spans and _AGENCY_RE.search(text):
            return blocks[:i] + blocks[i + 1 :], clean_line(standalone.group("d"))
        bracketed = _bracketed(text)
        if bracketed and len(text) > bracketed.end() + 20:
            rest = _cut(block, bracketed.end())
            return [*blocks[:i], rest, *blocks[i + 1 :]], clean_line(bracketed.group("d"))
        prefix = _PREFIX.match(text)
        labelled = prefix.group("labelled") if prefix else None
        if prefix and len(text) > prefix.end() + 20 and (not labelled or _is_label(labelled)):
            dateline = prefix.group("d") or labelled or ""
            rest = _cut(block, prefix.end())
            return [*blocks[:i], rest, *blocks[i + 1 :]], clean_line(dateline)
        return blocks, ""  # only the first paragraph may carry a dateline
    return blocks, ""
