"""Clean untrusted text once, on the way in, so nothing a stranger wrote can act on a terminal."""

from __future__ import annotations

import re

# A whole escape sequence goes, not just its ESC: leaving "[2J" or "]52;c;..." behind
# would still print junk, and a later ESC-less renderer could be fooled by the remainder.
# A string sequence (OSC, DCS, ...) ends at its terminator or at the first control character:
# one whose terminator is missing, or was mangled (feedparser maps an 8-bit ST to "œ"), must
# not swallow the legitimate text after it, across newlines and other sequences.
_ESCAPE_SEQUENCE = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]?            # CSI ... final byte
  | \x9b[0-?]*[ -/]*[@-~]?              # 8-bit CSI
  | \x1b[\]PX^_][^\x00-\x1f\x7f-\x9f]*(?:\x07|\x1b\\|\x9c)?  # OSC, DCS, SOS, PM, APC
  | [\x90\x98\x9d\x9e\x9f][^\x00-\x1f\x7f-\x9f]*(?:\x07|\x1b\\|\x9c)?  # 8-bit introducers
  | \x1b[ -/]*[0-~]?                    # any other two- or three-byte escape
    """,
    re.VERBOSE | re.DOTALL,
)

# C0 (minus tab and newline), DEL and C1; plus the Unicode line and paragraph separators,
# which some terminals treat as a newline.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")

# Explicit embeddings, overrides and isolates. Text printed without the layout engine must
# not carry them: they could reorder the rest of the row (a title ending in RLO flipping the
# date column). Marks that only give a direction to neutral characters (LRM, RLM, ALM) and
# joiners (ZWJ, ZWNJ) are kept.
BIDI_FORMATTING = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI_FORMATTING_RE = re.compile(f"[{BIDI_FORMATTING}]")

_SPACES = re.compile(r"\s+")


def strip_escapes(text: str) -> str:
    """Remove terminal escape sequences and control characters, keeping tabs and newlines."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPE_SEQUENCE.sub("", text)
    return _CONTROL.sub("", text)


def clean_line(text: str | None, limit: int = 2000, *, keep_bidi: bool = False) -> str:
    """Clean a single-line field (title, author, category, URL, error): one line, no controls.

    With keep_bidi, the author's embeddings, overrides and isolates stay (titles, names):
    every field is laid out as a paragraph of its own, so they act within it and are never
    drawn. URLs, errors and keys never keep them.
    """
    if not text:
        return ""
    text = strip_escapes(text)
    if not keep_bidi:
        text = _BIDI_FORMATTING_RE.sub("", text)
    text = _SPACES.sub(" ", text).strip()
    return text[:limit]


def strip_bidi(text: str) -> str:
    """text without explicit embeddings, overrides and isolates: for matching, and for
    printing a field as it is, outside the layout engine."""
    return _BIDI_FORMATTING_RE.sub("", text) if text else ""


def clean_block(text: str | None) -> str:
    """Clean multi-line text (a paragraph, preformatted text): no controls, newlines kept."""
    if not text:
        return ""
    return strip_escapes(text).replace("\t", "    ")
