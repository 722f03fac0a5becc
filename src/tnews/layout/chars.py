"""Character data for layout: bidi classes, mirroring, brackets, clusters and invisible marks."""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache

from bidi.mirror import MIRRORED

# One letter per UAX #9 class so a paragraph's classes are a plain string that regular
# expressions (running in C) can resolve; the letters are chosen to need no escaping.
CLASS_CODES: dict[str, str] = {
    "L": "L",
    "R": "R",
    "AL": "A",
    "EN": "E",
    "ES": "p",
    "ET": "t",
    "AN": "N",
    "CS": "c",
    "NSM": "M",
    "BN": "x",
    "B": "B",
    "S": "S",
    "WS": "W",
    "ON": "O",
    "LRE": "e",
    "RLE": "f",
    "LRO": "g",
    "RLO": "h",
    "PDF": "k",
    "LRI": "i",
    "RLI": "j",
    "FSI": "q",
    "PDI": "z",
}

# Classes removed by rule X9 (embeddings, overrides, PDF, boundary neutrals).
X9_REMOVED = frozenset("efghkx")
EXPLICIT = frozenset("efghkijqz")
ISOLATE_INITIATORS = frozenset("ijq")

# Ranges whose unassigned code points default to R or AL (DerivedBidiClass.txt header).
_DEFAULT_R = (
    (0x0590, 0x05FF),
    (0x07C0, 0x085F),
    (0xFB1D, 0xFB4F),
    (0x10800, 0x10CFF),
    (0x10D40, 0x10EBF),
    (0x10F00, 0x10F2F),
    (0x10F70, 0x10FFF),
    (0x1E800, 0x1EC6F),
    (0x1ECC0, 0x1ECFF),
    (0x1ED50, 0x1EDFF),
    (0x1EF00, 0x1EFFF),
)
_DEFAULT_AL = (
    (0x0600, 0x07BF),
    (0x0860, 0x08FF),
    (0xFB50, 0xFDCF),
    (0xFDF0, 0xFDFF),
    (0xFE70, 0xFEFF),
    (0x10D00, 0x10D3F),
    (0x10EC0, 0x10EFF),
    (0x10F30, 0x10F6F),
    (0x1EC70, 0x1ECBF),
    (0x1ED00, 0x1ED4F),
    (0x1EE00, 0x1EEFF),
)


def _default_class(cp: int) -> str:
    """The class of a code point the Unicode database leaves unassigned."""
    if any(a <= cp <= b for a, b in _DEFAULT_AL):
        return "A"
    if any(a <= cp <= b for a, b in _DEFAULT_R):
        return "R"
    if 0x20A0 <= cp <= 0x20CF:
        return "t"
    if 0xFDD0 <= cp <= 0xFDEF or (cp & 0xFFFE) == 0xFFFE or 0xE0000 <= cp <= 0xE0FFF:
        return "x"
    return "L"


def _class_of(cp: int) -> str:
    name = unicodedata.bidirectional(chr(cp))
    return CLASS_CODES[name] if name else _default_class(cp)


class _ClassTable(dict[int, str]):
    """Code point to class letter, filled on first sight so str.translate stays in C."""

    def __missing__(self, cp: int) -> str:
        code = _class_of(cp)
        self[cp] = code
        return code


_CLASS_TABLE = _ClassTable()


def bidi_classes(text: str) -> str:
    """The UAX #9 bidi class of every character of text, one letter each."""
    return text.translate(_CLASS_TABLE)


MIRROR_TABLE: dict[int, str] = {ord(k): v for k, v in MIRRORED.items()}

# Bidi_Paired_Bracket pairs of type open, from BidiBrackets.txt (Unicode 15).
_BRACKET_PAIRS = (
    "0028 0029,005B 005D,007B 007D,0F3A 0F3B,0F3C 0F3D,169B 169C,2045 2046,207D 207E,"
    "208D 208E,2308 2309,230A 230B,2329 232A,2768 2769,276A 276B,276C 276D,276E 276F,"
    "2770 2771,2772 2773,2774 2775,27C5 27C6,27E6 27E7,27E8 27E9,27EA 27EB,27EC 27ED,"
    "27EE 27EF,2983 2984,2985 2986,2987 2988,2989 298A,298B 298C,298D 2990,298F 298E,"
    "2991 2992,2993 2994,2995 2996,2997 2998,29D8 29D9,29DA 29DB,29FC 29FD,2E22 2E23,"
    "2E24 2E25,2E26 2E27,2E28 2E29,2E55 2E56,2E57 2E58,2E59 2E5A,2E5B 2E5C,3008 3009,"
    "300A 300B,300C 300D,300E 300F,3010 3011,3014 3015,3016 3017,3018 3019,301A 301B,"
    "FE59 FE5A,FE5B FE5C,FE5D FE5E,FF08 FF09,FF3B FF3D,FF5B FF5D,FF5F FF60,FF62 FF63"
)


def _bracket_tables() -> tuple[dict[str, str], dict[str, str]]:
    opening: dict[str, str] = {}
    closing: dict[str, str] = {}
    for pair in _BRACKET_PAIRS.split(","):
        o, c = (chr(int(h, 16)) for h in pair.split())
        # U+2329/232A are canonically equivalent to U+3008/3009 (BD16 compares them as equal).
        key = {"\u2329": "\u3008", "\u232a": "\u3009"}.get(o, o)
        opening[o] = key
        closing[c] = {"\u2329": "\u3008", "\u232a": "\u3009"}.get(o, o)
    return opening, closing


# Each bracket mapped to a canonical opening bracket, so pairs match by equality.
OPENING_BRACKETS, CLOSING_BRACKETS = _bracket_tables()
BRACKET_CHARS = frozenset(OPENING_BRACKETS) | frozenset(CLOSING_BRACKETS)
BRACKET_RE = re.compile("[" + "".join(re.escape(c) for c in sorted(BRACKET_CHARS)) + "]")

# Characters that never reach the screen in app mode: explicit bidi controls, implicit marks,
# joiners (they have done their work once the text is shaped) and other default-ignorables.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Isolate initiators and PDI have levels of their own (X9 keeps them), so they take part in
# reordering like any character and are removed only from the reordered row: a browser would
# show the runs on either side of an isolate in the same order.
ISOLATE_CONTROLS = "\u2066\u2067\u2068\u2069"
BIDI_MARKS = frozenset("\u200e\u200f\u061c")
JOINERS = frozenset("\u200c\u200d")
PARAGRAPH_SEPARATORS = "\n\r\x1c\x1d\x1e\x85\u2028\u2029"

# Spaces where a line may break (U+00A0 and U+202F are deliberately absent: they do not break).
BREAKING_SPACES = (
    " \t\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f\u3000"
)


_VISIBLE_FORMAT = frozenset("\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u08e2")


def is_invisible(ch: str) -> bool:
    """Whether ch is dropped from app-mode output (format or control character)."""
    if ch in BIDI_CONTROLS or ch in BIDI_MARKS or ch in JOINERS:
        return True
    cat = unicodedata.category(ch)
    # Prepended concatenation marks (Arabic number signs and the like) are Cf but visible.
    return cat == "Cc" or (cat == "Cf" and ch not in _VISIBLE_FORMAT)


class _VisibleTable(dict[int, str | None]):
    """Code point to itself, or to None when invisible; filled on first sight."""

    def __missing__(self, cp: int) -> str | None:
        ch = chr(cp)
        shown = None if is_invisible(ch) else ch
        # Only the BMP is remembered, so hostile text cannot grow the table without bound.
        if cp < 0x10000:
            self[cp] = shown
        return shown


_VISIBLE_TABLE = _VisibleTable()


def has_invisible(text: str) -> bool:
    """Whether any character of text is invisible (one C pass instead of one call each)."""
    return len(text.translate(_VISIBLE_TABLE)) != len(text)


@cache
def extender_pattern() -> str:
    """A regex matching one character that extends a cluster (marks: Mn, Me, Mc)."""
    ranges: list[tuple[int, int]] = []
    limit = min(sys.maxunicode, 0x20000)
    for cp in [*range(limit), *range(0xE0100, 0xE01F0)]:
        if unicodedata.category(chr(cp)) in ("Mn", "Me", "Mc"):
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))

    def char_class(part: list[tuple[int, int]]) -> str:
        body = "".join(f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}" for a, b in part)
        return f"[{body}]"

    # A class holding only BMP characters compiles to a constant-time table, while one that
    # also holds astral characters is scanned range by range for every character tested;
    # the astral marks are therefore only tried after a cheap astral-range check.
    bmp = char_class([(a, min(b, 0xFFFF)) for a, b in ranges if a < 0x10000])
    astral = char_class([(max(a, 0x10000), b) for a, b in ranges if b >= 0x10000])
    return f"(?:{bmp}|(?=[\\U00010000-\\U0010ffff]){astral})"


@cache
def mark_re() -> re.Pattern[str]:
    """Any character that extends a cluster."""
    return re.compile(extender_pattern())


@cache
def cluster_re() -> re.Pattern[str]:
    """A base character with the marks that follow it; marks never part from their base."""
    return re.compile(f".{extender_pattern()}*", re.DOTALL)


def clusters(text: str) -> list[str]:
    """text cut into clusters (a base character and its combining marks)."""
    return cluster_re().findall(text)


def reverse_clusters(text: str) -> str:
    """text reversed cluster by cluster, so marks still follow their base."""
    if not mark_re().search(text):
        return text[::-1]
    parts = cluster_re().findall(text)
    parts.reverse()
    return "".join(parts)
